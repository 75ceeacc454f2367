#include "hydra_values.hpp"

#include <glasses/config/detail/leaves.hpp>
#include <glasses/config/json_write.hpp>
#include <glasses/config/overrides.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <numeric>
#include <optional>
#include <stdexcept>

namespace glasses::detail {
namespace {

/// One step of a path, spelled so that a path's steps can be told apart without a separator
/// that a key might hold: a key by its length and bytes, an index between # and ;.
std::string spelled_step(std::string_view name, std::size_t index, bool is_index) {
  if (is_index) return '#' + std::to_string(index) + ';';
  return std::to_string(name.size()) + ':' + std::string(name);
}
std::string spelled_step(path_key const& step) { return spelled_step(step.name, step.index, step.is_index); }

/// A parsed path: its steps, whose names point into `keys`.
struct parsed_path {
  std::vector<path_key> steps;
  std::vector<std::string> keys;
  std::string error;  // why the path is malformed, or empty

  /// The path spelled one way, each step whole and self-delimited (`1:a1:b#2;`), to tell
  /// when two ways of writing it (`a.b`, `a["b"]`) are one path.
  std::string canonical() const {
    std::string out;
    for (auto const& step : steps) out += spelled_step(step);
    return out;
  }
};

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

/// Why `text` is not UTF-8, or empty when it is.
std::string not_utf8(std::string_view text) {
  if (invalid_utf8_at(text) == std::string_view::npos) return {};
  return "not UTF-8 text (" + first_invalid_utf8(text) + "); configs hold UTF-8 text only";
}

/// What in a quoted key (quotes included) JSON does not take as a string; Boost.JSON only
/// says "syntax error".
std::string why_not_a_json_string(std::string_view key) {
  for (std::size_t i = 1; i + 1 < key.size(); ++i) {
    auto const c = static_cast<unsigned char>(key[i]);
    if (c < 0x20) {
      char escape[7];
      std::snprintf(escape, sizeof escape, "\\u%04x", c);
      return "it holds a control character (U+" + std::string(escape + 2) + ") as it is; write it as " + escape;
    }
    if (c != '\\') continue;
    char const next = key[++i];
    if (next == 'u') {
      if (key.size() - 1 - i < 5 || !std::all_of(key.begin() + i + 1, key.begin() + i + 5, [](char h) { return std::isxdigit(static_cast<unsigned char>(h)); }))
        return "\\u takes four hex digits";
      i += 4;
    } else if (std::string_view("\"\\/bfnrt").find(next) == std::string_view::npos) {
      return "\\" + std::string(1, next) + " is no JSON escape (they are \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t and \\uXXXX)";
    }
  }
  return "a \\u escape is half of a UTF-16 surrogate pair without its other half";
}

/// A map's key with a character that a name cannot hold, at `at` (`counts.héllo`), in
/// brackets and quotes as a path writes it: `; write the key as counts["héllo"]`.
std::string quoted_key_hint(std::string_view path, std::size_t at) {
  std::size_t const dot = path.rfind('.', at);
  if (dot == std::string_view::npos || path.find('[', dot) < at) return {};
  // A dot escaped as `a\.b`, as some tools write a key that holds one, is part of the key.
  std::string key;
  std::size_t end = dot + 1;
  for (; end < path.size() && path[end] != '.' && path[end] != '['; ++end) {
    if (path[end] == '\\' && end + 1 < path.size() && path[end + 1] == '.') ++end;
    key += path[end];
  }
  return "; a key with other characters than letters, digits and _ goes in brackets and quotes: " +
         std::string(path.substr(0, dot)) + "[" + dump(boost::json::value(key)) + "]" + std::string(path.substr(end));
}

/// `backbone.depths[2]`, `weights["b.c"]` into steps.
parsed_path parse_path(std::string_view path) {
  parsed_path out;
  auto fail = [&](std::string error) {
    out.steps.clear();
    out.error = std::move(error);
    return std::move(out);
  };
  if (std::string problem = not_utf8(path); !problem.empty()) return fail("the path is " + problem);
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '[' && i + 1 < path.size() && path[i + 1] == '"') {
      // A quoted key is a JSON string, escapes and all, as paths write keys.
      std::size_t const j = closing_quote(path, i + 1);
      if (j == std::string_view::npos || j + 1 >= path.size() || path[j + 1] != ']')
        return fail("a quoted key must end with \"]");
      boost::json::error_code ec;
      boost::json::value key = boost::json::parse(path.substr(i + 1, j - i), ec);
      if (ec || !key.is_string())
        return fail("the quoted key " + quoted(path.substr(i + 1, j - i)) + " is not a JSON string: " +
                    why_not_a_json_string(path.substr(i + 1, j - i)));
      out.keys.emplace_back(key.as_string());
      out.steps.push_back({{}, 0, false});
      i = j + 2;
    } else if (path[i] == '[') {
      std::size_t close = path.find(']', i);
      std::size_t index = 0;
      std::string_view digits = path.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (close == std::string_view::npos || digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        return fail("expected [index] with a non-negative integer, or [\"key\"]");
      out.steps.push_back({{}, index, true});
      i = close + 1;
    } else {
      if (!out.steps.empty()) {
        if (path[i] != '.')
          return fail("expected '.' or '[' after " + quoted(path.substr(0, i)) + quoted_key_hint(path, i));
        ++i;
      }
      std::size_t start = i;
      while (i < path.size() && is_name_char(path[i])) ++i;
      if (i == start) return fail("expected a field name at position " + std::to_string(start + 1));
      out.keys.emplace_back(path.substr(start, i - start));
      out.steps.push_back({{}, 0, false});
    }
  }
  if (out.steps.empty()) return fail("the path is empty");
  // Names point into `keys` only now that it no longer grows.
  for (std::size_t s = 0, k = 0; s < out.steps.size(); ++s)
    if (!out.steps[s].is_index) out.steps[s].name = out.keys[k++];
  return out;
}

/// Where an override led: the path as the config names it, for messages, and spelled as
/// spelled_step spells each step, so that a path lies within another exactly when its
/// spelling starts with the other's, however long their keys.
struct walked_path {
  std::string shown;
  std::string spelled;
  std::vector<issue> former_names;  // a step by a field's former name, read as its name now: a warning
  bool within(walked_path const& other) const { return spelled.starts_with(other.spelled); }
  /// The name of the first step below `above`, which this path lies within; empty for an index.
  std::string_view step_below(walked_path const& above) const {
    std::string_view rest = std::string_view(spelled).substr(above.spelled.size());
    std::size_t const colon = rest.find(':');
    if (rest.empty() || rest.front() == '#' || colon == std::string_view::npos) return {};
    std::size_t length = 0;
    std::from_chars(rest.data(), rest.data() + colon, length);
    return rest.substr(colon + 1, length);
  }
};

/// Whether the object `value`, set at `here`, names `field`, by its name or a former one.
bool names_field(located const& here, boost::json::object const& value, std::string_view field) {
  if (value.contains(field)) return true;
  if (record_info const* record = here.ops->record)
    for (auto const& member : value)
      if (field_named(*record, member.key()) == field) return true;
  return false;
}

/// Whether `value` is an object that names the field of `here` on the way to `below`.
bool object_names(located const& here, std::string_view value, walked_path const& walked, walked_path const& below) {
  boost::json::error_code ec;
  boost::json::value const given = boost::json::parse(as_json(value), ec);
  if (ec || !given.is_object()) return false;
  std::string_view const field = below.step_below(walked);
  return field.empty() || names_field(here, given.as_object(), field);
}

/// Whether `value` is an object that merges into the record or slot at `here`.
bool merges_into(located const& here, std::string_view value) {
  return (here.ops->record || here.ops->chooses_type) && value.starts_with('{');
}

/// Whether setting `value` at `here` sets again what another override set at `below`,
/// within it. An object merges into a record (optional or not) or a slot's config, and
/// sets only the fields it names; any other value, and any value of a list or a map, sets
/// it all.
bool sets_again(located const& here, std::string_view value, walked_path const& walked, walked_path const& below) {
  return !merges_into(here, value) || object_names(here, value, walked, below);
}

/// Where `path` leads below `root`; the error names the first step that leads nowhere.
located locate(sink const& root, void* target, parsed_path const& path, walked_path& walked) {
  located here{&root, target, {}};
  for (auto const& step : path.steps) {
    // `backbone.type=vit`, as show and compare write a type, is `backbone=vit`.
    if (here.ops->chooses_type && &step == &path.steps.back() && !step.is_index && step.name == "type") break;
    std::string const parent = walked.shown;
    located next = here.ops->child(here.target, step);
    std::string_view const name = next.renamed_to.empty() ? step.name : next.renamed_to;
    step.is_index ? append_path_index(walked.shown, step.index) : append_path_key(walked.shown, name);
    walked.spelled += spelled_step(name, step.index, step.is_index);
    if (!next.renamed_to.empty())
      walked.former_names.push_back(
          {walked.shown, quoted(step.name) + " is the former name of " + quoted(next.renamed_to) + "; it sets " +
                             quoted(next.renamed_to)});
    if (!next.ops) {
      if (next.error.empty())
        next.error = (parent.empty() ? std::string("the config") : parent) + " is " + here.ops->expected() +
                     ", which has no " + (step.is_index ? "elements" : "fields");
      return next;
    }
    here = std::move(next);
  }
  return here;
}

/// Where `~path` leads: for a map's key, the map (finding the key would add it), with `key`
/// set; otherwise the value itself, whose deletion sets it to null.
located locate_deletion(sink const& root, void* target, parsed_path const& path, walked_path& walked,
                        std::optional<std::string_view>& key) {
  parsed_path above;
  above.steps.assign(path.steps.begin(), path.steps.end() - 1);
  located parent = above.steps.empty() ? located{&root, target, {}} : locate(root, target, above, walked);
  if (!parent.ops) return parent;
  path_key const& last = path.steps.back();
  if (!parent.ops->erase || last.is_index) return locate(root, target, path, walked = {});
  append_path_key(walked.shown, last.name);
  walked.spelled += spelled_step(last);
  key = last.name;
  return parent;
}

/// `~path`: the map at `here` loses `key`, or the optional at `here` becomes null.
void delete_at(located const& here, std::string const& walked, std::optional<std::string_view> key,
               std::vector<issue>& issues) {
  if (key) {
    if (!here.ops->erase(here.target, *key))
      issues.push_back({walked, "no key " + quoted(*key) + " to delete: the map does not hold it"});
  } else if (here.ops->nullable) {
    parse_into("null", *here.ops, here.target, {.validate = false}, "");
  } else {
    issues.push_back({walked, "~ deletes a map's key or empties an optional, and this is " + here.ops->expected() +
                                  ", which the config always holds; set it instead: " + walked + "=VALUE"});
  }
}

/// Sets `value` at `here`. A key of an object value read by a former name is a warning, when
/// `warnings` is given.
void assign(located const& here, std::string const& walked, std::string_view value, std::vector<issue>& issues,
            std::vector<issue>* warnings = nullptr) {
  if (std::string problem = not_utf8(value); !problem.empty()) return issues.push_back({walked, "the value is " + problem});
  if (value.starts_with('\'') && !single_quoted(value))
    return issues.push_back({walked, "a value in single quotes must end with the closing quote, got " +
                                         quoted(value, 60) + "; write a quote inside it as \\'"});
  if (std::string interpolation = interpolation_in(value); !interpolation.empty())
    return issues.push_back({walked, std::move(interpolation)});
  bool const opens_json = value.starts_with('[') || value.starts_with('{');
  try {
    // The whole config is validated once all overrides are in: a rule may relate fields
    // that several overrides set.
    std::vector<issue> former_names;
    parse_into(as_json(value, here.ops->takes_text), *here.ops, here.target,
               {.warnings = &former_names, .validate = false}, "");
    if (warnings)
      for (auto& warning : former_names)
        warnings->push_back({join_path(walked, warning.path), std::move(warning.message)});
  } catch (config_error const& e) {
    auto const is_syntax = [](issue const& i) {
      return i.message.find("invalid JSON") != std::string::npos || i.message.find("ends too early") != std::string::npos;
    };
    // What the reader said of a value it read before the syntax broke (`[a` is "an array"
    // to a string) describes a value that is not there.
    bool const broken = std::any_of(e.issues().begin(), e.issues().end(), is_syntax);
    for (auto const& i : e.issues()) {
      if (broken && !is_syntax(i)) continue;
      // Where a value's syntax broke, as the message's start: the issue's place is the override.
      // Its start (1:1, where a value that is not what the field takes is placed) says nothing.
      bool const placed = i.path.empty() && i.line != 0 && (i.line > 1 || i.column > 1);
      std::string message = !placed ? i.message
                                    : "line " + std::to_string(i.line) + ", column " + std::to_string(i.column) + ": " +
                                          i.message;
      if (opens_json && i.path.empty() && is_syntax(i))
        message += "; write a list as [a, b] and a dict as {key: value}, closing each bracket and quote" +
                   (here.ops->takes_text ? ", or the text in single quotes: " + single_quoted_text(value) : "");
      // An object without "type" merges into the config held, so only an empty slot lacks one.
      if (here.ops->chooses_type && i.path.empty() && message.ends_with("got an object without \"type\""))
        message += "; the slot is empty: name the type in the object, {type: NAME, ...}, or choose it first, " +
                   walked + "=NAME";
      // A bare number in a list or dict is a number, as in Hydra; a field of text takes it quoted.
      constexpr std::string_view not_text = "expected a string, got ";
      if (opens_json && message.starts_with(not_text) && !message.starts_with("expected a string, got the string") &&
          !message.starts_with("expected a string, got an "))
        message += "; quote it to mean the text: '" + message.substr(not_text.size()) + "'";
      issues.push_back({join_path(walked, i.path), std::move(message)});
    }
  }
}

struct split_override {
  std::string_view path;
  std::string_view value;
  bool deletes = false;  // Hydra's `~path`
};

/// `path=value` or `~path`, or an issue for text without a path.
bool split(std::string const& text, split_override& out, std::vector<issue>& issues, char const* expected) {
  bool const deletes = text.starts_with('~');
  std::string_view const rest = std::string_view(text).substr(deletes);
  // The first '=' outside a quoted key: `weights["a=b"]=2` sets the key "a=b".
  std::size_t equals = 0;
  for (; equals < rest.size() && rest[equals] != '='; ++equals) {
    if (rest[equals] != '"' || equals == 0 || rest[equals - 1] != '[') continue;
    equals = closing_quote(rest, equals);
    if (equals == std::string::npos) {
      issues.push_back({"", "a quoted key is not closed in " + quoted(text) + "; end it with \"], e.g. weights[\"a b\"]=1"});
      return false;
    }
  }
  if (deletes) {
    std::string_view const path = without_blanks(rest.substr(0, equals));
    if (equals < rest.size()) {
      issues.push_back({std::string(path), quoted(text) + ": Hydra's ~path=VALUE, which deletes only when the value is "
                                            "VALUE, is not supported; write ~" + std::string(path) + " to delete it"});
      return false;
    }
    if (path.empty()) {
      issues.push_back({"", "expected ~path, the key of a map or an optional to delete, got " + quoted(text)});
      return false;
    }
    out = {path, {}, true};
    return true;
  }
  if (equals == 0 || equals >= rest.size()) {
    issues.push_back({"", std::string("expected ") + expected + ", got " + quoted(text)});
    return false;
  }
  std::string_view path = without_blanks(rest.substr(0, equals));
  // Hydra's ++ sets a key whether or not it is there, its + adds one: a config has every
  // field already, and setting a map's key adds it.
  if (path.starts_with("++")) path.remove_prefix(2);
  else if (path.starts_with('+')) path.remove_prefix(1);
  out = {path, without_blanks(rest.substr(equals + 1))};
  return true;
}

/// A path given twice in one set of overrides: which one would win is not obvious.
bool given_before(std::vector<std::string>& seen, parsed_path const& path, std::string_view text,
                  std::vector<issue>& issues) {
  std::string canonical = path.canonical();
  if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) {
    issues.push_back({std::string(text), "this path is given twice; give each path once"});
    return true;
  }
  seen.push_back(std::move(canonical));
  return false;
}

}  // namespace

