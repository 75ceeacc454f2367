// The one place where a field's C++ type is classified into a kind. Every generic
// algorithm (printing, equality, JSON, diff, overrides, schema) switches on
// `kind_of<T>` and never on the type itself, so supporting a new type means adding it
// here and to each algorithm's kind handler, nothing else.
#ifndef GLASSES_CONFIG_KINDS_HPP
#define GLASSES_CONFIG_KINDS_HPP

#include <boost/describe/bases.hpp>
#include <boost/describe/enum.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace glasses {

template <class Signature> class any_config;
template <class T> class required;

enum class kind {
  boolean,
  integer,
  floating,
  string,
  enumeration,
  optional,
  required,
  sequence,
  map,
  record,
  closed_union,
  open_slot,
  unsupported,
};

namespace detail {

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};

template <class T> struct is_required : std::false_type {};
template <class T> struct is_required<required<T>> : std::true_type {};

template <class T> struct is_vector : std::false_type {};
template <class T, class A> struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T> struct is_std_array : std::false_type {};
template <class T, std::size_t N> struct is_std_array<std::array<T, N>> : std::true_type {};

template <class T> struct is_string_map : std::false_type {};
template <class T, class C, class A>
struct is_string_map<std::map<std::string, T, C, A>> : std::true_type {};

template <class T> struct is_variant : std::false_type {};
template <class... Ts> struct is_variant<std::variant<Ts...>> : std::true_type {};

// any_config<R> derives from any_config<R()>, so the slot is recognised by its member.
template <class T> struct is_any_config : std::false_type {};
template <class T>
  requires requires { typename T::glasses_slot_signature; }
struct is_any_config<T> : std::true_type {};

template <class T>
inline constexpr bool is_record_v =
    boost::describe::has_describe_members<T>::value && std::is_class_v<T> && !std::is_union_v<T>;

template <class T> struct is_variant_of_records : std::false_type {};
template <class... Ts>
struct is_variant_of_records<std::variant<Ts...>>
    : std::bool_constant<(sizeof...(Ts) > 0) && (is_record_v<Ts> && ...)> {};

/// char, wchar_t and char8/16/32_t hold characters, not numbers: no field kind, so that a
/// field of one fails to compile with the message every unsupported type gets.
template <class T> constexpr bool is_character_v =
    std::is_same_v<T, char> || std::is_same_v<T, wchar_t> || std::is_same_v<T, char8_t> ||
    std::is_same_v<T, char16_t> || std::is_same_v<T, char32_t>;

/// Types whose JSON already has null: what an optional or required of one writes as null
/// could not be read back as the one it was.
template <class T> constexpr bool has_null() {
  using U = std::remove_cv_t<T>;
  return is_optional<U>::value || is_required<U>::value || is_any_config<U>::value;
}

template <class T> inline constexpr bool always_false = false;

/// Converts to any type, in unevaluated operands only: aggregate initialization from
/// these counts an aggregate's elements.
struct any_element {
  template <class U> operator U() const;
};
template <class T, std::size_t... I> constexpr bool initializable_from(std::index_sequence<I...>) {
  return requires { T{((void)I, any_element{})...}; };
}

/// Converts to empty classes only: a first element that takes it holds nothing (a tag base).
struct any_empty_element {
  template <class U>
    requires std::is_empty_v<U>
  operator U() const;
};
template <class T, std::size_t... I> constexpr bool initializable_after_an_empty_element(std::index_sequence<I...>) {
  return requires { T{any_empty_element{}, ((void)I, any_element{})...}; };
}

/// Whether T is larger than its described bases and members could make it, each padded to
/// T's alignment: then it holds a member they leave out. The size is all that tells it for
/// a class with a constructor, which no initializer count can probe; members that fit in
/// the room the others are given go unseen, and a class with virtual functions is not judged.
template <class T> constexpr bool larger_than_described() {
  if constexpr (std::is_polymorphic_v<T>) {
    return false;
  } else {
    auto padded = [](std::size_t size) { return (size + alignof(T) - 1) / alignof(T) * alignof(T); };
    std::size_t most = 0;
    boost::mp11::mp_for_each<boost::describe::describe_bases<T, boost::describe::mod_any_access>>(
        [&](auto base) { most += padded(sizeof(typename decltype(base)::type)); });
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_any_access>>([&](auto d) {
      most += padded(sizeof(std::remove_cvref_t<decltype(std::declval<T const&>().*decltype(d)::pointer)>));
    });
    return sizeof(T) > std::max<std::size_t>(most, 1);
  }
}

