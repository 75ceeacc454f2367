#include <glasses/config/reader.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace glasses::detail {

// A union's members, recorded until its "type" arrives (JSON written by hand may put
// "type" anywhere). Values keep their own copy of the text.
struct event_log {
  enum class type : unsigned char { value, begin_object, key, end_object, begin_array, end_array };
  struct event {
    type kind;
    scalar_event scalar;
    std::string text;
  };
  sink const* typed = nullptr;  // the union's sink, to select the type once it is known
  std::vector<event> events;

  void add(type kind, scalar_event const& s = {}, std::string_view text = {}) {
    events.push_back({kind, s, std::string(text)});
  }
};

namespace {

constexpr std::size_t max_issues = 100;

std::string format_double(double d) {
  char buffer[32];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, d).ptr);
}

// Skipping: consume a value, nested or not, without frames for its parts.
struct skipping {
  static void scalar(reader&, frame&, scalar_event const&) {}
  static void begin(reader&, frame& f) {
    if (f.open) ++f.count;
    else f.open = true;
  }
  static void key(reader&, frame&, std::string_view) {}
  static bool end(reader&, frame& f) {
    if (f.count == 0) return true;
    --f.count;
    return false;
  }
  static void element(reader&, frame&) {}
  static std::string expected() { return "anything"; }
  static bool select(reader&, std::size_t, std::string_view) { return false; }
  static located child(void*, path_key const&) { return {}; }
};

// The value of a union's "type" key: selects the union's concrete type.
struct type_name_value {
  static void reject(reader& r, frame& f, std::string found) {
    r.mismatch(f, std::move(found));
    reader::skip(r.at(r.depth() - 1), true);
  }
  static void scalar(reader& r, frame& f, scalar_event const& s) {
    if (s.kind != scalar_event::type::string) return reject(r, f, describe(s));
    std::size_t const union_depth = r.depth() - 1;
    if (!r.at(union_depth).ops->select(r, union_depth, s.text)) reader::skip(r.at(union_depth), true);
  }
  static void begin_object(reader& r, frame& f) { reject(r, f, "an object"), reader::skip(f, true); }
  static void begin_array(reader& r, frame& f) { reject(r, f, "an array"), reader::skip(f, true); }
  static std::string expected() { return "the name of a registered config (a string)"; }
};

// A member of a buffering union, and everything inside it, goes into the union's log.
struct recording {
  static event_log& log(frame& f) { return *static_cast<event_log*>(f.target); }
  static void scalar(reader&, frame& f, scalar_event const& s) {
    log(f).add(event_log::type::value, s, s.text);
  }
  static void begin_object(reader& r, frame& f) {
    log(f).add(event_log::type::begin_object);
    skipping::begin(r, f);
  }
  static void begin_array(reader& r, frame& f) {
    log(f).add(event_log::type::begin_array);
    skipping::begin(r, f);
  }
  static void key(reader&, frame& f, std::string_view k) { log(f).add(event_log::type::key, {}, k); }
  static bool end_object(reader& r, frame& f) {
    log(f).add(event_log::type::end_object);
    return skipping::end(r, f);
  }
  static bool end_array(reader& r, frame& f) {
    log(f).add(event_log::type::end_array);
    return skipping::end(r, f);
  }
};

// The union itself while it buffers: each key is logged and its value recorded.
struct buffering {
  static void key(reader& r, frame& f, std::string_view k) {
    event_log& log = *f.log;
    log.add(event_log::type::key, {}, k);
    r.push(recording_sink, &log);
  }
  static sink const recording_sink;
};

sink const buffering::recording_sink{
    &recording::scalar,   &recording::begin_object, &recording::key,       &recording::end_object,
    &recording::begin_array, &skipping::element,    &recording::end_array, &skipping::expected,
    &skipping::select,    &skipping::child};

}  // namespace

sink const reader::skip_sink{&skipping::scalar, &skipping::begin,  &skipping::key,      &skipping::end,
                             &skipping::begin,  &skipping::element, &skipping::end,     &skipping::expected,
                             &skipping::select, &skipping::child};

