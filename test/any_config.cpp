// any_config: value semantics, access, build, and JSON through slots at any depth.
#include "test_configs.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <glasses/config/iostream.hpp>  // BOOST_TEST prints slots it compares

#include <memory>
namespace test {

// The seed's example: a model config holding either backbone.
struct BackboneAConfig {
  int64_t width = 16;
  block_ptr build() const { return std::make_shared<conv_block>(width); }
};
BOOST_DESCRIBE_STRUCT(BackboneAConfig, (), (width))
GLASSES_REGISTER_CONFIG(BackboneAConfig, "backbone_a");

struct BackboneBConfig {
  int heads = 2;
  std::vector<int> depths = {1, 1};
  block_ptr build() const { return std::make_shared<attention_block>(heads); }
};
BOOST_DESCRIBE_STRUCT(BackboneBConfig, (), (heads, depths))
GLASSES_REGISTER_CONFIG(BackboneBConfig, "backbone_b");

struct MyConfig {
  glasses::any_config<block_ptr()> backbone = BackboneAConfig{};
  int64_t num_classes = 1000;
};
BOOST_DESCRIBE_STRUCT(MyConfig, (), (backbone, num_classes))

// A slot whose configs take an argument, and a slot nested in a slot's config.
struct ScaledConfig {
  int64_t base = 4;
  std::vector<glasses::any_config<block_ptr>> children = {};
  glasses::any_config<block_ptr(int64_t)> inner = {};
  block_ptr build(int64_t factor) const { return std::make_shared<conv_block>(base * factor); }
};
BOOST_DESCRIBE_STRUCT(ScaledConfig, (), (base, children, inner))
GLASSES_REGISTER_CONFIG(ScaledConfig, "scaled");

struct Outer {
  glasses::any_config<block_ptr(int64_t)> scaled = ScaledConfig{};
};
BOOST_DESCRIBE_STRUCT(Outer, (), (scaled))

// build() noexcept, or const&: it still builds a const config, and fits its slots; it was
// refused at registration, with four errors about build_signature. (Slots of their own
// result, std::string, so that no other slot's list of types changes.)
struct NoexceptConfig {
  int width = 3;
  std::string build() const noexcept { return "noexcept " + std::to_string(width); }
};
BOOST_DESCRIBE_STRUCT(NoexceptConfig, (), (width))
GLASSES_REGISTER_CONFIG(NoexceptConfig, "noexcept_part");
struct QualifiedConfig {
  int heads = 5;
  std::string build() const& { return "qualified " + std::to_string(heads); }
};
BOOST_DESCRIBE_STRUCT(QualifiedConfig, (), (heads))
GLASSES_REGISTER_CONFIG(QualifiedConfig, "qualified_part");
struct Parts {
  glasses::any_config<std::string()> part = NoexceptConfig{};
};
BOOST_DESCRIBE_STRUCT(Parts, (), (part))

}  // namespace test

BOOST_AUTO_TEST_CASE(seed_example_round_trips_to_the_right_concrete_type) {
  test::MyConfig a;
  test::MyConfig b{.backbone = test::BackboneBConfig{.heads = 4}};
  BOOST_TEST(glasses::dump(b) == R"({"backbone":{"type":"backbone_b","heads":4,"depths":[1,1]},"num_classes":1000})");
  auto back_a = glasses::parse<test::MyConfig>(glasses::dump(a));
  auto back_b = glasses::parse<test::MyConfig>(glasses::dump(b));
  BOOST_TEST(back_a.backbone.get_if<test::BackboneAConfig>() != nullptr);
  BOOST_TEST(back_b.backbone.as<test::BackboneBConfig>().heads == 4);
  BOOST_TEST(back_b.backbone.build()->describe() == "attention4");
  BOOST_TEST(back_a.backbone.build()->describe() == "conv16");
}

