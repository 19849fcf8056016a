// FastParse: a reader for the YAML that configuration files are made of
// (block mappings and lists, one-line plain and quoted scalars, flow lists
// and mappings, comments) that hands the EventBuilder exactly the events,
// marks included, that yaml-cpp's parser would. It reads bench's xl preset
// about 17 times faster than yaml-cpp, whose scanner took most of `check`'s
// time on large configurations.
//
// It declines (returns false) at the first thing outside that subset:
// anchors, aliases, tags, block scalars, multi-line scalars, escapes,
// document markers, directives, tabs, carriage returns, explicit keys,
// empty flow entries, and every syntax error. The caller then parses the
// file with yaml-cpp from the start, so what the user sees (findings
// included) never depends on which reader ran. Where yaml-cpp's behaviour
// is subtle (where a plain scalar ends, what may start one, where an empty
// value's mark points) this reader follows its rules or declines.
// tests/unit/yaml_test_fast.cc compares the two readers' events on every
// YAML file in the repository and on many thousands of mutations of them;
// fuzz/fuzz_readers.cc searches for any difference.
#include <cstring>
#include <string>

#include "yaml/event_builder.h"

namespace stagegate {
namespace yaml_internal {
namespace {

struct Decline {};

const std::string kPlainTag = "?";
const std::string kQuotedTag = "!";

// Deeper nesting is left to yaml-cpp (the builder's limit is far lower).
constexpr int kMaxNesting = 200;
// yaml-cpp drops a simple key longer than 1024 characters.
constexpr size_t kMaxKeyBytes = 1000;

bool IsNullWord(std::string_view s) {
  return s == "~" || s == "null" || s == "Null" || s == "NULL";
}

class FastParser {
 public:
  FastParser(std::string_view text, size_t bom, YAML::EventHandler& handler)
      : t_(text), bom_(bom), h_(handler), p_(bom), line_start_(bom) {}

  void Run() {
    if (!Settle()) return;  // nothing but blank lines and comments: no document
    h_.OnDocumentStart(MarkAt(p_));
    BlockNode(Column());
    if (p_ < t_.size()) throw Decline{};
    h_.OnDocumentEnd();
  }

 private:
  // How a plain scalar ends.
  enum class Stop { kLineEnd, kComment, kColon, kFlow };
  struct Plain {
    size_t end;   // after its last non-space character
    size_t stop;  // where scanning stopped
    Stop how;
  };

  [[noreturn]] static void Fail() { throw Decline{}; }

  char At(size_t i) const { return i < t_.size() ? t_[i] : '\n'; }
  bool Blank(size_t i) const { return i >= t_.size() || t_[i] == ' ' || t_[i] == '\n'; }
  size_t Column() const { return p_ - line_start_; }

  YAML::Mark MarkAt(size_t offset) const {
    YAML::Mark m;
    m.pos = static_cast<int>(offset - bom_);
    m.line = static_cast<int>(line_);
    m.column = static_cast<int>(offset - line_start_);
    return m;
  }

  // yaml-cpp's mark for an empty value at the end of the text, in the
  // collection at `column`: the mark of the token that closes it. yaml-cpp
  // closes a collection indented past the last line's end (a list: at it,
  // too) where that line ends; any other it closes after setting the
  // column to 0.
  YAML::Mark EndMark(size_t column, bool sequence) const {
    YAML::Mark m = MarkAt(t_.size());
    size_t last = t_.size() - line_start_;
    if (!(column > last || (column == last && sequence))) m.column = 0;
    return m;
  }

  size_t SkipSpaces(size_t i) const {
    while (i < t_.size() && t_[i] == ' ') ++i;
    return i;
  }

  // From the end of a content line (p_ at its '\n' or the end of the text):
  // moves p_ to the first character of the next line that holds more than
  // spaces or a comment. False at the end of the text (p_ there, with the
  // line and column of the end, yaml-cpp's mark for it).
  bool NextContent() {
    if (p_ >= t_.size()) return false;
    ++p_;  // the '\n'
    ++line_;
    line_start_ = p_;
    return Settle();
  }

  // From the start of a line: the first content at or after it, as
  // NextContent.
  bool Settle() {
    for (;;) {
      size_t i = SkipSpaces(p_);
      if (i >= t_.size()) {
        p_ = t_.size();
        return false;
      }
      char c = t_[i];
      if (c == '#') {
        size_t nl = t_.find('\n', i);
        if (nl == std::string_view::npos) {
          p_ = t_.size();
          return false;
        }
        p_ = nl + 1;
        ++line_;
        line_start_ = p_;
        continue;
      }
      if (c == '\n') {
        p_ = i + 1;
        ++line_;
        line_start_ = p_;
        continue;
      }
      p_ = i;
      // Document markers and directives start at column 0.
      if (p_ == line_start_ && (t_.compare(p_, 3, "---") == 0 || t_.compare(p_, 3, "...") == 0)) {
        Fail();
      }
      return true;
    }
  }

