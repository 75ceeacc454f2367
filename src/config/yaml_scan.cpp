// The fast scanner (yaml_recorder.hpp): a hand-written reader of the block YAML that
// dump_yaml writes and that people write by hand, which feeds the recorder the very events
// yaml-cpp would, with the same marks (offsets), tags and texts. Its subset:
// - block mappings and sequences by indentation (spaces only), a sequence in a mapping at
//   the mapping's own indentation included, and empty values;
// - plain, single-quoted and double-quoted scalars on one line (the escapes of yaml-cpp);
// - flow sequences and mappings on one line (`[1, 2]`, `{type: x, dropout: 0.2}`), nested;
// - `#` comments, blank lines, and one `---` line before the document.
// Anything else declines, and yaml-cpp reads the whole text again: tabs, carriage returns,
// control characters, text that is not UTF-8 or holds characters YAML reads as line
// breaks, a byte order mark, anchors, aliases, tags, block scalars, directives, `...`, a
// second `---`, complex keys, multi-line scalars and flows, trailing or empty flow
// entries, and any problem at all, in the text or in what the recorder checks. The
// differential test (test/yaml.cpp) and the YAML fuzzer hold it to yaml-cpp's records.
#include "yaml_recorder.hpp"

#include <glasses/config/error.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace glasses::detail {
namespace {

/// Thrown to decline the text.
struct decline {};

/// Deeper than this, the scanner declines: its recursion stays shallow whatever the text.
constexpr int max_scan_depth = 200;

class scanner {
 public:
  scanner(std::string_view text, yaml_recorder& out) : t_(text), out_(out) {}

  void run() {
    std::size_t const marker = check_characters();
    out_.values_are_utf8();  // the text is, and escapes write UTF-8
    out_.document_start(0);
    skip_blank();
    if (marker != npos) {
      // One `---` line, before the document's first node; anything else with a marker or a
      // directive (`...`, a second `---`, `%YAML`) is for yaml-cpp.
      if (p_ != marker || t_.substr(p_, 3) != "---" || !blank_or_end(p_ + 3)) throw decline{};
      p_ += 3;
      end_of_line();
      skip_blank();
    }
    if (at_end()) throw decline{};  // an empty document: yaml-cpp says what is wrong with it
    node(column());
    if (!at_end()) throw decline{};
    out_.finish();
  }

 private:
  static constexpr std::size_t npos = std::string_view::npos;

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

  /// Declines a character that yaml-cpp might read otherwise than as text of this subset,
  /// and returns the offset of the only line that starts with `---`, `...` or `%` (npos for
  /// none); declines when there are more.
  std::size_t check_characters() const {
    std::size_t marker = npos;
    auto line_start = [&](std::size_t i) {
      std::string_view const line = t_.substr(i, 3);
      if (line == "---" || line == "..." || line.starts_with('%')) {
        if (marker != npos) throw decline{};
        marker = i;
      }
    };
    line_start(0);
    for (std::size_t i = 0; i < t_.size(); ++i) {
      auto const c = static_cast<unsigned char>(t_[i]);
      if (c >= 0x20 && c < 0x7f) continue;  // printable ASCII
      if (c == '\n') {
        line_start(i + 1);
      } else if (c < 0x80) {
        throw decline{};  // tabs, carriage returns, control characters, DEL
      } else {
        std::size_t length = 0;
        std::uint32_t const code = yaml_scalar::code_point(t_, i, length);
        if (length == 0 || yaml_scalar::needs_escape(code)) throw decline{};
        i += length - 1;
      }
    }
    return marker;
  }

  /// Spaces, comments and line breaks up to the next content or the end. Called only where
  /// a comment may start: at a line's start, or after a space.
  void skip_blank() {
    for (;;) {
      skip_spaces();
      char const c = at(p_);
      if (c == '#') {
        skip_comment();
      } else if (c == '\n') {
        line_ = ++p_;
      } else {
        return;
      }
    }
  }

  /// After a node that ends on its line: spaces, then the line's end or a comment.
  void end_of_line() {
    std::size_t const start = p_;
    skip_spaces();
    char const c = at(p_);
    if (c == '\n' || c == '\0') return;
    if (c == '#' && p_ > start) return skip_comment();
    throw decline{};
  }

