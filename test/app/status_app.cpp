// A glasses::app whose job returns the status its config names, or $STATUS_APP_FAIL when
// set: what the app makes of statuses that a process cannot pass on (256, -1), and of a
// failed rerun in a folder that an earlier run left done. `status_app tool ...` is its
// glasses::tool, which compares the runs the app left.
#include <glasses/app.hpp>
#include <glasses/config.hpp>
#include <glasses/tool.hpp>

#include <cstdlib>
#include <string>
#include <string_view>

struct StatusConfig {
  int status = 0;
  std::string tag = "a";
};
BOOST_DESCRIBE_STRUCT(StatusConfig, (), (status, tag))

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "tool") return glasses::tool<StatusConfig>(argc - 1, argv + 1);
  return glasses::app<StatusConfig>(argc, argv, [](StatusConfig const& config, glasses::run_info const&) {
    char const* fail = std::getenv("STATUS_APP_FAIL");
    return fail ? std::stoi(fail) : config.status;
  });
}
