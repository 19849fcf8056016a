// Shared wording of the plan renderers.
#include "render/plan_common.h"

#include <fmt/format.h>

#include "source/headline.h"
#include "source/wording.h"

namespace stagegate::plan_render {

std::string DescribeCauses(const Causes& causes, const SourceSet* sources) {
  std::vector<std::string> parts;
  for (const GrantSource& g : causes) {
    std::string where;
    if (g.location.valid() && sources != nullptr && g.location.file < sources->size()) {
      where = fmt::format(" ({})", FormatLocation(*sources, g.location));
    }
    switch (g.kind) {
      case GrantSource::Kind::kAdmin:
        parts.push_back("admin" + where);
        break;
      case GrantSource::Kind::kOwner:
        parts.push_back("owner of the app" + where);
        break;
      case GrantSource::Kind::kRole:
        parts.push_back(GrantHolderName(g.kind, g.name) + (where.empty() ? " (built in)" : where));
        break;
      case GrantSource::Kind::kGroup:
        parts.push_back(GrantHolderName(g.kind, g.name) + where);
        break;
    }
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string CausesOf(const Diff& diff, uint32_t index, bool previous, const PlanReport& report) {
  const std::vector<Causes>& all = previous ? diff.previous_causes : diff.causes;
  if (index == kNoCauses || index >= all.size()) return {};
  return DescribeCauses(all[index], previous ? report.current_sources : report.desired_sources);
}

std::string PublicChangeText(const PublicChange& c) {
  using P = PublicAccess;
  const bool public_before = c.before != P::kNone, public_after = c.after != P::kNone;
  std::string why;
  if (!public_before) {
    why = "made public";
  } else if (!public_after) {
    why = "made private";
  } else {
    why = c.after == P::kUse ? "public, now released" : "public, no longer released";
  }
  if (c.before != P::kUse && c.after != P::kUse) {  // the released column is none on both sides
    return public_after ? fmt::format("{} on {}: {}, not released yet: anyone with the link "
                                      "will open it without signing in once a version is "
                                      "released (R13)",
                                      kAnyone, c.app, why)
                        : fmt::format("{} on {}: {}; it was public but not released (R13)",
                                      kAnyone, c.app, why);
  }
  const bool gain = c.after == P::kUse;
  return fmt::format("{} on {} in {}: {} -> {} ({}: anyone with the link {} without signing in, "
                     "R13)",
                     kAnyone, c.app, kReleasedColumn, gain ? "none" : "use", gain ? "use" : "none",
                     why, gain ? "opens it" : "no longer opens it");
}

std::string PublicSource(const Location& at, const SourceSet* sources) {
  if (!at.valid() || sources == nullptr || at.file >= sources->size()) return {};
  return fmt::format("public: true ({})", FormatLocation(*sources, at));
}

std::string PublicChangeSource(const PublicChange& change, const PlanReport& report) {
  const bool gain = change.direction == Direction::kGain;
  std::string source =
      PublicSource(change.at, gain ? report.desired_sources : report.current_sources);
  if (source.empty()) return source;
  return fmt::format("{} {}", gain ? "from" : "was from", source);
}

std::string FieldValue(const FieldChange& field, bool after) {
  const std::optional<std::string>& v = after ? field.after : field.before;
  if (!v) return "(absent)";
  return *v;
}

const char* ChangeMark(ChangeKind change) {
  switch (change) {
    case ChangeKind::kAdded: return "+";
    case ChangeKind::kRemoved: return "-";
    case ChangeKind::kChanged: return "~";
  }
  return "~";
}

std::string EntityTitle(const EntityChange& e) {
  switch (e.kind) {
    case EntityKind::kWorkspace: return "workspace";
    case EntityKind::kEnvironment: return fmt::format("environment {}", e.name);
    case EntityKind::kRole: return fmt::format("role {}", e.name);
    case EntityKind::kUser: return fmt::format("user {}", e.name);
    case EntityKind::kGroup: return fmt::format("group {}", e.name);
    case EntityKind::kDataSource: return fmt::format("data source {}", e.name);
    case EntityKind::kConstant: return fmt::format("constant {}", e.name);
    case EntityKind::kApp: return fmt::format("app {}", e.name);
    case EntityKind::kAppVersion: return fmt::format("version {} of app {}", e.name, e.parent);
  }
  return e.name;
}

std::string StepTitle(const PlanStep& s) {
  switch (s.kind) {
    case StepKind::kCreate: return fmt::format("create {} in {}", s.version, s.to);
    case StepKind::kPublish: return fmt::format("publish {} in {}", s.version, s.to);
    case StepKind::kPromote: return fmt::format("promote {} {} -> {}", s.version, s.from, s.to);
    case StepKind::kRelease:
      return s.replaces.empty()
                 ? fmt::format("release {} in {}", s.version, s.to)
                 : fmt::format("release {} in {} ({} becomes published)", s.version, s.to,
                               s.replaces);
    case StepKind::kDelete: return fmt::format("delete {} from {}", s.version, s.from);
  }
  return s.version;
}

std::string StepActors(const PlanStep& s, size_t max_users) {
  const size_t total = s.holders.size();
  std::string who = "nobody";
  if (total > 0) {
    who = fmt::format("{}", fmt::join(s.holders.Emails(max_users), ", "));
    if (total > max_users) who += fmt::format(" and {} more", total - max_users);
  }
  return fmt::format("{}: {}", DescribePermission(s.permission, s.app), who);
}

}  // namespace stagegate::plan_render

namespace stagegate {

std::string PlanSummaryLine(const PlanReport& report) {
  std::vector<std::string> parts;
  const DiffSummary& d = report.diff->summary;
  auto count = [&](size_t n, const char* one, const char* many) {
    if (n > 0) parts.push_back(Plural(n, one, many));
  };
  count(d.access_gains, "access gain", "access gains");
  count(d.access_losses, "access loss", "access losses");
  count(d.entities_added + d.entities_removed + d.entities_changed, "configuration change",
        "configuration changes");
  if (!report.plan->empty()) parts.push_back(report.plan->summary.Text());
  if (parts.empty()) return "no changes";
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace stagegate
