// Builder, the things people work on: areas (departments), their apps and the
// apps' versions, data sources, and the constants that hold the sources'
// hosts, URLs and credentials. Every data source and constant ends up used
// by an app, so none of them is reported unused.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "generate_build.h"

namespace stagegate::bench {
namespace {

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

// payments-api -> PAYMENTS_API: the stem of a constant's name.
std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

// Beyond the base words: regional divisions, then numbers, so names stay
// readable at any size.
std::string AreaName(uint32_t a) {
  constexpr uint32_t kWords = std::size(kAreaWords);
  constexpr std::string_view kRegions[] = {"emea", "apac", "amer", "latam"};
  const uint32_t round = a / kWords;
  return round == 0 ? std::string(kAreaWords[a])
         : round <= std::size(kRegions)
             ? fmt::format("{}-{}", kAreaWords[a % kWords], kRegions[round - 1])
             : fmt::format("{}-{}", kAreaWords[a % kWords], round + 1);
}

std::string AppName(const std::string& area, uint32_t k) {
  constexpr uint32_t kNouns = std::size(kAppNouns);
  return k < kNouns ? fmt::format("{}-{}", area, kAppNouns[k])
                    : fmt::format("{}-{}-{}", area, kAppNouns[k % kNouns], k / kNouns + 1);
}

}  // namespace

void Builder::MakeAreasAndApps() {
  // One lead group per area; with four or more lead groups the first is a
  // workspace-wide "release-managers" group instead.
  lead_groups_ = std::max<uint32_t>(1, (n_.groups * 6 + 50) / 100);
  const uint32_t release_managers = lead_groups_ >= 4 ? 1 : 0;
  const uint32_t areas = std::min(lead_groups_ - release_managers, n_.apps);
  lead_groups_ = areas + release_managers;
  o_.areas.resize(areas);
  for (uint32_t a = 0; a < areas; ++a) {
    o_.areas[a].name = AreaName(a);
    o_.areas[a].upper = Upper(o_.areas[a].name);
  }
  const std::vector<uint32_t> count = AppsPerArea();
  for (uint32_t a = 0; a < areas; ++a) {
    for (uint32_t k = 0; k < count[a]; ++k) {
      App app;
      app.area = a;
      app.name = AppName(o_.areas[a].name, k);
      o_.areas[a].apps.push_back(static_cast<uint32_t>(o_.apps.size()));
      o_.apps.push_back(std::move(app));
    }
  }
}

// Skewed area sizes: every area gets one app, the rest go by weight.
std::vector<uint32_t> Builder::AppsPerArea() {
  const uint32_t areas = static_cast<uint32_t>(o_.areas.size());
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
  return count;
}

// Versions follow the format's rules: drafts in development, at most one
// released version, in production; numbers grow along the pipeline.
void Builder::MakeVersions() {
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

uint32_t Builder::AddConstant(std::string name, bool secret,
                              std::array<std::string, kEnvCount> values) {
  o_.constants.push_back(Constant{std::move(name), secret, std::move(values)});
  return static_cast<uint32_t>(o_.constants.size() - 1);
}

// Constants first, so the shared ones come first in constants.yaml, then the
// data sources with the two constants each of them needs.
void Builder::MakeSourcesAndConstants() {
  MakeSharedConstants();
  MakeSources();
}

// Constants apps use directly: a few for the whole workspace, two per area.
void Builder::MakeSharedConstants() {
  const std::string& d = o_.domain;
  o_.workspace_constants.push_back(
      AddConstant("SUPPORT_EMAIL", false,
                  {fmt::format("it-support-dev@{}", d), fmt::format("it-support-dev@{}", d),
                   fmt::format("it-support@{}", d)}));
  o_.workspace_constants.push_back(
      AddConstant("DOCS_BASE_URL", false,
                  {fmt::format("https://docs.dev.{}", d), fmt::format("https://docs.staging.{}", d),
                   fmt::format("https://docs.{}", d)}));
  o_.workspace_constants.push_back(
      AddConstant("BRAND_NAME", false, {"Orbital (development)", "Orbital (staging)", "Orbital"}));
  for (Area& area : o_.areas) {
    area.constants.push_back(AddConstant(area.upper + "_API_BASE_URL", false,
                                         {fmt::format("https://{}.api.dev.{}/v2", area.name, d),
                                          fmt::format("https://{}.api.staging.{}/v2", area.name, d),
                                          fmt::format("https://{}.api.{}/v2", area.name, d)}));
    area.constants.push_back(
        AddConstant(area.upper + "_SUPPORT_EMAIL", false,
                    {fmt::format("{}-dev@{}", area.name, d), fmt::format("{}-dev@{}", area.name, d),
                     fmt::format("{}@{}", area.name, d)}));
  }
}

// One data source per six apps, areas in turn, of weighted kinds.
void Builder::MakeSources() {
  Rng rng(seed_, kSSources);
  const uint32_t count = std::max<uint32_t>(2, (n_.apps + 3) / 6);
  std::vector<uint32_t> per_area_kind(o_.areas.size() * std::size(kSourceKinds), 0);
  for (uint32_t i = 0; i < count; ++i) {
    DataSource s;
    s.area = i % o_.areas.size();
    s.kind = static_cast<SourceKind>(rng.Weighted(std::array<uint32_t, 7>{35, 12, 25, 8, 8, 6, 6}));
    const SourceKindInfo& k = kSourceKinds[static_cast<int>(s.kind)];
    const Area& area = o_.areas[s.area];
    const uint32_t nth =
        ++per_area_kind[s.area * std::size(kSourceKinds) + static_cast<int>(s.kind)];
    s.name = nth == 1 ? fmt::format("{}-{}", area.name, k.tag)
                      : fmt::format("{}-{}-{}", area.name, k.tag, nth);
    AddSourceConstants(s);
    o_.areas[s.area].sources.push_back(static_cast<uint32_t>(o_.sources.size()));
    o_.sources.push_back(std::move(s));
  }
}

// The source's address as a global constant and its credential as a secret
// one (read from the environment), as a careful team keeps them.
void Builder::AddSourceConstants(DataSource& s) {
  const std::string& d = o_.domain;
  const std::string ws = Upper(o_.workspace);
  const std::string up = Upper(s.name);
  if (kSourceKinds[static_cast<int>(s.kind)].api) {
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
    s.secret = AddConstant(
        up + "_PASSWORD", true,
        {fmt::format("{}_DEV_{}_PASSWORD", ws, up), fmt::format("{}_STAGING_{}_PASSWORD", ws, up),
         fmt::format("{}_PROD_{}_PASSWORD", ws, up)});
  }
}

// Apps use their area's data sources and constants; then every data source
// and every constant an app should name gets at least one app.
void Builder::LinkApps() {
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
      SortedInsert(
          app.constants,
          o_.workspace_constants[rng.Below(static_cast<uint32_t>(o_.workspace_constants.size()))]);
    }
  }
  UseEverySource(rng);
  UseEveryConstant(rng);
}

