// Compile-time probe: 10 configs described, printed, compared and round-tripped.
#include <glasses/config.hpp>

#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

namespace bench {
struct Config0 {
  std::vector<int> depths = {3, 4, 6, 0};
  std::string name = "config0";
  double rate = 0.01;
  bool flag = false;
  int64_t width = 64;
};
BOOST_DESCRIBE_STRUCT(Config0, (), (depths, name, rate, flag, width))

struct Config1 {
  std::vector<int> depths = {3, 4, 6, 1};
  std::string name = "config1";
  double rate = 0.11;
  bool flag = true;
  int64_t width = 65;
};
BOOST_DESCRIBE_STRUCT(Config1, (), (depths, name, rate, flag, width))

struct Config2 {
  std::vector<int> depths = {3, 4, 6, 2};
  std::string name = "config2";
  double rate = 0.21;
  bool flag = false;
  int64_t width = 66;
};
BOOST_DESCRIBE_STRUCT(Config2, (), (depths, name, rate, flag, width))

struct Config3 {
  std::vector<int> depths = {3, 4, 6, 3};
  std::string name = "config3";
  double rate = 0.31;
  bool flag = true;
  int64_t width = 67;
};
BOOST_DESCRIBE_STRUCT(Config3, (), (depths, name, rate, flag, width))

struct Config4 {
  std::vector<int> depths = {3, 4, 6, 4};
  std::string name = "config4";
  double rate = 0.41;
  bool flag = false;
  int64_t width = 68;
};
BOOST_DESCRIBE_STRUCT(Config4, (), (depths, name, rate, flag, width))

struct Config5 {
  std::vector<int> depths = {3, 4, 6, 5};
  std::string name = "config5";
  double rate = 0.51;
  bool flag = true;
  int64_t width = 69;
};
BOOST_DESCRIBE_STRUCT(Config5, (), (depths, name, rate, flag, width))

struct Config6 {
  std::vector<int> depths = {3, 4, 6, 6};
  std::string name = "config6";
  double rate = 0.61;
  bool flag = false;
  int64_t width = 70;
};
BOOST_DESCRIBE_STRUCT(Config6, (), (depths, name, rate, flag, width))

struct Config7 {
  std::vector<int> depths = {3, 4, 6, 7};
  std::string name = "config7";
  double rate = 0.71;
  bool flag = true;
  int64_t width = 71;
};
BOOST_DESCRIBE_STRUCT(Config7, (), (depths, name, rate, flag, width))

struct Config8 {
  std::vector<int> depths = {3, 4, 6, 8};
  std::string name = "config8";
  double rate = 0.81;
  bool flag = false;
  int64_t width = 72;
};
BOOST_DESCRIBE_STRUCT(Config8, (), (depths, name, rate, flag, width))

struct Config9 {
  std::vector<int> depths = {3, 4, 6, 9};
  std::string name = "config9";
  double rate = 0.91;
  bool flag = true;
  int64_t width = 73;
};
BOOST_DESCRIBE_STRUCT(Config9, (), (depths, name, rate, flag, width))
}  // namespace bench

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
