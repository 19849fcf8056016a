// CLI tests of `stagegate plan`: a pull-request-style run against git:REF in
// a temporary repository, the exit codes (D4), and the Markdown output staying
// under GitHub's comment limit.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_commands.h"
#include "cli_support.h"
#include "skip.h"

namespace stagegate {
namespace {

using testing::InDirectory;
using testing::Run;
using testing::RunOptions;
using testing::TempDir;

const char kBase[] =
    "version: 1\n"
    "users:\n"
    "  lee@nexora.io: {role: builder}\n"
    "  quinn@nexora.io: {role: builder}\n"
    "roles:\n"
    "  builder: {permissions: [appCreate], apps: []}\n"
    "groups:\n"
    "  leads:\n"
    "    members: [lee@nexora.io]\n"
    "    permissions: [appPromote, appRelease]\n"
    "    apps: [{apps: \"*\", permission: edit}]\n"
    "  qa:\n"
    "    members: [quinn@nexora.io]\n"
    "    apps: [{apps: \"*\", permission: edit, environments: [staging]}]\n"
    "apps:\n"
    "  payroll:\n"
    "    versions:\n"
    "      - {name: v1, environment: production, status: released}\n";

bool Git(const TempDir& dir, const std::string& args) {
  std::string cmd = "cd '" + dir.path() + "' && git " + args + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// A repository in `dir` whose one commit holds config/access.yaml = kBase;
// false when git is not installed.
bool CommitBase(const TempDir& dir) {
  if (!testing::Installed("git")) return false;
  dir.Write("config/access.yaml", kBase);
  REQUIRE(Git(dir, "init -q"));
  REQUIRE(Git(dir, "-c user.email=t@example.com -c user.name=t add -A"));
  REQUIRE(Git(dir, "-c user.email=t@example.com -c user.name=t commit -q -m base"));
  return true;
}

TEST_CASE("cli: plan against git:HEAD~1 shows the pull request's access gain and exits 2") {
  TempDir dir;
  if (!CommitBase(dir)) STAGEGATE_SKIP("git is not installed");
  std::string widened = kBase;
  widened.replace(widened.find("environments: [staging]"), 23, "environments: [staging, production]");
  dir.Write("config/access.yaml", widened);
  REQUIRE(Git(dir, "-c user.email=t@example.com -c user.name=t commit -q -am widen"));

  RunOptions in_repo = InDirectory(dir.path());
  auto r = Run({"plan", "config", "--current", "git:HEAD~1", "--detailed-exitcode"}, in_repo);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out ==
        "stagegate plan: config compared with git:HEAD~1\n"
        "\n"
        "Access changes (gains in the last environment and the released app first):\n"
        "  + quinn@nexora.io on payroll in production: none -> run\n"
        "      from group 'qa' (config/access.yaml:14:12)\n"
        "\n"
        "Configuration changes:\n"
        "  ~ group qa\n"
        "      groups.qa.apps[0].environments: [staging] -> [staging, production]\n"
        "\n"
        "Plan: 1 access gain, 1 configuration change.\n");

  // The same change, stopped by a guard rail, as a pull request check would.
  auto denied = Run({"plan", "config", "--current", "git:HEAD~1", "--deny-gain", "run:production"},
                    in_repo);
  CHECK(denied.exit_code == 1);
  CHECK(denied.err.find("[denied-access-gain]") != std::string::npos);

  // No change: exit 0 even with --detailed-exitcode.
  auto same = Run({"plan", "config", "--current", "git:HEAD", "--detailed-exitcode"}, in_repo);
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("Plan: no changes.") != std::string::npos);

