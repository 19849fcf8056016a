// ParseYaml: checks one file's text (UTF-8, control characters), then runs
// yaml-cpp's event parser over it with the EventBuilder, turning yaml-cpp's
// exceptions (terse, e.g. "end of map not found") into findings a user can
// act on. Nothing thrown inside escapes this file.
#include <algorithm>
#include <istream>
#include <new>
#include <streambuf>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "source/limits.h"
#include "source/wording.h"
#include "yaml/event_builder.h"
#include "yaml/loader.h"

namespace stagegate {
namespace {

using yaml_internal::EventBuilder;
using yaml_internal::StopFile;

// Lets yaml-cpp read the file's text in place (std::istringstream would copy
// it), optionally followed by a short `tail`.
class ViewBuffer : public std::streambuf {
 public:
  ViewBuffer(const char* data, size_t size, std::string_view tail) : tail_(tail) {
    char* p = const_cast<char*>(data);
    setg(p, p, p + size);
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (tail_.empty()) return traits_type::eof();
    char* p = const_cast<char*>(tail_.data());
    setg(p, p, p + tail_.size());
    tail_ = {};
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::string_view tail_;
};

// The location of byte `offset` (linear; for the one syntax error of a file).
Location LocationOf(std::string_view text, size_t bom, uint32_t file, size_t offset) {
  size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = line_start == std::string_view::npos ? bom : line_start + 1;
  uint32_t line = 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + line_start, '\n'));
  return Location{file, line, CodePoints(text.substr(line_start, offset - line_start)) + 1};
}

// Length of the valid UTF-8 sequence at `i` (lead byte >= 0x80), or 0.
size_t Utf8Length(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  size_t len;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned char t = static_cast<unsigned char>(text[i + k]);
    if ((t & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (t & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;  // surrogates
  return len;
}

// Reports the first invalid UTF-8 byte or disallowed control character and
// returns false. Sets *ascii when every byte is below 0x80.
bool CheckText(std::string_view text, size_t bom, uint32_t file, Diagnostics& diags,
               bool* ascii) {
  uint32_t line = 1;
  size_t line_start = bom;
  bool all_ascii = true;
  auto where = [&](size_t i) {
    return Location{file, line, CodePoints(text.substr(line_start, i - line_start)) + 1};
  };
  auto LineTooLong = [&](size_t end) {
    diags.Error(Code::kFileTooLarge, Location{file, line, 1},
                fmt::format("this line is {} long, over the {} limit for one line; break it "
                            "into several lines (a flow list or mapping can span lines)",
                            FormatSize(end - line_start), FormatLimit(kMaxLineBytes)));
    return false;
  };
  for (size_t i = bom; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F) {
      ++i;
      continue;
    }
    if (c == '\n') {
      if (i - line_start > kMaxLineBytes) return LineTooLong(i);
      ++line;
      line_start = ++i;
      continue;
    }
    if (c == '\t' || c == '\r') {
      ++i;
      continue;
    }
    if (c < 0x80) {
      diags.Error(Code::kYamlSyntax, where(i),
                  fmt::format("control character U+{:04X} is not allowed in a YAML file; remove "
                              "it (is this a binary file?)",
                              c));
      return false;
    }
    all_ascii = false;
    size_t len = Utf8Length(text, i);
    if (len == 0) {
      diags.Error(Code::kInvalidUtf8, where(i),
                  fmt::format("invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8 text", c));
      return false;
    }
    i += len;
  }
  if (text.size() - line_start > kMaxLineBytes) return LineTooLong(text.size());
  *ascii = all_ascii;
  return true;
}

// Improves yaml-cpp's terse messages for the common mistakes.
void ReportSyntax(const YAML::ParserException& e, std::string_view text, size_t bom,
                  uint32_t file, EventBuilder& builder, Diagnostics& diags) {
  namespace msg = YAML::ErrorMsg;
  const std::string& m = e.msg;
  Location where = builder.Locate(e.mark);

  // A tab in the indentation of the line yaml-cpp stopped at is the most
  // likely cause of whatever it says.
  if (where.valid()) {
    size_t line_start = std::min(builder.Offset(e.mark), text.size());
    while (line_start > bom && text[line_start - 1] != '\n') --line_start;
    size_t indent_end = text.find_first_not_of(" \t", line_start);
    if (indent_end == std::string_view::npos) indent_end = text.size();
    size_t tab = text.substr(line_start, indent_end - line_start).find('\t');
    if (tab != std::string_view::npos) {
      diags.Error(Code::kYamlSyntax, Location{file, where.line, static_cast<uint32_t>(tab) + 1},
                  "a tab is used for indentation; YAML indents with spaces only");
      return;
    }
  }
  if (builder.Offset(e.mark) >= text.size()) {
    // At the end of the file: point just after its last visible character,
    // a line that a code frame can show.
    size_t last = text.find_last_not_of(" \t\r\n");
    if (last != std::string_view::npos && last >= bom) where = LocationOf(text, bom, file, last + 1);
  }
  auto is = [&](const char* known) { return m == known; };
  if (is(msg::TAB_IN_INDENTATION)) {
    diags.Error(Code::kYamlSyntax, where,
                "a tab is used for indentation; YAML indents with spaces only");
  } else if (is(msg::END_OF_MAP)) {
    diags.Error(Code::kYamlSyntax, where,
                "this line does not fit the mapping above it; check its indentation (the keys of "
                "one mapping must line up)");
  } else if (is(msg::END_OF_SEQ)) {
    diags.Error(Code::kYamlSyntax, where,
                "this line does not fit the list above it; check its indentation (the items of "
                "one list must line up)");
  } else if (is(msg::END_OF_MAP_FLOW) || is(msg::END_OF_SEQ_FLOW)) {
    bool map = is(msg::END_OF_MAP_FLOW);
    Location open = builder.OpenFlow(map ? NodeKind::kMapping : NodeKind::kSequence);
    Diagnostic& d = diags.Error(
        Code::kYamlSyntax, where,
        map ? "missing '}' to close the '{' mapping; add it, or separate entries with ','"
            : "missing ']' to close the '[' list; add it, or separate items with ','");
    if (open.valid()) d.Related(open, map ? "the mapping starts here" : "the list starts here");
  } else if (is(msg::EOF_IN_SCALAR)) {
    diags.Error(Code::kYamlSyntax, where,
                "the file ends inside a quoted string; add the closing quote");
  } else if (is(msg::MAP_VALUE)) {
    diags.Error(Code::kYamlSyntax, where,
                "unexpected ':' here; check the indentation, and quote a value that contains ': '");
  } else if (is(msg::BLOCK_ENTRY)) {
    diags.Error(Code::kYamlSyntax, where,
                "unexpected list item '-' here; check its indentation");
  } else if (is(msg::MAP_KEY)) {
    diags.Error(Code::kYamlSyntax, where, "unexpected '?' key here; check the indentation");
  } else if (is(msg::FLOW_END)) {
    diags.Error(Code::kYamlSyntax, where,
                "unexpected closing bracket; remove it or add the matching opening bracket");
  } else if (is(msg::UNKNOWN_ANCHOR)) {
    std::string name = builder.AliasName(builder.Offset(e.mark));
    diags.Error(Code::kYamlSyntax, where,
                fmt::format("alias '*{}' is not defined; define '&{}' before it in the same "
                            "document (anchors do not carry over '---')",
                            name, name));
  } else if (m.compare(0, std::string_view(msg::INVALID_ESCAPE).size(), msg::INVALID_ESCAPE) == 0) {
    diags.Error(Code::kYamlSyntax, where,
                fmt::format("unknown escape '\\{}' in a double-quoted string; write '\\\\' for a "
                            "backslash, or use single quotes",
                            m.substr(std::string_view(msg::INVALID_ESCAPE).size())));
  } else if (is(msg::DOC_IN_SCALAR)) {
    diags.Error(Code::kYamlSyntax, where,
                "a document marker ('---' or '...') inside a quoted string; close the string "
                "first or indent the line");
  } else {
    diags.Error(Code::kYamlSyntax, where, fmt::format("invalid YAML: {}", m));
  }
}

// Runs yaml-cpp over text[0, end) into `builder`, reporting what stops it.
void Run(const std::string& text, size_t end, std::string_view tail, size_t bom, uint32_t file,
         const LoadLimits& limits, EventBuilder& builder, Diagnostics& diags) {
  try {
    ViewBuffer buffer(text.data(), end, tail);
    std::istream in(&buffer);
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const StopFile&) {
    builder.AbandonDocument();
  } catch (const YAML::DeepRecursion& e) {
    diags.Error(Code::kNestingTooDeep, builder.Locate(e.mark),
                fmt::format("collections are nested more than {} levels deep; flatten this part "
                            "of the file",
                            limits.max_depth));
    builder.AbandonDocument();
  } catch (const YAML::ParserException& e) {
    ReportSyntax(e, text, bom, file, builder, diags);
    builder.AbandonDocument();
  }
}

}  // namespace

void ParseYaml(const SourceSet& sources, uint32_t file, const LoadLimits& limits, Tree* tree,
               Diagnostics& diags, YamlReader reader) {
  const std::string& text = sources.file(file).text();
  size_t bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  const size_t nodes = tree->nodes.size(), chars = tree->text.size(),
               children = tree->children.size(), roots = tree->documents.size();
  // Drops what a trial parse added to the tree.
  auto rewind = [&] {
    tree->nodes.resize(nodes);
    tree->text.resize(chars);
    tree->children.resize(children);
    tree->documents.resize(roots);
  };
  try {
    bool ascii = false;
    if (!CheckText(text, bom, file, diags, &ascii)) return;
    // Typical configuration YAML has a node every 6-12 bytes; reserving
    // only takes address space until used.
    tree->nodes.reserve(nodes + text.size() / 6 + 16);
    tree->children.reserve(children + text.size() / 6 + 16);
    tree->text.reserve(chars + text.size() / 2 + 16);
    yaml_internal::Fence fence =
        yaml_internal::FindFence(text, bom, limits.max_depth, kMaxFlowBytes);
    if (fence.offset != std::string::npos) {
      // A short parse up to the fence confirms the hint (or not).
      Diagnostics trial;
      EventBuilder builder(text, file, static_cast<uint32_t>(bom), ascii, limits, tree, trial);
      builder.Watch(fence.long_flow);
      Run(text, fence.offset, fence.closers, bom, file, limits, builder, trial);
      if (builder.stopped_at_depth()) {
        diags.Append(std::move(trial));
        return;
      }
      rewind();
      if (builder.found_watched()) {
        bool list = text[fence.long_flow] == '[';
        diags.Error(Code::kFileTooLarge, builder.watched(),
                    fmt::format("this flow {} is over {} long; write it in block style, one "
                                "{} per line",
                                list ? "list" : "mapping", FormatLimit(kMaxFlowBytes),
                                list ? "'- item'" : "'key: value'"));
        return;
      }
    }
    if (fence.offset == std::string::npos && reader == YamlReader::kFast) {
      // The fast reader takes most configuration files; at anything else
      // it declines, and yaml-cpp reads the file from the start.
      Diagnostics found;
      EventBuilder builder(text, file, static_cast<uint32_t>(bom), ascii, limits, tree, found);
      bool read = false;
      try {
        read = yaml_internal::FastParse(text, bom, ascii, builder);
      } catch (const StopFile&) {
      }
      if (read) {
        diags.Append(std::move(found));
        return;
      }
      rewind();
    }
    EventBuilder builder(text, file, static_cast<uint32_t>(bom), ascii, limits, tree, diags);
    Run(text, text.size(), {}, bom, file, limits, builder, diags);
  } catch (const std::bad_alloc&) {
    *tree = Tree{};
    diags.Error(Code::kYamlSyntax, Location{file, 0, 0},
                "not enough memory to parse this file; split it into smaller files");
  } catch (const std::exception& e) {
    *tree = Tree{};
    diags.Error(Code::kYamlSyntax, Location{file, 0, 0},
                fmt::format("this file could not be parsed: {}", e.what()));
  } catch (...) {
    *tree = Tree{};
    diags.Error(Code::kYamlSyntax, Location{file, 0, 0}, "this file could not be parsed");
  }
}

}  // namespace stagegate
