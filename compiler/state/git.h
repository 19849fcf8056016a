// Running `git` for `--current git:REF`: never through a shell, always an
// argv, with the revision validated before it is passed. Private to the
// state stage (current.cc); tests use it to build temporary repositories.
#ifndef STAGEGATE_STATE_GIT_H_
#define STAGEGATE_STATE_GIT_H_

#include <string>
#include <vector>

namespace stagegate::state_internal {

struct ProcessResult {
  bool started = false;  // false: the program could not be run (`error` says why)
  bool not_found = false;  // the program is not installed (not on PATH)
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string error;
};

// Runs `argv` (argv[0] looked up on PATH) with `input` on its standard input,
// capturing standard output and error. No shell is involved.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input = "");

// Whether a `git` program can be run.
bool GitAvailable();

}  // namespace stagegate::state_internal

#endif  // STAGEGATE_STATE_GIT_H_
