// Tests of assertion evaluation (format.md, Assertions): expect, can and
// cannot, with and without an app, holding and failing; a failure's exact
// headline (expected value, actual value, the grants behind it) and its notes
// at those grants; malformed assertions skipped; assertions that hold under
// the documented rules but not on ToolJet's server (S1-S6). Cases share
// kBase, a small company; each case's assertions start at line 41.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "checks_test_access_support.h"

namespace stagegate {
namespace {

using testing::CheckWithAccess;
using testing::ErrorHeadlines;
using testing::ErrorNotes;

const char kBase[] = R"(version: 1
roles: {builder: {apps: []}, end-user: {apps: []}}
users:
  ada@nexora.io: {role: admin}
  dana@nexora.io: {role: builder}
  quinn@nexora.io: {role: builder}
  lee@nexora.io: {role: builder}
  eve@nexora.io: {role: end-user}
  sam@nexora.io: {role: builder, disabled: true}
  vic@nexora.io: {role: builder}
  olga@nexora.io: {role: builder}
apps:
  payroll:
    owner: lee@nexora.io
    versions: [{name: v1, environment: production, status: released}]
  portal: {}
groups:
  developers:
    members: [dana@nexora.io, sam@nexora.io]
    apps: [{apps: "*", permission: edit, environments: [development]}]
  qa:
    members: [quinn@nexora.io]
    apps: [{apps: "*", permission: edit, environments: [staging]}]
  qa-prod:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [production]}]
  leads:
    members: [lee@nexora.io]
    permissions: [appPromote, appRelease]
    apps: [{apps: "*", permission: edit}]
  employees:
    members: [eve@nexora.io]
    apps: [{apps: [payroll], permission: view}]
  auditors:
    members: [vic@nexora.io, olga@nexora.io]
    apps: [{apps: "*", permission: view}]
  promoters:
    members: [vic@nexora.io]
    permissions: [appPromote]
assertions:
)";

struct Case {
  const char* name;
  std::string yaml;  // appended to kBase: assertion items from line 41
  std::vector<std::string> expected;  // error headlines
};

TEST_CASE("assertions that hold report nothing") {
  // Under the documented rules and on ToolJet's server: quinn's development
  // is left out (none documented, edit on the server, S1).
  auto checked = CheckWithAccess(std::string(kBase) + R"(  - user: quinn@nexora.io
    app: payroll
    expect: {staging: run, production: run, released: none}
  - {user: dana@nexora.io, app: portal, expect: {development: edit, staging: none}}
  - {user: eve@nexora.io, app: payroll, expect: {development: none, released: use}}
  - {user: eve@nexora.io, app: portal, expect: {released: none}}
  - {user: sam@nexora.io, app: payroll, expect: {development: none}}
  - {user: ada@nexora.io, app: portal, expect: {development: edit, production: run}}
  - {user: lee@nexora.io, app: payroll, can: [promote, release]}
  - {user: dana@nexora.io, app: payroll, cannot: [promote, release]}
  - {user: lee@nexora.io, can: [appPromote, appRelease], cannot: [appCreate]}
  - {user: ada@nexora.io, can: [orgConstantCRUD, workflowDelete]}
  - {user: sam@nexora.io, cannot: [appCreate]}
)");
  CHECK(ErrorHeadlines(checked).empty());
}

