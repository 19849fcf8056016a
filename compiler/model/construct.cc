// FinishWorkspace: the derived fields, the order and the lookups of a
// workspace, set in one place for every producer.
#include "model/construct.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "source/parallel.h"

namespace stagegate {
namespace {

Ref SpellingOf(const User& u) { return Ref{u.email, u.location, u.width}; }
template <typename T>
Ref SpellingOf(const T& entity) {
  return Ref{entity.name, entity.location, entity.width};
}

const std::string& KeyOf(const User& u) { return u.key; }
// A global and a secret may share a name (workspace.h, ConstantTypeRank).
std::pair<std::string_view, int> KeyOf(const Constant& c) {
  return {c.name, ConstantTypeRank(c.type)};
}
template <typename T>
const std::string& KeyOf(const T& entity) {
  return entity.name;
}

// Sorts `items` by key, stably, and drops every later definition of a key,
// recording it in `dropped`.
template <typename T>
void SortUnique(EntityKind kind, std::vector<T>* items, std::vector<DuplicateDefinition>* dropped) {
  auto strictly_sorted = [&] {
    for (size_t i = 1; i < items->size(); ++i) {
      if (!(KeyOf((*items)[i - 1]) < KeyOf((*items)[i]))) return false;
    }
    return true;
  };
  if (strictly_sorted()) return;  // the usual case: nothing to move
  // Sort positions, not the (large) entities themselves.
  std::vector<uint32_t> order(items->size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return KeyOf((*items)[a]) < KeyOf((*items)[b]);
  });
  std::vector<T> out;
  out.reserve(items->size());
  uint32_t kept = 0;  // position of out.back() as handed over
  for (uint32_t i : order) {
    T& item = (*items)[i];
    if (!out.empty() && KeyOf(out.back()) == KeyOf(item)) {
      dropped->push_back({kind, SpellingOf(out.back()), SpellingOf(item), kept, i});
      continue;
    }
    kept = i;
    out.push_back(std::move(item));
  }
  *items = std::move(out);
}

template <typename T, typename Key>
void SortBy(std::vector<T>* items, Key key) {
  if (std::is_sorted(items->begin(), items->end(),
                     [&](const T& a, const T& b) { return key(a) < key(b); })) {
    return;
  }
  std::stable_sort(items->begin(), items->end(),
                   [&](const T& a, const T& b) { return key(a) < key(b); });
}

void FinishDataSource(DataSource* ds) {
  SortBy(&ds->environments,
         [](const DataSourceEnvironment& e) -> const std::string& { return e.environment.name; });
  for (DataSourceEnvironment& env : ds->environments) {
    SortBy(&env.options, [](const DataSourceOption& o) -> const std::string& { return o.key.name; });
  }
}

void FinishConstant(Constant* c) {
  for (ConstantValue& v : c->values) v.length = CodePoints(v.text);
  SortBy(&c->values,
         [](const ConstantValue& v) -> const std::string& { return v.environment.name; });
}

}  // namespace

void FinishWorkspace(Workspace& ws, const DuplicateReporter& on_duplicate) {
  std::vector<DuplicateDefinition> main_dropped, side_dropped;
  auto side = [&] {
    for (User& u : ws.users) u.key = LowerAscii(u.email);
    SortUnique(EntityKind::kUser, &ws.users, &side_dropped);
    SortUnique(EntityKind::kDataSource, &ws.data_sources, &side_dropped);
    for (DataSource& ds : ws.data_sources) FinishDataSource(&ds);
    SortUnique(EntityKind::kConstant, &ws.constants, &side_dropped);
    for (Constant& c : ws.constants) FinishConstant(&c);
  };
  RunBeside(ws.users.size() + ws.data_sources.size() + ws.constants.size() >= 2 * kWorthAThread,
            side, [&] {
              SortUnique(EntityKind::kGroup, &ws.groups, &main_dropped);
              SortUnique(EntityKind::kApp, &ws.apps, &main_dropped);
            });
  ws.IndexUsers();
  if (on_duplicate) {
    for (const DuplicateDefinition& d : main_dropped) on_duplicate(d);
    for (const DuplicateDefinition& d : side_dropped) on_duplicate(d);
  }
}

}  // namespace stagegate
