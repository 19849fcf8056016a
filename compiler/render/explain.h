// Renders an Explanation (access/access.h) for `stagegate explain`: text that reads
// like a reviewer's answer, one line per column, and a JSON object with the
// same facts.
//
// Text:
//   quinn@x.io on app 'payroll' (builder; groups: qa)
//     development  none     not in the environments of any grant (R3)
//     staging      run      level edit from group 'qa' (a.yaml:9:9); staging from the same grant
//     (R2, R3, R4)
//     ...
//   grants:
//     role 'builder' at a.yaml:3:3: no app grants
//     group 'qa' at a.yaml:9:9: edit in staging (all apps)
//
// JSON (one object; keys always present; locations "file:line:col" or null):
//   {"stagegate_explain": 1, "user": EMAIL, "app": NAME,
//    "role": "admin"|"builder"|"end-user"|null, "disabled": BOOL,
//    "groups": [NAME...], "owner": BOOL, "released": BOOL,
//    "level": "none"|"view"|"edit"          (effective, R5 applied),
//    "columns": [{"column": NAME, "capability": CAPABILITY, "rules": ["R2"...],
//                 "level_from": [GRANT INDEX...], "columns_from": [GRANT INDEX...],
//                 "note": TEXT}],         (all columns, or only --env's)
//    "grants": [{"kind": "admin"|"owner"|"role"|"group", "name": NAME,
//                "location": LOC|null, "level": "none"|"view"|"edit",
//                "columns": [NAME...], "all_apps": BOOL, "environments_defaulted": BOOL}]}
#ifndef STAGEGATE_RENDER_EXPLAIN_H_
#define STAGEGATE_RENDER_EXPLAIN_H_

#include <optional>
#include <string>

#include "access/access.h"
#include "source/source_set.h"

namespace stagegate {

struct ExplainFormatOptions {
  std::optional<size_t> column;  // only this column (`--env`); all when absent
};

std::string FormatExplanation(const AccessMatrix& matrix, const SourceSet& sources,
                              const Explanation& explanation,
                              const ExplainFormatOptions& options = {});

std::string ExplanationToJson(const AccessMatrix& matrix, const SourceSet& sources,
                              const Explanation& explanation,
                              const ExplainFormatOptions& options = {});

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_EXPLAIN_H_
