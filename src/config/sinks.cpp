// The out-of-line work of the sinks (detail/sinks.hpp): records' keys and fields, sequence
// steps, and the messages of scalar sinks, so that each config type adds little code.
#include <glasses/config/detail/reader.hpp>
#include <glasses/config/detail/sinks.hpp>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <span>
#include <system_error>

namespace glasses::detail {
namespace {

std::string format_double(double d) {
  char buffer[32];
  return std::string(buffer, std::to_chars(buffer, buffer + sizeof buffer, d).ptr);
}

}  // namespace

namespace {

// A number as the input wrote it, shortened when it is too long to read in a message.
std::string literal(std::string_view text) {
  constexpr std::size_t limit = 40;
  if (text.size() <= limit) return std::string(text);
  return std::string(text.substr(0, limit / 2)) + "... (a number of " + std::to_string(text.size()) + " characters)";
}

}  // namespace

std::string describe(scalar_event const& s) {
  switch (s.kind) {
    case scalar_event::type::null: return "null";
    case scalar_event::type::boolean: return s.boolean ? "true" : "false";
    case scalar_event::type::int64: return s.text.empty() ? std::to_string(s.int64) : literal(s.text);
    case scalar_event::type::uint64: return s.text.empty() ? std::to_string(s.uint64) : literal(s.text);
    case scalar_event::type::floating:
      if (s.text.empty()) return format_double(s.floating);
      // Digits that an integer holds read as a float only by YAML's tag, which the message would hide.
      if (s.text.find_first_not_of("+-0123456789") == std::string_view::npos) {
        std::int64_t whole = 0;
        char const* const end = s.text.data() + s.text.size();
        auto const read = std::from_chars(s.text.data() + (s.text[0] == '+'), end, whole);
        if (read.ec == std::errc{} && read.ptr == end) return literal(s.text) + ", a float by its !!float tag";
      }
      return literal(s.text);
    case scalar_event::type::string: return "the string " + quoted(s.text);
  }
  return {};
}

namespace {

// The field that had `key` as a former name: its position, with `former` set to the
// stored name (which outlives any frame); record.size when there is none.
std::size_t find_former_name(record_info const& record, std::string_view key, std::string_view& former) {
  for (std::size_t i = 0; i < record.former_count; ++i)
    if (record.formers[i].name == key) {
      former = record.formers[i].name;
      return record.formers[i].member;
    }
  return record.size;
}

std::vector<std::string_view> former_names(record_info const& record, std::size_t member) {
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < record.former_count; ++i)
    if (record.formers[i].member == member) names.push_back(record.formers[i].name);
  return names;
}

}  // namespace

void record_key(reader& r, frame& f, std::string_view key, record_info const& record) {
  // A union's own "type" key, where it came after the first member.
  if (f.chosen && key == "type") {
    if (f.type_seen) r.fail_at(r.depth(), std::string(duplicate_key) + "each key may appear once in an object", key);
    f.type_seen = true;
    return void(r.push(reader::skip_sink, nullptr));
  }
  // Keys mostly come in declaration order, as glasses writes them: the field after the
  // last one seen is tried first.
  std::size_t i = static_cast<std::size_t>(std::bit_width(f.seen));
  if (i >= record.size || record.fields[i].name != key)
    for (i = 0; i < record.size && record.fields[i].name != key;) ++i;
  std::string_view former;  // the key, when it is a field's former name
  if (i == record.size) i = find_former_name(record, key, former);
  std::uint64_t const bit = std::uint64_t{1} << (i % 64);
  if (i == record.size) {
    std::vector<std::string_view> names;
    for (std::size_t j = 0; j < record.size; ++j) names.push_back(record.fields[j].name);
    std::string message = "unknown key in " + std::string(record.type);
    std::string hint = did_you_mean(key, names);
    std::string_view const first_step = key.substr(0, key.find('.'));
    auto const nests = [&] {
      for (std::size_t j = 0; j < record.size; ++j)
        if (record.fields[j].name == first_step) return record.fields[j].ops->record != nullptr;
      return false;
    };
    // What a Hydra or OmegaConf file writes that a config reads otherwise.
    if (first_step.size() < key.size() && nests())
      message += "; a key with a dot is one key, not a path: nest it, " + quoted(first_step) + ": {" +
                 quoted(key.substr(first_step.size() + 1)) + ": ...}";
    else if (key == "<<")
      message += "; YAML's merge key << is not read: write the keys themselves, or an alias (*name) for the "
                 "whole value";
    else if (!hint.empty()) message += hint;
    else if (names.empty()) message += "; it has no fields, so {} is all it reads";
    else message += "; its keys are " + list_names(names);
    if (r.options().allow_unknown_keys) r.warn_at(r.depth(), std::move(message), key);
    else r.fail_at(r.depth(), std::move(message), key);
  } else if (f.seen & bit) {
    field_entry const& field = record.fields[i];
    std::vector<std::string_view> formers = former_names(record, i);
    if (formers.empty()) {
      r.fail_at(r.depth(), std::string(duplicate_key) + "each key may appear once in an object", key);
    } else if (former.empty()) {
      r.fail_at(r.depth(),
                std::string(duplicate_key) + "this object sets " + quoted(field.name) + " already (by that name, or " +
                    (formers.size() > 1 ? "its former names " : "its former name ") + list_names(formers) +
                    ", which name the same field); keep one of them",
                key);
    } else {
      // The field's bit says it was set, not under which of its names.
      r.fail_at(r.depth(),
                std::string(duplicate_key) + "this object sets " + quoted(field.name) + " already, by that name or its former name" +
                    (formers.size() > 1 ? "s " : " ") + list_names(formers) +
                    ", which are one field; keep one of them, named " + quoted(field.name),
                key);
    }
  } else {
    f.seen |= bit;
    field_entry const& field = record.fields[i];
    if (!former.empty())
      r.warn_at(r.depth(), quoted(former) + " is the former name of " + quoted(field.name) +
                               "; it is read as " + quoted(field.name) + ", which is what glasses writes", key);
    // The path of what is inside says the key as the document wrote it.
    r.push_named(*field.ops, field.address(f.target), former.empty() ? field.name : former);
    return;
  }
  r.push(reader::skip_sink, nullptr);
}

