// A field that has no default: JSON must give it (OmegaConf's "???").
#ifndef GLASSES_CONFIG_REQUIRED_HPP
#define GLASSES_CONFIG_REQUIRED_HPP

#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

namespace glasses {

/// Holds a `T` that a config file must provide. A default-constructed `required<T>` is
/// unset; reading it then throws, and loading JSON without its key is an error.
template <class T> class required {
 public:
  using value_type = T;

  required() = default;
  template <class U = T>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::remove_cvref_t<U>, required>)
  required(U&& value) : value_(std::forward<U>(value)) {}  // NOLINT: implicit, like optional

  bool has_value() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { return checked(); }
  T const& value() const& { return const_cast<required*>(this)->checked(); }
  T& operator*() & { return checked(); }
  T const& operator*() const& { return value(); }
  T* operator->() { return &checked(); }
  T const* operator->() const { return &value(); }

  template <class... Args> T& emplace(Args&&... args) {
    return value_.emplace(std::forward<Args>(args)...);
  }
  void reset() noexcept { value_.reset(); }

  friend bool operator==(required const&, required const&) = default;

 private:
  T& checked() {
    if (!value_) throw std::logic_error("glasses::required: the value was read before it was set");
    return *value_;
  }
  std::optional<T> value_;
};

}  // namespace glasses

#endif
