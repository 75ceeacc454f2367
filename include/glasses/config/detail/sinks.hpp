// The reader's sinks: for each kind, a table of event handlers that stores what JSON
// gives into the C++ value, checking types, ranges and keys. Closed unions and slots are in
// typed_sink.hpp; the work common to all records is done out of line (src/config/sinks.cpp).
// Over 300 lines: one sink a kind, each a few handlers, which sink_of chooses among.
#ifndef GLASSES_CONFIG_DETAIL_SINKS_HPP
#define GLASSES_CONFIG_DETAIL_SINKS_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/detail/direct_read.hpp>
#include <glasses/config/detail/reader.hpp>
#include <glasses/config/fields.hpp>
#include <glasses/config/kinds.hpp>
#include <glasses/config/required.hpp>

#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>
#include <limits>
#include <string>
#include <utility>
#include <variant>

namespace glasses {
namespace detail {

bool read_special_float(std::string_view text, double& out);
/// "unknown type ..." with the names that fit, a suggestion, and, for a slot with few
/// names, what to check when the registration has not run.
void fail_unknown_type(reader& r, std::size_t depth, std::string_view name, std::vector<std::string_view> const& names,
                       bool is_slot);

/// Handlers shared by every kind: anything unexpected is a mismatch.
struct base_sink {
  static void scalar(reader& r, frame& f, scalar_event const& s) { r.mismatch(f, describe(s)); }
  static void begin_object(reader& r, frame& f) { r.mismatch(f, "an object"), reader::skip(f, true); }
  static void key(reader&, frame&, std::string_view) {}
  static bool end_object(reader&, frame&) { return true; }
  static void begin_array(reader& r, frame& f) { r.mismatch(f, "an array"), reader::skip(f, true); }
  static void element(reader&, frame&) {}
  static bool end_array(reader&, frame&) { return true; }
  static bool select(reader&, std::size_t, std::string_view) { return false; }
  static located child(void*, path_key const&) { return {}; }
  static constexpr bool chooses_type = false;
  static constexpr bool validates = false;
  static constexpr validate_fn validator = nullptr;
  static char const* read_direct(char const*, direct_text const&, std::size_t, void*) { return nullptr; }
  static constexpr record_info const* record = nullptr;
  static constexpr bool takes_text = false;
  static constexpr bool takes_list = false;
  static constexpr bool (*erase)(void*, std::string_view) = nullptr;
  static constexpr bool nullable = false;
};

template <class Derived> constexpr sink make_sink() {
  return sink{&Derived::scalar,      &Derived::begin_object, &Derived::key,         &Derived::end_object,
              &Derived::begin_array, &Derived::element,      &Derived::end_array,   &Derived::expected,
              &Derived::select,      &Derived::child,        Derived::chooses_type, Derived::validates, Derived::validator,
              &Derived::read_direct, Derived::record,       Derived::takes_text,   Derived::takes_list,
              Derived::erase,        Derived::nullable};
}

/// Whether values of type T have constraints or rules anywhere inside.
template <class T> constexpr bool needs_validation() { return sink_for<T>.validates; }

template <class T> struct boolean_sink : base_sink {
  static std::string expected() { return "true or false"; }
  static void scalar(reader& r, frame& f, scalar_event const& s) {
    if (s.kind == scalar_event::type::boolean) *static_cast<T*>(f.target) = s.boolean;
    else r.mismatch(f, describe(s));
  }
  static char const* read_direct(char const* p, direct_text const& t, std::size_t, void* target) {
    return direct_bool(p, t, *static_cast<T*>(target));
  }
};

template <class T> struct integer_sink : base_sink {
  static std::string expected() { return "an integer"; }
  static void scalar(reader& r, frame& f, scalar_event const& s) {
    T& out = *static_cast<T*>(f.target);
    if (s.kind == scalar_event::type::int64 && std::in_range<T>(s.int64)) {
      out = static_cast<T>(s.int64);
    } else if (s.kind == scalar_event::type::uint64 && std::in_range<T>(s.uint64)) {
      out = static_cast<T>(s.uint64);
    } else if (s.kind == scalar_event::type::int64 || s.kind == scalar_event::type::uint64 ||
               (s.kind == scalar_event::type::floating && integer_beyond_64_bits(s.text))) {
      fail_integer_range(r, s, std::is_signed_v<T>, sizeof(T), std::numeric_limits<T>::min(),
                         std::numeric_limits<T>::max());
    } else {
      r.mismatch(f, describe(s));
    }
  }
  static char const* read_direct(char const* p, direct_text const& t, std::size_t, void* target) {
    std::uint64_t bits = 0;
    p = direct_integer(p, t, std::numeric_limits<T>::min(), std::numeric_limits<T>::max(), bits);
    if (p) *static_cast<T*>(target) = static_cast<T>(bits);
    return p;
  }
};

/// Stores a number (or "inf", "-inf", "nan") into a floating-point field, or reports why it
/// can't; out of line (src/config/sinks.cpp), with the exact conversion of the literal.
void read_floating(reader& r, frame& f, scalar_event const& s, float& out);
void read_floating(reader& r, frame& f, scalar_event const& s, double& out);

template <class T> struct floating_sink : base_sink {
  static std::string expected() { return "a number"; }
  static void scalar(reader& r, frame& f, scalar_event const& s) { read_floating(r, f, s, *static_cast<T*>(f.target)); }
  static char const* read_direct(char const* p, direct_text const& t, std::size_t, void* target) {
    return direct_floating(p, t, *static_cast<T*>(target));
  }
};

template <class T> struct string_sink : base_sink {
  static constexpr bool takes_text = true;
  static std::string expected() { return "a string"; }
  static void scalar(reader& r, frame& f, scalar_event const& s) {
    if (s.kind == scalar_event::type::string) static_cast<T*>(f.target)->assign(s.text);
    else r.mismatch(f, describe(s));
  }
  static char const* read_direct(char const* p, direct_text const& t, std::size_t, void* target) {
    std::string_view text;
    if ((p = direct_string(p, t, text))) static_cast<T*>(target)->assign(text);
    return p;
  }
};

template <class T> struct enum_sink : base_sink {
  static std::string expected() { return "one of " + list_names(enumerator_names<T>()); }
  /// Stores the enumerator named `name`; false when there is none.
  static bool store(std::string_view name, void* target) {
    bool found = false;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto e) {
      if (!found && name == e.name) *static_cast<T*>(target) = e.value, found = true;
    });
    return found;
  }
  static void scalar(reader& r, frame& f, scalar_event const& s) {
    if (s.kind != scalar_event::type::string) return r.mismatch(f, describe(s));
    if (!store(s.text, f.target))
      r.fail("expected " + expected() + ", got " + describe(s) + did_you_mean(s.text, enumerator_names<T>()));
  }
  static char const* read_direct(char const* p, direct_text const& t, std::size_t, void* target) {
    std::string_view text;
    p = direct_string(p, t, text);
    return p && store(text, target) ? p : nullptr;
  }
  // Text gives only named values; code can cast any number to an enum.
  static void validate_value(void const* target, validation& v) {
    T const value = *static_cast<T const*>(target);
    if (!boost::describe::enum_to_string(value, nullptr))
      v.fail(unnamed_enumerator_message(type_name<T>(), enumerator_number(value), enumerator_names<T>()));
  }
  static constexpr bool validates = true;
  static constexpr validate_fn validator = &validate_value;
};

