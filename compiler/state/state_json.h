// `compile --format json`: the state file. The compiled workspace (its
// configuration and its effective access) as versioned, byte-stable JSON that
// a later `plan --current state.json` diffs against without the YAML.
// docs/state-file.md documents every field; this header states the contract.
#ifndef STAGEGATE_STATE_STATE_JSON_H_
#define STAGEGATE_STATE_STATE_JSON_H_

#include <nlohmann/json.hpp>
#include <functional>
#include <string>
#include <string_view>

#include "access/access.h"

namespace stagegate {

// The value of the top-level "stagegate_state" key. Within version 1 fields
// are only ever added, never renamed, removed or given another meaning.
inline constexpr int kStateFileVersion = 1;

// The state file of `matrix` (and of matrix.workspace()):
//
//   {"stagegate_state": 1, "workspace", "roles", "users", "groups",
//    "dataSources", "constants", "apps", "access"}
//
// Contracts:
//  - byte-stable: object keys sorted (bytewise), lists sorted (lists of
//    names by name, environments in pipeline order, grants by their JSON
//    text), two-space indent, a trailing newline; the same configuration
//    gives the same bytes whatever its file order or split across files;
//  - no file path, line or column anywhere;
//  - no secret value: a secret constant is {"fromEnv": "VAR"} per
//    environment, a credential option is its `{{secrets.X}}` text;
//  - "access" holds the effective access compactly: users share profiles
//    (one per distinct role, disabled flag and groups), a profile holds a
//    default cell plus cells for explicitly granted apps, owners carry their
//    owned apps (R6), and every cell says whether it allows promote/release.
// Meant for a workspace without errors (compile refuses one with errors);
// left-over invalid values are written as null rather than guessed.
std::string StateToJson(const AccessMatrix& matrix);

// The same bytes, handed to `sink` in pieces of a few MiB as they are
// written (compile --format json streams them to the output file).
void StateToJson(const AccessMatrix& matrix, const std::function<void(std::string_view)>& sink);

// The state file without "access": the configuration part, as the JSON value
// StateToJson writes it. What the diff compares entity by entity (D1),
// without writing and parsing text.
nlohmann::json ConfigurationJson(const Workspace& ws);

}  // namespace stagegate

#endif  // STAGEGATE_STATE_STATE_JSON_H_
