// RunProcess, the one way stagegate starts a program (git), and git:REF on a
// repository large enough that the request to `git cat-file --batch` and its
// reply are each many pipe buffers long: the case that used to hang for ever.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_support.h"
#include "skip.h"
#include "source/headline.h"
#include "stage_support.h"
#include "current/current.h"
#include "current/git.h"

namespace stagegate {
namespace {

using current_internal::ProcessOptions;
using current_internal::ProcessResult;
using current_internal::RunProcess;
using testing::TempDir;
using Clock = std::chrono::steady_clock;

// A Linux pipe buffer holds 64 KiB by default; these are many times that.
constexpr size_t kPipeBuffer = 64 << 10;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Bytes that do not repeat with the pipe buffer's period, so a lost or
// reordered chunk changes the result.
std::string Pattern(size_t size) {
  std::string s(size, '\0');
  uint32_t x = 12345;
  for (char& c : s) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>('a' + (x >> 16) % 26);
  }
  return s;
}

ProcessOptions WithInput(std::string input, std::chrono::milliseconds timeout) {
  ProcessOptions options;
  options.input = std::move(input);
  options.timeout = timeout;
  return options;
}

TEST_CASE("process: an input and an output many pipe buffers long pass through whole") {
  // `cat` writes as it reads: with blocking pipes, our write of the whole
  // input waited for cat to read while cat waited for us to read its output.
  const std::string input = Pattern(150 * kPipeBuffer);  // 9.4 MiB
  auto start = Clock::now();
  ProcessResult r = RunProcess({"cat"}, WithInput(input, std::chrono::seconds(60)));
  INFO(SecondsSince(start) << " s");
  REQUIRE(r.started);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.size() == input.size());
  CHECK(r.out == input);
  CHECK(r.err.empty());

  // The same on standard error, beside standard output.
  ProcessResult both = RunProcess({"sh", "-c", "tee /dev/stderr"},
                                  WithInput(input, std::chrono::seconds(60)));
  CHECK(both.exit_code == 0);
  CHECK(both.out == input);
  CHECK(both.err == input);
}

TEST_CASE("process: a child that stops reading early does not stop us") {
  // `head -c 10` exits after ten bytes: the rest of the input cannot be
  // written (EPIPE, and SIGPIPE must not kill the test process).
  ProcessResult r =
      RunProcess({"head", "-c", "10"}, WithInput(Pattern(40 * kPipeBuffer), std::chrono::seconds(60)));
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out == Pattern(10));
}

TEST_CASE("process: the input's end is signalled, an empty input at once") {
  ProcessResult r = RunProcess({"wc", "-c"}, WithInput("", std::chrono::seconds(30)));
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find('0') != std::string::npos);
  ProcessResult some = RunProcess({"wc", "-c"}, WithInput("12345", std::chrono::seconds(30)));
  CHECK(some.out.find('5') != std::string::npos);
}

TEST_CASE("process: a child past its time limit is stopped and reported") {
  auto start = Clock::now();
  ProcessResult r = RunProcess({"sleep", "60"}, WithInput("", std::chrono::milliseconds(300)));
  double took = SecondsSince(start);
  CHECK(r.started);
  CHECK(r.timed_out);
  CHECK(r.exit_code == 128 + SIGKILL);
  CHECK(took < 10);
  CHECK(took >= 0.29);

  // A child that never reads its input, with more input than a pipe holds.
  start = Clock::now();
  ProcessResult stuck =
      RunProcess({"sleep", "60"}, WithInput(Pattern(10 * kPipeBuffer), std::chrono::milliseconds(300)));
  CHECK(stuck.timed_out);
  CHECK(SecondsSince(start) < 10);

  // Output that arrived before the limit is kept.
  ProcessResult partial =
      RunProcess({"sh", "-c", "echo started; sleep 60"}, WithInput("", std::chrono::milliseconds(500)));
  CHECK(partial.timed_out);
  CHECK(partial.out == "started\n");
}

bool Running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  // Gone, or a zombie waiting for its parent (init) to collect it.
  size_t close = text.rfind(')');
  return !text.empty() && close != std::string::npos && text.substr(close + 2, 1) != "Z";
}

