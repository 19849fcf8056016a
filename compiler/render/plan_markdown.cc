// `plan --format markdown`: for a pull request comment or a job summary. A
// summary table first, then the details in collapsible sections; it stays
// under the size limit by summarising the tail of long sections.
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

// A table cell: no pipes or line breaks, and code-quoted where it is a name.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// Appends rows while they fit in `budget` characters; past it, one line says
// how many were left out.
class Section {
 public:
  Section(std::string title, std::string header, bool open)
      : title_(std::move(title)), header_(std::move(header)), open_(open) {}
  void Row(std::string row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }

  std::string Render(size_t* budget) const {
    std::string out = fmt::format("<details{}><summary>{} ({})</summary>\n\n{}", open_ ? " open" : "",
                                  title_, rows_.size(), header_);
    size_t shown = 0;
    for (const std::string& row : rows_) {
      if (out.size() + row.size() + 200 > *budget) break;
      out += row;
      ++shown;
    }
    if (shown < rows_.size()) {
      out += fmt::format("\n_… and {} more; run `stagegate plan --format text` for the whole "
                         "list._\n",
                         rows_.size() - shown);
    }
    out += "\n</details>\n\n";
    *budget = out.size() >= *budget ? 0 : *budget - out.size();
    return out;
  }

 private:
  std::string title_;
  std::string header_;
  bool open_;
  std::vector<std::string> rows_;
};

const char* Sign(Direction d) { return d == Direction::kGain ? "➕" : "➖"; }

}  // namespace

std::string PlanToMarkdown(const PlanReport& r, size_t max_chars) {
  const Diff& diff = *r.diff;
  const Plan& plan = *r.plan;
  std::string out = fmt::format("### stagegate plan: `{}` compared with `{}`\n\n",
                                Cell(r.desired_label), Cell(r.current_label));
  if (r.current_absent) out += "_No configuration at the current state: everything is added._\n\n";
  if (r.current_live) {
    out +=
        "_The current state is the live ToolJet workspace: an access loss below is drift, access "
        "granted in ToolJet outside the configuration that applying it removes._\n\n";
  }

  // R13: an app made public (or private) is the widest change there is: it
  // leads, above the summary.
  for (const PublicChange& c : diff.public_apps) {
    const bool gain = c.direction == Direction::kGain;
    std::string text = plan_render::PublicChangeText(c);
    std::string source = plan_render::PublicChangeSource(c, r);
    if (!source.empty()) text += "; " + source;
    out += fmt::format("> {} **{}:** {}\n>\n", gain ? "⚠️" : Sign(c.direction),
                       gain ? "Public access gained" : "Public access lost", Cell(text));
  }
  if (!diff.public_apps.empty()) {
    out.resize(out.size() - 2);  // the last ">\n"
    out += "\n";
  }

  size_t production_gains = 0;
  for (const PublicChange& c : diff.public_apps) {
    production_gains += c.direction == Direction::kGain && c.after == PublicAccess::kUse;
  }
  for (const CellChange& c : diff.cells) {
    production_gains += c.direction == Direction::kGain && c.production;
  }
  out += "| | |\n| --- | --- |\n";
  out += fmt::format("| Access gains | {} ({} in the last environment or the released app) |\n",
                     diff.summary.access_gains, production_gains);
  out += fmt::format("| Access losses | {} |\n", diff.summary.access_losses);
  out += fmt::format("| Configuration changes | {} added, {} removed, {} changed |\n",
                     diff.summary.entities_added, diff.summary.entities_removed,
                     diff.summary.entities_changed);
  out += fmt::format("| Version steps | {} |\n", plan.summary.Text());
  if (plan.summary.blocked > 0) {
    out += fmt::format("| Blocked steps | **{}** |\n", plan.summary.blocked);
  }
  out += fmt::format("\n**Plan: {}.**\n\n", PlanSummaryLine(r));

  const std::string cell_header =
      "| | user | app | column | before | after | because of |\n| --- | --- | --- | --- | --- | --- | --- |\n";
  Section production("Access gains in the last environment and the released app", cell_header, true);
  Section other("Other access changes", cell_header, false);
  for (const CellChange& c : diff.cells) {
    bool gain = c.direction == Direction::kGain;
    std::string why = gain ? CausesOf(diff, c.causes, false, r)
                           : "was " + CausesOf(diff, c.previous_causes, true, r);
    std::string row = fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", Sign(c.direction),
                                  Cell(c.user), Cell(c.app), Cell(c.column),
                                  CapabilityName(c.before), CapabilityName(c.after), Cell(why));
    (gain && c.production ? production : other).Row(std::move(row));
  }
  Section permissions("Workspace permissions, promote and release, data sources",
                      "| | user | change |\n| --- | --- | --- |\n", false);
  for (const PermissionChange& p : diff.permissions) {
    permissions.Row(fmt::format("| {} | {} | {} {} |\n", Sign(p.direction), Cell(p.user),
                                p.direction == Direction::kGain ? "gains" : "loses",
                                WorkspacePermissionName(p.permission)));
  }
  for (const EligibilityChange& e : diff.eligibility) {
    permissions.Row(fmt::format("| {} | {} | {} {} {} |\n", Sign(e.direction), Cell(e.user),
                                e.direction == Direction::kGain ? "can now" : "can no longer",
                                EligibilityName(e.what), Cell(e.app)));
  }
  for (const DataSourceAccessChange& d : diff.data_sources) {
    permissions.Row(fmt::format("| {} | {} | data source {}: {} → {} |\n", Sign(d.direction),
                                Cell(d.user), Cell(d.data_source),
                                DataSourceAccessName(d.before), DataSourceAccessName(d.after)));
  }
  Section configuration("Configuration changes", "", false);
  for (const EntityChange& e : diff.entities) {
    std::string row = fmt::format("- `{}` {}\n", ChangeMark(e.change), Cell(EntityTitle(e)));
    if (e.change == ChangeKind::kChanged) {
      for (const FieldChange& f : e.fields) {
        row += f.secret ? fmt::format("  - `{}`: changed\n", Cell(f.path))
                        : fmt::format("  - `{}`: `{}` → `{}`\n", Cell(f.path),
                                      Cell(FieldValue(f, false)), Cell(FieldValue(f, true)));
      }
    }
    configuration.Row(std::move(row));
  }
  Section steps("Promotion plan, in order",
                "| app | step | needs, and who holds it |\n| --- | --- | --- |\n", true);
  for (const PlanStep& s : plan.steps) {
    std::string step = StepTitle(s);
    if (s.blocked) step = "⛔ " + step;
    if (!s.missing.empty()) {
      step += fmt::format(" (missing in {}: {})", s.to, fmt::join(s.missing, ", "));
    }
    steps.Row(fmt::format("| {} | {} | {} |\n", Cell(s.app), Cell(step), Cell(StepActors(s, 5))));
  }

  size_t budget = max_chars > out.size() ? max_chars - out.size() : 0;
  for (const Section* s : {&production, &steps, &other, &permissions, &configuration}) {
    if (!s->empty()) out += s->Render(&budget);
  }
  return out;
}

}  // namespace stagegate
