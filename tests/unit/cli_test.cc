// CLI tests: the real binary, real argv, real exit codes and output.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "cli_support.h"

namespace stagegate {
namespace {

using testing::FileExists;
using testing::ReadFile;
using testing::InDirectory;
using testing::Run;
using testing::RunOptions;
using testing::SourceDir;
using testing::TempDir;

size_t CountLines(const std::string& s) { return std::count(s.begin(), s.end(), '\n'); }

TEST_CASE("cli: usage errors exit 3 and say what to do") {
  auto none = Run({});
  CHECK(none.exit_code == 3);
  CHECK(none.err.find("A subcommand is required") != std::string::npos);
  auto bad = Run({"check", "--no-such-option"});
  CHECK(bad.exit_code == 3);
  CHECK(bad.err.find("--no-such-option") != std::string::npos);
  auto bad_format = Run({"check", "--format", "yaml"});
  CHECK(bad_format.exit_code == 3);
  CHECK(bad_format.err.find("yaml not in {text,json,sarif,junit,github}") != std::string::npos);
}

TEST_CASE("cli: --help and --version exit 0") {
  auto help = Run({"--help"});
  CHECK(help.exit_code == 0);
  for (const char* cmd : {"check", "schema", "init"}) {
    CHECK(help.out.find(cmd) != std::string::npos);
  }
  CHECK(help.out.find("Exit codes") != std::string::npos);
  auto check_help = Run({"check", "--help"});
  CHECK(check_help.exit_code == 0);
  CHECK(check_help.out.find("--werror") != std::string::npos);
  auto version = Run({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out == "stagegate 0.1.0\n");
}

TEST_CASE("cli: schema prints the embedded schema, byte for byte") {
  std::string expected = ReadFile(SourceDir() + "/schema/stagegate.schema.json");
  auto r = Run({"schema"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == expected);
  CHECK_NOTHROW(nlohmann::json::parse(r.out));
  TempDir dir;
  auto to_file = Run({"schema", "-o", dir.path() + "/s.json"});
  CHECK(to_file.exit_code == 0);
  CHECK(to_file.out.empty());
  CHECK(ReadFile(dir.path() + "/s.json") == expected);
}

TEST_CASE("cli: check examples/nexora passes with a one-line summary") {
  auto r = Run({"check", "examples/nexora"}, InDirectory(SourceDir()));
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  // The one warning (with its code frame), then the summary line: the
  // documented E1 (qa's edit grant on [staging]) is not what ToolJet's
  // server enforces (S1).
  CHECK(CountLines(r.out) == 4);
  CHECK(r.out.rfind("examples/nexora/groups.yaml:28:21: warning: this edit grant of group 'qa' "
                    "does not name 'development'",
                    0) == 0);
  CHECK(r.out.find("[server-differs]") != std::string::npos);
  CHECK(r.out.find("\nexamples/nexora: valid, with 1 warning (") != std::string::npos);
  CHECK(r.err.empty());
}

TEST_CASE("cli: init writes a configuration that checks clean, and never overwrites by accident") {
  TempDir dir;
  std::string target = dir.path() + "/config";
  auto init = Run({"init", target});
  INFO(init.out << init.err);
  CHECK(init.exit_code == 0);
  CHECK(FileExists(target + "/workspace.yaml"));
  CHECK(FileExists(target + "/stagegate.schema.json"));
  CHECK(ReadFile(target + "/users.yaml").rfind("# yaml-language-server: $schema=stagegate.schema.json\n", 0) == 0);
  auto check = Run({"check", target, "--werror"});
  INFO(check.out);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find(": valid (") != std::string::npos);
  auto again = Run({"init", target});
  CHECK(again.exit_code == 3);
  CHECK(again.err.find("already exists; nothing was written (use --force") != std::string::npos);
  CHECK(Run({"init", target, "--force"}).exit_code == 0);
}

TEST_CASE("cli: a configuration with errors exits 1 with located diagnostics") {
  TempDir dir;
  dir.Write("a.yaml", "version: 1\nusers:\n  eve@nexora.io: {role: end-user}\n  eve@nexora.io: {role: builder}\n");
  auto r = Run({"check", "."}, InDirectory(dir.path()));
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("a.yaml:4:3: error: ") != std::string::npos);
  CHECK(r.out.find("[duplicate-key]") != std::string::npos);
  CHECK(r.out.find("    4 |   eve@nexora.io: {role: builder}\n") != std::string::npos);
  CHECK(r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1) == ".: 1 error in 1 file\n");
}

TEST_CASE("cli: a path that cannot be read exits 3") {
  TempDir dir;
  auto r = Run({"check", dir.path() + "/missing"});
  CHECK(r.exit_code == 3);
  CHECK(r.out.find("[unreadable-file]") != std::string::npos);
}

TEST_CASE("cli: check --format json lists the diagnostics as objects") {
  TempDir dir;
  dir.Write("a.yaml", "version: 1\nusers:\n  eve@nexora.io: {role: end-user}\n  eve@nexora.io: {role: builder}\n");
  auto r = Run({"check", dir.path() + "/a.yaml", "--format", "json"});
  CHECK(r.exit_code == 1);
  auto list = nlohmann::json::parse(r.out);
  REQUIRE(list.is_array());
  REQUIRE(list.size() >= 1);
  const auto& d = list[0];
  CHECK(d["severity"] == "error");
  CHECK(d["code"] == "duplicate-key");
  CHECK(d["file"] == dir.path() + "/a.yaml");
  CHECK(d["line"] == 4);
  CHECK(d["column"] == 3);
  CHECK(d["related"].size() == 1);
  CHECK(d["related"][0]["line"] == 3);
  auto nexora = Run({"check", "examples/nexora", "--format", "json"}, InDirectory(SourceDir()));
  CHECK(nexora.exit_code == 0);
  auto warnings = nlohmann::json::parse(nexora.out);
  REQUIRE(warnings.size() == 1);  // where ToolJet's server differs (S1)
  CHECK(warnings[0]["severity"] == "warning");
  CHECK(warnings[0]["code"] == "server-differs");
  TempDir clean_dir;
  clean_dir.Write("a.yaml", "version: 1\nusers:\n  ada@nexora.io: {role: admin}\n");
  auto clean = Run({"check", clean_dir.path() + "/a.yaml", "--format", "json"});
  CHECK(clean.exit_code == 0);
  CHECK(clean.out == "[]\n");
}

TEST_CASE("cli: text output prints ten findings of a code, then counts the rest") {
  // 12 groups without members (unused-group) and 25 constants nothing uses
  // (unused-constant): two codes over the cap, each summarised once.
  std::string config = "version: 1\nusers:\n  ada@x.io: {role: admin}\ngroups:\n";
  for (int i = 0; i < 12; ++i) config += "  g" + std::to_string(i) + ": {description: empty}\n";
  config += "constants:\n";
  for (int i = 0; i < 25; ++i) {
    config += "  C" + std::to_string(i) +
              ": {type: global, values: {development: a, staging: b, production: c}}\n";
  }
  TempDir dir;
  dir.Write("cfg/a.yaml", config);
  auto count = [](const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };

  auto r = Run({"check", "cfg"}, InDirectory(dir.path()));
  CHECK(r.exit_code == 0);
  CHECK(count(r.out, "[unused-constant]\n") == 10);
  CHECK(count(r.out, "[unused-group]\n") == 10);
  CHECK(r.out.find("stagegate: note: 2 more [unused-group] warnings not shown; --max-per-code 0 "
                   "shows every one\n"
                   "stagegate: note: 15 more [unused-constant] warnings not shown; "
                   "--max-per-code 0 shows every one\n"
                   "cfg: valid, with 37 warnings (") != std::string::npos);

  auto all = Run({"check", "cfg", "--max-per-code", "0"}, InDirectory(dir.path()));
  CHECK(count(all.out, "[unused-constant]\n") == 25);
  CHECK(count(all.out, "[unused-group]\n") == 12);
  CHECK(all.out.find("not shown") == std::string::npos);

  auto three = Run({"check", "cfg", "--max-per-code", "3"}, InDirectory(dir.path()));
  CHECK(count(three.out, "[unused-constant]\n") == 3);
  CHECK(three.out.find("stagegate: note: 22 more [unused-constant] warnings not shown") !=
        std::string::npos);
  CHECK(three.out.find("stagegate: note: 9 more [unused-group] warnings not shown") !=
        std::string::npos);

  // Every other format has every finding.
  auto json = Run({"check", "cfg", "--format", "json"}, InDirectory(dir.path()));
  CHECK(nlohmann::json::parse(json.out).size() == 37);
  auto github = Run({"check", "cfg", "--format", "github"}, InDirectory(dir.path()));
  CHECK(count(github.out, "::warning ") == 37);

  // The findings a plan prints on standard error are capped the same way.
  auto plan = Run({"plan", "cfg", "--current", "cfg"}, InDirectory(dir.path()));
  CHECK(plan.exit_code == 0);
  CHECK(count(plan.err, "[unused-constant]\n") == 10);
  CHECK(plan.err.find("stagegate: note: 15 more [unused-constant] warnings not shown") !=
        std::string::npos);
}

TEST_CASE("cli: colour only when asked or on a terminal, never with NO_COLOR") {
  TempDir dir;
  dir.Write("a.yaml", "version: 1\nbogus: 1\n");
  auto plain = Run({"check", dir.path()});
  CHECK(plain.exit_code == 1);
  CHECK(plain.out.find('\x1b') == std::string::npos);  // a pipe is not a terminal
  auto always = Run({"check", dir.path(), "--color", "always"});
  CHECK(always.out.find("\x1b[") != std::string::npos);
  RunOptions no_color;
  no_color.env["NO_COLOR"] = "1";
  auto forced_off = Run({"check", dir.path(), "--color", "always"}, no_color);
  CHECK(forced_off.out.find('\x1b') == std::string::npos);
  CHECK(forced_off.out == plain.out);
}

TEST_CASE("cli: -o writes the whole output atomically and leaves nothing behind on failure") {
  TempDir dir;
  dir.Write("cfg/a.yaml", "version: 1\nbogus: 1\n");
  std::string out = dir.path() + "/out.txt";
  auto r = Run({"check", dir.path() + "/cfg", "-o", out});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(ReadFile(out).find("[unknown-key]") != std::string::npos);
  auto bad = Run({"check", dir.path() + "/cfg", "-o", dir.path() + "/no/such/dir/out.txt"});
  CHECK(bad.exit_code == 3);
  CHECK(bad.err.find("cannot write") != std::string::npos);
  // The old output is untouched and no temporary file is left beside the target.
  CHECK(ReadFile(out).find("[unknown-key]") != std::string::npos);
  CHECK(std::system(("test -z \"$(ls " + dir.path() + " | grep stagegate-tmp)\"").c_str()) == 0);
}

}  // namespace
}  // namespace stagegate
