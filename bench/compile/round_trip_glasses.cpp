// Compile-time probe, glasses: the 10 configs written to JSON text, read back and written
// again, as round_trip_boost.cpp and round_trip_glaze.cpp do with their libraries.
#include <glasses/config/json_read.hpp>
#include <glasses/config/json_write.hpp>

#include "ten_configs.hpp"
#ifdef GLASSES_BENCH_FIELD_RULES
#include "ten_config_rules.hpp"
#endif

template <class C> bool round_trips() {
  std::string const text = glasses::dump(C{});
  return glasses::dump(glasses::parse<C>(text)) == text;
}

int main() { return bench::all_configs([]<class... Cs>() { return (round_trips<Cs>() && ...); }) ? 0 : 1; }