/// For a record's table: how to tell that a required<T> field is still unset.
template <class F> constexpr auto unset_test() {
  if constexpr (kind_of<F> == kind::required) return +[](void const* value) { return !static_cast<F const*>(value)->has_value(); };
  else return static_cast<bool (*)(void const*)>(nullptr);
}

/// optional<T> and required<T>: null has its own meaning; anything else creates the value
/// and hands the same event to T's sink.
template <class T> struct wrapper_sink : base_sink {
  using value_type = typename T::value_type;
  static constexpr bool is_required = kind_of<T> == kind::required;

  // A value already held stays, so that an object merges into it as into any record.
  static void become_value(frame& f) {
    T& wrapper = *static_cast<T*>(f.target);
    f.target = wrapper.has_value() ? &*wrapper : &wrapper.emplace();
    f.ops = &sink_for<value_type>;
  }
  static std::string expected() {
    return sink_for<value_type>.expected() + (is_required ? "" : " or null");
  }
  static void scalar(reader& r, frame& f, scalar_event const& s) {
    if (s.kind == scalar_event::type::null) {
      if constexpr (is_required) r.fail("expected " + expected() + ", got null; this field is required");
      else static_cast<T*>(f.target)->reset();
      return;
    }
    become_value(f);
    f.ops->scalar(r, f, s);
  }
  static void begin_object(reader& r, frame& f) { become_value(f), f.ops->begin_object(r, f); }
  static void begin_array(reader& r, frame& f) { become_value(f), f.ops->begin_array(r, f); }
  static located child(void* target, path_key const& step) {
    T& wrapper = *static_cast<T*>(target);
    if (!wrapper.has_value()) wrapper.emplace();
    return sink_for<value_type>.child(&*wrapper, step);
  }
  static char const* read_direct(char const* p, direct_text const& t, std::size_t depth, void* target) {
    T& wrapper = *static_cast<T*>(target);
    if (char const* after = direct_null(p, t)) {
      if constexpr (is_required) return nullptr;
      else return wrapper.reset(), after;
    }
    return sink_for<value_type>.read_direct(p, t, depth, wrapper.has_value() ? &*wrapper : &wrapper.emplace());
  }
  static void validate_value(void const* target, validation& v) {
    T const& wrapper = *static_cast<T const*>(target);
    if constexpr (is_required)
      if (!wrapper.has_value()) return v.fail(std::string(missing_required_message));
    if constexpr (needs_validation<value_type>())
      if (wrapper.has_value()) sink_for<value_type>.validator(&*wrapper, v);
  }
  // A required value that no layer set is found however its record came to be: read
  // without its key, never read at all, or made in code.
  static constexpr bool validates = is_required || needs_validation<value_type>();
  static constexpr record_info const* record = sink_for<value_type>.record;
  static constexpr bool takes_text = sink_for<value_type>.takes_text;
  static constexpr bool takes_list = sink_for<value_type>.takes_list;
  static constexpr validate_fn validator = validates ? &validate_value : nullptr;
  static constexpr bool nullable = !is_required;
  // An optional variant chooses its type as the variant does: first, and by `path.type`.
  static constexpr bool chooses_type = sink_for<value_type>.chooses_type;
};

