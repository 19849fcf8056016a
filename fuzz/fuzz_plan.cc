// libFuzzer target: two configurations (the input split at its first NUL
// byte, or a fixed example as the current side) -> the diff and the plan, in
// text and JSON.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "diff/diff.h"
#include "pipeline/pipeline.h"
#include "plan/plan.h"
#include "render/plan_render.h"

namespace {

const char kCurrent[] = R"(version: 1
workspace: acme
users:
  ada@acme.io: {role: admin}
  lee@acme.io: {role: builder}
groups:
  leads:
    members: [lee@acme.io]
    permissions: [appPromote, appRelease]
    apps: [{apps: "*", permission: edit}]
apps:
  payroll:
    versions:
      - {name: v1, environment: production, status: released}
      - {name: v2, environment: staging, status: published}
)";

stagegate::CheckedConfig Check(const std::string& text) {
  stagegate::MemoryFileSystem fs;
  fs.AddFile("/cfg/a.yaml", text);
  return stagegate::LoadAndCheck(fs, {"/cfg"}, stagegate::PipelineOptions{});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stagegate;
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t split = input.find('\0');
  std::string desired_text = split == std::string::npos ? input : input.substr(0, split);
  std::string current_text = split == std::string::npos ? kCurrent : input.substr(split + 1);
  CheckedConfig desired = Check(desired_text);
  CheckedConfig current = Check(current_text);
  if (!desired.access || !current.access) return 0;
  Diff diff = ComputeDiff(current.access.get(), *desired.access);
  Diagnostics diags;
  Plan plan = ComputePlan(current.workspace.get(), *desired.access, diags);
  PlanReport report;
  report.diff = &diff;
  report.plan = &plan;
  report.desired_sources = &desired.loaded.sources;
  report.current_sources = &current.loaded.sources;
  std::string out = PlanToText(report) + PlanToJson(report) + PlanToMarkdown(report);
  return out.empty() ? 0 : 0;
}
