// A quick lexical scan for the two inputs that make yaml-cpp slow or
// memory-hungry before the builder sees an event. yaml-cpp holds every
// token (~70-300 bytes each) of a flow collection that starts where a key
// could start until the collection closes, since it might turn out to be a
// key: so "[[[[..." 100,000 deep, or a flow list of many megabytes, would
// take long and much memory. parse.cc ends yaml-cpp's input at the fence
// found here (closing the open brackets), so the builder reports the limit
// at once. The scan is a hint, not a parser: parse.cc confirms it with that
// short parse and otherwise parses the whole file as usual.
#include "yaml/event_builder.h"

namespace stagegate {
namespace yaml_internal {
namespace {

size_t IndentOf(std::string_view text, size_t line_start) {
  size_t i = line_start;
  while (i < text.size() && text[i] == ' ') ++i;
  return i - line_start;
}

std::string Closers(const std::string& open) {
  std::string out;
  for (auto it = open.rbegin(); it != open.rend(); ++it) out += *it == '[' ? ']' : '}';
  return out;
}

}  // namespace

Fence FindFence(std::string_view text, size_t bom, uint32_t max_depth, size_t max_flow_bytes) {
  Fence fence;
  std::string open;        // the brackets open at this point
  size_t flow_start = 0;   // where the outermost open flow collection starts
  bool node_start = true;  // a node may begin here (line start, after ": ", "- ", '[', ',')
  size_t line_start = bom;
  char prev = '\n';
  for (size_t i = bom; i < text.size(); ++i) {
    if (!open.empty() && i - flow_start > max_flow_bytes) {
      fence.offset = i;
      fence.closers = Closers(open);
      fence.long_flow = flow_start;
      return fence;
    }
    char c = text[i];
    if (c == '\n') {
      line_start = i + 1;
      node_start = true;
      prev = c;
      continue;
    }
    bool after_blank = prev == ' ' || prev == '\t' || prev == '\n';
    switch (c) {
      case ' ':
      case '\t':
      case '\r':
        break;
      case '#':
        if (after_blank) {
          size_t end = text.find('\n', i);
          i = (end == std::string_view::npos ? text.size() : end) - 1;
          c = ' ';
        } else {
          node_start = false;
        }
        break;
      case '"':
      case '\'':
        if (node_start) {  // a quoted scalar: skip it, across lines too
          size_t j = i + 1;
          for (; j < text.size(); ++j) {
            if (c == '"' && text[j] == '\\') {
              ++j;
            } else if (text[j] == c) {
              if (c == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
                ++j;
              } else {
                break;
              }
            }
          }
          if (j >= text.size()) return fence;  // unclosed: yaml-cpp decides
          i = j;
        }
        node_start = false;
        break;
      case '|':
      case '>':
        if (node_start && open.empty()) {  // a block scalar: skip its more-indented lines
          size_t header_indent = IndentOf(text, line_start);
          size_t next = text.find('\n', i);
          while (next != std::string_view::npos) {
            size_t indent = IndentOf(text, next + 1);
            size_t end = next + 1 + indent;
            bool blank = end >= text.size() || text[end] == '\n' || text[end] == '\r';
            if (!blank && indent <= header_indent) break;
            next = text.find('\n', next + 1);
          }
          if (next == std::string_view::npos) return fence;
          i = next - 1;
          c = ' ';
        }
        node_start = false;
        break;
      case '[':
      case '{':
        if (node_start || !open.empty()) {
          if (open.empty()) flow_start = i;
          open += c;
          if (open.size() > max_depth) {
            fence.offset = i + 1;
            fence.closers = Closers(open);
            return fence;
          }
          node_start = true;
        }
        break;
      case ']':
      case '}':
        if (!open.empty()) open.pop_back();
        node_start = false;
        break;
      case ',':
        node_start = !open.empty();
        break;
      case ':':
      case '-':
      case '?':
        node_start = i + 1 >= text.size() || text[i + 1] == ' ' || text[i + 1] == '\n' ||
                     text[i + 1] == '\r' || text[i + 1] == '\t' || (!open.empty() && c == ':');
        break;
      case '&':
      case '!':
        if (node_start) {  // properties: the node starts after them
          while (i + 1 < text.size() && text[i + 1] != ' ' && text[i + 1] != '\n' &&
                 text[i + 1] != '\t' && text[i + 1] != '\r' && text[i + 1] != ',' &&
                 text[i + 1] != '[' && text[i + 1] != '{' && text[i + 1] != ']' &&
                 text[i + 1] != '}') {
            ++i;
          }
          c = ' ';
        }
        break;
      default:
        node_start = false;
        break;
    }
    prev = c;
  }
  return fence;
}

}  // namespace yaml_internal
}  // namespace stagegate
