// stagegate-generate: writes a deterministic, valid and warning-free ToolJet
// access configuration of any size, for benchmarks and scale tests of
// `stagegate check`, `compile` and `plan` (bench/README.md).
//
// The organisation is built as a model first (areas, apps, data sources,
// constants, users, groups, memberships), then optionally edited (--change),
// then written. Everything random comes from splitmix64 streams seeded by
// --seed; nothing depends on time, addresses or unordered iteration, so the
// same options give byte-identical files.
//
// How the data stays free of warnings (docs/diagnostics.md):
//  - every builder belongs to one "track" and joins only groups of that track,
//    plus audience groups whose grants open only the released app. Developer,
//    QA and lead groups grant edit only, analyst groups view only, so no
//    builder combines an edit grant with a view grant in an environment
//    column (combined-grant-escalation);
//  - end-users join audience groups only: view, released column, released
//    apps by name or "*" (end-user-edit, unreleased-app-grant);
//  - every group gets a member, every user at least one group, every data
//    source and constant a user; lead groups edit their area's apps and hold
//    appPromote/appRelease (unused-*, user-without-access,
//    ineffective-permission, app-without-promoter);
//  - assertions are evaluated here with the rules of docs/semantics.md (R2-R10)
//    on the final model, so they hold.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------------------
// Randomness: splitmix64, one stream per purpose. Only integer arithmetic and
// exact floating-point products, so results are the same on every platform.

class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream)
      : state_(seed * 0x9E3779B97F4A7C15ull ^ (stream + 1) * 0xD1B54A32D192ED03ull) {
    Next();
  }
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  bool Chance(double p) { return Unit() < p; }
  // In [lo, hi], skewed towards lo (cube of a uniform).
  uint32_t Skewed(uint32_t lo, uint32_t hi) {
    if (hi <= lo) return lo;
    const double u = Unit();
    return lo + static_cast<uint32_t>(u * u * u * (hi - lo + 1));
  }
  // In [lo, hi], mildly skewed towards lo (square of a uniform).
  uint32_t Skewed2(uint32_t lo, uint32_t hi) {
    if (hi <= lo) return lo;
    const double u = Unit();
    return lo + static_cast<uint32_t>(u * u * (hi - lo + 1));
  }
  // An index in [0, n) favouring small indices (square of a uniform).
  uint32_t Favour(uint32_t n) {
    const double u = Unit();
    return static_cast<uint32_t>(u * u * n);
  }
  // Picks by integer weights.
  template <size_t N>
  uint32_t Weighted(const std::array<uint32_t, N>& w) {
    uint32_t total = 0;
    for (uint32_t x : w) total += x;
    uint32_t r = Below(total);
    for (uint32_t i = 0; i < N; ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return N - 1;
  }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(static_cast<uint32_t>(i))]);
  }

 private:
  uint64_t state_;
};

// Streams: each part of the model draws from its own, so editing one part of
// the generator does not reshuffle the others, and --change never disturbs
// the organisation it edits.
enum Stream : uint64_t {
  kSApps = 1,
  kSVersions,
  kSSources,
  kSAppLinks,
  kSUsers,
  kSNames,
  kSGroups,
  kSMembers,
  kSOwners,
  kSAssertions,
  kSChanges,
};

// ---------------------------------------------------------------------------
// Vocabulary.

constexpr std::string_view kAreaWords[] = {
    "payments",  "billing",  "logistics",   "inventory", "people",     "finance",      "sales",
    "marketing", "support",  "procurement", "legal",     "compliance", "security",     "operations",
    "analytics", "platform", "research",    "quality",   "facilities", "fleet",        "warehouse",
    "shipping",  "customs",  "treasury",    "payroll",   "recruiting", "training",     "partners",
    "catalog",   "pricing",  "orders",      "returns",   "claims",     "underwriting", "risk",
    "audit",     "tax",      "crm",         "loyalty",   "content",
};
constexpr std::string_view kAppNouns[] = {
    "portal",       "dashboard", "tracker",   "console",   "admin",      "reports",   "approvals",
    "requests",     "ledger",    "planner",   "scheduler", "intake",     "review",    "explorer",
    "monitor",      "inbox",     "directory", "editor",    "calendar",   "forecast",  "audit-log",
    "onboarding",   "checklist", "exports",   "imports",   "reconciler", "workbench", "kiosk",
    "timesheets",   "alerts",    "budget",    "contracts", "vendors",    "assets",    "tickets",
    "returns-desk", "quotes",    "invoices",  "surveys",   "scorecard",  "roster",    "capacity",
    "incidents",    "metrics",   "search",    "settings",  "status",     "archive",
};
// Display name and e-mail slug.
struct NamePart {
  std::string_view display, slug;
};
constexpr NamePart kFirstNames[] = {
    {"Ada", "ada"},     {"Amara", "amara"}, {"Anika", "anika"},   {"Ben", "ben"},
    {"Bruno", "bruno"}, {"Carla", "carla"}, {"Chen", "chen"},     {"Dana", "dana"},
    {"Diego", "diego"}, {"Elif", "elif"},   {"Emma", "emma"},     {"Eve", "eve"},
    {"Farah", "farah"}, {"Felix", "felix"}, {"Grace", "grace"},   {"Hana", "hana"},
    {"Hugo", "hugo"},   {"Ines", "ines"},   {"Ivan", "ivan"},     {"Jamal", "jamal"},
    {"José", "jose"},   {"Julia", "julia"}, {"Kai", "kai"},       {"Kenji", "kenji"},
    {"Lara", "lara"},   {"Lee", "lee"},     {"Leila", "leila"},   {"Luca", "luca"},
    {"Maya", "maya"},   {"Mateo", "mateo"}, {"Mei", "mei"},       {"Nadia", "nadia"},
    {"Nils", "nils"},   {"Noah", "noah"},   {"Olga", "olga"},     {"Omar", "omar"},
    {"Priya", "priya"}, {"Quinn", "quinn"}, {"Rafael", "rafael"}, {"Raj", "raj"},
    {"Rosa", "rosa"},   {"Sam", "sam"},     {"Sofia", "sofia"},   {"Søren", "soren"},
    {"Tariq", "tariq"}, {"Tess", "tess"},   {"Uma", "uma"},       {"Victor", "victor"},
    {"Wen", "wen"},     {"Yara", "yara"},   {"Yusuf", "yusuf"},   {"Zoë", "zoe"},
};
constexpr NamePart kLastNames[] = {
    {"Okafor", "okafor"},     {"Kim", "kim"},         {"Patel", "patel"},
    {"Berg", "berg"},         {"Marin", "marin"},     {"Chen", "chen"},
    {"Haddad", "haddad"},     {"Laurent", "laurent"}, {"Said", "said"},
    {"Nair", "nair"},         {"Reyes", "reyes"},     {"Müller", "muller"},
    {"Rossi", "rossi"},       {"Novak", "novak"},     {"Silva", "silva"},
    {"Tanaka", "tanaka"},     {"Ivanova", "ivanova"}, {"Mensah", "mensah"},
    {"García", "garcia"},     {"Nguyen", "nguyen"},   {"Johansson", "johansson"},
    {"Kowalski", "kowalski"}, {"Dubois", "dubois"},   {"Yilmaz", "yilmaz"},
    {"Andersen", "andersen"}, {"Costa", "costa"},     {"Fischer", "fischer"},
    {"Hassan", "hassan"},     {"Ito", "ito"},         {"Jensen", "jensen"},
    {"Khan", "khan"},         {"Larsen", "larsen"},   {"Moreau", "moreau"},
    {"Ortiz", "ortiz"},       {"Park", "park"},       {"Quist", "quist"},
    {"Santos", "santos"},     {"Schmidt", "schmidt"}, {"Sato", "sato"},
    {"Singh", "singh"},       {"Torres", "torres"},   {"Varga", "varga"},
    {"Weber", "weber"},       {"Zhou", "zhou"},
};

constexpr int kEnvCount = 3;
constexpr std::string_view kEnvNames[kEnvCount] = {"development", "staging", "production"};
constexpr std::string_view kEnvShort[kEnvCount] = {"dev", "staging", "prod"};
// Column bits: the three environments, then `released`.
constexpr uint8_t kColDev = 1, kColStaging = 2, kColProd = 4, kColReleased = 8, kColAll = 15;

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
constexpr std::string_view kPermNames[] = {
    "appCreate",        "appDelete",  "appPromote",      "appRelease",     "dataSourceCreate",
    "dataSourceDelete", "folderCRUD", "orgConstantCRUD", "workflowCreate", "workflowDelete",
};
constexpr uint16_t kAllPerms = (1 << 10) - 1;
constexpr uint16_t kBuilderRolePerms = kAppCreate | kFolderCrud;

enum class Role : uint8_t { kAdmin, kBuilder, kEndUser };
enum class Track : uint8_t { kAdmin, kDeveloper, kQa, kLead, kAnalyst, kEndUser };
enum class Kind : uint8_t { kLeads, kReleaseManagers, kDevelopers, kQa, kAnalysts, kAudience };
constexpr int kKinds = 6;
enum Status : uint8_t { kDraft, kPublished, kReleased };
constexpr std::string_view kStatusNames[] = {"draft", "published", "released"};

