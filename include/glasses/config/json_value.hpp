// Configs as boost::json::value, for code that works on the DOM: to_json here, from_json in
// json_read.hpp. This is the header that brings in Boost.JSON's value.
#ifndef GLASSES_CONFIG_JSON_VALUE_HPP
#define GLASSES_CONFIG_JSON_VALUE_HPP

#include <glasses/config/json_read.hpp>
#include <glasses/config/json_write.hpp>

#include <boost/json/value.hpp>

#include <utility>

namespace glasses {

/// The config as a boost::json::value. Throws config_error as dump does for a value that
/// could not be read back.
template <class T> boost::json::value to_json(T const& config) {
  detail::json_value_writer w;
  detail::write_json(w, config);
  return w.take();
}

}  // namespace glasses

#endif
