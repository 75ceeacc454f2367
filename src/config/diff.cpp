#include <glasses/config/diff.hpp>
#include <glasses/config/error.hpp>

#include <ostream>
#include <vector>

namespace glasses {
namespace detail {
std::string render_path(path_step const* step) {
  std::vector<path_step const*> steps;
  for (; step; step = step->parent) steps.push_back(step);
  std::string path;
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    if ((*it)->name.empty()) append_path_index(path, (*it)->index);
    else append_path_key(path, (*it)->name);
  }
  return path;
}

void differ::add(path_step const* at, change::kind what, boost::json::value before, boost::json::value after) {
  out.changes.push_back({render_path(at), what, std::move(before), std::move(after), {}, {}});
}

void differ::add_type_change(path_step const* at, boost::json::value before, boost::json::value after,
                             std::string_view before_type, std::string_view after_type) {
  out.changes.push_back({render_path(at), change::kind::retyped, std::move(before), std::move(after),
                         std::string(before_type), std::string(after_type)});
}

}  // namespace detail

std::string to_string(config_diff const& diff) {
  std::string out;
  for (auto const& c : diff) {
    if (!out.empty()) out += '\n';
    out += c.path.empty() ? "(config)" : c.path;
    out += ": ";
    switch (c.what) {
      case change::kind::changed: out += dump(c.before) + " -> " + dump(c.after); break;
      case change::kind::added: out += "(absent) -> " + dump(c.after); break;
      case change::kind::removed: out += dump(c.before) + " -> (absent)"; break;
      case change::kind::retyped: out += c.before_type + " -> " + c.after_type; break;
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
    entry["path"] = c.path;
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
