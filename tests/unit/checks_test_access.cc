// Tests of the matrix warnings CheckAccess adds (combined-grant escalation,
// grants and permissions with no effect, users and apps nobody can reach,
// unused definitions): exact headlines per code, positive and negative cases,
// table-driven. Every case shares kBase (an admin, so apps have a promoter,
// and two apps, one released); a case's own text starts at line 9.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "checks_test_access_support.h"

namespace stagegate {
namespace {

using testing::CheckWithAccess;
using testing::Headlines;
using testing::Notes;

const char kBase[] = R"(version: 1
roles: {builder: {apps: []}, end-user: {apps: []}}
users:
  ada@nexora.io: {role: admin}
apps:
  payroll:
    versions: [{name: v1, environment: production, status: released}]
  portal: {}
)";

// kBase for cases that configure the roles themselves (same line numbers).
const char kBaseOwnRoles[] = R"(version: 1
# roles: configured by the case
users:
  ada@nexora.io: {role: admin}
apps:
  payroll:
    versions: [{name: v1, environment: production, status: released}]
  portal: {}
)";

struct Case {
  const char* name;
  std::string yaml;  // appended to kBase; starts at line 9 with "---"
  std::vector<std::string> expected;
  bool own_roles = false;  // appended to kBaseOwnRoles instead
};

// The findings of every family but server-differs, which most cases here
// would also get (their grants name staging without development, S1) and
// which has cases of its own (RunServerCases).
std::vector<std::string> WithoutServerDiffers(std::vector<std::string> headlines) {
  headlines.erase(std::remove_if(headlines.begin(), headlines.end(),
                                 [](const std::string& h) {
                                   return h.find("[server-differs]") != std::string::npos;
                                 }),
                  headlines.end());
  return headlines;
}

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SECTION(c.name) {
      auto checked = CheckWithAccess((c.own_roles ? kBaseOwnRoles : kBase) + c.yaml);
      CHECK(WithoutServerDiffers(Headlines(checked)) == c.expected);
    }
  }
}

// Only the server-differs findings.
void RunServerCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SECTION(c.name) {
      auto checked = CheckWithAccess((c.own_roles ? kBaseOwnRoles : kBase) + c.yaml);
      std::vector<std::string> server;
      for (const std::string& h : Headlines(checked)) {
        if (h.find("[server-differs]") != std::string::npos) server.push_back(h);
      }
      CHECK(server == c.expected);
    }
  }
}

