// How notes name their entity, their order, and where their rows are.
#include <fmt/format.h>

#include <algorithm>

#include "live/read.h"

namespace stagegate::live {
namespace {

// The written files' order: workspace.yaml, users.yaml, roles.yaml,
// groups.yaml, datasources.yaml, constants.yaml, apps.yaml.
int FileRank(const EntityNote& note) {
  switch (note.scope) {
    case EntityNote::Scope::kWorkspace: return 0;
    case EntityNote::Scope::kRole: return 2;
    case EntityNote::Scope::kEntity: break;
  }
  switch (note.kind) {
    case EntityKind::kUser: return 1;
    case EntityKind::kGroup: return 3;
    case EntityKind::kDataSource: return 4;
    case EntityKind::kConstant: return 5;
    case EntityKind::kApp: return 6;
    default: break;  // no note is about another kind
  }
  return 7;
}

}  // namespace

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

std::string NoteSubject(const EntityNote& note) {
  switch (note.scope) {
    case EntityNote::Scope::kWorkspace: return "";
    case EntityNote::Scope::kRole: return fmt::format("the {} role", note.name);
    case EntityNote::Scope::kEntity: break;
  }
  return fmt::format("{} '{}'", EntityNoun(note.kind), OneLine(note.name));
}

std::string NoteMessage(const EntityNote& note) {
  std::string subject = NoteSubject(note);
  return subject.empty() ? note.message : subject + ": " + note.message;
}

std::vector<const EntityNote*> NotesInFileOrder(const std::vector<EntityNote>& notes) {
  std::vector<const EntityNote*> order;
  order.reserve(notes.size());
  for (const EntityNote& n : notes) order.push_back(&n);
  std::stable_sort(order.begin(), order.end(), [](const EntityNote* a, const EntityNote* b) {
    int ra = FileRank(*a), rb = FileRank(*b);
    return ra != rb ? ra < rb : a->name < b->name;
  });
  return order;
}

std::string OriginPath(std::string_view workspace, const RowOrigin& origin) {
  std::string path = fmt::format("tooljet:{}", OneLine(workspace));
  if (!origin.table.empty()) path += "/" + origin.table;
  if (!origin.table.empty() && !origin.row.empty()) path += "/" + OneLine(origin.row);
  return path;
}

}  // namespace stagegate::live
