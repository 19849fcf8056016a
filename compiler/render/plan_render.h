// `stagegate plan` output: the diff (semantics.md D1-D3) and the promotion
// plan (P1-P8) as text (like a Terraform plan: +, -, ~), Markdown (for a pull
// request comment or job summary) or JSON. One file per format
// (plan_text.cc, plan_markdown.cc, plan_json.cc); secrets appear only as
// references and "changed" (D3).
#ifndef STAGEGATE_RENDER_PLAN_RENDER_H_
#define STAGEGATE_RENDER_PLAN_RENDER_H_

#include <cstddef>
#include <string>

#include "diff/diff.h"
#include "plan/plan.h"
#include "source/limits.h"
#include "source/source_set.h"

namespace stagegate {

struct PlanReport {
  std::string desired_label;  // the configuration paths, as given
  std::string current_label;  // the --current spec, as given
  bool current_absent = false;  // git:REF without the configuration: a new one
  // The current state is a live ToolJet workspace (--current postgresql://):
  // access it gives beyond the configuration is drift, listed on its own.
  bool current_live = false;
  const Diff* diff = nullptr;
  const Plan* plan = nullptr;
  const SourceSet* desired_sources = nullptr;  // where desired-side locations point
  const SourceSet* current_sources = nullptr;  // where current-side locations point
};

// "3 access gains, 1 loss, 2 configuration changes, 2 promotions" (zero
// counts left out); "no changes" when there are none.
std::string PlanSummaryLine(const PlanReport& report);

std::string PlanToText(const PlanReport& report);

// GitHub-flavoured Markdown: a summary table first, details in collapsible
// sections. Stays under `max_chars` (GitHub's comment limit is 65,536) by
// summarising the tail of long lists.
std::string PlanToMarkdown(const PlanReport& report, size_t max_chars = kPlanMarkdownMaxChars);

// {"stagegate_plan": 1, "current", "desired", "summary", "access",
//  "configuration", "steps"}: documented in docs/cli.md.
std::string PlanToJson(const PlanReport& report);

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_PLAN_RENDER_H_
