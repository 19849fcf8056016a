// Every output is the same bytes whatever C locale the process runs in. The
// stagegate binary never calls setlocale, so the CLI determinism test can only
// show that it ignores LC_ALL; here the process really switches (setlocale and
// the C++ global locale) to a German UTF-8 locale, whose decimal separator is
// a comma, and to a Latin-1 one, and renders everything: findings in every
// format, the matrix, the state file, the plan and the report. A locale-
// dependent call (strtod, printf's %f, isalpha on a UTF-8 byte, a stream
// imbued with the global locale) shows as a difference. The locales come from
// `scripts/setup --with-test-clients`; without them the test is skipped.
#include <clocale>
#include <locale>
#include <map>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "diff/diff.h"
#include "plan/plan.h"
#include "render/diagnostics_github.h"
#include "render/diagnostics_json.h"
#include "render/diagnostics_junit.h"
#include "render/diagnostics_sarif.h"
#include "render/matrix_csv.h"
#include "render/matrix_text.h"
#include "render/plan_render.h"
#include "render/report.h"
#include "render/diagnostics_text.h"
#include "state/state_json.h"
#include "state/state_reader.h"
#include "unit/pipeline_support.h"
#include "unit/skip.h"

namespace stagegate {
namespace {

// Numbers with fractions and non-ASCII text, where locales differ; a warning
// (an unused group) and a plan with changes.
const char kExtra[] = R"(groups:
  archivists: {description: "Ältere Vorgänge prüfen"}
dataSources:
  metrics:
    kind: postgresql
    environments:
      development: {host: db.dev, port: 5432, timeout: 2.5, ratio: 1e3, sslmode: "1,5"}
      staging: {host: db.stg, port: 5432, timeout: 2.5, ratio: 1e3, sslmode: "1,5"}
      production: {host: db.prod, port: 5432, timeout: 12.75, ratio: 1e3, sslmode: "1,5"}
)";

std::unique_ptr<testing::Staged> Check(const testing::Files& files) {
  return std::make_unique<testing::Staged>(files, testing::Pipeline().In("/cfg"));
}

// Every rendering, by name.
std::map<std::string, std::string> RenderAll() {
  testing::Files current = testing::NexoraFiles();
  testing::Files desired = current;
  desired.emplace_back("extra.yaml", kExtra);
  auto des = Check(desired);
  auto cur = Check(current);
  REQUIRE(des->access);
  REQUIRE(cur->access);
  std::map<std::string, std::string> out;
  const SourceSet& sources = des->loaded.sources;
  out["findings text"] = FormatDiagnostics(sources, des->diags, PrintOptions{});
  out["findings json"] = DiagnosticsToJson(sources, des->diags);
  out["findings sarif"] = DiagnosticsToSarif(sources, des->diags);
  out["findings junit"] = DiagnosticsToJunit(sources, des->diags, false);
  out["findings github"] = DiagnosticsToGithub(sources, des->diags);
  out["matrix text"] = MatrixToText(*des->access);
  out["matrix csv"] = MatrixToCsv(*des->access);
  out["state file"] = StateToJson(*des->access);
  // The state file read back (strtod on the option values).
  Workspace read;
  SourceSet state_sources;
  uint32_t id = state_sources.Add("state.json", out["state file"]);
  Diagnostics state_diags;
  REQUIRE(ReadState(state_sources.file(id).text(), id, &read, state_diags));
  out["state file read back"] = StateToJson(AccessMatrix::Compile(read));

  Diff diff = ComputeDiff(cur->access.get(), *des->access);
  Diagnostics plan_diags;
  Plan plan = ComputePlan(cur->workspace.get(), *des->access, plan_diags);
  PlanReport report;
  report.desired_label = "cfg";
  report.current_label = "old";
  report.diff = &diff;
  report.plan = &plan;
  report.desired_sources = &sources;
  report.current_sources = &cur->loaded.sources;
  out["plan text"] = PlanToText(report);
  out["plan markdown"] = PlanToMarkdown(report);
  out["plan json"] = PlanToJson(report);

  ReportInput in;
  in.matrix = des->access.get();
  in.sources = &sources;
  in.findings = &des->diags;
  in.diff = &diff;
  in.current_label = "old";
  in.current_sources = &cur->loaded.sources;
  Report r = BuildReport(in);
  out["report html"] = ReportToHtml(r, *des->workspace);
  out["report markdown"] = ReportToMarkdown(r, *des->workspace);
  out["report csv"] = ReportToCsv(r, *des->workspace);
  out["report json"] = ReportToJson(r, *des->workspace);
  return out;
}

// Switches the C and C++ locales for its lifetime; ok() is false when the
// locale is not installed.
class LocaleScope {
 public:
  explicit LocaleScope(const char* name) {
    ok_ = std::setlocale(LC_ALL, name) != nullptr;
    if (!ok_) return;
    try {
      previous_ = std::locale::global(std::locale(name));
    } catch (const std::runtime_error&) {
      ok_ = false;
    }
  }
  ~LocaleScope() {
    std::setlocale(LC_ALL, "C");
    std::locale::global(std::locale::classic());
  }
  bool ok() const { return ok_; }

 private:
  bool ok_ = false;
  std::locale previous_;
};

constexpr const char* kLocales[] = {"de_DE.UTF-8", "de_DE.ISO-8859-1"};

TEST_CASE("render: every output is the same bytes in a German UTF-8 and a Latin-1 locale") {
  // Skip before asserting anything, so a failure is never reported as a skip.
  for (const char* name : kLocales) {
    bool installed = LocaleScope(name).ok();
    if (!installed) {
      STAGEGATE_SKIP("the locale " << name
                                   << " is not installed (scripts/setup --with-test-clients "
                                      "generates it)");
    }
  }
  const std::map<std::string, std::string> c = RenderAll();
  REQUIRE(c.at("state file").find("12.75") != std::string::npos);  // a number, not text
  REQUIRE(c.at("findings text").find("[unused-group]") != std::string::npos);
  REQUIRE(c.at("plan text").find("+ data source metrics") != std::string::npos);
  for (const char* name : kLocales) {
    LocaleScope scope(name);
    REQUIRE(scope.ok());
    // The locale is really in effect: its decimal separator is a comma.
    REQUIRE(std::string(std::localeconv()->decimal_point) == ",");
    const std::map<std::string, std::string> here = RenderAll();
    for (const auto& [what, text] : c) {
      INFO(name << ": " << what);
      CHECK(here.at(what) == text);
    }
  }
}

}  // namespace
}  // namespace stagegate
