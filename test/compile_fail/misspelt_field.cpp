// Must not compile: GLASSES_FIELDS names a member that does not exist (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct Train {
  double lr = 0.1;
};
BOOST_DESCRIBE_STRUCT(Train, (), (lr))
GLASSES_FIELDS(Train, field(&Train::lrr, "learning rate", greater_than(0.0)));
}  // namespace test

int main() { return static_cast<int>(glasses::dump(test::Train{}).size()); }
