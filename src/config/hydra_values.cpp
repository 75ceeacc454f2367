#include "hydra_values.hpp"

#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/error.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace glasses::detail {
namespace {

/// `text` as a JSON string.
std::string json_string(std::string_view text) {
  std::string json = "\"";
  append_escaped(json, text);
  return json + "\"";
}

/// The JSON of one of Hydra's scalars: true, false and null in any case, and numbers,
/// JSON's and those its grammar lacks (a sign "+", a dot without digits on one side (".5",
/// "5."), "_" between digits ("1_000"), inf and nan in any case); or nothing.
std::optional<std::string> hydra_scalar(std::string_view value) {
  // inf and nan are the strings that number fields read.
  std::string lower;
  for (char c : value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "false" || lower == "null") return lower;
  if (lower == "+inf" || lower == "inf" || lower == "infinity" || lower == "+infinity") return "\"inf\"";
  if (lower == "-inf" || lower == "-infinity") return "\"-inf\"";
  if (lower == "nan" || lower == "+nan" || lower == "-nan") return "\"nan\"";
  std::string out;
  std::size_t at = 0;
  auto digits = [&](bool leading_zero_ok) {
    std::size_t const begin = at;
    while (at < value.size() && (std::isdigit(static_cast<unsigned char>(value[at])) ||
                                 (value[at] == '_' && at > begin && at + 1 < value.size() &&
                                  std::isdigit(static_cast<unsigned char>(value[at + 1])))))
      if (value[at++] != '_') out += value[at - 1];
    std::size_t const count = at - begin;
    return count == 0 || leading_zero_ok || value[begin] != '0' || count == 1;
  };
  if (at < value.size() && (value[at] == '+' || value[at] == '-')) {
    if (value[at] == '-') out += '-';
    ++at;
  }
  std::size_t const integer_begin = out.size();
  if (!digits(false)) return std::nullopt;
  bool const has_integer = out.size() > integer_begin;
  if (!has_integer) out += '0';
  bool has_fraction = false;
  if (at < value.size() && value[at] == '.') {
    ++at;
    out += '.';
    std::size_t const fraction_begin = out.size();
    digits(true);
    has_fraction = out.size() > fraction_begin;
    if (!has_fraction) out += '0';
  }
  if (!has_integer && !has_fraction) return std::nullopt;
  if (at < value.size() && (value[at] == 'e' || value[at] == 'E')) {
    out += value[at++];
    if (at < value.size() && (value[at] == '+' || value[at] == '-')) out += value[at++];
    std::size_t const exponent_begin = out.size();
    digits(true);
    if (out.size() == exponent_begin) return std::nullopt;
  }
  if (at != value.size()) return std::nullopt;
  return out;
}

/// The closing quote of the single-quoted text opening at `open`, past \\' and \\\\; npos when
/// the text ends first.
std::size_t closing_single_quote(std::string_view text, std::size_t open) {
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '\'' || text[i + 1] == '\\')) ++i;
    else if (text[i] == '\'') return i;
  }
  return std::string_view::npos;
}

/// The JSON of a list or dict written Hydra's way, `[a, .5, 'b c']` or `{lr: 1e-3}`: a bare
/// element is a scalar (hydra_scalar) or else a string, a key is a string, and quoted text
/// keeps its quotes' meaning; nullopt when a bracket or quote is not closed.
std::optional<std::string> hydra_container(std::string_view value) {
  std::string out;
  std::string closers;  // of the lists and dicts open here, innermost last
  std::size_t i = 0;
  while (i < value.size()) {
    char const c = value[i];
    bool const in_dict = !closers.empty() && closers.back() == '}';
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '[' || c == '{') {
      closers += c == '[' ? ']' : '}';
    } else if (c == ']' || c == '}') {
      if (closers.empty() || closers.back() != c) return std::nullopt;
      closers.pop_back();
    } else if (c == '"' || c == '\'') {
      std::size_t const end = c == '"' ? closing_quote(value, i) : closing_single_quote(value, i);
      if (end == std::string_view::npos) return std::nullopt;
      std::string_view const text = value.substr(i, end + 1 - i);
      if (c == '"') {
        out += text;
      } else if (std::optional<std::string> unquoted = single_quoted(text)) {
        out += json_string(*unquoted);
      } else {
        return std::nullopt;
      }
      i = end + 1;
      continue;
    } else if (c != ',' && !(c == ':' && in_dict)) {
      std::size_t end = i;
      while (end < value.size() && std::string_view("[]{},").find(value[end]) == std::string_view::npos &&
             !(value[end] == ':' && in_dict))
        ++end;
      std::string_view const word = without_blanks(value.substr(i, end - i));
      bool const is_key = in_dict && end < value.size() && value[end] == ':';
      std::optional<std::string> scalar = is_key ? std::nullopt : hydra_scalar(word);
      out += scalar ? *scalar : json_string(word);
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  if (!closers.empty()) return std::nullopt;
  return out;
}

/// Splits at top-level commas: not inside brackets, braces, JSON strings or single-quoted choices.
std::vector<std::string> split_choices(std::string_view value) {
  std::vector<std::string> choices;
  int depth = 0;
  bool in_string = false;
  std::size_t start = 0;
  char quote = '"';
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == quote) in_string = false;
    } else if (c == '"' || (c == '\'' && without_blanks(value.substr(start, i - start)).empty())) {
      // A single quote opens only a whole choice.
      in_string = true;
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      choices.emplace_back(without_blanks(value.substr(start, i - start)));
      start = i + 1;
    }
  }
  choices.emplace_back(without_blanks(value.substr(start)));
  return choices;
}

