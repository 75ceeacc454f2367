// The fast scanner's nodes that lie on one line (YAML's flow styles, yaml_scanner.hpp):
// flow sequences and mappings, plain, single-quoted and double-quoted scalars with
// yaml-cpp's escapes, and the recorder's event for each scalar. Whatever yaml-cpp might
// read otherwise, it declines.
#include "yaml_scanner.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace glasses::detail {
namespace {

// Character classes of plain scalars, from one table.
constexpr unsigned char cannot_start = 1;  // blank, end, indicator (or left to yaml-cpp)
constexpr unsigned char block_stop = 2;    // where a plain scalar may end: \n, end, ':', '#'
constexpr unsigned char flow_stop = 4;     // and in a flow: , [ ] { } ?
unsigned char kind(char c) {
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

}  // namespace

/// A flow sequence or mapping that ends on its line, with p_ at its '[' or '{'.
void yaml_scanner::flow() {
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
void yaml_scanner::flow_spaces() {
  skip_spaces();
  char const c = at(p_);
  if (c == '\n' || c == '\0' || c == '#') throw decline{};
}

/// A scalar on one line, with p_ at its first character; p_ ends after it (after its last
/// non-space character for a plain one).
yaml_scanner::token yaml_scanner::scalar(bool in_flow) {
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

std::string_view yaml_scanner::single_quoted() {
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

std::string_view yaml_scanner::double_quoted() {
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
void yaml_scanner::hex(int digits) {
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
void yaml_scanner::append(bool& copied, std::size_t run, std::size_t end) {
  if (!copied) buffer_.clear(), copied = true;
  buffer_.append(t_.substr(run, end - run));
}

/// The quoted scalar's value, with p_ at its closing quote, which it passes.
std::string_view yaml_scanner::finish_quoted(bool copied, std::size_t run) {
  std::size_t const end = p_++;
  if (!copied) return t_.substr(run, end - run);
  buffer_.append(t_.substr(run, end - run));
  return buffer_;
}

void yaml_scanner::emit(token const& k) {
  // yaml-cpp's null: a plain scalar that is empty, ~, null, Null or NULL.
  std::string_view const v = k.value;
  if (k.plain && (v == "~" || v == "null" || v == "Null" || v == "NULL")) return out_.null(k.offset);
  out_.scalar(k.offset, k.plain ? "?" : "!", 0, v);
}

}  // namespace glasses::detail
