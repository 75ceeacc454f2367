// Opt-in `std::cout << config`: the one-line form of to_string. Opt-in because it adds an
// operator<< for every described struct to the global namespace, as magic_enum keeps its
// stream operators in magic_enum_iostream.hpp.
#ifndef GLASSES_CONFIG_IOSTREAM_HPP
#define GLASSES_CONFIG_IOSTREAM_HPP

#include <glasses/config/print.hpp>

#include <ostream>

namespace glasses {

namespace detail {
template <class T>
concept printable_config = kind_of<T> == kind::record || kind_of<T> == kind::open_slot;
}

/// Any described config prints its one-line form.
template <class T>
  requires detail::printable_config<T>
std::ostream& operator<<(std::ostream& os, T const& config) {
  return os << to_string(config);
}

}  // namespace glasses

// Argument-dependent lookup only searches a config's own namespace, so the operator is
// also made visible to unqualified lookup from the global namespace. Configs in other
// namespaces add `using glasses::operator<<;` there (glasses::models does).
using glasses::operator<<;

#endif
