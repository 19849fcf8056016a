// --deny-gain and --max-access-changes over a computed diff.
#include "diff/guard_rails.h"
#include "source/wording.h"

#include <fmt/format.h>

namespace stagegate {
namespace {

struct Rule {
  enum class Kind { kCell, kPermission, kEligibility, kPublic } kind = Kind::kCell;
  Capability at_least = Capability::kNone;
  std::string column;  // "*" for any
  WorkspacePermission permission = WorkspacePermission::kAppCreate;
  Eligibility eligibility = Eligibility::kPromote;
};

bool Parse(const std::string& text, Rule* rule) {
  size_t colon = text.find(':');
  if (colon != std::string::npos) {
    std::optional<Capability> cap = ParseCapability(text.substr(0, colon));
    std::string column = text.substr(colon + 1);
    if (!cap || *cap == Capability::kNone || column.empty()) return false;
    rule->kind = Rule::Kind::kCell;
    rule->at_least = *cap;
    rule->column = column;
    return true;
  }
  if (text == "public") {  // R13: an app made public, or a public app released
    rule->kind = Rule::Kind::kPublic;
    return true;
  }
  if (text == "promote" || text == "release") {
    rule->kind = Rule::Kind::kEligibility;
    rule->eligibility = text == "promote" ? Eligibility::kPromote : Eligibility::kRelease;
    return true;
  }
  if (std::optional<WorkspacePermission> p = ParseWorkspacePermission(text)) {
    rule->kind = Rule::Kind::kPermission;
    rule->permission = *p;
    return true;
  }
  return false;
}

std::string Examples(const std::vector<std::string>& items) {
  constexpr size_t kShown = 5;
  std::string out;
  for (size_t i = 0; i < items.size() && i < kShown; ++i) out += (i ? "; " : "") + items[i];
  if (items.size() > kShown) out += fmt::format("; and {} more", items.size() - kShown);
  return out;
}

// "anyone gains use in 'released' on 'payroll' (made public)".
std::string PublicHit(const PublicChange& c) {
  std::string why = c.before == PublicAccess::kNone ? "made public" : "a public app released";
  if (c.after != PublicAccess::kUse) {
    return fmt::format("'{}' is made public (anyone will open it once it is released)", c.app);
  }
  return fmt::format("{} gains use in '{}' on '{}' ({})", kAnyone, kReleasedColumn, c.app, why);
}

}  // namespace

bool ValidDenyGainRule(const std::string& rule, std::string* error) {
  Rule parsed;
  if (Parse(rule, &parsed)) return true;
  *error = fmt::format(
      "--deny-gain '{}' is not a rule; write CAPABILITY:COLUMN (e.g. edit:production, "
      "run:*, use:released), a workspace permission (e.g. appRelease), promote, release or "
      "public",
      rule);
  return false;
}

void CheckGuardRails(const GuardRails& rails, const Diff& diff, Diagnostics& diags) {
  for (const std::string& text : rails.deny_gain) {
    Rule rule;
    if (!Parse(text, &rule)) continue;  // validated when the options were read
    std::vector<std::string> hits;
    switch (rule.kind) {
      case Rule::Kind::kCell:
        // Anyone's cell of a public app (R13): `use` in `released`.
        for (const PublicChange& c : diff.public_apps) {
          if (c.after != PublicAccess::kUse || c.before == PublicAccess::kUse) continue;
          if (rule.at_least > Capability::kUse) continue;
          if (rule.column != "*" && rule.column != kReleasedColumn) continue;
          hits.push_back(PublicHit(c));
        }
        for (const CellChange& c : diff.cells) {
          if (c.direction != Direction::kGain || c.after < rule.at_least || c.before >= rule.at_least)
            continue;
          if (rule.column != "*" && rule.column != c.column) continue;
          hits.push_back(fmt::format("{} gains {} in '{}' on '{}'", c.user, CapabilityName(c.after),
                                     c.column, c.app));
        }
        break;
      case Rule::Kind::kPermission:
        for (const PermissionChange& p : diff.permissions) {
          if (p.direction == Direction::kGain && p.permission == rule.permission) {
            hits.push_back(fmt::format("{} gains {}", p.user, WorkspacePermissionName(p.permission)));
          }
        }
        break;
      case Rule::Kind::kPublic:
        for (const PublicChange& c : diff.public_apps) {
          if (c.direction == Direction::kGain) hits.push_back(PublicHit(c));
        }
        break;
      case Rule::Kind::kEligibility:
        for (const EligibilityChange& e : diff.eligibility) {
          if (e.direction == Direction::kGain && e.what == rule.eligibility) {
            hits.push_back(fmt::format("{} can now {} '{}'", e.user, EligibilityName(e.what), e.app));
          }
        }
        break;
    }
    if (hits.empty()) continue;
    diags.Error(Code::kDeniedAccessGain, Location{},
                fmt::format("{} denied by --deny-gain {}: {}; if this is intended, have it "
                            "approved and run the check without this rule for this change",
                            Plural(hits.size(), "access change is", "access changes are"), text,
                            Examples(hits)));
  }
  if (rails.max_access_changes >= 0) {
    size_t total = diff.summary.access_gains + diff.summary.access_losses;
    if (total > static_cast<uint64_t>(rails.max_access_changes)) {
      diags.Error(Code::kTooManyAccessChanges, Location{},
                  fmt::format("{} access changes ({} gains, {} losses), more than "
                              "--max-access-changes {} allows; split the change, or have it "
                              "approved and raise the limit for this change",
                              total, diff.summary.access_gains, diff.summary.access_losses,
                              rails.max_access_changes));
    }
  }
}

}  // namespace stagegate
