// LoadAndCheck: every stage of `stagegate check`, in order, in one place.
#include "pipeline/pipeline.h"

#include <chrono>

#include "checks/access_checks.h"
#include "checks/checks.h"
#include "model/redact.h"
#include "schema/schema.h"
#include "source/parallel.h"
#include "source/timings.h"

namespace stagegate {

CheckedConfig LoadAndCheck(const FileSystem& fs, const std::vector<std::string>& paths,
                           const PipelineOptions& options) {
  CheckedConfig out;
  {
    // Read, parse and validate against the schema: file by file, on both
    // cores (the schema stage runs inside the loader's workers).
    StageTimer timer("load and schema");
    TimingPrefix prefix("load");
    out.loaded = Load(fs, paths, options.limits, out.diags, NewSchemaValidator,
                      options.parsed_before);
  }
  // Before anything can report on a line, so no code frame shows a secret.
  Timed("redact", [&] { RedactSecrets(out.loaded); });
  const bool every_file_parsed = out.loaded.parse_errors == 0 && !out.loaded.unreadable;
  if (every_file_parsed) {
    {
      StageTimer timer("model");
      out.workspace = std::make_unique<Workspace>(BuildWorkspace(out.loaded, out.diags));
    }
    // The checks and the matrix both only read the workspace, so the matrix
    // is compiled on a second thread while the checks run. It only means
    // something for a configuration without errors, so it is kept only then.
    // (Timings are recorded from this thread: the compile's after the join.)
    std::unique_ptr<AccessMatrix> matrix;
    double compile_seconds = 0;
    auto compile = [&] {
      auto start = std::chrono::steady_clock::now();
      matrix = std::make_unique<AccessMatrix>(AccessMatrix::Compile(*out.workspace));
      compile_seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    const bool compile_now = out.diags.error_count() == 0;
    const size_t entities = out.workspace->users.size() + out.workspace->apps.size();
    RunBeside(
        compile_now && entities >= kWorthAThread, [&] { if (compile_now) compile(); },
        [&] { Timed("checks", [&] { RunChecks(*out.workspace, out.diags); }); });
    if (compile_now) RecordTiming("compile (beside the checks)", compile_seconds);
    if (matrix && out.diags.error_count() == 0) {
      out.access = std::move(matrix);
      if (options.access_checks) {
        StageTimer timer("access checks");
        CheckAccess(*out.access, out.diags);
      }
    }
  }
  out.diags.Sort();
  return out;
}

}  // namespace stagegate
