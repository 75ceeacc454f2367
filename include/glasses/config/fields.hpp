// Field metadata: a one-line doc, constraints and former names for each field of a config,
// written out of line next to BOOST_DESCRIBE_STRUCT, so that the struct stays a plain
// aggregate:
//
//   GLASSES_FIELDS(TrainConfig,
//       field(&TrainConfig::lr, "learning rate", greater_than(0.0)),
//       field(&TrainConfig::batch_size, "examples per step", at_least(1), satisfies(is_power_of_two, "a power of two")),
//       field(&TrainConfig::run, "name of the run folder", not_empty(), former_name("name")));
//
// Constraints are checked wherever a config is made from text (parse, load, from_json,
// set, apply_overrides, sweeps), together with a config's own cross-field rules, a member
// `void validate(std::vector<glasses::issue>& problems) const` whose paths are relative to
// the config. Docs and the constraints that JSON Schema can say go into json_schema();
// a former name is read with a warning, and never written.
//
// Over 300 lines: the rules, the entries and the per-type tables they compile to are one
// vocabulary, and each user config includes all of it.
#ifndef GLASSES_CONFIG_FIELDS_HPP
#define GLASSES_CONFIG_FIELDS_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/detail/validation.hpp>
#include <glasses/config/kinds.hpp>

#include <array>
#include <concepts>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeindex>
#include <utility>
#include <vector>

