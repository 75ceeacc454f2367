// The machinery that reads JSON events into typed configs. Text (parse) and
// boost::json::value (from_json) both become the same event stream, so every rule and
// message lives in one place. Each C++ type gets a `sink`: a table of event handlers.
// Paths are assembled from the frame stack only when an error is reported.
#ifndef GLASSES_CONFIG_DETAIL_READER_HPP
#define GLASSES_CONFIG_DETAIL_READER_HPP

#include <glasses/config/error.hpp>
#include <glasses/config/load_options.hpp>

#include <boost/json/fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glasses {

namespace detail {

/// A JSON value that is not a container. `text` is the literal for numbers (empty when the
/// number came from a boost::json::value) and the content for strings.
struct scalar_event {
  enum class type : unsigned char { null, boolean, int64, uint64, floating, string };
  type kind = type::null;
  bool boolean = false;
  std::int64_t int64 = 0;
  std::uint64_t uint64 = 0;
  double floating = 0;
  std::string_view text;
};

class reader;
struct frame;
struct sink;
struct record_info;
struct direct_text;
class validation;

/// The "type" of each object of a text whose unions do not all put it first: found by one
/// pass over the text before the reading pass (src/config/parse.cpp), so that no union ever
/// buffers its members, and memory stays proportional to the text.
struct type_scan {
  struct entry {
    std::size_t object;  // the object's position among all objects of the text, from 0
    std::size_t begin;   // the value's text in `names`
    std::size_t size;
    bool is_string;  // otherwise the text describes what was found: `5`, `an object`
  };
  std::vector<entry> entries;  // by `object`
  std::string names;

  entry const* find(std::size_t object) const;
};

/// One step of an override path: a field or map key, or an index.
struct path_key {
  std::string_view name;
  std::size_t index = 0;
  bool is_index = false;
};

/// Where an override path leads: the value's sink and address, or why it leads nowhere.
struct located {
  sink const* ops = nullptr;
  void* target = nullptr;
  std::string error;
  /// The field's name now, when the step named it by a former name; empty otherwise.
  std::string_view renamed_to = {};
};

using validate_fn = void (*)(void const* target, validation&);

struct sink {
  void (*scalar)(reader&, frame&, scalar_event const&);
  void (*begin_object)(reader&, frame&);
  void (*key)(reader&, frame&, std::string_view);  // pushes the value's frame, except when skipping
  bool (*end_object)(reader&, frame&);             // true when the frame is finished
  void (*begin_array)(reader&, frame&);
  void (*element)(reader&, frame&);  // pushes the next element's frame, except when skipping
  bool (*end_array)(reader&, frame&);
  std::string (*expected)();  // "an integer", "an object (ResNetConfig)": for messages
  // Unions and slots: choose the concrete type named by "type" for the frame at `depth`.
  bool (*select)(reader&, std::size_t depth, std::string_view type);
  // Overrides: the part of the value at `target` that `step` names (which may create it,
  // as a map entry); `error` says why there is none.
  located (*child)(void* target, path_key const& step);
  bool chooses_type = false;  // unions and slots, whose overrides apply first
  // Whether the value has constraints or cross-field rules, or holds values that have. Kept
  // beside `validator` because GCC, under -fsanitize=null, cannot compare a function's
  // address with null in a constant expression.
  bool validates = false;
  // Checks the value's constraints and cross-field rules, and those of the values it
  // holds; null when the type has none anywhere, so that such configs pay nothing.
  validate_fn validator = nullptr;
  // parse's fast path (direct_read.hpp): reads the value, with `depth` containers open
  // around it, straight from the text at `p` and returns the position after it, or null
  // for the event reader to read the text again.
  char const* (*read_direct)(char const* p, direct_text const& t, std::size_t depth, void* target) = nullptr;
  // A record's fields, for the unions that hold it and for overrides (an optional or
  // required record has them too): an object merges into these.
  record_info const* record = nullptr;
  // Whether the value is text (a string, or an optional or required one): an override
  // gives it a bare number or true as the text written (`name=1` is "1").
  bool takes_text = false;
  // Whether the value is a list (a std::vector or std::array, or an optional one): an
  // override's refusal of a sweep's value suggests one in brackets.
  bool takes_list = false;
  // Overrides' `~path` (Hydra's delete): removes the key `key` of the map at `target`, and
  // says whether it was there. Null for every kind but maps.
  bool (*erase)(void* target, std::string_view key) = nullptr;
  // Whether null is one of the value's values (an optional, not a required): `~path` sets it.
  bool nullable = false;
};

template <class T> struct sink_of;
/// The sink of type T (detail/sinks.hpp).
template <class T> inline constexpr sink sink_for = sink_of<T>::make();

// Trivially copyable, so that pushing and popping frames costs a few stores.
struct frame {
  enum class place : unsigned char { root, named, index };

