// Reading one ToolJet workspace from ToolJet's PostgreSQL database
// (docs/import.md) into stagegate's model: the schema layout is probed
// first (3.x, or the 2026 branch-aware layout, with optional columns
// degraded one by one), then about a dozen SELECTs inside one read-only
// snapshot fill a Workspace, finished by FinishWorkspace like any other.
// What the format cannot carry over is kept beside the model, as notes.
#ifndef STAGEGATE_LIVE_READ_H_
#define STAGEGATE_LIVE_READ_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "live/pg.h"
#include "live/session.h"
#include "model/construct.h"
#include "model/workspace.h"
#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate::live {

struct ReadRequest {
  std::string url;
  // The workspace's name or slug; empty: the database's only workspace.
  std::string workspace;
  // LOCKBOX_MASTER_KEY's value, when set: global constant values are then
  // decrypted; otherwise they become {fromEnv: ...} placeholders.
  std::optional<std::string> master_key;
  // For --current: the global constants' placeholders are taken from the
  // configuration (AdoptSettings), which reports them once, so they get no
  // note each.
  bool for_comparison = false;
  PgOptions pg;
};

struct ReadSummary {
  std::string slug;    // the workspace's slug ("" when the layout has none)
  std::string layout;  // "ToolJet 3.x" or "ToolJet 2026 (branch-aware)"
  std::string user;    // the role that read it
};

// Where in ToolJet's database a finding comes from: a table, and the id of
// the row (empty: the table as a whole, e.g. a column it lacks).
struct RowOrigin {
  std::string table;
  std::string row;
};

// Something the import could not carry over as it is: a row the format
// cannot express (import-unsupported), or a value the user must fill in
// (import-placeholder). `import` writes it as a comment where its entity is
// written and reports a warning there; `--current` reports it at its row.
struct EntityNote {
  enum class Scope : uint8_t { kWorkspace, kRole, kEntity };
  Scope scope = Scope::kWorkspace;
  EntityKind kind = EntityKind::kUser;  // for kEntity
  // kEntity: the entity's name (a user's lower-cased e-mail); kRole: the
  // role's ("builder", "end-user").
  std::string name;
  Code code = Code::kImportUnsupported;
  std::string message;
  RowOrigin origin;
};

struct LiveWorkspace {
  Workspace model;                // finished (model/construct.h)
  std::vector<EntityNote> notes;  // in the order they were found
  // The rows the read's errors point at ("tooljet:acme/organization_constants/<id>").
  SourceSet sources;
};

// Connects and reads. False when the workspace cannot be read: every such
// finding is an error (exit 3), located in `out->sources` when it is about a
// row, otherwise without a location.
bool ReadWorkspace(const ReadRequest& request, LiveWorkspace* out, ReadSummary* summary,
                   Diagnostics& diags);

// The same through a session already open (the unit tests' recorded one);
// `request.url` is only shown in messages.
bool ReadWorkspaceFrom(QuerySession& session, const ReadRequest& request, LiveWorkspace* out,
                       ReadSummary* summary, Diagnostics& diags);

// "group 'qa'", "user 'ada@acme.io'", "the builder role"; "" for the
// workspace as a whole: how a note's message names its entity.
std::string NoteSubject(const EntityNote& note);
// The note's message after its subject: "group 'qa': ...".
std::string NoteMessage(const EntityNote& note);

// The notes in the order of the written files: the workspace's, the users',
// the roles' (builder, end-user), then the groups', data sources',
// constants' and apps', each entity's by name and in the order found.
std::vector<const EntityNote*> NotesInFileOrder(const std::vector<EntityNote>& notes);

// `text` with every control character turned into a space: for a one-line
// comment, or a name inside a message.
std::string OneLine(std::string_view text);

// The display path of a row: "tooljet:WORKSPACE/TABLE/ROW" (or without
// "/ROW" for a table, without "/TABLE" for the workspace as a whole).
std::string OriginPath(std::string_view workspace, const RowOrigin& origin);

// Upper-cases ASCII letters and turns every other character that is not a
// letter or digit into '_' (environment variable and constant names).
std::string EnvironmentName(std::string_view text);

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_READ_H_
