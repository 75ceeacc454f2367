// The reader's frame machine: events in, frames pushed and popped, problems collected with
// the path of the frame they belong to.
#include <glasses/config/detail/reader.hpp>

#include <algorithm>
#include <stdexcept>

namespace glasses::detail {
namespace {

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

}  // namespace

sink const reader::skip_sink{&skipping::scalar, &skipping::begin,  &skipping::key,      &skipping::end,
                             &skipping::begin,  &skipping::element, &skipping::end,     &skipping::expected,
                             &skipping::select, &skipping::child};

sink const reader::type_name_sink{&type_name_value::scalar, &type_name_value::begin_object, &skipping::key,
                                  &skipping::end,           &type_name_value::begin_array,  &skipping::element,
                                  &skipping::end,           &type_name_value::expected,     &skipping::select,
                                  &skipping::child};

void throw_too_deep_a_limit(load_options const& options, std::string const& source) {
  throw config_error(source, {{"", "load_options::max_depth is " + std::to_string(options.max_depth) + "; at most " +
                                       std::to_string(deepest_supported) +
                                       " levels are supported, which is deeper than any config nests"}});
}

reader::reader(load_options const& options, std::string source)
    : options_(options), source_(std::move(source)) {
  check_max_depth(options_, source_);
  // Frames are never reallocated: sinks hold references to them while they push children.
  stack_.reserve(options_.max_depth + 2);
}

reader::~reader() = default;

void reader::start(sink const& root, void* target) {
  root_ = &root;
  target_ = target;
  push(root, target);
}

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

void reader::reject(std::string message) {
  enter_value();
  frame& f = stack_.back();
  if (f.ops != &skip_sink) fail(std::move(message));
  if (!f.open) pop();
}

void reader::begin_object() {
  enter_value();
  stack_.back().object = objects_++;
  stack_.back().ops->begin_object(*this, stack_.back());
}

void reader::key(std::string_view k) { stack_.back().ops->key(*this, stack_.back(), k); }

void reader::end_object() {
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

type_scan::entry const* type_scan::find(std::size_t object) const {
  auto it = std::lower_bound(entries.begin(), entries.end(), object,
                             [](entry const& e, std::size_t o) { return e.object < o; });
  return it != entries.end() && it->object == object ? &*it : nullptr;
}

bool reader::choose_late(frame& f, std::string_view first_key) {
  if (!scan_) throw needs_type_scan{};
  std::size_t const union_depth = depth();
  type_scan::entry const* type = scan_->find(f.object);
  if (!type) return false;
  std::string_view const text = std::string_view(scan_->names).substr(type->begin, type->size);
  if (!type->is_string) {
    fail_at(union_depth, "expected " + type_name_sink.expected() + ", got " + std::string(text), "type");
  } else if (f.ops->select(*this, union_depth, text)) {
    f.ops->key(*this, f, first_key);
    return true;
  }
  skip(f, true);
  return true;
}

std::string reader::path_to(std::size_t depth) const {
  std::string path;
  for (std::size_t i = 1; i <= depth && i < stack_.size(); ++i) {
    frame const& f = stack_[i];
    switch (f.where) {
      case frame::place::root: break;
      case frame::place::named: append_input_key(path, f.name); break;
      case frame::place::index: append_path_index(path, f.index); break;
    }
  }
  return path;
}

void reader::fail_at(std::size_t depth, std::string message, std::string_view suffix) {
  std::string path = path_to(depth);
  if (!suffix.empty()) append_input_key(path, suffix);
  issues_.push_back({std::move(path), std::move(message)});
  if (issues_.size() >= max_issues) {
    issues_.push_back(stopped_after_max_issues());
    stop();
  }
}

void reader::fail_in_text(std::string message, std::size_t line, std::size_t column) {
  issues_.push_back({"", std::move(message), line, column});
}

void reader::warn_at(std::size_t depth, std::string message, std::string_view suffix) {
  if (!options_.warnings) return;
  std::string path = path_to(depth);
  if (!suffix.empty()) append_input_key(path, suffix);
  warnings_.push_back({std::move(path), std::move(message)});
}

void reader::stop() {
  if (options_.warnings) options_.warnings->insert(options_.warnings->end(), warnings_.begin(), warnings_.end());
  throw config_error(source_, std::move(issues_));
}

void reader::mismatch(frame& f, std::string found) {
  fail_at(depth(), "expected " + f.ops->expected() + ", got " + found);
}

std::string too_deep_message(std::size_t max_depth) {
  return "the document nests deeper than " + std::to_string(max_depth) +
         " levels, deeper than any config nests: is this the right file? (A program meant to read one this deep "
         "raises load_options::max_depth.)";
}

void reader::finish() {
  if (options_.validate) validate_into(*root_, target_, issues_);
  if (!issues_.empty()) stop();
  if (options_.warnings) options_.warnings->insert(options_.warnings->end(), warnings_.begin(), warnings_.end());
}

}  // namespace glasses::detail
