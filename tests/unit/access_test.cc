// Tests of the access stage against the document's examples (semantics.md
// E1-E5 and the two variants), each its own case asserting every column.
#include <catch2/catch.hpp>
#include <string>

#include "access_support.h"

namespace stagegate {
namespace {

using testing::CompileYaml;
using testing::Row;

// Environments development, staging, production; payroll has a released
// version (unless `released` is false).
std::string Workspace3(const std::string& rest, bool released = true) {
  return std::string(
             "version: 1\n"
             "environments: [development, staging, production]\n"
             "apps:\n"
             "  payroll:\n"
             "    versions:\n") +
         (released ? "      - {name: v1, environment: production, status: released}\n"
                   : "      - {name: v1, environment: production, status: published}\n") +
         rest;
}

TEST_CASE("E1: view and edit in one group, both [staging] -> run in staging only") {
  auto c = CompileYaml(Workspace3(R"(roles: {builder: {apps: []}}
users: {quinn@x.io: {role: builder}}
groups:
  qa:
    members: [quinn@x.io]
    apps:
      - {apps: [payroll], permission: view, environments: [staging]}
      - {apps: [payroll], permission: edit, environments: [staging]}
)"));
  CHECK(c->diags.error_count() == 0);
  CHECK(c->Row("quinn@x.io", "payroll") == Row{"none", "run", "none", "none"});
}

TEST_CASE("E2: edit [staging] in group A, view [staging] in group B -> run in staging only") {
  auto c = CompileYaml(Workspace3(R"(roles: {builder: {apps: []}}
users: {quinn@x.io: {role: builder}}
groups:
  a:
    members: [quinn@x.io]
    apps: [{apps: [payroll], permission: edit, environments: [staging]}]
  b:
    members: [quinn@x.io]
    apps: [{apps: [payroll], permission: view, environments: [staging]}]
)"));
  CHECK(c->Row("quinn@x.io", "payroll") == Row{"none", "run", "none", "none"});
}

TEST_CASE("E2 variant: edit [staging] + view [development] -> development edit, staging run") {
  auto c = CompileYaml(Workspace3(R"(roles: {builder: {apps: []}}
users: {quinn@x.io: {role: builder}}
groups:
  a:
    members: [quinn@x.io]
    apps: [{apps: [payroll], permission: edit, environments: [staging]}]
  b:
    members: [quinn@x.io]
    apps: [{apps: [payroll], permission: view, environments: [development]}]
)"));
  CHECK(c->Row("quinn@x.io", "payroll") == Row{"edit", "run", "none", "none"});
}

TEST_CASE("E3: built-in builder role (edit \"*\", no environments) -> edit, run, run, use") {
  auto c = CompileYaml(Workspace3("users: {dana@x.io: {role: builder}}\n"));
  CHECK(c->Row("dana@x.io", "payroll") == Row{"edit", "run", "run", "use"});
}

TEST_CASE("E4: built-in end-user role only -> the released app") {
  auto c = CompileYaml(Workspace3("users: {eve@x.io: {role: end-user}}\n"));
  CHECK(c->Row("eve@x.io", "payroll") == Row{"none", "none", "none", "use"});
}

TEST_CASE("E5: end-user with view [development, staging] -> preview, preview, none, use") {
  auto c = CompileYaml(Workspace3(R"(users: {eve@x.io: {role: end-user}}
groups:
  preview:
    members: [eve@x.io]
    apps: [{apps: [payroll], permission: view, environments: [development, staging]}]
)"));
  CHECK(c->Row("eve@x.io", "payroll") == Row{"preview", "preview", "none", "use"});
}

TEST_CASE("E5 variant: payroll not released -> released none") {
  auto c = CompileYaml(Workspace3(R"(users: {eve@x.io: {role: end-user}}
groups:
  preview:
    members: [eve@x.io]
    apps: [{apps: [payroll], permission: view, environments: [development, staging]}]
)",
                                  false));
  CHECK(c->Row("eve@x.io", "payroll") == Row{"preview", "preview", "none", "none"});
}

}  // namespace
}  // namespace stagegate
