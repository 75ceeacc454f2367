// Deep equality of configs, through slots and variants.
#ifndef GLASSES_CONFIG_EQUAL_HPP
#define GLASSES_CONFIG_EQUAL_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/kinds.hpp>

#include <cmath>
#include <variant>

namespace glasses {

/// True when every field is equal: exactly when `dump(a) == dump(b)`, so that equal, diff and
/// fingerprint agree. Hence 0.0 and -0.0 differ (JSON keeps the sign), and all NaNs are
/// equal (JSON writes each as "nan"), so that a config always equals
/// its own JSON round trip.
template <class T> bool equal(T const& a, T const& b) {
  constexpr kind k = kind_of<T>;
  if constexpr (k == kind::boolean || k == kind::integer || k == kind::string || k == kind::enumeration) {
    return a == b;
  } else if constexpr (k == kind::floating) {
    return (a == b && std::signbit(a) == std::signbit(b)) || (std::isnan(a) && std::isnan(b));
  } else if constexpr (k == kind::optional || k == kind::required) {
    if (a.has_value() != b.has_value()) return false;
    return !a.has_value() || equal(*a, *b);
  } else if constexpr (k == kind::sequence) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!equal<typename T::value_type>(a[i], b[i])) return false;
    return true;
  } else if constexpr (k == kind::map) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
      if (ia->first != ib->first || !equal(ia->second, ib->second)) return false;
    return true;
  } else if constexpr (k == kind::record) {
    bool same = true;
    boost::mp11::mp_for_each<detail::described_fields<T>>([&](auto d) {
      same = same && equal(a.*d.pointer, b.*d.pointer);
    });
    return same;
  } else if constexpr (k == kind::closed_union) {
    if (a.index() != b.index()) return false;
    return std::visit(
        [&](auto const& alternative) {
          using A = std::remove_cvref_t<decltype(alternative)>;
          return equal(alternative, std::get<A>(b));
        },
        a);
  } else if constexpr (k == kind::open_slot) {
    if (!a.has_value() || !b.has_value()) return a.has_value() == b.has_value();
    return a.ops()->type == b.ops()->type && a.ops()->equal(a.get(), b.get());
  } else {
    return detail::check_kind<T>();
  }
}

}  // namespace glasses

#endif
