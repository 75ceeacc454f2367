// Must not compile: a former name that another field has now, so that the key "batch" would
// mean two fields (see test/CMakeLists.txt).
#include <glasses/config.hpp>

namespace test {
struct Train {
  int batch_size = 32;
  int batch = 4;
};
BOOST_DESCRIBE_STRUCT(Train, (), (batch_size, batch))
GLASSES_FIELDS(Train, field(&Train::batch_size, "examples a step", former_name("batch")));
}  // namespace test

int main() { return glasses::equal(test::Train{}, test::Train{}) ? 0 : 1; }
