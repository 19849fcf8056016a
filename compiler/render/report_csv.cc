// `report --format csv`: every matrix cell with the grants behind it, for
// spreadsheets and audits.
#include <fmt/format.h>

#include "render/matrix_csv.h"
#include "render/report.h"

namespace stagegate {
namespace {

// One record: `prefix` (user, role, disabled), then app, column, the cell and
// the grants behind it.
void CellRecord(const Report& r, std::string_view prefix, std::string_view app,
            std::string_view column, const ReportCell& cell, std::string_view grants,
            std::string* out) {
  std::string_view previous, change;
  if (cell.before) {
    previous = CapabilityName(*cell.before);
    change = DirectionName(cell.change());
  } else if (r.compared) {
    previous = CapabilityName(cell.now);
    change = "unchanged";
  }
  *out += fmt::format("{}{},{},{},{},{},{}\r\n", prefix, app, column, CapabilityName(cell.now),
                      previous, change, CsvField(grants));
}

}  // namespace

std::string ReportToCsv(const Report& r, const Workspace& ws) {
  std::string out = "user,role,disabled,app,column,capability,previous,change,grants\r\n";
  std::vector<std::string> columns;
  for (const std::string& c : r.columns) columns.push_back(CsvField(c));
  const std::vector<ReportCell> none(r.columns.size());
  const CellGrantsText grants(r);
  // R13: anyone's records of the public apps first (role and disabled "-").
  for (const ReportApp& a : r.apps) {
    const std::vector<ReportCell> anyone = AnyoneRow(a);
    const std::string prefix = fmt::format("{},-,-,", kAnyone);
    for (size_t c = 0; c < anyone.size(); ++c) {
      CellRecord(r, prefix, CsvField(ws.apps[a.app].name), columns[c], anyone[c], PublicNotice(a),
             &out);
    }
  }
  for (const ReportUser& view : r.user_views) {
    const User& user = ws.users[view.user];
    std::string prefix = fmt::format("{},{},{},", CsvField(user.email), RoleName(view.role),
                                     YesNo(view.disabled));
    // The user's rows, by app; apps without a row are none everywhere.
    size_t next = 0;
    for (size_t a = 0; a < r.apps.size(); ++a) {
      const std::vector<ReportCell>* cells = &none;
      if (next < view.apps.size() && view.apps[next].first == a) {
        cells = &r.apps[a].rows[view.apps[next].second].cells;
        ++next;
      }
      std::string app = CsvField(ws.apps[r.apps[a].app].name);
      for (size_t c = 0; c < columns.size(); ++c) {
        CellRecord(r, prefix, app, columns[c], (*cells)[c], grants((*cells)[c]), &out);
      }
    }
  }
  return out;
}

}  // namespace stagegate
