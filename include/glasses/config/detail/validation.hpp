// The context of a validation walk: where it stands and the problems found so far. The path
// is kept as steps on the stack and written only for a problem, so that a config with
// nothing wrong, the common case, writes no path at all.
#ifndef GLASSES_CONFIG_DETAIL_VALIDATION_HPP
#define GLASSES_CONFIG_DETAIL_VALIDATION_HPP

#include <glasses/config/error.hpp>

#include <boost/json/fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace glasses::detail {

class validation {
 public:
  explicit validation(std::vector<issue>& out) : out_(out) {}

  /// One step down, to a described field, a map's value or an element, for as long as it
  /// lives. Made only by the enter functions, in place.
  class descent {
   public:
    descent(descent const&) = delete;
    descent& operator=(descent const&) = delete;
    ~descent() { v_.at_ = step_.parent; }

   private:
    friend class validation;
    descent(validation& v, path_step step) : v_(v), step_(step) { v_.at_ = &step_; }
    validation& v_;
    path_step step_;
  };

  [[nodiscard]] descent enter_field(std::string_view name) { return {*this, {at_, path_step::place::field, name}}; }
  [[nodiscard]] descent enter(std::string_view key) { return {*this, {at_, path_step::place::key, key}}; }
  [[nodiscard]] descent enter(std::size_t index) { return {*this, {at_, path_step::place::index, {}, index}}; }

  /// A problem with the value at the current path.
  void fail(std::string message);
  /// Problems that a config's own validate() reported, with paths relative to it.
  void add_relative(std::vector<issue> const& problems);

  /// The path of the value that the i-th problem judged: its own for a field's rule, the
  /// config's for a rule between its fields, whose problem names one field but may have
  /// read any of them. A problem is dropped when a value within it failed to read.
  std::string const& judged(std::size_t i) const { return judged_[i]; }

 private:
  std::string path() const;

  path_step const* at_ = nullptr;
  std::vector<issue>& out_;
  std::vector<std::string> judged_;
};

/// Whether `pattern` (ECMAScript, as JSON Schema's) occurs in `text`; throws
/// std::regex_error for a bad pattern.
bool search_pattern(std::string_view pattern, std::string_view text);
/// The number of characters (code points) of UTF-8 text, as JSON Schema counts them.
std::size_t character_count(std::string_view text) noexcept;

/// Writes constraints into a field's JSON Schema (src/config/schema.cpp). It knows the
/// kind of value it describes, so that a size says minLength, minItems or minProperties.
class schema_form {
 public:
  enum class shape : unsigned char { string, array, object, floating, other };
  schema_form(boost::json::object& schema, shape s) : schema_(schema), shape_(s) {}

  void number(std::string_view keyword, std::int64_t bound);
  void number(std::string_view keyword, std::uint64_t bound);
  void number(std::string_view keyword, double bound);
  void min_size(std::uint64_t size);
  void max_size(std::uint64_t size);
  void choices(std::string_view const* names, std::size_t count);
  void pattern(std::string_view pattern);
  /// A slot's schema without its null alternative.
  void not_null();
  /// The schema of each element (`items`) or map value (`additionalProperties`).
  boost::json::object& elements();
  /// The non-null alternative of the schema of a value that may also be null.
  static boost::json::object& non_null(boost::json::object& schema);

 private:
  void bound(std::string_view keyword, boost::json::value bound);

  boost::json::object& schema_;
  shape shape_;
};

}  // namespace glasses::detail

#endif
