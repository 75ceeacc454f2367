// The fast scanner's class (scan_simple_yaml, yaml_recorder.hpp), private to src/config:
// its state and the small helpers that both of its halves use. yaml_scan.cpp holds the
// subset it reads, its entry and the block structure; yaml_scan_flow.cpp what lies on one
// line, the scalars and flows.
#ifndef GLASSES_SRC_CONFIG_YAML_SCANNER_HPP
#define GLASSES_SRC_CONFIG_YAML_SCANNER_HPP

#include "yaml_recorder.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace glasses::detail {

/// Reads one text of the scanner's subset into the recorder, or throws decline.
class yaml_scanner {
 public:
  /// Thrown to decline the text.
  struct decline {};

  yaml_scanner(std::string_view text, yaml_recorder& out) : t_(text), out_(out) {}

  void run();

 private:
  static constexpr std::size_t npos = std::string_view::npos;
  /// Deeper than this, the scanner declines: its recursion stays shallow whatever the text.
  static constexpr int max_scan_depth = 200;

  struct token {
    std::size_t offset = 0;
    std::string_view value;
    bool plain = true;
  };

  char at(std::size_t i) const { return i < t_.size() ? t_[i] : '\0'; }  // the text holds no NUL
  bool blank_or_end(std::size_t i) const {
    char const c = at(i);
    return c == ' ' || c == '\n' || c == '\0';
  }
  bool at_end() const { return p_ >= t_.size(); }
  std::size_t column() const { return p_ - line_; }
  bool block_entry() const { return at(p_) == '-' && blank_or_end(p_ + 1); }
  void skip_spaces() {
    while (at(p_) == ' ') ++p_;
  }
  void skip_comment() {
    while (p_ < t_.size() && t_[p_] != '\n') ++p_;
  }

  /// yaml-cpp refuses a key whose ':' is more than 1024 characters after its start (YAML's
  /// limit on implicit keys); the scanner leaves long keys to it, with a margin.
  void check_key_length(token const& key) const {
    if (p_ - key.offset > 512) throw decline{};
  }

  void enter() {
    if (++depth_ > max_scan_depth) throw decline{};
  }

  // The block structure (yaml_scan.cpp).
  std::size_t check_characters() const;
  void skip_blank();
  void end_of_line();
  bool node_on_later_line();
  void node(std::size_t col);
  void end_of_node();
  void mapping(std::size_t col, token key);
  void value(std::size_t col);
  void sequence(std::size_t col);

  // What lies on one line (yaml_scan_flow.cpp).
  void flow();
  void flow_spaces();
  token scalar(bool in_flow);
  std::string_view single_quoted();
  std::string_view double_quoted();
  void hex(int digits);
  void append(bool& copied, std::size_t run, std::size_t end);
  std::string_view finish_quoted(bool copied, std::size_t run);
  void emit(token const& k);

  std::string_view t_;
  yaml_recorder& out_;
  std::size_t p_ = 0;     // where the scanner is
  std::size_t line_ = 0;  // where its line starts
  int depth_ = 0;
  std::string buffer_;    // the value of a quoted scalar with escapes
};

}  // namespace glasses::detail

#endif
