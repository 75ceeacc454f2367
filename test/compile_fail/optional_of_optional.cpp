// Must not compile: an optional of an optional, whose null could be either (see
// test/CMakeLists.txt).
#include <glasses/config.hpp>

#include <optional>

namespace test {
struct Nested {
  std::optional<std::optional<int>> seed;
};
BOOST_DESCRIBE_STRUCT(Nested, (), (seed))
}  // namespace test

int main() { return static_cast<int>(glasses::dump(test::Nested{}).size()); }
