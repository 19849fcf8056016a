// --deny-gain and --max-access-changes over a computed diff.
#include "diff/guard_rails.h"
#include "source/suggest.h"
#include "source/wording.h"

#include <algorithm>

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

// The capabilities a gain can reach, least first (`none` is no gain).
const std::vector<std::string_view> kGainCapabilities = {"use", "preview", "run", "edit"};

// What a rule that is not CAPABILITY:COLUMN may be, for suggestions.
std::vector<std::string_view> RuleWords() {
  std::vector<std::string_view> words = WorkspacePermissionNames();
  for (std::string_view w : {"promote", "release", "public"}) words.push_back(w);
  return words;
}

// CAPABILITY:COLUMN; else nullopt and `*error` says what is wrong.
std::optional<Rule> ParseCellRule(const std::string& text, size_t colon, std::string* error) {
  std::string name = text.substr(0, colon);
  std::string column = text.substr(colon + 1);
  std::optional<Capability> cap = ParseCapability(name);
  if (!cap || *cap == Capability::kNone) {
    std::string what = cap ? "'none' is no gain"
                           : fmt::format("no capability '{}'{}", name,
                                         DidYouMean(name, kGainCapabilities));
    *error = fmt::format("--deny-gain {}: {}; the capabilities are use, preview, run and edit",
                         text, what);
    return std::nullopt;
  }
  if (column.empty()) {
    *error = fmt::format("--deny-gain {}: no column after ':'; write an environment, {} or * "
                         "(any column)",
                         text, kReleasedColumn);
    return std::nullopt;
  }
  Rule rule;
  rule.kind = Rule::Kind::kCell;
  rule.at_least = *cap;
  rule.column = column;
  return rule;
}

// `text` as a rule; else nullopt and `*error` says what is wrong, starting
// with "--deny-gain TEXT: ".
std::optional<Rule> Parse(const std::string& text, std::string* error) {
  size_t colon = text.find(':');
  if (colon != std::string::npos) return ParseCellRule(text, colon, error);
  Rule rule;
  if (text == "public") {  // R13: an app made public, or a public app released
    rule.kind = Rule::Kind::kPublic;
    return rule;
  }
  if (text == "promote" || text == "release") {
    rule.kind = Rule::Kind::kEligibility;
    rule.eligibility = text == "promote" ? Eligibility::kPromote : Eligibility::kRelease;
    return rule;
  }
  if (std::optional<WorkspacePermission> p = ParseWorkspacePermission(text)) {
    rule.kind = Rule::Kind::kPermission;
    rule.permission = *p;
    return rule;
  }
  *error = fmt::format(
      "--deny-gain {}: not a rule{}; write CAPABILITY:COLUMN (e.g. run:production, run:*, "
      "use:released), a workspace permission (e.g. appRelease), promote, release or public",
      text, DidYouMean(text, RuleWords()));
  return std::nullopt;
}

// The rules in force and those that keep edit in the first environment, for
// a sentence.
std::string_view EditRulesInForce(AccessRules rules) {
  return rules == AccessRules::kServer ? "the server's rules (R4, S1)"
                                       : "the documented rules (R4)";
}

// A cell rule naming a column of `ws`: why it can never match (R4), or "".
std::string NeverMatches(const std::string& text, const Rule& rule, const Workspace& ws) {
  if (rule.column == kReleasedColumn) {
    if (rule.at_least <= Capability::kUse) return {};
    return fmt::format("--deny-gain {} can never match: the '{}' column holds only use or none "
                       "(R4); to stop someone gaining the released app, deny use:{}",
                       text, kReleasedColumn, kReleasedColumn);
  }
  const std::string& first = ws.environments.front().name;
  if (rule.at_least != Capability::kEdit || rule.column == "*" || rule.column == first) return {};
  return fmt::format("--deny-gain {} can never match: under {} edit exists only in '{}'; "
                     "to stop someone gaining {} access, deny run:{}",
                     text, EditRulesInForce(ws.access_rules), first, rule.column, rule.column);
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
  return Parse(rule, error).has_value();
}

DenyGainRuleCheck CheckDenyGainRule(const std::string& text, const Workspace& ws) {
  DenyGainRuleCheck out;
  std::optional<Rule> rule = Parse(text, &out.error);
  if (!rule || rule->kind != Rule::Kind::kCell || ws.environments.empty()) return out;
  std::vector<std::string> columns = NamesOf(ws.environments);
  columns.emplace_back(kReleasedColumn);
  if (rule->column != "*" &&
      std::find(columns.begin(), columns.end(), rule->column) == columns.end()) {
    out.error = fmt::format(
        "--deny-gain {}: no environment '{}' in this configuration{}; the columns are {}, or * "
        "for any",
        text, rule->column,
        DidYouMean(rule->column, std::vector<std::string_view>(columns.begin(), columns.end())),
        JoinAnd(columns));
    return out;
  }
  out.warning = NeverMatches(text, *rule, ws);
  return out;
}

void CheckGuardRails(const GuardRails& rails, const Diff& diff, Diagnostics& diags) {
  for (const std::string& text : rails.deny_gain) {
    std::string error;
    std::optional<Rule> parsed = Parse(text, &error);
    if (!parsed) continue;  // validated when the options were read
    const Rule& rule = *parsed;
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