/// A value that is one call of a function, `name(arguments)`.
struct function_call {
  std::string_view name;
  std::string_view arguments;
};
std::optional<function_call> call_of(std::string_view value) {
  std::size_t const open = value.find('(');
  if (open == std::string_view::npos || open == 0 || value.back() != ')') return std::nullopt;
  std::string_view const name = value.substr(0, open);
  if (!std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
    return std::nullopt;
  return function_call{name, value.substr(open + 1, value.size() - open - 2)};
}

/// Hydra's sweep functions: a value that calls one is a sweep's, never a single run's text.
bool is_hydra_sweep_function(std::string_view name) {
  constexpr std::array<std::string_view, 7> names{"choice", "range", "interval", "glob", "shuffle", "sort", "tag"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// One argument of range(): its value, whether it is an integer, and how many digits it
/// has after its dot (-1 when it has an exponent, which leaves the values unrounded).
struct range_argument {
  double value = 0;
  std::int64_t integer = 0;
  bool is_integer = true;
  int decimals = 0;
};
std::optional<range_argument> range_argument_of(std::string_view text) {
  std::optional<std::string> json = hydra_scalar(text);
  if (!json || json->empty() || !(json->front() == '-' || std::isdigit(static_cast<unsigned char>(json->front()))))
    return std::nullopt;
  range_argument out;
  char const* const first = json->data();
  char const* const last = first + json->size();
  if (std::from_chars(first, last, out.value).ec != std::errc() || !std::isfinite(out.value)) return std::nullopt;
  std::size_t const dot = json->find('.');
  bool const has_exponent = json->find_first_of("eE") != std::string::npos;
  out.is_integer = dot == std::string::npos && !has_exponent &&
                   std::from_chars(first, last, out.integer).ec == std::errc();
  if (has_exponent) out.decimals = -1;
  else if (dot != std::string::npos) out.decimals = static_cast<int>(json->size() - dot - 1);
  return out;
}

/// A value of a range of numbers with a dot, rounded to the digits its arguments were
/// written with, so that range(0, 1, 0.1) gives 0.3 where the sum gives 0.30000000000000004.
double rounded(double value, int decimals) {
  if (decimals < 0 || decimals > 15) return value;
  double const scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}
std::string number_text(double value) {
  char buffer[32];
  auto const end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  std::string text(buffer, end);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

/// Hydra's range(stop), range(start, stop) and range(start, stop, step), as Python's range:
/// from start, by step, up to stop and without it.
std::vector<std::string> range_choices(std::string_view arguments, std::string& error) {
  std::string const call = "range(" + std::string(arguments) + ")";
  std::vector<std::string> const texts = split_choices(arguments);
  if (texts.size() > 3 || texts.front().empty()) {
    error = call + " takes range(stop), range(start, stop) or range(start, stop, step)";
    return {};
  }
  std::vector<range_argument> args;
  for (auto const& text : texts) {
    std::optional<range_argument> arg = range_argument_of(text);
    if (!arg) {
      error = call + ": expected a finite number, got " + quoted(text);
      return {};
    }
    args.push_back(*arg);
  }
  if (args.size() == 1) args.insert(args.begin(), range_argument{});
  if (args.size() == 2) args.push_back(range_argument{1, 1, true, 0});
  range_argument const &start = args[0], &stop = args[1], &step = args[2];
  if (step.value == 0) {
    error = call + ": the step is 0, which never reaches the stop";
    return {};
  }
  double const steps = std::ceil((stop.value - start.value) / step.value);
  if (!(steps >= 1)) {
    error = call + " has no values: " +
            (step.value > 0 ? "start must be below stop" : "with a negative step, start must be above stop");
    return {};
  }
  if (steps > static_cast<double>(max_sweep_points)) {
    error = call + " has more than " + std::to_string(max_sweep_points) + " values; split the sweep or use a larger step";
    return {};
  }
  std::vector<std::string> choices;
  if (start.is_integer && stop.is_integer && step.is_integer) {
    for (std::int64_t i = 0, n = static_cast<std::int64_t>(steps); i < n; ++i)
      choices.push_back(std::to_string(start.integer + i * step.integer));
    return choices;
  }
  int const decimals = std::min({start.decimals, step.decimals}) < 0 ? -1 : std::max(start.decimals, step.decimals);
  for (std::size_t i = 0; i <= static_cast<std::size_t>(steps); ++i) {
    double const value = rounded(start.value + static_cast<double>(i) * step.value, decimals);
    if (step.value > 0 ? value >= stop.value : value <= stop.value) break;
    choices.push_back(number_text(value));
  }
  return choices;
}

}  // namespace

std::size_t closing_quote(std::string_view text, std::size_t open) {
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i;
  }
  return std::string_view::npos;
}

std::optional<std::string> single_quoted(std::string_view value) {
  if (value.size() < 2 || value.front() != '\'' || value.back() != '\'') return std::nullopt;
  std::string text;
  for (std::size_t i = 1; i + 1 < value.size(); ++i) {
    if (value[i] == '\\' && i + 2 < value.size() && (value[i + 1] == '\'' || value[i + 1] == '\\')) ++i;
    else if (value[i] == '\'') return std::nullopt;  // the value ended before the last quote
    text += value[i];
  }
  return text;
}

std::string_view without_blanks(std::string_view value) {
  std::size_t const first = value.find_first_not_of(" \t");
  if (first == std::string_view::npos) return value.substr(value.size());
  return value.substr(first, value.find_last_not_of(" \t") - first + 1);
}

std::string as_json(std::string_view value, bool to_string) {
  if (std::optional<std::string> text = single_quoted(value)) return json_string(*text);
  if (!value.empty() && value.front() == '"') return std::string(value);
  boost::json::error_code ec;
  boost::json::value const parsed = boost::json::parse(value, ec);
  if (!value.empty() && (value.front() == '[' || value.front() == '{')) {
    if (!ec) return std::string(value);
    // Hydra's form only when it makes valid JSON; otherwise the reader's error points into
    // the text as the user wrote it.
    std::optional<std::string> json = hydra_container(value);
    if (json) boost::json::parse(*json, ec);
    return json && !ec ? *json : std::string(value);
  }
  if (!ec && !(to_string && (parsed.is_number() || parsed.is_bool()))) return std::string(value);
  if (ec && !to_string)
    if (std::optional<std::string> scalar = hydra_scalar(value)) return *scalar;
  return json_string(value);
}

std::vector<std::string> sweep_choices(std::string_view value, std::string& error) {
  std::optional<function_call> const call = call_of(value);
  if (!call || !is_hydra_sweep_function(call->name)) return split_choices(value);
  if (call->name == "range") return range_choices(call->arguments, error);
  if (call->name == "choice") {
    std::vector<std::string> choices = split_choices(call->arguments);
    if (choices.size() == 1 && choices.front().empty()) {
      error = "choice() has no values; give them: choice(a, b)";
      return {};
    }
    return choices;
  }
  error = "glasses does not expand Hydra's " + std::string(call->name) +
          "(); write the choices as a,b, choice(a, b) or range(start, stop, step)";
  return {};
}

std::string sweep_in_single_run(std::string_view value) {
  std::string as_text = "'";
  for (char c : value) as_text += c == '\'' ? std::string("\\'") : std::string(1, c);
  as_text += "'";
  if (std::optional<function_call> const call = call_of(value); call && is_hydra_sweep_function(call->name))
    return quoted(value) + " is a sweep, which one run cannot take; sweep it (-m, or glasses sweep), or write the text in single quotes: " + as_text;
  if (split_choices(value).size() > 1)
    return quoted(value) + " are a sweep's choices, which one run cannot take; sweep them (-m, or glasses sweep), or write a list in brackets, [" +
           std::string(value) + "], or the text in single quotes, " + as_text;
  return {};
}

}  // namespace glasses::detail