  sink const* ops = nullptr;
  void* target = nullptr;
  place where = place::root;
  bool open = false;          // a container whose '{' or '[' was read
  std::string_view name;      // field name or map key when where == named; must outlive the frame
  std::size_t index = 0;      // element position, when where == index
  std::size_t count = 0;      // elements read (arrays); nesting (skipping)
  std::uint64_t seen = 0;     // fields read (records)
  std::size_t object = 0;     // the position of the object this frame opened (unions)
  bool chosen = false;        // a union whose type is chosen: its record skips one "type" key
  bool type_seen = false;     // ... and has seen it
};

class reader {
 public:
  reader(load_options const& options, std::string source);
  ~reader();

  /// Reads into `target`; at the end, checks its constraints unless the options say not to.
  void start(sink const& root, void* target);
  // The event stream.
  void value(scalar_event const& s);
  void begin_object();
  void key(std::string_view k);
  void end_object();
  void begin_array();
  void end_array();
  /// Throws config_error when anything was reported.
  void finish();

  // For sinks.
  frame& push(sink const& ops, void* target);
  /// `name` must outlive the frame: a field name, or a key stored in a map.
  frame& push_named(sink const& ops, void* target, std::string_view name);
  frame& push_index(sink const& ops, void* target, std::size_t index);
  frame& at(std::size_t depth) { return stack_[depth]; }
  std::size_t depth() const { return stack_.size() - 1; }
  load_options const& options() const { return options_; }

  /// Reports a problem at the path of the frame at `depth`, with `suffix` appended
  /// (a field name or a key that has no frame).
  void fail_at(std::size_t depth, std::string message, std::string_view suffix = {});
  void fail(std::string message) { fail_at(depth(), std::move(message)); }
  /// Reports a problem of the text itself (a syntax error) at its line and column.
  void fail_in_text(std::string message, std::size_t line, std::size_t column);
  void warn_at(std::size_t depth, std::string message, std::string_view suffix);
  /// Reports a problem with the next value, in place of that value.
  void reject(std::string message);
  /// Reports "expected X, got Y" for frame `f` and ignores the rest of its value.
  void mismatch(frame& f, std::string found);
  /// Ignores the rest of `f`'s value: an unwanted object or array is consumed silently.
  static void skip(frame& f, bool opened);
  /// A union's first key is not "type": choose its type from the scan of the text and read
  /// the key, or throw `needs_type_scan` for the caller to make one and read again
  /// (parse.cpp). False, with nothing read, when the object has no "type" at all.
  bool choose_late(frame& f, std::string_view first_key);
  void use_type_scan(type_scan const* scan) { scan_ = scan; }
  bool failed() const { return !issues_.empty(); }

  static sink const skip_sink;
  static sink const type_name_sink;

 private:
  void enter_value();
  void pop();
  std::string path_to(std::size_t depth) const;
  [[noreturn]] void stop();

