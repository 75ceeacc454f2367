// The writer behind to_json, and behind the paths of the values that dump refuses.
#ifndef GLASSES_CONFIG_DETAIL_VALUE_WRITER_HPP
#define GLASSES_CONFIG_DETAIL_VALUE_WRITER_HPP

#include <glasses/config/detail/text_writer.hpp>

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace glasses::detail {

/// A double as JSON: a number, or the string "inf", "-inf" or "nan", as in text.
boost::json::value json_number(double d);
/// The double that the shortest text of `f` reads as: 0.1f is 0.1 in the DOM too, not
/// 0.10000000149011612, so that dump(to_json(c)) is dump(c), and a schema's default or a
/// diff's value is the value as written. It reads back as `f`.
double as_written(float f) noexcept;
/// Why `text`, which is not UTF-8, cannot be written: `what` is "the string" or "the key".
std::string cannot_write_not_utf8(std::string_view what, std::string_view text);

/// Builds a boost::json::value with the same structure as the text writer, through the
/// same calls. Its work is out of line (src/config/json_value.cpp), so that writing text
/// needs no DOM header. It keeps its place itself: its cursor is empty.
class json_value_writer {
 public:
  struct cursor {};

  json_value_writer();
  ~json_value_writer();
  json_value_writer(json_value_writer const&) = delete;
  json_value_writer& operator=(json_value_writer const&) = delete;

  boost::json::value& result();
  /// The value written, moved out; throws config_error as dump does for a value that JSON
  /// cannot carry.
  boost::json::value take();
  /// Throws the config_error for each value that JSON cannot carry, with its path: text
  /// that is not UTF-8, and each value refused. Such a config is never written.
  [[noreturn]] void throw_refused();

  cursor start() const noexcept { return {}; }
  cursor begin_object(cursor, lead before);
  cursor end_object(cursor, bool empty);
  cursor begin_array(cursor, lead before, bool scalars);
  cursor end_array(cursor, bool empty);
  cursor key(cursor, lead before, std::string_view name);
  cursor null(cursor, lead before);
  cursor boolean(cursor, lead before, bool b);
  cursor integer(cursor, lead before, std::int64_t i);
  cursor unsigned_integer(cursor, lead before, std::uint64_t u);
  cursor floating(cursor, lead before, double d);
  cursor floating(cursor, lead before, float f);
  cursor string(cursor, lead before, std::string_view s);
  /// Writes null in the value's place, and keeps `problem` with the value's path.
  cursor refuse(cursor, lead before, std::string problem);

 private:
  struct state;
  // The state lives in the writer, constructed there by the source file that knows its
  // type: a diff makes two writers a change, and allocating each state was most of its cost.
  alignas(8) unsigned char storage_[104];
  state& self() noexcept;
  state const& self() const noexcept;
};

}  // namespace glasses::detail

#endif
