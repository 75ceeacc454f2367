// YAML text into the reader: the recording (yaml_parts.hpp) replayed as the reader's
// events, each mapping's "type" first so that a union never needs a second pass. When the
// reader reports problems, a second replay finds the line and column of each one's path.
#include "locate.hpp"
#include "yaml_parts.hpp"

#include <glasses/config/detail/leaves.hpp>

#include <glasses/config/yaml.hpp>

#include <string>
#include <vector>

namespace glasses::detail {
namespace {

// A mapping whose "type" entry is first, or that has none: the replay moves no entry.
constexpr std::size_t no_type_entry = std::size_t(-1);

// A key's text, the aliased scalar's for an alias.
std::string_view key_text(recording const& rec, std::size_t key) { return rec.text_of(rec.target(rec.nodes[key])); }

/// The key of the mapping's first "type" entry when other entries come before it, so that
/// the replay moves it first; else no_type_entry.
std::size_t late_type_entry(recording const& rec, std::size_t mapping) {
  yaml_node const& n = rec.nodes[mapping];
  for (std::size_t key = mapping + 1; key != n.end; key = rec.after(key + 1))
    if (key_text(rec, key) == "type") return key != mapping + 1 ? key : no_type_entry;
  return no_type_entry;
}

/// Replays the recording as JSON-shaped events: aliases expanded, and in each mapping the
/// first "type" entry first. `out` gets each node with the node that locates it: an alias
/// is located where it is written, the nodes inside it where the anchored node is.
template <class Consumer> void replay(recording const& rec, Consumer& out) {
  struct open_node {
    std::size_t next;        // the next entry's key, or element
    std::size_t end;
    bool is_mapping;
    std::size_t type_entry;  // the key of a "type" entry to replay first, or `no_type_entry`
    bool type_replayed;
  };
  std::vector<open_node> stack;
  auto emit = [&](std::size_t at) {
    yaml_node const& where = rec.nodes[at];
    std::size_t const index = where.what == yaml_node::type::alias ? where.end : at;
    yaml_node const& n = rec.nodes[index];
    if (n.what == yaml_node::type::scalar) return out.value(n.value, rec.text_of(n), where);
    bool const is_mapping = n.what == yaml_node::type::mapping;
    if (is_mapping) out.begin_object(where);
    else out.begin_array(where);
    std::size_t const type_entry = is_mapping ? late_type_entry(rec, index) : no_type_entry;
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
    if (key != no_type_entry && !top.type_replayed) {
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
    out.key(key_text(rec, key), rec.nodes[key]);
    emit(key + 1);
  }
}

// YAML reads an unquoted 2024, 1.10 or true as a number or a boolean, where a field of
// text wants it quoted (`version: "1.10"`); the message says so, and how.
void add_quote_hint(std::string& message) {
  constexpr std::string_view not_text = "expected a string, got ";
  if (!message.starts_with(not_text)) return;
  std::string_view const found = std::string_view(message).substr(not_text.size());
  if (found == "true" || found == "false")
    message += "; YAML reads an unquoted true or false as a boolean: quote it to mean the text";
  else if (found.find(' ') == std::string_view::npos && found != "null")  // a number, as it reads (0x1F: 31)
    message += "; YAML reads it unquoted as a number: quote it to mean the text";
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

/// Shows the issue finder each node of a replay with its path.
struct locator {
  explicit locator(std::vector<issue> const& issues) : finder(issues) {}

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
    finder.value(path, where.offset);
  }
  void value(scalar_event const&, std::string_view, yaml_node const& where) { node(where); }
  void key(std::string_view k, yaml_node const&) {
    path.resize(levels.back().base);
    append_input_key(path, k);
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

  issue_finder finder;
  std::string path;
  std::vector<level> levels;
};

void locate(recording const& rec, std::string_view text, std::vector<issue>::iterator begin,
            std::vector<issue>::iterator end) {
  if (begin == end) return;
  std::vector<issue> const wanted(begin, end);
  locator l(wanted);
  replay(rec, l);
  l.finder.locate(text, begin);
}

/// The leaves of a replay with the offset where each starts, their paths written as
/// for_each_leaf writes them; a sequence is one leaf, whatever it holds.
struct leaf_finder {
  struct level {
    std::size_t base;
    std::size_t index;
    bool is_mapping;
    bool empty;
    std::size_t offset;
  };
  void node() {
    if (!levels.empty()) levels.back().empty = false;
    if (!levels.empty() && !levels.back().is_mapping) {
      path.resize(levels.back().base);
      append_path_index(path, levels.back().index++);
    }
  }
  void value(scalar_event const&, std::string_view, yaml_node const& where) {
    if (in_sequence) return;
    node();
    found.push_back({path, where.offset});
  }
  void key(std::string_view k, yaml_node const&) {
    if (in_sequence) return;
    levels.back().empty = false;
    path.resize(levels.back().base);
    append_path_key(path, k);
  }
  void begin_object(yaml_node const& where) {
    if (in_sequence) return void(++in_sequence);
    node();
    levels.push_back({path.size(), 0, true, true, where.offset});
  }
  void begin_array(yaml_node const& where) {
    if (in_sequence++) return;
    node();
    found.push_back({path, where.offset});
  }
  void end_object() {
    if (in_sequence) return void(--in_sequence);
    if (levels.back().empty && levels.size() > 1) {  // `{}` is a leaf
      path.resize(levels.back().base);
      found.push_back({path, levels.back().offset});
    }
    levels.pop_back();
    if (!levels.empty()) path.resize(levels.back().base);
  }
  void end_array() { --in_sequence; }

  std::vector<std::pair<std::string, std::size_t>> found;
  std::string path;
  std::vector<level> levels;
  std::size_t in_sequence = 0;
};

}  // namespace

std::vector<leaf_position> yaml_leaf_positions(std::string_view text) {
  recording const rec = record(text, {}, "");
  leaf_finder finder;
  replay(rec, finder);
  std::vector<std::size_t> offsets;
  for (auto const& [path, offset] : finder.found) offsets.push_back(offset);
  std::vector<text_position> const where = positions(text, offsets);
  std::vector<leaf_position> out;
  for (std::size_t i = 0; i < where.size(); ++i)
    out.push_back({std::move(finder.found[i].first), where[i].line, where[i].column});
  return out;
}

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
    for (issue& i : issues) add_quote_hint(i.message);
    locate(rec, text, issues.begin(), issues.end());
    locate_warnings();
    throw config_error(e.source(), std::move(issues));
  }
  locate_warnings();
}

}  // namespace glasses::detail
