// yaml-cpp's events recorded once (yaml_parts.hpp): plain scalars resolved by the
// YAML 1.2 core schema, core tags only, string keys, aliases bounded, one document.
#include "yaml_parts.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <istream>
#include <limits>
#include <streambuf>
#include <system_error>

namespace glasses::detail {
namespace {

using namespace yaml_scalar;

// A problem with the text itself, where it is: reported with no path, as JSON syntax errors are.
struct text_problem {
  std::size_t offset;
  std::string message;
};

std::size_t offset_of(YAML::Mark const& mark) { return mark.pos < 0 ? std::size_t(-1) : std::size_t(mark.pos); }

std::string position(std::string_view text, std::size_t offset) { return positions(text, {offset})[0]; }

/// Records yaml-cpp's events, resolving scalars and checking keys, anchors and limits.
class recorder final : public YAML::EventHandler {
 public:
  recorder(recording& out, std::size_t text_size, std::size_t max_depth)
      : out_(out), max_depth_(max_depth), max_weight_(10 * text_size + 100'000) {}

  void OnDocumentStart(YAML::Mark const& mark) override {
    if (documents_++ > 0)
      throw text_problem{offset_of(mark),
                         "a second YAML document starts here; a config is one document (remove the \"---\" "
                         "line and what follows it, or make each document a file of its own)"};
  }
  void OnDocumentEnd() override {}

  void OnNull(YAML::Mark const& mark, YAML::anchor_t anchor) override {
    if (key_next())
      throw text_problem{offset_of(mark), "a mapping key is empty or null; keys are strings (quote \"null\" or \"~\" "
                                          "to use it as a key)"};
    scalar(mark, anchor, scalar_event{}, "");
  }

  void OnScalar(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor,
                std::string const& value) override {
    if (std::size_t bad = invalid_utf8_at(value); bad != std::string::npos)
      throw text_problem{offset_of(mark), "the text is not UTF-8 (" + first_invalid_utf8(value) +
                                              " of this scalar); save the file as UTF-8"};
    scalar_event e;
    e.kind = scalar_event::type::string;
    std::string literal;
    if (key_next()) {
      // Keys are strings, as in JSON: `1: x` is the key "1". Only the tag is checked.
      if (tag != "?" && tag != "!" && tag != std::string(core_tag_prefix) + "str") resolve(mark, tag, value, literal);
      return scalar(mark, anchor, e, value);
    }
    e = resolve(mark, tag, value, literal);
    scalar(mark, anchor, e, e.kind == scalar_event::type::string ? std::string_view(value) : std::string_view(literal));
  }

  void OnSequenceStart(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, yaml_node::type::sequence, "seq");
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, tag, anchor, yaml_node::type::mapping, "map");
  }
  void OnMapEnd() override { close(); }

  void OnAnchor(YAML::Mark const&, std::string const& name) override { anchor_name_ = name; }

  void OnAlias(YAML::Mark const& mark, YAML::anchor_t anchor) override {
    std::size_t const target = anchor < anchors_.size() ? anchors_[anchor] : no_node;
    // Built in place: g++ 12 -O3 sees a false overlap in "*" + name (-Wrestrict).
    std::string name = anchor < names_.size() ? names_[anchor] : std::string();
    name.insert(0, 1, '*');
    if (target == no_node) throw text_problem{offset_of(mark), "the alias " + name + " refers to no anchor"};
    yaml_node const& aliased = out_.nodes[target];
    bool const is_container = aliased.what != yaml_node::type::scalar;
    if (is_container && aliased.end == 0)
      throw text_problem{offset_of(mark), "the alias " + name + " is inside the node it refers to, which would "
                                          "repeat forever; an alias may refer only to a node that has ended"};
    if (key_next() && is_container)
      throw text_problem{offset_of(mark), "the alias " + name + " is a mapping key but refers to a " +
                                              (aliased.what == yaml_node::type::mapping ? "mapping" : "sequence") +
                                              "; keys are strings"};
    if (open_.size() + aliased.height > max_depth_) throw text_problem{offset_of(mark), too_deep_message(max_depth_)};
    expanded_ += aliased.weight;
    if (expanded_ > max_weight_)
      throw text_problem{offset_of(mark),
                         "the aliases expand the document to more than ten times its size (a \"billion laughs\" "
                         "document?); write the repeated values out, or repeat them less"};
    yaml_node n;
    n.what = yaml_node::type::alias;
    n.end = target;
    n.offset = offset_of(mark);
    add(n, aliased.weight, aliased.height);
  }

