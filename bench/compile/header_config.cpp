// Header cost: <glasses/config.hpp>, everything, with one described config.
#include <glasses/config.hpp>

#include "one_config.hpp"
