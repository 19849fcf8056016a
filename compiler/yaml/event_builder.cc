// yaml-cpp events -> the compact located Tree. Containers collect their
// children on a scratch stack and append them to tree.children when they
// close, so each node costs one 24-byte record. Mapping checks (duplicate and
// complex keys, merge keys) run when a mapping closes; nesting and alias
// budgets are checked as events arrive, and exceeding one ends the file.
#include "yaml/event_builder.h"

#include <algorithm>

#include <fmt/format.h>

#include "source/wording.h"

namespace stagegate {
namespace yaml_internal {
namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsFlowIndicator(char c) { return c == ',' || c == '[' || c == ']' || c == '{' || c == '}'; }

// "!!binary" for core tags, "!local" as written, "!<uri>" otherwise.
std::string TagSpelling(const std::string& tag) {
  if (tag.compare(0, kCoreTagPrefix.size(), kCoreTagPrefix) == 0) {
    return "!!" + tag.substr(kCoreTagPrefix.size());
  }
  if (!tag.empty() && tag[0] == '!') return tag;
  return "!<" + tag + ">";
}

// The spelling of an explicit plain null at the start of `rest`, or "".
std::string_view NullSpelling(std::string_view rest) {
  for (std::string_view word : {"null", "Null", "NULL", "~"}) {
    if (rest.compare(0, word.size(), word) != 0) continue;
    if (rest.size() == word.size()) return word;
    char next = rest[word.size()];
    if (IsBlank(next) || IsFlowIndicator(next) || next == '#' || next == ':') return word;
  }
  return {};
}

}  // namespace

EventBuilder::EventBuilder(std::string_view text, uint32_t file, uint32_t bom, bool ascii,
                           const LoadLimits& limits, Tree* tree, Diagnostics& diags)
    : text_(text), file_(file), bom_(bom), ascii_(ascii), limits_(limits), tree_(tree),
      diags_(diags) {
  doc_nodes_ = tree_->nodes.size();
  doc_text_ = tree_->text.size();
  doc_children_ = tree_->children.size();
  doc_roots_ = tree_->documents.size();
}

Location EventBuilder::LocateOffset(size_t offset, uint32_t line, size_t line_start) {
  if (line == 1 && line_start < bom_) line_start = bom_;
  if (offset < line_start) offset = line_start;
  if (ascii_) return Location{file_, line, static_cast<uint32_t>(offset - line_start + 1)};
  size_t from = line_start;
  uint32_t column = 0;
  if (cursor_line_ == line && cursor_offset_ >= line_start && cursor_offset_ <= offset) {
    from = cursor_offset_;
    column = cursor_column_;
  }
  for (size_t i = from; i < offset; ++i) {
    column += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  }
  cursor_line_ = line;
  cursor_offset_ = offset;
  cursor_column_ = column;
  return Location{file_, line, column + 1};
}

size_t EventBuilder::Offset(const YAML::Mark& mark) const {
  return std::min<size_t>(static_cast<size_t>(std::max(mark.pos, 0)) + bom_, text_.size());
}

Location EventBuilder::Locate(const YAML::Mark& mark) {
  if (mark.pos < 0 || mark.line < 0) return Location{file_, 0, 0};
  size_t offset = std::min<size_t>(static_cast<size_t>(mark.pos) + bom_, text_.size());
  size_t column = static_cast<size_t>(std::max(mark.column, 0));
  size_t line_start = offset >= column ? offset - column : 0;
  return LocateOffset(offset, static_cast<uint32_t>(mark.line) + 1, line_start);
}

EventBuilder::Position EventBuilder::ValuePosition(const YAML::Mark& mark) {
  if (mark.pos < 0 || mark.line < 0) return {text_.size(), Location{file_, 0, 0}};
  size_t offset = std::min<size_t>(static_cast<size_t>(mark.pos) + bom_, text_.size());
  size_t column = static_cast<size_t>(std::max(mark.column, 0));
  size_t line_start = offset >= column ? offset - column : 0;
  uint32_t line = static_cast<uint32_t>(mark.line) + 1;
  // Skip anchor and tag properties, then blanks, comments and line breaks.
  while (offset < text_.size() && (text_[offset] == '&' || text_[offset] == '!')) {
    if (text_.compare(offset, 2, "!<") == 0) {
      size_t close = text_.find('>', offset);
      offset = close == std::string_view::npos ? text_.size() : close + 1;
    } else {
      while (offset < text_.size() && !IsBlank(text_[offset]) && !IsFlowIndicator(text_[offset])) {
        ++offset;
      }
    }
    while (offset < text_.size()) {
      char c = text_[offset];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++offset;
      } else if (c == '\n') {
        ++offset;
        ++line;
        line_start = offset;
      } else if (c == '#') {
        while (offset < text_.size() && text_[offset] != '\n') ++offset;
      } else {
        break;
      }
    }
  }
  return {offset, LocateOffset(offset, line, line_start)};
}