template <class T> struct sequence_sink : base_sink {
  using value_type = typename T::value_type;
  static constexpr bool fixed = is_std_array<T>::value;
  static constexpr bool takes_list = true;

  static std::string expected() {
    if constexpr (fixed) return sequence_expected(std::tuple_size_v<T>, sink_for<value_type>.expected());
    else return sequence_expected(0, sink_for<value_type>.expected());
  }
  static void begin_array(reader&, frame& f) {
    f.open = true;
    f.count = 0;
    if constexpr (!fixed) static_cast<T*>(f.target)->clear();
  }
  static void element(reader& r, frame& f) {
    T& sequence = *static_cast<T*>(f.target);
    std::size_t i = f.count++;
    if constexpr (fixed) {
      if (i < sequence.size()) r.push_index(sink_for<value_type>, &sequence[i], i);
      else r.push_index(reader::skip_sink, nullptr, i);
    } else if constexpr (std::is_same_v<value_type, bool>) {
      // vector<bool> has no addressable elements: read into a bool, then store it.
      r.push_index(vector_bool_element, &sequence, i);
      sequence.push_back(false);
    } else {
      r.push_index(sink_for<value_type>, &sequence.emplace_back(), i);
    }
  }
  static located child(void* target, path_key const& step) {
    T& sequence = *static_cast<T*>(target);
    if constexpr (std::is_same_v<value_type, bool>) {
      return {nullptr, nullptr, "a list of booleans can only be set whole"};
    } else {
      return sequence_child(sequence.data(), step, sequence.size(), sink_for<value_type>, sizeof(value_type));
    }
  }
  static bool end_array(reader& r, frame& f) {
    if constexpr (fixed) {
      if (f.count != std::tuple_size_v<T>) fail_array_size(r, std::tuple_size_v<T>, f.count);
    }
    return true;
  }
  static char const* read_direct(char const* p, direct_text const& t, std::size_t depth, void* target) {
    T& sequence = *static_cast<T*>(target);
    direct_after after = direct_open(p, t, depth, '[');
    if constexpr (!fixed) sequence.clear();
    std::size_t count = 0;
    for (; after.next == direct_next::item; ++count, after = direct_after_item(p, t, ']')) {
      if constexpr (fixed) {
        if (count == sequence.size()) return nullptr;
        p = sink_for<value_type>.read_direct(after.p, t, depth + 1, &sequence[count]);
      } else if constexpr (std::is_same_v<value_type, bool>) {
        bool element = false;
        p = direct_bool(after.p, t, element);
        sequence.push_back(element);
      } else {
        p = sink_for<value_type>.read_direct(after.p, t, depth + 1, &sequence.emplace_back());
      }
      if (!p) return nullptr;
    }
    if constexpr (fixed) return count == sequence.size() ? after.p : nullptr;
    else return after.p;
  }
  static void validate_elements(void const* target, validation& v) {
    T const& sequence = *static_cast<T const*>(target);
    for (std::size_t i = 0; i < sequence.size(); ++i) {
      auto const in = v.enter(i);
      sink_for<value_type>.validator(&sequence[i], v);
    }
  }
  static constexpr bool validates = needs_validation<value_type>();
  // Not instantiated for std::vector<bool>, whose elements have no address.
  static constexpr validate_fn validator = [] {
    if constexpr (validates) return &validate_elements;
    else return validate_fn{};
  }();

  struct bool_element : base_sink {
    static std::string expected() { return "true or false"; }
    static void scalar(reader& r, frame& f, scalar_event const& s) {
      if (s.kind == scalar_event::type::boolean) (*static_cast<T*>(f.target))[f.index] = s.boolean;
      else r.mismatch(f, describe(s));
    }
  };
  static constexpr sink vector_bool_element = make_sink<bool_element>();
};