TEST_CASE("process: what the child started is stopped with it") {
  // The shell exits at once, but its background job keeps our pipe open: the
  // output never ends. The time limit stops the whole process group.
  auto start = Clock::now();
  ProcessResult r = RunProcess({"sh", "-c", "sleep 60 & echo $!"},
                               WithInput("", std::chrono::milliseconds(500)));
  CHECK(r.timed_out);
  CHECK(SecondsSince(start) < 10);
  REQUIRE(!r.out.empty());
  pid_t background = static_cast<pid_t>(std::stol(r.out));
  // SIGKILL is delivered at once; give the kernel a moment to tear it down.
  for (int i = 0; i < 100 && Running(background); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK_FALSE(Running(background));
}

TEST_CASE("process: the child's environment gets the overrides") {
  ProcessOptions options;
  options.environment = {"GIT_TERMINAL_PROMPT=0", "STAGEGATE_TEST_ADDED=yes"};
  setenv("GIT_TERMINAL_PROMPT", "1", 1);
  ProcessResult r =
      RunProcess({"sh", "-c", "echo $GIT_TERMINAL_PROMPT $STAGEGATE_TEST_ADDED"}, options);
  unsetenv("GIT_TERMINAL_PROMPT");
  CHECK(r.out == "0 yes\n");
}

TEST_CASE("process: a program that does not exist") {
  ProcessResult r = RunProcess({"stagegate-no-such-program"});
  CHECK_FALSE(r.started);
  CHECK(r.not_found);
  CHECK_FALSE(r.error.empty());
}

TEST_CASE("process: STAGEGATE_GIT_TIMEOUT sets the time limit for git, checked") {
  using std::chrono::seconds;
  unsetenv("STAGEGATE_GIT_TIMEOUT");
  bool invalid = true;
  CHECK(current_internal::GitTimeout(&invalid) == seconds(120));
  CHECK_FALSE(invalid);
  setenv("STAGEGATE_GIT_TIMEOUT", "7", 1);
  CHECK(current_internal::GitTimeout(&invalid) == seconds(7));
  CHECK_FALSE(invalid);
  for (const char* bad : {"0", "-5", "5s", "1.5", " 5", "99999999999999999999", "604801"}) {
    setenv("STAGEGATE_GIT_TIMEOUT", bad, 1);
    INFO(bad);
    CHECK(current_internal::GitTimeout(&invalid) == seconds(120));
    CHECK(invalid);
  }
  unsetenv("STAGEGATE_GIT_TIMEOUT");
}

void Git(const std::string& repo, std::vector<std::string> args) {
  std::vector<std::string> argv = {"git", "-C", repo, "-c", "commit.gpgsign=false",
                                   "-c", "user.email=test@example.com", "-c", "user.name=Test"};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult r = RunProcess(argv);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

TEST_CASE("current state: git:REF of thousands of files, request and reply many pipe buffers long") {
  STAGEGATE_REQUIRE_TOOL("git");
  // 12,000 files: the request to `git cat-file --batch` is 12,000 object ids
  // (480 KiB, 7 pipe buffers) and the reply 12,000 files of about 700 bytes
  // (8 MiB, 130 pipe buffers). This hung for ever before RunProcess used
  // non-blocking pipes.
  constexpr int kFiles = 12'000;
  TempDir dir;
  const std::string cfg = dir.path() + "/repo/cfg";
  REQUIRE(std::system(("mkdir -p '" + cfg + "/users'").c_str()) == 0);
  std::ofstream(cfg + "/workspace.yaml") << "version: 1\nenvironments: [development, production]\n";
  const std::string padding = "# " + std::string(600, '-') + "\n";
  for (int i = 0; i < kFiles; ++i) {
    std::ofstream(cfg + "/users/u" + std::to_string(i) + ".yaml")
        << padding << "users:\n  user" << i << "@example.com: {role: builder}\n";
  }
  Git(dir.path() + "/repo", {"init", "-q"});
  Git(dir.path() + "/repo", {"add", "-A"});
  Git(dir.path() + "/repo", {"commit", "-q", "-m", "many files"});

  auto start = Clock::now();
  CurrentState state;
  Diagnostics diags;
  bool cannot_run = false;
  bool ok = LoadCurrent("git:HEAD", {cfg}, PipelineOptions{}, &state, diags, &cannot_run);
  INFO(SecondsSince(start) << " s");
  INFO(testing::Headlines(state.loaded.sources, diags).size());
  REQUIRE(ok);
  CHECK_FALSE(cannot_run);
  CHECK(state.loaded.sources.size() == kFiles + 1);
  REQUIRE(state.workspace);
  CHECK(state.workspace->users.size() == kFiles);
  // Each file is the file committed, whole.
  const SourceFile& last = state.loaded.sources.file(state.loaded.sources.size() - 1);
  CHECK(last.path() == "HEAD:cfg/workspace.yaml");
  CHECK(state.loaded.sources.file(0).text().size() ==
        padding.size() + std::string("users:\n  user0@example.com: {role: builder}\n").size());
}

}  // namespace
}  // namespace stagegate
