#include <glasses/config/detail/leaves.hpp>
#include <glasses/config/error.hpp>

#include <boost/json/parse.hpp>

namespace glasses::detail {
namespace {

class leaf_scanner {
 public:
  leaf_scanner(std::string_view text,
               std::function<void(std::string const&, std::string_view)> const& leaf)
      : text_(text), leaf_(leaf) {}

  void value() {
    space();
    if (at_ >= text_.size()) return;
    std::size_t begin = at_;
    if (text_[at_] == '{' && !empty_object()) return object();
    if (text_[at_] == '{' || text_[at_] == '[') skip_container();
    else if (text_[at_] == '"') string();
    else
      while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '}' && text_[at_] != ']' && !is_space(text_[at_]))
        ++at_;
    leaf_(path_, text_.substr(begin, at_ - begin));
  }

 private:
  bool empty_object() {
    std::size_t next = at_ + 1;
    while (next < text_.size() && is_space(text_[next])) ++next;
    return next < text_.size() && text_[next] == '}';
  }

  void object() {
    ++at_;  // {
    for (;;) {
      space();
      if (at_ >= text_.size() || text_[at_] == '}') break;
      if (text_[at_] == ',') {
        ++at_;
        continue;
      }
      std::size_t key_begin = at_;
      bool escaped = string();
      std::string_view literal = text_.substr(key_begin, at_ - key_begin);
      space();
      ++at_;  // :
      std::size_t mark = path_.size();
      if (escaped) append_path_key(path_, boost::json::parse(literal).as_string());
      else append_path_key(path_, literal.substr(1, literal.size() - 2));
      value();
      path_.resize(mark);
    }
    ++at_;
  }

  void skip_container() {
    std::size_t depth = 0;
    do {
      char c = text_[at_];
      if (c == '"') {
        string();
        continue;
      }
      if (c == '[' || c == '{') ++depth;
      else if (c == ']' || c == '}') --depth;
      ++at_;
    } while (depth > 0 && at_ < text_.size());
  }

  // Skips a string literal; true when it holds an escape.
  bool string() {
    bool escaped = false;
    ++at_;
    while (at_ < text_.size() && text_[at_] != '"') {
      if (text_[at_] == '\\') ++at_, escaped = true;
      ++at_;
    }
    ++at_;
    return escaped;
  }

  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  void space() {
    while (at_ < text_.size() && is_space(text_[at_])) ++at_;
  }

  std::string_view text_;
  std::function<void(std::string const&, std::string_view)> const& leaf_;
  std::size_t at_ = 0;
  std::string path_;
};

}  // namespace

void for_each_leaf(std::string_view text, std::function<void(std::string const&, std::string_view)> const& leaf) {
  leaf_scanner(text, leaf).value();
}

}  // namespace glasses::detail
