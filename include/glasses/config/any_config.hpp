// any_config<R(Args...)>: a value-semantic slot for any registered config whose
// `build(Args...) const` gives something convertible to R, as std::function holds any
// callable. Generic algorithms see through it by way of the held type's config_ops
// (made by ops_of<C>() in register.hpp).
#ifndef GLASSES_CONFIG_ANY_CONFIG_HPP
#define GLASSES_CONFIG_ANY_CONFIG_HPP

#include <glasses/config/kinds.hpp>

#include <boost/json/fwd.hpp>
#include <boost/mp11/list.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <typeinfo>
#include <utility>
#include <vector>

namespace glasses {

/// The argument of `glasses_config_name`, the function that GLASSES_REGISTER_CONFIG defines
/// next to a config so that argument-dependent lookup finds its JSON name at compile time.
template <class T> struct type_tag {};

/// Extra slot results a build result converts to. A config whose build() returns R is
/// accepted from JSON by slots `any_config<R(Args...)>` and `any_config<I(Args...)>` for each
/// I listed here. The nn layer lists its interfaces (Backbone, Head) for its modules.
template <class R> struct build_result_interfaces {
  using type = boost::mp11::mp_list<>;
};

namespace detail {

class json_text_writer;
class json_value_writer;
struct lead;
class printer;
struct sink;
struct differ;
struct path_step;
class schema_builder;

/// What generic code needs to handle a config whose type is known only at run time.
/// There is one per config type, made by ops_of<C>() (register.hpp).
struct config_ops {
  std::type_info const& type;
  std::string_view cpp_name;
  std::string_view json_name;
  void* (*make_default)();
  void* (*clone)(void const*);
  void (*destroy)(void*) noexcept;
  bool (*equal)(void const*, void const*);
  char* (*write_text)(json_text_writer&, char* at, lead before, void const*);
  void (*write_value)(json_value_writer&, lead before, void const*);
  void (*print)(printer&, void const*);
  void (*diff)(differ&, path_step const*, void const*, void const*);
  void (*schema)(schema_builder&, boost::json::value& out);
  sink const* record_sink;
};

template <class C> config_ops const& ops_of();

template <class C>
constexpr bool is_registered = requires { glasses_config_name(type_tag<C>{}); };

/// Instantiated for a config that a slot or a std::variant needs by name but that has none:
/// the compiler names the type in "required from 'struct glasses::detail::unnamed_config<C>'".
template <class C> struct unnamed_config {
  static_assert(always_false<C>,
                "glasses: this config is held by a std::variant or an any_config, so JSON needs its name "
                "in \"type\", but it has none. Register it with GLASSES_REGISTER_CONFIG(Type, \"name\") in "
                "the namespace where the type is declared (argument-dependent lookup finds it there, not "
                "at global scope). The type is the C of glasses::detail::unnamed_config<C> in this note.");
};

/// Whether a described field of C is named "type", the key that names C in JSON.
template <class C> constexpr bool has_field_named_type() {
  bool found = false;
  boost::mp11::mp_for_each<described_fields<C>>([&](auto d) { found = found || std::string_view(d.name) == "type"; });
  return found;
}

/// The JSON name of a config registered with GLASSES_REGISTER_CONFIG; a compile error for
/// any other, so that no "type" is ever written empty.
template <class C> constexpr std::string_view config_name() {
  if constexpr (is_registered<C>) {
    static_assert(!has_field_named_type<C>(),
                  "glasses: a config held by a std::variant or an any_config has a field named \"type\", the key "
                  "that names its type in JSON, so what it writes cannot be read back; rename the field (say kind)");
    return glasses_config_name(type_tag<C>{});
  } else {
    (void)sizeof(unnamed_config<C>);
    return {};
  }
}

/// Two alternatives of one variant under one name would be written alike and read as one.
template <class... Cs> constexpr bool distinct_names() {
  std::string_view const names[] = {config_name<Cs>()...};
  for (std::size_t i = 0; i < sizeof...(Cs); ++i)
    for (std::size_t j = i + 1; j < sizeof...(Cs); ++j)
      if (names[i] == names[j]) return false;
  return true;
}

using erased_builder = void (*)();

/// The run-time registry behind JSON loading of slots (src/config/registry.cpp).
void register_config_ops(config_ops const& ops);
void register_slot_builder(std::type_index signature, config_ops const& ops, erased_builder build);
/// The ops registered under `name`, or null. Throws config_error on a name clash.
config_ops const* find_config(std::string_view name);
/// The config registered under `name` and, if it fits, its builder for the slot. Throws
/// config_error on a name clash.
struct slot_entry {
  config_ops const* ops = nullptr;
  erased_builder build = nullptr;
};
slot_entry find_slot_entry(std::type_index signature, std::string_view name);
/// Changes whenever something is registered, so that lookups can be cached.
std::uint64_t registry_generation() noexcept;
std::vector<std::string_view> slot_names(std::type_index signature);

template <class R, class... Args>
std::string_view signature_name() {
  return type_name<R(Args...)>();
}

template <class C, class R, class... Args> R build_thunk(void const* config, Args... args) {
  return static_cast<C const*>(config)->build(std::forward<Args>(args)...);
}

template <class C, class R, class... Args> bool register_slot_fit(std::type_index signature) {
  register_slot_builder(signature, ops_of<C>(), reinterpret_cast<erased_builder>(&build_thunk<C, R, Args...>));
  return true;
}

[[noreturn]] void throw_bad_slot_access(std::string_view wanted, std::string_view held);
[[noreturn]] void throw_empty_slot_build(std::string_view signature);

}  // namespace detail

template <class Signature> class any_config;

template <class R, class... Args> class any_config<R(Args...)> {
  using builder = R (*)(void const*, Args...);

 public:
  using glasses_slot_signature = R(Args...);
  using result_type = R;

  /// Fits the slot: a registered config whose build(Args...) converts to R.
  template <class C>
  static constexpr bool accepts =
      kind_of<C> == kind::record && requires(C const& c, Args... args) {
        { c.build(std::forward<Args>(args)...) } -> std::convertible_to<R>;
      };

  any_config() noexcept = default;

  template <class C>
    requires(!std::is_base_of_v<any_config, std::remove_cvref_t<C>> &&
             accepts<std::remove_cvref_t<C>>)
  any_config(C&& config)  // NOLINT: implicit, so that `backbone = ResNetConfig{}` reads naturally
      : object_(new std::remove_cvref_t<C>(std::forward<C>(config))),
        ops_(&detail::ops_of<std::remove_cvref_t<C>>()),
        build_(&detail::build_thunk<std::remove_cvref_t<C>, R, Args...>) {
    (void)fits<std::remove_cvref_t<C>>;
  }
  /// A config that does not fit: one error that says why, not a failed conversion.
  template <class C>
    requires(kind_of<std::remove_cvref_t<C>> == kind::record && !accepts<std::remove_cvref_t<C>>)
  any_config(C&&) {
    static_assert(detail::always_false<C>,
                  "glasses: this config does not fit this slot: an any_config<R(Args...)> holds configs with a "
                  "member `R build(Args...) const` (or one whose result converts to R). Add it to the config, "
                  "or check its constness and arguments. The config is the C, and the slot's signature the "
                  "R(Args...), of glasses::any_config<R(Args...)>::any_config<C> in this note.");
  }

  any_config(any_config const& other)
      : object_(other.object_ ? other.ops_->clone(other.object_) : nullptr),
        ops_(other.ops_),
        build_(other.build_) {}
  any_config(any_config&& other) noexcept
      : object_(std::exchange(other.object_, nullptr)),
        ops_(std::exchange(other.ops_, nullptr)),
        build_(std::exchange(other.build_, nullptr)) {}
  any_config& operator=(any_config const& other) {
    if (this != &other) any_config(other).swap(*this);
    return *this;
  }
  any_config& operator=(any_config&& other) noexcept {
    any_config(std::move(other)).swap(*this);
    return *this;
  }
  ~any_config() { reset(); }

  void swap(any_config& other) noexcept {
    std::swap(object_, other.object_);
    std::swap(ops_, other.ops_);
    std::swap(build_, other.build_);
  }
  void reset() noexcept {
    if (object_) ops_->destroy(object_);
    object_ = nullptr;
    ops_ = nullptr;
    build_ = nullptr;
  }

  bool has_value() const noexcept { return object_ != nullptr; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The held config's C++ type, or typeid(void) when empty.
  std::type_info const& type() const noexcept { return ops_ ? ops_->type : typeid(void); }
  /// The held config's registered JSON name, or empty.
  std::string_view json_name() const noexcept { return ops_ ? ops_->json_name : std::string_view(); }

  template <class C> C* get_if() noexcept {
    return ops_ && ops_->type == typeid(C) ? static_cast<C*>(object_) : nullptr;
  }
  template <class C> C const* get_if() const noexcept {
    return const_cast<any_config*>(this)->template get_if<C>();
  }
  template <class C> C& as() {
    if (C* c = get_if<C>()) return *c;
    detail::throw_bad_slot_access(glasses::type_name<C>(), ops_ ? ops_->cpp_name : "nothing (an empty slot)");
  }
  template <class C> C const& as() const { return const_cast<any_config*>(this)->template as<C>(); }

  /// Builds the held config. Throws std::logic_error on an empty slot.
  R build(Args... args) const {
    if (!object_) detail::throw_empty_slot_build(detail::signature_name<R, Args...>());
    return build_(object_, std::forward<Args>(args)...);
  }

  friend bool operator==(any_config const& a, any_config const& b) {
    if (!a.object_ || !b.object_) return a.object_ == b.object_;
    return a.ops_->type == b.ops_->type && a.ops_->equal(a.object_, b.object_);
  }

  // For generic algorithms: the held object and how to handle it.
  detail::config_ops const* ops() const noexcept { return ops_; }
  void const* get() const noexcept { return object_; }
  void* get() noexcept { return object_; }

  /// Replaces the content with the default of a registered config that fits this slot,
  /// as found by detail::find_slot_entry.
  void emplace_registered(detail::slot_entry const& entry) {
    reset();
    object_ = entry.ops->make_default();
    ops_ = entry.ops;
    build_ = reinterpret_cast<builder>(entry.build);
  }

 private:
  // What compiles must load: a config that this slot accepts in code (its build() converts
  // to R, say a shared_ptr<Impl> to a module holder) is registered as fitting it from JSON
  // too. Mentioning the variable in the constructor instantiates it, and its initializer
  // runs during static initialization, before main.
  template <class C>
  static inline bool const fits = detail::register_slot_fit<C, R, Args...>(typeid(R(Args...)));

  void* object_ = nullptr;
  detail::config_ops const* ops_ = nullptr;
  builder build_ = nullptr;
};

/// `any_config<R>` is short for `any_config<R()>`.
template <class R> class any_config : public any_config<R()> {
 public:
  using any_config<R()>::any_config;
};

}  // namespace glasses

#endif
