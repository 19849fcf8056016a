// AdoptSettings: what ToolJet does not store, taken from the configuration a
// live workspace is compared with, so that a plan against the database shows
// only what ToolJet holds (docs/import.md, Comparing with a live workspace).
// It works on the loaded current state (the model), so the database can be
// read and loaded before the configuration is.
#include "live/import.h"

namespace stagegate::live {

AdoptResult AdoptSettings(Workspace* current, const Workspace& desired) {
  AdoptResult result;
  result.rules_changed = current->access_rules != desired.access_rules;
  current->version_rules = desired.version_rules;
  current->access_rules = desired.access_rules;
  // ToolJet's database does not say whether the workspace has the
  // multi-environment licence (the import only infers it).
  current->multi_environment = desired.multi_environment;
  for (Group& group : current->groups) {
    if (const Group* g = desired.FindGroup(group.name)) group.description = g->description;
  }
  for (Constant& constant : current->constants) {
    const Constant* c = desired.FindConstant(constant.name);
    if (c == nullptr || !c->type || !constant.type || *c->type != *constant.type) continue;
    bool secret = *constant.type == ConstantType::kSecret;
    for (ConstantValue& value : constant.values) {
      const ConstantValue* v = c->FindValue(value.environment.name);
      if (v == nullptr) continue;
      if (secret) {
        // The variable a secret is read from is the configuration's business.
        if (!v->from_env.empty()) value.from_env = v->from_env;
      } else if (!value.from_env.empty()) {
        // A global value the import could not decrypt (its placeholder):
        // taken as the configuration has it, and counted.
        ++result.values_not_compared;
        Location at = value.location;
        value = *v;
        value.location = at;
      }
    }
  }
  return result;
}

}  // namespace stagegate::live
