// Registration: the JSON names of configs (for slots and variants) and named presets.
// Both macros are one line at namespace scope and safe in headers: the name function is
// inline, and the registering variable has internal linkage, so each translation unit that
// sees the line registers the same thing again, which the registry accepts. Registries are
// function-local statics, so registration order between translation units does not matter.
#ifndef GLASSES_CONFIG_REGISTER_HPP
#define GLASSES_CONFIG_REGISTER_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/detail/diff_walk.hpp>
#include <glasses/config/detail/schema_walk.hpp>
#include <glasses/config/equal.hpp>
#include <glasses/config/error.hpp>
#include <glasses/config/json_read.hpp>
#include <glasses/config/print.hpp>

#include <boost/mp11/algorithm.hpp>

#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace glasses {
namespace detail {

template <class C> config_ops const& ops_of() {
  static config_ops const ops{
      typeid(C),
      glasses::type_name<C>(),
      config_name<C>(),
      []() -> void* { return new C(); },
      [](void const* c) -> void* { return new C(*static_cast<C const*>(c)); },
      [](void* c) noexcept { delete static_cast<C*>(c); },
      [](void const* a, void const* b) { return glasses::equal(*static_cast<C const*>(a), *static_cast<C const*>(b)); },
      [](json_text_writer& w, char* at, lead before, void const* c) {
        return write_typed_record(w, at, before, *static_cast<C const*>(c));
      },
      [](json_value_writer& w, lead before, void const* c) { write_typed_record(w, {}, before, *static_cast<C const*>(c)); },
      [](printer& p, void const* c) { print_record(p, *static_cast<C const*>(c)); },
      [](differ& d, path_step const* at, void const* a, void const* b) {
        diff_record(d, at, *static_cast<C const*>(a), *static_cast<C const*>(b));
      },
      [](schema_builder& b, boost::json::value& out) { record_schema(b, C{}, config_name<C>(), out); },
      &sink_for<C>,
  };
  return ops;
}

// A build() that a const config cannot call has none: the config fits no slot.
template <class F> struct build_signature {};
template <class C, class R, class... Args> struct build_signature<R (C::*)(Args...) const> {
  template <class Result> using with_result = Result(Args...);
  using result = R;
};
template <class C, class R, class... Args>
struct build_signature<R (C::*)(Args...) const noexcept> : build_signature<R (C::*)(Args...) const> {};
template <class C, class R, class... Args>
struct build_signature<R (C::*)(Args...) const&> : build_signature<R (C::*)(Args...) const> {};
template <class C, class R, class... Args>
struct build_signature<R (C::*)(Args...) const & noexcept> : build_signature<R (C::*)(Args...) const> {};

template <class C, class S> struct slot_builder;
template <class C, class R, class... Args> struct slot_builder<C, R(Args...)> {
  static constexpr auto value = &build_thunk<C, R, Args...>;
};

/// Registers C by name, and as a builder for the slots its build() fits: its own result
/// and each of build_result_interfaces<result>.
template <class C> bool register_config() {
  static_assert(is_record_v<C>, "GLASSES_REGISTER_CONFIG: the type must be described with BOOST_DESCRIBE_STRUCT");
  if constexpr (!check_kind<C>()) return false;  // check_kind said why: a member left out
  register_config_ops(ops_of<C>());
  if constexpr (requires { typename build_signature<decltype(&C::build)>::result; }) {
    using signature = build_signature<decltype(&C::build)>;
    using results = boost::mp11::mp_push_front<typename build_result_interfaces<typename signature::result>::type,
                                               typename signature::result>;
    boost::mp11::mp_for_each<boost::mp11::mp_transform<boost::mp11::mp_identity, results>>([](auto result) {
      using R = typename decltype(result)::type;
      using S = typename signature::template with_result<R>;
      register_slot_builder(typeid(S), ops_of<C>(), reinterpret_cast<erased_builder>(slot_builder<C, S>::value));
    });
  }
  return true;
}

template <class T> struct preset_table {
  struct entry {
    T (*factory)();
    std::string_view where;  // "file:line" of the registration
  };
  std::map<std::string, entry, std::less<>> factories;
  // Registrations of a name already taken, from another file:line spelling. They are the
  // same preset when they make the same config (one header reached as "presets.hpp" and
  // "../presets.hpp"), which preset() checks when the name is used.
  std::multimap<std::string, entry, std::less<>> others;
};
template <class T> preset_table<T>& presets() {
  static preset_table<T> table;
  return table;
}
/// A header's registration runs once in each translation unit that includes it, each with
/// its own copy of a lambda: registrations are told apart by what they make, not by address.
template <class T> bool register_preset(std::string_view name, T (*factory)(), std::string_view where) {
  auto& table = presets<T>();
  auto [it, inserted] = table.factories.try_emplace(std::string(name), typename preset_table<T>::entry{factory, where});
  if (!inserted && it->second.where != where)
    table.others.emplace(std::string(name), typename preset_table<T>::entry{factory, where});
  return true;
}
[[noreturn]] void throw_unknown_preset(std::string_view type, std::string_view name,
                                       std::vector<std::string_view> const& known);
[[noreturn]] void throw_duplicate_preset(std::string_view type, std::string_view name, std::string_view first,
                                         std::string_view second);

}  // namespace detail

