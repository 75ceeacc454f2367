#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using glasses::kind;
using glasses::kind_of;

static_assert(kind_of<bool> == kind::boolean);
static_assert(kind_of<int8_t> == kind::integer && kind_of<uint64_t> == kind::integer && kind_of<signed char> == kind::integer);
// Characters are not numbers: a char field would be read from 44 and written as 44.
static_assert(kind_of<char> == kind::unsupported && kind_of<char8_t> == kind::unsupported && kind_of<wchar_t> == kind::unsupported);
static_assert(kind_of<float> == kind::floating && kind_of<double> == kind::floating);
static_assert(kind_of<long double> == kind::unsupported);
static_assert(kind_of<std::string> == kind::string);
static_assert(kind_of<test::activation> == kind::enumeration);
static_assert(kind_of<std::optional<int>> == kind::optional);
static_assert(kind_of<glasses::required<int>> == kind::required);
static_assert(kind_of<std::vector<int>> == kind::sequence && kind_of<std::array<int, 2>> == kind::sequence);
static_assert(kind_of<std::map<std::string, int>> == kind::map);
static_assert(kind_of<std::map<int, int>> == kind::unsupported);
static_assert(kind_of<test::Level1> == kind::record && kind_of<test::DerivedConfig> == kind::record);
static_assert(kind_of<std::variant<test::ConvConfig, test::AttentionConfig>> == kind::closed_union);
static_assert(kind_of<std::variant<int, test::ConvConfig>> == kind::unsupported);
static_assert(kind_of<glasses::any_config<test::block_ptr()>> == kind::open_slot);
static_assert(kind_of<glasses::any_config<test::block_ptr>> == kind::open_slot);
static_assert(kind_of<int*> == kind::unsupported);
static_assert(kind_of<std::string const> == kind::string);

namespace test {
// A class with a constructor and private members that BOOST_DESCRIBE_CLASS lists: they are
// fields like the public ones, never left out of a file.
class Guarded {
 public:
  Guarded() {}
  int epochs = 1;
  int seed() const { return seed_; }
  void set_seed(int seed) { seed_ = seed; }

 private:
  int seed_ = 7;
  BOOST_DESCRIBE_CLASS(Guarded, (), (epochs), (), (seed_))
};
// Wider than its members by its alignment alone: no member is left out.
struct alignas(32) Padded {
  Padded() {}
  double rate = 0.5;
};
BOOST_DESCRIBE_STRUCT(Padded, (), (rate))
struct Empty {
  Empty() {}
};
BOOST_DESCRIBE_STRUCT(Empty, (), ())
// Bases of one byte and of eight: each takes T's alignment in the worst case.
struct Tag {
  Tag() {}
  char tag = 0;
};
BOOST_DESCRIBE_STRUCT(Tag, (), (tag))
struct Rate {
  Rate() {}
  double rate = 0.1;
};
BOOST_DESCRIBE_STRUCT(Rate, (), (rate))
struct Flag {
  Flag() {}
  char flag = 0;
};
BOOST_DESCRIBE_STRUCT(Flag, (), (flag))
struct ThreeBases : Tag, Rate, Flag {
  ThreeBases() {}
};
BOOST_DESCRIBE_STRUCT(ThreeBases, (Tag, Rate, Flag), ())
}  // namespace test

static_assert(kind_of<test::Guarded> == kind::record);
static_assert(kind_of<test::Padded> == kind::record && kind_of<test::Empty> == kind::record);
static_assert(kind_of<test::ThreeBases> == kind::record);

BOOST_AUTO_TEST_CASE(private_members_that_a_class_describes_are_fields) {
  test::Guarded config;
  config.set_seed(42);
  BOOST_TEST(glasses::dump(config) == R"({"epochs":1,"seed_":42})");
  BOOST_TEST(glasses::parse<test::Guarded>(R"({"epochs":2,"seed_":5})").seed() == 5);
  BOOST_TEST(!glasses::equal(config, test::Guarded{}));
}

BOOST_AUTO_TEST_CASE(bases_come_first_in_declaration_order) {
  test::DerivedConfig config;
  std::vector<std::string> names;
  glasses::for_each_field(config, [&](std::string_view name, auto const&) { names.emplace_back(name); });
  BOOST_TEST(names == (std::vector<std::string>{"seed", "run", "epochs"}), boost::test_tools::per_element());
  BOOST_TEST(glasses::field_count<test::DerivedConfig> == 3u);
}

BOOST_AUTO_TEST_CASE(for_each_field_gives_mutable_references) {
  test::Level3 leaf;
  glasses::for_each_field(leaf, [](std::string_view name, auto& field) {
    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(field)>, double>) {
      BOOST_TEST(name == "ratio");
      field = 2.0;
    }
  });
  BOOST_TEST(leaf.ratio == 2.0);
}

BOOST_AUTO_TEST_CASE(type_names_drop_namespaces_outside_template_arguments) {
  BOOST_TEST(glasses::type_name<test::ConvConfig>() == "ConvConfig");
  BOOST_TEST(glasses::type_name<int>() == "int");
  BOOST_TEST(glasses::type_name<std::vector<test::Level3>>() == "vector<test::Level3>");
}
