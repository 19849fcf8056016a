// `plan --format text`: read like a Terraform plan. Access changes first
// (what a reviewer reads first, D2), then configuration changes (D1), then
// the promotion steps (P8 order), then one summary line.
#include <fmt/format.h>

#include "render/plan_common.h"
#include "render/plan_render.h"

namespace stagegate {
namespace {

using plan_render::CausesOf;
using plan_render::ChangeMark;
using plan_render::EntityTitle;
using plan_render::FieldValue;
using plan_render::StepActors;
using plan_render::StepTitle;

const char* Mark(Direction d) { return d == Direction::kGain ? "+" : "-"; }

void AccessSection(const PlanReport& r, std::string* out) {
  const Diff& diff = *r.diff;
  if (diff.cells.empty() && diff.public_apps.empty() && diff.permissions.empty() &&
      diff.eligibility.empty() && diff.data_sources.empty()) {
    return;
  }
  *out += "Access changes (gains in the last environment and the released app first):\n";
  for (const PublicChange& c : diff.public_apps) {  // R13: anyone's, the widest, first
    *out += fmt::format("  {} {}\n", Mark(c.direction), plan_render::PublicChangeText(c));
    std::string source = plan_render::PublicChangeSource(c, r);
    if (!source.empty()) *out += "      " + source + "\n";
  }
  for (const CellChange& c : diff.cells) {
    *out += fmt::format("  {} {} on {} in {}: {} -> {}\n", Mark(c.direction), c.user, c.app,
                        c.column, CapabilityName(c.before), CapabilityName(c.after));
    std::string now = CausesOf(diff, c.causes, false, r);
    if (c.direction == Direction::kGain && !now.empty()) *out += "      from " + now + "\n";
    std::string was = CausesOf(diff, c.previous_causes, true, r);
    if (c.direction == Direction::kLoss && !was.empty()) *out += "      was from " + was + "\n";
  }
  for (const PermissionChange& p : diff.permissions) {
    std::string why = CausesOf(diff, p.causes, p.direction == Direction::kLoss, r);
    *out += fmt::format("  {} {} {} {}{}\n", Mark(p.direction), p.user,
                        p.direction == Direction::kGain ? "gains" : "loses",
                        WorkspacePermissionName(p.permission),
                        why.empty() ? "" : fmt::format(" ({})", why));
  }
  for (const EligibilityChange& e : diff.eligibility) {
    *out += fmt::format("  {} {} {} {} {}\n", Mark(e.direction), e.user,
                        e.direction == Direction::kGain ? "can now" : "can no longer",
                        EligibilityName(e.what), e.app);
  }
  for (const DataSourceAccessChange& d : diff.data_sources) {
    *out += fmt::format("  {} {} on data source {}: {} -> {}\n", Mark(d.direction), d.user,
                        d.data_source, DataSourceAccessName(d.before),
                        DataSourceAccessName(d.after));
  }
  *out += "\n";
}

// Against a live workspace, the access the plan removes is access someone
// granted in ToolJet outside the configuration: drift, shown first as what
// the live workspace gives.
void DriftSection(const PlanReport& r, std::string* out) {
  if (!r.current_live) return;
  const Diff& diff = *r.diff;
  std::string lines;
  for (const PublicChange& c : diff.public_apps) {  // R13: public in ToolJet only
    if (c.direction != Direction::kLoss) continue;
    lines += fmt::format("  + {} on {}: public in ToolJet, {} (the configuration: {})\n", kAnyone,
                         c.app,
                         c.before == PublicAccess::kUse
                             ? "anyone with the link opens it without signing in"
                             : "not released yet",
                         c.after == PublicAccess::kNone ? "not public" : "public, not released");
  }
  for (const CellChange& c : diff.cells) {
    if (c.direction != Direction::kLoss) continue;
    lines += fmt::format("  + {} on {} in {}: {} (the configuration: {})\n", c.user, c.app,
                         c.column, CapabilityName(c.before), CapabilityName(c.after));
    std::string was = CausesOf(diff, c.previous_causes, true, r);
    if (!was.empty()) lines += "      from " + was + "\n";
  }
  for (const PermissionChange& p : diff.permissions) {
    if (p.direction != Direction::kLoss) continue;
    std::string why = CausesOf(diff, p.causes, true, r);
    lines += fmt::format("  + {} holds {}{}\n", p.user, WorkspacePermissionName(p.permission),
                         why.empty() ? "" : fmt::format(" ({})", why));
  }
  for (const EligibilityChange& e : diff.eligibility) {
    if (e.direction != Direction::kLoss) continue;
    lines += fmt::format("  + {} can {} {}\n", e.user, EligibilityName(e.what), e.app);
  }
  for (const DataSourceAccessChange& d : diff.data_sources) {
    if (d.direction != Direction::kLoss) continue;
    lines += fmt::format("  + {} on data source {}: {} (the configuration: {})\n", d.user,
                         d.data_source, DataSourceAccessName(d.before),
                         DataSourceAccessName(d.after));
  }
  if (lines.empty()) return;
  *out += "Drift: access the live ToolJet workspace gives that the configuration does not "
          "(granted outside it; applying the configuration removes it):\n";
  *out += lines + "\n";
}

void ConfigurationSection(const PlanReport& r, std::string* out) {
  if (r.diff->entities.empty()) return;
  *out += "Configuration changes:\n";
  for (const EntityChange& e : r.diff->entities) {
    *out += fmt::format("  {} {}\n", ChangeMark(e.change), EntityTitle(e));
    if (e.change == ChangeKind::kRemoved) continue;
    for (const FieldChange& f : e.fields) {
      if (e.change == ChangeKind::kAdded) {
        *out += fmt::format("      {}: {}\n", f.path, f.secret ? "(secret reference)" : FieldValue(f, true));
      } else if (f.secret) {
        *out += fmt::format("      {}: changed\n", f.path);
      } else {
        *out += fmt::format("      {}: {} -> {}\n", f.path, FieldValue(f, false), FieldValue(f, true));
      }
    }
  }
  *out += "\n";
}

void StepsSection(const PlanReport& r, std::string* out) {
  if (r.plan->empty()) return;
  *out += "Promotion plan (in order):\n";
  std::string app;
  size_t width = 0;
  for (const PlanStep& s : r.plan->steps) width = std::max(width, StepTitle(s).size());
  for (const PlanStep& s : r.plan->steps) {
    if (s.app != app) {
      app = s.app;
      *out += fmt::format("  app {}\n", app);
    }
    *out += fmt::format("    {}{:<{}}  needs {}\n", s.blocked ? "! " : "  ", StepTitle(s), width,
                        StepActors(s, 5));
    if (!s.missing.empty()) {
      *out += fmt::format("        blocked: {} missing in {}\n", fmt::join(s.missing, ", "), s.to);
    }
  }
  *out += "\n";
}

}  // namespace

std::string PlanToText(const PlanReport& r) {
  std::string out = fmt::format("stagegate plan: {} compared with {}{}\n\n", r.desired_label,
                                r.current_label,
                                r.current_absent ? " (no configuration there: everything is added)"
                                                 : "");
  DriftSection(r, &out);
  AccessSection(r, &out);
  ConfigurationSection(r, &out);
  StepsSection(r, &out);
  out += fmt::format("Plan: {}.\n", PlanSummaryLine(r));
  return out;
}

}  // namespace stagegate