namespace glasses {
namespace detail {

// A minimal tuple: metadata is instantiated for every config, so it stays cheap to compile.
template <std::size_t I, class T> struct pack_slot {
  T value;
};
template <class Indices, class... Ts> struct pack_base;
template <std::size_t... Is, class... Ts>
struct pack_base<std::index_sequence<Is...>, Ts...> : pack_slot<Is, Ts>... {
  constexpr explicit pack_base(Ts... values) : pack_slot<Is, Ts>{values}... {}
  template <class F> constexpr void for_each(F&& f) const {
    (void)f;
    (f(static_cast<pack_slot<Is, Ts> const&>(*this).value), ...);
  }
  /// f(index, part) for each part, the index a std::integral_constant.
  template <class F> constexpr void for_each_indexed(F&& f) const {
    (void)f;
    (f(std::integral_constant<std::size_t, Is>{}, static_cast<pack_slot<Is, Ts> const&>(*this).value), ...);
  }
  /// Checks every part (constraint) on `value`; a value that optional or required may
  /// hold is checked when held. A fold, not a lambda: each checked field costs little.
  template <class V> [[gnu::noinline]] void check(V const& value, validation& v) const {
    if constexpr (kind_of<V> == kind::optional || kind_of<V> == kind::required) {
      if (value.has_value()) check(*value, v);
    } else {
      (static_cast<pack_slot<Is, Ts> const&>(*this).value.check(value, v), ...);
    }
  }
};
template <class... Ts> struct pack : pack_base<std::index_sequence_for<Ts...>, Ts...> {
  using pack_base<std::index_sequence_for<Ts...>, Ts...>::pack_base;
};
template <std::size_t I, class T> constexpr T const& get(pack_slot<I, T> const& slot) { return slot.value; }

template <class T> inline constexpr bool is_number_v = kind_of<T> == kind::integer || kind_of<T> == kind::floating;

// Numbers as the messages and the schema take them.
template <class N> constexpr auto widen(N n) {
  if constexpr (std::is_floating_point_v<N>) return n;
  else if constexpr (std::is_signed_v<N>) return static_cast<std::int64_t>(n);
  else return static_cast<std::uint64_t>(n);
}

/// A value as a message shows it: numbers and strings; nothing for containers and records.
struct shown_value {
  enum class type : unsigned char { none, int64, uint64, floating, single, text };
  type kind = type::none;
  std::int64_t int64 = 0;
  std::uint64_t uint64 = 0;
  double floating = 0;
  std::string_view text;
};
template <class V> constexpr shown_value show(V const& value) {
  using type = shown_value::type;
  shown_value shown;
  if constexpr (std::is_same_v<V, float>) shown.kind = type::single, shown.floating = value;
  else if constexpr (std::is_floating_point_v<V>) shown.kind = type::floating, shown.floating = value;
  else if constexpr (is_number_v<V> && std::is_signed_v<V>) shown.kind = type::int64, shown.int64 = value;
  else if constexpr (is_number_v<V>) shown.kind = type::uint64, shown.uint64 = value;
  else if constexpr (kind_of<V> == kind::string) shown.kind = type::text, shown.text = value;
  return shown;
}

template <class T> struct unwrapped {
  using type = T;
};
template <class T>
  requires(kind_of<T> == kind::optional || kind_of<T> == kind::required)
struct unwrapped<T> {
  using type = typename unwrapped<typename T::value_type>::type;
};
template <class T> using unwrapped_t = typename unwrapped<T>::type;

// The messages of the rules, out of line so that each checked field adds a call, not a
// string expression.
enum class comparison : unsigned char { at_least, at_most, greater_than, less_than };
void fail_bound(validation& v, comparison op, shown_value limit, shown_value found);
enum class size_unit : unsigned char { characters, elements, entries };
void fail_size(validation& v, bool at_least, std::uint64_t limit, std::uint64_t found, size_unit unit);
void fail_choice(validation& v, std::string_view const* names, std::size_t count, std::string_view found);
void fail_predicate(validation& v, std::string_view what, shown_value found);
/// An empty slot that not_empty() says must hold one of the configs registered for it.
void fail_empty_slot(validation& v, std::type_index signature);

template <class V> constexpr void require_string() {
  static_assert(kind_of<V> == kind::string, "glasses: one_of and matches apply to string fields");
}

template <class V> std::uint64_t size_of(V const& value) {
  if constexpr (kind_of<V> == kind::string) return character_count(value);
  else return value.size();
}
template <class V> constexpr size_unit unit_of() {
  constexpr kind k = kind_of<V>;
  static_assert(k == kind::string || k == kind::sequence || k == kind::map,
                "glasses: min_length, max_length and not_empty apply to strings, lists and maps");
  if constexpr (k == kind::string) return size_unit::characters;
  else if constexpr (k == kind::sequence) return size_unit::elements;
  else return size_unit::entries;
}

/// The schema of a value of type V inside `schema` (defined in schema.hpp): optionals are
/// `anyOf` their value and null, and constraints go to the value.
template <class V> schema_form form_for(boost::json::object& schema);

/// An integer against a whole number held in a double: -1, 0 or 1, exactly. Converting the
/// integer to double instead would round 2^60 + 1 to 2^60.
template <class V> int compare_with_whole(V value, double whole) {
  double const upper = std::ldexp(1.0, std::numeric_limits<V>::digits);  // just past V's largest
  double const lower = std::is_signed_v<V> ? -upper : 0.0;
  if (whole >= upper) return -1;
  if (whole < lower) return 1;
  V const limit = static_cast<V>(whole);
  return value < limit ? -1 : value > limit ? 1 : 0;
}

}  // namespace detail

/// The constraints of GLASSES_FIELDS. Each reads as prose in messages ("must be at least 1,
/// got 0") and, except `satisfies`, has a JSON Schema form.
namespace rules {

template <detail::comparison Op, class N> struct bound {
  static_assert(detail::is_number_v<N>, "glasses: a bound is a number");
  N limit;

  template <class V> void check(V const& value, detail::validation& v) const {
    static_assert(detail::is_number_v<V>, "glasses: at_least, at_most, greater_than and less_than apply to number "
                                          "fields (or optionals of them, or lists and maps of them with each(...))");
    using detail::comparison;
    bool holds;  // NaN meets no bound: every comparison with it is false
    if constexpr (std::is_integral_v<V> && std::is_integral_v<N>) {
      if constexpr (Op == comparison::at_least) holds = !std::cmp_less(value, limit);
      else if constexpr (Op == comparison::at_most) holds = !std::cmp_less(limit, value);
      else if constexpr (Op == comparison::greater_than) holds = std::cmp_less(limit, value);
      else holds = std::cmp_less(value, limit);
    } else if constexpr (std::is_integral_v<V>) {
      // An integer field, a fractional bound: against the whole number next to the bound,
      // as a JSON Schema validator compares them, exactly.
      double const bound = static_cast<double>(limit);
      if (std::isnan(bound)) holds = false;
      else if constexpr (Op == comparison::at_least) holds = detail::compare_with_whole(value, std::ceil(bound)) >= 0;
      else if constexpr (Op == comparison::at_most) holds = detail::compare_with_whole(value, std::floor(bound)) <= 0;
      else if constexpr (Op == comparison::greater_than) holds = detail::compare_with_whole(value, std::floor(bound)) > 0;
      else holds = detail::compare_with_whole(value, std::ceil(bound)) < 0;
    } else {
      // A float field meets a bound in float, where at_most(0.1) holds for its 0.1f: compared
      // as doubles, 0.1f is above 0.1, and the field's own default failed.
      using common = std::conditional_t<std::is_same_v<V, float>, float, double>;
      common const x = static_cast<common>(value), bound = static_cast<common>(limit);
      if constexpr (Op == comparison::at_least) holds = x >= bound;
      else if constexpr (Op == comparison::at_most) holds = x <= bound;
      else if constexpr (Op == comparison::greater_than) holds = x > bound;
      else holds = x < bound;
    }
    if (!holds) detail::fail_bound(v, Op, detail::show(limit), detail::show(value));
  }
  template <class V> void schema(detail::schema_form& form) const {
    constexpr std::string_view keywords[] = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"};
    form.number(keywords[static_cast<int>(Op)], detail::widen(limit));
  }
};

template <class N> constexpr bound<detail::comparison::at_least, N> at_least(N limit) { return {limit}; }
template <class N> constexpr bound<detail::comparison::at_most, N> at_most(N limit) { return {limit}; }
template <class N> constexpr bound<detail::comparison::greater_than, N> greater_than(N limit) { return {limit}; }
template <class N> constexpr bound<detail::comparison::less_than, N> less_than(N limit) { return {limit}; }

/// Strings count characters (code points, as JSON Schema does); lists elements; maps entries.
template <bool AtLeast> struct size_bound {
  std::uint64_t limit;

  template <class V> void check(V const& value, detail::validation& v) const {
    constexpr auto unit = detail::unit_of<V>();
    std::uint64_t size = detail::size_of(value);
    if (AtLeast ? size < limit : size > limit) detail::fail_size(v, AtLeast, limit, size, unit);
  }
  template <class V> void schema(detail::schema_form& form) const {
    (void)detail::unit_of<V>();
    if (AtLeast) form.min_size(limit);
    else form.max_size(limit);
  }
};

constexpr size_bound<true> min_length(std::uint64_t limit) { return {limit}; }
constexpr size_bound<false> max_length(std::uint64_t limit) { return {limit}; }
/// A string of at least one character, a list of one element, a map of one entry; a slot
/// that holds a config.
struct non_empty {
  template <class V> void check(V const& value, detail::validation& v) const {
    if constexpr (kind_of<V> == kind::open_slot) {
      if (!value.has_value()) detail::fail_empty_slot(v, typeid(typename V::glasses_slot_signature));
    } else {
      min_length(1).check(value, v);
    }
  }
  template <class V> void schema(detail::schema_form& form) const {
    if constexpr (kind_of<V> == kind::open_slot) form.not_null();
    else min_length(1).template schema<V>(form);
  }
};

constexpr non_empty not_empty() { return {}; }

template <std::size_t N> struct choice {
  std::array<std::string_view, N> names;

  template <class V> void check(V const& value, detail::validation& v) const {
    detail::require_string<V>();
    if constexpr (kind_of<V> == kind::string) {  // else only the assertion's message
      for (std::string_view name : names)
        if (value == name) return;
      detail::fail_choice(v, names.data(), N, value);
    }
  }
  template <class V> void schema(detail::schema_form& form) const {
    detail::require_string<V>();
    form.choices(names.data(), N);
  }
};

/// One of a fixed list of strings: `one_of("relu", "gelu")`.
template <class... S> constexpr choice<sizeof...(S)> one_of(S const&... names) {
  return {{std::string_view(names)...}};
}

/// A regular expression (ECMAScript) that must occur in the string, as JSON Schema's
/// `pattern`: anchor it with ^ and $ to match the whole string.
struct pattern {
  std::string_view expression;

