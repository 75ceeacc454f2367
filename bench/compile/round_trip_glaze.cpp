// Compile-time probe, glaze 5.5 (C++23, reflection of aggregates): the same round trip as
// round_trip_glasses.cpp. Its headers are a peer outside the project (GLAZE_INCLUDE).
#include <glaze/glaze.hpp>

#include "ten_configs.hpp"

template <class C> bool round_trips() {
  std::string text, again;
  C back{};
  return !glz::write_json(C{}, text) && !glz::read_json(back, text) && !glz::write_json(back, again) && again == text;
}

int main() { return bench::all_configs([]<class... Cs>() { return (round_trips<Cs>() && ...); }) ? 0 : 1; }
