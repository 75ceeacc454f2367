// The one described config that the header-cost units include their header for.
struct One {
  int a = 1;
  double b = 2;
  std::string c;
};
BOOST_DESCRIBE_STRUCT(One, (), (a, b, c))