void set_path(sink const& root, void* target, std::string_view path, std::string_view value,
              std::vector<issue>& issues) {
  parsed_path parsed = parse_path(path);
  if (!parsed.error.empty()) return issues.push_back({std::string(path), "invalid path: " + parsed.error});
  walked_path walked;
  located here = locate(root, target, parsed, walked);
  if (!here.ops) return issues.push_back({walked.shown, std::move(here.error)});
  assign(here, walked.shown, without_blanks(value), issues);
  validate_into(root, target, issues);
}

std::vector<override_outcome> override_each(sink const& root, void* target, std::vector<std::string> const& overrides) {
  std::size_t const count = overrides.size();
  std::vector<split_override> parts(count);
  std::vector<parsed_path> paths(count);
  std::vector<override_outcome> out(count);  // reported in the order of the overrides
  std::vector<bool> pending(count, false);
  for (std::size_t i = 0; i < count; ++i) {
    if (!split(overrides[i], parts[i], out[i].issues, "path=value")) continue;
    paths[i] = parse_path(parts[i].path);
    if (!paths[i].error.empty()) out[i].issues.push_back({std::string(parts[i].path), "invalid path: " + paths[i].error});
    else pending[i] = true;
  }
  // Each override's path once located, in the order they apply. Paths are compared as the
  // config names them, so that a former name and the name now are one path.
  struct applied_override {
    walked_path walked;
    std::size_t index;
    located here;
  };
  std::vector<applied_override> applied;
  auto apply = [&](std::size_t i, located const& here, walked_path walked,
                   std::optional<std::string_view> deleted_key = std::nullopt) {
    pending[i] = false;
    out[i].path = walked.shown;
    out[i].merged = merges_into(here, parts[i].value);
    if (std::string sweep = sweep_in_single_run(parts[i].value, here.ops->takes_text, here.ops->takes_list);
        !sweep.empty())
      return out[i].issues.push_back({walked.shown, std::move(sweep)});
    for (auto const& earlier : applied) {
      std::size_t const j = earlier.index;
      std::string const other = "override " + std::to_string(j + 1) + " (" + quoted(overrides[j]) + ")";
      if (earlier.walked.spelled == walked.spelled)
        return out[i].issues.push_back({walked.shown, "this path is also set by " + other + "; give each path once"});
      // A value whole after a change within it, in the command line's order.
      if (earlier.walked.within(walked) && sets_again(here, parts[i].value, walked, earlier.walked))
        return out[i].issues.push_back(
            {walked.shown, "this sets the value whole after " + other + " set " + earlier.walked.shown +
                               " within it, which it would undo; give " + walked.shown + " first"});
      // A type choice applies first, so an object of one that names this field would lose
      // to it although it comes later on the command line.
      if (walked.within(earlier.walked) && j > i && object_names(earlier.here, parts[j].value, earlier.walked, walked))
        return out[i].issues.push_back(
            {walked.shown, "this is also set by " + other + ", which comes later but chooses a type, so applies "
                           "first; give " + walked.shown + " after it, or set it in one place"});
    }
    out[i].warnings = std::move(walked.former_names);
    if (parts[i].deletes) delete_at(here, walked.shown, deleted_key, out[i].issues);
    else assign(here, walked.shown, parts[i].value, out[i].issues, &out[i].warnings);
    if (out[i].merged && out[i].issues.empty())
      for_each_leaf(as_json(parts[i].value), [&](std::string const& path, std::string_view) {
        if (!path.empty()) out[i].merged_paths.push_back(join_path(walked.shown, path));  // {} names nothing
      });
    applied.push_back({std::move(walked), i, here});
  };
  // Type choices first, shallowest first, so that `a.b=1 a=x` means what `a=x a.b=1` does.
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return paths[a].steps.size() < paths[b].steps.size(); });
  for (std::size_t i : order) {
    if (!pending[i] || parts[i].deletes) continue;
    walked_path walked;
    located here = locate(root, target, paths[i], walked);
    if (!here.ops || !here.ops->chooses_type) continue;
    out[i].named_type = parts[i].value.empty() || parts[i].value.front() != '{';
    apply(i, here, std::move(walked));
  }
  // A path not there yet that a later override, setting a value around it whole, would make:
  // `stages[3].depth=2 stages=[...]` in the other order.
  auto made_later = [&](std::size_t i) -> std::string {
    auto const& inner = paths[i].steps;
    for (std::size_t k = i + 1; k < count; ++k) {
      if (!pending[k]) continue;  // a type choice, applied already, or a malformed override
      auto const& outer = paths[k].steps;
      if (!outer.empty() && outer.size() < inner.size() &&
          std::equal(outer.begin(), outer.end(), inner.begin(),
                     [](path_key const& a, path_key const& b) { return spelled_step(a) == spelled_step(b); }))
        return "; override " + std::to_string(k + 1) + " (" + quoted(overrides[k]) + ") sets " +
               std::string(parts[k].path) + " whole after this one: give it first";
    }
    return {};
  };
  for (std::size_t i = 0; i < count; ++i) {
    if (!pending[i]) continue;
    walked_path walked;
    std::optional<std::string_view> deleted_key;
    located here = parts[i].deletes ? locate_deletion(root, target, paths[i], walked, deleted_key)
                                    : locate(root, target, paths[i], walked);
    if (!here.ops) out[i].issues.push_back({walked.shown, std::move(here.error) + made_later(i)});
    else apply(i, here, std::move(walked), deleted_key);
  }
  return out;
}

