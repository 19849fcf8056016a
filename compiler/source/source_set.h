// The configuration's files as read: display path and full text, kept for the
// whole run so diagnostics can show the source line under a finding. Also
// records which parts of lines hold secret values, so no code frame ever
// prints them.
#ifndef STAGEGATE_SOURCE_SOURCE_SET_H_
#define STAGEGATE_SOURCE_SOURCE_SET_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "source/location.h"

namespace stagegate {

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  // The path shown in diagnostics: relative to the directory the user named
  // (or as given on the command line), with '/' separators.
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // Line `line` (1-based) without its line terminator ("\n" or "\r\n");
  // empty when out of range.
  std::string_view Line(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(LineStarts().size()); }

 private:
  friend class SourceSet;
  // Where each line starts, computed on first use: only code frames need it,
  // and a run without findings never does.
  const std::vector<uint32_t>& LineStarts() const;

  std::string path_;
  std::string text_;
  mutable std::once_flag line_starts_once_;
  mutable std::vector<uint32_t> line_starts_;
};

class SourceSet {
 public:
  SourceSet() = default;
  SourceSet(const SourceSet&) = delete;
  SourceSet& operator=(const SourceSet&) = delete;
  SourceSet(SourceSet&&) = default;
  SourceSet& operator=(SourceSet&&) = default;

  // Adds a file and returns its id (the `file` of every Location in it).
  uint32_t Add(std::string path, std::string text);

  // Sets the text of file `id`, added empty (the loader adds every file in
  // path order first, then reads them on several threads: each thread sets
  // only its own files, and nothing reads a file before its text is set).
  void SetText(uint32_t id, std::string text) { files_[id]->text_ = std::move(text); }

  const SourceFile& file(uint32_t id) const { return *files_[id]; }
  uint32_t size() const { return static_cast<uint32_t>(files_.size()); }

  // Marks that a secret value starts at `from`: a code frame of that line
  // shows "********" from that column to the end of the line. A value that
  // spans several lines needs one call per line (column 1 for the
  // continuation lines).
  void Redact(Location from);

  // The first redacted column of the line (0 when the line holds no secret).
  uint32_t RedactedFrom(uint32_t file, uint32_t line) const;

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
  std::map<std::pair<uint32_t, uint32_t>, uint32_t> redactions_;  // (file, line) -> column
};

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_SOURCE_SET_H_
