// Reading one ToolJet workspace from ToolJet's PostgreSQL database
// (docs/import.md): the schema layout is probed first (3.x, or the 2026
// branch-aware layout, with optional columns degraded one by one), then
// about a dozen SELECTs inside one read-only snapshot fill an
// ImportedWorkspace.
#ifndef STAGEGATE_LIVE_READ_H_
#define STAGEGATE_LIVE_READ_H_

#include <optional>
#include <string>

#include "live/imported.h"
#include "live/pg.h"
#include "source/diagnostic.h"

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
  std::string database;
};

// Reads the workspace. False when it cannot (every such finding is an error
// without a location, for exit 3); the notes of what could not be carried
// over are in `out`, to be written with the files.
bool ReadWorkspace(const ReadRequest& request, ImportedWorkspace* out, ReadSummary* summary,
                   Diagnostics& diags);

// Upper-cases ASCII letters and turns every other character that is not a
// letter or digit into '_' (environment variable and constant names).
std::string EnvironmentName(std::string_view text);

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_READ_H_
