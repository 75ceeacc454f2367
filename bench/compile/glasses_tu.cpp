// Compile-time probe: 10 configs described, printed, compared and round-tripped.
#include <glasses/config.hpp>

#include "ten_configs.hpp"

#include <iostream>

int main() {
  bool ok = true;
  {
    bench::Config0 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config0>(glasses::dump(c)));
  }
  {
    bench::Config1 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config1>(glasses::dump(c)));
  }
  {
    bench::Config2 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config2>(glasses::dump(c)));
  }
  {
    bench::Config3 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config3>(glasses::dump(c)));
  }
  {
    bench::Config4 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config4>(glasses::dump(c)));
  }
  {
    bench::Config5 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config5>(glasses::dump(c)));
  }
  {
    bench::Config6 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config6>(glasses::dump(c)));
  }
  {
    bench::Config7 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config7>(glasses::dump(c)));
  }
  {
    bench::Config8 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config8>(glasses::dump(c)));
  }
  {
    bench::Config9 c;
    std::cout << glasses::to_string(c) << '\n';
    ok &= glasses::equal(c, glasses::parse<bench::Config9>(glasses::dump(c)));
  }
  return ok ? 0 : 1;
}
