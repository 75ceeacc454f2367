// Must not compile: a validate() that takes its problems by value, so that what it appends
// goes into a copy and no rule is ever reported (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct Schedule {
  int warmup = 5;
  int steps = 1;
  void validate(std::vector<glasses::issue> problems) const {
    if (warmup > steps) problems.push_back({"warmup", "must not be above steps"});
  }
};
BOOST_DESCRIBE_STRUCT(Schedule, (), (warmup, steps))
}  // namespace test

int main() { return glasses::parse<test::Schedule>("{}").steps; }
