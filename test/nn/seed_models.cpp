#include <glasses/models.hpp>
#include <boost/test/unit_test.hpp>
BOOST_AUTO_TEST_SUITE(seed_models)
BOOST_AUTO_TEST_CASE(placeholder_seed_models) { BOOST_TEST(true); }
BOOST_AUTO_TEST_SUITE_END()
