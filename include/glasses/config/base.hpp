// glasses without Boost.JSON's DOM: describe, register, print, compare for equality,
// fingerprint, read and write JSON and YAML text and files, override and validate configs.
// It compiles in a fraction of <glasses/config.hpp>'s time, because boost/json/value.hpp
// is most of that. For values as boost::json::value (to_json, from_json's argument,
// json_schema, diff, compare) include <glasses/config.hpp> or their own headers.
#ifndef GLASSES_CONFIG_BASE_HPP
#define GLASSES_CONFIG_BASE_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/equal.hpp>
#include <glasses/config/error.hpp>
#include <glasses/config/fields.hpp>
#include <glasses/config/file.hpp>
#include <glasses/config/fingerprint.hpp>
#include <glasses/config/json_read.hpp>
#include <glasses/config/json_write.hpp>
#include <glasses/config/kinds.hpp>
#include <glasses/config/load_options.hpp>
#include <glasses/config/overrides.hpp>
#include <glasses/config/print.hpp>
#include <glasses/config/register.hpp>
#include <glasses/config/required.hpp>
#include <glasses/config/validate.hpp>
#include <glasses/config/yaml.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#endif
