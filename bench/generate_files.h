// Where the generated configuration goes: the two layouts (multi: one file
// per group and app, users by team or in fixed-size files; single: one
// config.yaml), the output directory and the count of what was written for
// the summary line. --force removes only what an earlier run wrote, never
// anything else a user keeps in the directory.
#ifndef STAGEGATE_BENCH_GENERATE_FILES_H_
#define STAGEGATE_BENCH_GENERATE_FILES_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "generate_assertions.h"
#include "generate_model.h"
#include "generate_yaml.h"

namespace stagegate::bench {

struct Output {
  std::filesystem::path dir;
  uint64_t files = 0, bytes = 0, assertions = 0;

  // Writes `b` to dir/relative; throws std::runtime_error on failure.
  void Write(const std::filesystem::path& relative, const Buffer& b);
};

// `users_per_file` 0: one users file per team (50 to 200 people); else that
// many users per file, in order (a few large files beside many small ones).
void WriteMulti(const Org& o, const std::vector<Assertion>& assertions, const std::string& comment,
                uint32_t users_per_file, Output& out);
void WriteSingle(const Org& o, const std::vector<Assertion>& assertions, const std::string& comment,
                 Output& out);

// Creates `dir`, or checks it is an empty directory; with `force`, removes
// what the generator writes from a non-empty one. Throws std::runtime_error.
void PrepareDirectory(const std::filesystem::path& dir, bool force);

}  // namespace stagegate::bench

#endif  // STAGEGATE_BENCH_GENERATE_FILES_H_
