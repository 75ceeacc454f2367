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

/// Whether text[at] is a backslash that escapes the next character of a bare word, as in
/// Hydra: \\, \(, \), \[, \], \{, \}, \:, \=, \, and a backslash before a blank or a tab;
/// and OmegaConf's \${, which is the text ${, not an interpolation.
bool escapes_next(std::string_view text, std::size_t at) {
  if (text[at] != '\\' || at + 1 >= text.size()) return false;
  char const next = text[at + 1];
  return std::string_view("\\()[]{}:=, \t").find(next) != std::string_view::npos ||
         (next == '$' && at + 2 < text.size() && text[at + 2] == '{');
}

/// A bare word with Hydra's escapes replaced by the characters they stand for: `a\ b` is
/// "a b"; a backslash before any other character stays (`C:\data`).
std::string unescaped(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (escapes_next(word, i)) ++i;
    out += word[i];
  }
  return out;
}

/// The closing quote of the single-quoted text opening at `open`, past \' and \\; npos when
/// the text ends first.
std::size_t closing_single_quote(std::string_view text, std::size_t open) {
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '\'' || text[i + 1] == '\\')) ++i;
    else if (text[i] == '\'') return i;
  }
  return std::string_view::npos;
}

/// The end of a bare word from `at`: the first comma, bracket or brace outside parentheses
/// (`Resize(224, 224)` is one word), or the colon after a dict's key.
std::size_t word_end(std::string_view value, std::size_t at, bool is_key) {
  int parentheses = 0;
  for (; at < value.size(); ++at) {
    char const c = value[at];
    if (escapes_next(value, at)) ++at;
    else if (c == '(') ++parentheses;
    else if (c == ')' && parentheses > 0) --parentheses;
    else if (parentheses == 0 && (std::string_view("[]{},").find(c) != std::string_view::npos || (c == ':' && is_key)))
      break;
  }
  return at;
}

/// The JSON of a list or dict written Hydra's way, `[a, .5, 'b c']` or `{url: http://x:80}`:
/// a bare element or value is a scalar (hydra_scalar) or else a string, holding colons; a
/// key is a string up to its colon; quoted text keeps its quotes' meaning. nullopt when a
/// bracket or quote is not closed.
std::optional<std::string> hydra_container(std::string_view value) {
  std::string out;
  struct level {
    char closer;
    bool key_next;  // a dict before its next key's colon
  };
  std::vector<level> open;
  std::size_t i = 0;
  while (i < value.size()) {
    char const c = value[i];
    bool const at_key = !open.empty() && open.back().closer == '}' && open.back().key_next;
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '[' || c == '{') {
      open.push_back({c == '[' ? ']' : '}', c == '{'});
    } else if (c == ']' || c == '}') {
      if (open.empty() || open.back().closer != c) return std::nullopt;
      open.pop_back();
    } else if (c == ',' && !open.empty()) {
      open.back().key_next = open.back().closer == '}';
    } else if (c == ':' && at_key) {
      open.back().key_next = false;
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
    } else if (c != ',') {
      std::size_t const end = word_end(value, i, at_key);
      std::string_view const word = without_blanks(value.substr(i, end - i));
      std::optional<std::string> scalar = at_key ? std::nullopt : hydra_scalar(word);
      out += scalar ? *scalar : json_string(unescaped(word));
      i = end;
      continue;
    }
    out += c;
    ++i;
  }
  if (!open.empty()) return std::nullopt;
  return out;
}

