// Must not compile: a described base whose own BOOST_DESCRIBE_STRUCT leaves a member out;
// the derived config's fields, bases included, would lose it (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct Run {
  int seed = 0;
  int forgotten = 1;
};
BOOST_DESCRIBE_STRUCT(Run, (), (seed))
struct Train : Run {
  double lr = 0.1;
};
BOOST_DESCRIBE_STRUCT(Train, (Run), (lr))
}  // namespace test

int main() { return static_cast<int>(glasses::dump(test::Train{}).size()); }