  // The rest of the line from i: spaces, then an optional comment (after
  // at least one space), then the line's end. Leaves p_ at the '\n' or the
  // end of the text.
  void EndOfLine(size_t i) {
    size_t j = SkipSpaces(i);
    if (j < t_.size() && t_[j] == '#') {
      if (j == i) Fail();
      j = t_.find('\n', j);
      if (j == std::string_view::npos) j = t_.size();
    }
    if (j < t_.size() && t_[j] != '\n') Fail();
    p_ = j;
  }

  bool BlockEntryAt(size_t i) const { return At(i) == '-' && Blank(i + 1); }

  // Whether a plain scalar may start at i (yaml-cpp's PlainScalar and
  // PlainScalarInFlow expressions).
  bool PlainStart(size_t i, bool flow) const {
    char c = At(i);
    switch (c) {
      case ' ': case '\n': case ',': case '[': case ']': case '{': case '}': case '#':
      case '&': case '*': case '!': case '|': case '>': case '\'': case '"': case '%':
      case '@': case '`':
        return false;
      case '?':
        return !flow && !Blank(i + 1);
      case '-': case ':':
        return !Blank(i + 1);
      default:
        return true;
    }
  }

  // Scans a one-line plain scalar from i. In a flow collection it may not
  // hold ':', '#', '?', '[' or '{' (yaml-cpp's rules there are subtle).
  Plain ScanPlain(size_t i, bool flow) const {
    size_t j = i;
    Stop how = Stop::kLineEnd;
    for (; j < t_.size(); ++j) {
      char c = t_[j];
      if (c == '\n') break;
      if (flow) {
        if (c == ',' || c == ']' || c == '}') {
          how = Stop::kFlow;
          break;
        }
        if (c == ':') {
          if (At(j + 1) == ' ') {
            how = Stop::kColon;
            break;
          }
          Fail();
        }
        if (c == '#' || c == '?' || c == '[' || c == '{') Fail();
      } else if (c == ':' && Blank(j + 1)) {
        how = Stop::kColon;
        break;
      } else if (c == '#' && t_[j - 1] == ' ') {
        how = Stop::kComment;
        break;
      }
    }
    if (how == Stop::kLineEnd && flow) Fail();  // a plain scalar over two lines
    size_t end = j;
    while (end > i && t_[end - 1] == ' ') --end;
    return Plain{end, j, how};
  }

  // The end (after the closing quote) of a one-line quoted scalar at i with
  // no escapes; npos if it is not one.
  size_t QuotedEnd(size_t i) const {
    char q = t_[i];
    for (size_t j = i + 1; j < t_.size(); ++j) {
      char c = t_[j];
      if (c == '\n') break;
      if (c == q) {
        if (q == '\'' && At(j + 1) == '\'') {
          ++j;
          continue;
        }
        return j + 1;
      }
      if (c == '\\' && q == '"') break;
    }
    return std::string_view::npos;
  }

  // The one-line quoted scalar at i, which ends at `end`.
  void EmitQuoted(size_t i, size_t end) {
    value_.clear();
    for (size_t j = i + 1; j + 1 < end; ++j) {
      value_ += t_[j];
      if (t_[i] == '\'' && t_[j] == '\'') ++j;  // '' is one quote
    }
    h_.OnScalar(MarkAt(i), kQuotedTag, YAML::NullAnchor, value_);
  }

  // The one-line quoted scalar at i (or fails); where it ends.
  size_t EmitQuoted(size_t i) {
    size_t end = QuotedEnd(i);
    if (end == std::string_view::npos) Fail();
    EmitQuoted(i, end);
    return end;
  }

  void EmitPlain(size_t i, size_t end) {
    std::string_view s = t_.substr(i, end - i);
    if (IsNullWord(s)) {
      h_.OnNull(MarkAt(i), YAML::NullAnchor);
      return;
    }
    value_.assign(s.data(), s.size());
    h_.OnScalar(MarkAt(i), kPlainTag, YAML::NullAnchor, value_);
  }

  // A block mapping key: a one-line scalar followed by ':' and a blank.
  struct Key {
    size_t end = std::string_view::npos;  // after its text; npos: no key there
    size_t colon = std::string_view::npos;
  };

