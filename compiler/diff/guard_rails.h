// Guard rails for pull request checks: rules that turn risky access changes
// into errors, so a check can stop a change that widens production access
// unless it is approved explicitly (e.g. a label that makes the workflow run
// the plan without the rule).
#ifndef STAGEGATE_DIFF_GUARD_RAILS_H_
#define STAGEGATE_DIFF_GUARD_RAILS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "diff/diff.h"
#include "model/workspace.h"
#include "source/diagnostic.h"

namespace stagegate {

struct GuardRails {
  // --deny-gain RULE, each one of:
  //   CAPABILITY:COLUMN  a cell gaining at least CAPABILITY (use, preview,
  //                      run, edit) in COLUMN (an environment, `released`,
  //                      or `*` for any), e.g. run:production, run:*
  //   PERMISSION         a user gaining that workspace permission (appRelease)
  //   promote | release  a user becoming able to promote / release an app
  //   public             anyone gaining access to an app (R13): an app made
  //                      public, or a public app released. The cell rules
  //                      see anyone too: use:released and use:* catch a
  //                      public app anyone can now open.
  std::vector<std::string> deny_gain;
  // --max-access-changes N: more access changes (gains and losses) fail.
  int64_t max_access_changes = -1;
};

// Whether `rule` is a --deny-gain rule whatever the configuration (a known
// capability, permission or word); else false and a message that starts
// "--deny-gain RULE: ", suggests what was meant and says what a rule looks
// like.
bool ValidDenyGainRule(const std::string& rule, std::string* error);

// `rule` against the configuration `ws` it guards (its environments and
// `released` are the columns; its accessRules are the rules in force).
struct DenyGainRuleCheck {
  // Not a rule, or a column `ws` does not have (with a suggestion): a usage
  // error. Starts "--deny-gain RULE: ".
  std::string error;
  // A rule that can never match under the rules in force (edit outside the
  // first environment, more than use in `released`: R4), naming the rule
  // and the one to write instead.
  std::string warning;
};
DenyGainRuleCheck CheckDenyGainRule(const std::string& rule, const Workspace& ws);

// One error per tripped rule (code denied-access-gain, naming up to five of
// the changes) and one for too many changes (too-many-access-changes).
void CheckGuardRails(const GuardRails& rails, const Diff& diff, Diagnostics& diags);

}  // namespace stagegate

#endif  // STAGEGATE_DIFF_GUARD_RAILS_H_
