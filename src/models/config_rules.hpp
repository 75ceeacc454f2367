// The cross-field rules that the zoo's configs with per-stage (or per-block) lists share,
// worded alike. Private to src/models.
#ifndef GLASSES_SRC_MODELS_CONFIG_RULES_HPP
#define GLASSES_SRC_MODELS_CONFIG_RULES_HPP

#include <glasses/config/error.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace glasses::models::detail {

/// A list with one entry per stage (`per` "stage") of `of` ("depths"), which has `count`:
/// "must have one entry per stage, as many as depths has (3), got 2" when it has `size`.
struct one_entry_per {
  std::vector<issue>& problems;
  char const* per;
  char const* of;
  std::size_t count;
  void operator()(char const* field, std::size_t size) const {
    if (size != count)
      problems.push_back({field, std::string("must have one entry per ") + per + ", as many as " + of + " has (" +
                                     std::to_string(count) + "), got " + std::to_string(size)});
  }
};

/// "widths[2]" (appending, which GCC 12's -Wstringop-overflow does not misread).
inline std::string element(char const* field, std::size_t i) {
  std::string path = field;
  return path.append("[").append(std::to_string(i)).append("]");
}

}  // namespace glasses::models::detail

#endif
