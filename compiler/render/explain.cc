// Text and JSON renderings of an Explanation (see explain.h for both
// shapes). Locations are printed as file:line:col through the SourceSet.
#include "render/explain.h"

#include <fmt/format.h>

#include "source/headline.h"
#include "source/wording.h"

namespace stagegate {
namespace {

bool Disabled(const ColumnExplanation& c) { return c.rules.size() == 1 && c.rules[0] == "R7"; }

bool HasNote(const ColumnExplanation& c, std::string_view note) {
  return c.note.find(note) != std::string::npos;
}

std::string Kind(const GrantSource& g) {
  switch (g.kind) {
    case GrantSource::Kind::kAdmin:
      return "admin";
    case GrantSource::Kind::kOwner:
      return "owner";
    case GrantSource::Kind::kRole:
    case GrantSource::Kind::kGroup:
      return GrantHolderName(g.kind, g.name);
  }
  return "";
}

// "group 'qa' (a.yaml:9:9)", "role 'builder' (built in)".
std::string GrantRef(const SourceSet& sources, const GrantSource& g) {
  if (!g.location.valid()) return Kind(g) + " (built in)";
  return fmt::format("{} ({})", Kind(g), FormatLocation(sources, g.location));
}

// "group 'qa' at a.yaml:9:9", "role 'builder' (built in)".
std::string At(const SourceSet& sources, const GrantSource& g) {
  if (!g.location.valid()) return Kind(g) + " (built in)";
  return fmt::format("{} at {}", Kind(g), FormatLocation(sources, g.location));
}

std::string Refs(const SourceSet& sources, const Explanation& e, const std::vector<size_t>& from) {
  std::vector<std::string> parts;
  for (size_t i : from) parts.push_back(GrantRef(sources, e.grants[i]));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::vector<std::string> ColumnNames(const AccessMatrix& matrix, ColumnMask mask) {
  std::vector<std::string> out;
  for (size_t c = 0; c < matrix.column_count(); ++c) {
    if ((mask >> c) & 1u) out.emplace_back(matrix.ColumnName(c));
  }
  return out;
}

std::string Columns(const AccessMatrix& matrix, ColumnMask mask) {
  if (mask == matrix.AllColumns()) return "every column";
  if (mask == 0) return "no column";
  return fmt::format("{}", fmt::join(ColumnNames(matrix, mask), ", "));
}

// What one grant alone gives: "edit in staging (all apps)".
std::string What(const AccessMatrix& matrix, const Explanation& e, const GrantSource& g) {
  if (g.access.level == Level::kNone) return "no app grants";
  std::string out =
      fmt::format("{} in {}", LevelName(g.access.level), Columns(matrix, g.access.columns));
  std::vector<std::string> notes;
  const bool server = matrix.rules() == AccessRules::kServer;
  if (g.kind == GrantSource::Kind::kOwner && server) {
    notes.push_back("builder defaults beyond the grants' environments, S5");
  } else if (g.kind == GrantSource::Kind::kAdmin || g.kind == GrantSource::Kind::kOwner) {
    notes.push_back("R6");
  } else {
    if (g.all_apps) notes.push_back("all apps");
    if (g.environments_defaulted) {
      const bool end_user = matrix.workspace().users[e.user].role == UserRole::kEndUser;
      notes.push_back(end_user ? "no environments: [released] for an end-user, R3"
                               : "no environments: every column, R3");
    }
  }
  if (g.refused) notes.push_back("refused by ToolJet's server for an end-user, S6");
  if (!notes.empty()) out += fmt::format(" ({})", fmt::join(notes, "; "));
  return out;
}

std::string Reason(const AccessMatrix& matrix, const SourceSet& sources, const Explanation& e,
                   size_t column) {
  const ColumnExplanation& c = e.columns[column];
  std::vector<std::string> parts;
  if (Disabled(c)) {
    parts.push_back("disabled user");
  } else if (c.rules.empty()) {
    parts.push_back("the user has no valid role");
  } else if (HasNote(c, "admin")) {
    parts.push_back("admin: level edit in every column");
    if (HasNote(c, "not released")) parts.push_back("not released");
  } else if (c.rules.size() == 1 && c.rules[0] == "R2") {
    parts.push_back("no grant reaches this app");
  } else if (c.rules.size() == 1 && c.rules[0] == "R3") {
    parts.push_back("not in the environments of any grant");
  } else {
    Level raw = e.grants[c.level_from.front()].access.level;
    std::string level =
        fmt::format("level {} from {}", LevelName(raw), Refs(sources, e, c.level_from));
    if (raw == Level::kEdit && matrix.workspace().users[e.user].role == UserRole::kEndUser) {
      level += ", enforced as view: end-users cannot edit";  // R5
    }
    parts.push_back(level);
    std::string name(matrix.ColumnName(column));
    if (!c.server_default.empty()) {
      parts.push_back(fmt::format("{}: {}", name, c.server_default));
    } else if (c.columns_from == c.level_from) {
      parts.push_back(
          fmt::format("{} from the same {}", name,
                      PluralWord(c.columns_from.size(), "grant", "grants")));
    } else {
      parts.push_back(fmt::format("{} from {}", name, Refs(sources, e, c.columns_from)));
    }
    if (HasNote(c, "not released")) parts.push_back("not released");
  }
  std::string out = fmt::format("{}", fmt::join(parts, "; "));
  if (!c.rules.empty()) out += fmt::format(" ({})", fmt::join(c.rules, ", "));
  return out;
}

std::string Header(const AccessMatrix& matrix, const Explanation& e) {
  const Workspace& ws = matrix.workspace();
  const User& u = ws.users[e.user];
  std::string role = u.role ? std::string(RoleName(*u.role)) : "no valid role";
  if (u.disabled) role += ", disabled";
  std::vector<std::string_view> groups;
  for (uint32_t g : matrix.GroupsOf(e.user)) groups.push_back(ws.groups[g].name);
  std::string out =
      fmt::format("{} on app '{}' ({}; {}", u.email, ws.apps[e.app].name, role,
                  groups.empty() ? std::string("no groups")
                                 : fmt::format("groups: {}", fmt::join(groups, ", ")));
  if (matrix.OwnerOf(e.app) == e.user) out += "; owner";
  if (matrix.rules() == AccessRules::kServer) out += "; accessRules: server";
  return out + ")";
}

// JSON string literal (UTF-8 passes through; control characters escaped).
std::string JsonLiteral(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

template <typename Range, typename F>
std::string Array(const Range& items, F each) {
  std::vector<std::string> parts;
  for (const auto& item : items) parts.push_back(each(item));
  return fmt::format("[{}]", fmt::join(parts, ", "));
}

// R13: what a public app gives anyone ("anyone with its link opens the
// released app without signing in"), `who` naming them; "" when the app is
// not public.
std::string PublicGives(const AccessMatrix& matrix, uint32_t app, std::string_view who) {
  switch (matrix.PublicAccessOf(app)) {
    case PublicAccess::kNone:
      return "";
    case PublicAccess::kUse:
      return fmt::format("{} opens the released app without signing in", who);
    case PublicAccess::kOnceReleased:
      return fmt::format("{} will open the released app without signing in once a version is "
                         "released",
                         who);
  }
  return "";
}

// Where an app is made public: "public: true at a.yaml:4:13", or "the app is
// public" when it was read from no file.
std::string PublicWhere(const SourceSet& sources, const App& app) {
  if (!app.public_location.valid()) return "the app is public";
  return fmt::format("public: true at {}", FormatLocation(sources, app.public_location));
}

// Why anyone has `capability` in `column` of app `app` (R13).
std::string AnyoneReason(const AccessMatrix& matrix, const SourceSet& sources, uint32_t app,
                         size_t column) {
  if (!matrix.workspace().apps[app].is_public) {
    return "the app is not public: only the users its grants reach open it (R13)";
  }
  if (column != matrix.released_column()) {
    return "a public app opens only its released app to anyone (R13)";
  }
  const bool released = matrix.Released(app);
  return fmt::format("{}{}: {} (R13)", PublicWhere(sources, matrix.workspace().apps[app]),
                     released ? "" : ", but not released",
                     PublicGives(matrix, app, "anyone with its link"));
}

}  // namespace

std::string FormatAnyoneExplanation(const AccessMatrix& matrix, const SourceSet& sources,
                                    uint32_t app, const ExplainFormatOptions& options) {
  size_t width = kReleasedColumn.size();
  for (size_t c = 0; c + 1 < matrix.column_count(); ++c) {
    width = std::max(width, matrix.ColumnName(c).size());
  }
  const bool is_public = matrix.workspace().apps[app].is_public;
  std::string out = fmt::format("{} on app '{}' (anyone with its link, signed in or not; {})\n",
                                kAnyone, matrix.workspace().apps[app].name,
                                is_public ? "public" : "not public");
  for (size_t c = 0; c < matrix.column_count(); ++c) {
    if (options.column && *options.column != c) continue;
    out += fmt::format("  {:<{}}  {:<7}  {}\n", matrix.ColumnName(c), width,
                       CapabilityName(matrix.AnyoneAt(app, c)),
                       AnyoneReason(matrix, sources, app, c));
  }
  return out;
}

std::string FormatExplanation(const AccessMatrix& matrix, const SourceSet& sources,
                              const Explanation& e, const ExplainFormatOptions& options) {
  size_t width = kReleasedColumn.size();
  for (size_t c = 0; c + 1 < matrix.column_count(); ++c) {
    width = std::max(width, matrix.ColumnName(c).size());
  }
  std::string out = Header(matrix, e) + "\n";
  for (size_t c = 0; c < matrix.column_count(); ++c) {
    if (options.column && *options.column != c) continue;
    out += fmt::format("  {:<{}}  {:<7}  {}\n", matrix.ColumnName(c), width,
                       CapabilityName(e.columns[c].capability), Reason(matrix, sources, e, c));
  }
  std::string gives = PublicGives(matrix, e.app, "anyone with its link, this user too,");
  if (!gives.empty()) {
    out += fmt::format("public: {}, whatever their grants (R13; {})\n", gives,
                       PublicWhere(sources, matrix.workspace().apps[e.app]));
  }
  out += "grants:\n";
  if (e.grants.empty()) out += "  none\n";
  for (const GrantSource& g : e.grants) {
    out += fmt::format("  {}: {}\n", At(sources, g), What(matrix, e, g));
  }
  return out;
}

std::string ExplanationToJson(const AccessMatrix& matrix, const SourceSet& sources,
                              const Explanation& e, const ExplainFormatOptions& options) {
  const Workspace& ws = matrix.workspace();
  const User& u = ws.users[e.user];
  auto location = [&](const Location& l) {
    return l.valid() ? JsonLiteral(FormatLocation(sources, l)) : std::string("null");
  };
  auto indexes = [](const std::vector<size_t>& v) {
    return Array(v, [](size_t i) { return std::to_string(i); });
  };
  std::vector<std::string> columns;
  for (size_t c = 0; c < matrix.column_count(); ++c) {
    if (options.column && *options.column != c) continue;
    const ColumnExplanation& col = e.columns[c];
    // Only under accessRules: server, and only where a server default gave
    // the column (S1, S2, S3, S5).
    const std::string server_default =
        col.server_default.empty()
            ? ""
            : fmt::format(", \"server_default\": {}", JsonLiteral(col.server_default));
    columns.push_back(
        fmt::format("    {{\"column\": {}, \"capability\": {}, \"rules\": {}, \"level_from\": {}, "
                    "\"columns_from\": {}, \"note\": {}{}}}",
                    JsonLiteral(matrix.ColumnName(c)), JsonLiteral(CapabilityName(col.capability)),
                    Array(col.rules, [](const std::string& r) { return JsonLiteral(r); }),
                    indexes(col.level_from), indexes(col.columns_from), JsonLiteral(col.note),
                    server_default));
  }
  std::vector<std::string> grants;
  static constexpr std::string_view kKinds[] = {"role", "group", "owner", "admin"};
  for (const GrantSource& g : e.grants) {
    grants.push_back(fmt::format(
        "    {{\"kind\": {}, \"name\": {}, \"location\": {}, \"level\": {}, \"columns\": {}, "
        "\"all_apps\": {}, \"environments_defaulted\": {}{}}}",
        JsonLiteral(kKinds[static_cast<int>(g.kind)]), JsonLiteral(g.name), location(g.location),
        JsonLiteral(LevelName(g.access.level)),
        Array(ColumnNames(matrix, g.access.columns), [](const std::string& n) { return JsonLiteral(n); }),
        g.all_apps, g.environments_defaulted, g.refused ? ", \"refused\": true" : ""));
  }
  std::vector<std::string_view> groups;
  for (uint32_t g : matrix.GroupsOf(e.user)) groups.push_back(ws.groups[g].name);
  std::string out = "{\n";
  out += "  \"stagegate_explain\": 1,\n";
  out +=
      fmt::format("  \"user\": {},\n  \"app\": {},\n", JsonLiteral(u.email), JsonLiteral(ws.apps[e.app].name));
  out += fmt::format("  \"role\": {},\n", u.role ? JsonLiteral(RoleName(*u.role)) : std::string("null"));
  out += fmt::format("  \"disabled\": {},\n", u.disabled);
  out += fmt::format("  \"groups\": {},\n",
                     Array(groups, [](std::string_view n) { return JsonLiteral(n); }));
  out += fmt::format("  \"owner\": {},\n", matrix.OwnerOf(e.app) == e.user);
  out += fmt::format("  \"released\": {},\n", matrix.Released(e.app));
  if (e.anyone != PublicAccess::kNone) {  // R13: only for a public app
    out += "  \"public\": true,\n";
    Capability anyone = matrix.AnyoneAt(e.app, matrix.released_column());
    out += fmt::format("  \"anyone\": {},\n", JsonLiteral(CapabilityName(anyone)));
  }
  out += fmt::format("  \"level\": {},\n", JsonLiteral(LevelName(e.access.level)));
  out += fmt::format("  \"columns\": [\n{}\n  ],\n", fmt::join(columns, ",\n"));
  out += grants.empty() ? "  \"grants\": []\n"
                        : fmt::format("  \"grants\": [\n{}\n  ]\n", fmt::join(grants, ",\n"));
  return out + "}\n";
}

std::string AnyoneExplanationToJson(const AccessMatrix& matrix, const SourceSet& sources,
                                   uint32_t app, const ExplainFormatOptions& options) {
  const App& a = matrix.workspace().apps[app];
  std::vector<std::string> columns;
  for (size_t c = 0; c < matrix.column_count(); ++c) {
    if (options.column && *options.column != c) continue;
    columns.push_back(fmt::format(
        "    {{\"column\": {}, \"capability\": {}, \"rules\": [\"R13\"], \"note\": {}}}",
        JsonLiteral(matrix.ColumnName(c)), JsonLiteral(CapabilityName(matrix.AnyoneAt(app, c))),
        JsonLiteral(AnyoneReason(matrix, sources, app, c))));
  }
  std::string out = "{\n";
  out += "  \"stagegate_explain\": 1,\n";
  out += fmt::format("  \"user\": {},\n  \"app\": {},\n", JsonLiteral(kAnyone),
                     JsonLiteral(a.name));
  out += fmt::format("  \"public\": {},\n", a.is_public);
  out += fmt::format("  \"public_location\": {},\n",
                     a.public_location.valid()
                         ? JsonLiteral(FormatLocation(sources, a.public_location))
                         : std::string("null"));
  out += fmt::format("  \"released\": {},\n", matrix.Released(app));
  out += fmt::format("  \"columns\": [\n{}\n  ]\n", fmt::join(columns, ",\n"));
  return out + "}\n";
}

}  // namespace stagegate