  /// yaml-cpp refuses a key whose ':' is more than 1024 characters after its start (YAML's
  /// limit on implicit keys); the scanner leaves long keys to it, with a margin.
  void check_key_length(token const& key) const {
    if (p_ - key.offset > 512) throw decline{};
  }

  void enter() {
    if (++depth_ > max_scan_depth) throw decline{};
  }

  /// A block node that starts at p_, in column `col`; returns at the next content.
  void node(std::size_t col) {
    enter();
    char const c = at(p_);
    if (block_entry()) {
      sequence(col);
    } else if (c == '[' || c == '{') {
      flow();
      end_of_node();
    } else {
      token const first = scalar(false);
      std::size_t const after = p_;
      skip_spaces();
      if (at(p_) == ':' && blank_or_end(p_ + 1)) {
        check_key_length(first);
        mapping(col, first);
      } else {
        p_ = after;
        emit(first);
        end_of_node();
      }
    }
    --depth_;
  }

  /// After a scalar or a flow: the rest of its line, then on to the next content.
  void end_of_node() {
    end_of_line();
    skip_blank();
  }

  /// A block mapping in column `col` whose first key is `key`, with p_ before its ':'.
  void mapping(std::size_t col, token key) {
    out_.map_start(key.offset, "?", 0);
    for (;;) {
      emit(key);
      ++p_;  // the ':', followed by a space or the line's end
      value(col);
      if (at_end()) break;
      std::size_t const next = column();
      if (next < col) break;
      char const c = at(p_);
      if (next > col || c == '[' || c == '{' || block_entry()) throw decline{};
      key = scalar(false);
      skip_spaces();
      if (at(p_) != ':' || !blank_or_end(p_ + 1)) throw decline{};
      check_key_length(key);
    }
    out_.end();
  }

  /// The value of a block mapping's entry in column `col`, after its ':'.
  void value(std::size_t col) {
    std::size_t const start = p_;
    skip_spaces();
    char const c = at(p_);
    if (c == '\n' || c == '\0' || (c == '#' && p_ > start)) {
      skip_comment();
      skip_blank();
      if (!at_end() && column() > col) return node(column());
      if (!at_end() && column() == col && block_entry()) return sequence(col);
      return out_.null(p_);  // yaml-cpp marks an empty value where the next token is
    }
    if (block_entry()) throw decline{};  // yaml-cpp: "illegal block entry"
    if (c == '[' || c == '{') {
      flow();
    } else {
      token const v = scalar(false);
      std::size_t const after = p_;
      skip_spaces();
      if (at(p_) == ':' && blank_or_end(p_ + 1)) throw decline{};  // `a: b: c`
      p_ = after;
      emit(v);
    }
    end_of_node();
    if (!at_end() && column() > col) throw decline{};  // a multi-line scalar, or worse
  }

  /// A block sequence in column `col`, with p_ at its first '-'.
  void sequence(std::size_t col) {
    out_.sequence_start(p_, "?", 0);
    for (;;) {
      ++p_;  // the '-'
      std::size_t const start = p_;
      skip_spaces();
      char const c = at(p_);
      if (c == '\n' || c == '\0' || (c == '#' && p_ > start)) {
        skip_comment();
        skip_blank();
        if (!at_end() && column() > col) node(column());
        else out_.null(p_);
      } else {
        node(column());  // on the entry's line: its column counts "- " and spaces, all ASCII
      }
      if (at_end()) break;
      std::size_t const next = column();
      if (next < col) break;
      if (next > col) throw decline{};
      if (!block_entry()) break;  // the next key of a mapping in the same column
    }
    out_.end();
  }