/// Whether T, or a described base of it, has a base or member that its
/// BOOST_DESCRIBE_STRUCT leaves out: an aggregate takes one initializer more than the
/// described ones (an empty base first aside, which holds nothing); another class is larger.
template <class T> constexpr bool has_undescribed_element() {
  using bases = boost::describe::describe_bases<T, boost::describe::mod_any_access>;
  bool in_a_base = false;
  boost::mp11::mp_for_each<bases>(
      [&](auto base) { in_a_base = in_a_base || has_undescribed_element<typename decltype(base)::type>(); });
  if constexpr (!std::is_aggregate_v<T>) {
    return in_a_base || larger_than_described<T>();
  } else {
    constexpr std::size_t described =
        boost::mp11::mp_size<bases>::value +
        boost::mp11::mp_size<boost::describe::describe_members<T, boost::describe::mod_public>>::value;
    bool const one_more = initializable_from<T>(std::make_index_sequence<described + 1>{});
    bool const only_an_empty_base_more = !initializable_from<T>(std::make_index_sequence<described + 2>{}) &&
                                         initializable_after_an_empty_element<T>(std::make_index_sequence<described>{});
    return in_a_base || (one_more && !only_an_empty_base_more);
  }
}

/// Whether a described member of T is const: no file could be read into it.
template <class T> constexpr bool has_const_member() {
  bool found = false;
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_any_access>>([&](auto d) {
    found = found || std::is_const_v<std::remove_reference_t<decltype(std::declval<T&>().*decltype(d)::pointer)>>;
  });
  return found;
}

/// Instantiated by every algorithm on a record with a const member.
template <class T> struct const_member {
  static_assert(always_false<T>,
                "glasses: this config has a const member, which no file, override or copy could set; a config's "
                "fields hold values to change: drop the const. The config is the T of "
                "glasses::detail::const_member<T> in this note.");
};

/// Instantiated by every algorithm on a record with such an element: a value set there
/// would be left out of every file, comparison and fingerprint without a word.
template <class T> struct undescribed_element {
  static_assert(always_false<T>,
                "glasses: this config, or a base of it, has a member (or a base) that its "
                "BOOST_DESCRIBE_STRUCT does not list, so glasses would not read, write, compare or fingerprint "
                "it: a value set there would be lost without a word. List every member in "
                "BOOST_DESCRIBE_STRUCT(Type, (bases...), (members...)), and move what is not configuration out "
                "of the config. The config is the T of glasses::detail::undescribed_element<T> in this note.");
};

template <class T> constexpr kind classify() {
  if constexpr (std::is_same_v<T, bool>) return kind::boolean;
  else if constexpr (std::is_integral_v<T> && !is_character_v<T>) return kind::integer;
  else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) return kind::floating;
  else if constexpr (std::is_same_v<T, std::string>) return kind::string;
  else if constexpr (std::is_enum_v<T> && boost::describe::has_describe_enumerators<T>::value)
    return kind::enumeration;
  else if constexpr (is_optional<T>::value || is_required<T>::value)
    // Null would mean two things in an optional of an optional, a required or a slot.
    return has_null<typename T::value_type>() ? kind::unsupported : is_optional<T>::value ? kind::optional : kind::required;
  else if constexpr (is_vector<T>::value || is_std_array<T>::value) return kind::sequence;
  else if constexpr (is_string_map<T>::value) return kind::map;
  else if constexpr (is_any_config<T>::value) return kind::open_slot;
  else if constexpr (is_variant_of_records<T>::value) return kind::closed_union;
  // A record with an undescribed member has no kind: check_kind says why.
  else if constexpr (is_record_v<T>)
    return has_undescribed_element<T>() || has_const_member<T>() ? kind::unsupported : kind::record;
  else return kind::unsupported;
}

}  // namespace detail

