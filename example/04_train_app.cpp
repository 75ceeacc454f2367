// A training program's whole command line from glasses::app: layered config files,
// overrides, --help, --cfg, --explain, multiruns that resume, and a run folder per config.
// The job is a toy (no LibTorch): it writes what it would train to its run folder.
//
//   04_train_app --config base.json optimizer=adamw optimizer.lr=3e-4 'data.augment=["flip","crop"]'
//   04_train_app -m optimizer.lr=0.1,0.01 epochs=1,2       # four runs; run again to resume
#include <glasses/app.hpp>
#include <glasses/config.hpp>

#include <fstream>
#include <iostream>

namespace train {

enum class precision { fp32, bf16 };
BOOST_DESCRIBE_ENUM(precision, fp32, bf16)

struct SGDConfig {
  double lr = 0.1;
  double momentum = 0.9;
};
BOOST_DESCRIBE_STRUCT(SGDConfig, (), (lr, momentum))
GLASSES_FIELDS(SGDConfig, field(&SGDConfig::lr, "learning rate", greater_than(0.0)),
               field(&SGDConfig::momentum, "momentum", at_least(0.0), less_than(1.0)));
GLASSES_REGISTER_CONFIG(SGDConfig, "sgd");

struct AdamWConfig {
  double lr = 1e-3;
  double weight_decay = 0.05;
};
BOOST_DESCRIBE_STRUCT(AdamWConfig, (), (lr, weight_decay))
GLASSES_FIELDS(AdamWConfig, field(&AdamWConfig::lr, "learning rate", greater_than(0.0)),
               field(&AdamWConfig::weight_decay, "decoupled weight decay", at_least(0.0)));
GLASSES_REGISTER_CONFIG(AdamWConfig, "adamw");

struct DataConfig {
  std::string root = "/data/imagenet";
  int batch_size = 64;
  std::vector<std::string> augment = {"flip"};
};
BOOST_DESCRIBE_STRUCT(DataConfig, (), (root, batch_size, augment))
GLASSES_FIELDS(DataConfig, field(&DataConfig::root, "dataset folder", not_empty()),
               field(&DataConfig::batch_size, "examples per step", at_least(1)),
               field(&DataConfig::augment, "augmentations, in order", each(one_of("flip", "crop", "jitter"))));

struct TrainConfig {
  std::variant<SGDConfig, AdamWConfig> optimizer;
  DataConfig data;
  int epochs = 10;
  precision dtype = precision::fp32;
};
BOOST_DESCRIBE_STRUCT(TrainConfig, (), (optimizer, data, epochs, dtype))
GLASSES_FIELDS(TrainConfig, field(&TrainConfig::optimizer, "the optimizer and its settings"),
               field(&TrainConfig::epochs, "passes over the data", at_least(1), former_name("num_epochs")),
               field(&TrainConfig::dtype, "the precision of the weights"));

GLASSES_REGISTER_PRESET(TrainConfig, "quick", [] {
  TrainConfig config;
  config.epochs = 1;
  config.data.batch_size = 8;
  return config;
});

}  // namespace train

int main(int argc, char** argv) {
  return glasses::app<train::TrainConfig>(
      argc, argv,
      [](train::TrainConfig const& config, glasses::run_info const& run) -> int {
        // A job that fails on request, so that the tests can see a failing point.
        if (config.data.root == "/missing") {
          std::cerr << "no dataset at /missing\n";
          return 3;
        }
        std::ofstream(run.dir + "/trained.txt") << glasses::to_string(config) << "\n";
        std::cout << "trained " << run.index + 1 << "/" << run.count << " in " << run.dir << "\n";
        return 0;
      },
      {.description = "Trains a toy model (example/04_train_app.cpp)."});
}