sink const reader::type_name_sink{&type_name_value::scalar, &type_name_value::begin_object, &skipping::key,
                                  &skipping::end,           &type_name_value::begin_array,  &skipping::element,
                                  &skipping::end,           &type_name_value::expected,     &skipping::select,
                                  &skipping::child};

std::string describe(scalar_event const& s) {
  switch (s.kind) {
    case scalar_event::type::null: return "null";
    case scalar_event::type::boolean: return s.boolean ? "true" : "false";
    case scalar_event::type::int64: return s.text.empty() ? std::to_string(s.int64) : std::string(s.text);
    case scalar_event::type::uint64: return s.text.empty() ? std::to_string(s.uint64) : std::string(s.text);
    case scalar_event::type::floating: return s.text.empty() ? format_double(s.floating) : std::string(s.text);
    case scalar_event::type::string: return "the string " + quoted(s.text);
  }
  return {};
}

reader::reader(load_options const& options, std::string source)
    : options_(options), source_(std::move(source)) {
  // Frames are never reallocated: sinks hold references to them while they push children.
  stack_.reserve(options_.max_depth + 2);
}

reader::~reader() = default;

void reader::start(sink const& root, void* target) { push(root, target); }

frame& reader::push(sink const& ops, void* target) {
  if (stack_.size() == stack_.capacity()) throw std::logic_error("glasses: reader nesting exceeded max_depth");
  frame& f = stack_.emplace_back();
  f.ops = &ops;
  f.target = target;
  return f;
}

frame& reader::push_named(sink const& ops, void* target, std::string_view name) {
  frame& f = push(ops, target);
  f.where = frame::place::named;
  f.name = name;
  return f;
}

frame& reader::push_index(sink const& ops, void* target, std::size_t index) {
  frame& f = push(ops, target);
  f.where = frame::place::index;
  f.index = index;
  return f;
}

void reader::pop() { stack_.pop_back(); }

void reader::enter_value() {
  frame& f = stack_.back();
  if (f.open) f.ops->element(*this, f);
}

void reader::value(scalar_event const& s) {
  enter_value();
  frame& f = stack_.back();
  f.ops->scalar(*this, f, s);
  if (!stack_.back().open) pop();
}

void reader::begin_object() {
  enter_value();
  stack_.back().ops->begin_object(*this, stack_.back());
}

void reader::key(std::string_view k) { stack_.back().ops->key(*this, stack_.back(), k); }

void reader::end_object() {
  if (stack_.back().log) return replay(depth());
  if (stack_.back().ops->end_object(*this, stack_.back())) pop();
}

void reader::begin_array() {
  enter_value();
  stack_.back().ops->begin_array(*this, stack_.back());
}

void reader::end_array() {
  if (stack_.back().ops->end_array(*this, stack_.back())) pop();
}

void reader::skip(frame& f, bool opened) {
  f.ops = &skip_sink;
  f.open = opened;
  f.count = 0;
}

void reader::begin_buffering(frame& f, std::string_view first_key) {
  static sink const buffering_sink{&skipping::scalar, &skipping::begin,  &buffering::key,       &skipping::end,
                                   &skipping::begin,  &skipping::element, &skipping::end,       &skipping::expected,
                                   &skipping::select, &skipping::child};
  f.log = logs_.emplace_back(std::make_unique<event_log>()).get();
  f.log->typed = f.ops;
  f.ops = &buffering_sink;
  buffering::key(*this, f, first_key);
}

