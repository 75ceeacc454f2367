// Must not compile: a variant alternative registered at global scope, where
// argument-dependent lookup cannot find its name (see test/CMakeLists.txt).
#include <glasses/config.hpp>

#include <variant>

namespace test {
struct SGD {
  double lr = 0.1;
};
BOOST_DESCRIBE_STRUCT(SGD, (), (lr))
struct AdamW {
  double lr = 1e-3;
};
BOOST_DESCRIBE_STRUCT(AdamW, (), (lr))
struct TrainConfig {
  std::variant<SGD, AdamW> optimizer;
};
BOOST_DESCRIBE_STRUCT(TrainConfig, (), (optimizer))
}  // namespace test

GLASSES_REGISTER_CONFIG(test::SGD, "sgd");
GLASSES_REGISTER_CONFIG(test::AdamW, "adamw");

int main() { return static_cast<int>(glasses::dump(test::TrainConfig{}).size()); }
