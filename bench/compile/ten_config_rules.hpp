// Docs and constraints for the 10 configs of the compile-time probe: round_trip_glasses.cpp
// built with -DGLASSES_BENCH_FIELD_RULES measures what field metadata costs.
#ifndef GLASSES_BENCH_TEN_CONFIG_RULES_HPP
#define GLASSES_BENCH_TEN_CONFIG_RULES_HPP

#include <glasses/config/fields.hpp>

#include "ten_configs.hpp"

namespace bench {

constexpr bool fits_int32(std::int64_t n) { return n <= 2147483647; }

// One entry a field, two constraints on most: the spelling a user writes, once per config.
#define GLASSES_BENCH_RULES(C)                                                                     \
  GLASSES_FIELDS(C, field(&C::depths, "blocks per stage", min_length(1), each(at_least(0))),       \
                 field(&C::name, "the run's name", not_empty(), matches("^[a-z0-9]+$")),            \
                 field(&C::rate, "a probability", at_least(0.0), less_than(1.0)),                  \
                 field(&C::flag, "whether to use it"),                                             \
                 field(&C::width, "channels", at_least(1), satisfies(fits_int32, "below 2^31"), former_name("channels")))

GLASSES_BENCH_RULES(Config0);
GLASSES_BENCH_RULES(Config1);
GLASSES_BENCH_RULES(Config2);
GLASSES_BENCH_RULES(Config3);
GLASSES_BENCH_RULES(Config4);
GLASSES_BENCH_RULES(Config5);
GLASSES_BENCH_RULES(Config6);
GLASSES_BENCH_RULES(Config7);
GLASSES_BENCH_RULES(Config8);
GLASSES_BENCH_RULES(Config9);

#undef GLASSES_BENCH_RULES

}  // namespace bench

#endif
