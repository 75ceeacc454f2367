// parse's fast path (detail/direct_read.hpp) against the event reader: what the fast path
// reads, the event reader reads to the same config; whatever it gives up on, parse still
// reads as the event reader does, even after the fast path stored part of the text.
#include "test_configs.hpp"

#include <boost/test/unit_test.hpp>

#include <bit>
#include <charconv>
#include <cstdint>
#include <random>
#include <string>

namespace direct_test {

constexpr bool positive(int n) { return n > 0; }

struct Limited {
  int steps = 10;
  std::map<std::string, int> counts = {{"a", 1}};
  std::optional<test::Level3> extra;
  glasses::required<std::string> dataset;
  std::array<int, 2> shape = {1, 2};
};
BOOST_DESCRIBE_STRUCT(Limited, (), (steps, counts, extra, dataset, shape))
GLASSES_FIELDS(Limited, field(&Limited::steps, "steps to run", satisfies(positive, "positive")),
               field(&Limited::dataset, "what to read", former_name("data")));

}  // namespace direct_test

namespace {

// test::Everything as the fast path takes it: its text has no escapes and no byte above
// 0x7F, and its numbers are finite (a double's "inf" is a string, left to the event reader).
test::Everything plain_everything() {
  test::Everything e;
  e.text = "plain text";
  e.infinite = 2.5;
  e.maybe = 7;
  e.choice = test::ConvConfig{.channels = 5, .kernel = {1}};
  e.slot = test::AttentionConfig{.heads = 3, .dropout = 0.25};
  e.empty_slot = test::ConvConfig{};
  return e;
}

template <class T> bool read_directly(std::string_view text, T& out, glasses::load_options const& options = {}) {
  return glasses::detail::parse_directly(text, glasses::detail::sink_for<T>, &out, options, "");
}

template <class T> T read_events(std::string_view text) {
  T out{};
  glasses::detail::parse_events(text, glasses::detail::sink_for<T>, &out, {}, "");
  return out;
}

// What reading `text` gives: the config's JSON, or the error's text.
template <class T, class Read> std::string outcome(Read read) {
  try {
    return glasses::dump(read());
  } catch (glasses::config_error const& e) {
    // Without the positions, which parse finds after the reader alone.
    std::string out = "error:";
    for (auto const& i : e.issues()) out += "\n" + i.path + ": " + i.message;
    return out;
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(texts_glasses_writes_are_read_directly_to_the_same_config) {
  test::Everything const e = plain_everything();
  for (int indent : {0, 2}) {
    std::string const text = glasses::dump(e, {.indent = indent});
    test::Everything direct{};
    BOOST_TEST_REQUIRE(read_directly(text, direct));
    BOOST_TEST(glasses::equal(direct, e));
    BOOST_TEST(glasses::equal(read_events<test::Everything>(text), e));
  }
  // A slot or union given by a bare name, an empty slot, empty containers.
  test::Everything bare{};
  BOOST_TEST_REQUIRE(read_directly(R"({"slot":"conv","empty_slot":null,"depths":[],"weights":{},"choice":"conv"})", bare));
  BOOST_TEST(bare.slot.get_if<test::ConvConfig>() != nullptr);
  BOOST_TEST(!bare.empty_slot.has_value());
  BOOST_TEST(bare.depths.empty());
  BOOST_TEST(bare.weights.empty());
  BOOST_TEST(std::holds_alternative<test::ConvConfig>(bare.choice));
}

BOOST_AUTO_TEST_CASE(the_fast_path_gives_up_on_what_the_event_reader_must_judge) {
  char const* const texts[] = {
      R"({"flag":true,"flag":false})",            // a repeated key
      R"({"flagg":true})",                        // an unknown key
      R"({"tiny":300})",                          // out of int8_t
      R"({"tiny":1.0})",                          // a fraction for an integer
      R"({"big":-1})",                            // negative for unsigned
      R"({"big":18446744073709551616})",          // beyond 64 bits
      R"({"big":99999999999999999999})",
      R"({"rate":1e999})",                        // beyond a double
      R"({"rate":"inf"})",                        // a special float, as a string
      R"({"text":"a\nb"})",                       // an escape
      "{\"text\":\"caf\xc3\xa9\"}",               // a byte above 0x7F
      R"({"act":"tanh"})",                        // not an enumerator
      R"({"mean":[1,2]})",                        // a fixed array of the wrong size
      R"({"slot":{"heads":2,"type":"attention"}})",  // "type" after the members
      R"({"slot":{"type":"attention","type":"conv"}})",
      R"({"slot":{"type":"tokenizer"}})",         // does not fit the slot
      R"({"slot":{"type":"nope"}})",
      R"({"choice":null})",
      R"({"flag":true} x)",                       // trailing text
      R"({"flag":tru})",                          // syntax errors
      R"({"depths":[1,]})",
      R"({"depths":[01]})",
      R"({"rate":-})",
      R"({"flag":true)",
      "",
      "  ",
  };
  for (char const* text : texts) {
    test::Everything e{};
    BOOST_TEST(!read_directly(text, e), text);
  }
  test::Everything widest{};
  BOOST_TEST(read_directly(R"({"big":18446744073709551615,"negative":-9223372036854775808})", widest));
  BOOST_TEST(widest.big == UINT64_MAX);
  BOOST_TEST(widest.negative == INT64_MIN);
  direct_test::Limited limited{};
  BOOST_TEST(!read_directly(R"({"steps":1})", limited));          // a required field missing
  BOOST_TEST(!read_directly(R"({"data":"x"})", limited));         // a former name
  BOOST_TEST(read_directly(R"({"dataset":"x","extra":{"tag":"t"}})", limited));
  BOOST_TEST(limited.extra->tag == "t");
  glasses::load_options shallow;
  shallow.max_depth = 2;
  test::Level1 level{};
  BOOST_TEST(read_directly(R"({"middle":{"width":1}})", level, shallow));
  BOOST_TEST(!read_directly(R"({"middle":{"leaf":{}}})", level, shallow));
}

BOOST_AUTO_TEST_CASE(a_broken_constraint_is_reported_as_the_event_reader_reports_it) {
  std::string const text = R"({"steps":0,"dataset":"x"})";
  direct_test::Limited limited{};
  auto const direct = test::issues_of([&] { read_directly(text, limited); });
  auto const events = test::issues_of([&] { read_events<direct_test::Limited>(text); });
  BOOST_TEST_REQUIRE(direct.size() == 1u);
  BOOST_TEST(direct[0].path == "steps");
  BOOST_TEST(direct[0].message == events[0].message);
  BOOST_TEST(events.size() == 1u);
}

// Random edits of texts glasses writes: parse (the fast path, then the event reader on the
// same, partly read config) and the event reader alone agree on every one, to the byte.
BOOST_AUTO_TEST_CASE(parse_and_the_event_reader_agree_on_any_text) {
  std::mt19937 random(20261130);
  std::vector<std::string> const seeds = {glasses::dump(plain_everything()),
                                          glasses::dump(plain_everything(), {.indent = 2}),
                                          glasses::dump(test::Everything{})};
  std::string const alphabet = "{}[]:,\" 0123456789.-+eE\\ntfalsnu\x01\xc3\xa9typeconvattention";
  int accepted = 0, read_directly_count = 0, edits = 0;
  for (int round = 0; round < 6000; ++round) {
    std::string text = seeds[round % seeds.size()];
    int const changes = 1 + static_cast<int>(random() % 3);
    for (int i = 0; i < changes; ++i) {
      std::size_t const at = random() % (text.size() + 1);
      char const c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0: text.insert(at, 1, c); break;
        case 1: if (at < text.size()) text.erase(at, 1); break;
        default: if (at < text.size()) text[at] = c;
      }
    }
    ++edits;
    std::string const through_parse = outcome<test::Everything>([&] { return glasses::parse<test::Everything>(text); });
    std::string const through_events = outcome<test::Everything>([&] { return read_events<test::Everything>(text); });
    BOOST_TEST_REQUIRE(through_parse == through_events, "text: " << text);
    if (!through_parse.starts_with("error:")) ++accepted;
    test::Everything direct{};
    try {
      if (read_directly(text, direct)) {
        ++read_directly_count;
        BOOST_TEST_REQUIRE(glasses::dump(direct) == through_events, "text: " << text);
      }
    } catch (glasses::config_error const&) {
      BOOST_FAIL("test::Everything has no constraints to break: " << text);
    }
  }
  // The edits reach both sides of the fast path: read, and given up on.
  BOOST_TEST(edits == 6000);
  BOOST_TEST(read_directly_count > 100);
  BOOST_TEST(accepted > read_directly_count);
}

namespace {

template <class F> std::string direct_floating_bits(std::string const& literal) {
  glasses::detail::direct_text const t{literal.data() + literal.size(), 64};
  F value{};
  if (glasses::detail::direct_floating(literal.data(), t, value) != t.end) return "not read: " + literal;
  return std::to_string(std::bit_cast<std::conditional_t<sizeof(F) == 8, std::uint64_t, std::uint32_t>>(value));
}

template <class F> std::string from_chars_bits(std::string const& literal) {
  F value{};
  auto [end, error] = std::from_chars(literal.data(), literal.data() + literal.size(), value);
  if (error != std::errc() || end != literal.data() + literal.size()) return "not read: " + literal;
  return std::to_string(std::bit_cast<std::conditional_t<sizeof(F) == 8, std::uint64_t, std::uint32_t>>(value));
}

}  // namespace

// Short decimals take a multiplication or division by an exact power of ten; the rest
// from_chars. Either way the value is from_chars' to the bit, so the event reader, which
// converts with from_chars, reads the same config.
BOOST_AUTO_TEST_CASE(numbers_are_read_to_the_bits_from_chars_reads) {
  std::vector<std::string> literals = {"0",    "-0",   "0.0",  "-0.0", "0.1",   "0.05",  "1e22", "1e23",
                                       "1e-22", "1e-23", "2.5e-3", "7E+2", "9007199254740992", "9007199254740993",
                                       "16777216", "16777217", "123456789012345678901", "0.30000000000000004",
                                       "1e0000000000000000000005", "4.9e-324", "1.7976931348623157e308",
                                       "3.4028235e38", "1e-45", "0.000000000000000000000000001"};
  std::mt19937_64 random(20261130);
  for (int i = 0; i < 20000; ++i) {
    std::string literal = random() % 4 == 0 ? "-" : "";
    std::size_t const digits = 1 + random() % 20, point = random() % (digits + 1);
    literal += static_cast<char>('1' + random() % 9);
    for (std::size_t d = 1; d < digits; ++d) {
      if (d == point) literal += '.';
      literal += static_cast<char>('0' + random() % 10);
    }
    if (random() % 3 == 0) literal += "e" + std::to_string(static_cast<int>(random() % 61) - 30);
    literals.push_back(literal);
  }
  for (std::string const& literal : literals) {
    BOOST_TEST_REQUIRE(direct_floating_bits<double>(literal) == from_chars_bits<double>(literal), literal);
    BOOST_TEST_REQUIRE(direct_floating_bits<float>(literal) == from_chars_bits<float>(literal), literal);
  }
}