  /// A flow sequence or mapping that ends on its line, with p_ at its '[' or '{'.
  void flow() {
    enter();
    bool const is_mapping = at(p_) == '{';
    char const close = is_mapping ? '}' : ']';
    if (is_mapping) out_.map_start(p_, "?", 0);
    else out_.sequence_start(p_, "?", 0);
    ++p_;
    flow_spaces();
    if (at(p_) == close) {
      ++p_;
    } else {
      for (;;) {
        if (is_mapping) {
          if (at(p_) == '[' || at(p_) == '{') throw decline{};
          token const key = scalar(true);
          emit(key);
          flow_spaces();
          if (at(p_) != ':' || at(p_ + 1) != ' ') throw decline{};
          check_key_length(key);
          ++p_;
          flow_spaces();
        }
        if (at(p_) == '[' || at(p_) == '{') flow();
        else emit(scalar(true));
        flow_spaces();
        char const c = at(p_);
        if (c == ',') {
          ++p_;
          flow_spaces();
          if (at(p_) == close || at(p_) == ',') throw decline{};  // a trailing or empty entry
          continue;
        }
        if (c != close) throw decline{};  // a compact mapping `[a: 1]`, or a syntax error
        ++p_;
        break;
      }
    }
    out_.end();
    --depth_;
  }

  /// Spaces inside a flow; its line must not end.
  void flow_spaces() {
    skip_spaces();
    char const c = at(p_);
    if (c == '\n' || c == '\0' || c == '#') throw decline{};
  }

  /// A scalar on one line, with p_ at its first character; p_ ends after it (after its last
  /// non-space character for a plain one).
  token scalar(bool in_flow) {
    token out;
    out.offset = p_;
    char const c = at(p_);
    if (c == '"') return out.plain = false, out.value = double_quoted(), out;
    if (c == '\'') return out.plain = false, out.value = single_quoted(), out;
    // What cannot start a plain scalar, or starts one that this subset leaves to yaml-cpp.
    if (kind(c) & cannot_start) throw decline{};
    if (c == '-' && (blank_or_end(p_ + 1) || (in_flow && (kind(at(p_ + 1)) & flow_stop)))) throw decline{};
    std::size_t const start = p_;
    unsigned char const stop = in_flow ? block_stop | flow_stop : block_stop;
    for (;; ++p_) {
      while (p_ < t_.size() && !(kind(t_[p_]) & stop)) ++p_;
      char const d = at(p_);
      if (d == '\n' || d == '\0') break;
      if (d == ':') {
        if (in_flow) {
          if (at(p_ + 1) == ' ') break;
          throw decline{};  // `{a:1}`, `[x:y]`: yaml-cpp's flow rules for ':' are its own
        }
        if (blank_or_end(p_ + 1)) break;
      } else if (d == '#') {
        if (t_[p_ - 1] != ' ') continue;
        if (in_flow) throw decline{};  // a comment inside a flow
        break;
      } else if (d == '?') {
        throw decline{};  // in a flow, where yaml-cpp ends the scalar there
      } else {
        break;  // a flow's , [ ] { }
      }
    }
    std::size_t end = p_;
    while (end > start && t_[end - 1] == ' ') --end;
    p_ = end;
    out.value = t_.substr(start, end - start);
    return out;
  }

  // Character classes of plain scalars, from one table.
  static constexpr unsigned char cannot_start = 1;  // blank, end, indicator (or left to yaml-cpp)
  static constexpr unsigned char block_stop = 2;    // where a plain scalar may end: \n, end, ':', '#'
  static constexpr unsigned char flow_stop = 4;     // and in a flow: , [ ] { } ?
  static unsigned char kind(char c) {
    static constexpr auto table = [] {
      std::array<unsigned char, 256> t{};
      for (unsigned char c : std::string_view(" \n,[]{}#&*!|>%@`?:")) t[c] |= cannot_start;
      t[0] |= cannot_start | block_stop;
      for (unsigned char c : std::string_view("\n:#")) t[c] |= block_stop;
      for (unsigned char c : std::string_view(",[]{}?")) t[c] |= flow_stop;
      return t;
    }();
    return table[static_cast<unsigned char>(c)];
  }

  std::string_view single_quoted() {
    std::size_t run = ++p_;
    bool copied = false;
    for (;; ++p_) {
      char const c = at(p_);
      if (c == '\n' || c == '\0') throw decline{};
      if (c != '\'') continue;
      if (at(p_ + 1) != '\'') break;
      append(copied, run, p_ + 1);  // the first quote of ''
      run = ++p_ + 1;
    }
    return finish_quoted(copied, run);
  }

