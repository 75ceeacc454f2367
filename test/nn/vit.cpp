#include <glasses/models.hpp>
#include <boost/test/unit_test.hpp>
BOOST_AUTO_TEST_SUITE(vit)
BOOST_AUTO_TEST_CASE(placeholder_vit) { BOOST_TEST(true); }
BOOST_AUTO_TEST_SUITE_END()