TEST_CASE("combined-grant-escalation: cells no single grant gives") {
  RunCases({
      {"E2 variant: edit in staging from one group, view in development from another",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  a:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: [staging]}]
  b:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [development]}]
)",
       {"a.yaml:15:42: warning: group 'a' (edit in 'staging') and group 'b' (view in "
        "'development') together give edit in 'development' on app 'payroll', which neither "
        "gives alone (R2 + R3), to 'quinn@nexora.io'; if that is not intended, narrow one of the "
        "grants or keep those users out of one of the groups [combined-grant-escalation]"}},

      {"E2: both groups limited to staging give nothing more than group a",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  a:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: [staging]}]
  b:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [staging]}]
)",
       {}},

      {"E1: view and edit in one group, both in staging",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  qa:
    members: [quinn@nexora.io]
    apps:
      - {apps: [payroll], permission: view, environments: [staging]}
      - {apps: [payroll], permission: edit, environments: [staging]}
)",
       {}},

      {"two grants of one group combine the same way",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  qa:
    members: [quinn@nexora.io]
    apps:
      - {apps: [payroll], permission: edit, environments: [staging]}
      - {apps: [payroll], permission: view, environments: [development, production]}
)",
       {"a.yaml:16:39: warning: two grants of group 'qa' (edit in 'staging'; view in "
        "'development' and 'production') together give edit in 'development' and run in "
        "'production' on app 'payroll', which neither gives alone (R2 + R3), to "
        "'quinn@nexora.io'; if that is not intended, narrow one of the grants "
        "[combined-grant-escalation]"}},

      {"a role and a group on every app, one warning for many users",
       R"(---
roles:
  builder:
    apps: [{apps: "*", permission: edit, environments: [staging]}]
users:
  b1@nexora.io: {role: builder}
  b2@nexora.io: {role: builder}
  b3@nexora.io: {role: builder}
  b4@nexora.io: {role: builder}
  b5@nexora.io: {role: builder}
groups:
  viewers:
    members: [b5@nexora.io, b4@nexora.io, b3@nexora.io, b2@nexora.io, b1@nexora.io]
    apps: [{apps: "*", permission: view, environments: [development]}]
)",
       {"a.yaml:12:36: warning: role 'builder' (edit in 'staging') and group 'viewers' (view in "
        "'development') together give edit in 'development' on every app, which neither gives "
        "alone (R2 + R3), to 'b1@nexora.io', 'b2@nexora.io', 'b3@nexora.io' and 2 more; if that "
        "is not intended, narrow one of the grants or keep those users out of one of the groups "
        "[combined-grant-escalation]"},
       true},

      {"several grants widen one edit grant: one warning, naming them",
       R"(---
users:
  quinn@nexora.io: {role: builder}
  rob@nexora.io: {role: builder}
groups:
  a:
    members: [quinn@nexora.io, rob@nexora.io]
    apps: [{apps: [payroll, portal], permission: edit, environments: [staging]}]
  b:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [development]}]
  c:
    members: [rob@nexora.io]
    apps: [{apps: [portal], permission: view, environments: [production]}]
)",
       {"a.yaml:16:50: warning: group 'a' (edit in 'staging') combined with group 'b' (view in "
        "'development') and group 'c' (view in 'production') gives edit in 'development' and "
        "run in 'production' on apps 'payroll' and 'portal', which no single grant gives (R2 + "
        "R3), to 'quinn@nexora.io' and 'rob@nexora.io'; if that is not intended, narrow the "
        "grants or keep those users out of the groups that combine [combined-grant-escalation]"}},

      {"the released column: use needs no level, so nothing escalates there",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  a:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: [development]}]
  b:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [released]}]
)",
       {}},

      {"end-users: R5 caps the level, so view and view never escalate",
       R"(---
users:
  eve@nexora.io: {role: end-user}
groups:
  a:
    members: [eve@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [staging]}]
  b:
    members: [eve@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [development]}]
)",
       {}},

      {"the app's only affected user owns it (R6): nothing to add",
       R"(---
users:
  quinn@nexora.io: {role: builder}
apps:
  billing:
    owner: quinn@nexora.io
groups:
  a:
    members: [quinn@nexora.io]
    apps: [{apps: [billing], permission: edit, environments: [staging]}]
  b:
    members: [quinn@nexora.io]
    apps: [{apps: [billing], permission: view, environments: [development]}]
)",
       {}},
  });
}

TEST_CASE("combined-grant-escalation: a note points at the other grant") {
  auto checked = CheckWithAccess(std::string(kBase) + R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  a:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: [staging]}]
  b:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [development]}]
)");
  CHECK(Notes(checked) ==
        std::vector<std::string>{"a.yaml:18:12: group 'b' grants view in 'development' here"});
}

