#include <glasses/config.hpp>
#include <glasses/config/iostream.hpp>

#include <iostream>

struct ConsumerBackbone {
  int width = 4;
  int build() const { return width; }
};
BOOST_DESCRIBE_STRUCT(ConsumerBackbone, (), (width))
GLASSES_REGISTER_CONFIG(ConsumerBackbone, "consumer_backbone");

struct ConsumerConfig {
  int epochs = 3;
  glasses::any_config<int> backbone = ConsumerBackbone{};
};
BOOST_DESCRIBE_STRUCT(ConsumerConfig, (), (epochs, backbone))

int main() {
  auto config = glasses::parse<ConsumerConfig>(glasses::dump(ConsumerConfig{}));
  std::cout << "consumer: " << config << '\n';
  return config.backbone.build() == 4 ? 0 : 1;
}