BOOST_AUTO_TEST_CASE(a_copy_is_deep) {
  test::MyConfig original{.backbone = test::BackboneBConfig{}};
  test::MyConfig copy = original;
  copy.backbone.as<test::BackboneBConfig>().depths[0] = 99;
  copy.num_classes = 8;
  BOOST_TEST(original.backbone.as<test::BackboneBConfig>().depths[0] == 1);
  BOOST_TEST(original.num_classes == 1000);
  BOOST_TEST(!glasses::equal(original, copy));
  BOOST_TEST(original.backbone != copy.backbone);
}

BOOST_AUTO_TEST_CASE(equality_compares_contents) {
  glasses::any_config<test::block_ptr> a = test::ConvConfig{}, b = test::ConvConfig{};
  BOOST_TEST((a == b));
  b.as<test::ConvConfig>().channels = 1;
  BOOST_TEST((a != b));
  glasses::any_config<test::block_ptr> c = test::AttentionConfig{};
  BOOST_TEST((a != c));
  glasses::any_config<test::block_ptr> empty1, empty2;
  BOOST_TEST((empty1 == empty2));
  BOOST_TEST((empty1 != a));
}

BOOST_AUTO_TEST_CASE(a_moved_from_slot_is_empty) {
  glasses::any_config<test::block_ptr> a = test::ConvConfig{};
  glasses::any_config<test::block_ptr> b = std::move(a);
  BOOST_TEST(!a.has_value());  // NOLINT(bugprone-use-after-move): the state is specified
  BOOST_TEST(b.has_value());
  glasses::any_config<test::block_ptr> c;
  c = std::move(b);
  BOOST_TEST(!b.has_value());  // NOLINT(bugprone-use-after-move)
  BOOST_TEST(c.json_name() == "conv");
}

BOOST_AUTO_TEST_CASE(access_names_both_types_on_a_mismatch) {
  glasses::any_config<test::block_ptr> slot = test::ConvConfig{};
  BOOST_TEST(slot.get_if<test::AttentionConfig>() == nullptr);
  BOOST_TEST(slot.get_if<test::ConvConfig>()->channels == 64);
  try {
    slot.as<test::AttentionConfig>();
    BOOST_FAIL("expected std::logic_error");
  } catch (std::logic_error const& e) {
    BOOST_TEST(std::string(e.what()) ==
               "glasses::any_config::as<AttentionConfig>: the slot holds ConvConfig; check with "
               "get_if<AttentionConfig>() first");
  }
  glasses::any_config<test::block_ptr> empty;
  BOOST_CHECK_THROW(empty.as<test::ConvConfig>(), std::logic_error);
}

BOOST_AUTO_TEST_CASE(build_forwards_arguments_and_fails_clearly_when_empty) {
  glasses::any_config<test::block_ptr(int64_t)> scaled = test::ScaledConfig{.base = 3};
  BOOST_TEST(scaled.build(5)->describe() == "conv15");
  glasses::any_config<test::block_ptr> empty;
  try {
    empty.build();
    BOOST_FAIL("expected std::logic_error");
  } catch (std::logic_error const& e) {
    // The compiler spells the signature: "shared_ptr<test::block>()" for g++, with a space for clang.
    BOOST_TEST(std::string(e.what()) == "glasses::any_config<" + std::string(glasses::type_name<test::block_ptr()>()) +
                                            ">::build: the slot is empty; assign a config to it before building");
  }
}

BOOST_AUTO_TEST_CASE(a_derived_result_fits_a_slot_of_its_interface) {
  // ConvConfig builds conv_block_ptr; build_result_interfaces lists block_ptr for it.
  auto config = glasses::parse<test::MyConfig>(R"({"backbone":{"type":"conv","channels":5}})");
  BOOST_TEST(config.backbone.build()->describe() == "conv5");
}