TEST_CASE("unreleased-app-grant: end-users granted an app with no released version") {
  RunCases({
      {"a group grants one unreleased app",
       R"(---
users:
  eve@nexora.io: {role: end-user}
groups:
  employees:
    members: [eve@nexora.io]
    apps: [{apps: [payroll, portal], permission: view}]
)",
       {"a.yaml:15:29: warning: group 'employees' grants end-user 'eve@nexora.io' app 'portal', "
        "which has no released version, so they cannot open it yet; release a version, or "
        "remove the app from this grant until then [unreleased-app-grant]"}},

      {"the end-user role grants several, reaching many end-users",
       R"(---
roles:
  end-user:
    apps: [{apps: [a1, payroll, a2, a3, a4], permission: view, environments: [released]}]
users:
  e1@nexora.io: {role: end-user}
  e2@nexora.io: {role: end-user}
  e3@nexora.io: {role: end-user}
  e4@nexora.io: {role: end-user}
  gone@nexora.io: {role: end-user, disabled: true}
apps: {a1: {}, a2: {}, a3: {}, a4: {}}
)",
       {"a.yaml:12:20: warning: role 'end-user' grants end-users 'e1@nexora.io', "
        "'e2@nexora.io', 'e3@nexora.io' and 1 more apps 'a1', 'a2', 'a3' and 1 more, which have "
        "no released version, so they cannot open them yet; release a version, or remove the "
        "apps from this grant until then [unreleased-app-grant]"},
       true},

      {"no warning: the grant opens environments too, or is on every app, or reaches no "
       "enabled end-user",
       R"(---
users:
  eve@nexora.io: {role: end-user}
  gone@nexora.io: {role: end-user, disabled: true}
  dana@nexora.io: {role: builder}
groups:
  testers:
    members: [eve@nexora.io]
    apps:
      - {apps: [portal], permission: view, environments: [staging, released]}
      - {apps: "*", permission: view}
  former:
    members: [gone@nexora.io, dana@nexora.io]
    apps: [{apps: [portal], permission: view}]
)",
       {}},
  });
}

TEST_CASE("ineffective-permission: appPromote or appRelease without edit") {
  RunCases({
      {"a group whose members can only view",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  reviewers:
    members: [quinn@nexora.io]
    permissions: [appPromote, appCreate, appRelease]
    apps: [{apps: "*", permission: view}]
)",
       {"a.yaml:15:19: warning: group 'reviewers' holds appPromote, but none of its members can "
        "edit an app, and promoting an app needs edit on it (R9); grant edit on the apps they "
        "should handle, or remove the permission [ineffective-permission]",
        "a.yaml:15:42: warning: group 'reviewers' holds appRelease, but none of its members can "
        "edit an app, and releasing an app needs edit on it (R10); grant edit on the apps they "
        "should handle, or remove the permission [ineffective-permission]"}},

      {"the end-user role, and a configured builder role no builder can use",
       R"(---
roles:
  end-user: {permissions: [appRelease], apps: []}
  builder: {permissions: [appPromote], apps: [{apps: "*", permission: view}]}
users:
  eve@nexora.io: {role: end-user}
  dana@nexora.io: {role: builder}
groups:
  staff: {members: [eve@nexora.io, dana@nexora.io]}
)",
       {"a.yaml:11:28: warning: role 'end-user' holds appRelease, but end-users can never "
        "release an app: that needs edit, which ToolJet refuses end-users (R5, R10); remove the "
        "permission [ineffective-permission]",
        "a.yaml:12:27: warning: role 'builder' holds appPromote, but no builder can edit an app, "
        "and promoting an app needs edit on it (R9); grant edit on the apps they should handle, "
        "or remove the permission [ineffective-permission]"},
       true},

      {"no warning: a member edits through another group, or owns an app",
       R"(---
users:
  quinn@nexora.io: {role: builder}
  lee@nexora.io: {role: builder}
apps:
  billing: {owner: lee@nexora.io}
groups:
  releasers:
    members: [quinn@nexora.io]
    permissions: [appPromote, appRelease]
  devs:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll, portal], permission: edit, environments: [development]}]
  owners:
    members: [lee@nexora.io]
    permissions: [appRelease]
)",
       {}},
  });
}

