// libFuzzer target: one configuration file -> everything `check`, `compile`
// and `report` do with it: the pipeline, the printed findings in every
// format, the state file, and the report when the matrix exists.
#include <cstddef>
#include <cstdint>
#include <string>

#include "pipeline/pipeline.h"
#include "render/diagnostics_json.h"
#include "render/diagnostics_sarif.h"
#include "render/report.h"
#include "render/diagnostics_text.h"
#include "state/state_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace stagegate;
  MemoryFileSystem fs;
  fs.AddFile("/cfg/a.yaml", std::string(reinterpret_cast<const char*>(data), size));
  CheckedConfig checked = LoadAndCheck(fs, {"/cfg"}, PipelineOptions{});
  PrintOptions print;
  std::string out = FormatDiagnostics(checked.loaded.sources, checked.diags, print);
  out += DiagnosticsToJson(checked.loaded.sources, checked.diags);
  out += DiagnosticsToSarif(checked.loaded.sources, checked.diags);
  if (checked.access) {
    out += StateToJson(*checked.access);
    ReportInput in;
    in.matrix = checked.access.get();
    in.sources = &checked.loaded.sources;
    in.findings = &checked.diags;
    Report report = BuildReport(in);
    out += ReportToHtml(report, *checked.workspace);
  }
  return out.empty() ? 0 : 0;
}
