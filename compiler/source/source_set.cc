// SourceFile line index and the redaction table of SourceSet.
#include "source/source_set.h"

#include <algorithm>

namespace stagegate {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n' && i + 1 < text_.size()) line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  size_t begin = line_starts_[line - 1];
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