namespace {

template <class T> void read_floating_as(reader& r, frame& f, scalar_event const& s, T& out) {
  auto const out_of_range = [&] { fail_float_range(r, s, sizeof(T) == sizeof(float)); };
  using type = scalar_event::type;
  bool const number = s.kind == type::int64 || s.kind == type::uint64 || s.kind == type::floating;
  if (number && s.text.empty()) {  // from a boost::json::value: no literal to read again
    if (s.kind == type::int64) {
      out = static_cast<T>(s.int64);
    } else if (s.kind == type::uint64) {
      out = static_cast<T>(s.uint64);
    } else {
      // Too large when it rounds past T's largest: from halfway to the next power of two up.
      // A double just above FLT_MAX rounds down to it, as the same literal read as text does.
      constexpr double limit = sizeof(T) == sizeof(float) ? 0x1.ffffffp127 : std::numeric_limits<double>::infinity();
      if (std::isfinite(s.floating) && std::abs(s.floating) >= limit) return out_of_range();
      T const value = static_cast<T>(s.floating);
      if (value == 0 && s.floating != 0) return out_of_range();
      out = value;
    }
  } else if (number) {
    // Boost.JSON 1.81 may be off by one ulp, and reads -0 as the integer 0: the literal
    // is converted again, exactly.
    auto [end, ec] = std::from_chars(s.text.data(), s.text.data() + s.text.size(), out);
    if (ec == std::errc::result_out_of_range) out_of_range();
    else if (ec != std::errc() || end != s.text.data() + s.text.size()) r.mismatch(f, describe(s));
  } else if (double special; s.kind == type::string && read_special_float(s.text, special)) {
    out = static_cast<T>(special);
  } else {
    r.mismatch(f, describe(s));
  }
}

}  // namespace

void read_floating(reader& r, frame& f, scalar_event const& s, float& out) { read_floating_as(r, f, s, out); }
void read_floating(reader& r, frame& f, scalar_event const& s, double& out) { read_floating_as(r, f, s, out); }

void validate_fields(void const* target, validation& v, record_info const& record) {
  // The address of a field is the same computation for a const record: nothing is written.
  void* const record_address = const_cast<void*>(target);
  for (field_entry const& field : std::span(record.fields, record.size)) {
    if (field.validate == nullptr) continue;
    auto const in = v.enter_field(field.name);
    field.validate(field.address(record_address), v);
  }
}

std::string_view field_named(record_info const& record, std::string_view key) {
  for (std::size_t i = 0; i < record.size; ++i)
    if (record.fields[i].name == key) return record.fields[i].name;
  std::string_view former;
  std::size_t const i = find_former_name(record, key, former);
  return i < record.size ? record.fields[i].name : std::string_view();
}

located record_child(void* target, path_key const& step, record_info const& record) {
  if (step.is_index) return {nullptr, nullptr, std::string(record.type) + " has fields, not elements; write .field"};
  std::vector<std::string_view> names;
  for (std::size_t i = 0; i < record.size; ++i) {
    if (record.fields[i].name == step.name) return {record.fields[i].ops, record.fields[i].address(target), {}};
    names.push_back(record.fields[i].name);
  }
  // Scripts written for an earlier version keep working.
  std::string_view former;
  if (std::size_t i = find_former_name(record, step.name, former); i < record.size)
    return {record.fields[i].ops, record.fields[i].address(target), {}, record.fields[i].name};
  std::string hint = did_you_mean(step.name, names);
  return {nullptr, nullptr,
          "no field \"" + std::string(step.name) + "\" in " + std::string(record.type) +
              (!hint.empty() ? hint : names.empty() ? "; it has no fields" : "; its fields are " + list_names(names))};
}

