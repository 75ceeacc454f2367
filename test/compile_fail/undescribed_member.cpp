// Must not compile: a member that BOOST_DESCRIBE_STRUCT leaves out, whose value no file,
// comparison or fingerprint would hold (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct Train {
  double lr = 0.1;
  int forgotten = 2;
};
BOOST_DESCRIBE_STRUCT(Train, (), (lr))
}  // namespace test

int main() { return glasses::equal(test::Train{}, test::Train{.forgotten = 3}) ? 0 : 1; }