std::string EventBuilder::AliasName(size_t offset) const {
  if (offset < text_.size() && text_[offset] == '*') ++offset;
  size_t end = offset;
  while (end < text_.size() && !IsBlank(text_[end]) && !IsFlowIndicator(text_[end])) ++end;
  return std::string(text_.substr(offset, end - offset));
}

NodeId EventBuilder::NewNode(NodeKind kind, uint8_t flags, Location location) {
  Tree::Record r{};
  r.kind = kind;
  r.flags = flags;
  r.location = location;
  tree_->nodes.push_back(r);
  return static_cast<NodeId>(tree_->nodes.size() - 1);
}

void EventBuilder::AddChild(NodeId id, uint64_t expanded, uint32_t height) {
  if (frames_.empty()) {
    root_ = id;
    has_root_ = true;
    return;
  }
  Frame& f = frames_.back();
  scratch_.push_back(id);
  f.expanded += expanded;
  f.height = std::max(f.height, height);
}

void EventBuilder::DefineAnchor(YAML::anchor_t anchor, NodeId node, bool open, uint64_t expanded,
                                uint32_t height) {
  if (anchor == YAML::NullAnchor) return;
  if (anchor >= anchors_.size()) anchors_.resize(anchor + 1);
  Anchor& a = anchors_[anchor];
  a.node = node;
  a.open = open;
  a.defined = true;
  a.expanded = expanded;
  a.height = height;
}

void EventBuilder::TooDeep(Location where, bool through_alias) {
  stopped_at_depth_ = true;
  if (through_alias) {
    diags_.Error(Code::kNestingTooDeep, where,
                 fmt::format("this alias nests collections more than {} levels deep; flatten the "
                             "anchored value or use it at a shallower place",
                             limits_.max_depth));
  } else {
    diags_.Error(Code::kNestingTooDeep, where,
                 fmt::format("collections are nested more than {} levels deep; flatten this part "
                             "of the file",
                             limits_.max_depth));
  }
  throw StopFile{};
}

void EventBuilder::Charge(uint64_t nodes, Location where, std::string_view what, uint32_t width) {
  alias_nodes_ = nodes > UINT64_MAX - alias_nodes_ ? UINT64_MAX : alias_nodes_ + nodes;
  if (alias_nodes_ <= limits_.max_alias_nodes) return;
  diags_
      .Error(Code::kAliasLimit, where,
             fmt::format("{} in this file expand to more than {} nodes; use fewer or smaller "
                         "aliases (this pattern can exhaust memory)",
                         what, Thousands(limits_.max_alias_nodes)))
      .Underline(width);
  throw StopFile{};
}

