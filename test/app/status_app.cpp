// A glasses::app whose job returns the status its config names, or $STATUS_APP_FAIL when
// set: what the app makes of statuses that a process cannot pass on (256, -1), and of a
// failed rerun in a folder that an earlier run left done.
#include <glasses/app.hpp>
#include <glasses/config.hpp>

#include <cstdlib>
#include <string>

struct StatusConfig {
  int status = 0;
  std::string tag = "a";
};
BOOST_DESCRIBE_STRUCT(StatusConfig, (), (status, tag))

int main(int argc, char** argv) {
  return glasses::app<StatusConfig>(argc, argv, [](StatusConfig const& config, glasses::run_info const&) {
    char const* fail = std::getenv("STATUS_APP_FAIL");
    return fail ? std::stoi(fail) : config.status;
  });
}
