// The out-of-line work of validation (detail/validation.hpp, fields.hpp): paths, the text
// of constraint messages, and regular expressions, compiled once per pattern and thread.
#include <glasses/config/detail/reader.hpp>
#include <glasses/config/detail/text_writer.hpp>
#include <glasses/config/fields.hpp>

#include <cmath>
#include <regex>
#include <unordered_map>

namespace glasses::detail {

std::string validation::path() const {
  std::string out;
  append_path_steps(out, at_);
  return out;
}

void validation::fail(std::string message) {
  out_.push_back({path(), std::move(message)});
  judged_.push_back(out_.back().path);
}

void validation::add_relative(std::vector<issue> const& problems) {
  std::string const here = path();
  for (issue const& problem : problems) {
    out_.push_back({join_path(here, problem.path), problem.message});
    judged_.push_back(here);
  }
}

namespace {

template <class F> std::string shortest(F value) {
  if (!std::isfinite(value)) return special_name(value);
  char buffer[number_room];
  return std::string(buffer, write_shortest(buffer, value));
}

}  // namespace

void validate_into(sink const& root, void const* target, std::vector<issue>& issues) {
  if (!root.validator) return;
  std::vector<issue> found;
  validation v(found);
  root.validator(target, v);
  // `issues` holds the read's problems: a value that failed to read, or that holds one, is
  // not judged again (widths was judged against the depths that failed to read, as empty).
  std::size_t const reported = issues.size();
  for (std::size_t p = 0; p < found.size(); ++p) {
    bool misread = false;
    for (std::size_t i = 0; i < reported && !misread; ++i)
      misread = path_within(found[p].path, issues[i].path) || path_within(issues[i].path, v.judged(p));
    if (misread) continue;
    if (issues.size() >= max_issues) {
      if (issues.size() == max_issues) issues.push_back(stopped_after_max_issues());  // unless the read said it
      break;
    }
    issues.push_back(std::move(found[p]));
  }
}

namespace {

std::string text_of(shown_value const& value) {
  using type = shown_value::type;
  switch (value.kind) {
    case type::int64: return std::to_string(value.int64);
    case type::uint64: return std::to_string(value.uint64);
    case type::floating: return shortest(value.floating);
    case type::single: return shortest(static_cast<float>(value.floating));
    case type::text: return quoted(value.text);
    case type::none: break;
  }
  return {};
}

}  // namespace

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

void fail_bound(validation& v, comparison op, shown_value limit, shown_value found) {
  constexpr std::string_view words[] = {"at least ", "at most ", "greater than ", "less than "};
  v.fail("must be " + std::string(words[static_cast<int>(op)]) + text_of(limit) + ", got " + text_of(found));
}

void fail_size(validation& v, bool at_least, std::uint64_t limit, std::uint64_t found, size_unit unit) {
  if (at_least && limit == 1) return v.fail("must not be empty");
  constexpr std::string_view units[] = {"character", "element", "entr"};
  std::string word(units[static_cast<int>(unit)]);
  if (unit == size_unit::entries) word += limit == 1 ? "y" : "ies";
  else if (limit != 1) word += 's';
  v.fail(std::string("must have ") + (at_least ? "at least " : "at most ") + std::to_string(limit) + " " + word +
         ", got " + std::to_string(found));
}

void fail_empty_slot(validation& v, std::type_index signature) {
  std::vector<std::string_view> const names = slot_names(signature);
  v.fail("must hold a config, and the slot is empty: give it one of " + list_names(names) + " by its \"type\"");
}

void fail_choice(validation& v, std::string_view const* names, std::size_t count, std::string_view found) {
  std::vector<std::string_view> choices(names, names + count);
  v.fail("must be one of " + list_names(choices) + ", got " + quoted(found) + did_you_mean(found, choices));
}

void fail_predicate(validation& v, std::string_view what, shown_value found) {
  std::string message = "must be " + std::string(what);
  if (found.kind != shown_value::type::none) message += ", got " + text_of(found);
  v.fail(std::move(message));
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