  load_options options_;
  std::string source_;
  sink const* root_ = nullptr;
  void const* target_ = nullptr;
  std::vector<frame> stack_;
  std::vector<issue> issues_;
  // Held until the end: a reading pass abandoned for a type scan must not report twice.
  std::vector<issue> warnings_;
  type_scan const* scan_ = nullptr;
  std::size_t objects_ = 0;  // objects begun so far
};

/// Thrown by reader::choose_late when the text has no type scan yet.
struct needs_type_scan {};

/// What a required<T> field that nothing set is told, where the reader misses its key and
/// where validation finds it unset.
inline constexpr std::string_view missing_required_message =
    "missing required key; this field has no default, so the config must set it";

/// The deepest `load_options::max_depth` the reader supports: it keeps a frame for each level.
inline constexpr std::size_t deepest_supported = 100000;
[[noreturn]] void throw_too_deep_a_limit(load_options const& options, std::string const& source);
/// Throws config_error when `options.max_depth` is past what the reader supports, before
/// any text is read. Inline: every parse asks.
inline void check_max_depth(load_options const& options, std::string const& source) {
  if (options.max_depth > deepest_supported) [[unlikely]]
    throw_too_deep_a_limit(options, source);
}

/// A described field as the reader sees it.
struct field_entry {
  std::string_view name;
  sink const* ops;
  void* (*address)(void*);
  /// For a required<T> field, whether the value at its address is still unset; else null.
  bool (*unset)(void const*);
  /// The field's constraints, then what its value's sink checks; null when neither exists.
  validate_fn validate = nullptr;
};

/// A name that a field had in an earlier version (GLASSES_FIELDS): `member` is the field's
/// position in its record.
struct former_entry;

/// A described record's fields; the record sinks' work is done out of line on this table,
/// so that each config adds little code.
struct record_info {
  std::string_view type;
  field_entry const* fields;
  std::size_t size;
  former_entry const* formers;
  std::size_t former_count;
};
void record_key(reader& r, frame& f, std::string_view key, record_info const& record);
/// Runs each field's `validate` on the record at `target`, at the field's path.
void validate_fields(void const* target, validation& v, record_info const& record);
located record_child(void* target, path_key const& step, record_info const& record);
/// The name of the field that `key` names in `record`, by its name or a former one; empty
/// when none does.
std::string_view field_named(record_info const& record, std::string_view key);
bool record_end(reader& r, frame& f, record_info const& record);
std::string record_expected(std::string_view type);

// Messages of the typed sinks, out of line so that each sink stays small.
/// Whether `literal` is an integer's digits (a sign first, perhaps) that no 64-bit integer
/// holds: a parser reads them as a float, and an integer field says its range.
bool integer_beyond_64_bits(std::string_view literal) noexcept;
void fail_integer_range(reader& r, scalar_event const& s, bool is_signed, std::size_t bytes, std::int64_t low,
                        std::uint64_t high);
void fail_float_range(reader& r, scalar_event const& s, bool is_float);
void fail_array_size(reader& r, std::size_t expected, std::size_t found);
/// "an array of [N ]elements (each ...)"; `fixed_size` 0 for a vector.
std::string sequence_expected(std::size_t fixed_size, std::string element);
located sequence_child(void* element, path_key const& step, std::size_t size, sink const& element_ops,
                       std::size_t element_size);

/// Runs the validator of `root` on `target` and appends its problems to `issues`, except
/// those at or below a path that already has one: a value that failed to read is not
/// judged again.
void validate_into(sink const& root, void const* target, std::vector<issue>& issues);

/// A short description of a scalar for "got ..." messages: `the string "six"`, `1.5`.
std::string describe(scalar_event const& s);

/// "the document nests deeper than N levels; ...".
std::string too_deep_message(std::size_t max_depth);

/// What some editors (Notepad, PowerShell's `Out-File`) write before UTF-8 text; not part of
/// the config, and skipped wherever a config is read from text.
inline constexpr std::string_view byte_order_mark = "\xEF\xBB\xBF";

void parse_into(std::string_view text, sink const& root, void* target, load_options const& options,
                std::string source);
/// parse_into's two ways: the fast path (direct_read.hpp), which returns false when it gives
/// up and throws config_error only for what breaks a constraint; and the event reader.
void parse_events(std::string_view text, sink const& root, void* target, load_options const& options,
                  std::string source);
bool parse_directly(std::string_view text, sink const& root, void* target, load_options const& options,
                    std::string const& source);
void read_into(boost::json::value const& json, sink const& root, void* target,
               load_options const& options, std::string source);

}  // namespace detail
}  // namespace glasses

#endif
