// Configs that hold slots, with constraints inside, compile and run under GCC's
// -fsanitize=undefined. Its null check once made `validator != nullptr` no constant
// expression, so that any registered config holding an any_config failed to compile.
#include <glasses/config.hpp>

#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace sanitized {

using glasses::rules::at_least;

struct Block {
  virtual ~Block() = default;
};
using block_slot = glasses::any_config<std::shared_ptr<Block>()>;

struct Conv {
  int kernel = 3;
  std::shared_ptr<Block> build() const { return std::make_shared<Block>(); }
};
BOOST_DESCRIBE_STRUCT(Conv, (), (kernel))
GLASSES_FIELDS(Conv, glasses::field(&Conv::kernel, "kernel size", at_least(1)));
GLASSES_REGISTER_CONFIG(Conv, "sanitized_conv");

struct Pool {
  int size = 2;
  std::shared_ptr<Block> build() const { return std::make_shared<Block>(); }
};
BOOST_DESCRIBE_STRUCT(Pool, (), (size))
GLASSES_REGISTER_CONFIG(Pool, "sanitized_pool");

// A registered config that holds slots of its own signature, in every container (an
// optional of a slot is refused: an empty slot is already null).
struct Stack {
  block_slot first = Conv{};
  std::vector<block_slot> rest = {Pool{}, Conv{.kernel = 5}};
  std::map<std::string, block_slot> named;
  std::variant<Conv, Pool> either = Pool{};
  std::shared_ptr<Block> build() const { return std::make_shared<Block>(); }
};
BOOST_DESCRIBE_STRUCT(Stack, (), (first, rest, named, either))
GLASSES_REGISTER_CONFIG(Stack, "sanitized_stack");

struct Model {
  block_slot body = Stack{};
};
BOOST_DESCRIBE_STRUCT(Model, (), (body))

}  // namespace sanitized

BOOST_AUTO_TEST_CASE(a_slot_in_a_registered_config_round_trips_and_validates) {
  sanitized::Model model;
  std::string const text = glasses::dump(model);
  BOOST_TEST(text ==
             R"({"body":{"type":"sanitized_stack","first":{"type":"sanitized_conv","kernel":3},)"
             R"("rest":[{"type":"sanitized_pool","size":2},{"type":"sanitized_conv","kernel":5}],)"
             R"("named":{},"either":{"type":"sanitized_pool","size":2}}})");
  BOOST_TEST(glasses::equal(glasses::parse<sanitized::Model>(text), model));
  BOOST_TEST(glasses::validate(model).empty());

  // A constraint three slots down is found, with its path.
  model.body.as<sanitized::Stack>().rest[1].as<sanitized::Conv>().kernel = 0;
  model.body.as<sanitized::Stack>().either = sanitized::Conv{.kernel = -1};
  auto problems = glasses::validate(model);
  BOOST_TEST_REQUIRE(problems.size() == 2u);
  BOOST_TEST(problems[0].path == "body.rest[1].kernel");
  BOOST_TEST(problems[0].message == "must be at least 1, got 0");
  BOOST_TEST(problems[1].path == "body.either.kernel");
  BOOST_TEST(glasses::to_string(glasses::diff(sanitized::Model{}, model)) ==
             "body.rest[1].kernel: 5 -> 0\nbody.either: Pool -> Conv\nbody.either.kernel: 3 -> -1");
}
