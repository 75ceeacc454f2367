// Must not compile: a config with a constructor, which no initializer count can probe, and
// a member that BOOST_DESCRIBE_STRUCT leaves out; its size tells (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct Train {
  Train() {}
  int epochs = 1;
  int forgotten = 2;
};
BOOST_DESCRIBE_STRUCT(Train, (), (epochs))
}  // namespace test

int main() { return glasses::equal(test::Train{}, test::Train{}) ? 0 : 1; }
