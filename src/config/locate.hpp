// Where in its text each problem of a config lies: at the value its path names, for JSON
// and YAML alike.
#ifndef GLASSES_SRC_CONFIG_LOCATE_HPP
#define GLASSES_SRC_CONFIG_LOCATE_HPP

#include <glasses/config/error.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace glasses::detail {

/// Finds, for each issue, the value its path names, or the nearest ancestor that exists (a
/// missing key is reported where its mapping is): the first, whose value the reader kept,
/// and for a duplicate key the last, the occurrence it refused. It is shown each value of
/// the text, in document order, with the value's path as an error's path writes it and the
/// offset where it starts.
class issue_finder {
 public:
  explicit issue_finder(std::vector<issue> const& issues) : issues_(issues), found_(issues.size()) {}
  void value(std::string const& path, std::size_t offset);
  /// Sets the line and column of each issue that was found, in the issues from `first` on,
  /// which are those the finder was made with.
  void locate(std::string_view text, std::vector<issue>::iterator first) const;

 private:
  static constexpr std::size_t no_offset = std::size_t(-1);
  struct match {
    std::size_t offset = no_offset;
    std::size_t length = 0;
    bool exact = false;
  };
  std::vector<issue> const& issues_;
  std::vector<match> found_;
};

/// Sets the line and column of the issues in [first, last) at the values of `text`, valid
/// JSON, that their paths name.
void locate_in_json(std::string_view text, std::vector<issue>::iterator first, std::vector<issue>::iterator last);

}  // namespace glasses::detail

#endif
