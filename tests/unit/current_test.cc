// LoadCurrent: a directory, a state file, and git:REF against a temporary
// repository built here (skipped with a warning when git is not installed).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli_support.h"
#include "skip.h"
#include "source/headline.h"
#include "stage_support.h"
#include "current/current.h"
#include "current/git.h"
#include "state/state_json.h"
#include "source/limits.h"

namespace stagegate {
namespace {

using current_internal::RunProcess;
using testing::TempDir;

const char* const kOld = R"(version: 1
environments: [dev, prod]
users:
  ann@example.com: {role: builder}
apps:
  portal:
    versions:
      - {name: v1, environment: dev, status: draft}
)";

const char* const kNew = R"(version: 1
environments: [dev, prod]
users:
  ann@example.com: {role: builder}
  bob@example.com: {role: builder}
apps:
  portal:
    versions:
      - {name: v1, environment: prod, status: released}
)";

struct Loaded {
  CurrentState state;
  Diagnostics diags;
  bool ok = false;
  bool cannot_run = false;
  std::vector<std::string> Headlines() const {
    return testing::Headlines(state.loaded.sources, diags);
  }
};

Loaded Current(const std::string& spec, const std::vector<std::string>& paths = {}) {
  Loaded l;
  l.ok = LoadCurrent(spec, paths, PipelineOptions{}, &l.state, l.diags, &l.cannot_run);
  return l;
}

void Git(const std::string& repo, std::vector<std::string> args) {
  std::vector<std::string> argv = {"git", "-C", repo, "-c", "commit.gpgsign=false"};
  argv.insert(argv.end(), args.begin(), args.end());
  current_internal::ProcessResult r = RunProcess(argv);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
}

// A repository with two commits: HEAD~1 holds cfg/ = kOld, HEAD holds
// cfg/ = kNew plus a new directory fresh/.
struct Repo {
  TempDir dir;
  std::string root = dir.path() + "/repo";
  Repo() {
    dir.Write("repo/cfg/main.yaml", kOld);
    dir.Write("repo/cfg/.hidden.yaml", "not: [valid");
    dir.Write("repo/cfg/notes.txt", "not configuration");
    Git(root, {"init", "-q"});
    Git(root, {"config", "user.email", "test@example.com"});
    Git(root, {"config", "user.name", "Test"});
    Git(root, {"add", "-A"});
    Git(root, {"commit", "-q", "-m", "old"});
    dir.Write("repo/cfg/main.yaml", kNew);
    dir.Write("repo/fresh/main.yaml", kNew);
    Git(root, {"add", "-A"});
    Git(root, {"commit", "-q", "-m", "new"});
  }
};

TEST_CASE("current state: git:HEAD~1 reads the configuration at that revision") {
  STAGEGATE_REQUIRE_TOOL("git");
  Repo repo;
  Loaded l = Current("git:HEAD~1", {repo.root + "/cfg"});
  INFO(l.Headlines().size());
  REQUIRE(l.ok);
  CHECK_FALSE(l.cannot_run);
  CHECK_FALSE(l.state.absent);
  CHECK(l.state.label == "git:HEAD~1");
  REQUIRE(l.state.workspace);
  REQUIRE(l.state.access);
  CHECK(l.state.workspace->users.size() == 1);  // the old configuration
  REQUIRE(l.state.loaded.sources.size() == 1);  // .hidden.yaml and notes.txt left out
  CHECK(l.state.loaded.sources.file(0).path() == "HEAD~1:cfg/main.yaml");

  // The repository's top directory as the configuration path.
  Loaded top = Current("git:HEAD~1", {repo.root});
  REQUIRE(top.ok);
  REQUIRE(top.state.loaded.sources.size() == 1);
  CHECK(top.state.loaded.sources.file(0).path() == "HEAD~1:cfg/main.yaml");

  // A branch name with a slash, as in origin/main.
  Git(repo.root, {"branch", "team/old", "HEAD~1"});
  Loaded branch = Current("git:team/old", {repo.root + "/cfg"});
  REQUIRE(branch.ok);
  REQUIRE(branch.state.loaded.sources.size() == 1);
  CHECK(branch.state.loaded.sources.file(0).path() == "team/old:cfg/main.yaml");

  Loaded head = Current("git:HEAD", {repo.root + "/cfg"});
  REQUIRE(head.ok);
  CHECK(head.state.workspace->users.size() == 2);
}

TEST_CASE("current state: a path absent at the revision is a new configuration") {
  STAGEGATE_REQUIRE_TOOL("git");
  Repo repo;
  Loaded l = Current("git:HEAD~1", {repo.root + "/fresh"});
  CHECK(l.ok);
  CHECK(l.diags.empty());
  CHECK(l.state.absent);
  REQUIRE(l.state.workspace);
  REQUIRE(l.state.access);
  CHECK(l.state.workspace->users.empty());
}

