// Field rules: a doc, constraints, a cross-field rule and a renamed key on a user's own
// config. They are checked wherever the config is made from text, reach the JSON Schema,
// and show as comments in the tree. Only the torch-free core is needed.
#include <glasses/config.hpp>

#include <iostream>

namespace example {

constexpr bool is_power_of_two(int n) { return n > 0 && (n & (n - 1)) == 0; }

struct OptimizerConfig {
  double lr = 3e-4;
  double min_lr = 1e-6;
  int batch_size = 256;

  // Rules between fields; paths are relative to this config.
  void validate(std::vector<glasses::issue>& problems) const {
    if (min_lr > lr) problems.push_back({"min_lr", "must be at most lr (" + glasses::dump(lr) + ")"});
  }
};
BOOST_DESCRIBE_STRUCT(OptimizerConfig, (), (lr, min_lr, batch_size))
GLASSES_FIELDS(OptimizerConfig,
               field(&OptimizerConfig::lr, "peak learning rate", greater_than(0.0), at_most(1.0)),
               field(&OptimizerConfig::min_lr, "learning rate at the end of the schedule", at_least(0.0)),
               field(&OptimizerConfig::batch_size, "examples per step", satisfies(is_power_of_two, "a power of two"),
                     former_name("bs")));

}  // namespace example

int main() {
  using example::OptimizerConfig;
  std::cout << glasses::to_tree(OptimizerConfig{}, {.docs = true}) << "\n\n";

  // A file written before `bs` was renamed still loads; the warning says what changed.
  std::vector<glasses::issue> warnings;
  auto old = glasses::parse<OptimizerConfig>(R"({"lr": 0.001, "bs": 64})", {.warnings = &warnings}, "old.json");
  std::cout << "old.json: batch_size=" << old.batch_size << "; warning: " << warnings.at(0).path << ": "
            << warnings.at(0).message << "\n";
  std::cout << "written back: " << glasses::dump(old) << "\n\n";

  // Every broken rule at once, each with its path.
  try {
    glasses::parse<OptimizerConfig>(R"({"lr": 0, "min_lr": 0.1, "batch_size": 100})", {}, "run.json");
    return 1;
  } catch (glasses::config_error const& e) {
    std::cout << e.what() << "\n\n";
    if (e.issues().size() != 3) return 1;
  }

  // The schema carries the docs and the bounds, for editors.
  auto schema = glasses::json_schema<OptimizerConfig>();
  std::cout << "schema of lr: " << glasses::dump(schema.at("properties").at("lr")) << "\n";
  return 0;
}