  // The key that starts at i, if one does.
  Key FindKey(size_t i) const {
    char c = At(i);
    if (c == '"' || c == '\'') {
      size_t end = QuotedEnd(i);
      if (end == std::string_view::npos || At(end) != ':' || !Blank(end + 1) ||
          end - i > kMaxKeyBytes) {
        return {};
      }
      return Key{end, end};
    }
    if (!PlainStart(i, false)) return {};
    Plain s = ScanPlain(i, false);
    if (s.how != Stop::kColon || s.stop - i > kMaxKeyBytes) return {};
    if (IsNullWord(t_.substr(i, s.end - i))) return {};
    return Key{s.end, s.stop};
  }

  void EmitKey(size_t i, const Key& key) {
    if (t_[i] == '"' || t_[i] == '\'') {
      EmitQuoted(i, key.end);
    } else {
      EmitPlain(i, key.end);
    }
  }

  void Enter() {
    if (++depth_ > kMaxNesting) Fail();
  }

  // A block collection whose first entry is at p_, at `column`.
  void BlockNode(size_t column) {
    if (BlockEntryAt(p_)) {
      BlockSequence(column);
    } else if (Key key = FindKey(p_); key.colon != std::string_view::npos) {
      BlockMapping(column, key);
    } else {
      Fail();
    }
  }

  // After an entry's value: p_ at the next content or the end. Whether the
  // collection at `column` goes on.
  bool Continues(size_t column) {
    if (p_ >= t_.size()) return false;
    size_t c = Column();
    if (c > column) Fail();
    return c == column;
  }

  // A value written on the lines after its key or '-' (p_ at the end of the
  // line). `column` is the collection's.
  void ValueBelow(size_t column, bool in_mapping) {
    if (!NextContent()) {
      h_.OnNull(EndMark(column, !in_mapping), YAML::NullAnchor);
      return;
    }
    size_t c = Column();
    if (c > column) {
      BlockNode(c);
    } else if (in_mapping && c == column && BlockEntryAt(p_)) {
      BlockSequence(column);  // a list at its key's indentation
    } else {
      h_.OnNull(MarkAt(p_), YAML::NullAnchor);
    }
  }

  // A scalar or flow collection at i, ending its line.
  void ValueInLine(size_t i) {
    char c = t_[i];
    if (c == '[' || c == '{') {
      i = Flow(i);
    } else if (c == '"' || c == '\'') {
      i = EmitQuoted(i);
    } else if (PlainStart(i, false)) {
      Plain s = ScanPlain(i, false);
      if (s.how == Stop::kColon) Fail();
      EmitPlain(i, s.end);
      i = s.end;  // a comment after it is preceded by a space
    } else {
      Fail();
    }
    EndOfLine(i);
  }

  // A block mapping at `column` whose first key, `key`, is at p_.
  void BlockMapping(size_t column, Key key) {
    Enter();
    h_.OnMapStart(MarkAt(p_), kPlainTag, YAML::NullAnchor, YAML::EmitterStyle::Block);
    for (;;) {
      EmitKey(p_, key);
      size_t i = SkipSpaces(key.colon + 1);
      if (i >= t_.size() || t_[i] == '\n' || t_[i] == '#') {
        EndOfLine(key.colon + 1);
        ValueBelow(column, /*in_mapping=*/true);
      } else {
        ValueInLine(i);
        NextContent();
      }
      if (!Continues(column)) break;
      key = FindKey(p_);
      if (key.colon == std::string_view::npos) Fail();  // a list item among the keys, say
    }
    h_.OnMapEnd();
    --depth_;
  }

  void BlockSequence(size_t column) {
    Enter();
    h_.OnSequenceStart(MarkAt(p_), kPlainTag, YAML::NullAnchor, YAML::EmitterStyle::Block);
    for (;;) {
      size_t i = SkipSpaces(p_ + 1);
      if (i >= t_.size() || t_[i] == '\n' || t_[i] == '#') {
        EndOfLine(p_ + 1);
        ValueBelow(column, /*in_mapping=*/false);
      } else if (BlockEntryAt(i)) {
        Fail();  // "- - item"
      } else if (Key key = FindKey(i); key.colon != std::string_view::npos) {
        p_ = i;
        BlockMapping(i - line_start_, key);
      } else {
        ValueInLine(i);
        NextContent();
      }
      if (!Continues(column) || !BlockEntryAt(p_)) break;
    }
    h_.OnSequenceEnd();
    --depth_;
  }

