// Hostile and broken input through the real binary, generated here because it
// is too large to keep in git (tests/golden/adversarial holds the small
// cases): a 100 MB file, 100,000-deep nesting, alias bombs, 100,000 keys in
// one mapping, a 1 MB scalar, symbolic links that loop or lead out of the
// directory, and a file that cannot be read. Each run must end with the
// expected diagnostic and exit code, within a time and memory bound that
// proves it did not blow up (a hang guard and a ceiling, not a speed target;
// bench/ measures speed).
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "unit/cli_commands.h"
#include "unit/cli_support.h"
#include "unit/skip.h"

namespace stagegate::testing {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

constexpr int kTimeoutSeconds = 120;
// AddressSanitizer's shadow memory and quarantine add a few hundred MiB.
constexpr long kMemoryCeilingKib = (kSanitized ? 1024 : 256) * 1024;

// Runs stagegate with the hang guard; checks it ended, stayed under
// `ceiling_kib` (which includes what the child inherited from this process
// at fork) and printed a bounded amount.
RunResult RunBounded(const std::vector<std::string>& args, long ceiling_kib = kMemoryCeilingKib,
                     RunOptions options = {}) {
  options.timeout_seconds = kTimeoutSeconds;
  RunResult r = Run(args, options);
  INFO("stagegate " << args.front() << " " << args.back());
  CHECK_FALSE(r.timed_out);
  CHECK(r.max_rss_kib < ceiling_kib);
  CHECK(r.out.size() + r.err.size() < 64 * 1024);
  return r;
}

// `levels` anchored lists after `first` (the anchored line of level 0), each
// holding `fanout` aliases of the one before: fanout^levels nodes.
std::string AliasChain(const std::string& first, char name, int levels, int fanout) {
  std::string text = "version: 1\nx:\n  " + first + "\n";
  for (int i = 1; i <= levels; ++i) {
    text += fmt::format("  {0}{1}: &{0}{1} [", name, i);
    for (int k = 0; k < fanout; ++k) text += fmt::format("{}*{}{}", k ? ", " : "", name, i - 1);
    text += "]\n";
  }
  return text;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_CASE("adversarial: a 100 MB file is refused unread, and read with a higher limit") {
  TempDir dir;
  std::string cfg = WriteNexora(dir, "cfg");
  RunResult alone = RunBounded({"check", cfg});
  REQUIRE(alone.exit_code == 0);
  // 100 MB of comments: valid YAML, so a raised limit must accept it.
  // Written line by line: a child's peak memory counts what it inherited from
  // this process at fork, so this process must not hold the file.
  {
    std::ofstream padding(cfg + "/zz-padding.yaml", std::ios::binary);
    const std::string line = "# " + std::string(97, 'x') + "\n";
    for (int i = 0; i < 1000 * 1000; ++i) padding << line;
    REQUIRE(padding.good());
  }

  // Never read into memory: the peak stays far below the file's size above
  // the peak without it.
  RunResult refused = RunBounded({"check", cfg});
  CHECK(refused.max_rss_kib < alone.max_rss_kib + 32 * 1024);
  CHECK(refused.exit_code == 1);
  CHECK(Contains(refused.out, "cfg/zz-padding.yaml: error: file is 95.4 MiB, over the 64 MiB "
                              "limit; split it into several files [file-too-large]"));

  RunResult raised = RunBounded({"check", cfg, "--max-file-size", "200MiB"}, 2048 * 1024);
  CHECK(raised.exit_code == 0);
  // nexora's one warning: where ToolJet's server differs (S1).
  CHECK(Contains(raised.out, "cfg: valid, with 1 warning (9 files: 11 users,"));
}

TEST_CASE("adversarial: 100,000-deep nesting, flow and block, stops at the depth limit") {
  TempDir dir;
  const int n = 100000;
  std::string block;
  for (int i = 0; i < n; ++i) block += "- ";
  struct Case {
    std::string text;
    std::string headline;
  } cases[] = {
      {"version: 1\nusers: " + std::string(n, '[') + std::string(n, ']') + "\n",
       "a.yaml:2:71: error: collections are nested more than 64 levels deep; flatten this part "
       "of the file [nesting-too-deep]"},
      {"version: 1\nusers:\n" + block + "x\n",
       "a.yaml:3:127: error: collections are nested more than 64 levels deep; flatten this part "
       "of the file [nesting-too-deep]"},
  };
  for (const Case& c : cases) {
    dir.Write("in/a.yaml", c.text);
    RunResult r = RunBounded({"check", dir.path() + "/in"});
    CHECK(r.exit_code == 1);
    CHECK(Contains(r.out, dir.path() + "/in/" + c.headline));
  }
}

TEST_CASE("adversarial: alias bombs stop at the alias limit") {
  TempDir dir;
  // "Billion laughs": nine levels of ten aliases each, 10^9 nodes.
  std::string laughs =
      AliasChain("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]", 'a', 9, 10);
  // The same through merge keys, which copy entries.
  std::string merges =
      AliasChain("m0: &m0 {k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5}", 'm', 11, 8);
  for (const std::string& text : {laughs, merges}) {
    dir.Write("in/a.yaml", text);
    RunResult r = RunBounded({"check", dir.path() + "/in"});
    CHECK(r.exit_code == 1);
    CHECK(Contains(r.out, "expand to more than 1,000,000 nodes; use fewer or smaller aliases "
                          "(this pattern can exhaust memory) [alias-limit]"));
  }
}

TEST_CASE("adversarial: 100,000 keys in one mapping are read, and a repeated one is found") {
  TempDir dir;
  std::string cfg = WriteNexora(dir, "cfg");
  std::string users = "users:\n";
  for (int i = 0; i < 100000; ++i) {
    users += "  user" + std::to_string(i) + "@nexora.io: {name: User " + std::to_string(i) +
             ", role: end-user}\n";
  }
  dir.Write("cfg/zz-users.yaml", users);
  RunResult valid = RunBounded({"check", cfg});
  CHECK(valid.exit_code == 0);
  // One warning names three of them and counts the rest.
  CHECK(Contains(valid.out, "cfg/zz-users.yaml:2:3: warning: end-users 'user0@nexora.io', "
                            "'user10000@nexora.io', 'user10001@nexora.io' and 99997 more are in "
                            "no group"));
  CHECK(Contains(valid.out, "valid, with 2 warnings (9 files: 100011 users,"));

  dir.Write("cfg/zz-users.yaml", users + "  user99999@nexora.io: {name: Again, role: end-user}\n");
  RunResult repeated = RunBounded({"check", cfg});
  CHECK(repeated.exit_code == 1);
  CHECK(Contains(repeated.out, "cfg/zz-users.yaml:100002:3: error: duplicate key "
                               "'user99999@nexora.io'"));
}

TEST_CASE("adversarial: a 1 MB scalar over many lines is reported with a short code frame") {
  TempDir dir;
  std::string cfg = WriteNexora(dir, "cfg");
  std::string value;
  for (int i = 0; i < 10000; ++i) value += "        " + std::string(100, 'v') + "\n";
  dir.Write("cfg/zz-constant.yaml",
            "constants:\n  HUGE:\n    type: global\n    values:\n      development: |\n" + value +
                "      staging: s\n      production: p\n");
  RunResult r = RunBounded({"check", cfg});
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.out, "cfg/zz-constant.yaml:5:20: error: "));
  CHECK(Contains(r.out, "[constant-value-length]"));
  CHECK(r.out.size() < 4096);
}