  std::string_view double_quoted() {
    std::size_t run = ++p_;
    bool copied = false;
    for (;;) {
      char const c = at(p_);
      if (c == '\n' || c == '\0') throw decline{};
      if (c == '"') break;
      if (c != '\\') {
        ++p_;
        continue;
      }
      append(copied, run, p_);
      char const e = at(p_ + 1);
      p_ += 2;
      switch (e) {
        case '0': buffer_ += '\0'; break;
        case 'a': buffer_ += '\x07'; break;
        case 'b': buffer_ += '\x08'; break;
        case 't': buffer_ += '\x09'; break;
        case 'n': buffer_ += '\x0a'; break;
        case 'v': buffer_ += '\x0b'; break;
        case 'f': buffer_ += '\x0c'; break;
        case 'r': buffer_ += '\x0d'; break;
        case 'e': buffer_ += '\x1b'; break;
        case ' ': buffer_ += ' '; break;
        case '"': buffer_ += '"'; break;
        case '\'': buffer_ += '\''; break;
        case '\\': buffer_ += '\\'; break;
        case '/': buffer_ += '/'; break;
        case 'L': buffer_ += "\xe2\x80\xa8"; break;
        case 'P': buffer_ += "\xe2\x80\xa9"; break;
        case 'x': hex(2); break;
        case 'u': hex(4); break;
        case 'U': hex(8); break;
        default: throw decline{};  // \N and \_ (not UTF-8 as yaml-cpp writes them), a line break, ...
      }
      run = p_;
    }
    return finish_quoted(copied, run);
  }

  /// The code point of `digits` hexadecimal digits at p_, as yaml-cpp writes it: UTF-8.
  void hex(int digits) {
    std::uint32_t code = 0;
    for (int i = 0; i < digits; ++i, ++p_) {
      char const c = at(p_);
      std::uint32_t d;
      if (c >= '0' && c <= '9') d = static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') d = static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') d = static_cast<std::uint32_t>(c - 'A' + 10);
      else throw decline{};
      code = code << 4 | d;
    }
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) throw decline{};
    auto byte = [&](std::uint32_t b) { buffer_ += static_cast<char>(static_cast<unsigned char>(b)); };
    if (code <= 0x7f) {
      byte(code);
    } else if (code <= 0x7ff) {
      byte(0xc0 + (code >> 6)), byte(0x80 + (code & 0x3f));
    } else if (code <= 0xffff) {
      byte(0xe0 + (code >> 12)), byte(0x80 + ((code >> 6) & 0x3f)), byte(0x80 + (code & 0x3f));
    } else {
      byte(0xf0 + (code >> 18)), byte(0x80 + ((code >> 12) & 0x3f)), byte(0x80 + ((code >> 6) & 0x3f)),
          byte(0x80 + (code & 0x3f));
    }
  }

  /// Text from `run` to `end` into the buffer, which the first call empties.
  void append(bool& copied, std::size_t run, std::size_t end) {
    if (!copied) buffer_.clear(), copied = true;
    buffer_.append(t_.substr(run, end - run));
  }

  /// The quoted scalar's value, with p_ at its closing quote, which it passes.
  std::string_view finish_quoted(bool copied, std::size_t run) {
    std::size_t const end = p_++;
    if (!copied) return t_.substr(run, end - run);
    buffer_.append(t_.substr(run, end - run));
    return buffer_;
  }

  void emit(token const& k) {
    // yaml-cpp's null: a plain scalar that is empty, ~, null, Null or NULL.
    std::string_view const v = k.value;
    if (k.plain && (v == "~" || v == "null" || v == "Null" || v == "NULL")) return out_.null(k.offset);
    out_.scalar(k.offset, k.plain ? "?" : "!", 0, v);
  }

  std::string_view t_;
  yaml_recorder& out_;
  std::size_t p_ = 0;     // where the scanner is
  std::size_t line_ = 0;  // where its line starts
  int depth_ = 0;
  std::string buffer_;    // the value of a quoted scalar with escapes
};

}  // namespace

bool scan_simple_yaml(std::string_view text, yaml_recorder& events) {
  try {
    scanner(text, events).run();
    return true;
  } catch (decline const&) {
    return false;
  }
}

}  // namespace glasses::detail