  // A flow scalar or collection at i; returns where it ends.
  size_t FlowNode(size_t i) {
    char c = At(i);
    if (c == '[' || c == '{') return Flow(i);
    if (c == '"' || c == '\'') return EmitQuoted(i);
    if (!PlainStart(i, true)) Fail();
    Plain s = ScanPlain(i, true);
    if (s.how == Stop::kColon) Fail();  // a single-pair mapping in a list
    EmitPlain(i, s.end);
    return s.stop;
  }

  // Spaces, line breaks and comments between the tokens of a flow
  // collection, from i; fails at the end of the text.
  size_t SkipFlowSpace(size_t i) {
    for (;;) {
      i = SkipSpaces(i);
      if (i >= t_.size()) Fail();
      char c = t_[i];
      if (c == '#') {
        if (t_[i - 1] != ' ' && t_[i - 1] != '\n') Fail();
        i = t_.find('\n', i);
        if (i == std::string_view::npos) Fail();
      } else if (c == '\n') {
        ++i;
        ++line_;
        line_start_ = i;
        if (t_.compare(i, 3, "---") == 0 || t_.compare(i, 3, "...") == 0) Fail();
      } else {
        return i;
      }
    }
  }

  // A flow list or mapping opening at i, closed on the same line or a
  // later one.
  size_t Flow(size_t i) {
    Enter();
    bool mapping = t_[i] == '{';
    char close = mapping ? '}' : ']';
    if (mapping) {
      h_.OnMapStart(MarkAt(i), kPlainTag, YAML::NullAnchor, YAML::EmitterStyle::Flow);
    } else {
      h_.OnSequenceStart(MarkAt(i), kPlainTag, YAML::NullAnchor, YAML::EmitterStyle::Flow);
    }
    i = SkipFlowSpace(i + 1);
    if (At(i) != close) {
      for (;;) {
        if (mapping) {
          char c = At(i);
          size_t key = i;
          if (c == '"' || c == '\'') {
            i = EmitQuoted(i);
          } else {
            if (!PlainStart(i, true)) Fail();
            Plain s = ScanPlain(i, true);
            if (s.how != Stop::kColon || IsNullWord(t_.substr(i, s.end - i))) Fail();
            EmitPlain(i, s.end);
            i = s.stop;
          }
          if (At(i) != ':' || (At(i + 1) != ' ' && At(i + 1) != '\n') || i - key > kMaxKeyBytes) {
            Fail();
          }
          i = FlowNode(SkipFlowSpace(i + 1));
        } else {
          i = FlowNode(i);
        }
        i = SkipFlowSpace(i);
        if (At(i) == ',') {
          i = SkipFlowSpace(i + 1);
          if (At(i) == close || At(i) == ',') Fail();
          continue;
        }
        if (At(i) != close) Fail();
        break;
      }
    }
    if (mapping) {
      h_.OnMapEnd();
    } else {
      h_.OnSequenceEnd();
    }
    --depth_;
    return i + 1;
  }

  std::string_view t_;
  size_t bom_;
  YAML::EventHandler& h_;
  size_t p_;
  size_t line_ = 0;
  size_t line_start_;
  int depth_ = 0;
  std::string value_;
};

// Characters this reader leaves to yaml-cpp wherever they are: tabs,
// carriage returns, C1 control characters, and U+FEFF, U+2028 and U+2029.
bool HasUnsupportedBytes(std::string_view text, bool ascii) {
  auto find = [&](char c, size_t from) {
    const void* hit = from < text.size() ? std::memchr(text.data() + from, c, text.size() - from)
                                         : nullptr;
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - text.data())
               : std::string_view::npos;
  };
  if (find('\t', 0) != std::string_view::npos || find('\r', 0) != std::string_view::npos) {
    return true;
  }
  if (ascii) return false;
  // Lead bytes 0xC2, 0xE2 and 0xEF, and what follows each.
  for (char lead : {'\xC2', '\xE2', '\xEF'}) {
    for (size_t i = find(lead, 0); i != std::string_view::npos; i = find(lead, i + 1)) {
      std::string_view next = text.substr(i + 1, 2);
      unsigned char n = next.empty() ? 0 : static_cast<unsigned char>(next[0]);
      if (lead == '\xC2' ? n >= 0x80 && n <= 0x9F
                         : next == (lead == '\xE2' ? "\x80\xA8" : "\xBB\xBF") ||
                               (lead == '\xE2' && next == "\x80\xA9")) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

bool FastParse(std::string_view text, size_t bom, bool ascii, YAML::EventHandler& handler) {
  if (HasUnsupportedBytes(text.substr(bom), ascii)) return false;
  try {
    FastParser(text, bom, handler).Run();
    return true;
  } catch (const Decline&) {
    return false;
  }
}

}  // namespace yaml_internal
}  // namespace stagegate
