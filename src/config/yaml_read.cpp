// YAML text into the reader. yaml-cpp's events are recorded once, with plain scalars
// resolved by the YAML 1.2 core schema and aliases checked, then replayed as the reader's
// events, each mapping's "type" first so that a union never needs a second pass. When the
// reader reports problems, a second replay finds the line and column of each one's path.
#include <glasses/config/yaml.hpp>

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

// A recorded YAML node, or the end of a mapping or sequence.
struct yaml_node {
  enum class type : unsigned char { scalar, mapping, sequence, alias, end };
  type what = type::scalar;
  scalar_event value;       // a scalar's resolved value; its text is `text`, `size` in recording::texts
  std::size_t text = 0;
  std::size_t size = 0;
  std::size_t end = 0;      // a mapping or sequence: the index of its end; an alias: the aliased node
  std::size_t weight = 0;   // nodes and scalar bytes once aliases are expanded
  std::size_t height = 0;   // nested mappings and sequences, this one included, once expanded
  std::size_t offset = 0;   // where it starts in the text
};

struct recording {
  std::vector<yaml_node> nodes;
  std::string texts;

  std::string_view text_of(yaml_node const& n) const { return std::string_view(texts).substr(n.text, n.size); }
  yaml_node const& target(yaml_node const& n) const { return n.what == yaml_node::type::alias ? nodes[n.end] : n; }
  std::size_t after(std::size_t i) const {
    yaml_node const& n = nodes[i];
    return n.what == yaml_node::type::mapping || n.what == yaml_node::type::sequence ? n.end + 1 : i + 1;
  }
};

// A problem with the text itself, where it is: reported with no path, as JSON syntax errors are.
struct text_problem {
  std::size_t offset;
  std::string message;
};

std::size_t offset_of(YAML::Mark const& mark) { return mark.pos < 0 ? std::size_t(-1) : std::size_t(mark.pos); }

// "line 3, column 5: " for each offset, in one pass over the text; the column counts
// characters, as editors do. Empty for an offset beyond the text (yaml-cpp's null mark).
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

std::string position(std::string_view text, std::size_t offset) { return positions(text, {offset})[0]; }

constexpr std::string_view core_tag_prefix = "tag:yaml.org,2002:";

std::string tag_text(std::string const& tag) {
  if (tag.starts_with(core_tag_prefix)) return "!!" + tag.substr(core_tag_prefix.size());
  return tag;
}

bool is_null_word(std::string_view v) { return v.empty() || v == "~" || v == "null" || v == "Null" || v == "NULL"; }

bool read_bool(std::string_view v, scalar_event& e) {
  if (v == "true" || v == "True" || v == "TRUE") e.boolean = true;
  else if (v == "false" || v == "False" || v == "FALSE") e.boolean = false;
  else return false;
  e.kind = scalar_event::type::boolean;
  return true;
}

bool all_of(std::string_view v, std::string_view allowed) {
  return !v.empty() && v.find_first_not_of(allowed) == std::string_view::npos;
}

enum class number_form { none, number, leading_zero, too_large };

// The core schema's integers: decimal (a sign allowed), 0o octal and 0x hexadecimal. A
// decimal with a leading zero is left out: YAML 1.1 reads 010 as 8, YAML 1.2 as 10.
number_form read_integer(std::string_view v, std::string& literal, scalar_event& e) {
  int base = 10;
  std::string_view digits = v;
  if (v.starts_with("0o") && all_of(v.substr(2), "01234567")) base = 8, digits = v.substr(2);
  else if (v.starts_with("0x") && all_of(v.substr(2), "0123456789abcdefABCDEF")) base = 16, digits = v.substr(2);
  bool const negative = base == 10 && v.starts_with('-');
  if (base == 10 && (v.starts_with('-') || v.starts_with('+'))) digits = v.substr(1);
  if (base == 10 && !all_of(digits, "0123456789")) return number_form::none;
  if (base == 10 && digits.size() > 1 && digits[0] == '0') return number_form::leading_zero;
  std::uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  bool const fits = ec == std::errc() && (!negative || magnitude <= std::uint64_t(1) << 63);
  if (!fits && base != 10) return number_form::too_large;
  // The JSON reader's literal: no '+'; octal and hexadecimal have none, and show as decimal.
  literal = base == 10 ? std::string(negative ? "-" : "") + std::string(digits) : std::string();
  if (!fits) {  // as Boost.JSON does with an integer beyond 64 bits: a double
    e.kind = scalar_event::type::floating;
    std::from_chars(literal.data(), literal.data() + literal.size(), e.floating);
  } else if (negative) {
    e.kind = scalar_event::type::int64;
    e.int64 = static_cast<std::int64_t>(0 - magnitude);
  } else if (magnitude <= std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
    e.kind = scalar_event::type::int64;
    e.int64 = static_cast<std::int64_t>(magnitude);
  } else {
    e.kind = scalar_event::type::uint64;
    e.uint64 = magnitude;
  }
  return number_form::number;
}

