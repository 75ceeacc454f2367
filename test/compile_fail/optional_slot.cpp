// Must not compile: an optional of a slot, which is already null when empty (see
// test/CMakeLists.txt).
#include <glasses/config.hpp>

#include <memory>
#include <optional>

namespace test {
struct Model {};
struct Small {
  std::shared_ptr<Model> build() const { return std::make_shared<Model>(); }
};
BOOST_DESCRIBE_STRUCT(Small, (), ())
GLASSES_REGISTER_CONFIG(Small, "small");
struct Holder {
  std::optional<glasses::any_config<std::shared_ptr<Model>()>> model;
};
BOOST_DESCRIBE_STRUCT(Holder, (), (model))
}  // namespace test

int main() { return static_cast<int>(glasses::dump(test::Holder{}).size()); }
