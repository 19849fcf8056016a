// ReadWorkspace: connect, probe the layout, pick the workspace, read its
// rows entity by entity (one file each, live/reader.h), and finish the
// model. Each query is filtered to the one workspace, and nothing depends on
// the server's row order: FinishWorkspace sorts the entities, the readers
// their grants and references.
#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "live/reader.h"
#include "source/timings.h"
#include "source/wording.h"

namespace stagegate::live {
namespace {

std::string ConnectFailure(const std::string& shown, const PgError& error) {
  std::string what =
      fmt::format("cannot read the ToolJet database '{}': {}", shown, error.message);
  switch (error.failure) {
    case PgFailure::kBadUrl:
      return fmt::format("'{}' is not a valid PostgreSQL URL: {}; write it as "
                         "postgresql://USER@HOST:PORT/DATABASE",
                         shown, error.message);
    case PgFailure::kLoginRefused:
      return what + "; the server refused the login: check the user name, and give the "
                    "password in PGPASSWORD or ~/.pgpass rather than in the URL";
    case PgFailure::kNoDatabase:
      return what + "; name ToolJet's database in the URL (PG_DB in ToolJet's settings)";
    case PgFailure::kTimeout:
      return what + "; no answer within the connect time-out (connect_timeout in the URL or "
                    "PGCONNECT_TIMEOUT sets it)";
    default:
      return what + "; check the host and port (or the socket directory) and that the server "
                    "is running and accepts connections from here";
  }
}

}  // namespace

Id MakeId(std::string_view text) {
  Id id;
  int digits = 0;
  bool uuid = text.size() == 36;
  for (char c : text) {
    if (c == '-') continue;
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (v < 0 || digits >= 32) {
      uuid = false;
      break;
    }
    (digits < 16 ? id.hi : id.lo) = ((digits < 16 ? id.hi : id.lo) << 4) | static_cast<uint64_t>(v);
    ++digits;
  }
  if (uuid && digits == 32) return id;
  id = Id{1469598103934665603ULL, 1099511628211ULL};
  for (char c : text) {
    id.hi = (id.hi ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    id.lo = (id.lo ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL + 0x9E37ULL;
  }
  return id;
}

std::string IdText(const Id& id) {
  std::string hex = fmt::format("{:016x}{:016x}", id.hi, id.lo);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

bool Reader::Run() {
  if (!ProbeLayout()) return false;
  if (!ParseKey()) return false;
  if (!PickWorkspace()) return false;
  queries_ = ComposeQueries(layout_);
  bool read = Timed("database: environments and users",
                    [&] { return ReadEnvironments() && ReadUsers(); }) &&
              Timed("database: groups", [&] { return ReadGroups() && ReadMembers(); }) &&
              Timed("database: apps and versions", [&] { return ReadApps() && ReadVersions(); }) &&
              Timed("database: constants", [&] { return ReadConstants(); }) &&
              Timed("database: data sources", [&] { return ReadDataSources(); });
  if (!read) return false;
  if (!Timed("database: grants", [&] { return ReadGrants(); }) ||
      !Timed("database: what apps use", [&] { return ReadUsage(); })) {
    return false;
  }
  Finish();
  return true;
}

bool Reader::Fail(Code code, std::string message, RowOrigin origin) {
  Location at;
  if (!origin.table.empty()) {
    at.file = out_.sources.Add(OriginPath(ws_.name.name, origin), "");
  }
  diags_.Error(code, at, std::move(message));
  return false;
}

bool Reader::Run(const Query& query, std::unique_ptr<Rows>* rows) {
  std::vector<std::string> params;
  if (!org_.empty()) params.push_back(org_);  // $1 of every query once the workspace is known
  return Run(query, params, rows);
}

bool Reader::Run(const Query& query, const std::vector<std::string>& params,
                 std::unique_ptr<Rows>* rows) {
  PgError error;
  if (session_.Run(query, params, rows, &error)) return true;
  if (error.failure == PgFailure::kPermission) {
    return Fail(Code::kDatabasePermission,
                fmt::format("the role '{}' may not read {} ({}); grant it SELECT on ToolJet's "
                            "tables (docs/import.md shows the read-only role to create)",
                            session_.user(), query.what, error.message));
  }
  if (error.failure == PgFailure::kTimeout) {
    return Fail(Code::kDatabaseQuery,
                fmt::format("reading {} took longer than the {} s statement time-out; retry "
                            "when the database is less busy, or allow more seconds with "
                            "STAGEGATE_DB_STATEMENT_TIMEOUT",
                            query.what, request_.pg.statement_timeout.count()));
  }
  return Fail(Code::kDatabaseQuery,
              fmt::format("reading {} failed: {}{}", query.what, error.message,
                          error.sqlstate.empty() ? "" : " (SQLSTATE " + error.sqlstate + ")"));
}

bool Reader::ParseKey() {
  // Any text is a key, as it is to ToolJet's server; a key that is not the
  // instance's shows when a value does not decrypt (ReadConstants).
  if (request_.master_key) key_ = LockboxKey::FromText(*request_.master_key);
  return true;
}

bool Reader::PickWorkspace() {
  std::unique_ptr<Rows> rows;
  if (!Run(WorkspacesQuery(layout_), &rows)) return false;
  std::string shown = RedactUrl(request_.url);
  const int id = rows->Column("id"), name = rows->Column("name"), slug = rows->Column("slug");
  std::vector<std::string> names;
  // ToolJet keeps names and slugs unique each, but one workspace's slug may
  // be another's name: an exact name wins, a slug counts only when no name
  // matches, and whatever matches twice is refused, never chosen by row order.
  std::vector<size_t> by_name, by_slug;
  for (size_t r = 0; r < rows->size(); ++r) {
    names.push_back(rows->Str(r, name));
    if (request_.workspace.empty()) continue;
    if (rows->Get(r, name) == request_.workspace) {
      by_name.push_back(r);
    } else if (!rows->IsNull(r, slug) && rows->Get(r, slug) == request_.workspace) {
      by_slug.push_back(r);
    }
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string_view> views(names.begin(), names.end());
  if (rows->size() == 0) {
    return Fail(Code::kUnknownWorkspace,
                fmt::format("the ToolJet database '{}' has no workspace yet", shown));
  }
  std::optional<size_t> chosen;
  if (request_.workspace.empty()) {
    if (rows->size() > 1) {
      return Fail(Code::kAmbiguousWorkspace,
                  fmt::format("the ToolJet database '{}' has {} workspaces ({}); choose one "
                              "with --workspace NAME",
                              shown, rows->size(), QuoteList(views)));
    }
    chosen = 0;
  } else {
    const std::vector<size_t>& matches = by_name.empty() ? by_slug : by_name;
    if (matches.size() > 1) {
      std::vector<std::string> candidates;
      for (size_t r : matches) {
        candidates.push_back(fmt::format("'{}' (slug '{}', id {})", rows->Get(r, name),
                                         rows->Get(r, slug), rows->Get(r, id)));
      }
      std::sort(candidates.begin(), candidates.end());
      return Fail(Code::kAmbiguousWorkspace,
                  fmt::format("the ToolJet database '{}' has {} workspaces {} '{}': {}; "
                              "stagegate cannot tell which is meant, so it reads none (give "
                              "each a name of its own in ToolJet)",
                              shown, matches.size(), by_name.empty() ? "with the slug" : "named",
                              request_.workspace, JoinAnd(candidates)));
    }
    if (!matches.empty()) chosen = matches.front();
  }
  if (!chosen) {
    return Fail(Code::kUnknownWorkspace,
                fmt::format("the ToolJet database '{}' has no workspace named '{}'; its {}: {}",
                            shown, request_.workspace,
                            PluralWord(names.size(), "workspace is", "workspaces are"),
                            QuoteList(views)));
  }
  org_ = rows->Str(*chosen, id);
  ws_.name = NameRef(rows->Str(*chosen, name));
  summary_.slug = rows->Str(*chosen, slug);
  return true;
}

bool Reader::ReadEnvironments() {
  std::unique_ptr<Rows> rows;
  if (!Run(queries_.environments, &rows)) return false;
  const int id = rows->Column("id"), name = rows->Column("name"),
            enabled = rows->Column("enabled");
  for (size_t r = 0; r < rows->size(); ++r) {
    environment_names_[MakeId(rows->Get(r, id))] = rows->Str(r, name);
    ws_.environments.push_back(NameRef(rows->Str(r, name)));
    if (!rows->Bool(r, enabled)) {
      NoteWorkspace(Code::kImportUnsupported,
                    fmt::format("the environment '{}' is disabled in ToolJet; stagegate has no "
                                "disabled environments and imports it like the others",
                                rows->Get(r, name)),
                    Row("app_environments", rows->Get(r, id)));
    }
  }
  ws_.environments_declared = true;
  if (ws_.environments.empty()) {
    return Fail(Code::kUnknownToolJetLayout,
                fmt::format("the workspace '{}' has no environments (table app_environments); "
                            "ToolJet creates development, staging and production for every "
                            "workspace, so this database is incomplete",
                            ws_.name.name));
  }
  FindReleaseEnvironment(*rows);
  return true;
}

// ToolJet releases (with its multi-environment licence) only from the
// environment marked `default`, production; stagegate from the last one.
// Where they differ (a workspace ToolJet's public code cannot make) the
// import says so.
void Reader::FindReleaseEnvironment(const Rows& rows) {
  const int id = rows.Column("id"), name = rows.Column("name"),
            is_default = rows.Column("is_default");
  release_environment_ = ws_.environments.back().name;
  std::string marked_id;
  for (size_t r = 0; r < rows.size(); ++r) {  // in priority order: the highest marked wins
    if (rows.Bool(r, is_default)) {
      release_environment_ = rows.Str(r, name);
      marked_id = rows.Str(r, id);
    }
  }
  if (release_environment_ == ws_.environments.back().name) return;
  NoteWorkspace(Code::kImportUnsupported,
                fmt::format("ToolJet releases from the environment '{}' (marked default), not "
                            "from the last by priority, '{}', as stagegate does: check reports a "
                            "version released in '{}' (release-outside-last-environment)",
                            OneLine(release_environment_), OneLine(ws_.environments.back().name),
                            OneLine(release_environment_)),
                Row("app_environments", marked_id));
}

int Reader::EnvironmentIndex(const std::string& name) const {
  for (size_t i = 0; i < ws_.environments.size(); ++i) {
    if (ws_.environments[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::string Reader::FlagColumn(int flag) const {
  if (flag == 3) return std::string(kReleasedColumn);
  static const char* kNames[] = {"development", "staging", "production"};
  if (EnvironmentIndex(kNames[flag]) >= 0) return kNames[flag];
  return flag < static_cast<int>(ws_.environments.size()) ? ws_.environments[flag].name : "";
}

void Reader::Note(EntityNote::Scope scope, EntityKind kind, std::string name, Code code,
                  std::string message, RowOrigin origin) {
  EntityNote note;
  note.scope = scope;
  note.kind = kind;
  note.name = std::move(name);
  note.code = code;
  note.message = std::move(message);
  note.origin = std::move(origin);
  out_.notes.push_back(std::move(note));
}

void Reader::NoteWorkspace(Code code, std::string message, RowOrigin origin) {
  Note(EntityNote::Scope::kWorkspace, EntityKind::kUser, "", code, std::move(message),
       std::move(origin));
}

void Reader::NoteOn(EntityKind kind, std::string name, Code code, std::string message,
                    RowOrigin origin) {
  Note(EntityNote::Scope::kEntity, kind, std::move(name), code, std::move(message),
       std::move(origin));
}

RowOrigin Reader::Row(std::string_view table, std::string_view id) const {
  return RowOrigin{std::string(table), std::string(id)};
}

void Reader::Finish() {
  FinishRoles();
  FinishWorkspace(ws_, [&](const DuplicateDefinition& d) {
    if (d.kind == EntityKind::kUser) {
      NoteWorkspace(Code::kImportUnsupported,
                    fmt::format("two users have the e-mail address '{}' apart from upper and "
                                "lower case; the second is left out",
                                d.duplicate.name),
                    Row("users"));
      return;
    }
    static constexpr const char* kTables[] = {"users", "permission_groups", "data_sources",
                                              "organization_constants", "apps"};
    NoteWorkspace(Code::kImportUnsupported,
                  fmt::format("two {}s are named '{}' in ToolJet; stagegate's names are unique, "
                              "so the second is left out",
                              EntityNoun(d.kind), d.duplicate.name),
                  Row(kTables[static_cast<size_t>(d.kind)]));
  });
}

bool ReadWorkspaceFrom(QuerySession& session, const ReadRequest& request, LiveWorkspace* out,
                       ReadSummary* summary, Diagnostics& diags) {
  summary->user = session.user();
  Reader reader(session, request, out, summary, diags);
  return reader.Run();
}

bool ReadWorkspace(const ReadRequest& request, LiveWorkspace* out, ReadSummary* summary,
                   Diagnostics& diags) {
  PgError error;
  std::unique_ptr<PgSession> session = PgSession::Open(request.url, request.pg, &error);
  if (!session) {
    diags.Error(Code::kDatabaseConnection, Location{},
                ConnectFailure(RedactUrl(request.url), error));
    return false;
  }
  return ReadWorkspaceFrom(*session, request, out, summary, diags);
}

std::string EnvironmentName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    } else {
      out += '_';
    }
  }
  return out;
}

void SortUniqueRefs(std::vector<Ref>* refs) {
  auto by_name = [](const Ref& a, const Ref& b) { return a.name < b.name; };
  std::sort(refs->begin(), refs->end(), by_name);
  refs->erase(std::unique(refs->begin(), refs->end(),
                          [](const Ref& a, const Ref& b) { return a.name == b.name; }),
              refs->end());
}

}  // namespace stagegate::live
