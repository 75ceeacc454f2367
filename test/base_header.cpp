// <glasses/config/base.hpp>: everything but Boost.JSON's DOM, and it never includes it.
// A slot, a variant, a map and field rules go through text, YAML, overrides, printing and
// validation in a unit that does not see boost/json/value.hpp.
#include <glasses/config/base.hpp>

#ifdef BOOST_JSON_VALUE_HPP
#error "glasses/config/base.hpp must not include boost/json/value.hpp: that header is most of its compile time"
#endif

#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <string>
#include <variant>

namespace base_test {

struct Layer {
  virtual ~Layer() = default;
  virtual int width() const = 0;
};
using layer_ptr = std::shared_ptr<Layer>;
struct Dense : Layer {
  int units;
  explicit Dense(int u) : units(u) {}
  int width() const override { return units; }
};

struct DenseConfig {
  int units = 8;
  layer_ptr build() const { return std::make_shared<Dense>(units); }
};
BOOST_DESCRIBE_STRUCT(DenseConfig, (), (units))
GLASSES_REGISTER_CONFIG(DenseConfig, "dense");

struct SGD {
  double lr = 0.1;
};
BOOST_DESCRIBE_STRUCT(SGD, (), (lr))
GLASSES_REGISTER_CONFIG(SGD, "sgd");
struct Adam {
  double lr = 1e-3;
  double beta = 0.9;
};
BOOST_DESCRIBE_STRUCT(Adam, (), (lr, beta))
GLASSES_REGISTER_CONFIG(Adam, "adam");

struct Run {
  glasses::any_config<layer_ptr()> layer = DenseConfig{};
  std::variant<SGD, Adam> optimizer;
  std::map<std::string, int> sizes = {{"train", 100}};
  int epochs = 3;
};
BOOST_DESCRIBE_STRUCT(Run, (), (layer, optimizer, sizes, epochs))
GLASSES_FIELDS(Run, field(&Run::epochs, "passes over the data", at_least(1)));

}  // namespace base_test

using base_test::Run;

BOOST_AUTO_TEST_CASE(text_yaml_and_overrides_round_trip_without_the_dom) {
  Run run;
  run.optimizer = base_test::Adam{0.01, 0.95};
  run.sizes["val"] = 20;
  glasses::apply_overrides(run, {"layer.units=32", "epochs=5"});
  std::string const json = glasses::dump(run);
  BOOST_TEST(json ==
             R"({"layer":{"type":"dense","units":32},"optimizer":{"type":"adam","lr":0.01,"beta":0.95},)"
             R"("sizes":{"train":100,"val":20},"epochs":5})");
  BOOST_TEST(glasses::equal(glasses::parse<Run>(json), run));
  BOOST_TEST(glasses::equal(glasses::parse_yaml<Run>(glasses::dump_yaml(run)), run));
  BOOST_TEST(run.layer.build()->width() == 32);
  BOOST_TEST(glasses::fingerprint(glasses::parse<Run>(json)) == glasses::fingerprint(run));
}

BOOST_AUTO_TEST_CASE(rules_and_printing_work_without_the_dom) {
  try {
    glasses::parse<Run>(R"({"epochs": 0})");
    BOOST_FAIL("epochs 0 was accepted");
  } catch (glasses::config_error const& e) {
    BOOST_TEST(e.issues().size() == 1u);
    BOOST_TEST(e.issues()[0].path == "epochs");
    BOOST_TEST(e.issues()[0].message == "must be at least 1, got 0");
  }
  BOOST_TEST(glasses::to_string(Run{}) ==
             R"(Run(layer=DenseConfig(units=8), optimizer=SGD(lr=0.1), sizes={"train": 100}, epochs=3))");
}
