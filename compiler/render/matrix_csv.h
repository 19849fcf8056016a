// `compile --format csv`: the permission matrix as one CSV row per (user,
// app, column), for spreadsheets and scripts.
#ifndef STAGEGATE_RENDER_MATRIX_CSV_H_
#define STAGEGATE_RENDER_MATRIX_CSV_H_

#include <string>
#include <string_view>

#include "access/access.h"

namespace stagegate {

// RFC 4180: the header `user,app,column,capability`, then one record per
// user (every declared user, disabled ones too: their cells are `none`), app
// and column, sorted by user (lower-cased e-mail), app name, then column in
// pipeline order with `released` last. `user` is the e-mail as written.
// A public app (R13) also has the records of `anyone` (anyone with its link,
// signed in or not), before every user's.
// Records end in "\r\n" (RFC 4180), the last one too. A field is quoted
// when it holds a comma, a double quote, CR or LF (quotes doubled inside).
std::string MatrixToCsv(const AccessMatrix& matrix);

// One field as RFC 4180 writes it (quoted only when it must be).
std::string CsvField(std::string_view text);

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_MATRIX_CSV_H_