// A data source no app uses goes to an app of its area.
void Builder::UseEverySource(Rng& rng) {
  std::vector<bool> used(o_.sources.size(), false);
  for (const App& app : o_.apps) {
    for (uint32_t s : app.sources) used[s] = true;
  }
  for (uint32_t s = 0; s < o_.sources.size(); ++s) {
    if (used[s]) continue;
    const Area& area = o_.areas[o_.sources[s].area];
    SortedInsert(o_.apps[area.apps[rng.Below(static_cast<uint32_t>(area.apps.size()))]].sources, s);
  }
}

// An area's constant no app uses goes to an app of that area; a workspace
// constant, to any app.
void Builder::UseEveryConstant(Rng& rng) {
  std::vector<bool> used(o_.constants.size(), false);
  for (const App& app : o_.apps) {
    for (uint32_t c : app.constants) used[c] = true;
  }
  for (const Area& area : o_.areas) {
    for (uint32_t c : area.constants) {
      if (!used[c]) {
        SortedInsert(
            o_.apps[area.apps[rng.Below(static_cast<uint32_t>(area.apps.size()))]].constants, c);
      }
    }
  }
  for (uint32_t c : o_.workspace_constants) {
    if (!used[c]) {
      SortedInsert(o_.apps[rng.Below(static_cast<uint32_t>(o_.apps.size()))].constants, c);
    }
  }
}

}  // namespace stagegate::bench
