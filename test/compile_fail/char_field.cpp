// Must not compile: a char field, which holds a character, not a number (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct HasChar {
  char separator = ',';
};
BOOST_DESCRIBE_STRUCT(HasChar, (), (separator))
}  // namespace test

int main() { return static_cast<int>(glasses::dump(test::HasChar{}).size()); }
