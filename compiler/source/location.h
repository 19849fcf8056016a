// Positions in configuration files. Every node of the located tree, every model
// entity and every diagnostic carries one, so any finding can be reported as
// file:line:col.
#ifndef STAGEGATE_SOURCE_LOCATION_H_
#define STAGEGATE_SOURCE_LOCATION_H_

#include <cstdint>
#include <string_view>
#include <tuple>

namespace stagegate {

// `file` of a Location that is in no file (a finding about the configuration
// as a whole, or about a path that never became a source file).
inline constexpr uint32_t kNoFile = UINT32_MAX;

// A point in a source file. `file` indexes the SourceSet the file was added
// to; `line` and `column` are 1-based and count characters (Unicode code
// points), the way editors show them. line == 0 means "no position": with a
// file, the file as a whole; with kNoFile (the default), no file at all.
struct Location {
  uint32_t file = kNoFile;
  uint32_t line = 0;
  uint32_t column = 0;

  bool valid() const { return line != 0; }
  friend bool operator==(const Location& a, const Location& b) {
    return a.file == b.file && a.line == b.line && a.column == b.column;
  }
  friend bool operator!=(const Location& a, const Location& b) { return !(a == b); }
  friend bool operator<(const Location& a, const Location& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  }
};

// The number of Unicode code points of UTF-8 text: how columns, widths and
// lengths are counted everywhere (a continuation byte starts no character).
inline uint32_t CodePoints(std::string_view text) {
  uint32_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace stagegate

#endif  // STAGEGATE_SOURCE_LOCATION_H_
