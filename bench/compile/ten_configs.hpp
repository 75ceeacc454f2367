// The 10 configs of the compile-time probe, shared by all of its units.
#ifndef GLASSES_BENCH_TEN_CONFIGS_HPP
#define GLASSES_BENCH_TEN_CONFIGS_HPP

#include <boost/describe/class.hpp>

#include <cstdint>
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

/// Calls `f.template operator()<Config0, ..., Config9>()`: each round-trip unit instantiates
/// the same work for the 10 types.
template <class F> bool all_configs(F f) {
  return f.template operator()<Config0, Config1, Config2, Config3, Config4, Config5, Config6, Config7, Config8,
                               Config9>();
}
}  // namespace bench

#endif
