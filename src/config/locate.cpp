#include "locate.hpp"

#include <glasses/config/detail/leaves.hpp>

#include <algorithm>

namespace glasses::detail {

void issue_finder::value(std::string const& path, std::size_t offset) {
  static std::string const stopped = stopped_after_max_issues().message;
  for (std::size_t i = 0; i < issues_.size(); ++i) {
    std::string const& wanted = issues_[i].path;
    // A problem of the text itself, placed by the reader, and the count's end are nowhere;
    // any other problem at the root is where its value starts.
    if (wanted.empty() && (issues_[i].line != 0 || issues_[i].message == stopped)) continue;
    match& m = found_[i];
    if (wanted == path) {
      if (!m.exact || issues_[i].message.starts_with(duplicate_key)) m = {offset, path.size(), true};
    } else if (!m.exact && (m.offset == no_offset || path.size() > m.length) && path_within(wanted, path))
      m = {offset, path.size(), false};
  }
}

void issue_finder::locate(std::string_view text, std::vector<issue>::iterator first) const {
  std::vector<std::size_t> offsets;
  for (auto const& m : found_) offsets.push_back(m.offset);
  std::vector<text_position> const where = positions(text, offsets);
  for (std::size_t i = 0; i < where.size(); ++i, ++first) {
    if (found_[i].offset == no_offset) continue;  // an issue of the text itself keeps its own
    first->line = where[i].line;
    first->column = where[i].column;
  }
}

void locate_in_json(std::string_view text, std::vector<issue>::iterator first, std::vector<issue>::iterator last) {
  if (first == last) return;
  std::vector<issue> const wanted(first, last);
  issue_finder finder(wanted);
  // Only into the values that lead to a problem: a text may nest as deep as max_depth allows.
  auto leads_to_a_problem = [&](std::string const& path) {
    return std::any_of(wanted.begin(), wanted.end(), [&](issue const& i) { return path_within(i.path, path); });
  };
  for_each_value(text, leads_to_a_problem,
                 [&](std::string const& path, std::size_t offset) { finder.value(path, offset); });
  finder.locate(text, first);
}

}  // namespace glasses::detail
