// Data sources: the workspace's global data sources (data_sources) and
// their options per environment, from data_source_options (3.x) or the
// default version's data_source_version_options (2026), lists and objects
// included, as ToolJet holds them. A credential is never read: an encrypted
// option keeps the {{secrets.NAME}} reference ToolJet stores beside it, or
// becomes {fromEnv: TOOLJET_DATASOURCE_...}, a reference of the option
// itself.
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

using nlohmann::json;

// ToolJet's shape of an option: {"value": ..., "encrypted": false}, or
// {"credential_id": ..., "encrypted": true} with the `{{secrets.X}}` text
// typed into it as "workspace_constant". Anything else is a bare value (an
// older row).
bool IsWrapped(const json& entry) {
  return entry.is_object() &&
         (entry.contains("encrypted") || entry.contains("value") || entry.contains("credential_id"));
}

bool IsEncrypted(const json& entry) {
  return IsWrapped(entry) && entry.contains("encrypted") && entry["encrypted"].is_boolean() &&
         entry["encrypted"].get<bool>();
}

const json& PlainValue(const json& entry) {
  static const json kNone;
  if (!IsWrapped(entry)) return entry;
  return entry.contains("value") ? entry["value"] : kNone;
}

bool LooksLikeFromEnv(const json& value) {
  return value.is_object() && value.size() == 1 && value.contains("fromEnv") &&
         value["fromEnv"].is_string();
}

// A JSON scalar as the YAML the import writes reads back.
void Scalar(const json& value, NodeKind* kind, std::string* text) {
  *kind = NodeKind::kString;
  if (value.is_string()) {
    *text = value.get<std::string>();
  } else if (value.is_boolean()) {
    *kind = NodeKind::kBool;
    *text = value.get<bool>() ? "true" : "false";
  } else if (value.is_number()) {
    *text = value.dump();
    *kind = ResolvePlainScalar(*text);
  } else {
    *kind = NodeKind::kNull;
    text->clear();
  }
}

// The items of a JSON list or object, depth first (OptionItem).
void Items(const json& value, std::vector<OptionItem>* out) {
  for (auto it = value.begin(); it != value.end(); ++it) {
    OptionItem item;
    if (value.is_object()) item.key = it.key();
    if (it->is_structured()) {
      item.kind = it->is_object() ? NodeKind::kMapping : NodeKind::kSequence;
      item.size = static_cast<uint32_t>(it->size());
      out->push_back(std::move(item));
      Items(*it, out);
      continue;
    }
    Scalar(*it, &item.kind, &item.text);
    out->push_back(std::move(item));
  }
}

// An option ToolJet keeps in clear, as ToolJet holds it: a credential-like
// one's literal is withheld as the model withholds it, its text kept for
// `import` to write back.
DataSourceOption PlainOption(const std::string& key, const json& value) {
  DataSourceOption option;
  option.key = NameRef(key);
  option.credential = IsCredentialKey(key);
  if (value.is_structured()) {
    option.kind = value.is_object() ? NodeKind::kMapping : NodeKind::kSequence;
    option.size = static_cast<uint32_t>(value.size());
    Items(value, &option.items);
  } else {
    Scalar(value, &option.kind, &option.value);
  }
  WithholdCredentials(&option, /*keep_text=*/true);
  return option;
}

// An encrypted option: the `{{secrets.X}}` text typed into it, or without
// one a reference of the option itself, the variable
// TOOLJET_DATASOURCE_<DATA SOURCE>_<ENVIRONMENT>_<OPTION>. Never read.
DataSourceOption EncryptedOption(const std::string& ds_name, const std::string& environment,
                                 const std::string& key, const json& entry) {
  const json* reference =
      entry.contains("workspace_constant") ? &entry["workspace_constant"] : nullptr;
  if (reference != nullptr && reference->is_string() &&
      !FindTemplates(reference->get<std::string>()).empty()) {
    return PlainOption(key, *reference);
  }
  DataSourceOption option;
  option.key = NameRef(key);
  option.credential = IsCredentialKey(key);
  option.kind = NodeKind::kMapping;
  option.from_env = "TOOLJET_DATASOURCE_" + EnvironmentName(ds_name) + "_" +
                    EnvironmentName(environment) + "_" + EnvironmentName(key);
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

void Reader::ReadOptions(size_t ds, const std::string& environment, std::string_view text,
                         const RowOrigin& origin, DataSourceEnvironment* env) {
  const std::string ds_name = ws_.data_sources[ds].name;
  auto note = [&](std::string message) {
    NoteOn(EntityKind::kDataSource, ds_name, Code::kImportUnsupported, std::move(message),
           origin);
  };
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    if (!json.is_null()) {
      note(fmt::format("its options in {} are not a JSON object; they are left out", environment));
    }
    return;
  }
  for (const auto& [key, entry] : json.items()) {
    if (IsEncrypted(entry)) {
      env->options.push_back(EncryptedOption(ds_name, environment, key, entry));
      continue;
    }
    const nlohmann::json& value = PlainValue(entry);
    if (value.is_null()) continue;  // no value: nothing to configure
    if (key == "tokenData") {
      note(fmt::format("its option 'tokenData' in {} holds the OAuth tokens ToolJet obtained for "
                       "its users, not configuration; it is left out",
                       environment));
      continue;
    }
    if (LooksLikeFromEnv(value)) {
      note(fmt::format("its option '{}' in {} is a JSON object whose only key is 'fromEnv', which "
                       "the format reads as an environment variable; it is left out",
                       key, environment));
      continue;
    }
    env->options.push_back(PlainOption(key, value));
  }
}

}  // namespace stagegate::live
