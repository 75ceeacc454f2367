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
// This file holds the scanner's entry and the block structure (YAML's block styles):
// indentation, lines, comments, block mappings and sequences. What lies on one line, the
// scalars and flows, is in yaml_scan_flow.cpp; the class itself is in yaml_scanner.hpp.
#include "yaml_scanner.hpp"

#include <cstdint>
#include <string_view>

namespace glasses::detail {

void yaml_scanner::run() {
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

/// Declines a character that yaml-cpp might read otherwise than as text of this subset,
/// and returns the offset of the only line that starts with `---`, `...` or `%` (npos for
/// none); declines when there are more.
std::size_t yaml_scanner::check_characters() const {
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
void yaml_scanner::skip_blank() {
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
void yaml_scanner::end_of_line() {
  std::size_t const start = p_;
  skip_spaces();
  char const c = at(p_);
  if (c == '\n' || c == '\0') return;
  if (c == '#' && p_ > start) return skip_comment();
  throw decline{};
}

/// After a mapping's ':' or a sequence's '-': spaces, then whether the line ends there (at
/// its end or a comment), so that the entry's node is on a later line or missing; if it
/// does, on to the next content.
bool yaml_scanner::node_on_later_line() {
  std::size_t const start = p_;
  skip_spaces();
  char const c = at(p_);
  if (c != '\n' && c != '\0' && !(c == '#' && p_ > start)) return false;
  skip_comment();
  skip_blank();
  return true;
}

/// A block node that starts at p_, in column `col`; returns at the next content.
void yaml_scanner::node(std::size_t col) {
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
void yaml_scanner::end_of_node() {
  end_of_line();
  skip_blank();
}

/// A block mapping in column `col` whose first key is `key`, with p_ before its ':'.
void yaml_scanner::mapping(std::size_t col, token key) {
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
void yaml_scanner::value(std::size_t col) {
  if (node_on_later_line()) {
    if (!at_end() && column() > col) return node(column());
    if (!at_end() && column() == col && block_entry()) return sequence(col);
    return out_.null(p_);  // yaml-cpp marks an empty value where the next token is
  }
  if (block_entry()) throw decline{};  // yaml-cpp: "illegal block entry"
  char const c = at(p_);
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
void yaml_scanner::sequence(std::size_t col) {
  out_.sequence_start(p_, "?", 0);
  for (;;) {
    ++p_;  // the '-'
    if (node_on_later_line()) {
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

bool scan_simple_yaml(std::string_view text, yaml_recorder& events) {
  try {
    yaml_scanner(text, events).run();
    return true;
  } catch (yaml_scanner::decline const&) {
    return false;
  }
}

}  // namespace glasses::detail
