// Private to the yaml stage: finds the configuration files under the paths
// the user named (directories recursively, *.yaml / *.yml, sorted, hidden
// entries skipped), following symbolic links only inside the named
// directory and never in a loop. loader.cc reads and parses what it finds.
#ifndef STAGEGATE_YAML_DISCOVER_H_
#define STAGEGATE_YAML_DISCOVER_H_

#include <string>
#include <vector>

#include "source/diagnostic.h"
#include "source/file_system.h"

namespace stagegate {
namespace yaml_internal {

// The location of findings that concern no file of the SourceSet (a path
// that could not be read, a link that is not followed).
constexpr Location kNoFile{UINT32_MAX, 0, 0};

struct FoundFile {
  std::string display;  // normalised: "cfg/groups.yaml", never "./x" or "a//b"
  std::string path;     // for the FileSystem
};

// The files to read, sorted by display path, each real file once. Reports
// unreadable paths (setting *unreadable), symlink escapes and loops.
std::vector<FoundFile> FindConfigFiles(const FileSystem& fs, const std::vector<std::string>& paths,
                                       Diagnostics& diags, bool* unreadable);

// "./a//b/" -> "a/b"; "." -> "" (exposed for tests).
std::string NormalizeDisplayPath(const std::string& path);

}  // namespace yaml_internal
}  // namespace stagegate

#endif  // STAGEGATE_YAML_DISCOVER_H_
