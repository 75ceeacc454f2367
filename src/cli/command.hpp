// The zoo's parts of the glasses command: what the app layer's tool does not know, because
// it needs LibTorch. main.cpp hands them to glasses::tool.
#ifndef GLASSES_CLI_COMMAND_HPP
#define GLASSES_CLI_COMMAND_HPP

#include <glasses/models.hpp>
#include <glasses/tool.hpp>

#include <string>

namespace glasses::cli {

using models::ImageClassifierConfig;

// model_commands.cpp: build the model.
tool_command<ImageClassifierConfig> build_command();
tool_command<ImageClassifierConfig> keys_command();
/// In a handler: rethrows the exception, or, when LibTorch's allocator or operator new
/// refused memory, a usage_error that says `what` ("building the model of run.json") ran
/// out of memory, and what to make smaller.
[[noreturn]] void rethrow_out_of_memory(std::string const& what);

}  // namespace glasses::cli

#endif
