// Must not compile: a validate() that is not const, which glasses could never call, so its
// rule would never run (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct Schedule {
  int warmup = 5;
  int steps = 1;
  void validate(std::vector<glasses::issue>& problems) {
    if (warmup > steps) problems.push_back({"warmup", "must not be above steps"});
  }
};
BOOST_DESCRIBE_STRUCT(Schedule, (), (warmup, steps))
}  // namespace test

int main() { return glasses::parse<test::Schedule>("{}").steps; }
