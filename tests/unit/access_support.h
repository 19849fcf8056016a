// Builds an AccessMatrix from inline YAML the way the pipeline does (Load with
// MemoryFileSystem, RedactSecrets, BuildWorkspace, AccessMatrix::Compile;
// schema and checks skipped) and reads rows of it by name. Shared by the
// access tests.
#ifndef STAGEGATE_TESTS_ACCESS_SUPPORT_H_
#define STAGEGATE_TESTS_ACCESS_SUPPORT_H_

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "access/access.h"
#include "model/redact.h"
#include "model/workspace.h"
#include "source/file_system.h"
#include "yaml/loader.h"

namespace stagegate::testing {

// Not movable: the matrix points at the workspace.
struct Compiled {
  LoadedConfig config;
  Diagnostics diags;
  Workspace ws;
  AccessMatrix matrix;

  Compiled(const FileSystem& fs, const std::vector<std::string>& paths) {
    config = Load(fs, paths, LoadLimits{}, diags);
    RedactSecrets(config);
    ws = BuildWorkspace(config, diags);
    matrix = AccessMatrix::Compile(ws);
  }
  Compiled(const Compiled&) = delete;
  Compiled& operator=(const Compiled&) = delete;

  uint32_t User(const std::string& email) const {
    if (auto u = matrix.UserIndex(email)) return *u;
    throw std::runtime_error("no user " + email);
  }
  uint32_t App(const std::string& name) const {
    if (auto a = matrix.AppIndex(name)) return *a;
    throw std::runtime_error("no app " + name);
  }

  // Every column's capability, in column order.
  std::vector<std::string> Row(const std::string& email, const std::string& app) const {
    std::vector<std::string> out;
    for (size_t c = 0; c < matrix.column_count(); ++c) {
      out.emplace_back(CapabilityName(matrix.At(User(email), App(app), c)));
    }
    return out;
  }
};

// `text` as the file a.yaml.
inline std::unique_ptr<Compiled> CompileYaml(const std::string& text) {
  MemoryFileSystem fs;
  fs.AddFile("/a.yaml", text);
  return std::make_unique<Compiled>(fs, std::vector<std::string>{"."});
}

using Row = std::vector<std::string>;

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_ACCESS_SUPPORT_H_
