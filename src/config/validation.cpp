// The out-of-line work of validation (detail/validation.hpp, fields.hpp): paths, the text
// of constraint messages, and regular expressions, compiled once per pattern and thread.
#include <glasses/config/detail/reader.hpp>
#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/fields.hpp>

#include <cmath>
#include <regex>
#include <unordered_map>

namespace glasses::detail {

void validation::add_relative(std::vector<issue> const& problems) {
  for (issue const& problem : problems) {
    std::string path = path_;
    if (!path.empty() && !problem.path.empty() && problem.path.front() != '[') path += '.';
    path += problem.path;
    out_.push_back({std::move(path), problem.message});
  }
}

namespace {

// Whether `path` is `at` or lies below it.
bool is_within(std::string_view path, std::string_view at) {
  if (!path.starts_with(at)) return false;
  return path.size() == at.size() || at.empty() || path[at.size()] == '.' || path[at.size()] == '[';
}

template <class F> std::string shortest(F value) {
  if (!std::isfinite(value)) return special_name(value);
  char buffer[32];
  return std::string(buffer, write_shortest(buffer, value));
}

}  // namespace

void validate_into(sink const& root, void const* target, std::vector<issue>& issues) {
  if (!root.validator) return;
  std::vector<issue> found;
  validation v(found);
  root.validator(target, v);
  std::size_t const reported = issues.size();
  for (issue& problem : found) {
    bool judged = false;
    for (std::size_t i = 0; i < reported && !judged; ++i) judged = is_within(problem.path, issues[i].path);
    if (!judged) issues.push_back(std::move(problem));
  }
}

std::string value_text(std::int64_t value) { return std::to_string(value); }
std::string value_text(std::uint64_t value) { return std::to_string(value); }
std::string value_text(double value) { return shortest(value); }
std::string value_text(float value) { return shortest(value); }
std::string value_text(std::string_view value) { return quoted(value); }

std::size_t character_count(std::string_view text) noexcept {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

bool search_pattern(std::string_view pattern, std::string_view text) {
  thread_local std::unordered_map<std::string, std::regex> compiled;
  auto it = compiled.find(std::string(pattern));
  if (it == compiled.end())
    it = compiled.emplace(std::string(pattern), std::regex(pattern.begin(), pattern.end(), std::regex::ECMAScript)).first;
  return std::regex_search(text.begin(), text.end(), it->second);
}

std::string bound_message(comparison op, std::string limit, std::string found) {
  constexpr std::string_view words[] = {"at least ", "at most ", "greater than ", "less than "};
  return "must be " + std::string(words[static_cast<int>(op)]) + limit + ", got " + found;
}

std::string size_message(bool at_least, std::uint64_t limit, std::uint64_t found, size_unit unit) {
  constexpr std::string_view units[] = {"character", "element", "entr"};
  auto counted = [&](std::uint64_t n) {
    std::string word(units[static_cast<int>(unit)]);
    if (unit == size_unit::entries) word += n == 1 ? "y" : "ies";
    else if (n != 1) word += 's';
    return std::to_string(n) + " " + word;
  };
  return std::string("must have ") + (at_least ? "at least " : "at most ") + counted(limit) + ", got " +
         std::to_string(found);
}

std::string choice_message(std::string_view const* names, std::size_t count, std::string_view found) {
  std::vector<std::string_view> choices(names, names + count);
  return "must be one of " + list_names(choices) + ", got " + quoted(found) + did_you_mean(found, choices);
}

}  // namespace glasses::detail

namespace glasses::rules {

void pattern::check_text(std::string_view text, detail::validation& v) const {
  // libstdc++'s matcher recurses once per character: a long text could exhaust the stack.
  constexpr std::size_t longest = 4096;
  if (text.size() > longest)
    return v.fail("is too long to check against the pattern " + detail::quoted(expression) + " (" +
                  std::to_string(text.size()) + " bytes; patterns are checked on strings of at most " +
                  std::to_string(longest) + ")");
  try {
    if (!detail::search_pattern(expression, text))
      v.fail("must match the pattern " + detail::quoted(expression) + ", got " + detail::quoted(text));
  } catch (std::regex_error const& e) {
    v.fail("cannot be checked: the pattern " + detail::quoted(expression) +
           " in this field's GLASSES_FIELDS entry is not a valid regular expression (" + e.what() + ")");
  }
}

}  // namespace glasses::rules
