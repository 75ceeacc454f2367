// Opt-in `std::cout << config` for configs outside namespace glasses: glasses::operator<<
// (print.hpp) made visible from the global namespace. Opt-in because it adds an operator<<
// for every described struct there, as magic_enum keeps its stream operators in
// magic_enum_iostream.hpp.
#ifndef GLASSES_CONFIG_IOSTREAM_HPP
#define GLASSES_CONFIG_IOSTREAM_HPP

#include <glasses/config/print.hpp>

// Argument-dependent lookup only searches a config's own namespace, so the operator is
// also made visible to unqualified lookup from the global namespace. Configs in other
// namespaces add `using glasses::operator<<;` there (glasses::models does).
using glasses::operator<<;

#endif
