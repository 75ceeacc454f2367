// Comparing many configs at once, for the question a sweep leaves: which fields differ
// across these runs, and what does each run have?
#ifndef GLASSES_CONFIG_COMPARE_HPP
#define GLASSES_CONFIG_COMPARE_HPP

#include <glasses/config/json_write.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace glasses {

/// A path whose value is not the same in every run: each run's value, or nothing where
/// the path does not exist in that run (`optimizer.momentum` for an AdamW run).
struct varying_path {
  std::string path;
  std::vector<std::optional<boost::json::value>> values;
};

/// The paths that differ across runs, in declaration order, and how many are the same.
struct comparison {
  std::vector<std::string> runs;
  std::vector<varying_path> varying;
  std::size_t constant = 0;
};

/// Compares configs given as their JSON texts (`dump`), named `runs`. Lists of one length
/// compare element by element; of different lengths, as whole values.
comparison compare_texts(std::vector<std::string> const& texts, std::vector<std::string> runs);

/// The paths that differ across `configs`; runs are named by `names`, or "0", "1", ....
template <class T> comparison compare(std::span<T const> configs, std::vector<std::string> names = {}) {
  std::vector<std::string> texts;
  texts.reserve(configs.size());
  for (T const& config : configs) texts.push_back(dump(config));
  if (names.empty())
    for (std::size_t i = 0; i < configs.size(); ++i) names.push_back(std::to_string(i));
  return compare_texts(texts, std::move(names));
}

/// An aligned table: a row a varying path, a column a run; `-` where a path is absent.
std::string to_string(comparison const& c);
std::ostream& operator<<(std::ostream& os, comparison const& c);
/// `{"runs": [...], "varying": [{"path": ..., "values": [...]}], "constant": N}`; where a
/// path is absent from runs, its value there is null and `"absent": [...]` lists those runs
/// by index, told apart from a null value.
boost::json::value to_json(comparison const& c);
/// `path,<run>,<run>...` then a row a varying path; values as JSON, quoted for CSV.
std::string to_csv(comparison const& c);

}  // namespace glasses

#endif
