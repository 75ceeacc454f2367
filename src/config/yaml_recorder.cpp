// The recorder's handling of events (yaml_recorder.hpp), the same whoever reads the text:
// scalars resolved by the YAML 1.2 core schema, core tags only, string keys, one document,
// and anchors and aliases bounded in depth and in expanded size.
#include "yaml_recorder.hpp"

#include <glasses/config/error.hpp>

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

namespace glasses::detail {

using namespace yaml_scalar;

namespace {

bool is_core_tag(std::string_view tag, std::string_view name) {
  return tag.size() == core_tag_prefix.size() + name.size() && tag.starts_with(core_tag_prefix) && tag.ends_with(name);
}

/// `node` is "scalar", "mapping" or "sequence", which `tag` does not fit.
[[noreturn]] void unsupported_tag(std::size_t offset, std::string_view tag, char const* node) {
  std::string_view const name = tag.substr(tag.starts_with(core_tag_prefix) ? core_tag_prefix.size() : tag.size());
  constexpr std::string_view core[] = {"str", "int", "float", "bool", "null", "map", "seq"};
  if (tag.starts_with(core_tag_prefix) && std::find(std::begin(core), std::end(core), name) != std::end(core))
    throw text_problem{offset, "the tag " + tag_text(std::string(tag)) + " does not go with a " + node +
                                   " (a scalar takes !!str, !!int, !!float, !!bool or !!null, a mapping !!map, a "
                                   "sequence !!seq); remove the tag, or write the value it names"};
  throw text_problem{offset, "the tag " + tag_text(std::string(tag)) +
                                 " is not supported; a config uses only the YAML core schema's tags "
                                 "(!!str, !!int, !!float, !!bool, !!null, !!map, !!seq)"};
}

}  // namespace

void yaml_recorder::document_start(std::size_t offset) {
  if (documents_++ > 0)
    throw text_problem{offset,
                       "a second YAML document starts here; a config is one document (remove the \"---\" "
                       "line and what follows it, or make each document a file of its own)"};
}

void yaml_recorder::null(std::size_t offset, std::size_t anchor) {
  if (key_next())
    throw text_problem{offset, "a mapping key is empty or null; keys are strings (quote \"null\" or \"~\" "
                               "to use it as a key)"};
  record_scalar(offset, anchor, scalar_event{}, "");
}

void yaml_recorder::scalar(std::size_t offset, std::string_view tag, std::size_t anchor, std::string_view value) {
  if (!utf8_known_ && invalid_utf8_at(value) != std::string_view::npos)
    throw text_problem{offset, "the text is not UTF-8 (" + first_invalid_utf8(value) +
                                   " of this scalar); save the file as UTF-8"};
  scalar_event e;
  e.kind = scalar_event::type::string;
  literal_.clear();
  if (key_next()) {
    // Keys are strings, as in JSON: `1: x` is the key "1". Only the tag is checked.
    if (tag != "?" && tag != "!" && !is_core_tag(tag, "str")) resolve(offset, tag, value, literal_);
    return record_scalar(offset, anchor, e, value);
  }
  e = resolve(offset, tag, value, literal_);
  record_scalar(offset, anchor, e, e.kind == scalar_event::type::string ? value : std::string_view(literal_));
}

scalar_event yaml_recorder::resolve(std::size_t offset, std::string_view tag, std::string_view value,
                                    std::string& literal) {
  scalar_event e;
  e.kind = scalar_event::type::string;
  if (tag == "!" || is_core_tag(tag, "str")) return e;
  std::string_view const type = tag.substr(tag.starts_with(core_tag_prefix) ? core_tag_prefix.size() : 0);
  bool const plain = tag == "?";
  if (!plain && type != "null" && type != "bool" && type != "int" && type != "float") unsupported_tag(offset, tag, "scalar");
  if ((plain || type == "null") && is_null_word(value)) return scalar_event{};
  if ((plain || type == "bool") && read_bool(value, e)) return e;
  number_form const integer =
      plain || type == "int" || type == "float" ? read_integer(value, literal, e) : number_form::none;
  if (integer == number_form::too_large)
    throw text_problem{offset, "the integer " + quoted(value) + " does not fit in 64 bits"};
  if (integer == number_form::number) {
    if (type == "float" && e.kind != scalar_event::type::floating) {
      if (literal.empty())
        literal = e.kind == scalar_event::type::int64 ? std::to_string(e.int64) : std::to_string(e.uint64);
      std::from_chars(literal.data(), literal.data() + literal.size(), e.floating);
      e.kind = scalar_event::type::floating;
    }
    return e;
  }
  if ((plain || type == "float") && integer != number_form::leading_zero && read_float(value, literal, e)) return e;
  if (plain) return e;  // a string
  throw text_problem{offset, "the tag " + tag_text(std::string(tag)) + " does not fit " + quoted(value) +
                                 (integer == number_form::leading_zero
                                      ? "; a leading zero is octal in YAML 1.1 and decimal in YAML 1.2, "
                                        "so write the number without it"
                                      : "")};
}

void yaml_recorder::record_scalar(std::size_t offset, std::size_t anchor, scalar_event const& value,
                                  std::string_view text) {
  anchored(anchor);
  yaml_node& n = out_.nodes.emplace_back();
  n.value = value;
  n.text = out_.texts.size();
  n.size = text.size();
  n.offset = offset;
  n.weight = 1 + text.size();
  out_.texts.append(text);
  expanded_ += n.weight;
  finished(n.weight, 0);
}

void yaml_recorder::open(std::size_t offset, std::string_view tag, std::size_t anchor, yaml_node::type what) {
  bool const is_mapping = what == yaml_node::type::mapping;
  if (key_next())
    throw text_problem{offset, std::string("a mapping key is a ") + (is_mapping ? "mapping" : "sequence") +
                                   "; keys are strings"};
  if (tag != "?" && tag != "!" && !is_core_tag(tag, is_mapping ? "map" : "seq"))
    unsupported_tag(offset, tag, is_mapping ? "mapping" : "sequence");
  if (open_.size() + 1 > max_depth_) throw text_problem{offset, too_deep_message(max_depth_)};
  anchored(anchor);
  yaml_node n;
  n.what = what;
  n.offset = offset;
  n.weight = 1;
  n.height = 1;
  ++expanded_;
  open_.push_back({out_.nodes.size(), is_mapping, true});
  out_.nodes.push_back(n);
}

void yaml_recorder::end() {
  container const c = open_.back();
  open_.pop_back();
  yaml_node end;
  end.what = yaml_node::type::end;
  out_.nodes[c.node].end = out_.nodes.size();
  out_.nodes.push_back(end);
  yaml_node const& n = out_.nodes[c.node];
  finished(n.weight, n.height);
}

void yaml_recorder::alias(std::size_t offset, std::size_t anchor) {
  std::size_t const target = anchor < anchors_.size() ? anchors_[anchor] : no_node;
  // Built in place: g++ 12 -O3 sees a false overlap in "*" + name (-Wrestrict).
  std::string name = anchor < names_.size() ? names_[anchor] : std::string();
  name.insert(0, 1, '*');
  if (target == no_node) throw text_problem{offset, "the alias " + name + " refers to no anchor"};
  yaml_node const& aliased = out_.nodes[target];
  bool const is_container = aliased.what != yaml_node::type::scalar;
  if (is_container && aliased.end == 0)
    throw text_problem{offset, "the alias " + name + " is inside the node it refers to, which would "
                               "repeat forever; an alias may refer only to a node that has ended"};
  if (key_next() && is_container)
    throw text_problem{offset, "the alias " + name + " is a mapping key but refers to a " +
                                   (aliased.what == yaml_node::type::mapping ? "mapping" : "sequence") +
                                   "; keys are strings"};
  // The anchored scalar was read as a value, so its text is gone when it is not a string
  // (0x10 is kept as 16, true and null as nothing): as a key it would not be what was written.
  if (key_next() && aliased.value.kind != scalar_event::type::string)
    throw text_problem{offset, "the alias " + name + " is a mapping key but refers to a value that is not a "
                                   "string; keys are strings, so quote the anchored value (&a \"0x10\")"};
  if (open_.size() + aliased.height > max_depth_) throw text_problem{offset, too_deep_message(max_depth_)};
  expanded_ += aliased.weight;
  if (expanded_ > max_weight_)
    throw text_problem{offset, "the aliases expand the document to more than ten times its size (a \"billion "
                               "laughs\" document?); write the repeated values out, or repeat them less"};
  yaml_node n;
  n.what = yaml_node::type::alias;
  n.end = target;
  n.offset = offset;
  add(n, aliased.weight, aliased.height);
}

void yaml_recorder::finish() const {
  if (documents_ == 0)
    throw text_problem{0, "the YAML text holds no document; is the file empty? A config that keeps every default "
                          "is {}"};
}

void yaml_recorder::add(yaml_node const& n, std::size_t weight, std::size_t height) {
  out_.nodes.push_back(n);
  out_.nodes.back().weight = weight;
  out_.nodes.back().height = height;
  finished(weight, height);
}

// A node is complete: its parent grows, and a mapping's next node is a key or a value.
void yaml_recorder::finished(std::size_t weight, std::size_t height) {
  if (open_.empty()) return;
  yaml_node& parent = out_.nodes[open_.back().node];
  parent.weight += weight;
  parent.height = std::max(parent.height, height + 1);
  open_.back().key_next = !open_.back().key_next;
}

void yaml_recorder::anchored(std::size_t anchor) {
  if (anchor == 0) return;
  if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, no_node), names_.resize(anchor + 1);
  anchors_[anchor] = out_.nodes.size();
  names_[anchor] = std::move(anchor_name_);
}
}  // namespace glasses::detail