  void finish() {
    if (documents_ == 0) throw text_problem{0, "the YAML text holds no document; is the file empty? A config "
                                               "that keeps every default is {}"};
  }

 private:
  static constexpr std::size_t no_node = std::size_t(-1);

  struct container {
    std::size_t node;
    bool is_mapping;
    bool key_next;
  };

  bool key_next() const { return !open_.empty() && open_.back().is_mapping && open_.back().key_next; }

  scalar_event resolve(YAML::Mark const& mark, std::string const& tag, std::string_view value, std::string& literal) {
    scalar_event e;
    e.kind = scalar_event::type::string;
    if (tag == "!" || tag == std::string(core_tag_prefix) + "str") return e;
    std::string_view const type = std::string_view(tag).substr(tag.starts_with(core_tag_prefix) ? core_tag_prefix.size() : 0);
    bool const plain = tag == "?";
    if (!plain && type != "null" && type != "bool" && type != "int" && type != "float") unsupported_tag(mark, tag);
    if ((plain || type == "null") && is_null_word(value)) return scalar_event{};
    if ((plain || type == "bool") && read_bool(value, e)) return e;
    number_form const integer = plain || type == "int" || type == "float" ? read_integer(value, literal, e) : number_form::none;
    if (integer == number_form::too_large)
      throw text_problem{offset_of(mark), "the integer " + quoted(value) + " does not fit in 64 bits"};
    if (integer == number_form::number) {
      if (type == "float" && e.kind != scalar_event::type::floating) {
        if (literal.empty()) literal = e.kind == scalar_event::type::int64 ? std::to_string(e.int64) : std::to_string(e.uint64);
        std::from_chars(literal.data(), literal.data() + literal.size(), e.floating);
        e.kind = scalar_event::type::floating;
      }
      return e;
    }
    if ((plain || type == "float") && integer != number_form::leading_zero && read_float(value, literal, e)) return e;
    if (plain) return e;  // a string
    throw text_problem{offset_of(mark), "the tag " + tag_text(tag) + " does not fit " + quoted(value) +
                                            (integer == number_form::leading_zero
                                                 ? "; a leading zero is octal in YAML 1.1 and decimal in YAML 1.2, "
                                                   "so write the number without it"
                                                 : "")};
  }

  [[noreturn]] static void unsupported_tag(YAML::Mark const& mark, std::string const& tag) {
    throw text_problem{offset_of(mark), "the tag " + tag_text(tag) +
                                            " is not supported; a config uses only the YAML core schema's tags "
                                            "(!!str, !!int, !!float, !!bool, !!null, !!map, !!seq)"};
  }

  void scalar(YAML::Mark const& mark, YAML::anchor_t anchor, scalar_event const& value, std::string_view text) {
    yaml_node n;
    n.value = value;
    n.text = out_.texts.size();
    n.size = text.size();
    n.offset = offset_of(mark);
    out_.texts.append(text);
    anchored(anchor);
    expanded_ += 1 + text.size();
    add(n, 1 + text.size(), 0);
  }

