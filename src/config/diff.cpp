#include <glasses/config/detail/leaves.hpp>
#include <glasses/config/detail/value_writer.hpp>
#include <glasses/config/diff.hpp>
#include <glasses/config/error.hpp>
#include <glasses/config/json_write.hpp>

#include <boost/json/parse.hpp>

#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <ostream>
#include <vector>

namespace glasses {
namespace detail {
namespace {

// In place, sized first, so that a path of up to 40 characters allocates nothing, then
// written from its last step back. A map key may need quotes, which append_path_key decides.
// A map key that is not UTF-8, which a diff cannot hold as JSON, as dump refuses it: its
// path writes such bytes as \xNN, as an error's paths do.
[[noreturn]] void throw_key_not_utf8(path_step const* last, path_step const* key) {
  std::vector<path_step const*> steps;
  for (path_step const* s = last; s; s = s->parent) steps.push_back(s);
  std::string path;
  for (auto s = steps.rbegin(); s != steps.rend(); ++s) {
    if ((*s)->at == path_step::place::index) append_path_index(path, (*s)->index);
    else if ((*s)->at == path_step::place::key) append_input_key(path, (*s)->name);
    else append_path_field(path, (*s)->name);
    if (*s == key) break;
  }
  throw config_error("diff", {{path, cannot_write_not_utf8("the key", key->name)}});
}

void render_path(small_string& path, path_step const* last) {
  std::size_t length = 0;
  for (path_step const* s = last; s; s = s->parent) {
    if (s->at == path_step::place::key) {
      for (path_step const* k = s; k; k = k->parent)
        if (k->at == path_step::place::key && invalid_utf8_at(k->name) != std::string_view::npos)
          throw_key_not_utf8(last, k);
      std::string text;
      append_path_steps(text, last);
      std::memcpy(path.assign_for_overwrite(text.size()), text.data(), text.size());
      return;
    }
    length += s->at == path_step::place::index ? path_index_size(s->index) : path_field_size(s->name, !s->parent);
  }
  char* end = path.assign_for_overwrite(length) + length;
  for (path_step const* s = last; s; s = s->parent) {
    if (s->at == path_step::place::index) write_path_index(end -= path_index_size(s->index), s->index);
    else write_path_field(end -= path_field_size(s->name, !s->parent), s->name, !s->parent);
  }
}

// Into a value that is still null: a number or a boolean is set in place, which costs a
// few stores, where moving a value in goes out of line through a swap.
void set_json(boost::json::value& out, deferred_json value) {
  using held = deferred_json::held;
  switch (value.what) {
    case held::nothing: return;
    case held::signed_number: out = std::bit_cast<std::int64_t>(value.bits); return;
    case held::unsigned_number: out = value.bits; return;
    case held::real_number:
    case held::float_number: {
      double const d = value.what == held::real_number
                           ? std::bit_cast<double>(value.bits)
                           : as_written(std::bit_cast<float>(static_cast<std::uint32_t>(value.bits)));
      if (std::isfinite(d)) out = d;
      else out = json_number(d);
      return;
    }
    case held::boolean: out = value.bits != 0; return;
    case held::written: break;
  }
  json_value_writer w;
  value.write(w, value.value);
  out = w.take();
}

boost::json::value json_of(deferred_json value) {
  boost::json::value out;
  set_json(out, value);
  return out;
}

// The leaves of a config's JSON below its own "type", in order.
std::vector<std::pair<std::string, std::string>> leaves_of(boost::json::value const& config) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!config.is_object()) return out;
  for_each_leaf(dump(config), [&](std::string const& path, std::string_view value) {
    if (path != "type") out.emplace_back(path, value);
  });
  return out;
}

// The defaults of the registered config named by `config`'s "type", as JSON.
boost::json::value defaults_of(boost::json::value const& config) {
  auto const* name = config.is_object() ? config.as_object().if_contains("type") : nullptr;
  config_ops const* ops = name && name->is_string() ? find_config(name->as_string()) : nullptr;
  if (!ops) return nullptr;
  void* defaults = ops->make_default();
  json_value_writer w;
  ops->write_value(w, {}, defaults);
  ops->destroy(defaults);
  return std::move(w.result());
}

// A value of a change that cannot be written: its error, at the change's path.
[[noreturn]] void throw_within(std::string_view path, config_error const& e) {
  std::vector<issue> issues;
  for (issue const& i : e.issues()) issues.push_back({join_path(path, i.path), i.message});
  throw config_error("diff", std::move(issues));
}

}  // namespace

