// Constants: the workspace constants (organization_constants and the default
// branch's org_environment_constant_values). A secret's value never leaves
// the database; a global one's is decrypted with LOCKBOX_MASTER_KEY when it
// is set, and otherwise becomes a placeholder. Also the secrets made up for
// data source credentials (data_sources.cc).
#include <fmt/format.h>

#include <map>
#include <utility>

#include "live/reader.h"
#include "source/wording.h"

namespace stagegate::live {
namespace {

ConstantValue FromEnv(std::string environment, std::string variable) {
  ConstantValue value;
  value.environment = NameRef(std::move(environment));
  value.kind = NodeKind::kMapping;  // {fromEnv: VAR}
  value.from_env = std::move(variable);
  return value;
}

Constant MakeConstant(std::string name, ConstantType type) {
  Constant constant;
  constant.name = std::move(name);
  constant.type = type;
  constant.has_values = true;
  constant.mapping = true;
  return constant;
}

}  // namespace

bool Reader::ReadConstants() {
  std::unique_ptr<Rows> rows;
  if (!Run(queries_.constants, &rows)) return false;
  const int id = rows->Column("id"), name = rows->Column("constant_name"),
            type = rows->Column("type"), environment = rows->Column("environment_id"),
            value = rows->Column("value");
  struct Read {
    std::string id;                     // organization_constants.id
    std::map<int, std::string> values;  // environment index -> ciphertext
  };
  std::map<std::pair<std::string, bool>, Read> constants;  // (name, secret) -> values
  for (size_t r = 0; r < rows->size(); ++r) {
    bool secret = rows->Get(r, type) == "Secret";
    Read& read = constants[{rows->Str(r, name), secret}];
    if (read.id.empty()) read.id = rows->Str(r, id);
    auto env = environment_names_.find(MakeId(rows->Get(r, environment)));
    if (env == environment_names_.end() || rows->IsNull(r, value) || rows->Get(r, value).empty()) {
      continue;
    }
    read.values[EnvironmentIndex(env->second)] = rows->Str(r, value);
  }
  // A global and a secret may share a name: both are read (workspace.h,
  // ConstantTypeRank). '' is no value: the environment is left out.
  for (const auto& [key, read] : constants) {
    const auto& [constant_name, secret] = key;
    RowOrigin origin = Row("organization_constants", read.id);
    Constant constant =
        MakeConstant(constant_name, secret ? ConstantType::kSecret : ConstantType::kGlobal);
    for (const auto& [index, ciphertext] : read.values) {
      const std::string& env = ws_.environments[index].name;
      std::string suffix = "_" + EnvironmentName(constant_name) + "_" + EnvironmentName(env);
      if (secret) {
        constant.values.push_back(FromEnv(env, "TOOLJET_SECRET" + suffix));
      } else if (key_) {
        std::optional<std::string> plain =
            key_->Decrypt("org_environment_constant_values", org_, ciphertext);
        if (!plain) {
          std::string shape = key_->Shape();
          return Fail(Code::kLockboxKey,
                      fmt::format("LOCKBOX_MASTER_KEY does not decrypt the value of the "
                                  "constant '{}' in {}: it is not the master key of this "
                                  "ToolJet instance (or the value is damaged){}; set it to the "
                                  "instance's LOCKBOX_MASTER_KEY, exactly as ToolJet's server "
                                  "has it, or unset it to import global constant values as "
                                  "placeholders",
                                  constant_name, env, shape.empty() ? "" : "; " + shape),
                      origin);
        }
        if (plain->empty()) continue;  // '' encrypted: no value either
        ConstantValue decrypted;
        decrypted.environment = NameRef(env);
        decrypted.kind = NodeKind::kString;
        decrypted.text = std::move(*plain);
        constant.values.push_back(std::move(decrypted));
      } else {
        constant.values.push_back(FromEnv(env, "TOOLJET_CONSTANT" + suffix));
      }
    }
    if (!secret && !key_ && !constant.values.empty() && !request_.for_comparison) {
      NoteOn(EntityKind::kConstant, constant.name, Code::kImportPlaceholder,
             "its values are encrypted in ToolJet's database and LOCKBOX_MASTER_KEY is not set: "
             "each value is a {fromEnv: ...} placeholder; write in the values ToolJet shows "
             "(Workspace constants), or import again with LOCKBOX_MASTER_KEY set",
             origin);
    }
    ws_.constants.push_back(std::move(constant));
  }
  return true;
}

}  // namespace stagegate::live
