// Must not compile: a const member, which no file or override could set (see
// test/CMakeLists.txt); one readable error, not the sinks' conversions.
#include <glasses/config.hpp>

namespace test {
struct Train {
  int const epochs = 1;
  double lr = 0.1;
};
BOOST_DESCRIBE_STRUCT(Train, (), (epochs, lr))
}  // namespace test

int main() { return static_cast<int>(glasses::dump(test::Train{}).size()); }
