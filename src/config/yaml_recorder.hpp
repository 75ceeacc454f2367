// The recorder of YAML events (yaml_parts.hpp's recording), private to src/config: fed by
// yaml-cpp's event handler (yaml_record.cpp) or by the fast scanner (yaml_scan.cpp), so that
// both make the same recording from the same events. It resolves scalars by the YAML 1.2
// core schema and checks tags, keys, anchors, depth and alias expansion (yaml_recorder.cpp).
#ifndef GLASSES_SRC_CONFIG_YAML_RECORDER_HPP
#define GLASSES_SRC_CONFIG_YAML_RECORDER_HPP

#include "yaml_parts.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace glasses::detail {

/// A problem with the text itself, where it is (an offset into the text, or npos when
/// unknown): reported with no path, as JSON syntax errors are.
struct text_problem {
  std::size_t offset;
  std::string message;
};

/// Records one document's events. Tags are yaml-cpp's: "?" for a plain scalar or a
/// collection without a tag, "!" for a quoted one, else the resolved tag. Anchors are
/// yaml-cpp's numbers (0 for none). Throws text_problem.
class yaml_recorder {
 public:
  yaml_recorder(recording& out, std::size_t text_size, std::size_t max_depth)
      : out_(out), max_depth_(max_depth), max_weight_(10 * text_size + 100'000) {}

  /// The scalars' values are known to be UTF-8 (the fast scanner checks the whole text).
  void values_are_utf8() { utf8_known_ = true; }

  void document_start(std::size_t offset);
  void null(std::size_t offset, std::size_t anchor = 0);
  void scalar(std::size_t offset, std::string_view tag, std::size_t anchor, std::string_view value);
  void sequence_start(std::size_t offset, std::string_view tag, std::size_t anchor) {
    open(offset, tag, anchor, yaml_node::type::sequence);
  }
  void map_start(std::size_t offset, std::string_view tag, std::size_t anchor) {
    open(offset, tag, anchor, yaml_node::type::mapping);
  }
  /// The end of the innermost open mapping or sequence.
  void end();
  /// The name of the anchor that the next anchored node's number stands for.
  void anchor_name(std::string name) { anchor_name_ = std::move(name); }
  void alias(std::size_t offset, std::size_t anchor);
  /// After the last event: a text without a document is a problem.
  void finish() const;

 private:
  static constexpr std::size_t no_node = std::size_t(-1);

  struct container {
    std::size_t node;
    bool is_mapping;
    bool key_next;
  };

  bool key_next() const { return !open_.empty() && open_.back().is_mapping && open_.back().key_next; }
  scalar_event resolve(std::size_t offset, std::string_view tag, std::string_view value, std::string& literal);
  void record_scalar(std::size_t offset, std::size_t anchor, scalar_event const& value, std::string_view text);
  void open(std::size_t offset, std::string_view tag, std::size_t anchor, yaml_node::type what);
  void add(yaml_node const& n, std::size_t weight, std::size_t height);
  void finished(std::size_t weight, std::size_t height);
  void anchored(std::size_t anchor);

  recording& out_;
  std::size_t max_depth_;
  std::size_t max_weight_;
  std::size_t expanded_ = 0;
  int documents_ = 0;
  bool utf8_known_ = false;
  std::vector<container> open_;
  std::vector<std::size_t> anchors_;
  std::vector<std::string> names_;
  std::string anchor_name_;
  std::string literal_;  // reused by each scalar
};

/// The fast scanner (yaml_scan.cpp): records the text into `events` when it lies within the
/// block-YAML subset that the scanner knows to read exactly as yaml-cpp does, and returns
/// true; returns false (declines) for anything else, or for any problem, recorded or not,
/// so that yaml-cpp reads the whole text again and reports it.
bool scan_simple_yaml(std::string_view text, yaml_recorder& events);

}  // namespace glasses::detail

#endif