TEST_CASE("current state: git errors say what to do") {
  STAGEGATE_REQUIRE_TOOL("git");
  Repo repo;
  // Remotes as a clone has them; origin's default branch is 'trunk', so the
  // fetch hint names 'trunk', not a guess.
  Git(repo.root, {"remote", "add", "origin", repo.root + "/../nowhere"});
  Git(repo.root, {"remote", "add", "upstream", repo.root + "/../elsewhere"});
  Git(repo.root, {"update-ref", "refs/remotes/origin/trunk", "HEAD"});
  Git(repo.root, {"symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk"});
  struct Case {
    std::string spec, path, headline;
  };
  TempDir plain;
  std::vector<Case> cases = {
      {"git:nope", repo.root + "/cfg",
       "stagegate: error: git revision 'nope' does not exist; fetch it first, e.g. 'git fetch "
       "origin nope' [git-error]"},
      {"git:upstream/release/2", repo.root + "/cfg",
       "stagegate: error: git revision 'upstream/release/2' does not exist; fetch it first, e.g. "
       "'git fetch upstream release/2' [git-error]"},
      {"git:HEAD~5", repo.root + "/cfg",
       "stagegate: error: git revision 'HEAD~5' does not exist; fetch it first, e.g. 'git fetch "
       "origin trunk' [git-error]"},
      {"git:team/x", repo.root + "/cfg",
       "stagegate: error: git revision 'team/x' does not exist; fetch it first, e.g. 'git fetch "
       "origin team/x' [git-error]"},
      {"git:--output=/tmp/x", repo.root + "/cfg",
       "stagegate: error: git revision '--output=/tmp/x' is not valid: it must not start with '-' "
       "[git-error]"},
      {"git:", repo.root + "/cfg",
       "stagegate: error: 'git:' names no revision; write one, e.g. 'git:origin/main' [git-error]"},
      {"git:HEAD", plain.path(),
       "stagegate: error: '" + plain.path() +
           "' is not in a git repository; 'git:REF' reads the configuration at a revision of "
           "the repository that holds it [git-error]"},
  };
  for (const Case& c : cases) {
    Loaded l = Current(c.spec, {c.path});
    CHECK_FALSE(l.ok);
    CHECK(l.cannot_run);
    CHECK(l.Headlines() == std::vector<std::string>{c.headline});
  }
}

TEST_CASE("current state: without a remote, the fetch hint is the current branch or none") {
  STAGEGATE_REQUIRE_TOOL("git");
  Repo repo;
  Loaded none = Current("git:HEAD~5", {repo.root + "/cfg"});
  CHECK(none.Headlines() ==
        std::vector<std::string>{
            "stagegate: error: git revision 'HEAD~5' does not exist, and the repository has no "
            "remote to fetch it from; name a branch, tag or commit of this repository "
            "[git-error]"});
  // A remote without a default branch: the branch checked out.
  Git(repo.root, {"remote", "add", "mirror", repo.root + "/../nowhere"});
  Git(repo.root, {"checkout", "-q", "-b", "work"});
  Loaded mirror = Current("git:HEAD~5", {repo.root + "/cfg"});
  CHECK(mirror.Headlines() ==
        std::vector<std::string>{
            "stagegate: error: git revision 'HEAD~5' does not exist; fetch it first, e.g. 'git "
            "fetch mirror work' [git-error]"});
}

TEST_CASE("current state: a git revision given as a path hints git:REF") {
  STAGEGATE_REQUIRE_TOOL("git");
  Repo repo;
  Loaded head = Current("HEAD", {repo.root + "/cfg"});
  CHECK(head.cannot_run);
  CHECK(head.Headlines() ==
        std::vector<std::string>{
            "stagegate: error: cannot read 'HEAD': no such file or directory; 'HEAD' is a git "
            "revision: to compare with the configuration at it, write '--current git:HEAD' "
            "[unreadable-file]"});
  // Not a revision either: the plain message, without a hint.
  Loaded other = Current("no-such-dir", {repo.root + "/cfg"});
  REQUIRE_FALSE(other.Headlines().empty());
  CHECK(other.Headlines()[0].find("git:") == std::string::npos);
}

TEST_CASE("current state: git not installed") {
  TempDir empty;
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  setenv("PATH", empty.path().c_str(), 1);
  Loaded l = Current("git:HEAD", {empty.path()});
  setenv("PATH", path.c_str(), 1);
  CHECK_FALSE(l.ok);
  CHECK(l.cannot_run);
  CHECK(l.Headlines() ==
        std::vector<std::string>{
            "stagegate: error: git is not installed (or not on PATH); install it, or compare "
            "against a directory or a state file instead [git-error]"});
}

