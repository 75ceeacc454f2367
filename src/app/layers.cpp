// Where the values of a resolved config came from (`--explain`, origin.json).
#include "layers.hpp"

#include <glasses/config/error.hpp>

#include <boost/json/parse.hpp>

namespace glasses::app_detail {
namespace {

// A scanner over valid JSON that knows the path and the position of each value.
class position_scanner {
 public:
  explicit position_scanner(std::string_view text) : text_(text) {}

  std::vector<value_position> run() {
    value("");
    return std::move(found_);
  }

 private:
  void value(std::string const& path) {
    space();
    if (at_ >= text_.size()) return;
    char c = text_[at_];
    if (c == '{') return object(path);
    found_.push_back({path, line_, column()});
    if (c == '[') return skip_array();
    if (c == '"') return void(string());
    while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '}' && text_[at_] != ']' &&
           !is_space(text_[at_]))
      ++at_;
  }

  void object(std::string const& path) {
    ++at_;  // {
    for (;;) {
      space();
      if (at_ >= text_.size() || text_[at_] == '}') break;
      if (text_[at_] == ',') {
        ++at_;
        continue;
      }
      std::string key = string();
      space();
      ++at_;  // :
      std::string child = path;
      detail::append_path_key(child, key);
      value(child);
    }
    ++at_;
  }

  // Arrays are leaves: their elements are not explained one by one.
  void skip_array() {
    std::size_t depth = 0;
    do {
      char c = text_[at_];
      if (c == '"') {
        string();
        continue;
      }
      if (c == '[' || c == '{') ++depth;
      else if (c == ']' || c == '}') --depth;
      else if (c == '\n') newline();
      ++at_;
    } while (depth > 0 && at_ < text_.size());
  }

  // Reads a string literal and returns its content.
  std::string string() {
    std::size_t begin = at_++;
    bool escaped = false;
    while (at_ < text_.size() && text_[at_] != '"') {
      if (text_[at_] == '\\') ++at_, escaped = true;
      ++at_;
    }
    ++at_;
    std::string_view literal = text_.substr(begin, at_ - begin);
    if (!escaped) return std::string(literal.substr(1, literal.size() - 2));
    return std::string(boost::json::parse(literal).as_string());
  }

  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  void space() {
    while (at_ < text_.size() && is_space(text_[at_])) {
      if (text_[at_] == '\n') newline();
      ++at_;
    }
  }
  void newline() {
    ++line_;
    line_start_ = at_ + 1;
  }
  // Columns count characters, not bytes, as editors do.
  std::size_t column() const {
    std::size_t column = 1;
    for (std::size_t i = line_start_; i < at_; ++i) column += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
    return column;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  std::size_t line_ = 1;
  std::size_t line_start_ = 0;
  std::vector<value_position> found_;
};

void collect(boost::json::value const& json, std::string const& path,
             std::vector<std::pair<std::string, boost::json::value>>& out) {
  if (!json.is_object() || (json.as_object().empty() && !path.empty())) return void(out.emplace_back(path, json));
  for (auto const& [key, value] : json.as_object()) {
    std::string child = path;
    detail::append_path_key(child, key);
    collect(value, child, out);
  }
}

// Whether `path` is `at` or lies below it.
bool is_within(std::string_view path, std::string_view at) {
  if (!path.starts_with(at)) return false;
  return path.size() == at.size() || at.empty() || path[at.size()] == '.' || path[at.size()] == '[';
}

}  // namespace

std::vector<value_position> value_positions(std::string_view text) { return position_scanner(text).run(); }

std::vector<std::pair<std::string, boost::json::value>> leaves(boost::json::value const& json) {
  std::vector<std::pair<std::string, boost::json::value>> out;
  collect(json, "", out);
  return out;
}

void origins::set(std::string path, std::string source) { records_.emplace_back(std::move(path), std::move(source)); }

std::string origins::of(std::string_view leaf) const {
  // A leaf set whole or by an ancestor (`backbone=vit`), or in part (`widths[0]=5`).
  for (auto it = records_.rbegin(); it != records_.rend(); ++it)
    if (is_within(leaf, it->first) || is_within(it->first, leaf)) return it->second;
  return "default";
}

}  // namespace glasses::app_detail
