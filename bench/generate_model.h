// stagegate-generate's model of an organisation: areas, apps and their
// versions, data sources, constants, users and groups, all referring to each
// other by index into Org's vectors. Building, changing, evaluating and
// writing all work on this one model, so the files written and the
// assertions computed cannot disagree. Index lists are kept sorted (the
// Sorted* helpers), which makes membership tests cheap and the output order
// independent of the order things were added in.
#ifndef STAGEGATE_BENCH_GENERATE_MODEL_H_
#define STAGEGATE_BENCH_GENERATE_MODEL_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stagegate::bench {

inline constexpr int kEnvCount = 3;
inline constexpr std::string_view kEnvNames[kEnvCount] = {"development", "staging", "production"};
inline constexpr std::string_view kEnvShort[kEnvCount] = {"dev", "staging", "prod"};
// Column bits: the three environments, then `released`.
inline constexpr uint8_t kColDev = 1, kColStaging = 2, kColProd = 4, kColReleased = 8, kColAll = 15;

enum Perm : uint16_t {
  kAppCreate = 1 << 0,
  kAppDelete = 1 << 1,
  kAppPromote = 1 << 2,
  kAppRelease = 1 << 3,
  kDataSourceCreate = 1 << 4,
  kDataSourceDelete = 1 << 5,
  kFolderCrud = 1 << 6,
  kOrgConstantCrud = 1 << 7,
  kWorkflowCreate = 1 << 8,
  kWorkflowDelete = 1 << 9,
};
inline constexpr std::string_view kPermNames[] = {
    "appCreate",        "appDelete",  "appPromote",      "appRelease",     "dataSourceCreate",
    "dataSourceDelete", "folderCRUD", "orgConstantCRUD", "workflowCreate", "workflowDelete",
};
inline constexpr uint16_t kAllPerms = (1 << 10) - 1;
inline constexpr uint16_t kBuilderRolePerms = kAppCreate | kFolderCrud;

enum class Role : uint8_t { kAdmin, kBuilder, kEndUser };
// A builder's line of work; it decides which kinds of group they may join
// (generate_build.h says why).
enum class Track : uint8_t { kAdmin, kDeveloper, kQa, kLead, kAnalyst, kEndUser };
enum class Kind : uint8_t { kLeads, kReleaseManagers, kDevelopers, kQa, kAnalysts, kAudience };
inline constexpr int kKinds = 6;
enum Status : uint8_t { kDraft, kPublished, kReleased };
inline constexpr std::string_view kStatusNames[] = {"draft", "published", "released"};

struct User {
  std::string email, name;
  Role role = Role::kBuilder;
  Track track = Track::kDeveloper;
  uint32_t area = 0;
  bool disabled = false;
  std::vector<uint32_t> groups;  // sorted
};

struct AppGrant {
  bool all = false;
  std::vector<uint32_t> apps;  // sorted
  bool edit = false;
  bool has_envs = false;
  uint8_t columns = 0;  // with has_envs
  bool hide = false;
};

struct SourceGrant {
  bool all = false;
  std::vector<uint32_t> sources;  // sorted
  bool configure = false;
};

struct Group {
  std::string name, description;
  Kind kind = Kind::kDevelopers;
  uint32_t area = 0;
  std::vector<uint32_t> members;  // sorted
  uint16_t perms = 0;
  std::vector<AppGrant> apps;
  std::vector<SourceGrant> sources;
};

struct Version {
  uint32_t number = 1;
  uint8_t env = 0;
  Status status = kDraft;
};

struct App {
  std::string name;
  uint32_t area = 0;
  int64_t owner = -1;
  std::vector<uint32_t> sources;    // sorted
  std::vector<uint32_t> constants;  // sorted
  std::vector<Version> versions;
};

enum class SourceKind : uint8_t { kPostgres, kMysql, kRest, kMongo, kGraphql, kRedis, kMssql };
struct SourceKindInfo {
  std::string_view kind, tag;
  bool api;  // url + token, otherwise host + password
};
inline constexpr SourceKindInfo kSourceKinds[] = {
    {"postgresql", "db", false}, {"mysql", "mysql", false},    {"restapi", "api", true},
    {"mongodb", "mongo", false}, {"graphql", "graphql", true}, {"redis", "cache", false},
    {"mssql", "mssql", false},
};

struct DataSource {
  std::string name;
  SourceKind kind = SourceKind::kPostgres;
  uint32_t area = 0;
  uint32_t address = 0;  // the global constant with the host or URL
  uint32_t secret = 0;   // the secret constant with the credential
};

struct Constant {
  std::string name;
  bool secret = false;
  std::array<std::string, kEnvCount> values;  // the value, or the variable of fromEnv
};

struct Area {
  std::string name, upper;  // payments, PAYMENTS
  std::vector<uint32_t> apps, sources, constants;
  int64_t lead_group = -1;
};

struct Sizes {
  uint32_t users = 0, groups = 0, apps = 0;
};

struct Org {
  std::string workspace = "orbital";
  std::string domain = "orbital-systems.example";
  std::vector<Area> areas;
  std::vector<App> apps;
  std::vector<DataSource> sources;
  std::vector<Constant> constants;
  std::vector<uint32_t> workspace_constants;
  std::vector<User> users;
  std::vector<std::pair<std::string, std::vector<uint32_t>>> teams;  // file stem, users
  std::vector<Group> groups;
  // groups by kind, and by kind and area
  std::array<std::vector<uint32_t>, kKinds> by_kind;
  std::array<std::vector<std::vector<uint32_t>>, kKinds> by_kind_area;

  bool Released(uint32_t app) const {
    for (const Version& v : apps[app].versions) {
      if (v.status == kReleased) return true;
    }
    return false;
  }
};

template <typename T>
void SortedInsert(std::vector<T>& v, T x) {
  auto it = std::lower_bound(v.begin(), v.end(), x);
  if (it == v.end() || *it != x) v.insert(it, x);
}
template <typename T>
bool SortedErase(std::vector<T>& v, T x) {
  auto it = std::lower_bound(v.begin(), v.end(), x);
  if (it == v.end() || *it != x) return false;
  v.erase(it);
  return true;
}
template <typename T>
bool SortedContains(const std::vector<T>& v, T x) {
  return std::binary_search(v.begin(), v.end(), x);
}

}  // namespace stagegate::bench

#endif  // STAGEGATE_BENCH_GENERATE_MODEL_H_
