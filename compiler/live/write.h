// Writing an imported workspace as a configuration in the multi-file layout
// of examples/nexora: workspace.yaml, users.yaml, roles.yaml, groups.yaml,
// datasources.yaml, constants.yaml and apps.yaml, each with the
// yaml-language-server modeline. The same workspace always gives the same
// bytes. Every ImportNote becomes a comment above the entity it is about,
// and a WrittenNote that points at that comment.
#ifndef STAGEGATE_LIVE_WRITE_H_
#define STAGEGATE_LIVE_WRITE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "live/imported.h"
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

WrittenConfiguration WriteConfiguration(const ImportedWorkspace& workspace);

// A YAML scalar for `text`: plain when that reads back as the same string,
// double-quoted (with escapes) otherwise.
std::string YamlScalar(std::string_view text);

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_WRITE_H_
