#include <glasses/models.hpp>
#include <boost/test/unit_test.hpp>
BOOST_AUTO_TEST_SUITE(resnet)
BOOST_AUTO_TEST_CASE(placeholder_resnet) { BOOST_TEST(true); }
BOOST_AUTO_TEST_SUITE_END()