TEST_CASE("expect: a failure shows the actual value and the grants behind it") {
  const std::vector<Case> cases = {
      {"two groups combine (R2 + R3)",
       "  - {user: quinn@nexora.io, app: payroll, expect: {production: none}}\n",
       {"a.yaml:41:52: error: expected none in 'production' for 'quinn@nexora.io' on 'payroll', "
        "but it is run: level edit from group 'qa', 'production' from group 'qa-prod' "
        "[assertion-failed]"}},
      {"one grant gives both",
       "  - {user: dana@nexora.io, app: payroll, expect: {development: preview}}\n",
       {"a.yaml:41:51: error: expected preview in 'development' for 'dana@nexora.io' on "
        "'payroll', but it is edit: level edit and 'development' from group 'developers' "
        "[assertion-failed]"}},
      {"admins and owners (R6)",
       "  - {user: ada@nexora.io, app: portal, expect: {staging: none}}\n"
       "  - {user: lee@nexora.io, app: payroll, expect: {released: none}}\n",
       {"a.yaml:41:49: error: expected none in 'staging' for 'ada@nexora.io' on 'portal', but it "
        "is run: level edit and 'staging' from the admin role (R6) [assertion-failed]",
        "a.yaml:42:50: error: expected none in 'released' for 'lee@nexora.io' on 'payroll', but "
        "it is use: level edit and 'released' from ownership of 'payroll' (R6) and group 'leads' "
        "[assertion-failed]"}},
      {"why a cell is none: no grant, not in any grant's environments, not released, disabled",
       R"(  - {user: eve@nexora.io, app: portal, expect: {released: use}}
  - {user: dana@nexora.io, app: payroll, expect: {production: run}}
  - {user: lee@nexora.io, app: portal, expect: {released: use}}
  - {user: sam@nexora.io, app: payroll, expect: {development: edit}}
)",
       {"a.yaml:41:49: error: expected use in 'released' for 'eve@nexora.io' on 'portal', but it "
        "is none: no grant gives them access to 'portal' [assertion-failed]",
        "a.yaml:42:51: error: expected run in 'production' for 'dana@nexora.io' on 'payroll', but "
        "it is none: no grant that reaches them includes 'production' (R3) [assertion-failed]",
        "a.yaml:43:49: error: expected use in 'released' for 'lee@nexora.io' on 'portal', but it "
        "is none: 'portal' has no released version (R4) [assertion-failed]",
        "a.yaml:44:50: error: expected edit in 'development' for 'sam@nexora.io' on 'payroll', "
        "but it is none: 'sam@nexora.io' is disabled (R7) [assertion-failed]"}},
      {"several columns: each failing one is reported, the others not",
       "  - {user: quinn@nexora.io, app: portal, expect: {development: edit, staging: run, "
       "production: run}}\n",
       {"a.yaml:41:51: error: expected edit in 'development' for 'quinn@nexora.io' on 'portal', "
        "but it is none: no grant that reaches them includes 'development' (R3) "
        "[assertion-failed]",
        "a.yaml:41:84: error: expected run in 'production' for 'quinn@nexora.io' on 'portal', "
        "but it is none: no grant that reaches them includes 'production' (R3) "
        "[assertion-failed]"}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      auto checked = CheckWithAccess(kBase + c.yaml);
      CHECK(ErrorHeadlines(checked) == c.expected);
    }
  }
}

TEST_CASE("expect: notes point at the grants behind the actual value") {
  auto checked = CheckWithAccess(
      std::string(kBase) +
      "  - {user: quinn@nexora.io, app: payroll, expect: {production: none}}\n"
      "  - {user: lee@nexora.io, app: payroll, expect: {staging: preview}}\n");
  CHECK(ErrorNotes(checked) == std::vector<std::string>{
                              "a.yaml:23:36: level edit from here",
                              "a.yaml:26:63: 'production' from here",
                              "a.yaml:14:12: level edit and 'staging' from here",
                              "a.yaml:30:12: level edit and 'staging' from here",
                          });
}

