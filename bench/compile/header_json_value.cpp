// Header cost: Boost.JSON's DOM alone, the floor of any header that returns a boost::json::value.
#include <boost/json/value.hpp>