TEST_CASE("user-without-access: enabled users in no group whose role gives nothing") {
  RunCases({
      {"one builder",
       R"(---
users:
  dana@nexora.io: {role: builder}
)",
       {"a.yaml:11:3: warning: builder 'dana@nexora.io' is in no group, and role 'builder' gives "
        "no app access, so they can open no app; add them to a group, or disable the account "
        "[user-without-access]"}},

      {"many end-users: one warning at the first",
       R"(---
users:
  e4@nexora.io: {role: end-user}
  e3@nexora.io: {role: end-user}
  e2@nexora.io: {role: end-user}
  e1@nexora.io: {role: end-user}
)",
       {"a.yaml:14:3: warning: end-users 'e1@nexora.io', 'e2@nexora.io', 'e3@nexora.io' and 1 "
        "more are in no group, and role 'end-user' gives no app access, so they can open no "
        "app; add them to groups, or disable the accounts [user-without-access]"}},

      {"a public released app: they open only what anyone opens (R13)",
       R"(---
users:
  dana@nexora.io: {role: builder}
apps:
  kiosk:
    public: true
    versions: [{name: v1, environment: production, status: released}]
)",
       {"a.yaml:11:3: warning: builder 'dana@nexora.io' is in no group, and role 'builder' gives "
        "no app access, so they can open only what anyone can without signing in, the public "
        "app 'kiosk'; add them to a group, or disable the account [user-without-access]",
        "a.yaml:14:13: warning: app 'kiosk' is public: anyone with its link opens the released "
        "app without signing in, whatever the roles and groups grant (R13); if only the "
        "workspace's users should open it, remove 'public: true' (in ToolJet, turn off the "
        "app's public link) [public-app]"}},

      {"no warning: disabled, owners, a role that grants an app, users in a group",
       R"(---
roles:
  end-user: {apps: [{apps: [payroll], permission: view}]}
users:
  gone@nexora.io: {role: builder, disabled: true}
  lee@nexora.io: {role: builder}
  eve@nexora.io: {role: end-user}
  quinn@nexora.io: {role: builder}
apps:
  billing: {owner: lee@nexora.io}
groups:
  qa: {members: [quinn@nexora.io]}
)",
       {},
       true},

      {"an end-user role that grants only an unreleased app gives nothing",
       R"(---
roles:
  end-user: {apps: [{apps: [portal], permission: view}]}
users:
  eve@nexora.io: {role: end-user}
)",
       {"a.yaml:11:29: warning: role 'end-user' grants end-user 'eve@nexora.io' app 'portal', "
        "which has no released version, so they cannot open it yet; release a version, or "
        "remove the app from this grant until then [unreleased-app-grant]",
        "a.yaml:13:3: warning: end-user 'eve@nexora.io' is in no group, and role 'end-user' "
        "gives no app access, so they can open no app; add them to a group, or disable the "
        "account [user-without-access]"},
       true},
  });
}

TEST_CASE("app-without-promoter: apps no enabled user can promote or release") {
  // Without kBase's admin: an enabled admin can promote and release anything.
  const std::string base = R"(version: 1
roles: {builder: {apps: []}}
users:
  root@nexora.io: {role: admin, disabled: true}
  dana@nexora.io: {role: builder}
  lee@nexora.io: {role: builder}
apps: {a1: {}, a2: {}, a3: {}, a4: {}, a5: {}}
groups:
  devs:
    members: [dana@nexora.io]
    apps: [{apps: "*", permission: edit}]
)";
  struct PromoterCase {
    const char* name;
    std::string yaml;
    std::vector<std::string> expected;
  };
  const std::vector<PromoterCase> cases = {
      {"nobody holds either permission: one warning for every app",
       "  leads: {members: [lee@nexora.io]}\n",
       {"a.yaml:7:8: warning: no enabled user can promote or release apps 'a1', 'a2', 'a3' and "
        "2 more: that needs edit on the app and appPromote or appRelease (R9, R10); grant those "
        "permissions to a group that edits it [app-without-promoter]"}},
      {"promoters without edit on some apps, no releaser at all",
       R"(  leads:
    members: [lee@nexora.io]
    permissions: [appPromote]
    apps: [{apps: [a1, a2], permission: edit}, {apps: [a3], permission: view}]
)",
       {"a.yaml:7:8: warning: no enabled user can release apps 'a1' and 'a2': that needs edit on "
        "the app and appRelease (R10); grant appRelease to a group that edits it "
        "[app-without-promoter]",
        "a.yaml:7:24: warning: no enabled user can promote or release apps 'a3', 'a4' and 'a5': "
        "that needs edit on the app and appPromote or appRelease (R9, R10); grant those "
        "permissions to a group that edits it [app-without-promoter]"}},
      {"a releaser on every app, no promoter",
       R"(  leads:
    members: [lee@nexora.io]
    permissions: [appRelease]
    apps: [{apps: "*", permission: edit}]
)",
       {"a.yaml:7:8: warning: no enabled user can promote apps 'a1', 'a2', 'a3' and 2 more: that "
        "needs edit on the app and appPromote (R9); grant appPromote to a group that edits it "
        "[app-without-promoter]"}},
      {"no warning: both permissions with edit on every app",
       R"(  leads:
    members: [lee@nexora.io]
    permissions: [appPromote, appRelease]
    apps: [{apps: "*", permission: edit}]
)",
       {}},
  };
  for (const PromoterCase& c : cases) {
    SECTION(c.name) {
      auto checked = CheckWithAccess(base + c.yaml);
      CHECK(WithoutServerDiffers(Headlines(checked)) == c.expected);
    }
  }
}

