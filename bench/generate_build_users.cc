// Builder, the people: users with their roles, tracks, teams, names and
// leavers; then who joins which group (every group a member, every user the
// groups of their track), and which apps have an owner. Runs after the
// groups exist, and draws from its own streams so adding a kind of group
// does not rename anyone.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "generate_build.h"

namespace stagegate::bench {
namespace {

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

// How many groups of their track most users join, skewed towards one.
constexpr std::array<uint32_t, 4> kHowMany{35, 32, 20, 13};

Track TrackOf(Kind kind) {
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

}  // namespace

void Builder::MakeUsers() {
  Rng rng(seed_, kSUsers);
  const std::vector<Track> tracks = ShuffledTracks(rng);
  MakeTeams(rng, tracks);
  NameUsers();
  if (n_.users >= 10) DisableLeavers(rng);
}

// The tracks of all users in fixed shares, in random order.
std::vector<Track> Builder::ShuffledTracks(Rng& rng) const {
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
  rng.Shuffle(tracks);
  return tracks;
}

// Teams of 50 to 200 people, one file each; a team works in one area.
void Builder::MakeTeams(Rng& rng, const std::vector<Track>& tracks) {
  const uint32_t n = n_.users;
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
}

// Names from the lists; a repeated name gets a numbered e-mail address.
void Builder::NameUsers() {
  Rng names(seed_, kSNames);
  std::unordered_map<std::string, uint32_t> seen;  // lookups only
  seen.reserve(n_.users * 2);
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
}

// A few leavers: developers, QA, analysts and end-users (never leads, who
// must be able to ship, nor admins).
void Builder::DisableLeavers(Rng& rng) {
  const uint32_t n = n_.users;
  const uint32_t disabled = std::max<uint32_t>(1, (n * 15 + 500) / 1000);
  std::vector<uint32_t> candidates;
  for (uint32_t i = 0; i < n; ++i) {
    Track t = o_.users[i].track;
    if (t != Track::kAdmin && t != Track::kLead) candidates.push_back(i);
  }
  for (uint32_t i : Sample(rng, candidates, disabled)) o_.users[i].disabled = true;
}

// A group of the given kind for a user: mostly their own area's, favouring
// the first groups listed there so sizes are skewed.
int64_t Builder::PickGroup(Rng& rng, Kind kind, uint32_t area) {
  const auto& local = o_.by_kind_area[static_cast<int>(kind)][area];
  const auto& all = o_.by_kind[static_cast<int>(kind)];
  if (all.empty()) return -1;
  const auto& pool = !local.empty() && rng.Chance(0.8) ? local : all;
  return pool[rng.Favour(static_cast<uint32_t>(pool.size()))];
}

void Builder::Join(uint32_t user, uint32_t group) {
  SortedInsert(o_.users[user].groups, group);
  SortedInsert(o_.groups[group].members, user);
}

// Joins groups of `kind` until the user is in `count` groups in all; picks
// may repeat, so it gives up after a few tries rather than loop.
void Builder::JoinSome(Rng& rng, uint32_t user, Kind kind, uint32_t count) {
  for (uint32_t tries = 0; tries < count * 4 && o_.users[user].groups.size() < count; ++tries) {
    int64_t g = PickGroup(rng, kind, o_.users[user].area);
    if (g >= 0) Join(user, static_cast<uint32_t>(g));
  }
}

void Builder::MakeMemberships() {
  Rng rng(seed_, kSMembers);
  GiveEveryGroupAMember();
  for (uint32_t u = 0; u < o_.users.size(); ++u) JoinGroupsOfTrack(rng, u);
}

// Every group gets a first member of its track, from its area when there is
// one, preferring enabled users. The users of a pool take turns, so first
// memberships spread evenly instead of piling on one person.
void Builder::GiveEveryGroupAMember() {
  const uint32_t areas = static_cast<uint32_t>(o_.areas.size());
  // Users of each track, by area, to choose from.
  std::array<std::vector<std::vector<uint32_t>>, 6> by_track_area;
  std::array<std::vector<uint32_t>, 6> by_track;
  for (auto& v : by_track_area) v.assign(areas, {});
  for (uint32_t u = 0; u < o_.users.size(); ++u) {
    const User& user = o_.users[u];
    by_track_area[static_cast<int>(user.track)][user.area].push_back(u);
    by_track[static_cast<int>(user.track)].push_back(u);
  }
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
}

// Each user joins a skewed number of groups of their track, and most join
// their department's staff group.
void Builder::JoinGroupsOfTrack(Rng& rng, uint32_t u) {
  switch (o_.users[u].track) {
    case Track::kAdmin:
      break;
    case Track::kDeveloper:
      JoinSome(rng, u, Kind::kDevelopers, 1 + rng.Weighted(kHowMany));
      JoinAudiences(rng, u, 0.6, 0.15);
      break;
    case Track::kQa:
      JoinSome(rng, u, Kind::kQa, rng.Chance(0.75) ? 1 : 2);
      JoinAudiences(rng, u, 0.6, 0.15);
      break;
    case Track::kAnalyst:
      JoinSome(rng, u, Kind::kAnalysts, 1 + rng.Weighted(std::array<uint32_t, 3>{60, 30, 10}));
      JoinAudiences(rng, u, 0.6, 0.3);
      break;
    case Track::kLead:
      JoinAsLead(rng, u);
      JoinAudiences(rng, u, 0.6, 0.1);
      break;
    case Track::kEndUser:
      JoinDepartment(u);
      JoinSome(rng, u, Kind::kAudience,
               static_cast<uint32_t>(o_.users[u].groups.size()) + rng.Weighted(kHowMany));
      break;
  }
}

// A lead joins their area's lead group; some also develop, lead a second
// area, or manage releases across the workspace.
void Builder::JoinAsLead(Rng& rng, uint32_t u) {
  const User& user = o_.users[u];
  const int64_t lead = o_.areas[user.area].lead_group;
  if (lead >= 0) Join(u, static_cast<uint32_t>(lead));
  if (rng.Chance(0.4))
    JoinSome(rng, u, Kind::kDevelopers, static_cast<uint32_t>(user.groups.size()) + 1);
  if (rng.Chance(0.1)) {
    const int64_t other = o_.areas[rng.Below(static_cast<uint32_t>(o_.areas.size()))].lead_group;
    if (other >= 0) Join(u, static_cast<uint32_t>(other));
  }
  const std::vector<uint32_t>& release_managers =
      o_.by_kind[static_cast<int>(Kind::kReleaseManagers)];
  if (!release_managers.empty() && rng.Chance(0.03)) Join(u, release_managers.front());
}

// The department's staff group is the area's first audience group: released
// apps only, so it combines with anything.
void Builder::JoinDepartment(uint32_t u) {
  const auto& local = o_.by_kind_area[static_cast<int>(Kind::kAudience)][o_.users[u].area];
  if (!local.empty()) Join(u, local.front());
}

void Builder::JoinAudiences(Rng& rng, uint32_t u, double department_chance, double other_chance) {
  if (rng.Chance(department_chance)) JoinDepartment(u);
  if (rng.Chance(other_chance)) {
    JoinSome(rng, u, Kind::kAudience, static_cast<uint32_t>(o_.users[u].groups.size()) + 1);
  }
}

// Owners: an enabled lead or developer of the app's area, for most apps.
void Builder::MakeOwners() {
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
    pool.erase(
        std::remove_if(pool.begin(), pool.end(), [&](uint32_t u) { return o_.users[u].disabled; }),
        pool.end());
    if (!pool.empty()) app.owner = pool[rng.Below(static_cast<uint32_t>(pool.size()))];
  }
}

}  // namespace stagegate::bench
