// Names of the model's enums and the workspace's lookups.
#include "model/workspace.h"

#include <algorithm>
#include <charconv>
#include <functional>

#include "model/template.h"

namespace stagegate {
namespace {

template <typename Enum, size_t N>
std::optional<Enum> ParseName(std::string_view text, const std::string_view (&names)[N]) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

constexpr std::string_view kRoleNames[] = {"admin", "builder", "end-user"};
constexpr std::string_view kAppLevelNames[] = {"view", "edit"};
constexpr std::string_view kDataSourceLevelNames[] = {"use", "configure"};
constexpr std::string_view kVersionRulesNames[] = {"default", "strict"};
constexpr std::string_view kAccessRulesNames[] = {"documented", "server"};
constexpr std::string_view kConstantTypeNames[] = {"global", "secret"};
constexpr std::string_view kVersionStatusNames[] = {"draft", "published", "released"};
constexpr std::string_view kCapabilityNames[] = {"none", "use", "preview", "run", "edit"};
constexpr std::string_view kPermissionNames[kWorkspacePermissionCount] = {
    "appCreate",        "appDelete",  "appPromote",      "appRelease",     "dataSourceCreate",
    "dataSourceDelete", "folderCRUD", "orgConstantCRUD", "workflowCreate", "workflowDelete"};

// Binary search in a vector sorted by `name`.
template <typename T>
const T* FindByName(const std::vector<T>& items, std::string_view name) {
  auto it = std::lower_bound(items.begin(), items.end(), name,
                             [](const T& item, std::string_view n) { return item.name < n; });
  return it != items.end() && it->name == name ? &*it : nullptr;
}

}  // namespace

std::string_view EntityKindName(EntityKind kind) {
  static constexpr std::string_view kNames[] = {"workspace", "environment", "role",
                                                "user",      "group",       "dataSource",
                                                "constant",  "app",         "version"};
  return kNames[static_cast<size_t>(kind)];
}

std::string_view EntityNoun(EntityKind kind) {
  switch (kind) {
    case EntityKind::kDataSource:
      return "data source";
    case EntityKind::kAppVersion:
      return "app version";
    default:
      return EntityKindName(kind);
  }
}

std::string_view RoleName(UserRole role) { return kRoleNames[static_cast<size_t>(role)]; }
std::string_view AppLevelName(AppLevel level) { return kAppLevelNames[static_cast<size_t>(level)]; }
std::string_view DataSourceLevelName(DataSourceLevel level) {
  return kDataSourceLevelNames[static_cast<size_t>(level)];
}
std::string_view VersionRulesName(VersionRules rules) {
  return kVersionRulesNames[static_cast<size_t>(rules)];
}

std::string_view AccessRulesName(AccessRules rules) {
  return kAccessRulesNames[static_cast<size_t>(rules)];
}
std::string_view ConstantTypeName(ConstantType type) {
  return kConstantTypeNames[static_cast<size_t>(type)];
}
std::string_view VersionStatusName(VersionStatus status) {
  return kVersionStatusNames[static_cast<size_t>(status)];
}
std::string_view CapabilityName(Capability capability) {
  return kCapabilityNames[static_cast<size_t>(capability)];
}
std::string_view WorkspacePermissionName(WorkspacePermission permission) {
  return kPermissionNames[static_cast<size_t>(permission)];
}

std::string_view RoleName(std::optional<UserRole> role) { return role ? RoleName(*role) : "?"; }
std::string_view VersionStatusName(std::optional<VersionStatus> status) {
  return status ? VersionStatusName(*status) : "?";
}

std::optional<UserRole> ParseRole(std::string_view t) { return ParseName<UserRole>(t, kRoleNames); }
std::optional<AppLevel> ParseAppLevel(std::string_view t) {
  return ParseName<AppLevel>(t, kAppLevelNames);
}
std::optional<DataSourceLevel> ParseDataSourceLevel(std::string_view t) {
  return ParseName<DataSourceLevel>(t, kDataSourceLevelNames);
}
std::optional<VersionRules> ParseVersionRules(std::string_view t) {
  return ParseName<VersionRules>(t, kVersionRulesNames);
}

std::optional<AccessRules> ParseAccessRules(std::string_view t) {
  return ParseName<AccessRules>(t, kAccessRulesNames);
}
std::optional<ConstantType> ParseConstantType(std::string_view t) {
  return ParseName<ConstantType>(t, kConstantTypeNames);
}
std::optional<VersionStatus> ParseVersionStatus(std::string_view t) {
  return ParseName<VersionStatus>(t, kVersionStatusNames);
}
std::optional<Capability> ParseCapability(std::string_view t) {
  return ParseName<Capability>(t, kCapabilityNames);
}
std::optional<WorkspacePermission> ParseWorkspacePermission(std::string_view t) {
  return ParseName<WorkspacePermission>(t, kPermissionNames);
}

const std::vector<std::string_view>& WorkspacePermissionNames() {
  static const std::vector<std::string_view> names(std::begin(kPermissionNames),
                                                   std::end(kPermissionNames));
  return names;
}

std::vector<std::string> NamesOf(const std::vector<Ref>& refs) {
  std::vector<std::string> names;
  names.reserve(refs.size());
  for (const Ref& r : refs) names.push_back(r.name);
  return names;
}

std::vector<std::string_view> ColumnOrder(const Workspace& ws, const std::vector<Ref>& refs) {
  std::vector<std::pair<size_t, std::string_view>> columns;
  columns.reserve(refs.size());
  for (const Ref& r : refs) {
    int index = ws.EnvironmentIndex(r.name);
    size_t position = index >= 0                  ? static_cast<size_t>(index)
                      : r.name == kReleasedColumn ? ws.environments.size()
                                                  : ws.environments.size() + 1;
    columns.emplace_back(position, r.name);
  }
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
  std::vector<std::string_view> out;
  out.reserve(columns.size());
  for (const auto& c : columns) out.push_back(c.second);
  return out;
}

namespace {

OptionScalar ScalarOf(NodeKind kind, const std::string& t, bool withheld) {
  using Kind = OptionScalar::Kind;
  OptionScalar v;
  if (withheld) {
    v.kind = Kind::kWithheld;
    return v;
  }
  v.kind = Kind::kText;
  v.text = t;
  switch (kind) {
    case NodeKind::kNull:
      v.kind = Kind::kNull;
      break;
    case NodeKind::kBool:
      v.kind = Kind::kBool;
      v.boolean = CoreBool(t);
      break;
    case NodeKind::kInt: {
      int64_t n = 0;
      if (CoreInt(t, &n)) {
        v.kind = Kind::kInteger;
        v.integer = n;
      }
      break;
    }
    case NodeKind::kFloat: {
      if (t.find_first_of("iInN") != std::string::npos) break;  // .inf, .nan
      // from_chars, not strtod: strtod reads "2.5" as 2 in a locale whose
      // decimal separator is a comma.
      const char* begin = t.data() + (!t.empty() && t[0] == '+' ? 1 : 0);
      const char* end = t.data() + t.size();
      double n = 0;
      auto [stop, error] = std::from_chars(begin, end, n);
      if (error == std::errc() && stop == end) {
        v.kind = Kind::kFloat;
        v.number = n;
      }
      break;
    }
    default:
      break;
  }
  return v;
}

}  // namespace

OptionScalar ScalarOf(const DataSourceOption& o) { return ScalarOf(o.kind, o.value, o.withheld); }
OptionScalar ScalarOf(const OptionItem& item) {
  return ScalarOf(item.kind, item.text, item.withheld);
}

void ForEachOptionText(const DataSourceOption& option,
                       const std::function<void(std::string_view, Location, uint32_t)>& visit) {
  if (option.kind == NodeKind::kString && !option.withheld) {
    visit(option.value, option.location, option.width);
  }
  for (const OptionItem& item : option.items) {
    if (item.kind == NodeKind::kString && !item.withheld) {
      visit(item.text, item.location, item.width);
    }
  }
}

namespace {

// Null, "" and a single reference hold no credential.
bool IsLiteral(NodeKind kind, const std::string& text) {
  return kind != NodeKind::kNull &&
         !(kind == NodeKind::kString && (text.empty() || IsSingleAnyReference(text)));
}

void Withhold(std::string* text, bool* withheld, bool keep_text) {
  *withheld = true;
  if (!keep_text) text->clear();
}

// The list or mapping of `kind` whose `size` items start at items[*next].
void WithholdIn(std::vector<OptionItem>& items, size_t* next, NodeKind kind, uint32_t size,
                bool credential, bool keep_text) {
  const size_t first = *next;
  bool pair = kind == NodeKind::kSequence && size == 2 && first < items.size() &&
              items[first].kind == NodeKind::kString;
  for (uint32_t i = 0; i < size && *next < items.size(); ++i) {
    OptionItem& item = items[(*next)++];
    bool under = credential || (kind == NodeKind::kMapping && IsCredentialKey(item.key)) ||
                 (pair && i == 1 && IsCredentialKey(items[first].text));
    if (item.kind == NodeKind::kSequence || item.kind == NodeKind::kMapping) {
      WithholdIn(items, next, item.kind, item.size, under, keep_text);
    } else if (under && IsLiteral(item.kind, item.text)) {
      Withhold(&item.text, &item.withheld, keep_text);
    }
  }
}

}  // namespace

void WithholdCredentials(DataSourceOption* option, bool keep_text) {
  if (!option->from_env.empty()) return;
  if (option->nested()) {
    size_t next = 0;
    WithholdIn(option->items, &next, option->kind, option->size, option->credential, keep_text);
  } else if (option->credential && IsLiteral(option->kind, option->value)) {
    Withhold(&option->value, &option->withheld, keep_text);
  }
}

const DataSourceEnvironment* DataSource::FindEnvironment(std::string_view env) const {
  auto it = std::lower_bound(
      environments.begin(), environments.end(), env,
      [](const DataSourceEnvironment& e, std::string_view n) { return e.environment.name < n; });
  return it != environments.end() && it->environment.name == env ? &*it : nullptr;
}

const ConstantValue* Constant::FindValue(std::string_view env) const {
  auto it = std::lower_bound(
      values.begin(), values.end(), env,
      [](const ConstantValue& v, std::string_view n) { return v.environment.name < n; });
  return it != values.end() && it->environment.name == env ? &*it : nullptr;
}

bool ConstantValue::Blank() const {
  return kind == NodeKind::kString && text.empty() && from_env.empty() && !literal;
}

bool ConstantValue::IsValue() const {
  if (!from_env.empty() || literal) return true;
  return kind != NodeKind::kNull && kind != NodeKind::kSequence && kind != NodeKind::kMapping &&
         !text.empty();
}

bool Constant::HasValue(std::string_view env) const {
  const ConstantValue* value = FindValue(env);
  return value != nullptr && value->IsValue();
}

int ConstantTypeRank(const std::optional<ConstantType>& type) {
  return type ? 1 + static_cast<int>(*type) : 0;
}

void Workspace::IndexUsers() {
  size_t size = 16;
  while (size < users.size() * 2) size *= 2;
  user_table_.assign(size, kNoUser);
  const size_t mask = size - 1;
  for (uint32_t u = 0; u < users.size(); ++u) {
    size_t slot = std::hash<std::string_view>()(users[u].key) & mask;
    while (user_table_[slot] != kNoUser) slot = (slot + 1) & mask;
    user_table_[slot] = u;
  }
  users_indexed_ = users.size();
}

const User* Workspace::FindUser(std::string_view email) const {
  // Keys are lower-cased: look up the lower-cased address (a folding
  // comparison at each step of a search was most of the time of check on a
  // large workspace; every group member is looked up several times).
  // Addresses are nearly always written in lower case already, and then
  // nothing is copied.
  std::string lowered;
  if (std::any_of(email.begin(), email.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    lowered = LowerAscii(email);
    email = lowered;
  }
  if (!user_table_.empty() && users_indexed_ == users.size()) {
    const size_t mask = user_table_.size() - 1;
    for (size_t slot = std::hash<std::string_view>()(email) & mask; user_table_[slot] != kNoUser;
         slot = (slot + 1) & mask) {
      const User& u = users[user_table_[slot]];
      if (u.key == email) return &u;
    }
    return nullptr;
  }
  auto it = std::lower_bound(users.begin(), users.end(), email,
                             [](const User& u, std::string_view e) { return u.key < e; });
  return it != users.end() && it->key == email ? &*it : nullptr;
}

const Group* Workspace::FindGroup(std::string_view name) const { return FindByName(groups, name); }
const DataSource* Workspace::FindDataSource(std::string_view name) const {
  return FindByName(data_sources, name);
}
const Constant* Workspace::FindConstant(std::string_view name) const {
  return FindByName(constants, name);
}
const Constant* Workspace::FindConstant(std::string_view name, ConstantType type) const {
  const Constant* c = FindConstant(name);
  if (c == nullptr) return nullptr;
  const Constant* end = constants.data() + constants.size();
  for (; c != end && c->name == name; ++c) {
    if (c->type == type) return c;
  }
  return nullptr;
}
const Constant* Workspace::ResolveConstant(std::string_view name, ConstantType type) const {
  const Constant* exact = FindConstant(name, type);
  return exact != nullptr ? exact : FindConstant(name);
}
const App* Workspace::FindApp(std::string_view name) const { return FindByName(apps, name); }

namespace {
constexpr std::string_view kSecretKeyPrefix = "secrets.";
}  // namespace

std::string ConstantKey(const Workspace& ws, const Constant& c) {
  if (c.type != ConstantType::kSecret) return c.name;
  // Another constant of the name sorts first (a secret sorts last).
  const Constant* first = ws.FindConstant(c.name);
  return first != nullptr && first != &c ? std::string(kSecretKeyPrefix) + c.name : c.name;
}

std::string_view ConstantNameOfKey(std::string_view key) {
  if (key.substr(0, kSecretKeyPrefix.size()) == kSecretKeyPrefix) {
    key.remove_prefix(kSecretKeyPrefix.size());
  }
  return key;
}

int Workspace::EnvironmentIndex(std::string_view name) const {
  for (size_t i = 0; i < environments.size(); ++i) {
    if (environments[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

bool Workspace::IsColumn(std::string_view name) const {
  return name == kReleasedColumn || EnvironmentIndex(name) >= 0;
}

const Role* Workspace::RoleOf(UserRole role) const {
  switch (role) {
    case UserRole::kAdmin:
      return nullptr;
    case UserRole::kBuilder:
      return &builder;
    case UserRole::kEndUser:
      return &end_user;
  }
  return nullptr;
}

}  // namespace stagegate