// The buffering union's object has ended: find "type", select it, and read the members
// again into the concrete config.
void reader::replay(std::size_t union_depth) {
  frame& f = stack_[union_depth];
  // Take the log out of the reader's keeping: it lives until this replay ends.
  auto owner = std::find_if(logs_.begin(), logs_.end(), [&](auto const& l) { return l.get() == f.log; });
  std::unique_ptr<event_log> log = std::move(*owner);
  logs_.erase(owner);
  f.log = nullptr;
  f.ops = log->typed;
  auto const& events = log->events;
  std::size_t type_at = events.size();
  for (std::size_t i = 0, nesting = 0; i < events.size(); ++i) {
    auto kind = events[i].kind;
    if (kind == event_log::type::begin_object || kind == event_log::type::begin_array) ++nesting;
    else if (kind == event_log::type::end_object || kind == event_log::type::end_array) --nesting;
    else if (kind == event_log::type::key && nesting == 0 && events[i].text == "type") type_at = i;
  }
  bool selected = false;
  if (type_at == events.size()) {
    mismatch(f, "an object without \"type\"");
  } else if (events[type_at + 1].kind != event_log::type::value) {
    fail_at(union_depth, "expected " + type_name_value::expected() + ", got " +
                             (events[type_at + 1].kind == event_log::type::begin_object ? "an object" : "an array"),
            "type");
  } else if (scalar_event s = events[type_at + 1].scalar; s.kind != scalar_event::type::string) {
    fail_at(union_depth, "expected " + type_name_value::expected() + ", got " + describe(s), "type");
  } else {
    selected = f.ops->select(*this, union_depth, events[type_at + 1].text);
  }
  if (!selected) return pop();

  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i == type_at) {
      ++i;  // the "type" key and its value were consumed by select
      continue;
    }
    auto const& e = events[i];
    switch (e.kind) {
      case event_log::type::value: {
        scalar_event s = e.scalar;
        s.text = e.text;
        value(s);
        break;
      }
      case event_log::type::begin_object: begin_object(); break;
      case event_log::type::key: key(e.text); break;
      case event_log::type::end_object: end_object(); break;
      case event_log::type::begin_array: begin_array(); break;
      case event_log::type::end_array: end_array(); break;
    }
  }
  end_object();
}

std::string reader::path_to(std::size_t depth) const {
  std::string path;
  for (std::size_t i = 1; i <= depth && i < stack_.size(); ++i) {
    frame const& f = stack_[i];
    switch (f.where) {
      case frame::place::root: break;
      case frame::place::named: append_path_key(path, f.name); break;
      case frame::place::index: append_path_index(path, f.index); break;
    }
  }
  return path;
}

void reader::fail_at(std::size_t depth, std::string message, std::string_view suffix) {
  std::string path = path_to(depth);
  if (!suffix.empty()) append_path_key(path, suffix);
  issues_.push_back({std::move(path), std::move(message)});
  if (issues_.size() >= max_issues) {
    issues_.push_back({"", "stopped after " + std::to_string(max_issues) + " errors; fix these and try again"});
    throw config_error(source_, std::move(issues_));
  }
}

void reader::warn_at(std::size_t depth, std::string message, std::string_view suffix) {
  if (!options_.warnings) return;
  std::string path = path_to(depth);
  if (!suffix.empty()) append_path_key(path, suffix);
  options_.warnings->push_back({std::move(path), std::move(message)});
}

void reader::mismatch(frame& f, std::string found) {
  fail_at(depth(), "expected " + f.ops->expected() + ", got " + found);
}

void record_key(reader& r, frame& f, std::string_view key, record_info const& record) {
  std::size_t i = 0;
  while (i < record.size && record.fields[i].name != key) ++i;
  std::uint64_t const bit = std::uint64_t{1} << (i % 64);
  if (i == record.size) {
    std::vector<std::string_view> names;
    for (std::size_t j = 0; j < record.size; ++j) names.push_back(record.fields[j].name);
    std::string message = "unknown key in " + std::string(record.type);
    std::string hint = did_you_mean(key, names);
    message += hint.empty() ? "; its keys are " + list_names(names) : hint;
    if (r.options().allow_unknown_keys) r.warn_at(r.depth(), std::move(message), key);
    else r.fail_at(r.depth(), std::move(message), key);
  } else if (f.seen & bit) {
    r.fail_at(r.depth(), "duplicate key; each key may appear once in an object", key);
  } else {
    f.seen |= bit;
    field_entry const& field = record.fields[i];
    r.push_named(*field.ops, field.address(f.target), field.name);
    return;
  }
  r.push(reader::skip_sink, nullptr);
}