  template <class V> void check(V const& value, detail::validation& v) const {
    detail::require_string<V>();
    if constexpr (kind_of<V> == kind::string) check_text(value, v);
  }
  void check_text(std::string_view text, detail::validation& v) const;
  template <class V> void schema(detail::schema_form& form) const {
    detail::require_string<V>();
    form.pattern(expression);
  }
};

constexpr pattern matches(std::string_view expression) { return {expression}; }

/// A custom rule: `satisfies(is_power_of_two, "a power of two")` reads "must be a power of
/// two, got 6". It has no schema form.
template <class Predicate> struct predicate {
  Predicate test;
  std::string_view what;

  template <class V> void check(V const& value, detail::validation& v) const {
    if (!test(value)) detail::fail_predicate(v, what, detail::show(value));
  }
  template <class V> void schema(detail::schema_form&) const {}
};

template <class Predicate> constexpr predicate<Predicate> satisfies(Predicate test, std::string_view what) {
  return {test, what};
}

/// Constraints on every element of a list, or every value of a map.
template <class... Rules> struct each_rule {
  detail::pack<Rules...> rules;

  template <class V> void check(V const& value, detail::validation& v) const {
    static_assert(kind_of<V> == kind::sequence || kind_of<V> == kind::map,
                  "glasses: each(...) applies to lists and maps");
    if constexpr (kind_of<V> == kind::sequence || kind_of<V> == kind::map) check_each(value, v);
  }
  template <class V> void check_each(V const& value, detail::validation& v) const {
    std::size_t index = 0;
    for (auto const& element : value) {
      if constexpr (kind_of<V> == kind::map) {
        auto const in = v.enter(element.first);
        rules.check(element.second, v);
      } else {
        auto const in = v.enter(index++);
        rules.check(static_cast<typename V::value_type const&>(element), v);
      }
    }
  }
  template <class V> void schema(detail::schema_form& form) const {
    if constexpr (kind_of<V> == kind::sequence || kind_of<V> == kind::map) {  // else check() says why
      detail::schema_form elements = detail::form_for<detail::element_t<V>>(form.elements());
      rules.for_each([&](auto const& rule) { rule.template schema<detail::unwrapped_t<detail::element_t<V>>>(elements); });
    }
  }
};

template <class... Rules> constexpr each_rule<Rules...> each(Rules... rules) {
  return {detail::pack<Rules...>(rules...)};
}

}  // namespace rules

/// A name the field had in an earlier version: read with a warning, never written.
struct former_name {
  std::string_view name;
  constexpr explicit former_name(std::string_view n) : name(n) {}
  /// Not a constraint: the reader's business.
  template <class V> void check(V const&, detail::validation&) const {}
};

namespace detail {
template <class Part> inline constexpr bool is_former_name = std::is_same_v<Part, former_name>;
}

/// One field's metadata: its member, doc, and constraints and former names in any order.
template <class C, class M, class... Parts> struct field_info {
  M C::*pointer;
  std::string_view doc;
  detail::pack<Parts...> parts;

  static constexpr std::size_t former_count = (std::size_t{0} + ... + detail::is_former_name<Parts>);
  static constexpr std::size_t rule_count = sizeof...(Parts) - former_count;
};

template <class C, class M, class... Parts>
constexpr field_info<C, M, Parts...> field(M C::*pointer, std::string_view doc, Parts... parts) {
  return {pointer, doc, detail::pack<Parts...>(parts...)};
}

namespace detail {

template <class T> struct field_list {
  static_assert(kind_of<T> == kind::record, "GLASSES_FIELDS: the type must be described with BOOST_DESCRIBE_STRUCT");
};
template <class T, class... Fields> struct described_field_list {
  pack<Fields...> fields;
};
template <class T, class... Fields> constexpr described_field_list<T, Fields...> make_field_list(Fields... fields) {
  (void)sizeof(field_list<T>);
  return {pack<Fields...>(fields...)};
}

template <class T>
concept has_field_metadata = requires { glasses_fields(type_tag<T>{}); };

/// `void validate(std::vector<issue>& problems) const`, which appends to the problems it is
/// given: not a copy of them (by value, or a temporary that a const& would take).
template <class T>
concept has_cross_field_rules =
    requires(T const& config, std::vector<issue>& problems) {
      { config.validate(problems) } -> std::same_as<void>;
    } && !requires(T const& config) { config.validate(std::vector<issue>{}); };

/// Whether T has a member named validate, of any kind or access, overloads and templates
/// included: the name is then ambiguous in a class derived from T and from one that has it.
struct validate_probe {
  int validate;
};
template <class T> struct validate_finder : T, validate_probe {};
template <class T>
concept names_validate = std::is_class_v<T> && !std::is_final_v<T> && !requires { &validate_finder<T>::validate; };

/// A member named validate that is no cross-field rule (not const, another signature, a
/// result that is not void, private): glasses would never run it. A data member is a field.
template <class T>
concept has_uncallable_validate =
    names_validate<T> && !has_cross_field_rules<T> &&
    !requires { requires std::is_member_object_pointer_v<decltype(&T::validate)>; };

template <class T> inline constexpr auto metadata_of = glasses_fields(type_tag<T>{});

inline constexpr std::size_t no_entry = static_cast<std::size_t>(-1);

/// For each described member of T, in order, the position of its GLASSES_FIELDS entry;
/// computed once per type, as everything else looks entries up here.
template <class T> struct entry_table {
  std::array<std::size_t, field_count<T>> entry_of_member;
  bool every_entry_described = true;  // each entry names exactly one described member
  bool entries_distinct = true;       // and no member has two entries
  bool docs_one_line = true;
};
template <class P> constexpr bool same_member(P a, P b) { return a == b; }
template <class P, class Q> constexpr bool same_member(P, Q) { return false; }

// The described members that `pointer` names: one, or none when the entry is wrong.
template <class P, class... D> constexpr std::array<bool, sizeof...(D)> members_named(P pointer, boost::mp11::mp_list<D...>) {
  return {same_member(pointer, D::pointer)...};
}

template <class T> constexpr entry_table<T> make_entry_table() {
  entry_table<T> table;
  table.entry_of_member.fill(no_entry);
  std::size_t entry = 0;
  metadata_of<T>.fields.for_each([&](auto const& f) {
    auto const named = members_named(f.pointer, boost::mp11::mp_rename<described_fields<T>, boost::mp11::mp_list>{});
    std::size_t matches = 0;
    for (std::size_t member = 0; member < named.size(); ++member) {
      if (!named[member]) continue;
      table.entries_distinct = table.entries_distinct && table.entry_of_member[member] == no_entry;
      table.entry_of_member[member] = entry;
      ++matches;
    }
    table.every_entry_described = table.every_entry_described && matches == 1;
    table.docs_one_line = table.docs_one_line && f.doc.find_first_of("\r\n") == std::string_view::npos;
    ++entry;
  });
  return table;
}
template <class T> inline constexpr entry_table<T> entries_of = make_entry_table<T>();

template <class T> constexpr bool former_names_distinct();

template <class T> constexpr bool checked_metadata() {
  static_assert(entries_of<T>.docs_one_line, "GLASSES_FIELDS: a doc is one line; it has a line break (\\n or \\r)");
  static_assert(entries_of<T>.every_entry_described,
                "GLASSES_FIELDS: an entry names a member that BOOST_DESCRIBE_STRUCT does not list for this type; "
                "describe the member, or remove its entry");
  static_assert(entries_of<T>.entries_distinct, "GLASSES_FIELDS: a member has two entries; merge them into one");
  static_assert(former_names_distinct<T>(),
                "GLASSES_FIELDS: a former_name is a field's name now, or another field's former name too, so a key "
                "by that name would mean two fields; give each former name to one field, and none that a field has");
  return true;
}

/// The position of member D's entry in T's GLASSES_FIELDS, or no_entry.
template <class T, class D> constexpr std::size_t entry_of() {
  if constexpr (has_field_metadata<T>) return entries_of<T>.entry_of_member[boost::mp11::mp_find<described_fields<T>, D>::value];
  else return no_entry;
}

/// Entry I of T's GLASSES_FIELDS.
template <class T, std::size_t I> constexpr auto const& entry_at() { return get<I>(metadata_of<T>.fields); }

// A base's entries hold for its members in every derived config, unless the derived
// config's own GLASSES_FIELDS gives the member an entry of its own. Boost.Describe gives an
// inherited member another descriptor in the derived list, with the same pointer.

/// The position among T's described members of the one that `pointer` names, or no_entry.
template <class T, class P> constexpr std::size_t member_at(P pointer) {
  auto const named = members_named(pointer, boost::mp11::mp_rename<described_fields<T>, boost::mp11::mp_list>{});
  for (std::size_t i = 0; i < named.size(); ++i)
    if (named[i]) return i;
  return no_entry;
}

template <class T, class D> constexpr auto find_entry_home();
template <class B, class D> constexpr auto find_entry_home_in_base() {
  constexpr std::size_t at = member_at<B>(D::pointer);
  if constexpr (at == no_entry) return boost::mp11::mp_list<>{};
  else return find_entry_home<B, boost::mp11::mp_at_c<described_fields<B>, at>>();
}
template <class D, class... Bases> constexpr auto find_entry_home_in_bases(boost::mp11::mp_list<Bases...>) {
  return boost::mp11::mp_append<boost::mp11::mp_list<>, decltype(find_entry_home_in_base<typename Bases::type, D>())...>{};
}
/// `mp_list<Home, HD>`: the record whose GLASSES_FIELDS has member D's entry and D's
/// descriptor there, T's own first; empty when no record has one.
template <class T, class D> constexpr auto find_entry_home() {
  if constexpr (entry_of<T, D>() != no_entry) {
    return boost::mp11::mp_list<T, D>{};
  } else {
    using bases = boost::mp11::mp_rename<boost::describe::describe_bases<T, boost::describe::mod_any_access>,
                                         boost::mp11::mp_list>;
    using found = decltype(find_entry_home_in_bases<D>(bases{}));
    if constexpr (boost::mp11::mp_empty<found>::value) return boost::mp11::mp_list<>{};
    else return boost::mp11::mp_list<boost::mp11::mp_at_c<found, 0>, boost::mp11::mp_at_c<found, 1>>{};
  }
}
template <class T, class D> using entry_home = decltype(find_entry_home<T, D>());
template <class T, class D> constexpr bool has_entry() { return !boost::mp11::mp_empty<entry_home<T, D>>::value; }

/// Member D's entry, T's own or a base's; only for members that have one.
template <class T, class D> constexpr auto const& entry_for() {
  using home = entry_home<T, D>;
  using H = boost::mp11::mp_at_c<home, 0>;
  return entry_at<H, entry_of<H, boost::mp11::mp_at_c<home, 1>>()>();
}

template <class T, class D> constexpr bool has_rules() {
  if constexpr (!has_entry<T, D>()) return false;
  else return std::remove_cvref_t<decltype(entry_for<T, D>())>::rule_count > 0;
}

/// The field's doc, or empty.
template <class T, class D> constexpr std::string_view doc_of() {
  if constexpr (!has_entry<T, D>()) return {};
  else return entry_for<T, D>().doc;
}

/// A former name of the field at `member` (its position among the described members).
struct former_entry {
  std::size_t member;
  std::string_view name;
};

template <class T, class D> constexpr std::size_t former_count_of() {
  if constexpr (!has_entry<T, D>()) return 0;
  else return std::remove_cvref_t<decltype(entry_for<T, D>())>::former_count;
}
template <class T, class... D> constexpr std::size_t former_total(boost::mp11::mp_list<D...>) {
  return (std::size_t{0} + ... + former_count_of<T, D>());
}

template <class T> constexpr auto make_former_names() {
  using members = boost::mp11::mp_rename<described_fields<T>, boost::mp11::mp_list>;
  std::array<former_entry, former_total<T>(members{})> table{};
  if constexpr (table.size() > 0) {
    std::size_t n = 0, member = 0;
    boost::mp11::mp_for_each<members>([&](auto d) {
      if constexpr (has_entry<T, decltype(d)>()) {
        entry_for<T, decltype(d)>().parts.for_each([&](auto const& part) {
          if constexpr (is_former_name<std::remove_cvref_t<decltype(part)>>) table[n++] = {member, part.name};
        });
      }
      ++member;
    });
  }
  return table;
}
/// Every former name of T's fields, for the reader and the schema: one table a type.
template <class T> inline constexpr auto former_names_of = make_former_names<T>();

/// Whether each former name of T means one field: it is no field's name now, nor another
/// former name of any field.
template <class T> constexpr bool former_names_distinct() {
  constexpr auto const& formers = former_names_of<T>;
  std::array<std::string_view, field_count<T>> names{};
  std::size_t n = 0;
  boost::mp11::mp_for_each<described_fields<T>>([&](auto d) { names[n++] = d.name; });
  for (std::size_t i = 0; i < formers.size(); ++i) {
    for (std::string_view name : names)
      if (formers[i].name == name) return false;
    for (std::size_t j = 0; j < i; ++j)
      if (formers[j].name == formers[i].name) return false;
  }
  return true;
}

}  // namespace detail
}  // namespace glasses

/// Declares docs, constraints and former names of a described config's fields; write it in
/// the config's namespace, after BOOST_DESCRIBE_STRUCT. Entries are
/// `field(&Type::member, "doc", constraints and former names...)`; the constraints of
/// glasses::rules are in scope.
#define GLASSES_FIELDS(Type, ...)                                                      \
  [[maybe_unused]] constexpr auto glasses_fields(::glasses::type_tag<Type>) {         \
    using ::glasses::field;                                                           \
    using ::glasses::former_name;                                                     \
    using namespace ::glasses::rules;                                                 \
    return ::glasses::detail::make_field_list<Type>(__VA_ARGS__);                     \
  }                                                                                   \
  static_assert(::glasses::detail::checked_metadata<Type>())

#endif