// The core schema's floats: [-+]?(.digits|digits(.digits?)?)([eE][-+]?digits)?, .inf, .nan.
bool read_float(std::string_view v, std::string& literal, scalar_event& e) {
  std::string_view body = v;
  std::string sign;
  if (body.starts_with('-') || body.starts_with('+')) sign = body[0] == '-' ? "-" : "", body.remove_prefix(1);
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    literal = sign + "inf";
  } else if (v == ".nan" || v == ".NaN" || v == ".NAN") {
    literal = "nan";
  } else {
    std::size_t i = 0, digits = 0;
    auto digit_run = [&] {
      std::size_t start = i;
      while (i < body.size() && body[i] >= '0' && body[i] <= '9') ++i;
      return i - start;
    };
    digits += digit_run();
    if (i < body.size() && body[i] == '.') ++i, digits += digit_run();
    if (digits == 0) return false;
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
      ++i;
      if (i < body.size() && (body[i] == '-' || body[i] == '+')) ++i;
      if (digit_run() == 0) return false;
    }
    if (i != body.size()) return false;
    literal = sign + std::string(body);
  }
  e.kind = scalar_event::type::floating;
  // The reader converts the literal again for a float field; out of range, it says so.
  auto [end, ec] = std::from_chars(literal.data(), literal.data() + literal.size(), e.floating);
  if (ec == std::errc::result_out_of_range) e.floating = sign.empty() ? HUGE_VAL : -HUGE_VAL;
  return true;
}

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

/// Replays the recording as JSON-shaped events: aliases expanded, and in each mapping the
/// first "type" entry first. `out` gets each node with the node that locates it: an alias
/// is located where it is written, the nodes inside it where the anchored node is.
template <class Consumer> void replay(recording const& rec, Consumer& out) {
  struct open_node {
    std::size_t next;        // the next entry's key, or element
    std::size_t end;
    bool is_mapping;
    std::size_t type_entry;  // the key of a "type" entry to replay first, or `none`
    bool type_replayed;
  };
  constexpr std::size_t none = std::size_t(-1);
  std::vector<open_node> stack;
  auto key_text = [&](std::size_t key) { return rec.text_of(rec.target(rec.nodes[key])); };
  auto emit = [&](std::size_t at) {
    yaml_node const& where = rec.nodes[at];
    std::size_t const index = where.what == yaml_node::type::alias ? where.end : at;
    yaml_node const& n = rec.nodes[index];
    if (n.what == yaml_node::type::scalar) return out.value(n.value, rec.text_of(n), where);
    bool const is_mapping = n.what == yaml_node::type::mapping;
    std::size_t type_entry = none;
    if (is_mapping) {
      out.begin_object(where);
      for (std::size_t key = index + 1; key != n.end; key = rec.after(key + 1))
        if (key_text(key) == "type") {
          if (key != index + 1) type_entry = key;
          break;
        }
    } else {
      out.begin_array(where);
    }
    stack.push_back({index + 1, n.end, is_mapping, type_entry, false});
  };
  emit(0);
  while (!stack.empty()) {
    open_node& top = stack.back();
    if (!top.is_mapping) {
      if (top.next == top.end) {
        stack.pop_back();
        out.end_array();
        continue;
      }
      std::size_t const element = top.next;
      top.next = rec.after(element);
      emit(element);
      continue;
    }
    std::size_t key = top.type_entry;
    if (key != none && !top.type_replayed) {
      top.type_replayed = true;
    } else {
      if (top.next == top.end) {
        stack.pop_back();
        out.end_object();
        continue;
      }
      key = top.next;
      top.next = rec.after(key + 1);
      if (key == top.type_entry) continue;  // replayed first
    }
    out.key(key_text(key), rec.nodes[key]);
    emit(key + 1);
  }
}