located record_child(void* target, path_key const& step, record_info const& record) {
  if (step.is_index) return {nullptr, nullptr, std::string(record.type) + " has fields, not elements; write .field"};
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < record.size; ++i) {
    if (record.fields[i].name == step.name) return {record.fields[i].ops, record.fields[i].address(target), {}};
    names.push_back(record.fields[i].name);
  }
  std::string hint = did_you_mean(step.name, names);
  return {nullptr, nullptr,
          "no field \"" + std::string(step.name) + "\" in " + std::string(record.type) +
              (hint.empty() ? "; its fields are " + list_names(names) : hint)};
}

located sequence_child(void* element, path_key const& step, std::size_t size, sink const& element_ops,
                       std::size_t element_size) {
  if (!step.is_index) return {nullptr, nullptr, "a list has elements, not fields; write [index]"};
  if (step.index >= size)
    return {nullptr, nullptr,
            "index " + std::to_string(step.index) + " is out of range; the list has " + std::to_string(size) +
                (size == 1 ? " element" : " elements")};
  return {&element_ops, static_cast<char*>(element) + step.index * element_size, {}};
}

bool record_end(reader& r, frame& f, record_info const& record) {
  for (std::size_t i = 0; i < record.size; ++i)
    if (record.fields[i].required && !(f.seen & (std::uint64_t{1} << i)))
      r.fail_at(r.depth(), "missing required key; this field has no default, so the config must set it",
                record.fields[i].name);
  return true;
}

std::string record_expected(std::string_view type) { return "an object (" + std::string(type) + ")"; }

void fail_integer_range(reader& r, scalar_event const& s, bool is_signed, std::size_t bytes, std::int64_t low,
                        std::uint64_t high) {
  // int8_t rather than signed char: the name says the range.
  std::string type = (is_signed ? "int" : "uint") + std::to_string(8 * bytes) + "_t";
  r.fail("expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "] (" + type + "), got " +
         describe(s));
}

void fail_float_range(reader& r, scalar_event const& s, bool is_float) {
  r.fail(std::string("expected a number within the range of ") + (is_float ? "float" : "double") + ", got " +
         describe(s) + "; write \"inf\" or \"-inf\" for infinities");
}

void fail_array_size(reader& r, std::size_t expected, std::size_t found) {
  r.fail("expected an array of " + std::to_string(expected) + " elements, got " + std::to_string(found));
}

std::string sequence_expected(std::size_t fixed_size, std::string element) {
  std::string size = fixed_size ? std::to_string(fixed_size) + " " : "";
  return "an array of " + size + "elements (each " + element + ")";
}

void reader::finish() {
  if (!issues_.empty()) throw config_error(source_, std::move(issues_));
}

namespace {

// Feeds basic_parser's events to the reader. Strings, keys and numbers may arrive in
// parts; they are joined before the reader sees them.
struct parse_handler {
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);

  explicit parse_handler(reader& r) : r(r) {}

  using error_code = boost::json::error_code;
  using string_view = boost::json::string_view;

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return r.begin_array(), true; }
  bool on_array_end(std::size_t, error_code&) { return r.end_array(), true; }
  bool on_object_begin(error_code&) { return r.begin_object(), true; }
  bool on_object_end(std::size_t, error_code&) { return r.end_object(), true; }
  bool on_string_part(string_view s, std::size_t, error_code&) { return buffer.append(s.data(), s.size()), true; }
  bool on_string(string_view s, std::size_t, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::string;
    e.text = joined(s);
    r.value(e);
    buffer.clear();
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) { return buffer.append(s.data(), s.size()), true; }
  bool on_key(string_view s, std::size_t, error_code&) {
    r.key(joined(s));
    buffer.clear();
    return true;
  }
  bool on_number_part(string_view s, error_code&) { return buffer.append(s.data(), s.size()), true; }
  bool on_int64(std::int64_t i, string_view s, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::int64;
    e.int64 = i;
    return number(e, s);
  }
  bool on_uint64(std::uint64_t u, string_view s, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::uint64;
    e.uint64 = u;
    return number(e, s);
  }
  bool on_double(double d, string_view s, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::floating;
    e.floating = d;
    return number(e, s);
  }
  bool on_bool(bool b, error_code&) {
    scalar_event e;
    e.kind = scalar_event::type::boolean;
    e.boolean = b;
    return r.value(e), true;
  }
  bool on_null(error_code&) { return r.value(scalar_event{}), true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }

  std::string_view joined(string_view last) {
    if (buffer.empty()) return {last.data(), last.size()};
    buffer.append(last.data(), last.size());
    return buffer;
  }
  bool number(scalar_event& e, string_view s) {
    e.text = joined(s);
    r.value(e);
    buffer.clear();
    return true;
  }

  reader& r;
  std::string buffer;
};

