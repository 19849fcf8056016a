// Running `git` for `--current git:REF`: never through a shell, always an
// argv, with the revision validated before it is passed, and always within a
// time limit. Private to the current stage (current.cc); tests use it to build
// temporary repositories.
#ifndef STAGEGATE_CURRENT_GIT_H_
#define STAGEGATE_CURRENT_GIT_H_

#include <chrono>
#include <string>
#include <vector>

namespace stagegate::current_internal {

struct ProcessResult {
  bool started = false;    // false: the program could not be run (`error` says why)
  bool not_found = false;  // the program is not installed (not on PATH)
  // The time limit passed: the child's process group was killed, `out` and
  // `err` hold what arrived before.
  bool timed_out = false;
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string error;

  // It ran and ended by itself (its exit code says how).
  bool finished() const { return started && !timed_out; }
};

struct ProcessOptions {
  // Written to the child's standard input, which is then closed.
  std::string input;
  // From the start to the child's exit, output read to the end. The child and
  // everything it started (its process group) is killed past it.
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};
  // "NAME=value" entries set in the child's environment, over the inherited ones.
  std::vector<std::string> environment;
};

// Runs `argv` (argv[0] looked up on PATH) in a process group of its own,
// feeding `options.input` and collecting standard output and error as they
// come (non-blocking pipes under poll: an input and an output each larger
// than a pipe buffer never wait on each other). Returns when the child has
// exited and both outputs are at their end, or when the time limit passes.
// No shell is involved.
ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// The time limit for each git command: STAGEGATE_GIT_TIMEOUT (seconds, a
// positive number) when set and valid, kGitTimeoutSeconds otherwise.
// `*invalid` is set when the variable is set to something else.
std::chrono::milliseconds GitTimeout(bool* invalid = nullptr);

}  // namespace stagegate::current_internal

#endif  // STAGEGATE_CURRENT_GIT_H_
