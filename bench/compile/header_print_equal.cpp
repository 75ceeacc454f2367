// Header cost: only what printing and equality need, with one described config.
#include <glasses/config/equal.hpp>
#include <glasses/config/print.hpp>

#include <boost/describe/class.hpp>

#include <string>

#include "one_config.hpp"
