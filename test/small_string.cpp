// small_string: a diff's path text, held in place up to 40 characters.
#include <glasses/config/small_string.hpp>

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

using glasses::small_string;

namespace {
// Texts around where the characters leave the string for the heap.
std::vector<std::string> texts() {
  std::vector<std::string> out;
  for (std::size_t n : {0, 1, 15, 16, 39, 40, 41, 42, 100}) {
    std::string text;
    for (std::size_t i = 0; i < n; ++i) text += static_cast<char>('a' + i % 26);
    out.push_back(text);
  }
  return out;
}
}  // namespace

BOOST_AUTO_TEST_CASE(holds_its_text_on_either_side_of_the_inline_capacity) {
  BOOST_TEST(small_string::inline_capacity == 40u);
  for (auto const& text : texts()) {
    small_string s(text);
    BOOST_TEST(s.view() == text);
    BOOST_TEST(s.size() == text.size());
    BOOST_TEST(s.empty() == text.empty());
    BOOST_TEST(s.str() == text);
    BOOST_TEST(std::string(s.begin(), s.end()) == text);
  }
  BOOST_TEST(small_string().view() == "");
  BOOST_TEST(small_string(3, '.').view() == "...");
}

BOOST_AUTO_TEST_CASE(copies_and_moves_keep_the_text_and_leave_the_source_usable) {
  for (auto const& text : texts()) {
    small_string original(text);
    small_string copy(original);
    BOOST_TEST(copy == original);
    small_string moved(std::move(original));
    BOOST_TEST(moved.view() == text);
    BOOST_TEST(original.empty());  // a moved-from string is empty, and may be written again
    original = small_string("again");
    BOOST_TEST(original == "again");
    for (auto const& other : texts()) {
      small_string target(other);
      target = copy;
      BOOST_TEST(target.view() == text);
      small_string source(other);
      target = std::move(source);
      BOOST_TEST(target.view() == other);
      BOOST_TEST(source.empty());
    }
    small_string& same = copy;  // through a reference: assigning a string to itself
    copy = same;
    BOOST_TEST(copy.view() == text);
    copy = std::move(same);
    BOOST_TEST(copy.view() == text);
  }
}

BOOST_AUTO_TEST_CASE(assign_for_overwrite_moves_between_inline_and_heap) {
  small_string s("short");
  auto const all = texts();
  for (auto const& text : all) {
    char* at = s.assign_for_overwrite(text.size());
    text.copy(at, text.size());
    BOOST_TEST(s.view() == text);
    BOOST_TEST(static_cast<void const*>(s.data()) == static_cast<void const*>(at));  // as pointers, not C strings
  }
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    auto const& text = *it;
    text.copy(s.assign_for_overwrite(text.size()), text.size());
    BOOST_TEST(s.view() == text);
  }
}

BOOST_AUTO_TEST_CASE(compares_and_prints_as_its_text) {
  small_string s("backbone.stages[2].depth");
  BOOST_TEST(s == "backbone.stages[2].depth");
  BOOST_TEST(!(s == "backbone.stages[2]"));
  BOOST_TEST(s == std::string("backbone.stages[2].depth"));
  BOOST_TEST(s == small_string("backbone.stages[2].depth"));
  BOOST_TEST(s[15] == '[');
  std::string_view view = s;
  BOOST_TEST(view.substr(0, 8) == "backbone");
  std::ostringstream os;
  os << s << '|' << small_string(std::string(50, 'x'));
  BOOST_TEST(os.str() == "backbone.stages[2].depth|" + std::string(50, 'x'));
}
