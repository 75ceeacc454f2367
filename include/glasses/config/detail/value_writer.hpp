// The writer behind to_json, and behind the paths of dump's UTF-8 errors.
#ifndef GLASSES_CONFIG_DETAIL_VALUE_WRITER_HPP
#define GLASSES_CONFIG_DETAIL_VALUE_WRITER_HPP

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string_view>

namespace glasses::detail {

/// A double as JSON: a number, or the string "inf", "-inf" or "nan", as in text.
boost::json::value json_number(double d);

/// Builds a boost::json::value with the same structure as the text writer. Its work is out
/// of line (src/config/json_value.cpp), so that writing text needs no DOM header.
class json_value_writer {
 public:
  json_value_writer();
  ~json_value_writer();
  json_value_writer(json_value_writer const&) = delete;
  json_value_writer& operator=(json_value_writer const&) = delete;

  boost::json::value& result();
  bool wrote_invalid_utf8() const;
  /// The value written, moved out; throws config_error as dump does for text that is not UTF-8.
  boost::json::value take();

  void begin_object();
  void end_object();
  void begin_array(bool scalars);
  void end_array();
  void key(std::string_view name);
  void field(std::string_view name);
  void null();
  void boolean(bool b);
  void integer(std::int64_t i);
  void unsigned_integer(std::uint64_t u);
  void floating(double d);
  void floating(float f);
  void string(std::string_view s);

 private:
  struct state;
  // The state lives in the writer, constructed there by the source file that knows its
  // type: a diff makes two writers a change, and allocating each state was most of its cost.
  alignas(8) unsigned char storage_[80];
  state& self() noexcept;
  state const& self() const noexcept;
};

}  // namespace glasses::detail

#endif
