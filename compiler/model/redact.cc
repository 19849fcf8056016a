// RedactSecrets: finds secret values in the raw trees (secret constants'
// values, credential-like data source options) and marks their source lines
// so no code frame ever prints them.
#include "model/redact.h"

#include <algorithm>

#include "model/template.h"

namespace stagegate {
namespace {

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

uint32_t Indent(std::string_view line) {
  uint32_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

// `scheme://user:password@host...`
bool HasUrlPassword(std::string_view text) {
  size_t scheme = text.find("://");
  if (scheme == std::string_view::npos) return false;
  std::string_view rest = text.substr(scheme + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  size_t at = authority.rfind('@');
  return at != std::string_view::npos &&
         authority.substr(0, at).find(':') != std::string_view::npos;
}

class Redactor {
 public:
  explicit Redactor(SourceSet& sources) : sources_(sources) {}

  void Constants(Node constants) {
    for (uint32_t i = 0; i < constants.size() && constants.is_mapping(); ++i) {
      Node constant = constants.value(i);
      if (!constant.is_mapping()) {
        // `NAME: value` with no type: it may be a secret.
        Tree(constants.key(i), constant);
        continue;
      }
      Node type = constant.Find("type");
      if (type.is_string() && type.text() == "global") continue;
      for (uint32_t j = 0; j < constant.size(); ++j) {
        Node key = constant.key(j);
        if (key.is_scalar() && key.text() == "type") continue;
        Tree(key, constant.value(j));
      }
    }
  }

  void DataSources(Node sources) {
    for (uint32_t i = 0; i < sources.size() && sources.is_mapping(); ++i) {
      Node source = sources.value(i);
      for (uint32_t j = 0; j < source.size() && source.is_mapping(); ++j) {
        Node key = source.key(j);
        Node value = source.value(j);
        if (key.is_scalar() && key.text() == "environments" && value.is_mapping()) {
          // Keys here are environment names, not option keys.
          for (uint32_t k = 0; k < value.size(); ++k) Options(value.value(k));
        } else {
          Option(key, value);
        }
      }
    }
  }

 private:
  // Options of one environment (or whatever stands in their place).
  void Options(Node node) {
    if (node.is_mapping()) {
      for (uint32_t i = 0; i < node.size(); ++i) Option(node.key(i), node.value(i));
    } else if (node.is_sequence()) {
      // A [name, value] pair (how ToolJet stores headers) is an option too.
      if (node.size() == 2 && node.item(0).is_string()) {
        Option(node.item(0), node.item(1));
        return;
      }
      for (uint32_t i = 0; i < node.size(); ++i) Options(node.item(i));
    }
  }

  void Option(Node key, Node value) {
    if (IsCredentialKey(key.text())) {
      if (value.is_scalar()) {
        if (value.is_null() ||
            (value.is_string() && IsSingleReference(value.text(), TemplateKind::kSecret))) {
          return;
        }
        Scalar(key, value);
      } else {
        Tree(key, value);
      }
    } else if (value.is_string()) {
      if (HasUrlPassword(value.text())) Scalar(key, value);
    } else {
      Options(value);
    }
  }

  // Every scalar below `node` but the VAR of `fromEnv: VAR`; `key` is the
  // nearest key above it (its column bounds continuation lines).
  void Tree(Node key, Node node) {
    if (node.is_mapping()) {
      for (uint32_t i = 0; i < node.size(); ++i) {
        Node k = node.key(i);
        Node v = node.value(i);
        if (k.is_scalar() && k.text() == "fromEnv" && v.is_scalar()) continue;
        Tree(k, v);
      }
    } else if (node.is_sequence()) {
      for (uint32_t i = 0; i < node.size(); ++i) Tree(key, node.item(i));
    } else if (!node.is_null()) {
      Scalar(key, node);
    }
  }

  // Masks the value from its first character, and every following line that
  // continues it: blank lines and lines indented deeper than the key (deeper
  // than the key's line for a multi-line value, which may sit in a flow
  // mapping). Scanning even when the node is single-line costs little and
  // never lets a block scalar through.
  void Scalar(Node key, Node value) {
    Location at = value.location();
    if (!at.valid() || at.file >= sources_.size()) return;
    sources_.Redact(at);
    const SourceFile& file = sources_.file(at.file);
    Location key_at = key.valid() ? key.location() : at;
    uint32_t threshold = key_at.column > 0 ? key_at.column - 1 : 0;
    if (value.multi_line()) threshold = std::min(threshold, Indent(file.Line(key_at.line)));
    for (uint32_t line = at.line + 1; line <= file.line_count(); ++line) {
      std::string_view text = file.Line(line);
      if (!IsBlank(text) && Indent(text) <= threshold) break;
      sources_.Redact(Location{at.file, line, 1});
    }
  }

  SourceSet& sources_;
};

}  // namespace

void RedactSecrets(LoadedConfig& config) {
  Redactor redactor(config.sources);
  for (const LoadedFile& file : config.files) {
    for (NodeId root_id : file.tree.documents) {
      Node root(&file.tree, root_id);
      for (uint32_t i = 0; i < root.size() && root.is_mapping(); ++i) {
        std::string_view section = root.key(i).text();
        if (section == "constants") redactor.Constants(root.value(i));
        if (section == "dataSources") redactor.DataSources(root.value(i));
      }
    }
  }
}

}  // namespace stagegate
