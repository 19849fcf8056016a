// CSV rendering of the permission matrix.
#include "render/matrix_csv.h"

namespace stagegate {

std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string MatrixToCsv(const AccessMatrix& matrix) {
  const Workspace& ws = matrix.workspace();
  std::vector<std::string> apps, columns;
  for (const App& a : ws.apps) apps.push_back(CsvField(a.name));
  for (size_t c = 0; c < matrix.column_count(); ++c)
    columns.push_back(CsvField(matrix.ColumnName(c)));
  std::string out = "user,app,column,capability\r\n";
  // R13: anyone's rows first, for the public apps only.
  for (uint32_t a = 0; a < ws.apps.size(); ++a) {
    if (!ws.apps[a].is_public) continue;
    for (size_t c = 0; c < columns.size(); ++c) {
      out += std::string(kAnyone) + ',' + apps[a] + ',' + columns[c] + ',';
      out += CapabilityName(matrix.AnyoneAt(a, c));
      out += "\r\n";
    }
  }
  for (uint32_t u = 0; u < ws.users.size(); ++u) {
    std::string user = CsvField(ws.users[u].email);
    for (uint32_t a = 0; a < ws.apps.size(); ++a) {
      for (size_t c = 0; c < columns.size(); ++c) {
        out += user;
        out += ',';
        out += apps[a];
        out += ',';
        out += columns[c];
        out += ',';
        out += CapabilityName(matrix.At(u, a, c));
        out += "\r\n";
      }
    }
  }
  return out;
}

}  // namespace stagegate