void EventBuilder::OnDocumentStart(const YAML::Mark& mark) {
  size_t offset = Offset(mark);
  if (++documents_seen_ > 1 && offset <= last_document_offset_) {
    // yaml-cpp does not consume a ',' at the top level of a document: it
    // would start an empty document there again and again.
    diags_.Error(Code::kYamlSyntax, Locate(mark),
                 offset < text_.size() && text_[offset] == ','
                     ? "unexpected ',' here: commas separate items only inside '[...]' or "
                       "'{...}'; quote the value if the comma is part of it"
                     : "the YAML parser cannot continue here; check the syntax of this line");
    throw StopFile{};
  }
  last_document_offset_ = offset;
  if (documents_seen_ > 1) {
    // yaml-cpp starts a new document when content continues after a
    // top-level block list ends; YAML requires '---' (or '...' before).
    bool marked = text_.compare(offset, 3, "---") == 0;
    size_t line_end = offset - std::min<size_t>(offset, static_cast<size_t>(std::max(mark.column, 0)));
    while (!marked && line_end > 0) {
      size_t newline = line_end - 1;  // ends the previous line
      size_t begin = newline == 0 ? std::string_view::npos : text_.rfind('\n', newline - 1);
      begin = begin == std::string_view::npos ? 0 : begin + 1;
      std::string_view line = text_.substr(begin, newline - begin);
      size_t first = line.find_first_not_of(" \t\r");
      if (first != std::string_view::npos && line[first] != '#') {
        marked = line.compare(0, 3, "...") == 0 || line.compare(0, 3, "---") == 0;
        break;
      }
      line_end = begin;
    }
    if (!marked) {
      diags_.Error(Code::kYamlSyntax, Locate(mark),
                   "this line is outside the top-level collection above it; check its "
                   "indentation, or start a new document with '---'");
      throw StopFile{};
    }
  }
  frames_.clear();
  scratch_.clear();
  anchors_.clear();
  has_root_ = false;
}

void EventBuilder::OnDocumentEnd() {
  if (has_root_ && tree_->nodes[root_].kind != NodeKind::kNull) {
    tree_->documents.push_back(root_);
  } else {
    AbandonDocument();
  }
  doc_nodes_ = tree_->nodes.size();
  doc_text_ = tree_->text.size();
  doc_children_ = tree_->children.size();
  doc_roots_ = tree_->documents.size();
  has_root_ = false;
}

void EventBuilder::AbandonDocument() {
  tree_->nodes.resize(doc_nodes_);
  tree_->text.resize(doc_text_);
  tree_->children.resize(doc_children_);
  tree_->documents.resize(doc_roots_);
  frames_.clear();
  scratch_.clear();
  anchors_.clear();
  has_root_ = false;
}

void EventBuilder::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
  Location where = Locate(mark);
  size_t offset = Offset(mark);
  std::string_view spelling = NullSpelling(text_.substr(offset));
  bool empty = spelling.empty() &&
               (offset >= text_.size() || (text_[offset] != '&' && text_[offset] != '!'));
  if (empty) {
    // Nothing written ("key:" or "- "): yaml-cpp's mark is the next token.
    // Point at the key, or at the indicator before the empty node.
    if (!frames_.empty() && tree_->nodes[frames_.back().node].kind == NodeKind::kMapping &&
        (scratch_.size() - frames_.back().scratch_begin) % 2 == 1) {
      where = tree_->nodes[scratch_.back()].location;
    } else if (mark.line >= 0) {
      uint32_t line = static_cast<uint32_t>(mark.line) + 1;
      size_t i = offset;
      while (i > bom_ && IsBlank(text_[i - 1])) {
        if (text_[i - 1] == '\n') --line;
        --i;
      }
      if (i > bom_ && std::string_view("-?:,[").find(text_[i - 1]) != std::string_view::npos) {
        size_t line_start = i - 1;
        while (line_start > bom_ && text_[line_start - 1] != '\n') --line_start;
        where = LocateOffset(i - 1, line, line_start);
      }
    }
  }
  NodeId id = NewNode(NodeKind::kNull, 0, where);
  tree_->nodes[id].begin = static_cast<uint32_t>(tree_->text.size());
  tree_->nodes[id].size = static_cast<uint32_t>(spelling.size());
  tree_->text.append(spelling);
  DefineAnchor(anchor, id, /*open=*/false, /*expanded=*/1, /*height=*/0);
  AddChild(id, 1, 0);
}

void EventBuilder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  Location where = Locate(mark);
  size_t offset = Offset(mark);
  std::string name = AliasName(offset);
  if (anchor >= anchors_.size() || !anchors_[anchor].defined) {
    diags_.Error(Code::kYamlSyntax, where,
                 fmt::format("alias '*{}' is not defined; define '&{}' before it in the same "
                             "document (anchors do not carry over '---')",
                             name, name));
    throw StopFile{};
  }
  const Anchor a = anchors_[anchor];
  if (a.open) {
    diags_.Error(Code::kAliasLimit, where,
                 fmt::format("alias '*{}' refers to a collection that contains it; recursive "
                             "YAML is not supported",
                             name))
        .Underline(static_cast<uint32_t>(name.size() + 1));
    throw StopFile{};
  }
  if (frames_.size() + a.height > limits_.max_depth) TooDeep(where, /*through_alias=*/true);
  Charge(a.expanded, where, "aliases", static_cast<uint32_t>(name.size() + 1));
  AddChild(a.node, a.expanded, a.height);
}

