// What the app and the tool share about their process: the program's name for messages,
// and standard output checked once the command is done.
#ifndef GLASSES_SRC_APP_STANDARD_OUTPUT_HPP
#define GLASSES_SRC_APP_STANDARD_OUTPUT_HPP

#include <string>

namespace glasses::app_detail {

/// argv[0]'s file name, or `otherwise` when there is none.
std::string program_name(int argc, char** argv, char const* otherwise);

/// `code`, once standard output is flushed; if anything written to it was lost (a full disk,
/// a closed pipe, /dev/full), says so on stderr and returns 2. Without this, `glasses set ...
/// > run.json` on a full disk left an empty file and exited 0.
int flushed(std::string const& program, int code);

}  // namespace glasses::app_detail

#endif