// ---------------------------------------------------------------------------
// The model.

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
constexpr SourceKindInfo kSourceKinds[] = {
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

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

// Distinct random picks from `from` (count capped at its size), sorted.
std::vector<uint32_t> Sample(Rng& rng, const std::vector<uint32_t>& from, uint32_t count) {
  std::vector<uint32_t> pool = from;
  count = std::min<uint32_t>(count, static_cast<uint32_t>(pool.size()));
  for (uint32_t i = 0; i < count; ++i) {
    std::swap(pool[i], pool[i + rng.Below(static_cast<uint32_t>(pool.size()) - i)]);
  }
  pool.resize(count);
  std::sort(pool.begin(), pool.end());
  return pool;
}

// ---------------------------------------------------------------------------
// Building the organisation.

class Builder {
 public:
  Builder(Org& org, Sizes sizes, uint64_t seed) : o_(org), n_(sizes), seed_(seed) {}

  void Build() {
    MakeAreasAndApps();
    MakeVersions();
    MakeSourcesAndConstants();
    LinkApps();
    MakeUsers();
    MakeGroups();
    MakeMemberships();
    MakeOwners();
  }

 private:
  void MakeAreasAndApps() {
    // One lead group per area; with four or more lead groups the first is a
    // workspace-wide "release-managers" group instead.
    lead_groups_ = std::max<uint32_t>(1, (n_.groups * 6 + 50) / 100);
    const uint32_t release_managers = lead_groups_ >= 4 ? 1 : 0;
    const uint32_t areas = std::min(lead_groups_ - release_managers, n_.apps);
    lead_groups_ = areas + release_managers;
    o_.areas.resize(areas);
    for (uint32_t a = 0; a < areas; ++a) {
      constexpr uint32_t kWords = std::size(kAreaWords);
      // Beyond the base words: regional divisions, then numbers.
      constexpr std::string_view kRegions[] = {"emea", "apac", "amer", "latam"};
      const uint32_t round = a / kWords;
      o_.areas[a].name = round == 0 ? std::string(kAreaWords[a])
                         : round <= std::size(kRegions)
                             ? fmt::format("{}-{}", kAreaWords[a % kWords], kRegions[round - 1])
                             : fmt::format("{}-{}", kAreaWords[a % kWords], round + 1);
      o_.areas[a].upper = Upper(o_.areas[a].name);
    }
    // Skewed area sizes: every area gets one app, the rest go by weight.
    Rng rng(seed_, kSApps);
    std::vector<uint32_t> weight(areas);
    uint64_t total = 0;
    for (uint32_t& w : weight) {
      const double u = rng.Unit();
      w = 20 + static_cast<uint32_t>(u * u * 100);
      total += w;
    }
    std::vector<uint32_t> count(areas, 1);
    for (uint32_t i = areas; i < n_.apps; ++i) {
      uint64_t r = rng.Next() % total;
      uint32_t a = 0;
      while (r >= weight[a]) r -= weight[a++];
      ++count[a];
    }
    constexpr uint32_t kNouns = std::size(kAppNouns);
    for (uint32_t a = 0; a < areas; ++a) {
      for (uint32_t k = 0; k < count[a]; ++k) {
        App app;
        app.area = a;
        app.name = k < kNouns ? fmt::format("{}-{}", o_.areas[a].name, kAppNouns[k])
                              : fmt::format("{}-{}-{}", o_.areas[a].name, kAppNouns[k % kNouns],
                                            k / kNouns + 1);
        o_.areas[a].apps.push_back(static_cast<uint32_t>(o_.apps.size()));
        o_.apps.push_back(std::move(app));
      }
    }
  }

  // Versions follow the format's rules: drafts in development, at most one
  // released version, in production; numbers grow along the pipeline.
  void MakeVersions() {
    Rng rng(seed_, kSVersions);
    for (uint32_t i = 0; i < o_.apps.size(); ++i) {
      App& app = o_.apps[i];
      // 0 released, 1 in QA (staging), 2 new (development only)
      uint32_t life = rng.Weighted(std::array<uint32_t, 3>{72, 16, 12});
      if (i == 0) life = 0;                         // someone always has a released app
      if (i == 1 && o_.apps.size() >= 3) life = 1;  // and one in QA
      uint32_t v = 1 + rng.Below(6);
      auto add = [&](uint8_t env, Status s) { app.versions.push_back(Version{v++, env, s}); };
      if (life == 0) {
        const uint32_t old = rng.Skewed2(0, 12);  // earlier releases, kept as published
        for (uint32_t k = 0; k < old; ++k) add(2, kPublished);
        add(2, kReleased);
        if (rng.Chance(0.45)) add(1, kPublished);
        if (rng.Chance(0.2)) add(0, kPublished);
        if (rng.Chance(0.7)) add(0, kDraft);
      } else if (life == 1) {
        add(1, kPublished);
        if (rng.Chance(0.8)) add(0, kDraft);
      } else {
        if (rng.Chance(0.3)) add(0, kPublished);
        add(0, kDraft);
      }
    }
  }

  uint32_t AddConstant(std::string name, bool secret, std::array<std::string, kEnvCount> values) {
    o_.constants.push_back(Constant{std::move(name), secret, std::move(values)});
    return static_cast<uint32_t>(o_.constants.size() - 1);
  }

  void MakeSourcesAndConstants() {
    const std::string& d = o_.domain;
    const std::string ws = Upper(o_.workspace);
    o_.workspace_constants.push_back(
        AddConstant("SUPPORT_EMAIL", false,
                    {fmt::format("it-support-dev@{}", d), fmt::format("it-support-dev@{}", d),
                     fmt::format("it-support@{}", d)}));
    o_.workspace_constants.push_back(AddConstant(
        "DOCS_BASE_URL", false,
        {fmt::format("https://docs.dev.{}", d), fmt::format("https://docs.staging.{}", d),
         fmt::format("https://docs.{}", d)}));
    o_.workspace_constants.push_back(AddConstant(
        "BRAND_NAME", false, {"Orbital (development)", "Orbital (staging)", "Orbital"}));
    for (Area& area : o_.areas) {
      area.constants.push_back(
          AddConstant(area.upper + "_API_BASE_URL", false,
                      {fmt::format("https://{}.api.dev.{}/v2", area.name, d),
                       fmt::format("https://{}.api.staging.{}/v2", area.name, d),
                       fmt::format("https://{}.api.{}/v2", area.name, d)}));
      area.constants.push_back(AddConstant(
          area.upper + "_SUPPORT_EMAIL", false,
          {fmt::format("{}-dev@{}", area.name, d), fmt::format("{}-dev@{}", area.name, d),
           fmt::format("{}@{}", area.name, d)}));
    }
    Rng rng(seed_, kSSources);
    const uint32_t count = std::max<uint32_t>(2, (n_.apps + 3) / 6);
    std::vector<uint32_t> per_area_kind(o_.areas.size() * std::size(kSourceKinds), 0);
    for (uint32_t i = 0; i < count; ++i) {
      DataSource s;
      s.area = i % o_.areas.size();
      s.kind =
          static_cast<SourceKind>(rng.Weighted(std::array<uint32_t, 7>{35, 12, 25, 8, 8, 6, 6}));
      const SourceKindInfo& k = kSourceKinds[static_cast<int>(s.kind)];
      const Area& area = o_.areas[s.area];
      const uint32_t nth =
          ++per_area_kind[s.area * std::size(kSourceKinds) + static_cast<int>(s.kind)];
      s.name = nth == 1 ? fmt::format("{}-{}", area.name, k.tag)
                        : fmt::format("{}-{}-{}", area.name, k.tag, nth);
      const std::string up = Upper(s.name);
      if (k.api) {
        s.address = AddConstant(up + "_URL", false,
                                {fmt::format("https://{}.dev.{}/", s.name, d),
                                 fmt::format("https://{}.staging.{}/", s.name, d),
                                 fmt::format("https://{}.{}/", s.name, d)});
        s.secret = AddConstant(
            up + "_TOKEN", true,
            {fmt::format("{}_DEV_{}_TOKEN", ws, up), fmt::format("{}_STAGING_{}_TOKEN", ws, up),
             fmt::format("{}_PROD_{}_TOKEN", ws, up)});
      } else {
        s.address = AddConstant(up + "_HOST", false,
                                {fmt::format("{}.dev.{}.internal", s.name, o_.workspace),
                                 fmt::format("{}.staging.{}.internal", s.name, o_.workspace),
                                 fmt::format("{}.prod.{}.internal", s.name, o_.workspace)});
        s.secret = AddConstant(up + "_PASSWORD", true,
                               {fmt::format("{}_DEV_{}_PASSWORD", ws, up),
                                fmt::format("{}_STAGING_{}_PASSWORD", ws, up),
                                fmt::format("{}_PROD_{}_PASSWORD", ws, up)});
      }
      o_.areas[s.area].sources.push_back(static_cast<uint32_t>(o_.sources.size()));
      o_.sources.push_back(std::move(s));
    }
  }

  // Apps use their area's data sources and constants; then every data source
  // and every constant an app should name gets at least one app.
  void LinkApps() {
    Rng rng(seed_, kSAppLinks);
    std::vector<uint32_t> all_sources(o_.sources.size());
    for (uint32_t i = 0; i < all_sources.size(); ++i) all_sources[i] = i;
    for (App& app : o_.apps) {
      const Area& area = o_.areas[app.area];
      const std::vector<uint32_t>& pool = area.sources.empty() ? all_sources : area.sources;
      app.sources = Sample(rng, pool, rng.Skewed2(1, 4));
      const uint32_t c = rng.Weighted(std::array<uint32_t, 3>{35, 45, 20});
      app.constants = Sample(rng, area.constants, c);
      if (rng.Chance(0.2)) {
        SortedInsert(app.constants, o_.workspace_constants[rng.Below(
                                        static_cast<uint32_t>(o_.workspace_constants.size()))]);
      }
    }
    std::vector<bool> used(o_.sources.size(), false);
    for (const App& app : o_.apps) {
      for (uint32_t s : app.sources) used[s] = true;
    }
    for (uint32_t s = 0; s < o_.sources.size(); ++s) {
      if (used[s]) continue;
      const Area& area = o_.areas[o_.sources[s].area];
      SortedInsert(o_.apps[area.apps[rng.Below(static_cast<uint32_t>(area.apps.size()))]].sources,
                   s);
    }
    std::vector<bool> constant_used(o_.constants.size(), false);
    for (const App& app : o_.apps) {
      for (uint32_t c : app.constants) constant_used[c] = true;
    }
    for (const Area& area : o_.areas) {
      for (uint32_t c : area.constants) {
        if (!constant_used[c]) {
          SortedInsert(
              o_.apps[area.apps[rng.Below(static_cast<uint32_t>(area.apps.size()))]].constants, c);
        }
      }
    }
    for (uint32_t c : o_.workspace_constants) {
      if (!constant_used[c]) {
        SortedInsert(o_.apps[rng.Below(static_cast<uint32_t>(o_.apps.size()))].constants, c);
      }
    }
  }

  void MakeUsers() {
    const uint32_t n = n_.users;
    const uint32_t admins = std::max<uint32_t>(1, (n * 2 + 50) / 100);
    const uint32_t end_users = (n * 40 + 50) / 100;
    const uint32_t builders = n - admins - end_users;
    const uint32_t leads = std::max<uint32_t>(1, (builders * 6 + 50) / 100);
    const uint32_t qa = std::max<uint32_t>(1, (builders * 15 + 50) / 100);
    const uint32_t analysts = std::max<uint32_t>(1, (builders * 12 + 50) / 100);
    const uint32_t developers = builders - leads - qa - analysts;
    std::vector<Track> tracks;
    tracks.reserve(n);
    tracks.insert(tracks.end(), admins, Track::kAdmin);
    tracks.insert(tracks.end(), end_users, Track::kEndUser);
    tracks.insert(tracks.end(), leads, Track::kLead);
    tracks.insert(tracks.end(), qa, Track::kQa);
    tracks.insert(tracks.end(), analysts, Track::kAnalyst);
    tracks.insert(tracks.end(), developers, Track::kDeveloper);
    Rng rng(seed_, kSUsers);
    rng.Shuffle(tracks);

    // Teams of 50 to 200 people, one file each; a team works in one area.
    std::vector<uint32_t> team_count(o_.areas.size(), 0);
    uint32_t next = 0;
    while (next < n) {
      const uint32_t remaining = n - next;
      uint32_t size = remaining;
      if (remaining > 200) {
        size = rng.Skewed(50, 200);
        if (remaining - size < 50) size = remaining - 50;
      }
      const uint32_t area = static_cast<uint32_t>(o_.teams.size() % o_.areas.size());
      std::vector<uint32_t> members;
      for (uint32_t i = 0; i < size; ++i) members.push_back(next + i);
      for (uint32_t i = 0; i < size; ++i) {
        User u;
        u.track = tracks[next + i];
        u.role = u.track == Track::kAdmin     ? Role::kAdmin
                 : u.track == Track::kEndUser ? Role::kEndUser
                                              : Role::kBuilder;
        u.area = area;
        o_.users.push_back(std::move(u));
      }
      o_.teams.emplace_back(fmt::format("{}-team-{}", o_.areas[area].name, ++team_count[area]),
                            std::move(members));
      next += size;
    }

    Rng names(seed_, kSNames);
    std::unordered_map<std::string, uint32_t> seen;  // lookups only
    seen.reserve(n * 2);
    for (User& u : o_.users) {
      const NamePart& f = kFirstNames[names.Below(std::size(kFirstNames))];
      const NamePart& l = kLastNames[names.Below(std::size(kLastNames))];
      u.name = fmt::format("{} {}", f.display, l.display);
      std::string local = fmt::format("{}.{}", f.slug, l.slug);
      uint32_t& k = seen[local];
      ++k;
      u.email = k == 1 ? fmt::format("{}@{}", local, o_.domain)
                       : fmt::format("{}{}@{}", local, k, o_.domain);
    }

    // A few leavers: developers, QA, analysts and end-users (never leads,
    // who must be able to ship, nor admins).
    if (n >= 10) {
      const uint32_t disabled = std::max<uint32_t>(1, (n * 15 + 500) / 1000);
      std::vector<uint32_t> candidates;
      for (uint32_t i = 0; i < n; ++i) {
        Track t = o_.users[i].track;
        if (t != Track::kAdmin && t != Track::kLead) candidates.push_back(i);
      }
      for (uint32_t i : Sample(rng, candidates, disabled)) o_.users[i].disabled = true;
    }
  }

  uint32_t AddGroup(Kind kind, uint32_t area, std::string name, std::string description) {
    Group g;
    g.kind = kind;
    g.area = area;
    g.name = std::move(name);
    g.description = std::move(description);
    o_.groups.push_back(std::move(g));
    const uint32_t id = static_cast<uint32_t>(o_.groups.size() - 1);
    o_.by_kind[static_cast<int>(kind)].push_back(id);
    o_.by_kind_area[static_cast<int>(kind)][area].push_back(id);
    return id;
  }

  std::string GroupName(uint32_t area, std::string_view suffix) {
    const std::string base = fmt::format("{}-{}", o_.areas[area].name, suffix);
    const uint32_t k = ++name_count_[base];
    return k == 1 ? base : fmt::format("{}-{}", base, k);
  }

  std::vector<uint32_t> ReleasedApps(const std::vector<uint32_t>& apps) const {
    std::vector<uint32_t> out;
    for (uint32_t a : apps) {
      if (o_.Released(a)) out.push_back(a);
    }
    return out;
  }

  uint8_t PickColumns(Rng& rng, Kind kind, bool& has_envs) {
    has_envs = true;
    switch (kind) {
      case Kind::kDevelopers:
        switch (rng.Weighted(std::array<uint32_t, 3>{45, 30, 25})) {
          case 0:
            return kColDev;
          case 1:
            return kColDev | kColStaging;
          default:
            has_envs = false;
            return kColAll;
        }
      case Kind::kQa:
        return rng.Chance(0.7) ? kColStaging : kColStaging | kColProd;
      case Kind::kAnalysts:
        switch (rng.Weighted(std::array<uint32_t, 4>{35, 30, 15, 20})) {
          case 0:
            return kColProd;
          case 1:
            return kColStaging | kColProd;
          case 2:
            return kColDev | kColStaging;
          default:
            has_envs = false;
            return kColAll;
        }
      default:
        return kColReleased;
    }
  }

  void MakeGroups() {
    const uint32_t areas = static_cast<uint32_t>(o_.areas.size());
    for (auto& v : o_.by_kind_area) v.assign(areas, {});
    // How many groups of each kind.
    const uint32_t g = n_.groups;
    uint32_t qa = std::max<uint32_t>(1, (g * 8 + 50) / 100);
    uint32_t analysts = std::max<uint32_t>(1, (g * 8 + 50) / 100);
    uint32_t audience = std::max<uint32_t>(1, (g * 30 + 50) / 100);
    uint32_t fixed = lead_groups_ + qa + analysts;
    while (fixed + audience + 1 > g && audience > 1) --audience;
    while (fixed + audience + 1 > g && analysts > 1) --analysts, --fixed;
    while (fixed + audience + 1 > g && qa > 1) --qa, --fixed;
    const uint32_t developers = g - fixed - audience;

    Rng rng(seed_, kSGroups);
    // Leads: edit on every app of their area, everywhere; promote and release.
    if (lead_groups_ > areas) {
      uint32_t id = AddGroup(Kind::kReleaseManagers, 0, "release-managers",
                             "Promote and release any app across the workspace");
      Group& grp = o_.groups[id];
      grp.perms = kAppPromote | kAppRelease;
      grp.apps.push_back(AppGrant{true, {}, true, false, kColAll, false});
      grp.sources.push_back(SourceGrant{true, {}, false});
    }
    for (uint32_t a = 0; a < areas; ++a) {
      uint32_t id =
          AddGroup(Kind::kLeads, a, GroupName(a, "leads"),
                   fmt::format("Review, promote and release the {} apps", o_.areas[a].name));
      o_.areas[a].lead_group = id;
      Group& grp = o_.groups[id];
      grp.perms = kAppDelete | kAppPromote | kAppRelease;
      if (rng.Chance(0.3)) grp.perms |= kDataSourceCreate | kOrgConstantCrud;
      grp.apps.push_back(AppGrant{false, o_.areas[a].apps, true, false, kColAll, false});
      if (o_.areas[a].sources.empty()) {
        grp.sources.push_back(SourceGrant{true, {}, false});
      } else {
        grp.sources.push_back(SourceGrant{false, o_.areas[a].sources, true});
      }
    }
    // Developers: edit on a subset of their area's apps, in varying environments.
    for (uint32_t i = 0; i < developers; ++i) {
      const uint32_t a = i % areas;
      const Area& area = o_.areas[a];
      const bool everything = developers >= 10 && i % 25 == 7;
      uint32_t id = AddGroup(
          Kind::kDevelopers, a, GroupName(a, everything ? "platform-developers" : "developers"),
          everything ? std::string("Maintain shared components of every app in development")
                     : fmt::format("Build and change {} apps", area.name));
      Group& grp = o_.groups[id];
      AppGrant main;
      main.edit = true;
      if (everything) {
        main.all = true;
        main.has_envs = true;
        main.columns = kColDev;
      } else {
        const uint32_t size = static_cast<uint32_t>(area.apps.size());
        main.apps = Sample(rng, area.apps,
                           rng.Skewed2(std::min<uint32_t>(3, size), std::min<uint32_t>(100, size)));
        main.columns = PickColumns(rng, Kind::kDevelopers, main.has_envs);
      }
      grp.apps.push_back(std::move(main));
      // More of the area's apps, each set in its own environments (edit only:
      // several edit grants never combine into more than their union).
      const uint32_t extra = everything ? 0 : rng.Weighted(std::array<uint32_t, 3>{45, 35, 20});
      for (uint32_t k = 0; k < extra; ++k) {
        AppGrant more;
        more.edit = true;
        const uint32_t size = static_cast<uint32_t>(area.apps.size());
        more.apps = Sample(rng, area.apps, rng.Skewed2(1, std::min<uint32_t>(40, size)));
        more.columns = PickColumns(rng, Kind::kDevelopers, more.has_envs);
        grp.apps.push_back(std::move(more));
      }
      if (!everything && areas > 1 && rng.Chance(0.2)) {
        // Shared apps of a neighbouring area, edited but kept off the dashboard.
        const Area& other = o_.areas[(a + 1 + rng.Below(areas - 1)) % areas];
        grp.apps.push_back(
            AppGrant{false, Sample(rng, other.apps, rng.Skewed(1, 5)), true, true, kColDev, true});
      }
      switch (rng.Weighted(std::array<uint32_t, 3>{70, 20, 10})) {
        case 1:
          grp.perms = kWorkflowCreate | kWorkflowDelete;
          break;
        case 2:
          grp.perms = kDataSourceCreate;
          break;
        default:
          break;
      }
      if (area.sources.empty() || everything) {
        grp.sources.push_back(SourceGrant{true, {}, false});
      } else {
        grp.sources.push_back(SourceGrant{false, area.sources, false});
      }
    }
    // QA: edit in staging (run queries there), some in production as well.
    for (uint32_t i = 0; i < qa; ++i) {
      const uint32_t a = i % areas;
      uint32_t id = AddGroup(
          Kind::kQa, a, GroupName(a, "qa"),
          fmt::format("Test {} apps in staging; run queries there, no editing", o_.areas[a].name));
      Group& grp = o_.groups[id];
      AppGrant grant;
      grant.edit = true;
      if (rng.Chance(0.3)) {
        grant.all = true;
      } else {
        std::vector<uint32_t> pool = o_.areas[a].apps;
        if (areas > 1 && rng.Chance(0.4)) {
          const Area& other = o_.areas[(a + 1 + rng.Below(areas - 1)) % areas];
          pool.insert(pool.end(), other.apps.begin(), other.apps.end());
        }
        const uint32_t size = static_cast<uint32_t>(pool.size());
        grant.apps = Sample(
            rng, pool, rng.Skewed2(std::min<uint32_t>(3, size), std::min<uint32_t>(100, size)));
      }
      grant.columns = PickColumns(rng, Kind::kQa, grant.has_envs);
      grp.apps.push_back(std::move(grant));
      grp.sources.push_back(SourceGrant{true, {}, false});
    }
    // Analysts: builders who look but never edit.
    for (uint32_t i = 0; i < analysts; ++i) {
      const uint32_t a = i % areas;
      const Area& area = o_.areas[a];
      uint32_t id =
          AddGroup(Kind::kAnalysts, a, GroupName(a, "analysts"),
                   fmt::format("Look at {} apps and their data without editing", area.name));
      Group& grp = o_.groups[id];
      AppGrant grant;
      if (rng.Chance(0.2)) {
        grant.all = true;
      } else {
        const uint32_t size = static_cast<uint32_t>(area.apps.size());
        grant.apps =
            Sample(rng, area.apps,
                   rng.Skewed2(std::min<uint32_t>(2, size), std::min<uint32_t>(100, size)));
      }
      grant.columns = PickColumns(rng, Kind::kAnalysts, grant.has_envs);
      grp.apps.push_back(std::move(grant));
      if (!area.sources.empty() && rng.Chance(0.5)) {
        grp.sources.push_back(SourceGrant{false, area.sources, false});
      }
    }
    // Audiences: released apps for end-users (and some builders).
    std::vector<uint32_t> all_released = ReleasedApps([&] {
      std::vector<uint32_t> v(o_.apps.size());
      for (uint32_t i = 0; i < v.size(); ++i) v[i] = i;
      return v;
    }());
    for (uint32_t i = 0; i < audience; ++i) {
      const uint32_t a = i % areas;
      const Area& area = o_.areas[a];
      const bool everyone = audience >= 5 && i % 12 == 3;
      uint32_t id =
          AddGroup(Kind::kAudience, a, GroupName(a, everyone ? "all-staff" : "staff"),
                   everyone ? std::string("Everyone who uses the released self-service apps")
                            : fmt::format("People who use the released {} apps", area.name));
      Group& grp = o_.groups[id];
      AppGrant grant;
      grant.has_envs = true;
      grant.columns = kColReleased;
      if (everyone) {
        grant.all = true;
      } else {
        std::vector<uint32_t> pool = ReleasedApps(area.apps);
        if (pool.empty()) pool = all_released;
        const uint32_t size = static_cast<uint32_t>(pool.size());
        grant.apps = Sample(rng, pool, rng.Skewed2(1, std::min<uint32_t>(100, size)));
      }
      grp.apps.push_back(std::move(grant));
      if (!everyone && rng.Chance(0.1)) {
        // Admin pages of released apps: reachable by link, not on the dashboard.
        AppGrant hidden;
        hidden.has_envs = true;
        hidden.columns = kColReleased;
        hidden.hide = true;
        hidden.apps = Sample(rng, all_released, rng.Skewed(1, 3));
        grp.apps.push_back(std::move(hidden));
      }
    }
  }

  // A group of the given kind for a user: mostly their own area's, favouring
  // the first groups listed there so sizes are skewed.
  int64_t PickGroup(Rng& rng, Kind kind, uint32_t area) {
    const auto& local = o_.by_kind_area[static_cast<int>(kind)][area];
    const auto& all = o_.by_kind[static_cast<int>(kind)];
    if (all.empty()) return -1;
    const auto& pool = !local.empty() && rng.Chance(0.8) ? local : all;
    return pool[rng.Favour(static_cast<uint32_t>(pool.size()))];
  }

  void Join(uint32_t user, uint32_t group) {
    SortedInsert(o_.users[user].groups, group);
    SortedInsert(o_.groups[group].members, user);
  }

  void JoinSome(Rng& rng, uint32_t user, Kind kind, uint32_t count) {
    for (uint32_t tries = 0; tries < count * 4 && o_.users[user].groups.size() < count; ++tries) {
      int64_t g = PickGroup(rng, kind, o_.users[user].area);
      if (g >= 0) Join(user, static_cast<uint32_t>(g));
    }
  }

  static Track TrackOf(Kind kind) {
    switch (kind) {
      case Kind::kLeads:
      case Kind::kReleaseManagers:
        return Track::kLead;
      case Kind::kDevelopers:
        return Track::kDeveloper;
      case Kind::kQa:
        return Track::kQa;
      case Kind::kAnalysts:
        return Track::kAnalyst;
      default:
        return Track::kEndUser;
    }
  }

  void MakeMemberships() {
    Rng rng(seed_, kSMembers);
    const uint32_t areas = static_cast<uint32_t>(o_.areas.size());
    // Users of each track, by area, for seeding.
    std::array<std::vector<std::vector<uint32_t>>, 6> by_track_area;
    std::array<std::vector<uint32_t>, 6> by_track;
    for (auto& v : by_track_area) v.assign(areas, {});
    for (uint32_t u = 0; u < o_.users.size(); ++u) {
      const User& user = o_.users[u];
      by_track_area[static_cast<int>(user.track)][user.area].push_back(u);
      by_track[static_cast<int>(user.track)].push_back(u);
    }
    // Every group gets a first member of its track, from its area when there
    // is one, preferring enabled users.
    std::array<std::vector<uint32_t>, 6> next_area;
    std::array<uint32_t, 6> next_any{};
    for (auto& v : next_area) v.assign(areas, 0);
    for (uint32_t g = 0; g < o_.groups.size(); ++g) {
      const int t = static_cast<int>(TrackOf(o_.groups[g].kind));
      const uint32_t area = o_.groups[g].area;
      const bool area_wide = o_.groups[g].kind != Kind::kReleaseManagers;
      const auto& local = by_track_area[t][area];
      const auto& pool = area_wide && !local.empty() ? local : by_track[t];
      uint32_t& cursor = area_wide && !local.empty() ? next_area[t][area] : next_any[t];
      uint32_t pick = pool[cursor++ % pool.size()];
      for (uint32_t k = 0; k < pool.size() && o_.users[pick].disabled; ++k) {
        pick = pool[cursor++ % pool.size()];
      }
      Join(pick, g);
    }
    // Then each user joins a skewed number of groups of their track, and
    // most join their department's staff group (the area's first audience
    // group: released apps only, so it combines with anything).
    constexpr std::array<uint32_t, 4> kHowMany{35, 32, 20, 13};
    auto department = [&](uint32_t u) {
      const auto& local = o_.by_kind_area[static_cast<int>(Kind::kAudience)][o_.users[u].area];
      if (!local.empty()) Join(u, local.front());
    };
    auto audiences = [&](uint32_t u, double department_chance, double other_chance) {
      if (rng.Chance(department_chance)) department(u);
      if (rng.Chance(other_chance)) {
        JoinSome(rng, u, Kind::kAudience, static_cast<uint32_t>(o_.users[u].groups.size()) + 1);
      }
    };
    for (uint32_t u = 0; u < o_.users.size(); ++u) {
      User& user = o_.users[u];
      switch (user.track) {
        case Track::kAdmin:
          break;
        case Track::kDeveloper:
          JoinSome(rng, u, Kind::kDevelopers, 1 + rng.Weighted(kHowMany));
          audiences(u, 0.6, 0.15);
          break;
        case Track::kQa:
          JoinSome(rng, u, Kind::kQa, rng.Chance(0.75) ? 1 : 2);
          audiences(u, 0.6, 0.15);
          break;
        case Track::kAnalyst:
          JoinSome(rng, u, Kind::kAnalysts, 1 + rng.Weighted(std::array<uint32_t, 3>{60, 30, 10}));
          audiences(u, 0.6, 0.3);
          break;
        case Track::kLead: {
          const int64_t lead = o_.areas[user.area].lead_group;
          if (lead >= 0) Join(u, static_cast<uint32_t>(lead));
          if (rng.Chance(0.4))
            JoinSome(rng, u, Kind::kDevelopers, static_cast<uint32_t>(user.groups.size()) + 1);
          if (rng.Chance(0.1)) {
            const int64_t other = o_.areas[rng.Below(areas)].lead_group;
            if (other >= 0) Join(u, static_cast<uint32_t>(other));
          }
          if (!o_.by_kind[static_cast<int>(Kind::kReleaseManagers)].empty() && rng.Chance(0.03)) {
            Join(u, o_.by_kind[static_cast<int>(Kind::kReleaseManagers)].front());
          }
          audiences(u, 0.6, 0.1);
          break;
        }
        case Track::kEndUser:
          department(u);
          JoinSome(rng, u, Kind::kAudience,
                   static_cast<uint32_t>(user.groups.size()) + rng.Weighted(kHowMany));
          break;
      }
    }
  }

  // Owners: an enabled lead or developer of the app's area, for most apps.
  void MakeOwners() {
    Rng rng(seed_, kSOwners);
    for (App& app : o_.apps) {
      if (!rng.Chance(0.65)) continue;
      std::vector<uint32_t> pool;
      const Area& area = o_.areas[app.area];
      if (area.lead_group >= 0) {
        for (uint32_t m : o_.groups[area.lead_group].members) pool.push_back(m);
      }
      for (uint32_t g : o_.by_kind_area[static_cast<int>(Kind::kDevelopers)][app.area]) {
        const auto& members = o_.groups[g].members;
        pool.insert(pool.end(), members.begin(),
                    members.begin() + std::min<size_t>(members.size(), 8));
      }
      pool.erase(std::remove_if(pool.begin(), pool.end(),
                                [&](uint32_t u) { return o_.users[u].disabled; }),
                 pool.end());
      if (!pool.empty()) app.owner = pool[rng.Below(static_cast<uint32_t>(pool.size()))];
    }
  }

  Org& o_;
  Sizes n_;
  uint64_t seed_;
  uint32_t lead_groups_ = 1;
  std::map<std::string, uint32_t> name_count_;
};

// ---------------------------------------------------------------------------
// Effective access (docs/semantics.md R2-R10), for the assertions.

enum Cap : uint8_t { kNone, kUse, kPreview, kRun, kEdit };
constexpr std::string_view kCapNames[] = {"none", "use", "preview", "run", "edit"};

struct Access {
  bool edit = false;
  std::array<Cap, kEnvCount + 1> cells{};
};

Access Evaluate(const Org& o, uint32_t u, uint32_t a) {
  const User& user = o.users[u];
  Access out;
  if (user.disabled) return out;
  int level = 0;  // 0 none, 1 view, 2 edit
  uint8_t columns = 0;
  if (user.role == Role::kAdmin || o.apps[a].owner == static_cast<int64_t>(u)) {
    level = 2;
    columns = kColAll;
  }
  for (uint32_t g : user.groups) {
    for (const AppGrant& grant : o.groups[g].apps) {
      if (!grant.all && !SortedContains(grant.apps, a)) continue;
      level = std::max(level, grant.edit ? 2 : 1);
      columns |= grant.has_envs                ? grant.columns
                 : user.role == Role::kEndUser ? kColReleased
                                               : kColAll;
    }
  }
  if (user.role == Role::kEndUser) level = std::min(level, 1);  // R5
  if (level == 0) return out;
  out.edit = level == 2;
  for (int c = 0; c < kEnvCount; ++c) {
    if (!(columns & (1 << c))) continue;
    out.cells[c] = level == 2 ? (c == 0 ? kEdit : kRun) : kPreview;
  }
  if ((columns & kColReleased) && o.Released(a)) out.cells[kEnvCount] = kUse;
  return out;
}

uint16_t Permissions(const Org& o, uint32_t u) {
  const User& user = o.users[u];
  if (user.disabled) return 0;
  if (user.role == Role::kAdmin) return kAllPerms;
  uint16_t p = user.role == Role::kBuilder ? kBuilderRolePerms : 0;
  for (uint32_t g : user.groups) p |= o.groups[g].perms;
  return p;
}

struct Assertion {
  uint32_t user = 0;
  int64_t app = -1;
  std::string comment;
  // what to check
  bool expect = false;
  bool app_actions = false;    // can/cannot promote and release
  uint16_t perms_checked = 0;  // workspace permissions
};

// The subjects are chosen before --change edits the organisation, and are
// protected from it, so both variants assert about the same people and apps;
// the expected values are computed afterwards.
std::vector<Assertion> ChooseAssertions(const Org& o, uint64_t seed) {
  Rng rng(seed, kSAssertions);
  std::vector<Assertion> out;
  const uint32_t reps = o.users.size() >= 20000 ? 5 : o.users.size() >= 1000 ? 3 : 1;
  auto users_of = [&](Track t, bool disabled) {
    std::vector<uint32_t> v;
    for (uint32_t u = 0; u < o.users.size(); ++u) {
      if (o.users[u].track == t && o.users[u].disabled == disabled) v.push_back(u);
    }
    return v;
  };
  auto pick = [&](const std::vector<uint32_t>& v) {
    return v[rng.Below(static_cast<uint32_t>(v.size()))];
  };
  // An app the user reaches through a named grant of one of their groups.
  auto reached_app = [&](uint32_t u) -> int64_t {
    for (uint32_t g : o.users[u].groups) {
      for (const AppGrant& grant : o.groups[g].apps) {
        if (!grant.all && !grant.apps.empty())
          return grant.apps[rng.Below(static_cast<uint32_t>(grant.apps.size()))];
      }
    }
    return rng.Below(static_cast<uint32_t>(o.apps.size()));
  };
  const uint16_t ship = kAppPromote | kAppRelease;

  std::vector<uint32_t> admins = users_of(Track::kAdmin, false);
  if (!admins.empty()) {
    const uint32_t admin = admins.front();
    out.push_back(Assertion{admin, -1, "Administrators hold every workspace permission (R6).",
                            false, false, kAllPerms});
    out.push_back(Assertion{admin, 0, "", true, true, 0});
  }
  const std::vector<uint32_t> leads = users_of(Track::kLead, false);
  for (uint32_t i = 0; i < reps && !leads.empty(); ++i) {
    const uint32_t u = pick(leads);
    const uint32_t area = o.users[u].area;
    const auto& apps = o.areas[area].apps;
    const int64_t app =
        o.areas[area].lead_group >= 0 &&
                SortedContains(o.users[u].groups, static_cast<uint32_t>(o.areas[area].lead_group))
            ? apps[rng.Below(static_cast<uint32_t>(apps.size()))]
            : reached_app(u);
    out.push_back(Assertion{u, app, i == 0 ? "Leads promote and release their area's apps." : "",
                            true, true, 0});
  }
  struct Who {
    Track track;
    const char* comment;
  };
  for (const Who& who : {Who{Track::kDeveloper, "Developers edit, but do not ship."},
                         Who{Track::kQa, "QA runs queries where it tests, and does not ship."},
                         Who{Track::kAnalyst, "Analysts look without editing."},
                         Who{Track::kEndUser, "End-users open released apps only."}}) {
    const std::vector<uint32_t> users = users_of(who.track, false);
    for (uint32_t i = 0; i < reps && !users.empty(); ++i) {
      const uint32_t u = pick(users);
      out.push_back(Assertion{u, reached_app(u), i == 0 ? who.comment : "", true,
                              who.track != Track::kEndUser, 0});
      if (i == 0) out.push_back(Assertion{u, -1, "", false, false, ship});
    }
  }
  // An end-user and an app not released yet.
  const std::vector<uint32_t> end_users = users_of(Track::kEndUser, false);
  for (uint32_t a = 0; a < o.apps.size() && !end_users.empty(); ++a) {
    if (o.Released(a)) continue;
    out.push_back(Assertion{pick(end_users), a, "Apps not released yet are closed to end-users.",
                            true, false, 0});
    break;
  }
  // Leavers keep their groups but lose everything (R7).
  std::vector<uint32_t> leavers;
  for (uint32_t u = 0; u < o.users.size(); ++u) {
    if (o.users[u].disabled) leavers.push_back(u);
  }
  if (!leavers.empty()) {
    const uint32_t u = leavers.front();
    out.push_back(Assertion{u, reached_app(u),
                            "A disabled account keeps its groups but has no access (R7).", true,
                            false, 0});
    out.push_back(Assertion{u, -1, "", false, false, kAppCreate | kFolderCrud});
  }
  return out;
}

// ---------------------------------------------------------------------------
// --change: deterministic edits that keep the configuration valid and free
// of warnings.

struct ChangeCounts {
  uint32_t widened = 0, narrowed = 0, environments = 0, moved = 0, disabled = 0, promoted = 0;
  uint32_t Total() const { return widened + narrowed + environments + moved + disabled + promoted; }
};

class Changer {
 public:
  Changer(Org& o, uint64_t seed, const std::vector<Assertion>& assertions)
      : o_(o), rng_(seed, kSChanges) {
    protected_users_.assign(o.users.size(), false);
    protected_apps_.assign(o.apps.size(), false);
    for (const Assertion& a : assertions) {
      protected_users_[a.user] = true;
      if (a.app >= 0) protected_apps_[a.app] = true;
    }
    owners_.assign(o.users.size(), false);
    for (const App& app : o.apps) {
      if (app.owner >= 0) owners_[app.owner] = true;
    }
  }

  ChangeCounts Apply(uint32_t n) {
    for (uint32_t i = 0; i < n; ++i) {
      bool done = false;
      for (uint32_t attempt = 0; attempt < 6 && !done; ++attempt) {
        switch ((i + attempt) % 6) {
          case 0:
            done = Widen();
            break;
          case 1:
            done = Narrow();
            break;
          case 2:
            done = Move();
            break;
          case 3:
            done = Promote();
            break;
          case 4:
            done = Environments();
            break;
          case 5:
            done = Disable();
            break;
        }
      }
      if (!done) break;  // nothing left to change
    }
    return counts_;
  }

 private:
  // Groups whose grants may change: everything but leads.
  int64_t EditableGroup() {
    for (int tries = 0; tries < 64; ++tries) {
      const uint32_t g = rng_.Below(static_cast<uint32_t>(o_.groups.size()));
      const Kind k = o_.groups[g].kind;
      if (k != Kind::kLeads && k != Kind::kReleaseManagers) return g;
    }
    return -1;
  }

  bool Widen() {
    for (int tries = 0; tries < 32; ++tries) {
      const int64_t g = EditableGroup();
      if (g < 0) return false;
      Group& grp = o_.groups[g];
      AppGrant& grant = grp.apps.front();
      if (grant.all) continue;
      const Area& area = o_.areas[grp.area];
      std::vector<uint32_t> candidates;
      for (uint32_t a : area.apps) {
        if (SortedContains(grant.apps, a)) continue;
        if (grp.kind == Kind::kAudience && !o_.Released(a)) continue;  // unreleased-app-grant
        candidates.push_back(a);
      }
      if (candidates.empty()) continue;
      for (uint32_t a : Sample(rng_, candidates, rng_.Skewed(1, 5))) SortedInsert(grant.apps, a);
      ++counts_.widened;
      return true;
    }
    return false;
  }

  bool Narrow() {
    for (int tries = 0; tries < 32; ++tries) {
      const int64_t g = EditableGroup();
      if (g < 0) return false;
      AppGrant& grant = o_.groups[g].apps.front();
      if (grant.all || grant.apps.size() < 2) continue;
      const uint32_t remove =
          std::min<uint32_t>(rng_.Skewed(1, 3), static_cast<uint32_t>(grant.apps.size()) - 1);
      for (uint32_t k = 0; k < remove; ++k) {
        grant.apps.erase(grant.apps.begin() + rng_.Below(static_cast<uint32_t>(grant.apps.size())));
      }
      ++counts_.narrowed;
      return true;
    }
    return false;
  }

  bool Environments() {
    for (int tries = 0; tries < 32; ++tries) {
      const int64_t g = EditableGroup();
      if (g < 0) return false;
      Group& grp = o_.groups[g];
      AppGrant& grant = grp.apps.front();
      switch (grp.kind) {
        case Kind::kDevelopers:
          // [development] <-> [development, staging]; everywhere -> [development, staging]
          if (!grant.has_envs) {
            grant.has_envs = true;
            grant.columns = kColDev | kColStaging;
          } else {
            grant.columns = grant.columns == kColDev ? kColDev | kColStaging : kColDev;
          }
          break;
        case Kind::kQa:
          grant.columns = grant.columns == kColStaging ? kColStaging | kColProd : kColStaging;
          break;
        case Kind::kAnalysts:
          if (!grant.has_envs) {
            grant.has_envs = true;
            grant.columns = kColProd;
          } else {
            grant.columns = grant.columns == kColProd ? kColStaging | kColProd : kColProd;
          }
          break;
        default:
          continue;  // audiences stay on the released app
      }
      ++counts_.environments;
      return true;
    }
    return false;
  }

  // A user moves from one group of their track to another.
  bool Move() {
    for (int tries = 0; tries < 64; ++tries) {
      const uint32_t u = rng_.Below(static_cast<uint32_t>(o_.users.size()));
      User& user = o_.users[u];
      if (protected_users_[u] || user.disabled || user.groups.empty()) continue;
      const uint32_t from = user.groups[rng_.Below(static_cast<uint32_t>(user.groups.size()))];
      Group& src = o_.groups[from];
      if (src.members.size() < 2 || src.kind == Kind::kLeads || src.kind == Kind::kReleaseManagers)
        continue;
      const auto& pool = o_.by_kind[static_cast<int>(src.kind)];
      const uint32_t to = pool[rng_.Below(static_cast<uint32_t>(pool.size()))];
      if (to == from || SortedContains(user.groups, to)) continue;
      SortedErase(user.groups, from);
      SortedErase(src.members, u);
      SortedInsert(user.groups, to);
      SortedInsert(o_.groups[to].members, u);
      ++counts_.moved;
      return true;
    }
    return false;
  }

  bool Disable() {
    for (int tries = 0; tries < 64; ++tries) {
      const uint32_t u = rng_.Below(static_cast<uint32_t>(o_.users.size()));
      User& user = o_.users[u];
      if (protected_users_[u] || user.disabled || owners_[u] || user.track == Track::kAdmin ||
          user.track == Track::kLead) {
        continue;
      }
      user.disabled = true;
      ++counts_.disabled;
      return true;
    }
    return false;
  }

  // One step along the pipeline: release what is in staging, promote a
  // published version from development, or publish a draft.
  bool Promote() {
    for (int tries = 0; tries < 64; ++tries) {
      const uint32_t a = rng_.Below(static_cast<uint32_t>(o_.apps.size()));
      if (protected_apps_[a]) continue;
      std::vector<Version>& versions = o_.apps[a].versions;
      Version* staging = nullptr;
      Version* published_dev = nullptr;
      Version* draft = nullptr;
      for (Version& v : versions) {
        if (v.env == 1) staging = &v;  // the newest in staging
        if (v.env == 0 && v.status == kPublished && !published_dev) published_dev = &v;
        if (v.env == 0 && v.status == kDraft && !draft) draft = &v;
      }
      if (staging) {
        for (Version& v : versions) {
          if (v.status == kReleased) v.status = kPublished;  // P4: replaced
        }
        staging->env = 2;
        staging->status = kReleased;
      } else if (published_dev) {
        published_dev->env = 1;
      } else if (draft) {
        draft->status = kPublished;
      } else {
        continue;
      }
      ++counts_.promoted;
      return true;
    }
    return false;
  }

  Org& o_;
  Rng rng_;
  std::vector<bool> protected_users_, protected_apps_, owners_;
  ChangeCounts counts_;
};

// ---------------------------------------------------------------------------
// Writing YAML.

using Buffer = std::string;

template <typename... Args>
void Out(Buffer& b, fmt::format_string<Args...> f, Args&&... args) {
  fmt::format_to(std::back_inserter(b), f, std::forward<Args>(args)...);
}

std::string Columns(uint8_t columns) {
  std::string s = "[";
  bool first = true;
  for (int c = 0; c <= kEnvCount; ++c) {
    if (!(columns & (1 << c))) continue;
    if (!first) s += ", ";
    first = false;
    s += c == kEnvCount ? std::string_view("released") : kEnvNames[c];
  }
  return s + "]";
}

std::string PermList(uint16_t perms) {
  std::string s = "[";
  bool first = true;
  for (int p = 0; p < 10; ++p) {
    if (!(perms & (1 << p))) continue;
    if (!first) s += ", ";
    first = false;
    s += kPermNames[p];
  }
  return s + "]";
}

// A list of names under `key` at `indent` (the key's column): flow style when
// short, block style otherwise (long flow lists hit the parser's limits).
template <typename NameOf>
void NameList(Buffer& b, int indent, std::string_view key, const std::vector<uint32_t>& ids,
              NameOf name_of) {
  if (ids.size() <= 8) {
    Out(b, "{}: [", key);
    for (size_t i = 0; i < ids.size(); ++i) Out(b, "{}{}", i ? ", " : "", name_of(ids[i]));
    b += "]\n";
    return;
  }
  Out(b, "{}:\n", key);
  for (uint32_t id : ids) Out(b, "{:{}}- {}\n", "", indent + 2, name_of(id));
}

class Writer {
 public:
  explicit Writer(const Org& o) : o_(o) {}

  void Workspace(Buffer& b, std::string_view comment) const {
    Out(b, "# {}\n\nversion: 1\nworkspace: {}\n", comment, o_.workspace);
    b += "environments: [development, staging, production]\nversionRules: default\n\n";
    b += "# Builders and end-users get their app access from groups only.\n";
    b += "roles:\n  builder:\n    permissions: [appCreate, folderCRUD]\n    apps: []\n"
         "    dataSources: []\n  end-user:\n    permissions: []\n    apps: []\n";
  }

  void Users(Buffer& b, const std::vector<uint32_t>& ids) const {
    for (uint32_t u : ids) {
      const User& user = o_.users[u];
      std::string_view role = user.role == Role::kAdmin     ? "admin"
                              : user.role == Role::kBuilder ? "builder"
                                                            : "end-user";
      Out(b, "  {}: {{name: {}, role: {}{}}}\n", user.email, user.name, role,
          user.disabled ? ", disabled: true" : "");
    }
  }

  void GroupEntry(Buffer& b, const Group& g) const {
    Out(b, "  {}:\n    description: {}\n    members:\n", g.name, g.description);
    for (uint32_t m : g.members) Out(b, "      - {}\n", o_.users[m].email);
    Out(b, "    permissions: {}\n", PermList(g.perms));
    b += "    apps:\n";
    for (const AppGrant& grant : g.apps) {
      b += "      - ";
      if (grant.all) {
        b += "apps: \"*\"\n";
      } else {
        NameList(b, 8, "apps", grant.apps,
                 [&](uint32_t a) -> const std::string& { return o_.apps[a].name; });
      }
      Out(b, "        permission: {}\n", grant.edit ? "edit" : "view");
      if (grant.has_envs) Out(b, "        environments: {}\n", Columns(grant.columns));
      if (grant.hide) b += "        hideFromDashboard: true\n";
    }
    if (!g.sources.empty()) {
      b += "    dataSources:\n";
      for (const SourceGrant& grant : g.sources) {
        b += "      - ";
        if (grant.all) {
          b += "dataSources: \"*\"\n";
        } else {
          NameList(b, 8, "dataSources", grant.sources,
                   [&](uint32_t s) -> const std::string& { return o_.sources[s].name; });
        }
        Out(b, "        permission: {}\n", grant.configure ? "configure" : "use");
      }
    }
  }

  void SourceEntry(Buffer& b, const DataSource& s) const {
    const SourceKindInfo& k = kSourceKinds[static_cast<int>(s.kind)];
    const Area& area = o_.areas[s.area];
    Out(b, "  {}:\n    kind: {}\n    environments:\n", s.name, k.kind);
    const std::string& address = o_.constants[s.address].name;
    const std::string& secret = o_.constants[s.secret].name;
    for (int e = 0; e < kEnvCount; ++e) {
      Out(b, "      {}:\n", kEnvNames[e]);
      switch (s.kind) {
        case SourceKind::kRest:
          Out(b,
              "        url: \"{{{{constants.{}}}}}\"\n        auth_type: bearer\n"
              "        bearer_token: \"{{{{secrets.{}}}}}\"\n        timeout_ms: {}\n"
              "        retry_on_network_error: true\n        ssl_certificate: ca_certificate\n",
              address, secret, e == 2 ? 10000 : 30000);
          break;
        case SourceKind::kGraphql:
          Out(b,
              "        url: \"{{{{constants.{}}}}}graphql\"\n        api_token: "
              "\"{{{{secrets.{}}}}}\"\n",
              address, secret);
          break;
        case SourceKind::kRedis:
          Out(b,
              "        host: \"{{{{constants.{}}}}}\"\n        port: 6379\n"
              "        password: \"{{{{secrets.{}}}}}\"\n        tls: {}\n",
              address, secret, e == 0 ? "false" : "true");
          break;
        default: {
          const int port = s.kind == SourceKind::kMysql   ? 3306
                           : s.kind == SourceKind::kMongo ? 27017
                           : s.kind == SourceKind::kMssql ? 1433
                                                          : 5432;
          Out(b,
              "        host: \"{{{{constants.{}}}}}\"\n        port: {}\n        database: {}_{}\n"
              "        username: {}_{}_app\n        password: \"{{{{secrets.{}}}}}\"\n"
              "        ssl_enabled: {}\n        connection_limit: {}\n        "
              "statement_timeout_ms: {}\n",
              address, port, area.name, kEnvShort[e], area.name, kEnvShort[e], secret,
              e == 0 ? "false" : "true", e == 2 ? 50 : 10, e == 2 ? 15000 : 60000);
          break;
        }
      }
    }
  }

  void ConstantEntry(Buffer& b, const Constant& c) const {
    Out(b, "  {}:\n    type: {}\n    values:\n", c.name, c.secret ? "secret" : "global");
    for (int e = 0; e < kEnvCount; ++e) {
      if (c.secret) {
        Out(b, "      {}: {{fromEnv: {}}}\n", kEnvNames[e], c.values[e]);
      } else {
        Out(b, "      {}: {}\n", kEnvNames[e], c.values[e]);
      }
    }
  }

  void AppEntry(Buffer& b, const App& app) const {
    Out(b, "  {}:\n", app.name);
    if (app.owner >= 0) Out(b, "    owner: {}\n", o_.users[app.owner].email);
    b += "    ";
    NameList(b, 4, "dataSources", app.sources,
             [&](uint32_t s) -> const std::string& { return o_.sources[s].name; });
    if (!app.constants.empty()) {
      b += "    ";
      NameList(b, 4, "constants", app.constants,
               [&](uint32_t c) -> const std::string& { return o_.constants[c].name; });
    }
    b += "    versions:\n";
    for (const Version& v : app.versions) {
      Out(b, "      - {{name: v{}, environment: {}, status: {}}}\n", v.number, kEnvNames[v.env],
          kStatusNames[v.status]);
    }
  }

  // Writes the assertion's entries; returns how many.
  size_t AssertionEntry(Buffer& b, const Assertion& a) const {
    const size_t before = b.size();
    if (!a.comment.empty()) Out(b, "\n  # {}\n", a.comment);
    const std::string& email = o_.users[a.user].email;
    if (a.app >= 0) {
      const Access access = Evaluate(o_, a.user, static_cast<uint32_t>(a.app));
      const std::string& app = o_.apps[a.app].name;
      if (a.expect) {
        Out(b, "  - user: {}\n    app: {}\n    expect: {{", email, app);
        for (int c = 0; c <= kEnvCount; ++c) {
          Out(b, "{}{}: {}", c ? ", " : "",
              c == kEnvCount ? std::string_view("released") : kEnvNames[c],
              kCapNames[access.cells[c]]);
        }
        b += "}\n";
      }
      if (a.app_actions) {
        const uint16_t perms = Permissions(o_, a.user);
        const User& user = o_.users[a.user];
        const bool builder = !user.disabled && user.role != Role::kEndUser && access.edit;
        std::vector<std::string_view> can, cannot;
        ((builder && (perms & kAppPromote)) ? can : cannot).push_back("promote");
        ((builder && (perms & kAppRelease)) ? can : cannot).push_back("release");
        if (!can.empty())
          Out(b, "  - user: {}\n    app: {}\n    can: [{}]\n", email, app, fmt::join(can, ", "));
        if (!cannot.empty())
          Out(b, "  - user: {}\n    app: {}\n    cannot: [{}]\n", email, app,
              fmt::join(cannot, ", "));
      }
    }
    if (a.perms_checked) {
      const uint16_t held = Permissions(o_, a.user);
      if (a.perms_checked & held)
        Out(b, "  - user: {}\n    can: {}\n", email, PermList(a.perms_checked & held));
      if (a.perms_checked & ~held)
        Out(b, "  - user: {}\n    cannot: {}\n", email, PermList(a.perms_checked & ~held));
    }
    size_t entries = 0;
    for (size_t at = b.find("  - user: ", before); at != std::string::npos;
         at = b.find("  - user: ", at + 1)) {
      ++entries;
    }
    return entries;
  }

 private:
  const Org& o_;
};

// ---------------------------------------------------------------------------
// Files.

struct Output {
  fs::path dir;
  uint64_t files = 0, bytes = 0, assertions = 0;

  void Write(const fs::path& relative, const Buffer& b) {
    const fs::path path = dir / relative;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
      throw std::runtime_error(
          fmt::format("cannot write '{}': {}", path.string(), std::strerror(errno)));
    const size_t written = std::fwrite(b.data(), 1, b.size(), f);
    const bool ok = std::fclose(f) == 0 && written == b.size();
    if (!ok)
      throw std::runtime_error(
          fmt::format("cannot write '{}': {}", path.string(), std::strerror(errno)));
    ++files;
    bytes += b.size();
  }
};

// `users_per_file` 0: one users file per team (50 to 200 people); else that
// many users per file, in order (a few large files beside many small ones).
void WriteMulti(const Org& o, const std::vector<Assertion>& assertions, const std::string& comment,
                uint32_t users_per_file, Output& out) {
  const Writer w(o);
  fs::create_directories(out.dir / "groups");
  fs::create_directories(out.dir / "apps");
  fs::create_directories(out.dir / "users");
  Buffer b;
  b.reserve(1 << 20);
  w.Workspace(b, comment);
  out.Write("workspace.yaml", b);
  if (users_per_file == 0) {
    for (const auto& [stem, ids] : o.teams) {
      b.clear();
      Out(b, "# Team {}: {} people.\nusers:\n", stem, ids.size());
      w.Users(b, ids);
      out.Write(fs::path("users") / (stem + ".yaml"), b);
    }
  } else {
    const uint32_t n = static_cast<uint32_t>(o.users.size());
    for (uint32_t first = 0, file = 1; first < n; first += users_per_file, ++file) {
      std::vector<uint32_t> ids;
      for (uint32_t u = first; u < n && u < first + users_per_file; ++u) ids.push_back(u);
      b.clear();
      Out(b, "# Users {} to {}.\nusers:\n", first + 1, first + ids.size());
      w.Users(b, ids);
      out.Write(fs::path("users") / fmt::format("users-{:04}.yaml", file), b);
    }
  }
  for (const Group& g : o.groups) {
    b.clear();
    b += "groups:\n";
    w.GroupEntry(b, g);
    out.Write(fs::path("groups") / (g.name + ".yaml"), b);
  }
  for (const App& app : o.apps) {
    b.clear();
    b += "apps:\n";
    w.AppEntry(b, app);
    out.Write(fs::path("apps") / (app.name + ".yaml"), b);
  }
  b.clear();
  b += "# Hosts and URLs come from global constants, credentials from secrets.\ndataSources:\n";
  for (const DataSource& s : o.sources) w.SourceEntry(b, s);
  out.Write("datasources.yaml", b);
  b.clear();
  b += "# Secret values are read from the named environment variables.\nconstants:\n";
  for (const Constant& c : o.constants) w.ConstantEntry(b, c);
  out.Write("constants.yaml", b);
  b.clear();
  b += "# Computed from the generated grants, so every assertion holds.\nassertions:\n";
  for (const Assertion& a : assertions) out.assertions += w.AssertionEntry(b, a);
  out.Write("assertions.yaml", b);
}

void WriteSingle(const Org& o, const std::vector<Assertion>& assertions, const std::string& comment,
                 Output& out) {
  const Writer w(o);
  Buffer b;
  b.reserve(32 << 20);
  w.Workspace(b, comment);
  b += "\nusers:\n";
  for (const auto& [stem, ids] : o.teams) {
    Out(b, "  # Team {}\n", stem);
    w.Users(b, ids);
  }
  b += "\ngroups:\n";
  for (const Group& g : o.groups) w.GroupEntry(b, g);
  b += "\ndataSources:\n";
  for (const DataSource& s : o.sources) w.SourceEntry(b, s);
  b += "\nconstants:\n";
  for (const Constant& c : o.constants) w.ConstantEntry(b, c);
  b += "\napps:\n";
  for (const App& app : o.apps) w.AppEntry(b, app);
  b += "\nassertions:\n";
  for (const Assertion& a : assertions) out.assertions += w.AssertionEntry(b, a);
  out.Write("config.yaml", b);
}

// What the generator writes; --force removes exactly these before writing.
constexpr std::string_view kOwnFiles[] = {"workspace.yaml", "config.yaml", "datasources.yaml",
                                          "constants.yaml", "assertions.yaml"};
constexpr std::string_view kOwnDirs[] = {"groups", "apps", "users"};

void PrepareDirectory(const fs::path& dir, bool force) {
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      throw std::runtime_error(fmt::format("'{}' is not a directory", dir.string()));
    if (!fs::is_empty(dir, ec)) {
      if (!force) {
        throw std::runtime_error(
            fmt::format("'{}' is not empty; choose an empty directory, or pass --force to replace "
                        "what an earlier run wrote there",
                        dir.string()));
      }
      for (std::string_view f : kOwnFiles) fs::remove(dir / f);
      for (std::string_view d : kOwnDirs) fs::remove_all(dir / d);
    }
  }
  fs::create_directories(dir);
}