/// The kind of a field type; `kind::unsupported` for types that no algorithm handles.
template <class T> inline constexpr kind kind_of = detail::classify<std::remove_cv_t<T>>();

namespace detail {

/// Instantiated by every algorithm on a type with no kind: the compiler names the type in
/// "required from 'struct glasses::unsupported_field_type<T>'" next to this message.
template <class T> struct unsupported_field_type {
  static_assert(always_false<T>,
                "glasses: this config field's type has no field kind. Supported kinds: bool, "
                "integers, float/double, std::string, described enums (BOOST_DESCRIBE_ENUM), "
                "std::optional, glasses::required, std::vector, std::array, "
                "std::map<std::string, T>, described structs (BOOST_DESCRIBE_STRUCT), "
                "std::variant of described structs, and glasses::any_config; not a std::optional or "
                "glasses::required of an optional, a required or an any_config, whose null would mean two "
                "things (an any_config is already null when empty). A char holds a character: use "
                "std::string for text, or std::int8_t for a small number. The offending "
                "type is the T of glasses::detail::unsupported_field_type<T> in this note.");
};

/// A kind check that stops an algorithm with exactly one readable error.
template <class T> constexpr bool check_kind() {
  if constexpr (kind_of<T> == kind::unsupported) {
    if constexpr (is_record_v<T> && has_const_member<T>()) (void)sizeof(const_member<T>);
    else if constexpr (is_record_v<T>) (void)sizeof(undescribed_element<T>);
    else (void)sizeof(unsupported_field_type<T>);
    return false;
  } else {
    return true;
  }
}

/// Every described member, private and protected ones too: a class that describes them in
/// BOOST_DESCRIBE_CLASS has them read and written like the public ones.
template <class T>
using described_fields =
    boost::describe::describe_members<T, boost::describe::mod_any_access | boost::describe::mod_inherited>;

/// The element type of a sequence, optional, required or map kind.
template <class T> struct element_type { using type = typename T::value_type; };
template <class T> struct element_type<std::map<std::string, T>> { using type = T; };
template <class T> using element_t = typename element_type<T>::type;

}  // namespace detail

/// Calls `f(name, member)` for each described field of `object`, base fields first.
template <class T, class F> constexpr void for_each_field(T& object, F&& f) {
  using fields = detail::described_fields<std::remove_const_t<T>>;
  boost::mp11::mp_for_each<fields>([&](auto d) { f(std::string_view(d.name), object.*d.pointer); });
}

/// The number of described fields of a record, bases included.
template <class T>
inline constexpr std::size_t field_count = boost::mp11::mp_size<detail::described_fields<T>>::value;

/// The names of an enum's described values, in declaration order.
template <class E> std::vector<std::string_view> enumerator_names() {
  std::vector<std::string_view> out;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto e) { out.emplace_back(e.name); });
  return out;
}

/// An enum value's number as text, for messages.
template <class E> std::string enumerator_number(E value) {
  return std::to_string(+static_cast<std::underlying_type_t<E>>(value));
}

/// The unqualified name of a type as spelled in the source (`ResNetConfig`), for messages.
template <class T> constexpr std::string_view type_name() {
  std::string_view f = __PRETTY_FUNCTION__;
  auto start = f.find("T = ") + 4;
  auto end = f.find_first_of(";]", start);
  std::string_view full = f.substr(start, end - start);
  // Drop namespace qualifiers outside template arguments: glasses::models::X<a::b> -> X<a::b>.
  std::size_t depth = 0, cut = 0;
  for (std::size_t i = 0; i < full.size(); ++i) {
    char c = full[i];
    if (c == '<' || c == '(') ++depth;
    else if (c == '>' || c == ')') --depth;
    else if (depth == 0 && c == ':' && i + 1 < full.size() && full[i + 1] == ':') cut = i + 2;
  }
  return full.substr(cut);
}

}  // namespace glasses

#endif
