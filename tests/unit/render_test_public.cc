// R13 in the renderings: `explain` of a user on a public app and of anyone,
// the matrix's "anyone" row (text and CSV), and the plan listing an app made
// public before every other access change, in text, Markdown and JSON. The
// whole outputs are pinned by the golden cases */public-app*, */anyone*.
#include <catch2/catch.hpp>

#include <string>

#include "access_support.h"
#include "plan/plan.h"
#include "render/explain.h"
#include "render/matrix_csv.h"
#include "render/matrix_text.h"
#include "render/plan_render.h"

namespace stagegate {
namespace {

using testing::CompileYaml;

// `careers` public (released), `status` public (no release); `group` follows.
std::string Config(bool careers_public, const std::string& group = "") {
  return std::string("version: 1\n"
                     "roles: {builder: {apps: []}, end-user: {apps: []}}\n"
                     "users:\n"
                     "  eve@x.io: {role: end-user}\n"
                     "  bo@x.io: {role: builder}\n"
                     "apps:\n"
                     "  careers:\n") +
         (careers_public ? "    public: true\n" : "") +
         "    versions: [{name: v1, environment: production, status: released}]\n"
         "  status:\n"
         "    public: true\n" +
         group;
}

TEST_CASE("explain: a user on a public app, and anyone") {
  auto c = CompileYaml(Config(true));
  const AccessMatrix& m = c->matrix();
  const Explanation eve = Explain(m, c->User("eve@x.io"), c->App("careers"));
  CHECK(FormatExplanation(m, c->loaded.sources, eve) ==
        "eve@x.io on app 'careers' (end-user; no groups)\n"
        "  development  none     no grant reaches this app (R2)\n"
        "  staging      none     no grant reaches this app (R2)\n"
        "  production   none     no grant reaches this app (R2)\n"
        "  released     none     no grant reaches this app (R2)\n"
        "public: anyone with its link, this user too, opens the released app without signing in, "
        "whatever their grants (R13; public: true at a.yaml:8:13)\n"
        "grants:\n"
        "  role 'end-user' at a.yaml:2:30: no app grants\n");
  ExplainFormatOptions released;
  released.column = m.released_column();
  CHECK(FormatAnyoneExplanation(m, c->loaded.sources, c->App("careers"), released) ==
        "anyone on app 'careers' (anyone with its link, signed in or not; public)\n"
        "  released     use      public: true at a.yaml:8:13: anyone with its link opens the "
        "released app without signing in (R13)\n");
  CHECK(FormatAnyoneExplanation(m, c->loaded.sources, c->App("status"), released) ==
        "anyone on app 'status' (anyone with its link, signed in or not; public)\n"
        "  released     none     public: true at a.yaml:11:13, but not released: anyone with its "
        "link will open the released app without signing in once a version is released (R13)\n");
  auto not_public = CompileYaml(Config(false));
  CHECK(FormatAnyoneExplanation(not_public->matrix(), not_public->loaded.sources,
                                not_public->App("careers"), released) ==
        "anyone on app 'careers' (anyone with its link, signed in or not; not public)\n"
        "  released     none     the app is not public: only the users its grants reach open it "
        "(R13)\n");
}

TEST_CASE("matrix: a public app has a PUBLIC line and the row anyone, first") {
  auto c = CompileYaml(Config(true));
  std::string text = MatrixToText(c->matrix());
  CHECK(text.find("  PUBLIC: anyone with its link opens the released app without signing in (R13)\n"
                  "  access:\n"
                  "    user      role      development  staging  production  released\n"
                  "    anyone    -         none         none     none        use\n"
                  "    bo@x.io   builder   none         none     none        none\n") !=
        std::string::npos);
  CHECK(text.find("  PUBLIC: anyone with its link will open the released app without signing in "
                  "once a version is released (R13)\n") != std::string::npos);
  std::string csv = MatrixToCsv(c->matrix());
  CHECK(csv.rfind("user,app,column,capability\r\n"
                  "anyone,careers,development,none\r\n"
                  "anyone,careers,staging,none\r\n"
                  "anyone,careers,production,none\r\n"
                  "anyone,careers,released,use\r\n"
                  "anyone,status,development,none\r\n",
                  0) == 0);
}

TEST_CASE("plan: an app made public is listed before every other access change") {
  const std::string group =
      "groups:\n"
      "  all:\n"
      "    members: [bo@x.io]\n"
      "    apps: [{apps: \"*\", permission: view, environments: [released]}]\n";
  auto cur = CompileYaml(Config(false));
  auto des = CompileYaml(Config(true, group));
  Diff diff = ComputeDiff(&cur->matrix(), des->matrix());
  Diagnostics diags;
  Plan plan = ComputePlan(&cur->ws(), des->matrix(), diags);
  PlanReport report;
  report.desired_label = "new";
  report.current_label = "old";
  report.diff = &diff;
  report.plan = &plan;
  report.desired_sources = &des->loaded.sources;
  report.current_sources = &cur->loaded.sources;
  const std::string text = PlanToText(report);
  const std::string head =
      "Access changes (gains in the last environment and the released app first):\n";
  REQUIRE(text.find(head) != std::string::npos);
  CHECK(text.substr(text.find(head) + head.size()).rfind(
            "  + anyone on careers in released: none -> use (made public: anyone with the link "
            "opens it without signing in, R13)\n"
            "      from public: true (a.yaml:8:13)\n"
            "  + bo@x.io on careers in released: none -> use\n",
            0) == 0);
  const std::string md = PlanToMarkdown(report);
  CHECK(md.find("> ⚠️ **Public access gained:** anyone on careers in released: none -> use") <
        md.find("| Access gains | 3 (3 in the last environment or the released app) |"));
  const std::string json = PlanToJson(report);
  CHECK(json.rfind("{\n  \"access\": {\n    \"anyone\": [\n      {\n        \"after\": \"use\",\n"
                   "        \"app\": \"careers\",\n        \"before\": \"none\",\n"
                   "        \"direction\": \"gain\"\n      }\n    ],\n    \"cells\": [",
                   0) == 0);
}

}  // namespace
}  // namespace stagegate
