#include <glasses/config/detail/leaves.hpp>
#include <glasses/config/detail/reader.hpp>
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

// The text of a key's literal. A text cut at a syntax error may end inside one; it is then
// the literal without its opening quote.
std::string key_text(std::string_view literal, bool escaped) {
  bool const closed = literal.size() >= 2 && literal.back() == '"';
  if (!escaped) return std::string(literal.substr(1, literal.size() - (closed ? 2 : 1)));
  boost::json::error_code ec;
  boost::json::value const key = boost::json::parse(literal, ec);
  return !ec && key.is_string() ? std::string(key.as_string()) : std::string(literal.substr(1));
}

// Walks valid JSON, or the part of a text before its syntax error, calling `visit(path,
// begin, end)` for each value it reports: only the leaves (arrays whole), or every value,
// the containers (their end npos) and what they hold when `enter` says to. The walk
// recurses: what it enters bounds its depth.
class value_scanner {
 public:
  using visitor = std::function<void(std::string const&, std::size_t, std::size_t)>;
  using entry_rule = std::function<bool(std::string const&)>;
  enum class reach { leaves, every_value };
  value_scanner(std::string_view text, reach what, void (*append_key)(std::string&, std::string_view),
                visitor const& visit, entry_rule const* enter = nullptr)
      : text_(text), what_(what), append_key_(append_key), visit_(visit), enter_(enter) {}

  void value() {
    at_ = skip_space(text_, at_);
    if (at_ >= text_.size()) return;
    std::size_t const begin = at_;
    std::size_t const end = leaf_end(text_, begin);
    bool const container = end == npos || text_[begin] == '[';
    if (container && what_ == reach::every_value) {
      visit_(path_, begin, npos);
      if (!(*enter_)(path_)) {
        at_ = skip_container(text_, begin);
        return;
      }
      return text_[begin] == '[' ? array() : object();
    }
    if (end == npos) return object();
    at_ = end;
    visit_(path_, begin, end);
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
      append_key_(path_, key_text(literal, escaped));
      value();
      path_.resize(mark);
    }
    ++at_;
  }
  void array() {
    ++at_;  // [
    for (std::size_t index = 0;; ++index) {
      at_ = skip_space(text_, at_);
      if (at_ < text_.size() && text_[at_] == ',') at_ = skip_space(text_, at_ + 1);
      if (at_ >= text_.size() || text_[at_] == ']') break;
      std::size_t mark = path_.size();
      append_path_index(path_, index);
      value();
      path_.resize(mark);
    }
    ++at_;
  }

  std::string_view text_;
  reach what_;
  void (*append_key_)(std::string&, std::string_view);
  visitor const& visit_;
  entry_rule const* enter_;  // set for every_value
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

std::vector<text_position> positions(std::string_view text, std::vector<std::size_t> const& offsets) {
  std::vector<std::size_t> order(offsets.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });
  std::vector<text_position> out(offsets.size());
  // A byte order mark is no character an editor shows.
  std::size_t line = 1, column = 1, at = text.starts_with(byte_order_mark) ? byte_order_mark.size() : 0;
  for (std::size_t i : order) {
    std::size_t const offset = offsets[i];
    if (offset > text.size()) continue;
    for (; at < offset; ++at) {
      if (text[at] == '\n') ++line, column = 1;
      else column += (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
    }
    out[i] = {line, column};
  }
  return out;
}

void for_each_leaf(std::string_view text, std::function<void(std::string const&, std::string_view)> const& leaf) {
  value_scanner::visitor const visit = [&](std::string const& path, std::size_t begin, std::size_t end) {
    leaf(path, text.substr(begin, end - begin));
  };
  value_scanner(text, value_scanner::reach::leaves, append_path_key, visit).value();
}

std::string_view value_at(std::string_view text, std::string_view path) {
  std::string_view found;
  value_scanner::entry_rule const enter = [&](std::string const& at) { return at != path && path_within(path, at); };
  value_scanner::visitor const visit = [&](std::string const& at, std::size_t begin, std::size_t end) {
    if (at == path) found = text.substr(begin, (end == npos ? skip_container(text, begin) : end) - begin);
  };
  value_scanner(text, value_scanner::reach::every_value, append_path_key, visit, &enter).value();
  return found;
}

void for_each_value(std::string_view text, std::function<bool(std::string const& path)> const& enter,
                    std::function<void(std::string const& path, std::size_t offset)> const& at) {
  value_scanner::visitor const visit = [&](std::string const& path, std::size_t begin, std::size_t) { at(path, begin); };
  value_scanner(text, value_scanner::reach::every_value, append_input_key, visit, &enter).value();
}

namespace {
void missing_keys(
    boost::json::value const& from, boost::json::value const& to, std::string& path,
    std::function<void(std::string const& path, std::string_view key, boost::json::value const& value)> const& missing) {
  if (!from.is_object() || !to.is_object() || to.as_object().empty()) return;
  auto const *from_type = from.as_object().if_contains("type"), *to_type = to.as_object().if_contains("type");
  if ((from_type || to_type) && !(from_type && to_type && *from_type == *to_type)) return;
  for (auto const& [key, value] : from.as_object()) {
    auto const* kept = to.as_object().if_contains(key);
    if (!kept) {
      missing(path, key, value);
      continue;
    }
    std::size_t const size = path.size();
    append_path_key(path, key);
    missing_keys(value, *kept, path, missing);
    path.resize(size);
  }
}
}  // namespace

void for_each_missing_key(
    boost::json::value const& from, boost::json::value const& to,
    std::function<void(std::string const& path, std::string_view key, boost::json::value const& value)> const& missing) {
  std::string path;
  missing_keys(from, to, path, missing);
}

}  // namespace glasses::detail
