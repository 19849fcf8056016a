// The semantic checks: everything format.md requires of a configuration that
// schema validation cannot see, run on the typed workspace. References
// resolve (with "did you mean"), every environment is configured, templates
// resolve per environment, secrets stay secret, versions obey P1/P4, no
// end-user can edit (R5), and assertions are well-formed.
#ifndef STAGEGATE_CHECKS_CHECKS_H_
#define STAGEGATE_CHECKS_CHECKS_H_

#include "model/workspace.h"
#include "source/diagnostic.h"

namespace stagegate {

// Reports every finding into `diags` (never stops early). Each is reported at
// the most precise node: the offending reference, value or key. No message
// contains a constant's value or a data source option's value.
void RunChecks(const Workspace& ws, Diagnostics& diags);

}  // namespace stagegate

#endif  // STAGEGATE_CHECKS_CHECKS_H_