Location EventBuilder::TagLocation(const YAML::Mark& mark, uint32_t* width) {
  size_t offset = Offset(mark);
  size_t column = static_cast<size_t>(std::max(mark.column, 0));
  size_t line_start = offset >= column ? offset - column : 0;
  uint32_t line = static_cast<uint32_t>(std::max(mark.line, 0)) + 1;
  while (offset < text_.size() && text_[offset] == '&') {  // an anchor before the tag
    while (offset < text_.size() && !IsBlank(text_[offset])) ++offset;
    while (offset < text_.size() && IsBlank(text_[offset])) {
      if (text_[offset++] == '\n') {
        ++line;
        line_start = offset;
      }
    }
  }
  size_t end = offset;
  while (end < text_.size() && !IsBlank(text_[end]) && !IsFlowIndicator(text_[end])) ++end;
  *width = static_cast<uint32_t>(std::max<size_t>(end - offset, 1));
  return LocateOffset(offset, line, line_start);
}

bool EventBuilder::CheckTag(const std::string& tag, NodeKind* kind, std::string_view value,
                            const YAML::Mark& mark, bool scalar) {
  if (tag == "?" || tag == "!") return true;
  uint32_t width = 1;
  Location where = TagLocation(mark, &width);
  if (tag.compare(0, kCoreTagPrefix.size(), kCoreTagPrefix) == 0) {
    std::string_view name = std::string_view(tag).substr(kCoreTagPrefix.size());
    NodeKind wanted;
    bool known = true;
    if (name == "str") wanted = NodeKind::kString;
    else if (name == "int") wanted = NodeKind::kInt;
    else if (name == "float") wanted = NodeKind::kFloat;
    else if (name == "bool") wanted = NodeKind::kBool;
    else if (name == "null") wanted = NodeKind::kNull;
    else if (name == "map") wanted = NodeKind::kMapping;
    else if (name == "seq") wanted = NodeKind::kSequence;
    else known = false;
    if (known) {
      bool ok;
      if (!scalar) {
        ok = wanted == *kind;
      } else if (wanted == NodeKind::kString) {
        ok = true;
      } else if (wanted == NodeKind::kMapping || wanted == NodeKind::kSequence) {
        ok = false;
      } else {
        NodeKind plain = ResolvePlainScalar(value);
        ok = plain == wanted || (wanted == NodeKind::kFloat && plain == NodeKind::kInt);
      }
      if (ok) {
        *kind = wanted;
        return true;
      }
      diags_.Error(Code::kUnsupportedYaml, where,
                   fmt::format("this value does not match its tag '{}'; remove the tag or fix the "
                               "value",
                               TagSpelling(tag)))
          .Underline(width);
      return false;
    }
  }
  diags_.Error(Code::kUnsupportedYaml, where,
               fmt::format("YAML tag '{}' is not supported; remove the tag", TagSpelling(tag)))
      .Underline(width);
  return false;
}

bool EventBuilder::IsMultiLine(size_t offset, char first, Location where) {
  if (first == '|' || first == '>') return true;
  bool multi_line = false;
  if (first == '"') {
    for (size_t i = offset + 1; i < text_.size(); ++i) {
      char c = text_[i];
      if (c == '\n') {
        multi_line = true;
      } else if (c == '\\') {
        if (i + 1 < text_.size() && (text_[i + 1] == '\n' || text_[i + 1] == '\r')) multi_line = true;
        ++i;
      } else if (c == '"') {
        return multi_line;
      }
    }
  } else {
    for (size_t i = offset + 1; i < text_.size(); ++i) {
      char c = text_[i];
      if (c == '\n') {
        multi_line = true;
      } else if (c == '\'') {
        if (i + 1 >= text_.size() || text_[i + 1] != '\'') return multi_line;
        ++i;
      }
    }
  }
  // yaml-cpp 0.7 accepts a quoted string that runs to the end of the file,
  // silently swallowing everything after the quote.
  diags_.Error(Code::kYamlSyntax, where,
               first == '"' ? "unclosed double-quoted string; add the closing '\"'"
                            : "unclosed single-quoted string; add the closing \"'\"");
  throw StopFile{};
}

