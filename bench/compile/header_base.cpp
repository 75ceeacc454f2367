// Header cost: <glasses/config/base.hpp>, everything but the DOM, with one described config.
#include <glasses/config/base.hpp>

#include "one_config.hpp"
