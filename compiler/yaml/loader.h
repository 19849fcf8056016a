// The loader: configuration paths -> SourceSet + one located Tree per file.
// This stage is the only code that includes yaml-cpp. It finds the files
// (directories recursively, *.yaml / *.yml, sorted), reads them within the
// limits, checks UTF-8, and parses them into the compact located tree with
// the fast reader (fast_parse.cc) or, for what that leaves, yaml-cpp's event
// API (the same events either way), reporting YAML errors, duplicate keys,
// nesting and alias limits as diagnostics.
#ifndef STAGEGATE_YAML_LOADER_H_
#define STAGEGATE_YAML_LOADER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "source/diagnostic.h"
#include "source/file_system.h"
#include "source/limits.h"
#include "source/source_set.h"
#include "yaml/tree.h"

namespace stagegate {

// Every limit is documented in docs/limits.md; the defaults are what the CLI uses.
struct LoadLimits {
  uint64_t max_file_bytes = kDefaultMaxFileBytes;  // per file
  uint32_t max_depth = kMaxDepth;                  // nested collections in a document
  uint64_t max_alias_nodes = kMaxAliasNodes;       // nodes reached through aliases, per file
};

struct LoadedFile {
  uint32_t file = 0;  // id in LoadedConfig::sources
  Tree tree;
  // Reading, parsing and the FileVisitor found nothing to report in it.
  bool clean = false;
};

struct LoadedConfig {
  SourceSet sources;
  // One entry per file read, in file id order (sorted by display path).
  std::vector<LoadedFile> files;
  // True when an input could not be read at all (exit code 3 territory), as
  // opposed to content errors.
  bool unreadable = false;
  // Errors in finding, reading and parsing the files (not those of a
  // FileVisitor): the model needs every file parsed.
  size_t parse_errors = 0;
};

// Loads `paths` (directories and/or files). Directory entries are read
// recursively in sorted order; symbolic links are followed only while they
// stay inside the directory named on the command line, and never in a loop.
// Display paths are the path as the user gave it joined with the file's path
// inside it ("examples/nexora" + "groups.yaml" -> "examples/nexora/groups.yaml";
// "." -> "groups.yaml"), so they open from the user's working directory and
// match repository-relative paths in CI annotations.
//
// Files are read and parsed on up to two threads. `after_parse`, when given,
// makes one FileVisitor per thread, which sees each file right after it is
// parsed (the pipeline validates it against the schema there, so that work
// runs in parallel too); its findings go with the file's.
class FileVisitor {
 public:
  virtual ~FileVisitor();
  virtual void Visit(const LoadedFile& file, Diagnostics& diags) = 0;
};
using FileVisitorFactory = std::function<std::unique_ptr<FileVisitor>()>;

//
// `parsed_before`, when given, is an earlier Load's result with the same
// limits and the same kind of FileVisitor (a plan loads its current state
// after the desired configuration, and most files are the same in both): a
// file whose bytes equal those of a clean file there is neither parsed nor
// visited again. Its tree is a copy of that file's, with this load's file
// id, and it is clean too.
LoadedConfig Load(const FileSystem& fs, const std::vector<std::string>& paths,
                  const LoadLimits& limits, Diagnostics& diags,
                  const FileVisitorFactory& after_parse = {},
                  const LoadedConfig* parsed_before = nullptr);

// Which reader ParseYaml starts with. kFast: the fast reader for the usual
// subset of YAML, falling back to yaml-cpp (from the start of the file) at
// anything outside it, with the same tree and findings either way.
// kYamlCpp: yaml-cpp alone (tests compare the two).
enum class YamlReader { kFast, kYamlCpp };

// Parses one file's text (already added to `sources` as `file`) into `tree`.
// Exposed for tests and fuzzing; Load calls it for each file.
void ParseYaml(const SourceSet& sources, uint32_t file, const LoadLimits& limits, Tree* tree,
               Diagnostics& diags, YamlReader reader = YamlReader::kFast);

}  // namespace stagegate

#endif  // STAGEGATE_YAML_LOADER_H_