BOOST_AUTO_TEST_CASE(slots_nest_at_any_depth_and_in_vectors) {
  test::Outer outer;
  auto& scaled = outer.scaled.as<test::ScaledConfig>();
  scaled.children = {test::ConvConfig{.channels = 1}, test::AttentionConfig{.heads = 3}};
  scaled.inner = test::ScaledConfig{.base = 9, .children = {test::ConvConfig{}}};
  std::string text = glasses::dump(outer);
  BOOST_TEST(text ==
             R"({"scaled":{"type":"scaled","base":4,"children":[{"type":"conv","channels":1,"kernel":[3,3]},)"
             R"({"type":"attention","heads":3,"dropout":0.1}],"inner":{"type":"scaled","base":9,"children":)"
             R"([{"type":"conv","channels":64,"kernel":[3,3]}],"inner":null}}})");
  auto back = glasses::parse<test::Outer>(text);
  BOOST_TEST(glasses::equal(outer, back));
  BOOST_TEST(back.scaled.as<test::ScaledConfig>().inner.as<test::ScaledConfig>().base == 9);
  BOOST_TEST(glasses::equal(outer, glasses::from_json<test::Outer>(glasses::to_json(outer))));
  BOOST_TEST(glasses::to_string(outer) ==
             "Outer(scaled=ScaledConfig(base=4, children=[ConvConfig(channels=1, kernel=[3, 3]), "
             "AttentionConfig(heads=3, dropout=0.1)], inner=ScaledConfig(base=9, children=[ConvConfig(channels=64, "
             "kernel=[3, 3])], inner=null)))");
}

BOOST_AUTO_TEST_CASE(buffered_members_are_checked_once_the_type_is_known) {
  auto issues = test::issues_of([] {
    glasses::parse<test::MyConfig>(R"({"backbone":{"heads":"x","depths":[2,{"x":1}],"type":"backbone_b"}})");
  });
  BOOST_TEST_REQUIRE(issues.size() == 2u);
  BOOST_TEST(issues[0].path == "backbone.heads");
  BOOST_TEST(issues[0].message == R"(expected an integer, got the string "x")");
  BOOST_TEST(issues[1].path == "backbone.depths[1]");
  BOOST_TEST(issues[1].message == "expected an integer, got an object");
  auto late = glasses::parse<test::MyConfig>(R"({"backbone":{"heads":7,"depths":[2],"type":"backbone_b"}})");
  BOOST_TEST(late.backbone.as<test::BackboneBConfig>().heads == 7);
  BOOST_TEST(late.backbone.as<test::BackboneBConfig>().depths == std::vector<int>{2});
}

BOOST_AUTO_TEST_CASE(an_object_without_type_sets_fields_of_the_config_held) {
  // As Hydra merges a later file into the config a slot holds; it was an error.
  auto merged = glasses::parse<test::MyConfig>(R"({"backbone":{"width":3}})");
  BOOST_TEST(merged.backbone.as<test::BackboneAConfig>().width == 3);
  auto unchanged = glasses::parse<test::MyConfig>(R"({"backbone":{}})");
  BOOST_TEST(glasses::equal(unchanged, test::MyConfig{}));
  // An empty slot holds nothing to set.
  test::MyConfig empty;
  empty.backbone.reset();
  for (std::string object : {R"({"width":3})", "{}"}) {
    auto issues = test::issues_of([&] { glasses::merge(empty, boost::json::parse(R"({"backbone":)" + object + "}")); });
    BOOST_TEST_REQUIRE(issues.size() == 1u);
    BOOST_TEST(issues[0].path == "backbone");
    BOOST_TEST(issues[0].message == R"(expected an object with "type" set to one of "attention", "backbone_a", )"
                                    R"("backbone_b", "conv", "dense", "net" or null, got an object without "type")");
  }
}

BOOST_AUTO_TEST_CASE(unknown_type_lists_the_names_and_suggests) {
  auto issues = test::issues_of([] { glasses::parse<test::MyConfig>(R"({"backbone":{"type":"backbone_c"}})"); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].path == "backbone.type");
  BOOST_TEST(issues[0].message ==
             R"(unknown type "backbone_c"; expected one of "attention", "backbone_a", "backbone_b", "conv", "dense", "net"; )"
             R"(did you mean "backbone_a"?)");
}

