// R13, public apps in check: the public-app warning at the `public: true`
// that makes an app public (released or not), and the assertion
// `{app, public: false}` (or true), which needs no user: exact headlines and
// notes; a user's checks beside `public` without a user are refused (the
// schema's part, `public` needing `app`, is in schema_test_public.cc).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "checks_test_access_support.h"

namespace stagegate {
namespace {

using testing::CheckWithAccess;
using testing::ErrorHeadlines;
using testing::ErrorNotes;
using Lines = std::vector<std::string>;

// Assertions follow on line 12.
const char kApps[] = R"(version: 1
users: {ada@x.io: {role: admin}}
apps:
  careers:
    public: true
    versions: [{name: v1, environment: production, status: released}]
  status:
    public: true
  payroll:
    versions: [{name: v1, environment: production, status: released}]
assertions:
)";

Lines Warnings(const testing::Staged& c) {
  Lines out;
  for (const Diagnostic& d : c.diags.items()) {
    if (d.severity == Severity::kWarning) out.push_back(FormatHeadline(c.loaded.sources, d));
  }
  return out;
}

TEST_CASE("public-app: a warning at each public: true, released or not") {
  auto c = CheckWithAccess(std::string(kApps) + "  - {app: payroll, public: false}\n");
  CHECK(ErrorHeadlines(c).empty());
  CHECK(Warnings(c) ==
        Lines{"a.yaml:5:13: warning: app 'careers' is public: anyone with its link opens the "
              "released app without signing in, whatever the roles and groups grant (R13); if "
              "only the workspace's users should open it, remove 'public: true' (in ToolJet, "
              "turn off the app's public link) [public-app]",
              "a.yaml:8:13: warning: app 'status' is public: it has no released version yet, "
              "and anyone with its link will open the released app without signing in as soon "
              "as one is released, whatever the roles and groups grant (R13); if only the "
              "workspace's users should open it, remove 'public: true' (in ToolJet, turn off "
              "the app's public link) [public-app]"});
}

TEST_CASE("assertion public: false fails on a public app, naming it and where it is made public") {
  auto c = CheckWithAccess(std::string(kApps) +
                           "  - {app: careers, public: false}\n"
                           "  - {app: status, public: false}\n");
  CHECK(ErrorHeadlines(c) ==
        Lines{"a.yaml:12:28: error: expected app 'careers' not to be public, but it is: anyone "
              "with its link opens the released app without signing in (R13); remove its "
              "'public: true', or this assertion if the app is meant to be public "
              "[assertion-failed]",
              "a.yaml:13:27: error: expected app 'status' not to be public, but it is: anyone "
              "with its link will open the released app, once one is released, without signing "
              "in (R13); remove its 'public: true', or this assertion if the app is meant to be "
              "public [assertion-failed]"});
  CHECK(ErrorNotes(c) == Lines{"a.yaml:5:13: made public here", "a.yaml:8:13: made public here"});
}

TEST_CASE("assertion public: true fails on an app that is not public") {
  auto c = CheckWithAccess(std::string(kApps) +
                           "  - {app: payroll, public: true}\n"
                           "  - {app: careers, public: true}\n");
  CHECK(ErrorHeadlines(c) ==
        Lines{"a.yaml:12:28: error: expected app 'payroll' to be public, but it is not: only the "
              "users its grants reach open it (R13); add 'public: true' to the app "
              "[assertion-failed]"});
  CHECK(ErrorNotes(c) == Lines{"a.yaml:9:3: the app is defined here"});
}

TEST_CASE("assertion public: with a user the user's checks run too and without one they are refused") {
  auto with_user = CheckWithAccess(std::string(kApps) +
                                   "  - {user: ada@x.io, app: payroll, public: false, "
                                   "expect: {released: use}}\n");
  CHECK(ErrorHeadlines(with_user).empty());
  auto without = CheckWithAccess(std::string(kApps) +
                                 "  - {app: payroll, public: false, expect: {released: use}}\n");
  CHECK(ErrorHeadlines(without) ==
        Lines{"a.yaml:12:5: error: 'expect', 'can' and 'cannot' check a user: add the 'user', or "
              "put 'public' in an assertion of its own [invalid-assertion]"});
}

}  // namespace
}  // namespace stagegate
