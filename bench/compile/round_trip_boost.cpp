// Compile-time probe, Boost.JSON's own conversion of described structs (value_from and
// value_to): the same round trip as round_trip_glasses.cpp.
#include <boost/json.hpp>

#include "ten_configs.hpp"

template <class C> bool round_trips() {
  std::string const text = boost::json::serialize(boost::json::value_from(C{}));
  return boost::json::serialize(boost::json::value_from(boost::json::value_to<C>(boost::json::parse(text)))) == text;
}

int main() { return bench::all_configs([]<class... Cs>() { return (round_trips<Cs>() && ...); }) ? 0 : 1; }
