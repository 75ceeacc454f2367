// Texts in UTF-16 or UTF-32, which Windows tools save: yaml-cpp reads them, the JSON reader
// does not, and neither is a text of control characters.
#ifndef GLASSES_SRC_CONFIG_WIDE_TEXT_HPP
#define GLASSES_SRC_CONFIG_WIDE_TEXT_HPP

#include <string_view>

namespace glasses::detail {

/// Whether `text` opens as UTF-16 or UTF-32 does: with their byte-order mark, or with a NUL
/// in its first four bytes (beside an ASCII character), as yaml-cpp tells them.
inline bool is_wide_text(std::string_view text) noexcept {
  return text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF") ||
         text.substr(0, 4).find('\0') != std::string_view::npos;
}

}  // namespace glasses::detail

#endif
