#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/detail/value_writer.hpp>
#include <glasses/config/error.hpp>
#include <glasses/config/json_write.hpp>

#include <boost/json/value.hpp>

#include <charconv>
#include <cmath>
#include <new>
#include <vector>

namespace glasses::detail {

struct json_value_writer::state {
  boost::json::value root;
  std::vector<boost::json::value*> stack;
  std::string_view key;
  bool invalid_utf8 = false;
  std::vector<issue> refused;

  // Where the value that `before` leads to goes: a field's member, a key's member, the
  // next element, or the root.
  boost::json::value& place(lead before) {
    if (before.name) key = {before.name, before.size};
    if (stack.empty()) return root;
    boost::json::value& top = *stack.back();
    if (top.is_object()) return top.as_object()[key];
    return top.as_array().emplace_back(nullptr);
  }

  // The path of `value`, the last one placed: each container on the stack holds the next
  // one, or `value`, as its last element or as one of its members.
  std::string path_to(boost::json::value const& value) const {
    std::string path;
    for (std::size_t i = 0; i < stack.size(); ++i) {
      boost::json::value const* child = i + 1 < stack.size() ? stack[i + 1] : &value;
      if (stack[i]->is_array()) {
        append_path_index(path, stack[i]->get_array().size() - 1);
        continue;
      }
      for (auto const& member : stack[i]->get_object())
        if (&member.value() == child) append_path_key(path, member.key());
    }
    return path;
  }
};

json_value_writer::json_value_writer() {
  static_assert(sizeof(state) <= sizeof storage_ && alignof(state) <= 8);
  new (storage_) state;
}
json_value_writer::~json_value_writer() { self().~state(); }
json_value_writer::state& json_value_writer::self() noexcept { return *std::launder(reinterpret_cast<state*>(storage_)); }
json_value_writer::state const& json_value_writer::self() const noexcept {
  return *std::launder(reinterpret_cast<state const*>(storage_));
}

boost::json::value& json_value_writer::result() { return self().root; }
boost::json::value json_value_writer::take() {
  if (self().invalid_utf8 || !self().refused.empty()) throw_refused();
  return std::move(self().root);
}

using cursor = json_value_writer::cursor;

cursor json_value_writer::begin_object(cursor, lead before) {
  self().stack.push_back(&(self().place(before) = boost::json::object()));
  return {};
}
cursor json_value_writer::end_object(cursor, bool) { return self().stack.pop_back(), cursor{}; }
cursor json_value_writer::begin_array(cursor, lead before, bool) {
  self().stack.push_back(&(self().place(before) = boost::json::array()));
  return {};
}
cursor json_value_writer::end_array(cursor, bool) { return self().stack.pop_back(), cursor{}; }
cursor json_value_writer::null(cursor, lead before) { return self().place(before) = nullptr, cursor{}; }
cursor json_value_writer::boolean(cursor, lead before, bool b) { return self().place(before) = b, cursor{}; }
cursor json_value_writer::integer(cursor, lead before, std::int64_t i) { return self().place(before) = i, cursor{}; }
cursor json_value_writer::unsigned_integer(cursor, lead before, std::uint64_t u) {
  return self().place(before) = u, cursor{};
}
std::string cannot_write_not_utf8(std::string_view what, std::string_view text) {
  return "cannot write " + std::string(what) + " " + quoted(text, 40) + ": it is not UTF-8 (" + first_invalid_utf8(text) +
         "), and JSON holds UTF-8 text only; store text as UTF-8";
}

double as_written(float f) noexcept {
  double d = f;
  if (std::isfinite(f)) {
    char text[32];
    auto const written = std::to_chars(text, text + sizeof text, f);
    std::from_chars(text, written.ptr, d);
  }
  return d;
}

cursor json_value_writer::floating(cursor at, lead before, float f) { return floating(at, before, as_written(f)); }

cursor json_value_writer::key(cursor, lead, std::string_view name) {
  self().invalid_utf8 = self().invalid_utf8 || invalid_utf8_at(name) != std::string_view::npos;
  self().key = name;
  return {};
}

cursor json_value_writer::refuse(cursor, lead before, std::string problem) {
  boost::json::value const& placed = self().place(before) = nullptr;
  self().refused.push_back({self().path_to(placed), std::move(problem)});
  return {};
}

cursor json_value_writer::string(cursor, lead before, std::string_view s) {
  self().invalid_utf8 = self().invalid_utf8 || invalid_utf8_at(s) != std::string_view::npos;
  self().place(before) = boost::json::string(s);
  return {};
}

boost::json::value json_number(double d) {
  if (std::isfinite(d)) return d;
  return special_name(d);
}

cursor json_value_writer::floating(cursor, lead before, double d) { return self().place(before) = json_number(d), cursor{}; }

namespace {

char* write_value(json_text_writer& w, char* at, lead before, boost::json::value const& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return w.null(at, before);
    case boost::json::kind::bool_: return w.boolean(at, before, v.get_bool());
    case boost::json::kind::int64: return w.integer(at, before, v.get_int64());
    case boost::json::kind::uint64: return w.unsigned_integer(at, before, v.get_uint64());
    case boost::json::kind::double_: return w.floating(at, before, v.get_double());
    case boost::json::kind::string: return w.string(at, before, v.get_string());
    case boost::json::kind::array: {
      auto const& elements = v.get_array();
      bool scalars = true;
      for (auto const& e : elements) scalars = scalars && !e.is_structured();
      at = w.begin_array(at, before, scalars);
      for (std::size_t i = 0; i < elements.size(); ++i) at = write_value(w, at, lead::element(i == 0), elements[i]);
      return w.end_array(at, elements.empty());
    }
    case boost::json::kind::object: {
      auto const& members = v.get_object();
      at = w.begin_object(at, before);
      bool first = true;
      for (auto const& member : members) {
        at = w.key(at, lead::element(first), member.key());
        at = write_value(w, at, {}, member.value());
        first = false;
      }
      return w.end_object(at, members.empty());
    }
  }
  return at;
}

void find_not_utf8(boost::json::value const& v, std::string& path, std::vector<issue>& issues) {
  auto const problem = cannot_write_not_utf8;
  std::size_t const size = path.size();
  if (v.is_string() && invalid_utf8_at(v.get_string()) != std::string_view::npos) {
    issues.push_back({path, problem("the string", v.get_string())});
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.get_array().size(); ++i) {
      append_path_index(path, i);
      find_not_utf8(v.get_array()[i], path, issues);
      path.resize(size);
    }
  } else if (v.is_object()) {
    for (auto const& member : v.get_object()) {
      append_input_key(path, member.key());
      if (invalid_utf8_at(member.key()) != std::string_view::npos) issues.push_back({path, problem("the key", member.key())});
      else find_not_utf8(member.value(), path, issues);
      path.resize(size);
    }
  }
}

[[noreturn]] void throw_not_utf8(boost::json::value const& written, std::vector<issue> issues = {}) {
  std::string path;
  find_not_utf8(written, path, issues);
  throw config_error("dump", std::move(issues));
}

}  // namespace

void json_value_writer::throw_refused() { throw_not_utf8(self().root, std::move(self().refused)); }

}  // namespace glasses::detail

namespace glasses {

std::string dump(boost::json::value const& json, dump_options options) {
  detail::json_text_writer w(options.indent);
  char* end = detail::write_value(w, w.start(), {}, json);
  if (w.refused_a_value()) detail::throw_not_utf8(json);
  return w.text(end);
}

}  // namespace glasses
