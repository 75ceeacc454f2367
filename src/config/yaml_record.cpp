// A YAML text recorded once (yaml_parts.hpp): by the fast scanner when the text lies within
// its subset, else by yaml-cpp's events. Both feed the one recorder (yaml_recorder.hpp):
// plain scalars resolved by the YAML 1.2 core schema, core tags only, string keys, aliases
// bounded, one document.
#include "yaml_recorder.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <glasses/config/yaml.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <istream>
#include <limits>
#include <optional>
#include <streambuf>
#include <system_error>

namespace glasses::detail {

using namespace yaml_scalar;

namespace {

bool is_core_tag(std::string_view tag, std::string_view name) {
  return tag.size() == core_tag_prefix.size() + name.size() && tag.starts_with(core_tag_prefix) && tag.ends_with(name);
}

[[noreturn]] void unsupported_tag(std::size_t offset, std::string_view tag) {
  throw text_problem{offset, "the tag " + tag_text(std::string(tag)) +
                                 " is not supported; a config uses only the YAML core schema's tags "
                                 "(!!str, !!int, !!float, !!bool, !!null, !!map, !!seq)"};
}

}  // namespace

// --- the recorder ------------------------------------------------------------------------

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
  if (!plain && type != "null" && type != "bool" && type != "int" && type != "float") unsupported_tag(offset, tag);
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
  if (tag != "?" && tag != "!" && !is_core_tag(tag, is_mapping ? "map" : "seq")) unsupported_tag(offset, tag);
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

// --- yaml-cpp ----------------------------------------------------------------------------

namespace {

std::size_t offset_of(YAML::Mark const& mark) { return mark.pos < 0 ? std::size_t(-1) : std::size_t(mark.pos); }

/// yaml-cpp's events, each passed on to the recorder.
class yaml_cpp_events final : public YAML::EventHandler {
 public:
  explicit yaml_cpp_events(yaml_recorder& out) : out_(out) {}

  void OnDocumentStart(YAML::Mark const& mark) override { out_.document_start(offset_of(mark)); }
  void OnDocumentEnd() override {}
  void OnNull(YAML::Mark const& mark, YAML::anchor_t anchor) override { out_.null(offset_of(mark), anchor); }
  void OnScalar(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor,
                std::string const& value) override {
    out_.scalar(offset_of(mark), tag, anchor, value);
  }
  void OnSequenceStart(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    out_.sequence_start(offset_of(mark), tag, anchor);
  }
  void OnSequenceEnd() override { out_.end(); }
  void OnMapStart(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    out_.map_start(offset_of(mark), tag, anchor);
  }
  void OnMapEnd() override { out_.end(); }
  void OnAnchor(YAML::Mark const&, std::string const& name) override { out_.anchor_name(name); }
  void OnAlias(YAML::Mark const& mark, YAML::anchor_t anchor) override { out_.alias(offset_of(mark), anchor); }

 private:
  yaml_recorder& out_;
};

// yaml-cpp reads from a stream: this one reads the text in place.
struct text_buffer : std::streambuf {
  explicit text_buffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // only read
    setg(begin, begin, begin + text.size());
  }
};

/// A problem of the text itself: no path, its position if known.
config_error text_error(std::string const& source, std::string_view text, std::size_t offset, std::string message) {
  text_position const at = positions(text, {offset})[0];
  return config_error(source, {{"", std::move(message), at.line, at.column}});
}

std::size_t initial_nodes(std::string_view text) { return text.size() / 8 + 4; }

}  // namespace

std::vector<text_position> positions(std::string_view text, std::vector<std::size_t> const& offsets) {
  std::vector<std::size_t> order(offsets.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });
  std::vector<text_position> out(offsets.size());
  std::size_t line = 1, column = 1, at = 0;
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

std::optional<recording> record_fast(std::string_view text, load_options const& options) {
  recording out;
  out.nodes.reserve(initial_nodes(text));
  try {
    yaml_recorder events(out, text.size(), options.max_depth);
    if (scan_simple_yaml(text, events)) return out;
  } catch (text_problem const&) {
  }
  return std::nullopt;
}