TEST_CASE("adversarial: symbolic links that loop or lead out of the directory") {
  TempDir dir;
  std::string cfg = WriteNexora(dir, "cfg");
  dir.Write("outside/secret.yaml", "version: 1\nworkspace: elsewhere\n");
  REQUIRE(symlink((dir.path() + "/outside").c_str(), (cfg + "/escape").c_str()) == 0);
  REQUIRE(symlink((dir.path() + "/outside/secret.yaml").c_str(), (cfg + "/leak.yaml").c_str()) ==
          0);
  REQUIRE(mkdir((cfg + "/teams").c_str(), 0755) == 0);
  REQUIRE(symlink("..", (cfg + "/teams/loop").c_str()) == 0);
  REQUIRE(symlink("self.yaml", (cfg + "/self.yaml").c_str()) == 0);
  RunResult r = RunBounded({"check", cfg});
  CHECK(r.exit_code == 1);
  CHECK(Contains(r.out, "[symlink-escape]"));
  CHECK(Contains(r.out, "[symlink-loop]"));
  CHECK_FALSE(Contains(r.out + r.err, "elsewhere"));
}

TEST_CASE("adversarial: a file that cannot be read stops the run with exit 3") {
  TempDir dir;
  std::string cfg = WriteNexora(dir, "cfg");
  dir.Write("cfg/locked.yaml", "version: 1\n");
  REQUIRE(chmod((cfg + "/locked.yaml").c_str(), 0) == 0);
  RunOptions options;
  if (geteuid() == 0) {
    // Root reads every file: run as nobody, who can read the rest.
    if (!testing::Installed("setpriv")) {
      STAGEGATE_SKIP("setpriv (util-linux) is not installed; root cannot test an unreadable file");
    }
    // A copy of the binary beside the files, so nobody can run it wherever
    // the build directory is.
    options.binary = dir.path() + "/stagegate";
    std::string open_up = "cp '" STAGEGATE_BINARY "' '" + options.binary + "' && chmod -R a+rX '" +
                          dir.path() + "' && chmod 0 '" + cfg + "/locked.yaml'";
    REQUIRE(std::system(open_up.c_str()) == 0);
    options.wrapper = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    RunOptions probe = options;
    probe.binary = "test";
    if (Run({"-r", cfg + "/apps.yaml"}, probe).exit_code != 0) {
      STAGEGATE_SKIP("nobody cannot reach " << dir.path() << " (TMPDIR); cannot test an unreadable file");
    }
  }
  RunResult r = RunBounded({"check", cfg}, kMemoryCeilingKib, options);
  CHECK(r.exit_code == 3);
  CHECK(Contains(r.out + r.err, "locked.yaml': permission denied [unreadable-file]"));
}

}  // namespace
}  // namespace stagegate::testing
