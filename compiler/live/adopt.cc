// AdoptSettings: what ToolJet does not store, taken from the configuration a
// live workspace is compared with, so that a plan against the database shows
// only what ToolJet holds (docs/import.md, Comparing with a live workspace).
// It works on the loaded current state (the model), so the database can be
// read and loaded before the configuration is.
#include "live/import.h"

#include <cstdlib>

namespace stagegate::live {

std::optional<std::string> ProcessVariable(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

namespace {

// One value of a live global constant against the configuration's `v`.
void AdoptGlobalValue(ConstantValue* value, const ConstantValue& v, const VariableLookup& lookup,
                      AdoptResult* result) {
  Location at = value->location;
  if (!value->from_env.empty()) {
    // A value the read could not decrypt (no key: its placeholder): taken as
    // the configuration has it, and counted.
    ++result->values_not_compared;
  } else if (!v.from_env.empty()) {
    // The configuration reads it from a variable (the placeholders of an
    // import without the key, filled in by a deployment job): compared
    // with the variable's value; equal, it is the configuration's.
    std::optional<std::string> text = lookup(v.from_env);
    if (!text) {
      ++result->variables_not_set;
    } else if (*text != value->text) {
      return;  // a change: the live value against the reference
    }
  } else {
    return;  // text against text
  }
  *value = v;
  value->location = at;
}

// An option ToolJet keeps encrypted without a reference is {fromEnv: VAR} on
// both sides: which variable holds it is the configuration's business, like
// a secret's.
void AdoptOptionVariables(Workspace* current, const Workspace& desired) {
  for (DataSource& ds : current->data_sources) {
    const DataSource* d = desired.FindDataSource(ds.name);
    if (d == nullptr) continue;
    for (DataSourceEnvironment& env : ds.environments) {
      const DataSourceEnvironment* e = d->FindEnvironment(env.environment.name);
      if (e == nullptr) continue;
      for (DataSourceOption& option : env.options) {
        if (option.from_env.empty()) continue;
        for (const DataSourceOption& o : e->options) {
          if (o.key.name == option.key.name && !o.from_env.empty()) option.from_env = o.from_env;
        }
      }
    }
  }
}

}  // namespace

AdoptResult AdoptSettings(Workspace* current, const Workspace& desired,
                          const VariableLookup& lookup) {
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
    if (!constant.type) continue;
    // Of the same name and type: a global and a secret may share a name.
    const Constant* c = desired.FindConstant(constant.name, *constant.type);
    if (c == nullptr) continue;
    bool secret = *constant.type == ConstantType::kSecret;
    for (ConstantValue& value : constant.values) {
      const ConstantValue* v = c->FindValue(value.environment.name);
      if (v == nullptr || !v->IsValue()) continue;
      if (secret) {
        // The variable a secret is read from is the configuration's business.
        if (!v->from_env.empty()) value.from_env = v->from_env;
      } else {
        AdoptGlobalValue(&value, *v, lookup, &result);
      }
    }
  }
  AdoptOptionVariables(current, desired);
  return result;
}

}  // namespace stagegate::live