recording record_full(std::string_view text, load_options const& options, std::string const& source) {
  recording out;
  out.nodes.reserve(initial_nodes(text));
  try {
    text_buffer buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    yaml_recorder recorder(out, text.size(), options.max_depth);
    yaml_cpp_events events(recorder);
    // A second call meets a second document, which the recorder refuses.
    if (parser.HandleNextDocument(events)) parser.HandleNextDocument(events);
    recorder.finish();
  } catch (text_problem const& p) {
    throw text_error(source, text, p.offset, p.message);
  } catch (YAML::DeepRecursion const& e) {
    throw text_error(source, text, offset_of(e.mark), too_deep_message(options.max_depth));
  } catch (YAML::Exception const& e) {
    throw text_error(source, text, offset_of(e.mark), "invalid YAML (" + e.msg + ")");
  }
  return out;
}

recording record(std::string_view text, load_options const& options, std::string const& source) {
  if (std::optional<recording> fast = record_fast(text, options)) return std::move(*fast);
  return record_full(text, options, source);
}

// --- the differential check of the two paths ----------------------------------------------

namespace {

/// The recording, one node a line, for a message (texts cut at 200 characters).
std::string describe(recording const& r) {
  static constexpr char const* kinds[] = {"scalar", "mapping", "sequence", "alias", "end"};
  static constexpr char const* values[] = {"null", "bool", "int64", "uint64", "double", "string"};
  std::string out;
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    if (i == 300) return out + "... (" + std::to_string(r.nodes.size()) + " nodes)\n";
    yaml_node const& n = r.nodes[i];
    std::uint64_t bits = 0;
    std::memcpy(&bits, &n.value.floating, sizeof bits);
    out += std::to_string(i) + " " + kinds[static_cast<int>(n.what)] + " @" + std::to_string(n.offset) + " text " +
           std::to_string(n.text) + "+" + std::to_string(n.size) + " end " +
           std::to_string(n.end) + " weight " + std::to_string(n.weight) + " height " + std::to_string(n.height);
    if (n.what == yaml_node::type::scalar)
      out += std::string(" ") + values[static_cast<int>(n.value.kind)] + " " + (n.value.boolean ? "1" : "0") + " " +
             std::to_string(n.value.int64) + " " + std::to_string(n.value.uint64) + " " + std::to_string(bits) +
             " text " + quoted(r.text_of(n), 200);
    out += '\n';
  }
  return out;
}

}  // namespace

/// Whether two recordings are the same, field by field (doubles bit by bit).
bool same_recording(recording const& a, recording const& b) {
  if (a.texts != b.texts || a.nodes.size() != b.nodes.size()) return false;
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    yaml_node const &x = a.nodes[i], &y = b.nodes[i];
    if (x.what != y.what || x.text != y.text || x.size != y.size || x.end != y.end || x.weight != y.weight ||
        x.height != y.height || x.offset != y.offset || x.value.kind != y.value.kind ||
        x.value.boolean != y.value.boolean || x.value.int64 != y.value.int64 || x.value.uint64 != y.value.uint64 ||
        std::memcmp(&x.value.floating, &y.value.floating, sizeof x.value.floating) != 0 ||
        x.value.text != y.value.text)
      return false;
  }
  return true;
}

yaml_scanner_check check_yaml_scanner(std::string_view text) {
  yaml_scanner_check out;
  std::optional<recording> const fast = record_fast(text, {});
  if (!fast) return out;
  out.declined = false;
  out.fast = describe(*fast);
  try {
    recording const full = record_full(text, {}, "");
    out.full = describe(full);
    out.same = same_recording(*fast, full);
  } catch (config_error const& e) {
    out.full = std::string("config_error: ") + e.what();
    out.same = false;
  }
  return out;
}

}  // namespace glasses::detail