BOOST_AUTO_TEST_CASE(a_registered_type_that_does_not_fit_names_the_signature) {
  auto issues = test::issues_of([] { glasses::parse<test::MyConfig>(R"({"backbone":{"type":"tokenizer"}})"); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].path == "backbone.type");
  BOOST_TEST(issues[0].message ==
             R"(type "tokenizer" (TokenizerConfig) does not fit this slot: its build() does not give )" +
                 std::string(glasses::type_name<test::block_ptr()>()) +
                 R"(; types that fit: "attention", "backbone_a", "backbone_b", "conv", "dense", "net")");
  auto argument = test::issues_of([] { glasses::parse<test::Outer>(R"({"scaled":{"type":"conv"}})"); });
  std::string const scaled = "does not give " + std::string(glasses::type_name<test::block_ptr(int64_t)>()) + ";";
  BOOST_TEST(argument.at(0).message.find(scaled) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(errors_inside_slots_in_vectors_carry_the_index) {
  auto issues = test::issues_of([] {
    glasses::parse<test::Everything>(R"({"extras":[{"type":"conv"},{"type":"attention","dropout":"high"}]})");
  });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].path == "extras[1].dropout");
  BOOST_TEST(issues[0].message == R"(expected a number, got the string "high")");
}

BOOST_AUTO_TEST_CASE(empty_type_and_non_string_type_are_errors) {
  auto empty = test::issues_of([] { glasses::parse<test::MyConfig>(R"({"backbone":{"type":""}})"); });
  BOOST_TEST(empty.at(0).path == "backbone.type");
  BOOST_TEST(empty.at(0).message ==
             R"("type" is empty; expected one of "attention", "backbone_a", "backbone_b", "conv", "dense", "net")");
  auto number = test::issues_of([] { glasses::parse<test::MyConfig>(R"({"backbone":{"type":3,"width":1}})"); });
  BOOST_TEST(number.at(0).path == "backbone.type");
  BOOST_TEST(number.at(0).message == "expected the name of a registered config (a string), got 3");
}

BOOST_AUTO_TEST_CASE(null_empties_a_slot) {
  auto config = glasses::parse<test::MyConfig>(R"({"backbone":null})");
  BOOST_TEST(!config.backbone.has_value());
  BOOST_TEST(glasses::dump(config) == R"({"backbone":null,"num_classes":1000})");
}

BOOST_AUTO_TEST_CASE(closed_unions_read_their_alternatives_by_name) {
  auto e = glasses::parse<test::Everything>(R"({"choice":{"type":"conv","channels":2}})");
  BOOST_TEST(std::get<test::ConvConfig>(e.choice).channels == 2);
  auto issues = test::issues_of([] { glasses::parse<test::Everything>(R"({"choice":{"type":"atention"}})"); });
  BOOST_TEST(issues.at(0).path == "choice.type");
  BOOST_TEST(issues.at(0).message ==
             R"(unknown type "atention"; expected one of "conv", "attention"; did you mean "attention"?)");
  // Another case is the same word, however far apart by edits.
  BOOST_TEST(test::issues_of([] { glasses::parse<test::Everything>(R"({"choice":{"type":"ATTENTION"}})"); })
                 .at(0)
                 .message == R"(unknown type "ATTENTION"; expected one of "conv", "attention"; did you mean "attention"?)");
  auto null = test::issues_of([] { glasses::parse<test::Everything>(R"({"choice":null})"); });
  BOOST_TEST(null.at(0).message ==
             R"(expected an object with "type" set to one of "conv", "attention", got null)");
}

BOOST_AUTO_TEST_CASE(a_slot_nested_in_itself_hits_the_depth_limit) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += R"({"type":"scaled","inner":)";
  text += "null";
  for (int i = 0; i < 1000; ++i) text += "}";
  auto issues = test::issues_of([&] { glasses::parse<glasses::any_config<test::block_ptr(int64_t)>>(text); });
  BOOST_TEST_REQUIRE(issues.size() == 1u);
  BOOST_TEST(issues[0].message.find("the document nests deeper than 128 levels") != std::string::npos);
}

