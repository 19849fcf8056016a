// R13, public apps: what anyone gets (the released app of a public, released
// app; nothing else), beside the users' own cells, which a public app leaves
// as their grants make them.
#include <catch2/catch.hpp>

#include <string>

#include "access_support.h"

namespace stagegate {
namespace {

using testing::CompileYaml;

const char kPublic[] = R"(version: 1
roles: {builder: {apps: []}, end-user: {apps: []}}
users:
  ada@x.io: {role: admin}
  eve@x.io: {role: end-user}
  dan@x.io: {role: builder, disabled: true}
apps:
  careers:
    public: true
    versions: [{name: v1, environment: production, status: released}]
  status:
    public: true
    versions: [{name: v1, environment: development, status: draft}]
  payroll:
    public: false
    versions: [{name: v1, environment: production, status: released}]
  crm: {}
)";

TEST_CASE("access: a public and released app gives anyone use in released (R13)") {
  auto c = CompileYaml(kPublic);
  const AccessMatrix& m = c->matrix();
  const uint32_t careers = c->App("careers");
  CHECK(m.PublicAccessOf(careers) == PublicAccess::kUse);
  for (size_t col = 0; col + 1 < m.column_count(); ++col) {
    CHECK(m.AnyoneAt(careers, col) == Capability::kNone);  // no environment, ever
  }
  CHECK(m.AnyoneAt(careers, m.released_column()) == Capability::kUse);
}

TEST_CASE("access: a public app without a release gives anyone nothing yet") {
  auto c = CompileYaml(kPublic);
  const AccessMatrix& m = c->matrix();
  const uint32_t status = c->App("status");
  CHECK(m.PublicAccessOf(status) == PublicAccess::kOnceReleased);
  CHECK(m.AnyoneAt(status, m.released_column()) == Capability::kNone);
  CHECK(PublicAccessName(PublicAccess::kOnceReleased) == "once released");
}

TEST_CASE("access: an app that is not public gives anyone nothing") {
  auto c = CompileYaml(kPublic);
  const AccessMatrix& m = c->matrix();
  for (const char* app : {"payroll", "crm"}) {
    CAPTURE(app);
    CHECK(m.PublicAccessOf(c->App(app)) == PublicAccess::kNone);
    CHECK(m.AnyoneAt(c->App(app), m.released_column()) == Capability::kNone);
  }
}

TEST_CASE("access: users' cells of a public app are what their grants give") {
  auto c = CompileYaml(kPublic);
  const AccessMatrix& m = c->matrix();
  const uint32_t careers = c->App("careers");
  // The end-user role grants nothing here, and the disabled user has nothing
  // (R7): anyone's row, not theirs, says they can open it.
  CHECK(m.At(c->User("eve@x.io"), careers, m.released_column()) == Capability::kNone);
  CHECK(m.At(c->User("dan@x.io"), careers, m.released_column()) == Capability::kNone);
  CHECK(m.At(c->User("ada@x.io"), careers, m.released_column()) == Capability::kUse);
}

TEST_CASE("access: Explain says the app is public apart from the user's columns") {
  auto c = CompileYaml(kPublic);
  const AccessMatrix& m = c->matrix();
  Explanation careers = Explain(m, c->User("eve@x.io"), c->App("careers"));
  CHECK(careers.anyone == PublicAccess::kUse);
  CHECK(careers.columns[m.released_column()].capability == Capability::kNone);
  CHECK(Explain(m, c->User("eve@x.io"), c->App("status")).anyone == PublicAccess::kOnceReleased);
  CHECK(Explain(m, c->User("eve@x.io"), c->App("payroll")).anyone == PublicAccess::kNone);
}

}  // namespace
}  // namespace stagegate
