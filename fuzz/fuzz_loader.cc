// libFuzzer target: bytes -> the located YAML tree (the loader, with its
// limits, UTF-8 and duplicate-key checks). Any crash, leak, hang or
// sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "source/diagnostic.h"
#include "source/file_system.h"
#include "yaml/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  stagegate::MemoryFileSystem fs;
  fs.AddFile("/a.yaml", std::string(reinterpret_cast<const char*>(data), size));
  stagegate::Diagnostics diags;
  stagegate::LoadedConfig config = stagegate::Load(fs, {"/a.yaml"}, stagegate::LoadLimits{}, diags);
  diags.Sort();
  return 0;
}