TEST_CASE("current state: errors in the configuration at the revision are reported") {
  STAGEGATE_REQUIRE_TOOL("git");
  Repo repo;
  repo.dir.Write("repo/cfg/main.yaml", "version: 1\nusers: [\n");
  Git(repo.root, {"commit", "-q", "-a", "-m", "broken"});
  Loaded l = Current("git:HEAD", {repo.root + "/cfg"});
  CHECK_FALSE(l.ok);
  CHECK_FALSE(l.cannot_run);
  REQUIRE(l.Headlines().size() == 1);
  CHECK(l.Headlines()[0].rfind("HEAD:cfg/main.yaml:", 0) == 0);
}

TEST_CASE("current state: a configuration directory") {
  TempDir dir;
  dir.Write("cfg/main.yaml", kOld);
  Loaded l = Current(dir.path() + "/cfg");
  REQUIRE(l.ok);
  CHECK(l.diags.empty());
  REQUIRE(l.state.workspace);
  REQUIRE(l.state.access);
  CHECK(l.state.workspace->users.size() == 1);

  dir.Write("bad/main.yaml", "version: 1\nusers:\n  ann@example.com: {role: boss}\n");
  Loaded bad = Current(dir.path() + "/bad");
  CHECK_FALSE(bad.ok);
  CHECK_FALSE(bad.cannot_run);
  CHECK(bad.diags.error_count() == 1);
  CHECK(bad.diags.warning_count() == 0);  // only the errors are reported

  Loaded missing = Current(dir.path() + "/none");
  CHECK_FALSE(missing.ok);
  CHECK(missing.cannot_run);
}

TEST_CASE("current state: a state file over the limit is refused before it is read") {
  TempDir dir;
  std::string path = dir.Write("big.json", "");
  // Sparse: no disk space and no time spent, the size is what counts.
  REQUIRE(truncate(path.c_str(), static_cast<off_t>(kMaxStateFileBytes + 1)) == 0);
  Loaded l = Current(path);
  CHECK_FALSE(l.ok);
  CHECK(l.cannot_run);
  CHECK(l.Headlines() ==
        std::vector<std::string>{"stagegate: error: cannot read '" + path +
                                 "': it is 1.0 GiB, over the 1 GiB limit for a state file "
                                 "[unreadable-file]"});
}

TEST_CASE("current state: a state file") {
  TempDir dir;
  dir.Write("cfg/main.yaml", kNew);
  Loaded config = Current(dir.path() + "/cfg");
  REQUIRE(config.ok);
  std::string state = StateToJson(*config.state.access);
  std::string path = dir.Write("state.json", state);
  Loaded l = Current(path);
  REQUIRE(l.ok);
  CHECK(l.diags.empty());
  CHECK(StateToJson(*l.state.access) == state);

  std::string old = dir.Write("old.json", "{\"stagegate_state\": 7}\n");
  Loaded v7 = Current(old);
  CHECK_FALSE(v7.ok);
  CHECK_FALSE(v7.cannot_run);
  CHECK(v7.Headlines() ==
        std::vector<std::string>{
            old + ": error: state file version 7 is not supported: this stagegate reads version "
                  "1; regenerate it with 'stagegate compile --format json' "
                  "[unsupported-state-version]"});
}

}  // namespace
}  // namespace stagegate

namespace stagegate {
namespace {

TEST_CASE("current state: an exception on the prefetch thread is thrown where the result is taken") {
  // Without carrying it over, it would end the process (std::terminate)
  // instead of reaching the command's handler (exit 3, "internal error").
  CurrentPrefetch prefetch([]() -> LiveState { throw std::runtime_error("read failed oddly"); });
  REQUIRE(prefetch.Started());
  REQUIRE(prefetch.Database());
  CurrentState out;
  Diagnostics diags;
  bool cannot_run = false;
  CHECK_THROWS_WITH(LoadCurrent("postgresql://ro@/tooljet", {}, PipelineOptions{}, &out, diags,
                                &cannot_run, &prefetch),
                    "read failed oddly");
}

TEST_CASE("current state: what the prefetch thread read is handed over once") {
  CurrentPrefetch prefetch([] {
    LiveState state;
    state.name = "acme";
    return state;
  });
  CHECK(prefetch.TakeLive().name == "acme");
  CHECK_FALSE(prefetch.Started());
}

TEST_CASE("current state: a prefetch whose result is never taken still ends cleanly") {
  CurrentPrefetch prefetch([]() -> LiveState { throw std::runtime_error("never taken"); });
  CHECK(prefetch.Started());
  // The destructor joins the thread and drops the exception.
}

}  // namespace
}  // namespace stagegate