std::string position(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  std::size_t column = offset - (line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1) + 1;
  if (offset > 0 && text[offset - 1] == '\n') column = 1;
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

std::string syntax_message(boost::json::error_code ec, std::size_t max_depth) {
  using boost::json::error;
  if (ec == error::incomplete) return "the JSON text ends too early; is the file truncated?";
  if (ec == error::too_deep)
    return "the document nests deeper than " + std::to_string(max_depth) +
           " levels; raise load_options::max_depth if this is intended";
  if (ec == error::exponent_overflow) return "a number's exponent is too large to represent";
  return "invalid JSON (" + ec.message() + ")";
}

struct too_deep {};

void walk(reader& r, boost::json::value const& v, std::size_t depth, std::size_t max_depth) {
  scalar_event e;
  switch (v.kind()) {
    case boost::json::kind::null: return r.value(e);
    case boost::json::kind::bool_:
      e.kind = scalar_event::type::boolean, e.boolean = v.get_bool();
      return r.value(e);
    case boost::json::kind::int64:
      e.kind = scalar_event::type::int64, e.int64 = v.get_int64();
      return r.value(e);
    case boost::json::kind::uint64:
      e.kind = scalar_event::type::uint64, e.uint64 = v.get_uint64();
      return r.value(e);
    case boost::json::kind::double_:
      e.kind = scalar_event::type::floating, e.floating = v.get_double();
      return r.value(e);
    case boost::json::kind::string:
      e.kind = scalar_event::type::string, e.text = v.get_string();
      return r.value(e);
    default: break;
  }
  if (depth >= max_depth) {
    r.fail("the document nests deeper than " + std::to_string(max_depth) +
           " levels; raise load_options::max_depth if this is intended");
    throw too_deep{};
  }
  if (v.is_array()) {
    r.begin_array();
    for (auto const& element : v.get_array()) walk(r, element, depth + 1, max_depth);
    return r.end_array();
  }
  auto const& object = v.get_object();
  r.begin_object();
  // "type" goes first, so that a union knows its type before its members arrive.
  auto const* type = object.if_contains("type");
  if (type) {
    r.key("type");
    walk(r, *type, depth + 1, max_depth);
  }
  for (auto const& member : object) {
    if (type && member.key() == "type") continue;
    r.key(member.key());
    walk(r, member.value(), depth + 1, max_depth);
  }
  r.end_object();
}

}  // namespace

void parse_into(std::string_view text, sink const& root, void* target, load_options const& options,
                std::string source) {
  reader r(options, std::move(source));
  r.start(root, target);
  boost::json::parse_options parse_options;
  parse_options.max_depth = options.max_depth;
  boost::json::basic_parser<parse_handler> parser(parse_options, r);
  boost::json::error_code ec;
  std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
  // What follows the error, so that the reader sees the culprit without opening the file.
  auto excerpt = [&] { return quoted(text.substr(consumed, text.find('\n', consumed) - consumed).substr(0, 20)); };
  if (ec) {
    std::string message = position(text, consumed) + ": " + syntax_message(ec, options.max_depth);
    if (consumed < text.size() && ec != boost::json::error::too_deep) message += " at " + excerpt();
    r.fail_at(0, std::move(message));
  } else if (consumed < text.size()) {
    r.fail_at(0, position(text, consumed) + ": unexpected text after the JSON document: " + excerpt());
  }
  r.finish();
}

void read_into(boost::json::value const& json, sink const& root, void* target, load_options const& options,
               std::string source) {
  reader r(options, std::move(source));
  r.start(root, target);
  try {
    walk(r, json, 0, options.max_depth);
  } catch (too_deep const&) {
  }
  r.finish();
}

}  // namespace glasses::detail