TEST_CASE("can and cannot without an app: workspace permissions (R8)") {
  const std::vector<Case> cases = {
      {"a permission nobody grants",
       "  - {user: dana@nexora.io, can: [appPromote]}\n",
       {"a.yaml:41:34: error: expected 'dana@nexora.io' to hold appPromote, but they do not: "
        "neither role 'builder' nor group 'developers' grants it (R8) [assertion-failed]"}},
      {"a user in several groups, and a disabled user",
       "  - {user: quinn@nexora.io, can: [appCreate]}\n"
       "  - {user: sam@nexora.io, can: [appCreate]}\n",
       {"a.yaml:41:35: error: expected 'quinn@nexora.io' to hold appCreate, but they do not: "
        "neither role 'builder' nor groups 'qa' and 'qa-prod' grant it (R8) [assertion-failed]",
        "a.yaml:42:33: error: expected 'sam@nexora.io' to hold appCreate, but they do not: "
        "'sam@nexora.io' is disabled (R7) [assertion-failed]"}},
      {"cannot: a group grants it, or the user is an admin",
       "  - {user: lee@nexora.io, cannot: [appRelease]}\n"
       "  - {user: ada@nexora.io, cannot: [folderCRUD]}\n",
       {"a.yaml:41:36: error: expected 'lee@nexora.io' not to hold appRelease, but they do: from "
        "group 'leads' (R8) [assertion-failed]",
        "a.yaml:42:36: error: expected 'ada@nexora.io' not to hold folderCRUD, but they do: admins "
        "hold every workspace permission (R6) [assertion-failed]"}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      auto checked = CheckWithAccess(kBase + c.yaml);
      CHECK(ErrorHeadlines(checked) == c.expected);
    }
  }
}

TEST_CASE("cannot without an app: a note at the permission entry") {
  auto checked =
      CheckWithAccess(std::string(kBase) + "  - {user: lee@nexora.io, cannot: [appRelease]}\n");
  CHECK(ErrorNotes(checked) == std::vector<std::string>{"a.yaml:29:31: appRelease granted here"});
}

TEST_CASE("can and cannot with an app: promote and release (R9, R10)") {
  const std::vector<Case> cases = {
      {"can: each reason it does not hold",
       R"(  - {user: dana@nexora.io, app: payroll, can: [promote]}
  - {user: vic@nexora.io, app: payroll, can: [promote]}
  - {user: olga@nexora.io, app: portal, can: [release]}
  - {user: eve@nexora.io, app: payroll, can: [release]}
  - {user: sam@nexora.io, app: payroll, can: [promote]}
)",
       {"a.yaml:41:48: error: expected 'dana@nexora.io' to be able to promote 'payroll', but "
        "they cannot: they do not hold appPromote (R9): neither role 'builder' nor group "
        "'developers' grants it (R8) [assertion-failed]",
        "a.yaml:42:47: error: expected 'vic@nexora.io' to be able to promote 'payroll', but they "
        "cannot: their level on 'payroll' is view, and promoting needs edit (R9) "
        "[assertion-failed]",
        "a.yaml:43:47: error: expected 'olga@nexora.io' to be able to release 'portal', but they "
        "cannot: they hold neither appRelease nor edit on 'portal' (R10) [assertion-failed]",
        "a.yaml:44:47: error: expected 'eve@nexora.io' to be able to release 'payroll', but they "
        "cannot: end-users never can (R10); make the user a builder [assertion-failed]",
        "a.yaml:45:47: error: expected 'sam@nexora.io' to be able to promote 'payroll', but they "
        "cannot: 'sam@nexora.io' is disabled (R7) [assertion-failed]"}},
      {"cannot: the permission and the edit grants behind it, or an admin",
       R"(  - {user: lee@nexora.io, app: payroll, cannot: [release]}
  - {user: lee@nexora.io, app: portal, cannot: [promote]}
  - {user: ada@nexora.io, app: portal, cannot: [release]}
)",
       {"a.yaml:41:50: error: expected 'lee@nexora.io' not to be able to release 'payroll', but "
        "they can: appRelease from group 'leads', level edit from ownership of 'payroll' (R6) and "
        "group 'leads' (R10) [assertion-failed]",
        "a.yaml:42:49: error: expected 'lee@nexora.io' not to be able to promote 'portal', but "
        "they can: appPromote from group 'leads', level edit from group 'leads' (R9) "
        "[assertion-failed]",
        "a.yaml:43:49: error: expected 'ada@nexora.io' not to be able to release 'portal', but "
        "they can: admins can release every app (R6) [assertion-failed]"}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      auto checked = CheckWithAccess(kBase + c.yaml);
      CHECK(ErrorHeadlines(checked) == c.expected);
    }
  }
}

