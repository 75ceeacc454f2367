#include <glasses/config/detail/leaves.hpp>
#include <glasses/config/error.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>

namespace glasses::detail {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view text, std::size_t at) {
  while (at < text.size() && is_space(text[at])) ++at;
  return at;
}

// Past the string literal at `at`; `escaped` tells whether it holds an escape.
std::size_t skip_string(std::string_view text, std::size_t at, bool& escaped) {
  escaped = false;
  ++at;
  while (at < text.size() && text[at] != '"') {
    if (text[at] == '\\') ++at, escaped = true;
    ++at;
  }
  return std::min(at + 1, text.size());  // an unterminated string ends with the text
}

// Past the array or object at `at`.
std::size_t skip_container(std::string_view text, std::size_t at) {
  std::size_t depth = 0;
  do {
    char const c = text[at];
    if (c == '"') {
      bool escaped;
      at = skip_string(text, at, escaped);
      continue;
    }
    if (c == '[' || c == '{') ++depth;
    else if (c == ']' || c == '}') --depth;
    ++at;
  } while (depth > 0 && at < text.size());
  return at;
}

bool empty_object(std::string_view text, std::size_t at) {
  std::size_t const next = skip_space(text, at + 1);
  return next < text.size() && text[next] == '}';
}

class leaf_scanner {
 public:
  leaf_scanner(std::string_view text, std::function<void(std::string const&, std::string_view)> const& leaf)
      : text_(text), leaf_(leaf) {}

  void value() {
    at_ = skip_space(text_, at_);
    if (at_ >= text_.size()) return;
    std::size_t const begin = at_;
    std::size_t const end = leaf_end(text_, begin);
    if (end == npos) return object();
    at_ = end;
    leaf_(path_, text_.substr(begin, end - begin));
  }

 private:
  void object() {
    ++at_;  // {
    for (;;) {
      at_ = skip_space(text_, at_);
      if (at_ >= text_.size() || text_[at_] == '}') break;
      if (text_[at_] == ',') {
        ++at_;
        continue;
      }
      std::size_t const key_begin = at_;
      bool escaped;
      at_ = skip_string(text_, at_, escaped);
      std::string_view literal = text_.substr(key_begin, at_ - key_begin);
      at_ = skip_space(text_, at_) + 1;  // past ':'
      std::size_t mark = path_.size();
      if (escaped) append_path_key(path_, boost::json::parse(literal).as_string());
      else append_path_key(path_, literal.substr(1, literal.size() - 2));
      value();
      path_.resize(mark);
    }
    ++at_;
  }

  std::string_view text_;
  std::function<void(std::string const&, std::string_view)> const& leaf_;
  std::size_t at_ = 0;
  std::string path_;
};

}  // namespace

std::size_t leaf_end(std::string_view text, std::size_t at) {
  if (at >= text.size()) return npos;
  char const c = text[at];
  if (c == '{' && !empty_object(text, at)) return npos;
  if (c == '{' || c == '[') return skip_container(text, at);
  if (c == '"') {
    bool escaped;
    return skip_string(text, at, escaped);
  }
  while (at < text.size() && text[at] != ',' && text[at] != '}' && text[at] != ']' && !is_space(text[at])) ++at;
  return at;
}

void for_each_leaf(std::string_view text, std::function<void(std::string const&, std::string_view)> const& leaf) {
  leaf_scanner(text, leaf).value();
}

}  // namespace glasses::detail
