// stagegate-generate: writes a deterministic, valid and warning-free ToolJet
// access configuration of any size, for benchmarks and scale tests of
// `stagegate check`, `compile` and `plan` (bench/README.md). This file holds
// the command line; the work is in the generate_*.cc files beside it.
//
// The organisation is built as a model first (generate_build.h), then
// optionally edited (--change, generate_change.h), then written
// (generate_files.h). Everything random comes from splitmix64 streams seeded
// by --seed (generate_rng.h); nothing depends on time, addresses or unordered
// iteration, so the same options give byte-identical files.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "generate_assertions.h"
#include "generate_build.h"
#include "generate_change.h"
#include "generate_files.h"
#include "generate_model.h"

namespace stagegate::bench {
namespace {

struct Options {
  std::string preset = "small", layout = "multi", dir;
  uint32_t users = 0, groups = 0, apps = 0, change = 0, users_per_file = 0;
  uint64_t seed = 1;
  bool force = false;
};

void AddOptions(CLI::App& cli, Options& opt) {
  cli.add_option("--preset", opt.preset,
                 "small (about 12 users, 5 groups, 4 apps), large (5,000 / 300 / 1,000), xl "
                 "(50,000 / 2,000 / 10,000) or mixed (20,000 / 1,000 / 3,000, users 1,000 per "
                 "file: a few large files beside many small ones) or warnheavy (mixed's sizes, users by team, "
                 "with many warnings: edit grants without development, appPromote/appRelease "
                 "holders without edit, end-users' view grants without released)")
      ->check(CLI::IsMember({"small", "large", "xl", "mixed", "warnheavy"}))
      ->capture_default_str();
  cli.add_option("--users", opt.users, "Number of users (overrides the preset; at least 10)");
  cli.add_option("--groups", opt.groups,
                 "Number of custom groups (overrides the preset; at least 5)");
  cli.add_option("--apps", opt.apps, "Number of apps (overrides the preset; at least 2)");
  cli.add_option("--seed", opt.seed, "Seed of the pseudo-random choices")->capture_default_str();
  cli.add_option("--layout", opt.layout,
                 "multi: one file per group and app, users by team; single: one config.yaml")
      ->check(CLI::IsMember({"multi", "single"}))
      ->capture_default_str();
  cli.add_option("--users-per-file", opt.users_per_file,
                 "multi layout: this many users per file instead of one file per team of 50 to "
                 "200 (mixed: 1,000)");
  cli.add_option("--change", opt.change,
                 "Apply N deterministic edits to the organisation (for `stagegate plan`)");
  cli.add_option("-o,--output", opt.dir,
                 "Directory to write (created; must be empty unless --force)")
      ->required();
  cli.add_flag(
      "--force", opt.force,
      "Write into a non-empty directory, replacing the files and directories an earlier run wrote");
}

// The preset's sizes with the explicit numbers over them; the mixed preset's
// users-per-file default too.
Sizes ResolveSizes(Options& opt) {
  Sizes sizes = opt.preset == "small"   ? Sizes{12, 5, 4}
                : opt.preset == "large" ? Sizes{5000, 300, 1000}
                : opt.preset == "mixed" || opt.preset == "warnheavy" ? Sizes{20000, 1000, 3000}
                                        : Sizes{50000, 2000, 10000};
  if (opt.preset == "mixed" && opt.users_per_file == 0) opt.users_per_file = 1000;
  if (opt.users) sizes.users = opt.users;
  if (opt.groups) sizes.groups = opt.groups;
  if (opt.apps) sizes.apps = opt.apps;
  return sizes;
}

// Empty when the sizes are usable, else the message.
std::string CheckSizes(const Sizes& sizes) {
  if (sizes.users < 10 || sizes.groups < 5 || sizes.apps < 2) {
    return "need at least 10 users, 5 groups and 2 apps";
  }
  if (sizes.users > 5000000 || sizes.groups > 1000000 || sizes.apps > 1000000) {
    return "at most 5,000,000 users, 1,000,000 groups and 1,000,000 apps";
  }
  return "";
}

std::string Thousands(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

void PrintSummary(const Options& opt, const Org& org, const Output& out,
                  const ChangeCounts& changes, double seconds) {
  std::string edited;
  if (opt.change > 0) {
    edited = fmt::format(
        "; {} changes ({} widened, {} narrowed, {} environments, {} moved, {} disabled, {} "
        "promoted)",
        changes.Total(), changes.widened, changes.narrowed, changes.environments, changes.moved,
        changes.disabled, changes.promoted);
  }
  fmt::print(
      stderr,
      "stagegate-generate: {} file{}, {} bytes ({:.1f} MB) in {}: {} users, {} groups, {} apps, "
      "{} data sources, {} constants, {} assertions{} ({:.2f} s)\n",
      Thousands(out.files), out.files == 1 ? "" : "s", Thousands(out.bytes),
      static_cast<double>(out.bytes) / 1e6, opt.dir, Thousands(org.users.size()),
      Thousands(org.groups.size()), Thousands(org.apps.size()), Thousands(org.sources.size()),
      Thousands(org.constants.size()), out.assertions, edited, seconds);
  if (opt.change > 0 && changes.Total() < opt.change) {
    fmt::print(stderr, "stagegate-generate: only {} of the {} changes could be applied\n",
               changes.Total(), opt.change);
  }
}

// Builds, changes and writes; throws on a failure to write.
void Generate(const Options& opt, const Sizes& sizes, std::chrono::steady_clock::time_point start) {
  Org org;
  Builder(org, sizes, opt.seed).WarningHeavy(opt.preset == "warnheavy").Build();
  if (org.users.size() != sizes.users || org.groups.size() != sizes.groups ||
      org.apps.size() != sizes.apps) {
    throw std::logic_error(fmt::format("built {} users, {} groups, {} apps instead of {}, {}, {}",
                                       org.users.size(), org.groups.size(), org.apps.size(),
                                       sizes.users, sizes.groups, sizes.apps));
  }
  const std::vector<Assertion> assertions = ChooseAssertions(org, opt.seed);
  ChangeCounts changes;
  if (opt.change > 0) changes = ApplyChanges(org, opt.seed, assertions, opt.change);

  PrepareDirectory(opt.dir, opt.force);
  Output out{opt.dir};
  const std::string comment = fmt::format(
      "Generated by stagegate-generate (seed {}): {} users, {} groups, {} apps.", opt.seed,
      Thousands(org.users.size()), Thousands(org.groups.size()), Thousands(org.apps.size()));
  if (opt.layout == "single") {
    WriteSingle(org, assertions, comment, out);
  } else {
    WriteMulti(org, assertions, comment, opt.users_per_file, out);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  PrintSummary(opt, org, out, changes, seconds);
}

// The options, checked; then Generate. Exit codes: 0 written, 1 failed
// while writing, 2 unusable options (CLI11's own codes for parse errors).
int Main(int argc, char** argv) {
  CLI::App cli{
      "Write a deterministic, valid ToolJet access configuration of a chosen size, for "
      "benchmarking stagegate (bench/README.md)."};
  cli.name("stagegate-generate");
  Options opt;
  AddOptions(cli, opt);
  CLI11_PARSE(cli, argc, argv);

  const auto start = std::chrono::steady_clock::now();
  const Sizes sizes = ResolveSizes(opt);
  if (const std::string problem = CheckSizes(sizes); !problem.empty()) {
    fmt::print(stderr, "stagegate-generate: {}\n", problem);
    return 2;
  }
  try {
    Generate(opt, sizes, start);
  } catch (const std::exception& e) {
    fmt::print(stderr, "stagegate-generate: error: {}\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace stagegate::bench

int main(int argc, char** argv) { return stagegate::bench::Main(argc, argv); }
