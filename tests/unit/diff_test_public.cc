// R13 in the diff: an app made public or private, or a public app released,
// is a change of what anyone gets (Diff::public_apps, counted among the access
// changes); the app's `public` field shows only where an app is public; the
// guard rails see it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "diff/guard_rails.h"
#include "diff_test_support.h"

namespace stagegate {
namespace {

using testing::DiffYaml;
using testing::EntityLines;

std::string Apps(const std::string& careers, const std::string& status) {
  return "version: 1\n"
         "users: {ada@x.io: {role: admin}}\n"
         "apps:\n"
         "  careers:\n" + careers +
         "    versions: [{name: v1, environment: production, status: released}]\n"
         "  status:\n" + status + "    versions: []\n";
}

// "+ careers: none -> use".
std::vector<std::string> PublicLines(const Diff& d) {
  std::vector<std::string> out;
  for (const PublicChange& c : d.public_apps) {
    out.push_back(std::string(c.direction == Direction::kGain ? "+ " : "- ") + c.app + ": " +
                  std::string(PublicAccessName(c.before)) + " -> " +
                  std::string(PublicAccessName(c.after)));
  }
  return out;
}

TEST_CASE("diff: apps made public are gains of anyone's counted as access changes") {
  auto f = DiffYaml(Apps("", ""), Apps("    public: true\n", "    public: true\n"));
  CHECK(PublicLines(f.diff) ==
        std::vector<std::string>{"+ careers: none -> use", "+ status: none -> once released"});
  CHECK(f.diff.cells.empty());  // users' cells are unchanged
  CHECK(f.diff.summary.access_gains == 2);
  CHECK(f.diff.summary.access_losses == 0);
  CHECK(EntityLines(f.diff) == std::vector<std::string>{"~ app careers",
                                                        "  apps.careers.public: false -> true",
                                                        "~ app status",
                                                        "  apps.status.public: false -> true"});
}

TEST_CASE("diff: gains of anyone's first and then losses") {
  auto f = DiffYaml(Apps("", "    public: true\n"),
                    Apps("    public: true\n", "    public: false\n"));
  CHECK(PublicLines(f.diff) ==
        std::vector<std::string>{"+ careers: none -> use", "- status: once released -> none"});
  CHECK(f.diff.summary.access_gains == 1);
  CHECK(f.diff.summary.access_losses == 1);
}

TEST_CASE("diff: a public app released is a gain of anyone's") {
  std::string before = "version: 1\nusers: {ada@x.io: {role: admin}}\napps:\n  status:\n"
                       "    public: true\n"
                       "    versions: [{name: v1, environment: staging, status: published}]\n";
  std::string after = "version: 1\nusers: {ada@x.io: {role: admin}}\napps:\n  status:\n"
                      "    public: true\n"
                      "    versions: [{name: v1, environment: production, status: released}]\n";
  auto f = DiffYaml(before, after);
  CHECK(PublicLines(f.diff) == std::vector<std::string>{"+ status: once released -> use"});
}

TEST_CASE("diff: an app that is public on neither side has no public field") {
  auto f = DiffYaml("", Apps("", "    public: false\n"));
  CHECK(f.diff.public_apps.empty());
  for (const EntityChange& e : f.diff.entities) {
    for (const FieldChange& field : e.fields) CHECK(field.path.find("public") == std::string::npos);
  }
  auto added = DiffYaml("", Apps("    public: true\n", ""));
  CHECK(PublicLines(added.diff) == std::vector<std::string>{"+ careers: none -> use"});
  const std::vector<std::string> lines = EntityLines(added.diff);
  CHECK(std::find(lines.begin(), lines.end(), "  apps.careers.public: (absent) -> true") !=
        lines.end());
}

std::vector<std::string> Rails(const Diff& diff, std::vector<std::string> deny, int64_t max = -1) {
  GuardRails rails;
  rails.deny_gain = std::move(deny);
  rails.max_access_changes = max;
  Diagnostics diags;
  CheckGuardRails(rails, diff, diags);
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.items()) {
    out.push_back(std::string(CodeName(d.code)) + ": " + d.message);
  }
  return out;
}

TEST_CASE("guard rails: --deny-gain public refuses an app made public") {
  auto f = DiffYaml(Apps("", ""), Apps("    public: true\n", "    public: true\n"));
  CHECK(Rails(f.diff, {"public"}) ==
        std::vector<std::string>{
            "denied-access-gain: 2 access changes are denied by --deny-gain public: anyone gains "
            "use in 'released' on 'careers' (made public); 'status' is made public (anyone will "
            "open it once it is released); if this is intended, have it approved and run the "
            "check without this rule for this change"});
  // The cell rules see anyone's released app too, not what is not released yet.
  CHECK(Rails(f.diff, {"use:released"}).size() == 1);
  CHECK(Rails(f.diff, {"use:*"}).size() == 1);
  CHECK(Rails(f.diff, {"preview:*", "run:released", "appRelease"}).empty());
  CHECK(Rails(f.diff, {}, 1) ==
        std::vector<std::string>{
            "too-many-access-changes: 2 access changes (2 gains, 0 losses), more than "
            "--max-access-changes 1 allows; split the change, or have it approved and raise the "
            "limit for this change"});
  std::string error;
  CHECK(ValidDenyGainRule("public", &error));
}

TEST_CASE("guard rails: an app made private trips no --deny-gain public") {
  auto f = DiffYaml(Apps("    public: true\n", ""), Apps("", ""));
  CHECK(Rails(f.diff, {"public", "use:released"}).empty());
}

}  // namespace
}  // namespace stagegate