TEST_CASE("app-without-promoter: notes point at the other apps listed") {
  auto checked = CheckWithAccess(R"(version: 1
apps:
  b: {}
  a: {}
  c: {}
)");
  CHECK(Notes(checked) == std::vector<std::string>{"a.yaml:3:3: app 'b' is defined here",
                                                   "a.yaml:5:3: app 'c' is defined here"});
}

TEST_CASE("unused-group, unused-data-source, unused-constant") {
  RunCases({
      {"a group, a data source and constants nothing uses",
       R"(---
groups:
  nobody: {permissions: [appCreate]}
dataSources:
  spare:
    kind: restapi
    environments: {development: {}, staging: {}, production: {}}
constants:
  OLD_TOKEN:
    type: secret
    values: {development: {fromEnv: A}, staging: {fromEnv: B}, production: {fromEnv: C}}
  URL: {type: global, values: {development: a, staging: b, production: c}}
)",
       {"a.yaml:11:3: warning: group 'nobody' has no members, so its grants and permissions "
        "reach nobody; add members, or remove the group [unused-group]",
        "a.yaml:13:3: warning: data source 'spare' is not used by any app; list it in the "
        "'dataSources' of the apps that query it, or remove it [unused-data-source]",
        "a.yaml:17:3: warning: secret 'OLD_TOKEN' is not referenced by any data source option; "
        "reference it as '{{secrets.OLD_TOKEN}}' in an option, or remove it [unused-constant]",
        "a.yaml:20:3: warning: constant 'URL' is not referenced by any app or data source "
        "option; list it in the 'constants' of the apps that use it, reference it as "
        "'{{constants.URL}}' in an option, or remove it [unused-constant]"}},

      {"no warning: used by an app, or referenced from an option of a used data source",
       R"(---
apps:
  billing:
    dataSources: [db]
    constants: [SUPPORT]
dataSources:
  db:
    kind: postgresql
    environments:
      development: {host: "{{ constants.HOST }}", password: "{{secrets.PW}}"}
      staging: {host: "{{constants.HOST}}", password: "{{secrets.PW}}"}
      production: {host: "{{constants.HOST}}", password: "{{secrets.PW}}"}
constants:
  HOST: {type: global, values: {development: a, staging: b, production: c}}
  SUPPORT: {type: global, values: {development: a, staging: b, production: c}}
  PW:
    type: secret
    values: {development: {fromEnv: A}, staging: {fromEnv: B}, production: {fromEnv: C}}
)",
       {}},
  });
}

TEST_CASE("examples/nexora: the only access warning is where ToolJet's server differs (S1)") {
  // The reference company is checked end to end by the CLI tests; here the
  // point is that no other rule fires on a realistic configuration, and that
  // its E1 (qa's edit grant on [staging]) is named as the server's S1.
  testing::Staged checked(*RealFileSystem(),
                          {std::string(STAGEGATE_SOURCE_DIR) + "/examples/nexora"},
                          testing::AccessCheckStages());
  CHECK(WithoutServerDiffers(Headlines(checked)).empty());
  const std::vector<std::string> headlines = Headlines(checked);
  REQUIRE(headlines.size() == 1);
  CHECK(headlines[0].find("groups.yaml:28:21: warning: this edit grant of group 'qa' does not "
                          "name 'development'") != std::string::npos);
}

