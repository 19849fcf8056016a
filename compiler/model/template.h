// The two small text rules several stages share: `{{constants.NAME}}` /
// `{{secrets.NAME}}` references inside option and constant values, and which
// data source option keys hold credentials. Redaction, the model builder and
// the checks all use these, so they always agree on what is a secret.
#ifndef STAGEGATE_MODEL_TEMPLATE_H_
#define STAGEGATE_MODEL_TEMPLATE_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace stagegate {

enum class TemplateKind { kConstant, kSecret, kInvalid };
enum class ConstantType : uint8_t;  // model/workspace.h

// The type of constant a reference of `kind` names: secret for kSecret,
// otherwise global (`{{constants.X}}`).
ConstantType ConstantTypeOf(TemplateKind kind);

// One `{{ ... }}` in a value. Spaces inside the braces are allowed:
// `{{ constants.API_URL }}`.
struct TemplateRef {
  TemplateKind kind = TemplateKind::kInvalid;
  std::string_view name;  // NAME for kConstant / kSecret; empty for kInvalid
  size_t offset = 0;      // byte offset of "{{" in the value
  size_t length = 0;      // bytes up to and including "}}" (to the end when unclosed)
  bool closed = true;     // false: a "{{" with no "}}" after it
};

// Every template in `text`, in order. Anything between the braces other than
// `constants.NAME` or `secrets.NAME` (NAME: [A-Za-z_][A-Za-z0-9_]*) is
// kInvalid, and so is a `{{` that is never closed.
std::vector<TemplateRef> FindTemplates(std::string_view text);

// True when `text`, ignoring surrounding whitespace, is exactly one valid
// reference of `kind` (`{{secrets.NAME}}` for kSecret).
bool IsSingleReference(std::string_view text, TemplateKind kind);
// Exactly one valid constants or secrets reference.
bool IsSingleAnyReference(std::string_view text);

// A credential-like option key (format.md): one containing password, token,
// api_key, client_secret, private_key or secret, ignoring case and treating
// '-', '_' and '.' as absent (so `apiKey`, `API-KEY` and `privateKey` match).
// `passwd` counts too. Conservative on purpose: a false match only hides a
// value in code frames and asks for a secret reference. But a key whose last
// word (split at separators and lower-to-upper case changes) names where or
// how a credential is used is not one: url, uri, endpoint, to, type, prefix,
// header(s), name, path, file, location (OAuth's `access_token_url` and
// `add_token_to`, which ToolJet keeps in clear, or `private_key_path`).
bool IsCredentialKey(std::string_view key);

}  // namespace stagegate

#endif  // STAGEGATE_MODEL_TEMPLATE_H_
