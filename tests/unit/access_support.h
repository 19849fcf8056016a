// The access tests' configurations: inline YAML through the stages they run
// (pipeline_support.h, MatrixStages: load, redact, model, the matrix), read
// by rows. Shared by the access, diff, plan and render tests.
#ifndef STAGEGATE_TESTS_ACCESS_SUPPORT_H_
#define STAGEGATE_TESTS_ACCESS_SUPPORT_H_

#include <memory>
#include <string>
#include <vector>

#include "pipeline_support.h"

namespace stagegate::testing {

// `text` as the file a.yaml.
inline std::unique_ptr<Staged> CompileYaml(const std::string& text) {
  return std::make_unique<Staged>(Files{{"a.yaml", text}}, MatrixStages());
}

using Row = std::vector<std::string>;

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_ACCESS_SUPPORT_H_
