// Must not compile: a config field whose type has no kind (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct Opaque {
  int secret = 0;
};
struct HasOpaque {
  int fine = 1;
  Opaque opaque;
};
BOOST_DESCRIBE_STRUCT(HasOpaque, (), (fine, opaque))
}  // namespace test

int main() { return static_cast<int>(glasses::dump(test::HasOpaque{}).size()); }
