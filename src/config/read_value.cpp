// A boost::json::value into the reader (from_json): the same events as text, with "type"
// first, so that unions never wait for it.
#include <glasses/config/detail/reader.hpp>

#include <boost/json/value.hpp>

namespace glasses::detail {
namespace {

struct too_deep {};

constexpr char not_utf8[] = "expected UTF-8 text, got bytes that are not UTF-8; configs hold UTF-8 text";

void walk(reader& r, boost::json::value const& v, std::size_t depth, std::size_t max_depth);

void walk_object(reader& r, boost::json::object const& object, std::size_t depth, std::size_t max_depth) {
  r.begin_object();
  auto const* type = object.if_contains("type");
  if (type) {
    r.key("type");
    walk(r, *type, depth + 1, max_depth);
  }
  for (auto const& member : object) {
    std::string_view key = member.key();
    if (type && key == "type") continue;
    if (invalid_utf8_at(key) != std::string_view::npos) {
      r.fail_at(r.depth(), not_utf8, key);
      continue;
    }
    r.key(key);
    walk(r, member.value(), depth + 1, max_depth);
  }
  r.end_object();
}

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
      if (invalid_utf8_at(e.text) != std::string_view::npos) return r.reject(not_utf8);
      return r.value(e);
    default: break;
  }
  if (depth >= max_depth) {
    r.fail(too_deep_message(max_depth));
    throw too_deep{};
  }
  if (v.is_object()) return walk_object(r, v.get_object(), depth, max_depth);
  r.begin_array();
  for (auto const& element : v.get_array()) walk(r, element, depth + 1, max_depth);
  r.end_array();
}

}  // namespace

void read_into(boost::json::value const& json, sink const& root, void* target, load_options const& options,
               std::string source) {
  reader r(options, std::move(source));
  // walk_object hands a union its "type" first, so the reader asks the scan only for an
  // object that has none; an empty scan says so.
  type_scan const no_types;
  r.use_type_scan(&no_types);
  r.start(root, target);
  try {
    walk(r, json, 0, options.max_depth);
  } catch (too_deep const&) {
  }
  r.finish();
}

}  // namespace glasses::detail