/// Splits at top-level commas: not inside brackets, braces, parentheses, JSON strings or
/// single-quoted choices.
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
    } else if (escapes_next(value, i)) {
      ++i;  // `a\,b` is one choice
    } else if (c == '"' || (c == '\'' && without_blanks(value.substr(start, i - start)).empty())) {
      // A single quote opens only a whole choice.
      in_string = true;
      quote = c;
    } else if (c == '[' || c == '{' || c == '(') {
      ++depth;
    } else if ((c == ']' || c == '}' || c == ')') && depth > 0) {
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

/// One argument of range(): its value, whether it is an integer and which, and the decimal
/// digits it was written with (`0.25` 2, `1e-3` 3), to which the range's values round.
struct range_argument {
  double value = 0;
  std::int64_t integer = 0;
  bool is_integer = true;
  int decimals = 0;
  bool too_wide = false;  // an integer beyond int64, which a double would round
};
std::optional<range_argument> range_argument_of(std::string_view text) {
  std::optional<std::string> json = hydra_scalar(text);
  if (!json || json->empty() || !(json->front() == '-' || std::isdigit(static_cast<unsigned char>(json->front()))))
    return std::nullopt;
  range_argument out;
  char const* const first = json->data();
  char const* const last = first + json->size();
  if (std::from_chars(first, last, out.value).ec != std::errc() || !std::isfinite(out.value)) return std::nullopt;
  std::size_t const e = json->find_first_of("eE");
  std::size_t const dot = json->find('.');
  int const fraction = dot == std::string::npos ? 0 : static_cast<int>(std::min(e, json->size()) - dot - 1);
  int exponent = 0;
  if (e != std::string::npos) {
    char const* digits = first + e + 1 + (json->at(e + 1) == '+');
    if (std::from_chars(digits, last, exponent).ec != std::errc()) exponent = -1000;  // beyond rounding
  }
  out.decimals = std::max(0, fraction - exponent);
  bool const whole = dot == std::string::npos && e == std::string::npos;
  std::errc const read = std::from_chars(first, last, out.integer).ec;
  out.is_integer = whole && read == std::errc();
  out.too_wide = whole && read == std::errc::result_out_of_range;
  return out;
}

/// A value of a range of numbers with a dot, rounded to the digits its arguments were
/// written with, so that range(0, 1, 0.1) gives 0.3 where the sum gives 0.30000000000000004,
/// and 0 where it gives -0.0.
double rounded(double value, int decimals) {
  if (decimals <= 15) {
    double const scale = std::pow(10.0, decimals);
    if (double const scaled = value * scale; std::abs(scaled) < 9007199254740992.0) value = std::round(scaled) / scale;
  }
  return value == 0 ? 0.0 : value;
}
std::string number_text(double value) {
  char buffer[32];
  auto const end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  std::string text(buffer, end);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

/// Hydra's range(stop), range(start, stop) and range(start, stop, step), as Python's range:
/// from start, by step, up to stop and without it. Integers when start and step are.
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
    if (arg->too_wide) {
      error = call + ": " + text + " is beyond the integers range() counts in, -2^63 to 2^63-1; give the values "
                                   "as choices instead: a,b,c";
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
  bool const up = step.value > 0;
  bool const integers = start.is_integer && step.is_integer;
  // How many values, without overflow: exactly in integers, else by halves that stay finite.
  double count = std::ceil(stop.value / step.value - start.value / step.value);
  if (integers && stop.is_integer) {
    using u64 = std::uint64_t;
    u64 const span = up ? u64(stop.integer) - u64(start.integer) : u64(start.integer) - u64(stop.integer);
    u64 const stride = up ? u64(step.integer) : u64(0) - u64(step.integer);
    bool const reaches = up ? stop.integer > start.integer : stop.integer < start.integer;
    count = reaches ? static_cast<double>(span / stride + (span % stride != 0)) : 0;
  }
  if (!(count >= 1)) {
    error = call + " has no values: " + (up ? "start must be below stop" : "with a negative step, start must be above stop");
    return {};
  }
  if (count > static_cast<double>(max_sweep_points)) {
    error = call + " has more than " + std::to_string(max_sweep_points) + " values; split the sweep or use a larger step";
    return {};
  }
  std::vector<std::string> choices;
  auto const values = static_cast<std::uint64_t>(count);
  if (integers) {
    for (std::uint64_t i = 0; i < values; ++i) {
      // In unsigned arithmetic, which wraps where a signed sum would overflow on the way.
      auto const value = static_cast<std::int64_t>(std::uint64_t(start.integer) + i * std::uint64_t(step.integer));
      if (!stop.is_integer && (up ? double(value) >= stop.value : double(value) <= stop.value)) break;
      choices.push_back(std::to_string(value));
    }
    return choices;
  }
  // One more than counted, as the count of a float range may round short; the stop decides.
  for (std::uint64_t i = 0; i <= values; ++i) {
    double sum = start.value + static_cast<double>(i) * step.value;
    if (!std::isfinite(sum)) sum = 2 * (start.value / 2 + static_cast<double>(i) * (step.value / 2));  // near the limit
    double const value = rounded(sum, std::max(start.decimals, step.decimals));
    if (up ? value >= stop.value : value <= stop.value) break;
    choices.push_back(number_text(value));
  }
  return choices;
}

/// Why `value` reads as a call of a function that glasses does not know, or empty.
std::string unknown_function(std::string_view value) {
  std::optional<function_call> const call = call_of(value);
  if (!call || is_hydra_sweep_function(call->name)) return {};
  return quoted(value) + " reads as a call of " + std::string(call->name) +
         "(), which glasses does not know (a sweep takes choice(a, b) and range(start, stop, step)); write the "
         "text in single quotes: " + single_quoted_text(value);
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

std::string single_quoted_text(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
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
  if (std::optional<std::string> scalar = hydra_scalar(value); scalar == "null") return *scalar;  // NULL, Null
  if (ec && !to_string)
    if (std::optional<std::string> scalar = hydra_scalar(value)) return *scalar;
  return json_string(unescaped(value));
}

std::string interpolation_in(std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    char const c = value[i];
    std::size_t const end = c == '"' ? closing_quote(value, i) : c == '\'' ? closing_single_quote(value, i) : i;
    if (end == std::string_view::npos) return {};
    if (escapes_next(value, i)) ++i;
    else if (end != i) i = end;
    else if (value.substr(i).starts_with("${"))
      return quoted(value) + " holds an interpolation, ${...}, which glasses does not resolve: write the value "
                             "itself, or the text in single quotes";
  }
  return {};
}

std::vector<std::string> sweep_choices(std::string_view value, std::string& error) {
  if (error = unknown_function(value); !error.empty()) return {};
  std::optional<function_call> const call = call_of(value);
  std::vector<std::string> choices;
  if (!call) {
    choices = split_choices(value);
  } else if (call->name == "range") {
    return range_choices(call->arguments, error);
  } else if (call->name == "choice") {
    choices = split_choices(call->arguments);
    if (choices.size() == 1 && choices.front().empty()) {
      error = "choice() has no values; give them: choice(a, b)";
      return {};
    }
  } else {
    error = "glasses does not expand Hydra's " + std::string(call->name) +
            "(); write the choices as a,b, choice(a, b) or range(start, stop, step)";
    return {};
  }
  for (std::size_t i = 0; i < choices.size() && choices.size() > 1; ++i) {
    if (choices[i].empty())
      error = "choice " + std::to_string(i + 1) + " of " + quoted(value) +
              " is empty: a comma too many? Write '' for the empty text";
    else if (call_of(choices[i]))
      error = "choice " + std::to_string(i + 1) + " of " + quoted(value) + ", " + quoted(choices[i]) +
              ", reads as a function call, which is a whole sweep or else text in single quotes: " +
              single_quoted_text(choices[i]);
    if (!error.empty()) return {};
  }
  return choices;
}

std::string sweep_in_single_run(std::string_view value, bool text_field, bool list_field) {
  if (std::string unknown = unknown_function(value); !unknown.empty()) return unknown;
  std::string const as_text = text_field ? ", or write the text in single quotes: " + single_quoted_text(value) : "";
  if (call_of(value))
    return quoted(value) + " is a sweep, which one run cannot take; sweep it (-m, or a tool's sweep subcommand)" + as_text;
  if (split_choices(value).size() > 1)
    return quoted(value) + " are a sweep's choices, which one run cannot take; sweep them (-m, or a tool's sweep subcommand)" +
           (list_field ? ", or write a list in brackets: [" + std::string(value) + "]" : as_text);
  return {};
}

}  // namespace glasses::detail