std::string Thousands(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "Write a deterministic, valid ToolJet access configuration of a chosen size, for "
      "benchmarking stagegate (bench/README.md)."};
  cli.name("stagegate-generate");
  std::string preset = "small", layout = "multi", dir;
  uint32_t users = 0, groups = 0, apps = 0, change = 0, users_per_file = 0;
  uint64_t seed = 1;
  bool force = false;
  cli.add_option("--preset", preset,
                 "small (about 12 users, 5 groups, 4 apps), large (5,000 / 300 / 1,000), xl "
                 "(50,000 / 2,000 / 10,000) or mixed (20,000 / 1,000 / 3,000, users 1,000 per "
                 "file: a few large files beside many small ones)")
      ->check(CLI::IsMember({"small", "large", "xl", "mixed"}))
      ->capture_default_str();
  cli.add_option("--users", users, "Number of users (overrides the preset; at least 10)");
  cli.add_option("--groups", groups, "Number of custom groups (overrides the preset; at least 5)");
  cli.add_option("--apps", apps, "Number of apps (overrides the preset; at least 2)");
  cli.add_option("--seed", seed, "Seed of the pseudo-random choices")->capture_default_str();
  cli.add_option("--layout", layout,
                 "multi: one file per group and app, users by team; single: one config.yaml")
      ->check(CLI::IsMember({"multi", "single"}))
      ->capture_default_str();
  cli.add_option("--users-per-file", users_per_file,
                 "multi layout: this many users per file instead of one file per team of 50 to "
                 "200 (mixed: 1,000)");
  cli.add_option("--change", change,
                 "Apply N deterministic edits to the organisation (for `stagegate plan`)");
  cli.add_option("-o,--output", dir, "Directory to write (created; must be empty unless --force)")
      ->required();
  cli.add_flag(
      "--force", force,
      "Write into a non-empty directory, replacing the files and directories an earlier run wrote");
  CLI11_PARSE(cli, argc, argv);

  const auto start = std::chrono::steady_clock::now();
  Sizes sizes = preset == "small"   ? Sizes{12, 5, 4}
                : preset == "large" ? Sizes{5000, 300, 1000}
                : preset == "mixed" ? Sizes{20000, 1000, 3000}
                                    : Sizes{50000, 2000, 10000};
  if (preset == "mixed" && users_per_file == 0) users_per_file = 1000;
  if (users) sizes.users = users;
  if (groups) sizes.groups = groups;
  if (apps) sizes.apps = apps;
  if (sizes.users < 10 || sizes.groups < 5 || sizes.apps < 2) {
    fmt::print(stderr, "stagegate-generate: need at least 10 users, 5 groups and 2 apps\n");
    return 2;
  }
  if (sizes.users > 5000000 || sizes.groups > 1000000 || sizes.apps > 1000000) {
    fmt::print(
        stderr,
        "stagegate-generate: at most 5,000,000 users, 1,000,000 groups and 1,000,000 apps\n");
    return 2;
  }

  try {
    Org org;
    Builder(org, sizes, seed).Build();
    if (org.users.size() != sizes.users || org.groups.size() != sizes.groups ||
        org.apps.size() != sizes.apps) {
      throw std::logic_error(fmt::format("built {} users, {} groups, {} apps instead of {}, {}, {}",
                                         org.users.size(), org.groups.size(), org.apps.size(),
                                         sizes.users, sizes.groups, sizes.apps));
    }
    const std::vector<Assertion> assertions = ChooseAssertions(org, seed);
    ChangeCounts changes;
    if (change > 0) changes = Changer(org, seed, assertions).Apply(change);

    PrepareDirectory(dir, force);
    Output out{dir};
    const std::string comment = fmt::format(
        "Generated by stagegate-generate (seed {}): {} users, {} groups, {} apps.", seed,
        Thousands(org.users.size()), Thousands(org.groups.size()), Thousands(org.apps.size()));
    if (layout == "single") {
      WriteSingle(org, assertions, comment, out);
    } else {
      WriteMulti(org, assertions, comment, users_per_file, out);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::string edited;
    if (change > 0) {
      edited = fmt::format(
          "; {} changes ({} widened, {} narrowed, {} environments, {} moved, {} disabled, {} "
          "promoted)",
          changes.Total(), changes.widened, changes.narrowed, changes.environments, changes.moved,
          changes.disabled, changes.promoted);
    }
    fmt::print(
        stderr,
        "stagegate-generate: {} file{}, {} bytes ({:.1f} MB) in {}: {} users, {} groups, {} apps, "
        "{} data sources, {} constants, {} assertions{} ({:.2f} s)\n",
        Thousands(out.files), out.files == 1 ? "" : "s", Thousands(out.bytes),
        static_cast<double>(out.bytes) / 1e6, dir, Thousands(org.users.size()),
        Thousands(org.groups.size()), Thousands(org.apps.size()), Thousands(org.sources.size()),
        Thousands(org.constants.size()), out.assertions, edited, seconds);
    if (change > 0 && changes.Total() < change) {
      fmt::print(stderr, "stagegate-generate: only {} of the {} changes could be applied\n",
                 changes.Total(), change);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "stagegate-generate: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
