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

// Large JSON documents written as text in pieces, byte for byte what
// nlohmann's dump(2) prints for the whole document (two-space indent, invalid
// UTF-8 replaced), without building it as one tree. Used by the state file
// and `plan --format json`.
//  - JsonTextAt: `value` as it prints `level` levels deep (the lines after
//    the first indented by two spaces per level);
//  - JsonIndent: the indentation of `level`;
//  - JsonQuoted: a string as a JSON string literal.
std::string JsonTextAt(const nlohmann::json& value, int level);
std::string JsonIndent(int level);
std::string JsonQuoted(std::string_view text);

}  // namespace stagegate

#endif  // STAGEGATE_STATE_STATE_JSON_H_
