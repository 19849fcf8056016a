// Names as ToolJet takes them (check_names.cc): every name ToolJet's
// database can hold is accepted, names ToolJet refuses are errors, and names
// its own forms would refuse, or that read badly, are name-style warnings.
// Lengths are counted as ToolJet's MaxLength counts them. Also: `*VIP` as a
// group, an app and a grant's target; multiEnvironment in check.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "pipeline_support.h"

namespace stagegate {
namespace {

using testing::Headlines;
using testing::Staged;
using Lines = std::vector<std::string>;

Staged Check(const std::string& text) {
  return Staged({{"a.yaml", text}}, testing::CheckStages());
}
Staged Whole(const std::string& text) {
  return Staged({{"a.yaml", text}}, testing::Pipeline());
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Lines 1-3; a case's text starts at line 4.
const char kHead[] = "version: 1\nusers:\n  ada@nexora.io: {role: admin}\n";

TEST_CASE("names: a group named like a role group is reserved, as ToolJet compares (exactly)") {
  Staged checked = Check(std::string(kHead) +
                         "groups:\n  admin: {}\n  End-user: {}\n  ADMIN: {}\n  end-users: {}\n");
  CHECK(Headlines(checked) ==
        Lines{"a.yaml:5:3: error: group name 'admin' is reserved: ToolJet refuses a custom group "
              "named admin, builder, end-user, Admin, Builder or End-user (its role groups); "
              "rename the group [reserved-name]",
              "a.yaml:6:3: error: group name 'End-user' is reserved: ToolJet refuses a custom "
              "group named admin, builder, end-user, Admin, Builder or End-user (its role "
              "groups); rename the group [reserved-name]"});
}

TEST_CASE("names: *VIP and QA (night) are groups, apps and grant targets like any other") {
  Staged checked = Whole(std::string(kHead) +
                         "  vip@nexora.io: {role: builder}\n"
                         "roles: {builder: {apps: []}}\n"
                         "groups:\n"
                         "  '*VIP':\n"
                         "    members: [vip@nexora.io]\n"
                         "    apps: [{apps: ['*VIP', 'QA (night)'], permission: edit}]\n"
                         "    dataSources: [{dataSources: ['*db'], permission: use}]\n"
                         "  QA (night): {members: [vip@nexora.io]}\n"
                         "dataSources:\n"
                         "  '*db':\n"
                         "    kind: postgresql\n"
                         "    environments: {development: {}, staging: {}, production: {}}\n"
                         "apps:\n"
                         "  '*VIP': {dataSources: ['*db']}\n"
                         "  QA (night): {}\n"
                         "  payroll: {}\n"
                         "assertions:\n"
                         "  - user: vip@nexora.io\n"
                         "    app: '*VIP'\n"
                         "    expect: {development: edit, staging: run, production: run}\n"
                         "  - user: vip@nexora.io\n"
                         "    app: payroll\n"
                         "    expect: {development: none}\n");
  CHECK(Headlines(checked).empty());
}

TEST_CASE("names: a list item \"*\" is an app named \"*\", and without one the error says how to "
          "mean every app") {
  Staged checked = Check(std::string(kHead) +
                         "groups:\n  qa:\n    members: [ada@nexora.io]\n"
                         "    apps: [{apps: ['*'], permission: view}]\n"
                         "    dataSources: [{dataSources: ['*'], permission: use}]\n");
  CHECK(Headlines(checked) ==
        Lines{"a.yaml:7:20: error: unknown app '*' in group 'qa' (to mean every app, write \"*\" "
              "instead of the list, not as an item of it) [unknown-reference]",
              "a.yaml:8:34: error: unknown data source '*' in group 'qa' (to mean every data "
              "source, write \"*\" instead of the list, not as an item of it) "
              "[unknown-reference]"});

  Staged named = Check(std::string(kHead) +
                       "groups:\n  qa:\n    members: [ada@nexora.io]\n"
                       "    apps: [{apps: ['*'], permission: view}]\n"
                       "apps:\n  '*': {}\n");
  CHECK(Headlines(named) ==
        Lines{"a.yaml:9:3: warning: app name '*' reads as 'every app': only a list item names it "
              "(['*']), while \"*\" instead of a list means every app; rename it if you can "
              "[name-style]"});
  REQUIRE(named.ws().groups.size() == 1);
  const AppGrant& grant = named.ws().groups[0].apps.at(0);
  CHECK_FALSE(grant.all_apps);
  CHECK(NamesOf(grant.apps) == std::vector<std::string>{"*"});
}

TEST_CASE("names: app names up to 50 characters as ToolJet counts them, any script") {
  const std::string cjk50 = Repeat("日", 50), cjk51 = Repeat("日", 51);
  // An emoji is one surrogate pair, which ToolJet's MaxLength counts as one;
  // a variation selector (U+FE0F) is not counted.
  const std::string emoji50 = Repeat("😀", 50), emoji51 = Repeat("😀", 51);
  const std::string thumbs50 = Repeat("👍\xEF\xB8\x8F", 50);
  Staged checked = Check(std::string(kHead) + "apps:\n  '" + cjk50 + "': {}\n  '" + cjk51 +
                         "': {}\n  '" + emoji50 + "': {}\n  '" + emoji51 + "': {}\n  '" +
                         thumbs50 + "': {}\n  ' padded ': {}\n");
  // The model sorts apps by name: the CJK names, then the emoji, then '👍'.
  CHECK(Headlines(checked) ==
        Lines{"a.yaml:6:3: warning: app name '" + cjk51 +
                  "' is 51 characters long as ToolJet counts them; ToolJet's forms take at "
                  "most 50: shorten it [name-style]",
              "a.yaml:8:3: warning: app name '" + Repeat("😀", 51) +
                  "' is 51 characters long as ToolJet counts them; ToolJet's forms take at most "
                  "50: shorten it [name-style]"});
}

TEST_CASE("names: spaces ToolJet trims off a group or workspace name are a warning") {
  Staged checked = Check("version: 1\nworkspace: ' acme'\ngroups:\n  'QA (night) ': {}\n"
                         "  \"\\u3000\": {}\n  \" \\t\": {}\n");
  CHECK(Headlines(checked) ==
        Lines{"a.yaml:2:12: warning: workspace name ' acme' starts or ends with a space, which "
              "ToolJet's form trims off: remove the spaces [name-style]",
              "a.yaml:4:3: warning: group name 'QA (night) ' starts or ends with a space, which "
              "ToolJet's form trims off, so the form can neither create nor rename a group to "
              "it: remove the spaces [name-style]",
              "a.yaml:5:3: warning: group name '\xE3\x80\x80' is only spaces; ToolJet trims a "
              "group name and refuses it when nothing is left: rename the group [name-style]",
              "a.yaml:6:3: warning: group name ' \\t' contains a control character; ToolJet "
              "keeps it, but it is invisible or breaks the line wherever the name is shown "
              "(stagegate shows it escaped): rename it [name-style]",
              "a.yaml:6:3: warning: group name ' \\t' is only spaces; ToolJet trims a group name "
              "and refuses it when nothing is left: rename the group [name-style]"});
}

TEST_CASE("names: a workspace name over ToolJet's 50 characters is a warning") {
  Staged checked = Check("version: 1\nworkspace: " + Repeat("w", 51) + "\n");
  CHECK(Headlines(checked) ==
        Lines{"a.yaml:2:12: warning: workspace name '" + Repeat("w", 51) +
              "' is 51 characters long as ToolJet counts them; ToolJet's forms take at most 50: "
              "shorten it [name-style]"});
}

TEST_CASE("names: constant names ToolJet creates pass, others warn: no reference can name them") {
  Staged checked =
      Check("version: 1\nconstants:\n  _A1: {type: global, values: {}}\n  " + Repeat("C", 50) +
            ": {type: global, values: {}}\n  DB HOST: {type: global, values: {}}\n  " +
            Repeat("C", 51) + ": {type: global, values: {}}\n  9X: {type: global, values: {}}\n");
  std::vector<std::string> style;
  for (const std::string& h : Headlines(checked)) {
    if (h.find("[name-style]") != std::string::npos) style.push_back(h);
  }
  const std::string rule =
      " is not one ToolJet creates (a letter or '_', then letters, digits and '_', at most 50 "
      "characters), and no {{constants.NAME}} or {{secrets.NAME}} can name it: rename it "
      "[name-style]";
  CHECK(style == Lines{"a.yaml:5:3: warning: constant name 'DB HOST'" + rule,
                       "a.yaml:6:3: warning: constant name '" + Repeat("C", 51) + "'" + rule,
                       "a.yaml:7:3: warning: constant name '9X'" + rule});
}

TEST_CASE("names: e-mails ToolJet holds are users, those its invitation refuses warn") {
  Staged checked = Check("version: 1\nusers:\n  \"ünï@bücher.de\": {role: admin}\n"
                         "  \"\\\"a b\\\"@x.io\": {role: admin}\n  ops@localhost: {role: admin}\n"
                         "  bob at nexora.io: {role: admin}\n");
  CHECK(Headlines(checked) ==
        Lines{"a.yaml:5:3: warning: user e-mail 'ops@localhost' is not an address ToolJet's "
              "invitation accepts (name@domain.tld, without spaces, at most 254 characters); "
              "check it [name-style]",
              "a.yaml:6:3: warning: user e-mail 'bob at nexora.io' is not an address ToolJet's "
              "invitation accepts (name@domain.tld, without spaces, at most 254 characters); "
              "check it [name-style]"});
}

TEST_CASE("names: control characters are a warning and never reach the terminal, NUL is an error") {
  Staged checked = Check("version: 1\ngroups:\n  \"red\\e[31m\": {}\n  \"a\\0b\": {}\n"
                         "dataSources:\n  \"line\\nbreak\": {kind: pg}\n");
  Lines headlines = Headlines(checked);
  for (const std::string& h : headlines) {
    INFO(h);
    CHECK(h.find('\x1b') == std::string::npos);
    CHECK(h.find('\n') == std::string::npos);
  }
  CHECK(std::count_if(headlines.begin(), headlines.end(), [](const std::string& h) {
          return h ==
                 "a.yaml:3:3: warning: group name 'red\\x1b[31m' contains a control character; "
                 "ToolJet keeps it, but it is invisible or breaks the line wherever the name is "
                 "shown (stagegate shows it escaped): rename it [name-style]";
        }) == 1);
  CHECK(std::count_if(headlines.begin(), headlines.end(), [](const std::string& h) {
          return h ==
                 "a.yaml:4:3: error: group name 'a\\x00b' contains a NUL character, which "
                 "ToolJet's database cannot store; remove it [invalid-value]";
        }) == 1);
  CHECK(std::count_if(headlines.begin(), headlines.end(), [](const std::string& h) {
          return h.rfind("a.yaml:6:3: warning: data source name 'line\\nbreak' contains", 0) == 0;
        }) == 1);
}

TEST_CASE("multiEnvironment false: drafts and the release may be in any environment") {
  const std::string versions =
      "apps:\n  payroll:\n    versions:\n"
      "      - {name: v1, environment: development, status: released}\n"
      "      - {name: v2, environment: staging, status: draft}\n"
      "      - {name: v3, environment: production, status: released}\n";
  Staged single = Check("version: 1\nmultiEnvironment: false\n" + versions);
  CHECK(Headlines(single) ==
        Lines{"a.yaml:8:53: error: version 'v3' of app 'payroll' is released, but 'v1' already "
              "is; at most one version of an app is released: mark the other 'published' "
              "[multiple-releases]"});
  CHECK_FALSE(single.ws().multi_environment);

  Staged promotes = Check("version: 1\n" + versions);
  CHECK(Headlines(promotes) ==
        Lines{"a.yaml:5:33: error: released version 'v1' of app 'payroll' is in 'development'; "
              "only a version in the last environment 'production' can be released "
              "[release-outside-last-environment]",
              "a.yaml:6:33: error: draft version 'v2' of app 'payroll' is in 'staging'; a draft "
              "lives only in the first environment 'development': publish it before promoting "
              "it [draft-outside-first-environment]",
              "a.yaml:7:53: error: version 'v3' of app 'payroll' is released, but 'v1' already "
              "is; at most one version of an app is released: mark the other 'published' "
              "[multiple-releases]"});
  CHECK(promotes.ws().multi_environment);
}

TEST_CASE("multiEnvironment must be a boolean") {
  Staged checked = Whole("version: 1\nmultiEnvironment: no\n");
  CHECK(Headlines(checked) ==
        Lines{"a.yaml:2:19: error: 'multiEnvironment' must be true or false, not a string "
              "[wrong-type]"});
  CHECK(checked.ws().multi_environment);
}

}  // namespace
}  // namespace stagegate
