// A ToolJet workspace as read from its database, already in the terms of
// stagegate's format (format.md) but not yet written: ReadWorkspace fills it,
// WriteConfiguration turns it into the YAML files of a configuration. Every
// list is sorted, so the files are the same for the same database whatever
// order its rows come in.
#ifndef STAGEGATE_LIVE_IMPORTED_H_
#define STAGEGATE_LIVE_IMPORTED_H_

#include <optional>
#include <string>
#include <vector>

#include "source/diagnostic.h"

namespace stagegate::live {

// Something the import could not carry over as it is: a row the format
// cannot express (import-unsupported), or a value the user must fill in
// (import-placeholder). It is written as a comment where the entity is
// written, and reported as a warning at that comment.
struct ImportNote {
  Code code;
  std::string message;
};
using ImportNotes = std::vector<ImportNote>;

// A data source option's value as ToolJet stores it in JSON.
struct ImportedScalar {
  enum class Kind { kString, kNumber, kBool } kind = Kind::kString;
  std::string text;  // the string, or the number's / boolean's JSON text
};

struct ImportedAppGrant {
  bool all = false;
  std::vector<std::string> apps;  // sorted, when not `all`
  bool edit = false;              // else view
  // nullopt: every column (all four of ToolJet's flags set, or no flags in
  // this layout). Otherwise in pipeline order, `released` last.
  std::optional<std::vector<std::string>> environments;
  bool hide_from_dashboard = false;
};

struct ImportedDataSourceGrant {
  bool all = false;
  std::vector<std::string> data_sources;  // sorted, when not `all`
  bool configure = false;                 // else use
};

// What a group or a role group grants.
struct ImportedGrants {
  std::vector<std::string> permissions;  // format.md names, in format.md order
  std::vector<ImportedAppGrant> apps;
  std::vector<ImportedDataSourceGrant> data_sources;
};

struct ImportedRole {
  std::string name;  // "builder" or "end-user"
  bool found = false;  // the workspace has this default group
  ImportedGrants grants;
  ImportNotes notes;
};

struct ImportedUser {
  std::string email;  // lower-cased (the identity stagegate uses)
  std::string name;
  std::string role;   // admin | builder | end-user
  bool disabled = false;
  ImportNotes notes;
};

struct ImportedGroup {
  std::string name;
  std::vector<std::string> members;  // lower-cased e-mails, sorted
  ImportedGrants grants;
  ImportNotes notes;
};

struct ImportedOption {
  std::string key;
  ImportedScalar value;
};

struct ImportedEnvironmentOptions {
  std::string environment;
  std::vector<ImportedOption> options;  // sorted by key
};

struct ImportedDataSource {
  std::string name;
  std::string kind;
  std::vector<ImportedEnvironmentOptions> environments;  // in pipeline order
  ImportNotes notes;
};

struct ImportedConstantValue {
  std::string environment;
  std::optional<std::string> text;  // a global constant's decrypted value
  std::string from_env;             // otherwise {fromEnv: VAR}
};

struct ImportedConstant {
  std::string name;
  bool secret = false;
  std::vector<ImportedConstantValue> values;  // in pipeline order
  ImportNotes notes;
};

struct ImportedVersion {
  std::string name;
  std::string environment;
  std::string status;  // draft | published | released
};

struct ImportedApp {
  std::string name;
  std::optional<std::string> owner;        // lower-cased e-mail
  std::vector<std::string> data_sources;   // sorted
  std::vector<std::string> constants;      // sorted
  std::vector<ImportedVersion> versions;   // oldest first
  ImportNotes notes;
};

struct ImportedWorkspace {
  std::string name;
  std::vector<std::string> environments;  // in pipeline order
  ImportedRole builder;
  ImportedRole end_user;
  std::vector<ImportedUser> users;
  std::vector<ImportedGroup> groups;
  std::vector<ImportedDataSource> data_sources;
  std::vector<ImportedConstant> constants;
  std::vector<ImportedApp> apps;
  ImportNotes notes;  // about the workspace as a whole
};

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_IMPORTED_H_
