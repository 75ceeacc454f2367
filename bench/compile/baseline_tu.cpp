// Compile-time baseline: the same 10 configs with only Boost.JSON and Boost.Describe.
#include <boost/describe.hpp>
#include <boost/json.hpp>

#include "ten_configs.hpp"

int main() { return 0; }