template <class T> struct map_sink : base_sink {
  using mapped_type = typename T::mapped_type;
  static std::string expected() { return "an object (each value " + sink_for<mapped_type>.expected() + ")"; }
  static void begin_object(reader&, frame& f) {
    f.open = true;
    static_cast<T*>(f.target)->clear();
  }
  static void key(reader& r, frame& f, std::string_view k) {
    auto [it, inserted] = static_cast<T*>(f.target)->try_emplace(std::string(k));
    if (inserted) return void(r.push_named(sink_for<mapped_type>, &it->second, it->first));
    r.fail_at(r.depth(), std::string(duplicate_key) + "each key may appear once in an object", k);
    r.push(reader::skip_sink, nullptr);
  }
  static char const* read_direct(char const* p, direct_text const& t, std::size_t depth, void* target) {
    T& map = *static_cast<T*>(target);
    direct_after after = direct_open(p, t, depth, '{');
    map.clear();
    for (; after.next == direct_next::item; after = direct_after_item(p, t, '}')) {
      std::string_view key;
      if (!(p = direct_key(after.p, t, key))) return nullptr;
      auto [it, inserted] = map.try_emplace(std::string(key));
      if (!inserted || !(p = sink_for<mapped_type>.read_direct(p, t, depth + 1, &it->second))) return nullptr;
    }
    return after.p;
  }
  static located child(void* target, path_key const& step) {
    if (step.is_index) return {nullptr, nullptr, "a map has keys, not indices; write .key"};
    auto& entry = (*static_cast<T*>(target))[std::string(step.name)];
    return {&sink_for<mapped_type>, &entry, {}};
  }
  static bool erase_key(void* target, std::string_view key) {
    return static_cast<T*>(target)->erase(std::string(key)) != 0;
  }
  static constexpr bool (*erase)(void*, std::string_view) = &erase_key;
  static void validate_values(void const* target, validation& v) {
    for (auto const& [key, value] : *static_cast<T const*>(target)) {
      auto const in = v.enter(key);
      sink_for<mapped_type>.validator(&value, v);
    }
  }
  static constexpr bool validates = needs_validation<mapped_type>();
  static constexpr validate_fn validator = validates ? &validate_values : nullptr;
};

template <class T, class D> void* field_address(void* object) {
  return &(static_cast<T*>(object)->*D::pointer);
}


