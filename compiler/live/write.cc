#include "live/write.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "live/convert.h"
#include "model/workspace.h"

namespace stagegate::live {
namespace {

constexpr const char* kModeline = "# yaml-language-server: $schema=stagegate.schema.json\n";
// A flow collection longer than this is written as a block.
constexpr size_t kFlowWidth = 100;

bool IsReservedWord(std::string_view text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (const char* word : {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}) {
    if (lower == word) return true;
  }
  return false;
}

bool PlainSafe(std::string_view text) {
  if (text.empty() || IsReservedWord(text)) return false;
  char first = text.front();
  bool letter = (first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z');
  if (!letter && first != '_') return false;
  if (text.back() == ' ') return false;
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == ' ' || c == '_' || c == '.' || c == '@' || c == '/' || c == '+' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Comment text: one line, no control characters.
std::string CommentText(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

// A double-quoted YAML scalar: reads back as exactly `text`, whatever it holds.
std::string DoubleQuoted(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += fmt::format("\\x{:02X}", c);
        } else if (c == 0xC2 && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) == 0x85) {
          out += "\\u0085";  // NEL, a line break to some YAML readers
          ++i;
        } else if (c == 0xE2 && i + 2 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                    static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
          out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else if (c == 0xEF && i + 2 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) == 0xBB &&
                   static_cast<unsigned char>(text[i + 2]) == 0xBF) {
          out += "\\uFEFF";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

class Writer {
 public:
  explicit Writer(WrittenConfiguration* out) : out_(*out) {}

  // A YAML flow sequence of scalars: [a, b, c].
  std::string Flow(const std::vector<std::string>& items) const {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      out += YamlScalar(items[i]);
    }
    return out + "]";
  }

  void Begin(std::string name, std::string_view header) {
    out_.files.push_back({std::move(name), ""});
    line_ = 0;
    Line(std::string(kModeline).substr(0, std::string(kModeline).size() - 1));
    Line("#");
    size_t start = 0;
    while (start < header.size()) {
      size_t end = header.find('\n', start);
      if (end == std::string_view::npos) end = header.size();
      Line(std::string("# ") + std::string(header.substr(start, end - start)));
      start = end + 1;
    }
    Line("");
  }

  void Line(const std::string& text) {
    out_.files.back().text += text;
    out_.files.back().text += '\n';
    ++line_;
  }

  // Writes the notes as comments at `indent` and records where they are.
  void Notes(int indent, const std::string& entity, const ImportNotes& notes) {
    for (const ImportNote& note : notes) {
      std::string label =
          note.code == Code::kImportPlaceholder ? "stagegate import, fill in" : "stagegate import";
      Line(std::string(indent, ' ') + "# " + label + ": " + CommentText(note.message));
      WrittenNote written;
      written.file = out_.files.size() - 1;
      written.line = line_;
      written.column = static_cast<uint32_t>(indent + 1);
      written.code = note.code;
      written.message = entity.empty() ? note.message : entity + ": " + note.message;
      out_.notes.push_back(std::move(written));
    }
  }

  // `key: [a, b]`, or a block list when that is too long.
  void List(int indent, const std::string& key, const std::vector<std::string>& items) {
    std::string pad(indent, ' ');
    std::string flow = pad + key + ": " + Flow(items);
    if (flow.size() <= kFlowWidth || items.empty()) {
      Line(flow);
      return;
    }
    Line(pad + key + ":");
    for (const std::string& item : items) Line(pad + "  - " + YamlScalar(item));
  }

 private:
  WrittenConfiguration& out_;
  uint32_t line_ = 0;
};

void WriteGrants(Writer& w, int indent, const ImportedGrants& grants) {
  std::string pad(indent, ' ');
  w.List(indent, "permissions", grants.permissions);
  if (grants.apps.empty()) {
    w.Line(pad + "apps: []");
  } else {
    w.Line(pad + "apps:");
    for (const ImportedAppGrant& g : grants.apps) {
      std::string apps = g.all ? "\"*\"" : w.Flow(g.apps);
      std::string line = pad + "  - {apps: " + apps + ", permission: " + (g.edit ? "edit" : "view");
      if (g.environments) line += ", environments: " + w.Flow(*g.environments);
      if (g.hide_from_dashboard) line += ", hideFromDashboard: true";
      line += "}";
      if (line.size() <= kFlowWidth) {
        w.Line(line);
        continue;
      }
      if (g.all) {
        w.Line(pad + "  - apps: \"*\"");
      } else {
        w.Line(pad + "  - apps:");
        for (const std::string& app : g.apps) w.Line(pad + "      - " + YamlScalar(app));
      }
      w.Line(pad + "    permission: " + (g.edit ? "edit" : "view"));
      if (g.environments) w.List(indent + 4, "environments", *g.environments);
      if (g.hide_from_dashboard) w.Line(pad + "    hideFromDashboard: true");
    }
  }
  if (grants.data_sources.empty()) {
    w.Line(pad + "dataSources: []");
  } else {
    w.Line(pad + "dataSources:");
    for (const ImportedDataSourceGrant& g : grants.data_sources) {
      std::string sources = g.all ? "\"*\"" : w.Flow(g.data_sources);
      std::string permission = g.configure ? "configure" : "use";
      std::string line = pad + "  - {dataSources: " + sources + ", permission: " + permission + "}";
      if (line.size() <= kFlowWidth) {
        w.Line(line);
        continue;
      }
      w.Line(pad + "  - dataSources:");
      for (const std::string& ds : g.data_sources) w.Line(pad + "      - " + YamlScalar(ds));
      w.Line(pad + "    permission: " + permission);
    }
  }
}

std::string ScalarText(const ImportedScalar& value) {
  return value.kind == ImportedScalar::Kind::kString ? YamlScalar(value.text) : value.text;
}

// One top-level mapping of entities (`groups:`, `apps:`, ...): `{}` when
// there are none, otherwise each entity's notes, its key and what `body`
// writes under it, a blank line between two.
template <typename Entity, typename Body>
void Section(Writer& w, const std::string& key, const std::string& what,
             const std::vector<Entity>& entities, Body body) {
  w.Line(entities.empty() ? key + ": {}" : key + ":");
  for (size_t i = 0; i < entities.size(); ++i) {
    const Entity& e = entities[i];
    if (i > 0) w.Line("");
    w.Notes(2, NoteSubject(what, e.name), e.notes);
    w.Line("  " + YamlScalar(e.name) + ":");
    body(e);
  }
}

}  // namespace

std::string YamlScalar(std::string_view text) {
  return PlainSafe(text) ? std::string(text) : DoubleQuoted(text);
}

WrittenConfiguration WriteConfiguration(const ImportedWorkspace& ws) {
  WrittenConfiguration out;
  Writer w(&out);
  std::string origin = fmt::format(
      "Imported from the ToolJet workspace '{}' by `stagegate import`; import again to refresh.\n"
      "Comments that start with \"stagegate import\" name what the format could not carry over.",
      CommentText(ws.name));

  w.Begin("workspace.yaml", origin);
  w.Notes(0, "", ws.notes);
  w.Line("version: 1");
  w.Line("workspace: " + YamlScalar(ws.name));
  w.Line("");
  w.Line("# In pipeline order, as ToolJet orders them (app_environments.priority).");
  w.List(0, "environments", ws.environments);

  w.Begin("users.yaml", origin + "\nA user's role is the role group ToolJet puts them in; an "
                                 "archived user is disabled.");
  if (ws.users.empty()) w.Line("users: {}");
  else w.Line("users:");
  for (const ImportedUser& u : ws.users) {
    w.Notes(2, NoteSubject("user", u.email), u.notes);
    std::string fields;
    if (!u.name.empty()) fields += "name: " + YamlScalar(u.name) + ", ";
    fields += "role: " + u.role;
    if (u.disabled) fields += ", disabled: true";
    w.Line("  " + YamlScalar(u.email) + ": {" + fields + "}");
  }

  w.Begin("roles.yaml",
          origin + "\nOnly a role group whose grants differ from stagegate's built-in default "
                   "(format.md, Roles)\nis written here; a configured role replaces the default "
                   "as a whole.");
  std::vector<std::pair<const ImportedRole*, UserRole>> roles = {
      {&ws.builder, UserRole::kBuilder}, {&ws.end_user, UserRole::kEndUser}};
  std::vector<std::pair<const ImportedRole*, UserRole>> configured;
  for (const auto& [role, which] : roles) {
    if (role->found && !IsBuiltInRole(*role, which)) {
      configured.push_back({role, which});
    }
  }
  // The notes of a role group that equals the default (so is not written).
  for (const auto& entry : roles) {
    const ImportedRole* role = entry.first;
    bool written = std::any_of(configured.begin(), configured.end(),
                               [&](const auto& c) { return c.first == role; });
    if (!written) w.Notes(0, fmt::format("the {} role", RoleName(entry.second)), role->notes);
  }
  w.Line(configured.empty() ? "roles: {}" : "roles:");
  for (const auto& [role, which] : configured) {
    w.Notes(2, fmt::format("the {} role", RoleName(which)), role->notes);
    w.Line(fmt::format("  {}:", RoleName(which)));
    WriteGrants(w, 4, role->grants);
  }

  w.Begin("groups.yaml", origin);
  Section(w, "groups", "group", ws.groups, [&](const ImportedGroup& g) {
    w.List(4, "members", g.members);
    WriteGrants(w, 4, g.grants);
  });

  w.Begin("datasources.yaml",
          origin + "\nCredentials are never read: an encrypted option keeps the "
                   "{{secrets.NAME}} reference ToolJet\nstores beside it.");
  Section(w, "dataSources", "data source", ws.data_sources, [&](const ImportedDataSource& ds) {
    w.Line("    kind: " + YamlScalar(ds.kind));
    w.Line(ds.environments.empty() ? "    environments: {}" : "    environments:");
    for (const ImportedEnvironmentOptions& env : ds.environments) {
      if (env.options.empty()) {
        w.Line("      " + YamlScalar(env.environment) + ": {}");
        continue;
      }
      w.Line("      " + YamlScalar(env.environment) + ":");
      for (const ImportedOption& o : env.options) {
        w.Line("        " + YamlScalar(o.key) + ": " + ScalarText(o.value));
      }
    }
  });

  w.Begin("constants.yaml",
          origin + "\nSecret values never leave ToolJet's database: each one is read from the "
                   "environment variable\nTOOLJET_SECRET_<NAME>_<ENVIRONMENT> when a command "
                   "needs it.");
  Section(w, "constants", "constant", ws.constants, [&](const ImportedConstant& c) {
    w.Line(std::string("    type: ") + (c.secret ? "secret" : "global"));
    w.Line(c.values.empty() ? "    values: {}" : "    values:");
    for (const ImportedConstantValue& v : c.values) {
      std::string value =
          v.text ? YamlScalar(*v.text) : "{fromEnv: " + YamlScalar(v.from_env) + "}";
      w.Line("      " + YamlScalar(v.environment) + ": " + value);
    }
  });

  w.Begin("apps.yaml", origin + "\nThe released version is the one ToolJet's app points at "
                                "(apps.current_version_id).");
  Section(w, "apps", "app", ws.apps, [&](const ImportedApp& a) {
    if (a.owner) w.Line("    owner: " + YamlScalar(*a.owner));
    w.List(4, "dataSources", a.data_sources);
    w.List(4, "constants", a.constants);
    w.Line(a.versions.empty() ? "    versions: []" : "    versions:");
    for (const ImportedVersion& v : a.versions) {
      w.Line("      - {name: " + YamlScalar(v.name) + ", environment: " +
             YamlScalar(v.environment) + ", status: " + v.status + "}");
    }
  });
  return out;
}

}  // namespace stagegate::live
