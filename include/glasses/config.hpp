// glasses: configs as code. The torch-free core: include this to describe, print,
// compare, serialize and load configs. It never includes a LibTorch header. Each feature
// has its own header under glasses/config/ for units that want less: <glasses/config/base.hpp>
// is all of this but Boost.JSON's DOM (to_json, json_schema, diff, compare), at a fraction
// of the compile time. `std::cout << cfg` is opt-in with glasses/config/iostream.hpp.
#ifndef GLASSES_CONFIG_HPP
#define GLASSES_CONFIG_HPP

#include <glasses/config/base.hpp>
#include <glasses/config/compare.hpp>
#include <glasses/config/diff.hpp>
#include <glasses/config/json_value.hpp>
#include <glasses/config/schema.hpp>

#endif
