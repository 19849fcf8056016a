// `compile --format text` (the default): the permission matrix the way a
// reviewer reads it, as aligned plain-text tables.
#ifndef STAGEGATE_RENDER_MATRIX_TEXT_H_
#define STAGEGATE_RENDER_MATRIX_TEXT_H_

#include <string>
#include <vector>

#include "access/access.h"

namespace stagegate {

// A summary line, then for each app (by name): its versions (furthest along
// first, the released one marked), a table with a row per enabled user
// (sorted by e-mail; the owner marked) and a column per environment plus
// `released`, each cell a capability; disabled users listed after it as
// "no access (disabled)"; then who can promote and who can release the app
// (R9, R10). A public app (R13) gets a "PUBLIC: ..." line and, first in its
// table, the row "anyone" (role "-"). Then a workspace permissions table (enabled users x the
// permissions anyone holds, R8) and a data source access table (R12).
// Columns are separated by two spaces and padded to the widest cell
// (counting UTF-8 code points); no line ends in a space; no colour.
std::string MatrixToText(const AccessMatrix& matrix);

// An app's versions furthest along first (P8), then by name: the order the
// matrix and the report list them in.
std::vector<const AppVersion*> SortedVersions(const Workspace& ws, const App& app);

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_MATRIX_TEXT_H_
