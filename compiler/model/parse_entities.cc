// Reading one definition (user, group, role, data source, constant, app,
// assertion) from the located tree into the typed model. Shapes that schema
// validation rejects are skipped silently so no later stage cascades.
#include "model/parse_entities.h"

#include <algorithm>

#include "model/template.h"

namespace stagegate {

namespace model_internal {
namespace {

std::string Text(Node node) { return std::string(node.text()); }

// A list of names; non-string items are skipped.
std::vector<Ref> NameList(Node list) {
  std::vector<Ref> refs;
  if (!list.is_sequence()) return refs;
  refs.reserve(list.size());
  for (uint32_t i = 0; i < list.size(); ++i) {
    Node item = list.item(i);
    if (IsName(item)) refs.push_back(MakeRef(item));
  }
  return refs;
}

std::vector<PermissionRef> Permissions(Node list) {
  std::vector<PermissionRef> out;
  if (!list.is_sequence()) return out;
  for (uint32_t i = 0; i < list.size(); ++i) {
    Node item = list.item(i);
    if (!item.is_string()) continue;
    if (auto p = ParseWorkspacePermission(item.text())) {
      out.push_back({*p, item.location(), item.width()});
    }
  }
  return out;
}

// `"*"` (every one) or a list of names. A list item is always a name, so
// an app ToolJet calls "*" or "*VIP" can be named: ["*"] is that app.
void Targets(Node node, bool* all, std::vector<Ref>* names) {
  if (node.is_string() && node.text() == "*") {
    *all = true;
    return;
  }
  *names = NameList(node);
}

std::vector<AppGrant> AppGrants(Node list) {
  std::vector<AppGrant> grants;
  if (!list.is_sequence()) return grants;
  for (uint32_t i = 0; i < list.size(); ++i) {
    Node item = list.item(i);
    if (!item.is_mapping()) continue;
    AppGrant g;
    g.location = item.location();
    Targets(item.Find("apps"), &g.all_apps, &g.apps);
    Node level = item.Find("permission");
    if (level.is_string()) g.level = ParseAppLevel(level.text());
    g.level_location = level.location();
    g.level_width = level.width();
    Node envs = item.FindKey("environments");
    // Present but malformed counts as empty: the least access, never "all".
    if (envs) g.environments = NameList(item.Find("environments"));
    bool hide = false;
    if (item.Find("hideFromDashboard").AsBool(&hide)) g.hide_from_dashboard = hide;
    grants.push_back(std::move(g));
  }
  return grants;
}

std::vector<DataSourceGrant> DataSourceGrants(Node list) {
  std::vector<DataSourceGrant> grants;
  if (!list.is_sequence()) return grants;
  for (uint32_t i = 0; i < list.size(); ++i) {
    Node item = list.item(i);
    if (!item.is_mapping()) continue;
    DataSourceGrant g;
    g.location = item.location();
    Targets(item.Find("dataSources"), &g.all_data_sources, &g.data_sources);
    Node level = item.Find("permission");
    if (level.is_string()) g.level = ParseDataSourceLevel(level.text());
    g.level_location = level.location();
    g.level_width = level.width();
    grants.push_back(std::move(g));
  }
  return grants;
}

// The items of the list or mapping `value`, depth first (OptionItem), as
// written; WithholdCredentials decides what is withheld.
void OptionItems(Node value, std::vector<OptionItem>* out) {
  bool mapping = value.is_mapping();
  for (uint32_t i = 0; i < value.size(); ++i) {
    Node child = mapping ? value.value(i) : value.item(i);
    OptionItem item;
    if (mapping) item.key = Text(value.key(i));
    item.kind = child.kind();
    item.location = child.location();
    item.width = child.width();
    item.size = child.size();
    if (child.is_scalar()) item.text = Text(child);
    out->push_back(std::move(item));
    if (!child.is_scalar()) OptionItems(child, out);
  }
}

DataSourceOption Option(Node key, Node value) {
  DataSourceOption o;
  o.key = MakeRef(key);
  o.location = value.location();
  o.width = value.width();
  o.kind = value.kind();
  o.credential = IsCredentialKey(o.key.name);
  Node var = value.Find("fromEnv");
  if (value.is_mapping() && value.size() == 1 && var.is_string()) {
    o.from_env = Text(var);
    o.from_env_location = var.location();
  } else if (!value.is_scalar()) {
    o.size = value.size();
    OptionItems(value, &o.items);
  } else {
    o.value = Text(value);
  }
  WithholdCredentials(&o, /*keep_text=*/false);
  return o;
}

ConstantValue Value(const std::optional<ConstantType>& type, Node key, Node value) {
  ConstantValue v;
  v.environment = MakeRef(key);
  v.location = value.location();
  v.width = value.width();
  v.kind = value.kind();
  if (value.is_mapping()) {
    Node var = value.Find("fromEnv");
    if (var.is_string()) {
      v.from_env = Text(var);
      v.from_env_location = var.location();
    }
  } else if (value.is_scalar() && !value.is_null()) {
    // "" holds nothing to hide: no value, whatever the type (Blank).
    if (type == ConstantType::kGlobal || (value.is_string() && value.text().empty())) {
      v.text = Text(value);
    } else {
      v.literal = true;  // never stored: a secret, or maybe one
    }
  }
  return v;
}

}  // namespace

Ref MakeRef(Node node) { return Ref{Text(node), node.location(), node.width()}; }

bool IsName(Node node) { return node.is_string(); }

User ParseUser(Node key, Node value) {
  User u;
  u.email = Text(key);
  u.location = key.location();
  u.width = key.width();
  if (!value.is_mapping()) return u;
  Node name = value.Find("name");
  if (name.is_scalar() && !name.is_null()) u.name = Text(name);
  Node role = value.Find("role");
  if (role.is_string()) u.role = ParseRole(role.text());
  u.role_location = role.location();
  u.role_width = role.width();
  bool disabled = false;
  if (value.Find("disabled").AsBool(&disabled)) u.disabled = disabled;
  return u;
}

Group ParseGroup(Node key, Node value) {
  Group g;
  g.name = Text(key);
  g.location = key.location();
  g.width = key.width();
  if (!value.is_mapping()) return g;
  Node description = value.Find("description");
  if (description.is_scalar() && !description.is_null()) g.description = Text(description);
  g.members = NameList(value.Find("members"));
  g.permissions = Permissions(value.Find("permissions"));
  g.apps = AppGrants(value.Find("apps"));
  g.data_sources = DataSourceGrants(value.Find("dataSources"));
  return g;
}

Role ParseConfiguredRole(UserRole role, Node key, Node value) {
  Role r;
  r.role = role;
  r.configured = true;
  r.name = MakeRef(key);
  if (!value.is_mapping()) return r;
  r.permissions = Permissions(value.Find("permissions"));
  r.apps = AppGrants(value.Find("apps"));
  r.data_sources = DataSourceGrants(value.Find("dataSources"));
  return r;
}

}  // namespace model_internal

Role BuiltInRole(UserRole role) {
  Role r;
  r.role = role;
  r.configured = false;
  r.name.name = std::string(RoleName(role));
  if (role == UserRole::kBuilder) {
    for (WorkspacePermission p :
         {WorkspacePermission::kAppCreate, WorkspacePermission::kAppDelete,
          WorkspacePermission::kAppPromote, WorkspacePermission::kAppRelease,
          WorkspacePermission::kFolderCrud}) {
      r.permissions.push_back({p, Location{}, 1});
    }
    AppGrant apps;
    apps.all_apps = true;
    apps.level = AppLevel::kEdit;
    r.apps.push_back(std::move(apps));
    DataSourceGrant sources;
    sources.all_data_sources = true;
    sources.level = DataSourceLevel::kUse;
    r.data_sources.push_back(std::move(sources));
  } else if (role == UserRole::kEndUser) {
    AppGrant apps;
    apps.all_apps = true;
    apps.level = AppLevel::kView;
    apps.environments = std::vector<Ref>{NameRef(std::string(kReleasedColumn))};
    r.apps.push_back(std::move(apps));
  }
  return r;
}

namespace model_internal {

DataSource ParseDataSource(Node key, Node value) {
  DataSource d;
  d.name = Text(key);
  d.location = key.location();
  d.width = key.width();
  if (!value.is_mapping()) return d;
  d.mapping = true;
  Node kind = value.Find("kind");
  if (kind.is_string()) d.kind = Text(kind);
  d.kind_location = kind.location();
  Node envs_key = value.FindKey("environments");
  Node envs = value.Find("environments");
  d.environments_location = envs_key.location();
  d.environments_width = envs_key.width();
  if (!envs.is_mapping()) return d;
  d.has_environments = true;
  d.environments.reserve(envs.size());
  for (uint32_t i = 0; i < envs.size(); ++i) {
    Node env = envs.key(i);
    if (!IsName(env)) continue;
    DataSourceEnvironment e;
    e.environment = MakeRef(env);
    Node options = envs.value(i);
    for (uint32_t j = 0; j < options.size() && options.is_mapping(); ++j) {
      Node option_key = options.key(j);
      Node option_value = options.value(j);
      if (!option_key.is_scalar() || option_key.is_null()) continue;
      e.options.push_back(Option(option_key, option_value));
    }
    d.environments.push_back(std::move(e));
  }
  return d;
}

Constant ParseConstant(Node key, Node value) {
  Constant c;
  c.name = Text(key);
  c.location = key.location();
  c.width = key.width();
  if (!value.is_mapping()) return c;
  c.mapping = true;
  Node type = value.Find("type");
  if (type.is_string()) c.type = ParseConstantType(type.text());
  c.type_location = type.location();
  Node values_key = value.FindKey("values");
  Node values = value.Find("values");
  c.values_location = values_key.location();
  c.values_width = values_key.width();
  if (!values.is_mapping()) return c;
  c.has_values = true;
  c.values.reserve(values.size());
  for (uint32_t i = 0; i < values.size(); ++i) {
    Node env = values.key(i);
    if (!IsName(env)) continue;
    c.values.push_back(Value(c.type, env, values.value(i)));
  }
  return c;
}

App ParseApp(Node key, Node value) {
  App a;
  a.name = Text(key);
  a.location = key.location();
  a.width = key.width();
  if (!value.is_mapping()) return a;
  Node owner = value.Find("owner");
  if (IsName(owner)) a.owner = MakeRef(owner);
  a.data_sources = NameList(value.Find("dataSources"));
  a.constants = NameList(value.Find("constants"));
  Node is_public = value.Find("public");
  if (is_public.AsBool(&a.is_public)) {
    a.public_location = is_public.location();
    a.public_width = is_public.width();
  }
  Node versions = value.Find("versions");
  for (uint32_t i = 0; i < versions.size() && versions.is_sequence(); ++i) {
    Node item = versions.item(i);
    if (!item.is_mapping()) continue;
    AppVersion v;
    v.location = item.location();
    Node name = item.Find("name");
    if (name.is_scalar() && !name.is_null()) v.name = MakeRef(name);
    Node env = item.Find("environment");
    if (IsName(env)) v.environment = MakeRef(env);
    Node status = item.Find("status");
    if (status.is_string()) v.status = ParseVersionStatus(status.text());
    v.status_location = status.location();
    v.status_width = status.width();
    a.versions.push_back(std::move(v));
  }
  return a;
}

Assertion ParseAssertion(Node item) {
  Assertion a;
  a.location = item.location();
  if (!item.is_mapping()) return a;
  Node user = item.Find("user");
  if (IsName(user)) a.user = MakeRef(user);
  Node app = item.Find("app");
  if (IsName(app)) a.app = MakeRef(app);
  Node expect_key = item.FindKey("expect");
  if (expect_key) {
    a.expect_location = expect_key.location();
    a.expect.emplace();
    Node expect = item.Find("expect");
    for (uint32_t i = 0; i < expect.size() && expect.is_mapping(); ++i) {
      Node column = expect.key(i);
      Node capability = expect.value(i);
      if (!IsName(column) || !capability.is_string()) continue;
      a.expect->push_back(
          {MakeRef(column), MakeRef(capability), ParseCapability(capability.text())});
    }
  }
  if (item.FindKey("can")) a.can = NameList(item.Find("can"));
  if (item.FindKey("cannot")) a.cannot = NameList(item.Find("cannot"));
  Node is_public = item.Find("public");
  if (bool value = false; is_public.AsBool(&value)) {
    a.is_public = value;
    a.public_location = is_public.location();
    a.public_width = is_public.width();
  }
  return a;
}

}  // namespace model_internal
}  // namespace stagegate
