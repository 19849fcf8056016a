// Checks that need the effective permission matrix: the warnings reviewers
// care about (combined-grant escalation, grants with no effect, permissions
// nobody can use, unused definitions) and the configuration's assertions
// (format.md, Assertions), each failed one an error at the assertion that
// shows the actual value and the grants behind it.
#ifndef STAGEGATE_CHECKS_ACCESS_CHECKS_H_
#define STAGEGATE_CHECKS_ACCESS_CHECKS_H_

#include "access/access.h"
#include "source/diagnostic.h"

namespace stagegate {

void CheckAccess(const AccessMatrix& matrix, Diagnostics& diags);

}  // namespace stagegate

#endif  // STAGEGATE_CHECKS_ACCESS_CHECKS_H_
