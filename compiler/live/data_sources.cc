// Data sources: the workspace's global data sources (data_sources) and
// their options per environment, from data_source_options (3.x) or the
// default version's data_source_version_options (2026). A credential is
// never read: an encrypted option keeps the {{secrets.NAME}} reference
// ToolJet stores beside it, or becomes a reference to a secret made up for
// it (constants.cc declares those).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "live/reader.h"
#include "model/template.h"
#include "yaml/tree.h"

namespace stagegate::live {
namespace {

DataSourceOption Option(const std::string& key, NodeKind kind, std::string value) {
  DataSourceOption option;
  option.key = NameRef(key);
  option.kind = kind;
  option.value = std::move(value);
  option.credential = IsCredentialKey(key);
  return option;
}

}  // namespace

bool Reader::ReadDataSources() {
  std::unique_ptr<Rows> rows, options;
  if (!Run(queries_.data_sources, &rows) || !Run(queries_.options, &options)) return false;
  {
    const int id = rows->Column("id"), name = rows->Column("name"), kind = rows->Column("kind");
    for (size_t r = 0; r < rows->size(); ++r) {
      DataSource ds;
      ds.name = rows->Str(r, name);
      ds.kind = rows->Str(r, kind);
      ds.has_environments = true;
      ds.mapping = true;
      data_source_index_[MakeId(rows->Get(r, id))] = ws_.data_sources.size();
      data_source_ids_.push_back(rows->Str(r, id));
      ws_.data_sources.push_back(std::move(ds));
    }
  }
  const int ds_id = options->Column("data_source_id"),
            environment = options->Column("environment_id"), json = options->Column("options");
  std::set<std::pair<Id, Id>> seen;
  std::map<std::pair<size_t, int>, size_t> by_env;  // (data source, environment index) -> row
  for (size_t r = 0; r < options->size(); ++r) {
    Id source = MakeId(options->Get(r, ds_id)), env_id = MakeId(options->Get(r, environment));
    auto ds = data_source_index_.find(source);
    if (ds == data_source_index_.end()) continue;
    if (!seen.insert({source, env_id}).second) continue;  // the default branch's came first
    auto env = environment_names_.find(env_id);
    if (env == environment_names_.end()) continue;
    by_env[{ds->second, EnvironmentIndex(env->second)}] = r;
  }
  // By data source, then in pipeline order: the order the notes and the
  // made-up secrets' names come in.
  for (const auto& [key, row] : by_env) {
    const std::string& env_name = ws_.environments[key.second].name;
    DataSourceEnvironment env;
    env.environment = NameRef(env_name);
    ReadOptions(key.first, env_name, options->Get(row, json),
                Row("data_sources", data_source_ids_[key.first]), &env);
    ws_.data_sources[key.first].environments.push_back(std::move(env));
  }
  return true;
}

std::string Reader::CredentialConstant(size_t ds, const std::string& key,
                                       const RowOrigin& origin) {
  const std::string& ds_name = ws_.data_sources[ds].name;
  auto found = credential_constants_.find({ds_name, key});
  if (found != credential_constants_.end()) return found->second;
  std::string name = EnvironmentName(ds_name + "_" + key);
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) name = "DS_" + name;
  if (name.size() > 50) name.resize(50);
  auto taken = [&](const std::string& candidate) {
    if (credential_uses_.count(candidate) > 0) return true;
    return std::any_of(ws_.constants.begin(), ws_.constants.end(),
                       [&](const Constant& c) { return c.name == candidate; });
  };
  std::string unique = name;
  for (int n = 2; taken(unique); ++n) {
    std::string suffix = "_" + std::to_string(n);
    unique = name.substr(0, 50 - suffix.size()) + suffix;
  }
  credential_constants_[{ds_name, key}] = unique;
  credential_uses_[unique].origin = origin;
  return unique;
}

void Reader::ReadOptions(size_t ds, const std::string& environment, std::string_view text,
                         const RowOrigin& origin, DataSourceEnvironment* env) {
  const std::string ds_name = ws_.data_sources[ds].name;
  auto note = [&](Code code, std::string message) {
    NoteOn(EntityKind::kDataSource, ds_name, code, std::move(message), origin);
  };
  // The option as a reference to the secret made up for it.
  auto made_up_secret = [&](const std::string& key) {
    std::string name = CredentialConstant(ds, key, origin);
    credential_uses_[name].environments.insert(environment);
    env->options.push_back(Option(key, NodeKind::kString, "{{secrets." + name + "}}"));
    return name;
  };
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    if (!json.is_null()) {
      note(Code::kImportUnsupported,
           fmt::format("its options in {} are not a JSON object; they are left out", environment));
    }
    return;
  }
  for (const auto& [key, entry] : json.items()) {
    bool encrypted = entry.is_object() && entry.contains("encrypted") &&
                     entry["encrypted"].is_boolean() && entry["encrypted"].get<bool>();
    if (encrypted) {
      const nlohmann::json* reference =
          entry.contains("workspace_constant") ? &entry["workspace_constant"] : nullptr;
      if (reference != nullptr && reference->is_string() &&
          IsSingleReference(reference->get<std::string>(), TemplateKind::kSecret)) {
        env->options.push_back(Option(key, NodeKind::kString, reference->get<std::string>()));
      } else {
        made_up_secret(key);
      }
      continue;
    }
    const nlohmann::json& value =
        entry.is_object() && entry.contains("value") ? entry["value"] : entry;
    if (value.is_null()) continue;  // no value: nothing to configure
    NodeKind kind = NodeKind::kString;
    std::string scalar;
    if (value.is_string()) {
      scalar = value.get<std::string>();
    } else if (value.is_boolean()) {
      kind = NodeKind::kBool;
      scalar = value.get<bool>() ? "true" : "false";
    } else if (value.is_number()) {
      scalar = value.dump();
      kind = ResolvePlainScalar(scalar);  // as the written file reads back
    } else {
      note(Code::kImportUnsupported,
           fmt::format("its option '{}' in {} is a JSON {}; option values are strings, numbers "
                       "or booleans, so it is left out",
                       key, environment, value.is_array() ? "list" : "object"));
      continue;
    }
    // A credential kept in clear: its value is not written, whatever its
    // type (the model keeps no credential's literal value either).
    if (IsCredentialKey(key) &&
        !(kind == NodeKind::kString && IsSingleReference(scalar, TemplateKind::kSecret))) {
      if (kind == NodeKind::kString && scalar.empty()) continue;  // an empty credential holds nothing
      std::string name = made_up_secret(key);
      note(Code::kImportPlaceholder,
           fmt::format("ToolJet stores its option '{}' in {} unencrypted; it is a credential, so "
                       "it is imported as the secret '{}' and its value is not written",
                       key, environment, name));
      continue;
    }
    env->options.push_back(Option(key, kind, std::move(scalar)));
  }
}

}  // namespace stagegate::live
