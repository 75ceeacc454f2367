// glasses: configs as code. The torch-free core: include this to describe, print,
// compare, serialize and load configs. It never includes a LibTorch header. Each feature
// has its own header under glasses/config/ for units that want less; `std::cout << cfg`
// is opt-in with glasses/config/iostream.hpp.
#ifndef GLASSES_CONFIG_HPP
#define GLASSES_CONFIG_HPP

#include <glasses/config/any_config.hpp>
#include <glasses/config/compare.hpp>
#include <glasses/config/diff.hpp>
#include <glasses/config/equal.hpp>
#include <glasses/config/error.hpp>
#include <glasses/config/fields.hpp>
#include <glasses/config/file.hpp>
#include <glasses/config/fingerprint.hpp>
#include <glasses/config/json_read.hpp>
#include <glasses/config/json_value.hpp>
#include <glasses/config/json_write.hpp>
#include <glasses/config/kinds.hpp>
#include <glasses/config/load_options.hpp>
#include <glasses/config/overrides.hpp>
#include <glasses/config/print.hpp>
#include <glasses/config/register.hpp>
#include <glasses/config/required.hpp>
#include <glasses/config/schema.hpp>
#include <glasses/config/validate.hpp>
#include <glasses/config/yaml.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#endif