TEST_CASE("cannot with an app: notes at the permission and the edit grants") {
  auto checked = CheckWithAccess(std::string(kBase) +
                                 "  - {user: lee@nexora.io, app: portal, cannot: [promote]}\n");
  CHECK(ErrorNotes(checked) == std::vector<std::string>{"a.yaml:29:19: appPromote granted here",
                                                   "a.yaml:30:36: level edit from here"});
}

// A company where ToolJet's server gives other access than the documented
// rules (semantics.md S1-S6); assertions start at line 35.
const char kServerBase[] = R"(version: 1
roles: {builder: {apps: []}, end-user: {apps: []}}
users:
  quinn@nexora.io: {role: builder}
  nora@nexora.io: {role: builder}
  eve@nexora.io: {role: end-user}
  uma@nexora.io: {role: end-user}
  lee@nexora.io: {role: builder}
  vic@nexora.io: {role: builder}
apps:
  payroll:
    owner: lee@nexora.io
    versions: [{name: v1, environment: production, status: released}]
groups:
  qa:
    members: [quinn@nexora.io]
    apps: [{apps: "*", permission: edit, environments: [staging]}]
  drafts:
    members: [nora@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: []}]
  employees:
    members: [eve@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [staging]}]
  editors:
    members: [uma@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: [released]}]
  leads:
    members: [lee@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: [production]}]
  promoters:
    members: [vic@nexora.io]
    permissions: [appPromote]
    apps: [{apps: [payroll], permission: view}]
)";

// Only the assertions' failures (kServerBase's end-user edit grant is an
// error of its own).
std::vector<std::string> AssertionFailures(const testing::Staged& checked) {
  std::vector<std::string> out;
  for (const std::string& h : ErrorHeadlines(checked)) {
    if (h.find("[assertion-failed]") != std::string::npos) out.push_back(h);
  }
  return out;
}

TEST_CASE("assertions that hold under the documented rules and on the server report nothing") {
  auto checked = CheckWithAccess(std::string(kServerBase) + R"(assertions:
  - {user: quinn@nexora.io, app: payroll, expect: {staging: run, production: none}}
  - {user: nora@nexora.io, app: payroll, expect: {staging: none, production: none}}
  - {user: eve@nexora.io, app: payroll, expect: {development: none, staging: preview}}
  - {user: lee@nexora.io, app: payroll, expect: {development: edit, production: run}}
  - {user: vic@nexora.io, app: payroll, can: [], cannot: [release]}
)");
  CHECK(AssertionFailures(checked).empty());
}