void apply_overrides_to(sink const& root, void* target, std::vector<std::string> const& overrides,
                        std::vector<issue>& issues, std::vector<issue>* warnings) {
  for (auto& outcome : override_each(root, target, overrides)) {
    issues.insert(issues.end(), outcome.issues.begin(), outcome.issues.end());
    if (warnings) warnings->insert(warnings->end(), outcome.warnings.begin(), outcome.warnings.end());
  }
  validate_into(root, target, issues);
}

std::vector<sweep_axis> sweep_axes(std::vector<std::string> const& overrides) {
  std::vector<sweep_axis> axes;
  std::vector<issue> issues;
  std::vector<std::string> seen;
  std::size_t points = 1;
  for (auto const& override_text : overrides) {
    split_override part;
    if (!split(override_text, part, issues, "path=value[,value...]")) continue;
    parsed_path path = parse_path(part.path);
    if (path.error.empty() && given_before(seen, path, part.path, issues)) continue;
    if (part.deletes) {
      axes.push_back({"~" + std::string(part.path), {""}});
      continue;
    }
    std::string error;
    auto& axis = axes.emplace_back(sweep_axis{std::string(part.path), sweep_choices(part.value, error)});
    if (!error.empty()) {
      issues.push_back({axis.path, std::move(error)});
      continue;
    }
    points *= axis.choices.size();
    if (points > max_sweep_points) {
      issues.push_back({axis.path, "the sweep would have more than " + std::to_string(max_sweep_points) +
                                       " points; split it into smaller sweeps"});
      break;
    }
  }
  if (!issues.empty()) throw config_error("sweep", std::move(issues));
  return axes;
}

std::vector<std::string> sweep_overrides(std::vector<sweep_axis> const& axes, std::size_t index) {
  std::size_t points = 1;
  for (auto const& axis : axes) points *= axis.choices.size();
  // Past the end, the digits below would wrap round to a point that exists.
  if (index >= points)
    throw std::out_of_range("glasses::sweep: point " + std::to_string(index) + " of a sweep of " +
                            std::to_string(points) + " points, which are 0 to " + std::to_string(points - 1));
  std::vector<std::string> overrides(axes.size());
  for (std::size_t a = axes.size(); a-- > 0;) {
    auto const& choices = axes[a].choices;
    overrides[a] = axes[a].path.starts_with('~') ? axes[a].path : axes[a].path + "=" + choices[index % choices.size()];
    index /= choices.size();
  }
  return overrides;
}

void throw_sweep_point_error(config_error const& error, std::size_t index, std::size_t count,
                             std::vector<std::string> const& overrides) {
  std::string source = "sweep point " + std::to_string(index + 1) + " of " + std::to_string(count) + " (";
  for (std::size_t i = 0; i < overrides.size(); ++i) source += (i ? " " : "") + overrides[i];
  throw config_error(source + ")", error.issues());
}

}  // namespace glasses::detail
