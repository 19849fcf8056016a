// The state file reader: JSON text -> Workspace, the inverse of the
// configuration half of StateToJson. Lenient about what it does not know,
// strict about the types of what it does.
#include "state/state_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "model/template.h"
#include "state/state_json.h"

namespace stagegate {
namespace {

using nlohmann::json;

constexpr std::string_view kRegenerate = "regenerate it with 'stagegate compile --format json'";

// The 1-based line and column (in code points) of byte `offset` of `text`.
Location LocationOfByte(uint32_t file, const std::string& text, size_t offset) {
  offset = std::min(offset, text.size());
  uint32_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  uint32_t column = 1;
  for (size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return Location{file, line, column};
}

// nlohmann's message without its "[json.exception...] parse error at line
// L, column C: " prefix (the location is the diagnostic's own).
std::string ParseErrorDetail(const std::string& what) {
  std::string detail = what;
  size_t at = detail.find("parse error");
  if (at != std::string::npos) {
    size_t colon = detail.find(": ", at);
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
  }
  return detail;
}

// Walks the parsed document; the first field of the wrong type is reported
// (by its dotted path) and reading goes on, so one run names every problem.
class Reader {
 public:
  Reader(uint32_t file, Diagnostics& diags) : file_(file), diags_(diags) {}

  bool ok() const { return ok_; }

  void Read(const json& root, Workspace* ws) {
    ReadWorkspace(Member(root, "workspace", json::value_t::object, ""), ws);
    const json& roles = Member(root, "roles", json::value_t::object, "");
    ws->builder = ReadRole(roles, UserRole::kBuilder);
    ws->end_user = ReadRole(roles, UserRole::kEndUser);
    ForEach(root, "users", "", [&](const std::string& key, const json& u, const std::string& at) {
      User user;
      user.key = LowerAscii(key);
      user.email = String(u, "email", at);
      user.name = String(u, "name", at);
      if (auto role = Enum(u, "role", at, ParseRole)) user.role = *role;
      user.disabled = Bool(u, "disabled", at);
      ws->users.push_back(std::move(user));
    });
    ForEach(root, "groups", "", [&](const std::string& key, const json& g, const std::string& at) {
      Group group;
      group.name = key;
      group.description = String(g, "description", at);
      group.members = Names(g, "members", at);
      group.permissions = Permissions(g, at);
      group.apps = AppGrants(g, at);
      group.data_sources = DataSourceGrants(g, at);
      ws->groups.push_back(std::move(group));
    });
    ForEach(root, "dataSources", "",
            [&](const std::string& key, const json& d, const std::string& at) {
              ws->data_sources.push_back(ReadDataSource(key, d, at));
            });
    ForEach(root, "constants", "",
            [&](const std::string& key, const json& c, const std::string& at) {
              ws->constants.push_back(ReadConstant(key, c, at));
            });
    ForEach(root, "apps", "", [&](const std::string& key, const json& a, const std::string& at) {
      ws->apps.push_back(ReadApp(key, a, at));
    });
    // The model's contract: sorted by name (JSON objects already are, unless
    // a hand-edited file has upper-case e-mail keys).
    std::sort(ws->users.begin(), ws->users.end(),
              [](const User& a, const User& b) { return a.key < b.key; });
    ws->users.erase(std::unique(ws->users.begin(), ws->users.end(),
                                [](const User& a, const User& b) { return a.key == b.key; }),
                    ws->users.end());
  }

 private:
  static std::string Join(const std::string& at, std::string_view key) {
    return at.empty() ? std::string(key) : at + "." + std::string(key);
  }

  static const char* TypeName(json::value_t type) {
    switch (type) {
      case json::value_t::object:
        return "an object";
      case json::value_t::array:
        return "a list";
      case json::value_t::string:
        return "a string";
      case json::value_t::boolean:
        return "true or false";
      default:
        return "a value";
    }
  }

  void WrongType(const std::string& at, const char* expected) {
    diags_.Error(Code::kInvalidStateFile, Location{file_, 0, 0},
                 fmt::format("state file field '{}' must be {}; {}", at, expected, kRegenerate));
    ok_ = false;
  }

  // obj[key] when it has `type`; a missing key (or null) reads as empty.
  const json& Member(const json& obj, std::string_view key, json::value_t type,
                     const std::string& at) {
    static const json kNull;
    if (!obj.is_object()) return kNull;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return kNull;
    bool matches = it->type() == type ||
                   (type == json::value_t::number_integer && it->is_number_integer());
    if (!matches) {
      WrongType(Join(at, key), TypeName(type));
      return kNull;
    }
    return *it;
  }

  template <typename F>
  void ForEach(const json& obj, std::string_view key, const std::string& at, F&& f) {
    const json& map = Member(obj, key, json::value_t::object, at);
    if (!map.is_object()) return;
    std::string base = Join(at, key);
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string here = Join(base, it.key());
      if (!it->is_object()) {
        WrongType(here, "an object");
        continue;
      }
      f(it.key(), *it, here);
    }
  }

  std::string String(const json& obj, std::string_view key, const std::string& at) {
    const json& v = Member(obj, key, json::value_t::string, at);
    return v.is_string() ? v.get<std::string>() : std::string();
  }

  bool Bool(const json& obj, std::string_view key, const std::string& at) {
    const json& v = Member(obj, key, json::value_t::boolean, at);
    return v.is_boolean() && v.get<bool>();
  }

  // A string parsed by `parse`; null (or missing) is nullopt, as the writer
  // writes a left-over invalid value.
  template <typename Parse>
  auto Enum(const json& obj, std::string_view key, const std::string& at, Parse parse)
      -> decltype(parse(std::string_view())) {
    const json& v = Member(obj, key, json::value_t::string, at);
    if (!v.is_string()) return std::nullopt;
    auto parsed = parse(v.get_ref<const std::string&>());
    if (!parsed) {
      diags_.Error(Code::kInvalidStateFile, Location{file_, 0, 0},
                   fmt::format("state file field '{}' has an unknown value '{}'; {}",
                               Join(at, key), v.get_ref<const std::string&>(), kRegenerate));
      ok_ = false;
    }
    return parsed;
  }

  std::vector<Ref> NameList(const json& list, const std::string& at) {
    std::vector<Ref> out;
    if (!list.is_array()) return out;
    out.reserve(list.size());
    for (const json& item : list) {
      if (!item.is_string()) {
        WrongType(at, "a list of names");
        continue;
      }
      out.push_back(Ref{item.get<std::string>(), Location{}, 1});
    }
    return out;
  }

  std::vector<Ref> Names(const json& obj, std::string_view key, const std::string& at) {
    return NameList(Member(obj, key, json::value_t::array, at), Join(at, key));
  }

  std::vector<PermissionRef> Permissions(const json& obj, const std::string& at) {
    std::vector<PermissionRef> out;
    std::string here = Join(at, "permissions");
    for (const Ref& r : NameList(Member(obj, "permissions", json::value_t::array, at), here)) {
      if (auto p = ParseWorkspacePermission(r.name)) {
        out.push_back(PermissionRef{*p, Location{}, 1});
      } else {
        diags_.Error(Code::kInvalidStateFile, Location{file_, 0, 0},
                     fmt::format("state file field '{}' has an unknown permission '{}'; {}", here,
                                 r.name, kRegenerate));
        ok_ = false;
      }
    }
    return out;
  }

  // `"*"` or a list of names.
  bool AllOrNames(const json& obj, std::string_view key, const std::string& at,
                  std::vector<Ref>* names) {
    auto it = obj.find(key);
    if (it != obj.end() && it->is_string() && it->get_ref<const std::string&>() == "*") return true;
    *names = Names(obj, key, at);
    return false;
  }

  std::vector<AppGrant> AppGrants(const json& obj, const std::string& at) {
    std::vector<AppGrant> out;
    const json& list = Member(obj, "apps", json::value_t::array, at);
    std::string here = Join(at, "apps");
    for (const json& item : list) {
      if (!item.is_object()) {
        WrongType(here, "a list of grants");
        continue;
      }
      AppGrant g;
      g.all_apps = AllOrNames(item, "apps", here, &g.apps);
      g.level = Enum(item, "permission", here, ParseAppLevel);
      auto envs = item.find("environments");
      if (envs != item.end() && !envs->is_null()) {
        g.environments = Names(item, "environments", here);
      }
      g.hide_from_dashboard = Bool(item, "hideFromDashboard", here);
      out.push_back(std::move(g));
    }
    return out;
  }

  std::vector<DataSourceGrant> DataSourceGrants(const json& obj, const std::string& at) {
    std::vector<DataSourceGrant> out;
    const json& list = Member(obj, "dataSources", json::value_t::array, at);
    std::string here = Join(at, "dataSources");
    for (const json& item : list) {
      if (!item.is_object()) {
        WrongType(here, "a list of grants");
        continue;
      }
      DataSourceGrant g;
      g.all_data_sources = AllOrNames(item, "dataSources", here, &g.data_sources);
      g.level = Enum(item, "permission", here, ParseDataSourceLevel);
      out.push_back(std::move(g));
    }
    return out;
  }

  void ReadWorkspace(const json& w, Workspace* ws) {
    ws->name.name = String(w, "name", "workspace");
    ws->environments = Names(w, "environments", "workspace");
    ws->environments_declared = true;
    if (auto rules = Enum(w, "versionRules", "workspace", ParseVersionRules)) {
      ws->version_rules = *rules;
    }
  }

  Role ReadRole(const json& roles, UserRole role) {
    std::string key(RoleName(role));
    const json& r = Member(roles, key, json::value_t::object, "roles");
    std::string at = "roles." + key;
    Role out;
    out.role = role;
    out.name.name = key;
    out.configured = Bool(r, "configured", at);
    out.permissions = Permissions(r, at);
    out.apps = AppGrants(r, at);
    out.data_sources = DataSourceGrants(r, at);
    return out;
  }

  // An option value with the YAML type the writer derived it from.
  DataSourceOption ReadOption(const std::string& key, const json& v) {
    DataSourceOption o;
    o.key.name = key;
    o.credential = IsCredentialKey(key);
    switch (v.type()) {
      case json::value_t::null:
        o.kind = NodeKind::kNull;
        break;
      case json::value_t::boolean:
        o.kind = NodeKind::kBool;
        o.value = v.get<bool>() ? "true" : "false";
        break;
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
        o.kind = NodeKind::kInt;
        o.value = v.dump();
        break;
      case json::value_t::number_float:
        o.kind = NodeKind::kFloat;
        o.value = v.dump();
        break;
      case json::value_t::string:
        o.kind = NodeKind::kString;
        o.value = v.get<std::string>();
        break;
      default:  // {"withheld": true}: a literal credential, never written
        o.kind = NodeKind::kString;
        o.withheld = true;
        o.credential = true;
        break;
    }
    return o;
  }

  DataSource ReadDataSource(const std::string& name, const json& d, const std::string& at) {
    DataSource out;
    out.name = name;
    out.kind = String(d, "kind", at);
    out.mapping = true;
    out.has_environments = true;
    ForEach(d, "environments", at,
            [&](const std::string& env, const json& options, const std::string&) {
              DataSourceEnvironment e;
              e.environment.name = env;
              for (auto it = options.begin(); it != options.end(); ++it) {
                e.options.push_back(ReadOption(it.key(), *it));
              }
              out.environments.push_back(std::move(e));
            });
    return out;
  }

  Constant ReadConstant(const std::string& name, const json& c, const std::string& at) {
    Constant out;
    out.name = name;
    out.mapping = true;
    out.has_values = true;
    out.type = Enum(c, "type", at, ParseConstantType);
    const json& values = Member(c, "values", json::value_t::object, at);
    for (auto it = values.begin(); values.is_object() && it != values.end(); ++it) {
      ConstantValue v;
      v.environment.name = it.key();
      if (it->is_string()) {
        v.kind = NodeKind::kString;
        v.text = it->get<std::string>();
        for (unsigned char ch : v.text) v.length += (ch & 0xC0) != 0x80;
      } else if (it->is_object() && it->contains("fromEnv") && (*it)["fromEnv"].is_string()) {
        v.kind = NodeKind::kString;
        v.from_env = (*it)["fromEnv"].get<std::string>();
      } else if (it->is_object()) {
        v.literal = true;  // {"withheld": true}
      } else {
        WrongType(Join(Join(at, "values"), it.key()), "a string or an object");
        continue;
      }
      out.values.push_back(std::move(v));
    }
    return out;
  }

  App ReadApp(const std::string& name, const json& a, const std::string& at) {
    App out;
    out.name = name;
    const json& owner = Member(a, "owner", json::value_t::string, at);
    if (owner.is_string()) out.owner = Ref{owner.get<std::string>(), Location{}, 1};
    out.data_sources = Names(a, "dataSources", at);
    out.constants = Names(a, "constants", at);
    ForEach(a, "versions", at, [&](const std::string& key, const json& v, const std::string& here) {
      AppVersion version;
      version.name.name = key;
      version.environment.name = String(v, "environment", here);
      version.status = Enum(v, "status", here, ParseVersionStatus);
      out.versions.push_back(std::move(version));
    });
    return out;
  }

  uint32_t file_;
  Diagnostics& diags_;
  bool ok_ = true;
};

}  // namespace

bool ReadState(const SourceSet& sources, uint32_t file, Workspace* ws, Diagnostics& diags) {
  const std::string& text = sources.file(file).text();
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    diags.Error(Code::kInvalidStateFile, LocationOfByte(file, text, offset),
                fmt::format("state file is not valid JSON: {}; {}", ParseErrorDetail(e.what()),
                            kRegenerate));
    return false;
  } catch (const json::exception& e) {
    diags.Error(Code::kInvalidStateFile, Location{file, 0, 0},
                fmt::format("state file cannot be read: {}; {}", e.what(), kRegenerate));
    return false;
  }
  auto version = root.is_object() ? root.find("stagegate_state") : root.end();
  if (!root.is_object() || version == root.end()) {
    diags.Error(Code::kInvalidStateFile, Location{file, 0, 0},
                "not a stagegate state file; write one with 'stagegate compile --format json'");
    return false;
  }
  if (!version->is_number_integer() || version->get<int64_t>() != kStateFileVersion) {
    diags.Error(Code::kUnsupportedStateVersion, Location{file, 0, 0},
                fmt::format("state file version {} is not supported: this stagegate reads "
                            "version {}; {}",
                            version->dump(), kStateFileVersion, kRegenerate));
    return false;
  }
  *ws = Workspace{};
  Reader reader(file, diags);
  try {
    reader.Read(root, ws);
  } catch (const json::exception& e) {  // a type the checks above missed
    diags.Error(Code::kInvalidStateFile, Location{file, 0, 0},
                fmt::format("state file cannot be read: {}; {}", e.what(), kRegenerate));
    return false;
  }
  return reader.ok();
}

}  // namespace stagegate