/// The names of the presets registered for T, sorted.
template <class T> std::vector<std::string_view> preset_names() {
  std::vector<std::string_view> names;
  for (auto const& [name, factory] : detail::presets<T>().factories) names.push_back(name);
  return names;
}

/// A fresh copy of the preset `name` of T. Throws config_error with a did-you-mean for an
/// unknown name.
template <class T> T preset(std::string_view name) {
  auto const& table = detail::presets<T>();
  auto it = table.factories.find(name);
  if (it == table.factories.end()) detail::throw_unknown_preset(type_name<T>(), name, preset_names<T>());
  T config = it->second.factory();
  auto [first, last] = table.others.equal_range(name);
  for (; first != last; ++first)
    if (!equal(first->second.factory(), config))
      detail::throw_duplicate_preset(type_name<T>(), name, it->second.where, first->second.where);
  return config;
}

}  // namespace glasses

#define GLASSES_DETAIL_CAT2(a, b) a##b
#define GLASSES_DETAIL_CAT(a, b) GLASSES_DETAIL_CAT2(a, b)
#define GLASSES_DETAIL_STRING2(x) #x
#define GLASSES_DETAIL_STRING(x) GLASSES_DETAIL_STRING2(x)

/// Gives a described config a stable JSON name for slots and variants. Write it in the
/// namespace of the config: `GLASSES_REGISTER_CONFIG(ResNetConfig, "resnet");`
#define GLASSES_REGISTER_CONFIG(Type, Name)                                                        \
  [[maybe_unused]] constexpr std::string_view glasses_config_name(::glasses::type_tag<Type>) noexcept { \
    return Name;                                                                                   \
  }                                                                                                \
  [[maybe_unused]] static bool const GLASSES_DETAIL_CAT(glasses_registered_config_, __COUNTER__) = \
      ::glasses::detail::register_config<Type>()

/// Registers a named preset of Type: a function (or captureless lambda) returning a Type.
/// `GLASSES_REGISTER_PRESET(ImageClassifierConfig, "resnet50", [] { return ...; });`
#define GLASSES_REGISTER_PRESET(Type, Name, ...)                                                   \
  [[maybe_unused]] static bool const GLASSES_DETAIL_CAT(glasses_registered_preset_, __COUNTER__) = \
      ::glasses::detail::register_preset<Type>(Name, +(__VA_ARGS__), __FILE__ ":" GLASSES_DETAIL_STRING(__LINE__))

#endif
