#include "standard_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

namespace glasses::app_detail {

std::string program_name(int argc, char** argv, char const* otherwise) {
  return argc > 0 && argv[0] ? std::filesystem::path(argv[0]).filename().string() : otherwise;
}

int flushed(std::string const& program, int code) {
  errno = 0;
  bool const written = std::cout.flush() && std::fflush(stdout) == 0 && !std::ferror(stdout);
  if (written) return code;
  int const error = errno;  // the reason, if the failed write was this flush's
  std::cerr << program << ": could not write to standard output"
            << (error ? std::string(": ") + std::strerror(error) : std::string()) << "; what it printed is incomplete"
            << " (a full disk, or a pipe closed early?)\n";
  return 2;
}

}  // namespace glasses::app_detail