template <class T> struct record_sink : base_sink {
  static_assert(field_count<T> <= 64, "glasses: a config may have at most 64 fields, bases included");
  static_assert(!has_uncallable_validate<T>,
                "glasses: this config has a member function validate that glasses cannot call, so its rule "
                "would never run: a cross-field rule is `void validate(std::vector<glasses::issue>& problems) "
                "const`, const, appending a problem for each broken rule");

  template <class D> using field_type = std::remove_cvref_t<decltype(std::declval<T&>().*D::pointer)>;

  /// The constraints of member D's GLASSES_FIELDS entry (T's own or a base's) on its value,
  /// then the value's own checks.
  template <class D> static void validate_member(void const* value, validation& v) {
    using F = field_type<D>;
    entry_for<T, D>().parts.check(*static_cast<F const*>(value), v);
    if constexpr (needs_validation<F>()) sink_for<F>.validator(value, v);
  }

  // The fields, and whether any of them or a cross-field rule has something to check.
  static constexpr auto checked_fields = [] {
    struct {
      std::array<field_entry, field_count<T>> entries{};
      bool validates = has_cross_field_rules<T>;
    } out;
    std::size_t i = 0;
    boost::mp11::mp_for_each<described_fields<T>>([&](auto d) {
      using D = decltype(d);
      using F = field_type<D>;
      if constexpr (check_kind<F>()) {
        out.entries[i] = field_entry{D::name, &sink_for<F>, &field_address<T, D>, unset_test<F>(), sink_for<F>.validator};
        if constexpr (has_rules<T, D>()) {
          out.entries[i].validate = &validate_member<D>;
          out.validates = true;
        }
        out.validates = out.validates || needs_validation<F>();
        ++i;
      }
    });
    return out;
  }();
  static constexpr auto const& fields = checked_fields.entries;
  static constexpr record_info info{type_name<T>(), fields.data(), fields.size(), former_names_of<T>.data(),
                                    former_names_of<T>.size()};

  static std::string expected() { return record_expected(info.type); }
  static void begin_object(reader&, frame& f) {
    f.open = true;
    f.seen = 0;
  }
  static void key(reader& r, frame& f, std::string_view k) { record_key(r, f, k, info); }
  static char const* read_direct(char const* p, direct_text const& t, std::size_t depth, void* target) {
    return direct_members(p, t, depth, target, info, false);
  }
  static constexpr record_info const* record = &info;
  static bool end_object(reader& r, frame& f) { return record_end(r, f, info); }
  static located child(void* target, path_key const& step) { return record_child(target, step, info); }

  static void validate_record(void const* target, validation& v) {
    validate_fields(target, v, info);
    if constexpr (has_cross_field_rules<T>) {
      std::vector<issue> problems;
      static_cast<T const*>(target)->validate(problems);
      v.add_relative(problems);
    }
  }
  static constexpr bool validates = checked_fields.validates;
  static constexpr validate_fn validator = validates ? &validate_record : nullptr;
};

}  // namespace detail
}  // namespace glasses

#include <glasses/config/detail/typed_sink.hpp>

namespace glasses::detail {

template <class T> struct sink_of {
  static constexpr sink make() {
    constexpr kind k = kind_of<T>;
    if constexpr (k == kind::boolean) return make_sink<boolean_sink<T>>();
    else if constexpr (k == kind::integer) return make_sink<integer_sink<T>>();
    else if constexpr (k == kind::floating) return make_sink<floating_sink<T>>();
    else if constexpr (k == kind::string) return make_sink<string_sink<T>>();
    else if constexpr (k == kind::enumeration) return make_sink<enum_sink<T>>();
    else if constexpr (k == kind::optional || k == kind::required) return make_sink<wrapper_sink<T>>();
    else if constexpr (k == kind::sequence) return make_sink<sequence_sink<T>>();
    else if constexpr (k == kind::map) return make_sink<map_sink<T>>();
    else if constexpr (k == kind::record) return make_sink<record_sink<T>>();
    else if constexpr (k == kind::closed_union || k == kind::open_slot) return make_sink<typed_sink<T>>();
    else return check_kind<T>(), sink{};
  }
};

}  // namespace glasses::detail

#endif
