// The sink of closed unions (std::variant of configs) and slots (any_config): an object
// whose "type" names the concrete config, or a bare name.
#ifndef GLASSES_CONFIG_DETAIL_TYPED_SINK_HPP
#define GLASSES_CONFIG_DETAIL_TYPED_SINK_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/detail/direct_read.hpp>
#include <glasses/config/detail/reader.hpp>

#include <boost/mp11/algorithm.hpp>

#include <cstdint>
#include <string>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

namespace glasses::detail {

template <class T> struct variant_names {};
template <class... Cs> struct variant_names<std::variant<Cs...>> {
  static_assert(distinct_names<Cs...>(), "glasses: two alternatives of this std::variant are registered under one "
                                         "JSON name; give each its own in GLASSES_REGISTER_CONFIG");
  static std::vector<std::string_view> get() { return {config_name<Cs>()...}; }
};

/// Closed unions and open slots: an object whose "type" names the concrete config. Naming
/// the type already held keeps the held value, so that an object merges into it; naming
/// another starts from that type's defaults.
template <class T> struct typed_sink : base_sink {
  static constexpr bool is_slot = kind_of<T> == kind::open_slot;
  static constexpr bool chooses_type = true;
  static constexpr bool nullable = is_slot;

  static std::vector<std::string_view> names() {
    if constexpr (is_slot) return slot_names(typeid(typename T::glasses_slot_signature));
    else return variant_names<T>::get();
  }
  static std::string expected() {
    return std::string("an object with \"type\" set to one of ") + list_names(names()) +
           (is_slot ? " or null" : "");
  }
  static void scalar(reader& r, frame& f, scalar_event const& s) {
    if constexpr (is_slot) {
      if (s.kind == scalar_event::type::null) return static_cast<T*>(f.target)->reset();
    }
    // A bare name is that type with its defaults: `backbone=vit`, or "backbone": "vit".
    if (s.kind == scalar_event::type::string) return void(select(r, r.depth(), s.text));
    r.mismatch(f, describe(s));
  }
  static located child(void* target, path_key const& step) {
    if constexpr (is_slot) {
      T& slot = *static_cast<T*>(target);
      if (!slot.has_value())
        return {nullptr, nullptr, "the slot is empty; choose its type first, one of " + list_names(names())};
      return slot.ops()->record_sink->child(slot.get(), step);
    } else {
      return std::visit([&](auto& c) { return sink_for<std::remove_cvref_t<decltype(c)>>.child(&c, step); },
                        *static_cast<T*>(target));
    }
  }
  static void begin_object(reader&, frame& f) {
    f.open = true;
    f.count = 0;
  }
  static void key(reader& r, frame& f, std::string_view k) {
    if (k == "type") {
      f.type_seen = true;
      r.push_named(reader::type_name_sink, nullptr, "type");
      return;
    }
    if (r.choose_late(f, k)) return;
    // An object without "type" sets fields of the config held, as a file layered on another
    // does in Hydra; an empty slot holds none.
    if (!hold_current(f)) return r.mismatch(f, "an object without \"type\""), reader::skip(f, true);
    f.ops->key(r, f, k);
  }
  static bool end_object(reader& r, frame& f) {
    // {} sets nothing in the config held.
    if constexpr (is_slot)
      if (!static_cast<T*>(f.target)->has_value()) r.mismatch(f, "an object without \"type\"");
    return true;
  }
  /// The frame reads into the config held, as select() does into the one named; false for
  /// an empty slot.
  static bool hold_current(frame& f) {
    T& value = *static_cast<T*>(f.target);
    if constexpr (is_slot) {
      if (!value.has_value()) return false;
      f.ops = value.ops()->record_sink;
      f.target = value.get();
    } else {
      std::visit([&](auto& held) { f.target = &held, f.ops = &sink_for<std::remove_cvref_t<decltype(held)>>; }, value);
    }
    f.chosen = true;
    return true;
  }
  /// The registry is shared and locked; a document names the same few types again and again.
  static slot_entry const& lookup(std::string_view name) {
    thread_local struct {
      std::uint64_t generation = ~std::uint64_t{0};
      std::string name;
      slot_entry entry;
    } cache;
    std::uint64_t generation = registry_generation();
    if (cache.generation != generation || cache.name != name) {
      cache.entry = find_slot_entry(typeid(typename T::glasses_slot_signature), name);
      cache.name = name;
      cache.generation = generation;
    }
    return cache.entry;
  }
  static bool select(reader& r, std::size_t depth, std::string_view name) {
    frame& f = r.at(depth);
    if (name.empty()) {
      r.fail_at(depth, "\"type\" is empty; expected one of " + list_names(names()), "type");
      return false;
    }
    bool chosen = false;
    if constexpr (is_slot) chosen = select_slot(r, depth, *static_cast<T*>(f.target), name);
    else chosen = select_alternative(f, name);
    if (!chosen && !is_slot) fail_unknown_type(r, depth, name, names(), false);
    f.chosen = chosen;
    return chosen;
  }
  static bool select_slot(reader& r, std::size_t depth, T& slot, std::string_view name) {
    slot_entry const& entry = lookup(name);
    config_ops const* ops = entry.ops;
    if (!ops) return fail_unknown_type(r, depth, name, names(), true), false;
    if (!entry.build) {
      r.fail_at(depth,
                "type " + quoted(name) + " (" + std::string(ops->cpp_name) + ") does not fit this slot: its build() "
                "does not give " + std::string(type_name<typename T::glasses_slot_signature>()) +
                    "; types that fit: " + list_names(names()),
                "type");
      return false;
    }
    if (slot.type() != ops->type) slot.emplace_registered(entry);
    r.at(depth).target = slot.get();
    r.at(depth).ops = ops->record_sink;
    return true;
  }
  // The fast path: a bare name, or an object whose first key is "type".
  static char const* read_direct(char const* p, direct_text const& t, std::size_t depth, void* target) {
    T& value = *static_cast<T*>(target);
    std::string_view name;
    p = direct_space(p, t);
    switch (p != t.end ? *p : '\0') {
      case '"': return (p = direct_string(p, t, name)) && direct_select(value, name).first ? p : nullptr;
      case 'n':
        if constexpr (is_slot) return (p = direct_null(p, t)) ? (value.reset(), p) : nullptr;
        return nullptr;
      case '{': break;
      default: return nullptr;
    }
    direct_after const opened = direct_open(p, t, depth, '{');
    if (opened.next != direct_next::item || !(p = direct_expected_key(opened.p, t, "type")) ||
        !(p = direct_string(p, t, name)))
      return nullptr;
    auto [held, record] = direct_select(value, name);
    return held && record ? direct_members(p, t, depth, held, *record, true) : nullptr;
  }
  /// The value of the type named, held as select() holds it, and its fields; null when the
  /// name is not one the union takes.
  static std::pair<void*, record_info const*> direct_select(T& value, std::string_view name) {
    if (name.empty()) return {};
    if constexpr (is_slot) {
      slot_entry const& entry = lookup(name);
      if (!entry.ops || !entry.build || !entry.ops->record_sink->record) return {};
      if (value.type() != entry.ops->type) value.emplace_registered(entry);
      return {value.get(), entry.ops->record_sink->record};
    } else {
      auto [held, ops] = hold_alternative(value, name);
      return {held, ops ? ops->record : nullptr};
    }
  }
  static void validate_held(void const* target, validation& v) {
    if constexpr (is_slot) {
      T const& slot = *static_cast<T const*>(target);
      if (slot.has_value() && slot.ops()->record_sink->validator) slot.ops()->record_sink->validator(slot.get(), v);
    } else {
      std::visit(
          [&](auto const& config) {
            using C = std::remove_cvref_t<decltype(config)>;
            if constexpr (needs_validation<C>()) sink_for<C>.validator(&config, v);
          },
          *static_cast<T const*>(target));
    }
  }
  // A slot's held type is known at run time only.
  static constexpr bool validates = [] {
    if constexpr (is_slot) return true;
    else return []<class... Cs>(std::variant<Cs...>*) { return (... || needs_validation<Cs>()); }(static_cast<T*>(nullptr));
  }();
  static constexpr validate_fn validator = validates ? &validate_held : nullptr;

  static bool select_alternative(frame& f, std::string_view name) {
    auto [held, ops] = hold_alternative(*static_cast<T*>(f.target), name);
    if (!held) return false;
    f.target = held;
    f.ops = ops;
    return true;
  }
  /// The alternative named `name`, held: the one already held stays, another starts from its
  /// defaults. Null when no alternative has that name.
  static std::pair<void*, sink const*> hold_alternative(T& variant, std::string_view name) {
    std::pair<void*, sink const*> held{};
    boost::mp11::mp_for_each<boost::mp11::mp_iota<std::variant_size<T>>>([&](auto index) {
      using C = std::variant_alternative_t<decltype(index)::value, T>;
      if (held.first || config_name<C>() != name) return;
      held = {variant.index() == index ? &std::get<index>(variant) : &variant.template emplace<index>(), &sink_for<C>};
    });
    return held;
  }
};

}  // namespace glasses::detail

#endif
