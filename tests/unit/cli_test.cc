// CLI tests: the real binary, real argv, real exit codes and output.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

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

// Usage errors read like git's and cargo's: "stagegate:" first, the command
// or option meant, and the help to read; exit 3.
TEST_CASE("cli: usage errors exit 3 and say what to do") {
  RunOptions narrow;
  narrow.env["COLUMNS"] = "80";
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  std::vector<Case> cases = {
      {{"chek"},
       "stagegate: 'chek' is not a stagegate command; did you mean 'check'?\n"
       "The commands are: check, compile, explain, plan, report, import, schema, init.\n"
       "Run 'stagegate help' for what each does.\n"},
      {{"help", "nope"},
       "stagegate: 'nope' is not a stagegate command\n"
       "The commands are: check, compile, explain, plan, report, import, schema, init.\n"
       "Run 'stagegate help' for what each does.\n"},
      {{"check", "--fromat", "json"},
       "stagegate: unknown option '--fromat' for 'stagegate check'; did you mean '--format'?\n"
       "Run 'stagegate check --help' for its options.\n"},
      {{"check", "--no-such-option"},
       "stagegate: unknown option '--no-such-option' for 'stagegate check'\n"
       "Run 'stagegate check --help' for its options.\n"},
      {{"--verison"},
       "stagegate: unknown option '--verison' for 'stagegate'; did you mean '--version'?\n"
       "Run 'stagegate --help' for its options.\n"},
      {{"check", "--format", "yaml"},
       "stagegate: --format: expected one of text, json, sarif, junit, github, got 'yaml'\n"
       "Run 'stagegate check --help' for its options.\n"},
      {{"check", "--format", "jsn"},
       "stagegate: --format: expected one of text, json, sarif, junit, github, got 'jsn' (did "
       "you mean 'json'?)\n"
       "Run 'stagegate check --help' for its options.\n"},
      {{"plan", "--current", "x", "--max-access-changes", "lots"},
       "stagegate: --max-access-changes: expected a non-negative integer (0, 1, 2, ...), got "
       "'lots'\n"
       "Run 'stagegate plan --help' for its options.\n"},
      {{"check", "--max-per-code", "-1"},
       "stagegate: --max-per-code: expected a non-negative integer (0, 1, 2, ...), got '-1'\n"
       "Run 'stagegate check --help' for its options.\n"},
      {{"plan", "--max-access-changes", "99999999999999999999", "--current", "x"},
       "stagegate: --max-access-changes: expected a non-negative integer (0, 1, 2, ...), got "
       "'99999999999999999999'\n"
       "Run 'stagegate plan --help' for its options.\n"},
      {{"plan", "input"},
       "stagegate: --current is required\n"
       "Run 'stagegate plan --help' for its options.\n"},
      {{"plan", "input", "--current"},
       "stagegate: --current needs a value\n"
       "Run 'stagegate plan --help' for its options.\n"},
      {{"schema", "extra"},
       "stagegate: unexpected argument 'extra'\n"
       "Run 'stagegate schema --help' for its options.\n"},
  };
  for (const Case& c : cases) {
    INFO(c.args[0]);
    auto r = Run(c.args, narrow);
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK(r.err == c.err);
  }
}

TEST_CASE("cli: a bare stagegate prints a short usage with the commands") {
  RunOptions narrow;
  narrow.env["COLUMNS"] = "80";
  auto none = Run({}, narrow);
  CHECK(none.exit_code == 3);
  CHECK(none.out.empty());
  CHECK(none.err ==
        "Usage: stagegate COMMAND [OPTIONS] [PATH...]\n"
        "\n"
        "Commands:\n"
        "  check     Check a configuration and print every finding at its file:line:col\n"
        "  compile   Write the effective permission matrix (text, csv) or the state file\n"
        "            (json)\n"
        "  explain   Explain one user's access to one app, column by column, with the\n"
        "            grants\n"
        "  plan      Compare with the current state: changes, access gained and lost,\n"
        "            promotions\n"
        "  report    Write the permission report for a review\n"
        "  import    Read a live ToolJet workspace from its database into a configuration\n"
        "  schema    Print the JSON Schema of the configuration format\n"
        "  init      Write a small, valid starting configuration\n"
        "\n"
        "Run 'stagegate help COMMAND' for a command's options, 'stagegate --help' for the exit "
        "codes.\n");
}

TEST_CASE("cli: help and help COMMAND print what --help prints") {
  RunOptions narrow;
  narrow.env["COLUMNS"] = "80";
  auto help = Run({"help"}, narrow);
  CHECK(help.exit_code == 0);
  CHECK(help.out == Run({"--help"}, narrow).out);
  for (const char* command : {"check", "compile", "explain", "plan", "report", "import",
                              "schema", "init"}) {
    INFO(command);
    auto one = Run({"help", command}, narrow);
    CHECK(one.exit_code == 0);
    CHECK(one.out == Run({command, "--help"}, narrow).out);
    CHECK(one.out.find(std::string("Usage: stagegate ") + command) != std::string::npos);
  }
}

TEST_CASE("cli: help text fits the terminal and shows no internal type labels") {
  for (const char* width : {"60", "100"}) {
    RunOptions options;
    options.env["COLUMNS"] = width;
    size_t limit = std::stoul(width);
    for (const char* command : {"check", "compile", "explain", "plan", "report", "import",
                                "schema", "init"}) {
      INFO(command << " at " << width << " columns");
      auto r = Run({command, "--help"}, options);
      REQUIRE(r.exit_code == 0);
      std::istringstream lines(r.out);
      for (std::string line; std::getline(lines, line);) {
        // A line may pass the width only where one word is longer than the room left.
        bool long_word = line.find(' ', line.find_first_not_of(' ')) == std::string::npos ||
                         line.find("--format ") != std::string::npos;
        INFO(line);
        CHECK((line.size() <= limit || long_word));
        for (const char* label : {" TEXT", " UINT", " INT", "NONNEGATIVE", " FLOAT", ":{"}) {
          CHECK(line.find(label) == std::string::npos);
        }
      }
    }
  }
  RunOptions narrow;
  narrow.env["COLUMNS"] = "80";
  auto plan = Run({"plan", "--help"}, narrow);
  CHECK(plan.out.find("  --format text|markdown|json\n") != std::string::npos);
  CHECK(plan.out.find("  --max-access-changes N      Fail (exit 1) when there are more access "
                      "changes\n                              (gains and losses) than N\n") !=
        std::string::npos);
  CHECK(plan.out.find("(required)") != std::string::npos);
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
