// Template references in values and credential-like option keys.
#include "model/template.h"

#include <string>

#include "model/workspace.h"
#include "source/wording.h"

namespace stagegate {

ConstantType ConstantTypeOf(TemplateKind kind) {
  return kind == TemplateKind::kSecret ? ConstantType::kSecret : ConstantType::kGlobal;
}

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

bool IsName(std::string_view s) {
  if (s.empty() || !IsNameStart(s[0])) return false;
  for (char c : s) {
    if (!IsNameChar(c)) return false;
  }
  return true;
}

// Classifies the text between the braces.
void Classify(std::string_view inner, TemplateRef* ref) {
  inner = Trim(inner);
  constexpr std::string_view kConstants = "constants.";
  constexpr std::string_view kSecrets = "secrets.";
  if (inner.substr(0, kConstants.size()) == kConstants && IsName(inner.substr(kConstants.size()))) {
    ref->kind = TemplateKind::kConstant;
    ref->name = inner.substr(kConstants.size());
  } else if (inner.substr(0, kSecrets.size()) == kSecrets &&
             IsName(inner.substr(kSecrets.size()))) {
    ref->kind = TemplateKind::kSecret;
    ref->name = inner.substr(kSecrets.size());
  }
}

}  // namespace

std::vector<TemplateRef> FindTemplates(std::string_view text) {
  std::vector<TemplateRef> refs;
  size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    TemplateRef ref;
    ref.offset = pos;
    size_t close = text.find("}}", pos + 2);
    if (close == std::string_view::npos) {
      ref.length = text.size() - pos;
      ref.closed = false;
      refs.push_back(ref);
      break;
    }
    ref.length = close + 2 - pos;
    Classify(text.substr(pos + 2, close - pos - 2), &ref);
    refs.push_back(ref);
    pos = close + 2;
  }
  return refs;
}

bool IsSingleReference(std::string_view text, TemplateKind kind) {
  std::string_view t = Trim(text);
  if (t.size() < 4 || t.substr(0, 2) != "{{" || t.substr(t.size() - 2) != "}}") return false;
  std::vector<TemplateRef> refs = FindTemplates(t);
  return refs.size() == 1 && refs[0].offset == 0 && refs[0].length == t.size() &&
         refs[0].kind == kind;
}

bool IsSingleAnyReference(std::string_view text) {
  return IsSingleReference(text, TemplateKind::kConstant) ||
         IsSingleReference(text, TemplateKind::kSecret);
}

bool IsCredentialKey(std::string_view key) {
  std::string folded;  // lower-cased, without separators
  folded.reserve(key.size());
  size_t last_word = 0;  // where the key's last word starts in `folded`
  bool boundary = true;  // a separator came last
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    if (c == '-' || c == '_' || c == '.' || c == ' ') {
      boundary = true;
      continue;
    }
    char before = i > 0 ? key[i - 1] : ' ';
    bool camel = c >= 'A' && c <= 'Z' &&
                 ((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9'));
    if (boundary || camel) last_word = folded.size();
    boundary = false;
    folded += LowerAscii(c);
  }
  static constexpr std::string_view kWords[] = {"password",     "passwd",     "token", "apikey",
                                                "clientsecret", "privatekey", "secret"};
  bool credential = false;
  for (std::string_view w : kWords) credential = credential || folded.find(w) != std::string::npos;
  if (!credential) return false;
  // A last word naming where or how a credential is used, not the credential:
  // OAuth's access_token_url and add_token_to, token_type, a key file's path.
  static constexpr std::string_view kAbout[] = {"url",    "uri",      "endpoint", "to",
                                                "type",   "prefix",   "header",   "headers",
                                                "name",   "path",     "file",     "location"};
  std::string_view last = std::string_view(folded).substr(last_word);
  for (std::string_view w : kAbout) {
    if (last == w) return false;
  }
  return true;
}

}  // namespace stagegate
