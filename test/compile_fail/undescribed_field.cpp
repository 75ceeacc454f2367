// Must not compile: GLASSES_FIELDS names a member that BOOST_DESCRIBE_STRUCT leaves out, so
// its constraints would never be checked (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct Train {
  double lr = 0.1;
  int hidden = 0;
};
BOOST_DESCRIBE_STRUCT(Train, (), (lr))
GLASSES_FIELDS(Train, field(&Train::hidden, "not described", at_least(0)));
}  // namespace test

int main() { return static_cast<int>(glasses::dump(test::Train{}).size()); }
