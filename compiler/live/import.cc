#include "live/import.h"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <map>
#include <utility>

namespace stagegate::live {

bool RequestFromEnvironment(const std::string& url, const std::string& workspace,
                            ReadRequest* request, Diagnostics& diags) {
  request->url = url;
  request->workspace = workspace;
  const char* key = std::getenv("LOCKBOX_MASTER_KEY");
  if (key != nullptr && *key != '\0') request->master_key = key;
  const char* timeout = std::getenv("STAGEGATE_DB_STATEMENT_TIMEOUT");
  if (timeout == nullptr || *timeout == '\0') return true;
  char* end = nullptr;
  errno = 0;
  unsigned long long seconds = std::strtoull(timeout, &end, 10);
  bool digits = timeout[0] >= '0' && timeout[0] <= '9';
  if (digits && errno == 0 && *end == '\0' && seconds > 0 && seconds <= 86400) {
    request->pg.statement_timeout = std::chrono::seconds(seconds);
    return true;
  }
  diags.Error(Code::kDatabaseConnection, Location{},
              fmt::format("STAGEGATE_DB_STATEMENT_TIMEOUT must be a whole number of seconds from "
                          "1 to 86400 (a day); unset it for the default of {} s",
                          PgOptions{}.statement_timeout.count()));
  return false;
}

bool ImportWorkspace(const ReadRequest& request, Imported* out, Diagnostics& diags) {
  LiveWorkspace live;
  bool read = ReadWorkspace(request, &live, &out->summary, diags);
  out->sources = std::move(live.sources);
  if (!read) return false;
  const Workspace& ws = live.model;
  out->workspace = ws.name.name;
  out->users = ws.users.size();
  out->groups = ws.groups.size();
  out->data_sources = ws.data_sources.size();
  out->constants = ws.constants.size();
  out->apps = ws.apps.size();
  out->config = WriteConfiguration(ws, live.notes);
  return true;
}

void AddNoteDiagnostics(const WrittenConfiguration& config, const std::vector<uint32_t>& file_ids,
                        Diagnostics& diags) {
  for (const WrittenNote& note : config.notes) {
    Location at{file_ids[note.file], note.line, note.column};
    diags.Warning(note.code, at, note.message);
  }
}

void AddRowNoteDiagnostics(const std::vector<EntityNote>& notes, std::string_view workspace,
                           SourceSet* sources, Diagnostics& diags) {
  // Only rows with a note become entries: cheap however many rows were read.
  std::map<std::string, uint32_t> ids;  // display path -> SourceSet id
  for (const EntityNote* note : NotesInFileOrder(notes)) {
    std::string path = OriginPath(workspace, note->origin);
    auto [it, added] = ids.emplace(path, 0);
    if (added) it->second = sources->Add(path, "");
    diags.Warning(note->code, Location{it->second, 0, 0}, NoteMessage(*note));
  }
}

}  // namespace stagegate::live
