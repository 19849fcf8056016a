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
//   (a public app, R13: a line "public: the app is public (public: true at
//   a.yaml:4:13): anyone with its link opens ...", before "grants:")
//
// JSON (one object; keys always present; locations "file:line:col" or null):
//   {"stagegate_explain": 1, "user": EMAIL, "app": NAME,
//    "role": "admin"|"builder"|"end-user"|null, "disabled": BOOL,
//    "groups": [NAME...], "owner": BOOL, "released": BOOL,
//    "public": true, "anyone": "use"|"none"   (only for a public app, R13),
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

// `explain --user anyone` (R13): what anyone with the app's link, signed in
// or not, gets on app `app`, column by column, and why: whether the app is
// public, where `public: true` is written, whether it is released.
//   anyone on app 'payroll' (anyone with its link, signed in or not; public)
//     development  none     a public app opens only its released app to anyone (R13)
//     released     use      the app is public (public: true at a.yaml:4:13): anyone ...
// JSON: {"stagegate_explain": 1, "user": "anyone", "app": NAME, "public": BOOL,
//        "public_location": LOC|null, "released": BOOL,
//        "columns": [{"column", "capability", "rules": ["R13"], "note"}]}
std::string FormatAnyoneExplanation(const AccessMatrix& matrix, const SourceSet& sources,
                                    uint32_t app, const ExplainFormatOptions& options = {});
std::string AnyoneExplanationToJson(const AccessMatrix& matrix, const SourceSet& sources,
                                    uint32_t app, const ExplainFormatOptions& options = {});

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_EXPLAIN_H_
