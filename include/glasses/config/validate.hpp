// Checking a config against its field constraints and cross-field rules (fields.hpp) on
// its own, for configs made in code. Configs made from text are checked as they are read.
#ifndef GLASSES_CONFIG_VALIDATE_HPP
#define GLASSES_CONFIG_VALIDATE_HPP

#include <glasses/config/detail/sinks.hpp>
#include <glasses/config/error.hpp>

#include <string>
#include <utility>
#include <vector>

namespace glasses {

/// Every problem of `config`, each with its full path: `backbone.depths[1]: must be at
/// least 1, got 0`. Empty when the config is valid.
template <class T> std::vector<issue> validate(T const& config) {
  std::vector<issue> problems;
  detail::validate_into(detail::sink_for<T>, &config, problems);
  return problems;
}

/// Throws config_error listing every problem of `config`; `source` prefixes the report.
template <class T> void ensure_valid(T const& config, std::string source = {}) {
  if (std::vector<issue> problems = validate(config); !problems.empty())
    throw config_error(std::move(source), std::move(problems));
}

}  // namespace glasses

#endif