void differ::add(path_step const* at, change_kind what, deferred_json before, deferred_json after) {
  // Made in place, then filled: a value that cannot be written (text that is not UTF-8)
  // takes the half-made change out again, and its error names the change's path.
  // Default-initialized, each member by its own constructor: emplace_back() value-initializes,
  // which first zero-fills the whole change with a `rep stos`, about 3 ns a change.
  out.changes.resize(out.changes.size() + 1, boost::container::default_init);
  change& c = out.changes.back();
  try {
    render_path(c.path, at);
    c.what = what;
    set_json(c.before, before);
    set_json(c.after, after);
  } catch (config_error const& e) {
    std::string const path(c.path);
    out.changes.pop_back();
    throw_within(path, e);
  } catch (...) {
    out.changes.pop_back();
    throw;
  }
}

void differ::add_type_change(path_step const* at, deferred_json before_config, deferred_json after_config,
                             std::string_view before_type, std::string_view after_type) {
  small_string rendered;
  render_path(rendered, at);
  std::string const path(rendered);
  boost::json::value before, after;
  try {
    before = json_of(before_config);
    after = json_of(after_config);
  } catch (config_error const& e) {
    throw_within(path, e);
  }
  // After the type, what the new value sets: each field that differs from the new type's
  // default, which an override naming the type starts from, so that the changes pasted as
  // overrides give the new value; and each that differs from the old value's field of the
  // same name. A change is from the old value where that differs, else from the default.
  boost::json::value const defaults = defaults_of(after);
  auto const before_leaves = leaves_of(before), default_leaves = leaves_of(defaults);
  std::map<std::string_view, std::string_view> old_fields, default_fields;
  for (auto const& [field, value] : before_leaves) old_fields.emplace(field, value);
  for (auto const& [field, value] : default_leaves) default_fields.emplace(field, value);
  std::vector<change> inside;
  for (auto const& [field, value] : leaves_of(after)) {
    std::optional<std::string_view> old_value, default_value;
    if (auto it = old_fields.find(field); it != old_fields.end()) old_value = it->second;
    if (auto it = default_fields.find(field); it != default_fields.end()) default_value = it->second;
    std::optional<std::string_view> const reference = old_value && old_value != value ? old_value : default_value;
    if (reference == value) continue;
    std::string full = path;
    if (!full.empty() && field.front() != '[') full += '.';
    full += field;
    // With nothing to be from (a map's key neither value nor default holds), it is added.
    inside.push_back({small_string(full), reference ? change::kind::changed : change::kind::added,
                      reference ? boost::json::parse(*reference) : boost::json::value(), boost::json::parse(value), {},
                      {}});
  }
  // And the keys of the default's maps that the new value lacks, which the override naming
  // the type would bring back: removed, as a map's key is.
  for_each_missing_key(defaults, after, [&](std::string const& map, std::string_view key, boost::json::value const& held) {
    std::string removed = join_path(path, map);
    append_path_key(removed, key);
    inside.push_back({small_string(removed), change::kind::removed, held, nullptr, {}, {}});
  });
  out.changes.push_back({small_string(path), change::kind::retyped, std::move(before), std::move(after), before_type,
                         after_type});
  out.changes.insert(out.changes.end(), std::make_move_iterator(inside.begin()), std::make_move_iterator(inside.end()));
}

}  // namespace detail

std::string to_string(config_diff const& diff) {
  std::string out;
  for (auto const& c : diff) {
    if (!out.empty()) out += '\n';
    out += c.path.empty() ? "(config)" : c.path.view();
    out += ": ";
    switch (c.what) {
      case change::kind::changed: out += dump(c.before) + " -> " + dump(c.after); break;
      case change::kind::added: out += "(absent) -> " + dump(c.after); break;
      case change::kind::removed: out += dump(c.before) + " -> (absent)"; break;
      case change::kind::retyped: out.append(c.before_type).append(" -> ").append(c.after_type); break;
    }
  }
  return out;
}

std::ostream& operator<<(std::ostream& os, config_diff const& diff) { return os << to_string(diff); }

boost::json::value to_json(config_diff const& diff) {
  static constexpr char const* names[] = {"changed", "added", "removed", "retyped"};
  boost::json::array out;
  for (auto const& c : diff) {
    boost::json::object entry;
    entry["path"] = c.path.view();
    entry["change"] = names[static_cast<int>(c.what)];
    if (c.what != change::kind::added) entry["before"] = c.before;
    if (c.what != change::kind::removed) entry["after"] = c.after;
    if (c.what == change::kind::retyped) {
      entry["before_type"] = c.before_type;
      entry["after_type"] = c.after_type;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace glasses
