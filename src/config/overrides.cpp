#include <glasses/config/overrides.hpp>

#include <boost/json/parse.hpp>

namespace glasses::detail {
namespace {

// Far beyond any cluster array, and a bound on the memory a hostile sweep can take.
constexpr std::size_t max_sweep_points = 10000;

/// `backbone.depths[2]`, `weights["b.c"]` into steps; false with a message when malformed.
bool parse_path(std::string_view path, std::vector<path_key>& steps, std::vector<std::string>& keys,
                std::string& error) {
  std::size_t i = 0;
  auto is_name_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
  while (i < path.size()) {
    if (path[i] == '[') {
      std::size_t close = path.find(']', i);
      if (i + 1 < path.size() && path[i + 1] == '"') {
        // A quoted key: everything up to the closing quote, with \" and \\ escapes.
        std::string key;
        std::size_t j = i + 2;
        for (; j < path.size() && path[j] != '"'; ++j) {
          if (path[j] == '\\' && j + 1 < path.size()) ++j;
          key += path[j];
        }
        if (j + 1 >= path.size() || path[j + 1] != ']') {
          error = "a quoted key must end with \"]";
          return false;
        }
        keys.push_back(std::move(key));
        steps.push_back({{}, 0, false});
        i = j + 2;
      } else {
        std::size_t index = 0;
        std::string_view digits = path.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
        if (close == std::string_view::npos || digits.empty() || ec != std::errc() ||
            end != digits.data() + digits.size()) {
          error = "expected [index] with a non-negative integer, or [\"key\"]";
          return false;
        }
        steps.push_back({{}, index, true});
        i = close + 1;
      }
    } else {
      if (!steps.empty()) {
        if (path[i] != '.') {
          error = "expected '.' or '[' after \"" + std::string(path.substr(0, i)) + "\"";
          return false;
        }
        ++i;
      }
      std::size_t start = i;
      while (i < path.size() && is_name_char(path[i])) ++i;
      if (i == start) {
        error = "expected a field name at position " + std::to_string(start + 1);
        return false;
      }
      keys.emplace_back(path.substr(start, i - start));
      steps.push_back({{}, 0, false});
    }
  }
  // Names point into `keys` only now that it no longer grows.
  for (std::size_t s = 0, k = 0; s < steps.size(); ++s)
    if (!steps[s].is_index) steps[s].name = keys[k++];
  if (steps.empty()) error = "the path is empty";
  return !steps.empty();
}

std::string join_path(std::string_view base, std::string_view rest) {
  if (rest.empty()) return std::string(base);
  if (base.empty() || rest.front() == '[') return std::string(base) + std::string(rest);
  return std::string(base) + "." + std::string(rest);
}

/// Values are JSON; anything else that does not open a list, object or string is a bare word.
std::string as_json(std::string_view value) {
  boost::json::error_code ec;
  boost::json::parse(value, ec);
  if (!ec || (!value.empty() && (value.front() == '[' || value.front() == '{' || value.front() == '"')))
    return std::string(value);
  std::string text = "\"";
  append_escaped(text, value);
  return text + "\"";
}

/// Splits at top-level commas: not inside brackets, braces or quoted strings.
std::vector<std::string> split_choices(std::string_view value) {
  std::vector<std::string> choices;
  int depth = 0;
  bool in_string = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      choices.emplace_back(value.substr(start, i - start));
      start = i + 1;
    }
  }
  choices.emplace_back(value.substr(start));
  return choices;
}

}  // namespace

void set_path(sink const& root, void* target, std::string_view path, std::string_view value,
              std::vector<issue>& issues) {
  std::vector<path_key> steps;
  std::vector<std::string> keys;
  std::string error;
  if (!parse_path(path, steps, keys, error)) {
    issues.push_back({std::string(path), "invalid path: " + error});
    return;
  }
  located here{&root, target, {}};
  std::string walked;
  for (auto const& step : steps) {
    std::string parent = walked;
    if (step.is_index) append_path_index(walked, step.index);
    else append_path_key(walked, step.name);
    located next = here.ops->child(here.target, step);
    if (!next.ops) {
      if (next.error.empty())
        next.error = (parent.empty() ? std::string("the config") : parent) + " is " + here.ops->expected() +
                     ", which has no " + (step.is_index ? "elements" : "fields");
      issues.push_back({walked, std::move(next.error)});
      return;
    }
    here = std::move(next);
  }
  try {
    parse_into(as_json(value), *here.ops, here.target, {}, "");
  } catch (config_error const& e) {
    for (auto const& i : e.issues()) issues.push_back({join_path(walked, i.path), i.message});
  }
}

void apply_overrides_to(sink const& root, void* target, std::vector<std::string> const& overrides,
                        std::vector<issue>& issues) {
  for (auto const& override_text : overrides) {
    std::size_t equals = override_text.find('=');
    if (equals == std::string::npos || equals == 0) {
      issues.push_back({"", "expected path=value, got " + quoted(override_text)});
      continue;
    }
    set_path(root, target, std::string_view(override_text).substr(0, equals),
             std::string_view(override_text).substr(equals + 1), issues);
  }
}

std::vector<std::vector<std::string>> expand_sweep(std::vector<std::string> const& overrides) {
  std::vector<std::vector<std::string>> grid{{}};
  std::vector<issue> issues;
  for (auto const& override_text : overrides) {
    std::size_t equals = override_text.find('=');
    if (equals == std::string::npos || equals == 0) {
      issues.push_back({"", "expected path=value[,value...], got " + quoted(override_text)});
      continue;
    }
    std::string path = override_text.substr(0, equals);
    std::vector<std::string> choices = split_choices(std::string_view(override_text).substr(equals + 1));
    if (grid.size() * choices.size() > max_sweep_points) {
      issues.push_back({path, "the sweep would have more than " + std::to_string(max_sweep_points) +
                                  " points; split it into smaller sweeps"});
      break;
    }
    std::vector<std::vector<std::string>> next;
    next.reserve(grid.size() * choices.size());
    for (auto const& point : grid)
      for (auto const& choice : choices) {
        next.push_back(point);
        next.back().push_back(path + "=" + choice);
      }
    grid = std::move(next);
  }
  if (!issues.empty()) throw config_error("sweep", std::move(issues));
  return grid;
}

}  // namespace glasses::detail
