// The zoo's parts of the glasses command: what the app layer's tool does not know, because
// it needs LibTorch. main.cpp hands them to glasses::tool.
#ifndef GLASSES_CLI_COMMAND_HPP
#define GLASSES_CLI_COMMAND_HPP

#include <glasses/models.hpp>
#include <glasses/tool.hpp>

namespace glasses::cli {

using models::ImageClassifierConfig;

// model_commands.cpp: build the model.
tool_command<ImageClassifierConfig> build_command();
tool_command<ImageClassifierConfig> keys_command();

}  // namespace glasses::cli

#endif
