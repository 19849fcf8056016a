// Every command's output is a function of its input alone: byte-identical
// across runs and whatever the locale, and `-o FILE` never leaves a partial
// or stale file behind when the command fails. (stagegate never calls
// setlocale, so the locale loop here guards that choice; render_test_locale.cc
// switches a process's locale for real and renders everything in it.)
#include <catch2/catch.hpp>
#include <clocale>
#include <filesystem>
#include <string>
#include <vector>

#include "unit/cli_commands.h"
#include "unit/cli_support.h"
#include "unit/skip.h"

namespace stagegate {
namespace {

using namespace testing;

TEST_CASE("determinism: every command and format, twice and in four locales") {
  TempDir dir;
  WriteConfigAndCurrent(dir);
  // A warning, so findings are part of the output too.
  dir.Write("cfg/extra.yaml", "groups:\n  empty-team: {}\n");
  // A UTF-8 and a Latin-1 German locale (scripts/setup --with-test-clients
  // generates them; a missing one falls back to C, which proves nothing).
  const std::vector<std::string> locales = {"C", "C.UTF-8", "de_DE.UTF-8", "de_DE.ISO-8859-1"};
  for (const char* wanted : {"de_DE.UTF-8", "de_DE.ISO-8859-1"}) {
    if (std::setlocale(LC_ALL, wanted) == nullptr) {
      STAGEGATE_SKIP("the locale " << wanted << " is not installed (scripts/setup "
                                                 "--with-test-clients generates it)");
    }
    std::setlocale(LC_ALL, "C");
  }
  for (CommandCase c : EveryCommand(dir.path() + "/cfg", dir.path() + "/old")) {
    if (!c.output.empty()) c.args.push_back(dir.path() + "/" + c.output);
    std::string line;
    for (const std::string& a : c.args) line += a + " ";
    INFO(line);
    RunResult first;
    std::string first_file;
    bool have_first = false;
    for (const std::string& locale : locales) {
      for (int run = 0; run < (locale == "C" ? 2 : 1); ++run) {
        RunOptions env;
        env.env["LC_ALL"] = locale;
        env.env["LANG"] = locale;
        env.env["TZ"] = run == 0 ? "UTC" : "Pacific/Kiritimati";
        RunResult r = Run(c.args, env);
        std::string file = c.output.empty() ? "" : ReadFile(dir.path() + "/" + c.output);
        if (!have_first) {
          first = r;
          first_file = file;
          have_first = true;
          CHECK((r.exit_code == 0 || r.exit_code == 1));
          continue;
        }
        INFO("LC_ALL=" << locale << " run " << run);
        CHECK(r.exit_code == first.exit_code);
        CHECK(r.out == first.out);
        CHECK(r.err == first.err);
        CHECK(file == first_file);
      }
    }
  }
}

TEST_CASE("determinism: -o never leaves a partial or stale file when the command fails") {
  TempDir dir;
  WriteNexora(dir, "cfg");
  dir.Write("bad/a.yaml", "version: 1\ngroups: {x: {members: [ghost@x.io]}}\n");
  const std::string cfg = dir.path() + "/cfg", bad = dir.path() + "/bad";
  // An earlier output stays as it was: a failed run neither truncates nor
  // replaces it.
  const std::string out = dir.Write("out/result", "earlier output\n");
  std::vector<std::vector<std::string>> failing = {
      {"compile", bad, "--format", "json", "-o", out},
      {"report", bad, "-o", out},
      {"plan", cfg, "--current", bad, "-o", out},
      {"plan", bad, "--current", cfg, "-o", out},
      {"explain", bad, "--user", "ghost@x.io", "--app", "x", "-o", out},
      {"report", cfg, "--current", dir.path() + "/missing", "-o", out},
  };
  for (const auto& args : failing) {
    std::string line;
    for (const std::string& a : args) line += a + " ";
    INFO(line);
    RunResult r = Run(args);
    CHECK(r.exit_code != 0);
    CHECK(ReadFile(out) == "earlier output\n");
  }
  // Nothing is left beside it either (no temporary files).
  std::vector<std::string> left;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() + "/out"))
    left.push_back(entry.path().filename().string());
  CHECK(left == std::vector<std::string>{"result"});
  // Writing into a directory that does not exist fails cleanly (exit 3).
  RunResult missing = Run({"check", cfg, "-o", dir.path() + "/nowhere/x.txt"});
  CHECK(missing.exit_code == 3);
  CHECK(missing.err.find("cannot write") != std::string::npos);
  CHECK_FALSE(FileExists(dir.path() + "/nowhere"));
}

}  // namespace
}  // namespace stagegate