namespace test {
struct StemConfig {
  int width = 8;
  int kernel = 7;
};
BOOST_DESCRIBE_STRUCT(StemConfig, (), (width, kernel))

struct NetConfig {
  StemConfig stem;
  std::vector<int> depths = {1, 2};
  block_ptr build() const { return nullptr; }
};
BOOST_DESCRIBE_STRUCT(NetConfig, (), (stem, depths))
GLASSES_REGISTER_CONFIG(NetConfig, "net");

struct HoldsNet {
  glasses::any_config<block_ptr> net = NetConfig{.stem = {.width = 32, .kernel = 3}, .depths = {9}};
};
BOOST_DESCRIBE_STRUCT(HoldsNet, (), (net))
}  // namespace test

BOOST_AUTO_TEST_CASE(a_slot_of_the_held_type_keeps_its_default_where_json_is_silent) {
  // As for a record field: a key the JSON leaves out keeps the default, and the slot's
  // default is the customised NetConfig it holds, nested records included.
  auto config = glasses::parse<test::HoldsNet>(R"({"net":{"stem":{"kernel":5},"type":"net"}})");
  auto const& net = config.net.as<test::NetConfig>();
  BOOST_TEST(net.stem.width == 32);
  BOOST_TEST(net.stem.kernel == 5);
  BOOST_TEST(net.depths == (std::vector<int>{9}), boost::test_tools::per_element());
  auto from_value = glasses::from_json<test::HoldsNet>(boost::json::parse(R"({"net":{"type":"net"}})"));
  BOOST_TEST(from_value.net.as<test::NetConfig>().stem.width == 32);
  // Another type starts from that type's own defaults.
  auto other = glasses::parse<test::HoldsNet>(R"({"net":{"type":"conv"}})");
  BOOST_TEST(other.net.as<test::ConvConfig>().channels == 64);
}

namespace test {
struct dense_block : block {
  std::string describe() const override { return "dense"; }
};
// Returns a derived pointer, and no build_result_interfaces says it is a block: the slot
// accepts it in code, so it must accept it from JSON too.
struct DenseConfig {
  int units = 4;
  std::shared_ptr<dense_block> build() const { return std::make_shared<dense_block>(); }
};
BOOST_DESCRIBE_STRUCT(DenseConfig, (), (units))
GLASSES_REGISTER_CONFIG(DenseConfig, "dense");

glasses::any_config<block_ptr> const dense_in_code = DenseConfig{};

struct Unbuilt {
  int id = 0;
};
struct UnbuiltConfig {
  glasses::any_config<Unbuilt()> part;
};
BOOST_DESCRIBE_STRUCT(UnbuiltConfig, (), (part))
}  // namespace test

BOOST_AUTO_TEST_CASE(what_a_slot_accepts_in_code_it_accepts_from_json) {
  auto config = glasses::parse<test::MyConfig>(R"({"backbone":{"type":"dense","units":8}})");
  BOOST_TEST(config.backbone.as<test::DenseConfig>().units == 8);
  BOOST_TEST(config.backbone.build()->describe() == "dense");
}

BOOST_AUTO_TEST_CASE(an_unknown_type_says_when_too_little_is_registered) {
  auto none = test::issues_of([] { glasses::parse<test::UnbuiltConfig>(R"({"part":{"type":"piece"}})"); });
  BOOST_TEST(none.at(0).message ==
             R"(unknown type "piece"; no config that fits this slot is registered yet. If "piece" is registered )"
             "with GLASSES_REGISTER_CONFIG, check that its file is linked into the program (a static library "
             "leaves out object files that nothing refers to) and that this load does not run from a global's "
             "constructor, before that file's registrations");
  auto far = test::issues_of([] { glasses::parse<test::MyConfig>(R"({"backbone":{"type":"transformer"}})"); });
  BOOST_TEST(far.at(0).message.starts_with(R"(unknown type "transformer"; expected one of "attention", )"));
  BOOST_TEST(far.at(0).message.find("is linked into the program") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_build_that_is_noexcept_or_const_qualified_fits_a_slot) {
  BOOST_TEST(glasses::parse<test::Parts>(R"({"part": {"type": "noexcept_part", "width": 7}})").part.build() ==
             "noexcept 7");
  BOOST_TEST(glasses::parse<test::Parts>(R"({"part": {"type": "qualified_part"}})").part.build() == "qualified 5");
}