TEST_CASE("an assertion ToolJet's server breaks fails, naming the S rule") {
  const std::vector<Case> cases = {
      {"S1: an edit grant includes the first environment",
       "  - {user: quinn@nexora.io, app: payroll, expect: {development: none, staging: run}}\n",
       {"a.yaml:35:52: error: expected none in 'development' for 'quinn@nexora.io' on 'payroll', "
        "but ToolJet's server gives edit there (S1: every edit grant includes the first "
        "environment; group 'qa' grants edit) [assertion-failed]"}},
      {"S2: a grant with 'environments: []' gets the server's defaults",
       "  - {user: nora@nexora.io, app: payroll, expect: {released: none}}\n",
       {"a.yaml:35:51: error: expected none in 'released' for 'nora@nexora.io' on 'payroll', but "
        "ToolJet's server gives use there (S2: a grant with 'environments: []' gets the server's "
        "defaults, edit the first environment and released, view released; group 'drafts' "
        "grants edit) [assertion-failed]"}},
      {"S3: an end-user opens the released app from any view grant",
       "  - {user: eve@nexora.io, app: payroll, expect: {released: none}}\n",
       {"a.yaml:35:50: error: expected none in 'released' for 'eve@nexora.io' on 'payroll', but "
        "ToolJet's server gives use there (S3: an end-user opens the released app from any view "
        "grant; group 'employees' grants view) [assertion-failed]"}},
      {"S4: appPromote alone lets a builder promote",
       "  - {user: vic@nexora.io, app: payroll, cannot: [promote]}\n",
       {"a.yaml:35:50: error: expected 'vic@nexora.io' not to be able to promote 'payroll', but "
        "ToolJet's server lets them (S4: appPromote alone lets a builder promote an app, without "
        "edit on it; appPromote from group 'promoters') [assertion-failed]"}},
      {"S5: an owner does not get every column",
       "  - {user: lee@nexora.io, app: payroll, expect: {staging: run, released: use}}\n",
       {"a.yaml:35:50: error: expected run in 'staging' for 'lee@nexora.io' on 'payroll', but "
        "ToolJet's server gives none there (S5: an owner gets the columns of their grants and "
        "the builder defaults, not every column; they own 'payroll') [assertion-failed]",
        "a.yaml:35:64: error: expected use in 'released' for 'lee@nexora.io' on 'payroll', but "
        "ToolJet's server gives none there (S5: an owner gets the columns of their grants and "
        "the builder defaults, not every column; they own 'payroll') [assertion-failed]"}},
      {"S6: an end-user's edit grant is refused",
       "  - {user: uma@nexora.io, app: payroll, expect: {released: use}}\n",
       {"a.yaml:35:50: error: expected use in 'released' for 'uma@nexora.io' on 'payroll', but "
        "ToolJet's server gives none there (S6: an edit grant that reaches an end-user is "
        "refused; group 'editors' grants edit) [assertion-failed]"}},
      {"under accessRules: server, one evaluation with the usual message",
       "  - {user: quinn@nexora.io, app: payroll, expect: {development: none}}\n"
       "accessRules: server\n",
       {"a.yaml:35:52: error: expected none in 'development' for 'quinn@nexora.io' on 'payroll', "
        "but it is edit: level edit from group 'qa', 'development' because an edit grant always "
        "includes development on ToolJet's server (S1) [assertion-failed]"}},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      auto checked = CheckWithAccess(std::string(kServerBase) + "assertions:\n" + c.yaml);
      CHECK(AssertionFailures(checked) == c.expected);
    }
  }
}

TEST_CASE("a failure only the server shows: notes at the grants the server reads") {
  auto checked = CheckWithAccess(
      std::string(kServerBase) + "assertions:\n" +
      "  - {user: quinn@nexora.io, app: payroll, expect: {development: none}}\n"
      "  - {user: lee@nexora.io, app: payroll, expect: {staging: run}}\n"
      "  - {user: vic@nexora.io, app: payroll, cannot: [promote]}\n");
  CHECK(ErrorNotes(checked) ==
        std::vector<std::string>{
            "a.yaml:26:42: edit granted here",  // the end-user-edit error's
            "a.yaml:17:36: ToolJet's server gives edit in 'development' from this (S1)",
            "a.yaml:12:12: ToolJet's server gives nothing in 'staging' from this (S5)",
            "a.yaml:32:19: appPromote granted here",
        });
}

TEST_CASE("malformed assertions are reported by checks, not evaluated") {
  auto checked = CheckWithAccess(std::string(kBase) + R"(  - {user: nobody@nexora.io, app: payroll, expect: {staging: run}}
  - {user: dana@nexora.io, app: payrol, can: [promote]}
  - {user: dana@nexora.io, app: payroll, expect: {staging: edit, stagin: run}}
  - {user: dana@nexora.io, can: [promote], cannot: [appPromote]}
  - {user: dana@nexora.io, app: payroll, can: [release], cannot: [release]}
)");
  for (const std::string& h : ErrorHeadlines(checked)) {
    INFO(h);
    CHECK(h.find("[assertion-failed]") == std::string::npos);
  }
  CHECK(ErrorHeadlines(checked).size() == 6);
}

}  // namespace
}  // namespace stagegate