struct reader_feed {
  reader& r;
  void value(scalar_event value, std::string_view text, yaml_node const&) {
    value.text = text;
    r.value(value);
  }
  void key(std::string_view k, yaml_node const&) { r.key(k); }
  void begin_object(yaml_node const&) { r.begin_object(); }
  void end_object() { r.end_object(); }
  void begin_array(yaml_node const&) { r.begin_array(); }
  void end_array() { r.end_array(); }
};

/// Finds, for each issue, the node its path names, or the nearest ancestor that exists (a
/// missing key is reported where its mapping is): the last one, so that a duplicate key is
/// located at its second occurrence.
struct locator {
  explicit locator(std::vector<issue> const& issues) : issues(issues), found(issues.size()) {}

  struct match {
    std::size_t offset = std::size_t(-1);
    std::size_t length = 0;
    bool exact = false;
  };
  struct level {
    std::size_t base;
    std::size_t index;
    bool is_mapping;
  };

  void node(yaml_node const& where) {
    if (!levels.empty() && !levels.back().is_mapping) {
      path.resize(levels.back().base);
      append_path_index(path, levels.back().index++);
    }
    for (std::size_t i = 0; i < issues.size(); ++i) {
      std::string const& wanted = issues[i].path;
      if (wanted.empty()) continue;
      match& m = found[i];
      if (wanted == path) m = {where.offset, path.size(), true};
      else if (!m.exact && !path.empty() && path.size() >= m.length && path_within(wanted, path))
        m = {where.offset, path.size(), false};
    }
  }
  void value(scalar_event const&, std::string_view, yaml_node const& where) { node(where); }
  void key(std::string_view k, yaml_node const&) {
    path.resize(levels.back().base);
    append_path_key(path, k);
  }
  void begin(yaml_node const& where, bool is_mapping) {
    node(where);
    levels.push_back({path.size(), 0, is_mapping});
  }
  void begin_object(yaml_node const& where) { begin(where, true); }
  void begin_array(yaml_node const& where) { begin(where, false); }
  void end() {
    levels.pop_back();
    if (!levels.empty()) path.resize(levels.back().base);
  }
  void end_object() { end(); }
  void end_array() { end(); }

  std::vector<issue> const& issues;
  std::vector<match> found;
  std::string path;
  std::vector<level> levels;
};

void locate(recording const& rec, std::string_view text, std::vector<issue>::iterator begin,
            std::vector<issue>::iterator end) {
  if (begin == end) return;
  std::vector<issue> const wanted(begin, end);
  locator l(wanted);
  replay(rec, l);
  std::vector<std::size_t> offsets;
  for (auto const& m : l.found) offsets.push_back(m.offset);
  std::vector<std::string> const where = positions(text, offsets);
  for (std::size_t i = 0; i < wanted.size(); ++i) begin[static_cast<std::ptrdiff_t>(i)].message.insert(0, where[i]);
}

}  // namespace

void parse_yaml_into(std::string_view text, sink const& root, void* target, load_options const& options,
                     std::string source) {
  recording const rec = record(text, options, source);
  std::vector<issue>* const warnings = options.warnings;
  std::size_t const warnings_before = warnings ? warnings->size() : 0;
  auto locate_warnings = [&] {
    if (warnings) locate(rec, text, warnings->begin() + static_cast<std::ptrdiff_t>(warnings_before), warnings->end());
  };
  // The replay puts "type" first in every mapping: a union that meets another key first has
  // no "type" at all, which this empty scan says.
  type_scan const no_late_types;
  reader r(options, source);
  r.use_type_scan(&no_late_types);
  r.start(root, target);
  try {
    reader_feed feed{r};
    replay(rec, feed);
    r.finish();
  } catch (config_error const& e) {
    std::vector<issue> issues = e.issues();
    locate(rec, text, issues.begin(), issues.end());
    locate_warnings();
    throw config_error(e.source(), std::move(issues));
  }
  locate_warnings();
}

}  // namespace glasses::detail
