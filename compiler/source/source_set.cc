// SourceFile line index and the redaction table of SourceSet.
#include "source/source_set.h"

#include <algorithm>

namespace stagegate {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {}

const std::vector<uint32_t>& SourceFile::LineStarts() const {
  std::call_once(line_starts_once_, [this] {
    line_starts_.push_back(0);
    for (size_t at = text_.find('\n'); at != std::string::npos && at + 1 < text_.size();
         at = text_.find('\n', at + 1)) {
      line_starts_.push_back(static_cast<uint32_t>(at + 1));
    }
  });
  return line_starts_;
}

std::string_view SourceFile::Line(uint32_t line) const {
  const std::vector<uint32_t>& starts = LineStarts();
  if (line == 0 || line > starts.size()) return {};
  size_t begin = starts[line - 1];
  size_t end = text_.find('\n', begin);
  if (end == std::string::npos) end = text_.size();
  if (end > begin && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(begin, end - begin);
}

uint32_t SourceSet::Add(std::string path, std::string text) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), std::move(text)));
  return static_cast<uint32_t>(files_.size() - 1);
}

void SourceSet::Redact(Location from) {
  if (!from.valid()) return;
  auto [it, inserted] = redactions_.emplace(std::make_pair(from.file, from.line), from.column);
  if (!inserted) it->second = std::min(it->second, from.column);
}

uint32_t SourceSet::RedactedFrom(uint32_t file, uint32_t line) const {
  auto it = redactions_.find({file, line});
  return it == redactions_.end() ? 0 : it->second;
}

}  // namespace stagegate