TEST_CASE("server-differs: each grant, permission and owner the server reads differently") {
  RunServerCases({
      {"S1: an edit grant naming staging only",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  qa:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: [staging]}]
)",
       {"a.yaml:15:42: warning: this edit grant of group 'qa' does not name 'development', but "
        "ToolJet's server adds it to every edit grant (S1): there 'quinn@nexora.io' can edit app "
        "'payroll' in 'development', which the documented rules do not show; set 'accessRules: "
        "server' to see what the server enforces [server-differs]"}},
      {"negative: an edit grant naming development",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  qa:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: [development, staging]}]
)",
       {}},
      {"negative: another grant already gives development",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  qa:
    members: [quinn@nexora.io]
    apps:
      - {apps: [payroll], permission: edit, environments: [staging]}
      - {apps: [payroll], permission: edit, environments: [development]}
)",
       {}},
      {"S2: edit and view grants with environments: []",
       R"(---
users:
  quinn@nexora.io: {role: builder}
  rob@nexora.io: {role: builder}
groups:
  makers:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: edit, environments: []}]
  readers:
    members: [rob@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: []}]
)",
       {"a.yaml:16:42: warning: this edit grant of group 'makers' names no environment "
        "('environments: []'), and ToolJet's server gives such a grant its defaults (S2): there "
        "'quinn@nexora.io' can edit in 'development' and open the released app of app 'payroll', "
        "which the documented rules do not show; set 'accessRules: server' to see what the server "
        "enforces [server-differs]",
        "a.yaml:19:42: warning: this view grant of group 'readers' names no environment "
        "('environments: []'), and ToolJet's server gives such a grant its defaults (S2): there "
        "'rob@nexora.io' can open the released app of app 'payroll', which the documented rules "
        "do not show; set 'accessRules: server' to see what the server enforces "
        "[server-differs]"}},
      {"S3: an end-user's view grant without released",
       R"(---
users:
  eve@nexora.io: {role: end-user}
groups:
  viewers:
    members: [eve@nexora.io]
    apps: [{apps: [payroll, portal], permission: view, environments: [staging]}]
)",
       {"a.yaml:15:50: warning: this view grant of group 'viewers' does not name 'released', but "
        "on ToolJet's server an end-user opens the released app from any view grant (S3): there "
        "'eve@nexora.io' can use app 'payroll', which the documented rules do not show; set "
        "'accessRules: server' to see what the server enforces [server-differs]"}},
      {"S4: appPromote held by a builder who cannot edit",
       R"(---
users:
  lee@nexora.io: {role: builder}
groups:
  leads:
    members: [lee@nexora.io]
    permissions: [appPromote]
)",
       {"a.yaml:15:19: warning: group 'leads' holds appPromote, and ToolJet's server lets its "
        "holders promote an app without edit on it (S4): there 'lee@nexora.io' can promote apps "
        "'payroll' and 'portal', which the documented rules (R9) do not allow; set 'accessRules: "
        "server' to see what the server enforces [server-differs]"}},
      {"S5: an owner no grant reaches on the app they own",
       R"(---
users:
  quinn@nexora.io: {role: builder}
groups:
  qa:
    members: [quinn@nexora.io]
    apps: [{apps: [payroll], permission: view, environments: [staging]}]
---
apps:
  billing:
    owner: quinn@nexora.io
)",
       {"a.yaml:19:12: warning: 'quinn@nexora.io' owns app 'billing': the documented rules give "
        "an owner edit in every column (R6), but ToolJet's server gives them edit in "
        "'development' (S5), the columns of their grants plus the first environment; set "
        "'accessRules: server' to see what the server enforces [server-differs]"}},
  });
}

}  // namespace
}  // namespace stagegate