  // A path absent at the revision: a new configuration, everything added.
  dir.Write("other/access.yaml", kBase);
  auto fresh = Run({"plan", "other", "--current", "git:HEAD", "--format", "json"}, in_repo);
  CHECK(fresh.exit_code == 0);
  CHECK(fresh.out.find("\"currentAbsent\": true") != std::string::npos);
}

// A `git` first on PATH that hangs in the git command `hang_in` (as git does
// waiting on a lock, a slow disk or a lazy fetch) and passes every other one
// to the real git.
// It must be first on PATH: it drops itself from PATH to find the real one.
void InstallHangingGit(const TempDir& dir, const std::string& hang_in) {
  std::string script = "#!/bin/sh\n"
                       "for a in \"$@\"; do\n"
                       "  if [ \"$a\" = " + hang_in + " ]; then exec sleep 600; fi\n"
                       "done\n"
                       "PATH=\"${PATH#*:}\" exec git \"$@\"\n";
  std::string path = dir.Write("fake-bin/git", script);
  REQUIRE(chmod(path.c_str(), 0755) == 0);
}

TEST_CASE("cli: a git command that never ends is stopped and reported, exit 3") {
  TempDir dir;
  if (!CommitBase(dir)) STAGEGATE_SKIP("git is not installed");

  for (std::string command : {"cat-file", "ls-tree", "rev-parse"}) {
    InstallHangingGit(dir, command);
    RunOptions options = InDirectory(dir.path());
    options.env["PATH"] = dir.path() + "/fake-bin:" + std::getenv("PATH");
    options.env["STAGEGATE_GIT_TIMEOUT"] = "1";
    options.timeout_seconds = 60;  // a hang fails the test instead of stalling it
    auto r = Run({"plan", "config", "--current", "git:HEAD"}, options);
    INFO(command << ": " << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK(r.err.find("stagegate: error: 'git " + command +
                     "' did not finish within 1 s and was stopped; check that the repository is "
                     "reachable and not locked, or allow more time with "
                     "STAGEGATE_GIT_TIMEOUT=SECONDS [git-error]") != std::string::npos);
  }

  // A value that is not a number of seconds is refused, not ignored.
  RunOptions bad = InDirectory(dir.path());
  bad.env["STAGEGATE_GIT_TIMEOUT"] = "2m";
  auto r = Run({"plan", "config", "--current", "git:HEAD"}, bad);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("stagegate: error: STAGEGATE_GIT_TIMEOUT must be a whole number of seconds "
                   "from 1 to 604800 (a week); unset it for the default of 120 s [git-error]") !=
        std::string::npos);
}

TEST_CASE("cli: plan compares with a state file written by compile") {
  TempDir dir;
  dir.Write("old/access.yaml", kBase);
  std::string extra = kBase;
  extra.replace(extra.find("members: [quinn@nexora.io]"), 26, "members: [quinn@nexora.io, lee@nexora.io]");
  dir.Write("new/access.yaml", extra);
  RunOptions here = InDirectory(dir.path());
  REQUIRE(Run({"compile", "old", "--format", "json", "-o", "state.json"}, here).exit_code == 0);
  auto from_state = Run({"plan", "new", "--current", "state.json", "--format", "json"}, here);
  auto from_dir = Run({"plan", "new", "--current", "old", "--format", "json"}, here);
  CHECK(from_state.exit_code == 0);
  // The same changes whether the current state is the files or their state file
  // (only the label and the current side's locations differ).
  CHECK(from_state.out.find("\"current\": \"state.json\"") != std::string::npos);
  CHECK(from_dir.out.find("\"current\": \"old\"") != std::string::npos);
  auto summary = [](const std::string& out) { return out.substr(out.find("\"summary\"")); };
  CHECK(summary(from_state.out) == summary(from_dir.out));
}

TEST_CASE("cli: a failing assertion in the current state does not stop the plan that fixes it") {
  TempDir dir;
  // The current state lets quinn run queries in production; its assertion
  // says otherwise. The change narrows the grant again.
  std::string broken = kBase;
  broken.replace(broken.find("environments: [staging]"), 23, "environments: [staging, production]");
  broken += "assertions:\n  - {user: quinn@nexora.io, app: payroll, expect: {production: none}}\n";
  dir.Write("old/access.yaml", broken);
  dir.Write("new/access.yaml",
            kBase + std::string("assertions:\n  - {user: quinn@nexora.io, app: payroll, "
                                "expect: {production: none}}\n"));
  RunOptions here = InDirectory(dir.path());
  REQUIRE(Run({"check", "old"}, here).exit_code == 1);  // the assertion fails there
  auto r = Run({"plan", "new", "--current", "old"}, here);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  // No error; the one warning is the desired side's, where ToolJet's server
  // differs (S1), not the current state's failed assertion.
  CHECK(r.err.find("[assertion-failed]") == std::string::npos);
  CHECK(r.err.find("[server-differs]") != std::string::npos);
  CHECK(r.out.find("  - quinn@nexora.io on payroll in production: run -> none\n") !=
        std::string::npos);
}

TEST_CASE("cli: plan --format json is the JSON library's own pretty print, escapes included") {
  // The access lists are written as text record by record; the whole must
  // still be exactly what the library prints for the parsed document. The
  // directory name needs escaping in every cause's location.
  TempDir dir;
  const std::string odd = "we\"ird\\cfg";
  testing::WriteNexora(dir, "old");
  std::string cfg = testing::WriteNexora(dir, odd);
  std::string groups = testing::ReadFile(cfg + "/groups.yaml");
  const std::string leads = "members: [lee.chen@nexora.io, maya.haddad@nexora.io]";
  REQUIRE(groups.find(leads) != std::string::npos);
  groups.replace(groups.find(leads), leads.size(),
                 "members: [lee.chen@nexora.io, maya.haddad@nexora.io, quinn.berg@nexora.io]");
  dir.Write(odd + "/groups.yaml", groups);
  REQUIRE(std::remove((cfg + "/assertions.yaml").c_str()) == 0);  // they pin quinn's access

  auto r = Run({"plan", odd, "--current", "old", "--format", "json"}, InDirectory(dir.path()));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  nlohmann::json parsed = nlohmann::json::parse(r.out);
  CHECK(r.out == parsed.dump(2) + "\n");
  // Every list of "access" has records, so each was written.
  for (const char* list : {"cells", "dataSources", "eligibility", "permissions"}) {
    INFO(list);
    CHECK_FALSE(parsed["access"][list].empty());
  }
  CHECK(r.out.find("\"location\": \"we\\\"ird\\\\cfg/groups.yaml:") != std::string::npos);

  // No change at all: every list empty, printed as [].
  auto same = Run({"plan", "old", "--current", "old", "--format", "json"}, InDirectory(dir.path()));
  REQUIRE(same.exit_code == 0);
  CHECK(same.out == nlohmann::json::parse(same.out).dump(2) + "\n");
  CHECK(same.out.find("\"cells\": []") != std::string::npos);
}

TEST_CASE("cli: plan --format markdown stays under GitHub's comment limit") {
  TempDir dir;
  std::string before = "version: 1\nusers:\n", after = before;
  std::string members;
  for (int i = 0; i < 3000; ++i) {
    std::string u = "user" + std::to_string(i) + "@nexora.io";
    before += "  " + u + ": {role: builder}\n";
    after += "  " + u + ": {role: builder}\n";
    members += (i ? ", " : "") + u;
  }
  const std::string apps =
      "roles:\n  builder: {permissions: [appCreate], apps: []}\n"
      "apps:\n  payroll:\n    versions: [{name: v1, environment: production, status: released}]\n";
  before += apps + "groups:\n  leads:\n    members: [user0@nexora.io]\n    permissions: [appPromote, appRelease]\n    apps: [{apps: \"*\", permission: edit}]\n";
  after += apps + "groups:\n  leads:\n    members: [" + members +
           "]\n    permissions: [appPromote, appRelease]\n    apps: [{apps: \"*\", permission: edit}]\n";
  dir.Write("old/a.yaml", before);
  dir.Write("new/a.yaml", after);
  auto r = Run({"plan", "new", "--current", "old", "--format", "markdown"}, InDirectory(dir.path()));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.size() < 65536);
  CHECK(r.out.find("| Access gains | 23992 (5998 in the last environment or the released app) |") !=
        std::string::npos);
  CHECK(r.out.find("more; run `stagegate plan --format text` for the whole list._") != std::string::npos);
}

}  // namespace
}  // namespace stagegate
