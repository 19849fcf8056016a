// Writing a live workspace (the model and its notes, live/read.h) as a
// configuration in the multi-file layout of examples/nexora:
// workspace.yaml, users.yaml, roles.yaml, groups.yaml, datasources.yaml,
// constants.yaml and apps.yaml, each with the yaml-language-server modeline.
// The same workspace always gives the same bytes. Every note becomes a
// comment above the entity it is about, and a WrittenNote that points at
// that comment.
#ifndef STAGEGATE_LIVE_WRITE_H_
#define STAGEGATE_LIVE_WRITE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "live/read.h"
#include "model/workspace.h"
#include "source/diagnostic.h"

namespace stagegate::live {

struct WrittenFile {
  std::string name;  // "users.yaml", ...
  std::string text;
};

struct WrittenNote {
  size_t file = 0;  // index into WrittenConfiguration::files
  uint32_t line = 0;
  uint32_t column = 0;
  Code code;
  std::string message;  // names the entity: "group 'qa': ..."
};

struct WrittenConfiguration {
  std::vector<WrittenFile> files;  // in the order above
  std::vector<WrittenNote> notes;  // in file, then line order
};

// Writes `ws` as the live reader makes it: every entity without source
// positions, every user with a role, every value present. A role equal to
// the built-in default (not `configured`) is not written.
WrittenConfiguration WriteConfiguration(const Workspace& ws, const std::vector<EntityNote>& notes);

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_WRITE_H_
