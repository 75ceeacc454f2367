// The issues of the config_error an action throws: the tests' way to check messages.
#ifndef GLASSES_TEST_ISSUES_OF_HPP
#define GLASSES_TEST_ISSUES_OF_HPP

#include <glasses/config/error.hpp>

#include <ostream>
#include <stdexcept>
#include <vector>

namespace glasses {
/// How Boost.Test shows an issue when a comparison fails.
inline std::ostream& boost_test_print_type(std::ostream& os, issue const& i) {
  if (i.line != 0) os << i.line << ':' << i.column << ": ";
  return os << i.path << ": " << i.message;
}
}  // namespace glasses

namespace test {

/// The issues of the config_error that `action` throws; throws itself when none is thrown.
template <class F> std::vector<glasses::issue> issues_of(F action) {
  try {
    action();
  } catch (glasses::config_error const& e) {
    return e.issues();
  }
  throw std::logic_error("expected a config_error, but none was thrown");
}

/// The same issues with their positions left out, to compare what a text says with what a
/// DOM or a C++ value says: those have no lines.
inline std::vector<glasses::issue> without_positions(std::vector<glasses::issue> issues) {
  for (auto& i : issues) i.line = i.column = 0;
  return issues;
}

}  // namespace test

#endif
