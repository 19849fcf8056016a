// Test fixtures every stage test shares: a configuration from inline YAML,
// loaded through the in-memory file system the way the CLI loads a directory
// (read as ".", so display paths are the file names), and findings as their
// exact headlines ("a.yaml:3:7: error: ... [code]").
#ifndef STAGEGATE_TESTS_STAGE_SUPPORT_H_
#define STAGEGATE_TESTS_STAGE_SUPPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "source/headline.h"
#include "source/file_system.h"
#include "yaml/loader.h"

namespace stagegate::testing {

// (file name, text) pairs.
using Files = std::vector<std::pair<std::string, std::string>>;

// `files` in an in-memory file system: at the root, or in `directory` (an
// absolute path such as "/cfg"), which exists even with no files.
inline MemoryFileSystem InMemory(const Files& files, const std::string& directory = "") {
  MemoryFileSystem fs;
  if (!directory.empty()) fs.AddDirectory(directory);
  for (const auto& [name, text] : files) fs.AddFile(directory + "/" + name, text);
  return fs;
}

inline LoadedConfig LoadFiles(const Files& files, Diagnostics& diags,
                              const LoadLimits& limits = {}) {
  return Load(InMemory(files), {"."}, limits, diags);
}

// Every finding's headline, in the order given (sort the diagnostics first
// for the order the CLI prints).
inline std::vector<std::string> Headlines(const SourceSet& sources, const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.items()) out.push_back(FormatHeadline(sources, d));
  return out;
}

// examples/nexora as (file name, text) pairs, for tests that lay the
// reference company out differently or change it.
inline Files NexoraFiles() {
  auto fs = RealFileSystem();
  Diagnostics diags;
  LoadedConfig config =
      Load(*fs, {std::string(STAGEGATE_SOURCE_DIR) + "/examples/nexora"}, LoadLimits{}, diags);
  Files files;
  for (const LoadedFile& f : config.files) {
    const std::string& path = config.sources.file(f.file).path();
    files.emplace_back(path.substr(path.rfind('/') + 1), config.sources.file(f.file).text());
  }
  return files;
}

// One file's parse, for the loader tests.
struct Parsed {
  LoadedConfig config;
  Diagnostics diags;

  std::vector<std::string> Headlines() const { return testing::Headlines(config.sources, diags); }
  const Tree& tree() const { return config.files.at(0).tree; }
  size_t documents() const { return tree().documents.size(); }
  Node Doc(size_t i = 0) const { return Node(&tree(), tree().documents.at(i)); }
};

// Loads `text` as the only file, "a.yaml"; diagnostics sorted.
inline Parsed LoadYaml(const std::string& text, const LoadLimits& limits = {}) {
  Parsed p;
  p.config = LoadFiles({{"a.yaml", text}}, p.diags, limits);
  p.diags.Sort();
  return p;
}

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_STAGE_SUPPORT_H_
