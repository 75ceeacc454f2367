#include <glasses/config/small_string.hpp>

#include <ostream>

namespace glasses {

std::ostream& operator<<(std::ostream& os, small_string const& s) { return os << s.view(); }

}  // namespace glasses