void EventBuilder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                            const std::string& value) {
  Position at = ValuePosition(mark);
  char first = at.offset < text_.size() ? text_[at.offset] : '\0';
  bool quoted = first == '"' || first == '\'' || first == '|' || first == '>';
  NodeKind kind = tag == "?" ? ResolvePlainScalar(value) : NodeKind::kString;
  if (!CheckTag(tag, &kind, value, mark, /*scalar=*/true)) kind = NodeKind::kString;
  uint8_t flags = 0;
  if (quoted) {
    flags |= Tree::kQuoted;
    if (IsMultiLine(at.offset, first, at.location)) flags |= Tree::kMultiLine;
  } else if (value.find(' ') != std::string::npos &&
             text_.compare(at.offset, value.size(), value) != 0) {
    // A one-line plain scalar is exactly its source text; a folded one has
    // a space where the source has a line break.
    flags |= Tree::kMultiLine;
  }
  NodeId id = NewNode(kind, flags, at.location);
  tree_->nodes[id].begin = static_cast<uint32_t>(tree_->text.size());
  tree_->nodes[id].size = static_cast<uint32_t>(value.size());
  tree_->text.append(value);
  DefineAnchor(anchor, id, /*open=*/false, /*expanded=*/1, /*height=*/0);
  AddChild(id, 1, 0);
}

void EventBuilder::StartCollection(NodeKind kind, const YAML::Mark& mark, const std::string& tag,
                                   YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
  Position at = ValuePosition(mark);
  if (at.offset == watch_ && style == YAML::EmitterStyle::Flow) watched_ = at.location;
  if (frames_.size() + 1 > limits_.max_depth) TooDeep(at.location, /*through_alias=*/false);
  NodeKind tagged = kind;
  CheckTag(tag, &tagged, {}, mark, /*scalar=*/false);
  NodeId id = NewNode(kind, 0, at.location);
  frames_.push_back(Frame{id, static_cast<uint32_t>(scratch_.size()), 0,
                          style == YAML::EmitterStyle::Flow, anchor, 1});
  DefineAnchor(anchor, id, /*open=*/true, /*expanded=*/0, /*height=*/0);
}

void EventBuilder::OnSequenceStart(const YAML::Mark& mark, const std::string& tag,
                                   YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
  StartCollection(NodeKind::kSequence, mark, tag, anchor, style);
}

void EventBuilder::OnMapStart(const YAML::Mark& mark, const std::string& tag,
                              YAML::anchor_t anchor, YAML::EmitterStyle::value style) {
  StartCollection(NodeKind::kMapping, mark, tag, anchor, style);
}

void EventBuilder::OnSequenceEnd() { EndCollection(); }
void EventBuilder::OnMapEnd() { EndCollection(); }

void EventBuilder::EndCollection() {
  if (frames_.empty()) return;
  Frame f = frames_.back();
  frames_.pop_back();
  bool mapping = tree_->nodes[f.node].kind == NodeKind::kMapping;
  if (mapping) FinishMapping(f.scratch_begin);
  size_t n = scratch_.size() - f.scratch_begin;
  Tree::Record& r = tree_->nodes[f.node];
  r.begin = static_cast<uint32_t>(tree_->children.size());
  r.size = static_cast<uint32_t>(mapping ? n / 2 : n);
  tree_->children.insert(tree_->children.end(), scratch_.begin() + f.scratch_begin,
                         scratch_.end());
  scratch_.resize(f.scratch_begin);
  uint32_t height = f.height + 1;
  DefineAnchor(f.anchor, f.node, /*open=*/false, f.expanded, height);
  AddChild(f.node, f.expanded, height);
}

Location EventBuilder::OpenFlow(NodeKind kind) const {
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) {
    if (it->flow && tree_->nodes[it->node].kind == kind) return tree_->nodes[it->node].location;
  }
  return Location{};
}

}  // namespace yaml_internal
}  // namespace stagegate
