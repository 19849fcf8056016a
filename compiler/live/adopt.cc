// AdoptSettings: what ToolJet does not store, taken from the configuration a
// live workspace is compared with, so that a plan against the database shows
// only what ToolJet holds (docs/import.md, Comparing with a live workspace).
#include "live/import.h"

#include <fmt/format.h>

#include <algorithm>

#include "source/wording.h"

namespace stagegate::live {

void AdoptSettings(ImportedWorkspace* ws, const Workspace& desired) {
  ws->version_rules = std::string(VersionRulesName(desired.version_rules));
  ws->access_rules = std::string(AccessRulesName(desired.access_rules));
  for (ImportedGroup& group : ws->groups) {
    if (const Group* g = desired.FindGroup(group.name)) group.description = g->description;
  }
  size_t unknown = 0;
  for (ImportedConstant& constant : ws->constants) {
    const Constant* c = desired.FindConstant(constant.name);
    if (c == nullptr || !c->type || (*c->type == ConstantType::kSecret) != constant.secret) {
      continue;
    }
    for (ImportedConstantValue& value : constant.values) {
      const ConstantValue* v = c->FindValue(value.environment);
      if (v == nullptr || value.text) continue;
      // A secret's variable name is the configuration's business; a global
      // value that could not be decrypted is taken as the configuration has
      // it (and said so below).
      if (constant.secret) {
        if (!v->from_env.empty()) value.from_env = v->from_env;
      } else if (!v->from_env.empty()) {
        value.from_env = v->from_env;
        ++unknown;
      } else if (!v->literal && v->kind != NodeKind::kNull) {
        value.text = v->text;
        value.from_env.clear();
        ++unknown;
      }
    }
    if (!constant.secret) {
      // The placeholder note no longer applies to values taken over.
      bool placeholders = false;
      for (const ImportedConstantValue& value : constant.values) placeholders |= !value.text;
      if (!placeholders) {
        constant.notes.erase(std::remove_if(constant.notes.begin(), constant.notes.end(),
                                            [](const ImportNote& n) {
                                              return n.code == Code::kImportPlaceholder;
                                            }),
                             constant.notes.end());
      }
    }
  }
  if (unknown > 0) {
    ws->notes.push_back(
        {Code::kImportPlaceholder,
         fmt::format("{} of global constants are encrypted in ToolJet's database and "
                     "LOCKBOX_MASTER_KEY is not set, so they are taken as the configuration "
                     "has them and not compared; set LOCKBOX_MASTER_KEY to compare them",
                     Plural(unknown, "value", "values"))});
  }
}

}  // namespace stagegate::live