located sequence_child(void* element, path_key const& step, std::size_t size, sink const& element_ops,
                       std::size_t element_size) {
  if (!step.is_index) return {nullptr, nullptr, "a list has elements, not fields; write [index]"};
  if (step.index >= size)
    return {nullptr, nullptr,
            "index " + std::to_string(step.index) + " is out of range; the list has " + std::to_string(size) +
                (size == 1 ? " element" : " elements")};
  return {&element_ops, static_cast<char*>(element) + step.index * element_size, {}};
}

bool record_end(reader& r, frame& f, record_info const& record) {
  // A key left out keeps the value held, which an earlier layer may have set.
  for (std::size_t i = 0; i < record.size; ++i) {
    field_entry const& field = record.fields[i];
    if (field.unset && !(f.seen & (std::uint64_t{1} << i)) && field.unset(field.address(f.target)))
      r.fail_at(r.depth(), std::string(missing_required_message), field.name);
  }
  return true;
}

void fail_unknown_type(reader& r, std::size_t depth, std::string_view name, std::vector<std::string_view> const& names,
                       bool is_slot) {
  std::string message = "unknown type " + quoted(name);
  if (names.empty()) {
    message += "; no config that fits this slot is registered yet";
  } else {
    std::string hint = did_you_mean(name, names);
    message += "; expected one of " + list_names(names) + hint;
    if (!is_slot || !hint.empty()) return r.fail_at(depth, std::move(message), "type");
  }
  // Registrations run while the program starts, one file at a time: a name can be missing
  // because its file never ran its registration, or has not yet.
  message += ". If " + quoted(name) +
             " is registered with GLASSES_REGISTER_CONFIG, check that its file is linked into the program (a "
             "static library leaves out object files that nothing refers to) and that this load does not run "
             "from a global's constructor, before that file's registrations";
  r.fail_at(depth, std::move(message), "type");
}

std::string record_expected(std::string_view type) { return "an object (" + std::string(type) + ")"; }

bool integer_beyond_64_bits(std::string_view literal) noexcept {
  std::string_view digits = literal;
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) return false;
  char const* const end = literal.data() + literal.size();
  if (literal.front() == '-') {  // below int64_t's least, which no unsigned type reaches either
    std::int64_t value = 0;
    return std::from_chars(literal.data(), end, value).ec == std::errc::result_out_of_range;
  }
  std::uint64_t value = 0;
  return std::from_chars(digits.data(), end, value).ec == std::errc::result_out_of_range;
}

void fail_integer_range(reader& r, scalar_event const& s, bool is_signed, std::size_t bytes, std::int64_t low,
                        std::uint64_t high) {
  // int8_t rather than signed char: the name says the range.
  std::string type = (is_signed ? "int" : "uint") + std::to_string(8 * bytes) + "_t";
  r.fail("expected an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "] (" + type + "), got " +
         describe(s));
}

namespace {

// Whether a number literal out of a type's range is out because it is tiny rather than
// huge: its first significant digit comes after the decimal point.
bool literal_is_tiny(std::string_view literal) {
  std::size_t mantissa_end = literal.find_first_of("eE");
  std::string_view mantissa = literal.substr(0, mantissa_end);
  long long exponent = 0;
  if (mantissa_end != std::string_view::npos) {
    std::string_view digits = literal.substr(mantissa_end + 1);
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), exponent);
    if (ec == std::errc::result_out_of_range) return digits.front() == '-';
  }
  std::size_t point = mantissa.find('.');
  std::size_t first = mantissa.find_first_of("123456789");
  if (first == std::string_view::npos) return true;
  long long integer_digits = static_cast<long long>(point == std::string_view::npos ? mantissa.size() : point);
  long long position = static_cast<long long>(first);
  // The power of ten of the first significant digit, before the exponent.
  long long magnitude = position < integer_digits ? integer_digits - position - 1 : integer_digits - position;
  return magnitude + exponent < 0;
}

}  // namespace

void fail_float_range(reader& r, scalar_event const& s, bool is_float) {
  std::string type = is_float ? "float" : "double";
  bool const tiny = s.text.empty() ? std::abs(s.floating) < 1 : literal_is_tiny(s.text);
  if (tiny)
    return r.fail("expected a number within the range of " + type + ", got " + describe(s) +
                  ", which is closer to zero than the smallest " + type + " (" +
                  (is_float ? "1.4e-45" : "4.9e-324") + "); write 0 if zero is meant" +
                  (is_float ? ", or make the field a double" : ""));
  r.fail("expected a number within the range of " + type + ", got " + describe(s) +
         "; write \"inf\" or \"-inf\" for infinities");
}

void fail_array_size(reader& r, std::size_t expected, std::size_t found) {
  r.fail("expected an array of " + std::to_string(expected) + " elements, got " + std::to_string(found));
}

std::string sequence_expected(std::size_t fixed_size, std::string element) {
  std::string size = fixed_size ? std::to_string(fixed_size) + " " : "";
  return "an array of " + size + "elements (each " + element + ")";
}

}  // namespace glasses::detail
