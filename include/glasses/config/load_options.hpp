// How strict loading is: the options of parse, load and from_json.
#ifndef GLASSES_CONFIG_LOAD_OPTIONS_HPP
#define GLASSES_CONFIG_LOAD_OPTIONS_HPP

#include <glasses/config/error.hpp>

#include <cstddef>
#include <vector>

namespace glasses {

/// How strict loading is.
struct load_options {
  /// When true, unknown keys are skipped and reported in `*warnings` (if given) instead of
  /// failing the load.
  bool allow_unknown_keys = false;
  std::vector<issue>* warnings = nullptr;
  /// Deeper documents are rejected with a clear error instead of exhausting the stack. At
  /// most 100,000: the reader keeps a frame for each level it may open.
  std::size_t max_depth = 128;
  /// `load` refuses larger files before reading them.
  std::size_t max_file_size = 64 * 1024 * 1024;
  /// When false, field constraints and cross-field rules (GLASSES_FIELDS, validate()) are
  /// not checked: for looking at configs that an older, looser version wrote.
  bool validate = true;
};

}  // namespace glasses

#endif
