// Must not compile: a variant alternative with a field named "type", the key that names it
// in JSON (see test/CMakeLists.txt).
#include <glasses/config.hpp>

#include <variant>

namespace test {
struct Conv {
  int type = 1;
};
BOOST_DESCRIBE_STRUCT(Conv, (), (type))
GLASSES_REGISTER_CONFIG(Conv, "conv");
struct Pool {
  int size = 2;
};
BOOST_DESCRIBE_STRUCT(Pool, (), (size))
GLASSES_REGISTER_CONFIG(Pool, "pool");
struct Layer {
  std::variant<Conv, Pool> op;
};
BOOST_DESCRIBE_STRUCT(Layer, (), (op))
}  // namespace test

int main() { return static_cast<int>(glasses::dump(test::Layer{}).size()); }
