#include "live/import.h"

#include <cstdlib>

namespace stagegate::live {

ReadRequest RequestFromEnvironment(const std::string& url, const std::string& workspace) {
  ReadRequest request;
  request.url = url;
  request.workspace = workspace;
  const char* key = std::getenv("LOCKBOX_MASTER_KEY");
  if (key != nullptr && *key != '\0') request.master_key = key;
  // STAGEGATE_DB_STATEMENT_TIMEOUT: seconds, a positive whole number.
  const char* timeout = std::getenv("STAGEGATE_DB_STATEMENT_TIMEOUT");
  if (timeout != nullptr) {
    char* end = nullptr;
    long seconds = std::strtol(timeout, &end, 10);
    if (end != timeout && *end == '\0' && seconds > 0 && seconds <= 86400) {
      request.pg.statement_timeout = std::chrono::seconds(seconds);
    }
  }
  return request;
}

bool ImportWorkspace(const ReadRequest& request, Imported* out, Diagnostics& diags) {
  ImportedWorkspace ws;
  if (!ReadWorkspace(request, &ws, &out->summary, diags)) return false;
  out->workspace = ws.name;
  out->users = ws.users.size();
  out->groups = ws.groups.size();
  out->data_sources = ws.data_sources.size();
  out->constants = ws.constants.size();
  out->apps = ws.apps.size();
  out->config = WriteConfiguration(ws);
  return true;
}

void AddNoteDiagnostics(const WrittenConfiguration& config, const std::vector<uint32_t>& file_ids,
                        Diagnostics& diags) {
  for (const WrittenNote& note : config.notes) {
    Location at{file_ids[note.file], note.line, note.column};
    diags.Warning(note.code, at, note.message);
  }
}

}  // namespace stagegate::live
