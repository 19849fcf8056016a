// --timings: every command that reads a configuration can report where its
// time went, on standard error, without changing its output.
#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "unit/cli_support.h"

namespace stagegate {
namespace {

using namespace testing;

// The stage names of the timings table, in order, or {} when there is none.
std::vector<std::string> Stages(const std::string& err) {
  std::vector<std::string> out;
  size_t at = err.find("stagegate: timings (wall clock):\n");
  if (at == std::string::npos) return out;
  static const std::regex kLine(R"(^  (.+?) +[0-9]+\.[0-9] ms)");
  std::string rest = err.substr(at);
  size_t start = rest.find('\n') + 1;
  while (start < rest.size()) {
    size_t end = rest.find('\n', start);
    std::string line = rest.substr(start, end - start);
    std::smatch m;
    if (!std::regex_search(line, m, kLine)) break;
    out.push_back(m[1]);
    start = end + 1;
  }
  return out;
}

TEST_CASE("timings: --timings prints each stage after the output and changes nothing else") {
  const std::string nexora = SourceDir() + "/examples/nexora";
  auto plain = Run({"check", nexora});
  auto timed = Run({"check", nexora, "--timings"});
  CHECK(timed.exit_code == plain.exit_code);
  CHECK(timed.out == plain.out);
  CHECK(Stages(timed.err) ==
        std::vector<std::string>{"load and schema", "load: find files", "redact", "model",
                                 "checks", "compile (beside the checks)", "access checks",
                                 "render", "write", "total"});
  CHECK(std::regex_search(timed.err, std::regex(R"(total +[0-9.]+ ms \(cpu [0-9.]+ ms, peak memory [0-9.]+ MiB\)\n$)")));
  CHECK(Stages(plain.err).empty());
}

TEST_CASE("timings: --timings in plan and report names the current state's stages apart") {
  const std::string nexora = SourceDir() + "/examples/nexora";
  for (const char* command : {"plan", "report"}) {
    INFO(command);
    auto r = Run({command, nexora, "--current", nexora, "--timings", "--format", "json"});
    CHECK(r.exit_code == 0);
    std::vector<std::string> stages = Stages(r.err);
    REQUIRE(stages.size() > 10);
    CHECK(stages.front() == "load and schema");
    CHECK(std::find(stages.begin(), stages.end(), "current state: load and schema") !=
          stages.end());
    CHECK(std::find(stages.begin(), stages.end(), "current state: load: find files") !=
          stages.end());
    CHECK(std::find(stages.begin(), stages.end(), "diff") != stages.end());
    CHECK(stages.back() == "total");
  }
}

TEST_CASE("timings: a state file is read beside the configuration, with the same plan") {
  const std::string nexora = SourceDir() + "/examples/nexora";
  TempDir dir;
  const std::string state = dir.path() + "/state.json";
  REQUIRE(Run({"compile", nexora, "--format", "json", "-o", state}).exit_code == 0);
  for (const char* command : {"plan", "report"}) {
    INFO(command);
    auto plain = Run({command, nexora, "--current", state, "--format", "json"});
    auto timed = Run({command, nexora, "--current", state, "--format", "json", "--timings"});
    CHECK(plain.exit_code == 0);
    CHECK(timed.exit_code == 0);
    CHECK(timed.out == plain.out);
    std::vector<std::string> stages = Stages(timed.err);
    CHECK(std::find(stages.begin(), stages.end(),
                    "current state: read the state file (beside the configuration)") !=
          stages.end());
    CHECK(std::find(stages.begin(), stages.end(), "diff") != stages.end());
  }
  // A broken one is reported where it is broken, as before.
  const std::string broken = dir.Write("broken.json", "{\"stagegate_state\": 1, \"users\": {,}}");
  auto bad = Run({"plan", nexora, "--current", broken});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("broken.json:1:") != std::string::npos);
  CHECK(bad.err.find("[invalid-state-file]") != std::string::npos);
}

}  // namespace
}  // namespace stagegate
