// What the checkpoint tests share: a small ResNet classifier, and a folder of their own
// that is removed after each test.
#ifndef GLASSES_TEST_NN_CHECKPOINT_FILES_HPP
#define GLASSES_TEST_NN_CHECKPOINT_FILES_HPP

#include <glasses/models.hpp>

#include <filesystem>
#include <string>
#include <unistd.h>

namespace checkpoint_files {

inline glasses::models::ImageClassifierConfig small_resnet() {
  return glasses::parse<glasses::models::ImageClassifierConfig>(
      R"({"backbone":{"type":"resnet","block":"basic","depths":[1,1],"widths":[8,16],"stem_width":8},"num_classes":5})");
}

/// A fresh folder under the temporary directory, named for the test file and the process.
struct folder {
  std::filesystem::path path;
  explicit folder(std::string const& suite)
      : path(std::filesystem::temp_directory_path() / ("glasses-" + suite + "-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path);
  }
  ~folder() { std::filesystem::remove_all(path); }
  folder(folder const&) = delete;
  folder& operator=(folder const&) = delete;
  std::string file(char const* name) const { return (path / name).string(); }
};

}  // namespace checkpoint_files

#endif