  void open(YAML::Mark const& mark, std::string const& tag, YAML::anchor_t anchor, yaml_node::type what,
            std::string_view core) {
    if (key_next())
      throw text_problem{offset_of(mark), std::string("a mapping key is a ") +
                                              (what == yaml_node::type::mapping ? "mapping" : "sequence") +
                                              "; keys are strings"};
    if (tag != "?" && tag != "!" && tag != std::string(core_tag_prefix) + std::string(core)) unsupported_tag(mark, tag);
    if (open_.size() + 1 > max_depth_) throw text_problem{offset_of(mark), too_deep_message(max_depth_)};
    anchored(anchor);
    yaml_node n;
    n.what = what;
    n.offset = offset_of(mark);
    n.weight = 1;
    n.height = 1;
    ++expanded_;
    open_.push_back({out_.nodes.size(), what == yaml_node::type::mapping, true});
    out_.nodes.push_back(n);
  }

  void close() {
    container const c = open_.back();
    open_.pop_back();
    yaml_node end;
    end.what = yaml_node::type::end;
    out_.nodes[c.node].end = out_.nodes.size();
    out_.nodes.push_back(end);
    yaml_node const& n = out_.nodes[c.node];
    finished(n.weight, n.height);
  }

  void add(yaml_node const& n, std::size_t weight, std::size_t height) {
    out_.nodes.push_back(n);
    out_.nodes.back().weight = weight;
    out_.nodes.back().height = height;
    finished(weight, height);
  }

  // A node is complete: its parent grows, and a mapping's next node is a key or a value.
  void finished(std::size_t weight, std::size_t height) {
    if (open_.empty()) return;
    yaml_node& parent = out_.nodes[open_.back().node];
    parent.weight += weight;
    parent.height = std::max(parent.height, height + 1);
    open_.back().key_next = !open_.back().key_next;
  }

  void anchored(YAML::anchor_t anchor) {
    if (anchor == 0) return;
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, no_node), names_.resize(anchor + 1);
    anchors_[anchor] = out_.nodes.size();
    names_[anchor] = std::move(anchor_name_);
  }

  recording& out_;
  std::size_t max_depth_;
  std::size_t max_weight_;
  std::size_t expanded_ = 0;
  int documents_ = 0;
  std::vector<container> open_;
  std::vector<std::size_t> anchors_;
  std::vector<std::string> names_;
  std::string anchor_name_;
};

// yaml-cpp reads from a stream: this one reads the text in place.
struct text_buffer : std::streambuf {
  explicit text_buffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // only read
    setg(begin, begin, begin + text.size());
  }
};


}  // namespace

std::vector<std::string> positions(std::string_view text, std::vector<std::size_t> const& offsets) {
  std::vector<std::size_t> order(offsets.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });
  std::vector<std::string> out(offsets.size());
  std::size_t line = 1, column = 1, at = 0;
  for (std::size_t i : order) {
    std::size_t const offset = offsets[i];
    if (offset > text.size()) continue;
    for (; at < offset; ++at) {
      if (text[at] == '\n') ++line, column = 1;
      else column += (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
    }
    out[i] = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
  }
  return out;
}

recording record(std::string_view text, load_options const& options, std::string const& source) {
  recording out;
  out.nodes.reserve(text.size() / 8 + 4);
  try {
    text_buffer buffer(text);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    recorder events(out, text.size(), options.max_depth);
    // A second call meets a second document, which the recorder refuses.
    if (parser.HandleNextDocument(events)) parser.HandleNextDocument(events);
    events.finish();
  } catch (text_problem const& p) {
    throw config_error(source, {{"", position(text, p.offset) + p.message}});
  } catch (YAML::DeepRecursion const& e) {
    throw config_error(source, {{"", position(text, offset_of(e.mark)) + too_deep_message(options.max_depth)}});
  } catch (YAML::Exception const& e) {
    throw config_error(source, {{"", position(text, offset_of(e.mark)) + "invalid YAML (" + e.msg + ")"}});
  }
  return out;
}

}  // namespace glasses::detail
