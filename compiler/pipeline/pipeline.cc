// LoadAndCheck: every stage of `stagegate check`, in order, in one place.
#include "pipeline/pipeline.h"

#include "checks/access_checks.h"
#include "checks/checks.h"
#include "model/redact.h"
#include "schema/schema.h"
#include "source/timings.h"

namespace stagegate {

CheckedConfig LoadAndCheck(const FileSystem& fs, const std::vector<std::string>& paths,
                           const PipelineOptions& options) {
  CheckedConfig out;
  {
    StageTimer timer("load");
    out.loaded = Load(fs, paths, options.limits, out.diags);
    // Before anything can report on a line, so no code frame shows a secret.
    RedactSecrets(out.loaded);
  }
  const bool every_file_parsed = out.diags.error_count() == 0 && !out.loaded.unreadable;
  {
    StageTimer timer("schema");
    ValidateSchema(out.loaded, out.diags);
  }
  if (every_file_parsed) {
    {
      StageTimer timer("model");
      out.workspace = std::make_unique<Workspace>(BuildWorkspace(out.loaded, out.diags));
    }
    {
      StageTimer timer("checks");
      RunChecks(*out.workspace, out.diags);
    }
    // The matrix only means something for a configuration without errors.
    if (out.diags.error_count() == 0) {
      {
        StageTimer timer("compile");
        out.access = std::make_unique<AccessMatrix>(AccessMatrix::Compile(*out.workspace));
      }
      StageTimer timer("access checks");
      CheckAccess(*out.access, out.diags);
    }
  }
  out.diags.Sort();
  return out;
}

}  // namespace stagegate
