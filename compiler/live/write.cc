// WriteConfiguration: the model of a live workspace as YAML files, notes as
// comments. Scalars go through YamlScalar (yaml/tree.h), the one place that
// decides what YAML must quote.
#include "live/write.h"

#include <fmt/format.h>

#include <map>
#include <tuple>
#include <utility>

#include "yaml/tree.h"

namespace stagegate::live {
namespace {

constexpr std::string_view kModeline = "# yaml-language-server: $schema=stagegate.schema.json";
// A flow collection longer than this is written as a block.
constexpr size_t kFlowWidth = 100;
// A longer key is written as an explicit key (bytes, so below YAML's 1024
// characters whatever the script).
constexpr size_t kImplicitKeyBytes = 1000;

// The notes of each entity, in the order found.
class NoteIndex {
 public:
  explicit NoteIndex(const std::vector<EntityNote>& notes) {
    for (const EntityNote& n : notes) by_subject_[Key(n.scope, n.kind, n.name)].push_back(&n);
  }
  const std::vector<const EntityNote*>& Of(EntityNote::Scope scope, EntityKind kind,
                                           const std::string& name) const {
    static const std::vector<const EntityNote*> kNone;
    auto it = by_subject_.find(Key(scope, kind, name));
    return it == by_subject_.end() ? kNone : it->second;
  }
  const std::vector<const EntityNote*>& Workspace() const {
    return Of(EntityNote::Scope::kWorkspace, EntityKind::kUser, "");
  }

 private:
  using SubjectKey = std::tuple<EntityNote::Scope, EntityKind, std::string>;
  static SubjectKey Key(EntityNote::Scope scope, EntityKind kind, const std::string& name) {
    // A workspace's or a role's note has no entity kind.
    return {scope, scope == EntityNote::Scope::kEntity ? kind : EntityKind::kUser, name};
  }
  std::map<SubjectKey, std::vector<const EntityNote*>> by_subject_;
};

class Writer {
 public:
  Writer(WrittenConfiguration* out, const NoteIndex& notes) : out_(*out), notes_(notes) {}

  // A YAML flow sequence of scalars: [a, b, c].
  static std::string Flow(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out += ", ";
      out += YamlScalar(items[i]);
    }
    return out + "]";
  }

  // Starts file `name` with the modeline and `header` as comment lines.
  void Begin(std::string name, std::string_view header) {
    out_.files.push_back({std::move(name), ""});
    line_ = 0;
    Line(std::string(kModeline));
    Line("#");
    size_t start = 0;
    while (start < header.size()) {
      size_t end = header.find('\n', start);
      if (end == std::string_view::npos) end = header.size();
      Line("# " + std::string(header.substr(start, end - start)));
      start = end + 1;
    }
    Line("");
  }

  // `key: rest` (rest is "" or starts with a space). YAML takes an implicit
  // key of at most 1024 characters, so a longer one (a name ToolJet holds
  // has no limit) is written as an explicit "? key" and ": rest".
  void Keyed(int indent, std::string_view key, const std::string& rest) {
    std::string pad(indent, ' ');
    std::string scalar = YamlScalar(key);
    if (scalar.size() <= kImplicitKeyBytes) {
      Line(pad + scalar + ":" + rest);
      return;
    }
    Line(pad + "? " + scalar);
    Line(pad + ":" + rest);
  }

  void Line(const std::string& text) {
    out_.files.back().text += text;
    out_.files.back().text += '\n';
    ++line_;
  }

  // Writes `notes` as comments at `indent` and records where they are.
  // A note stands above its entity, which names what it is about; one with
  // no entity written below it (kNamed) says what it is about itself.
  enum class Subject : uint8_t { kBelow, kNamed };
  void Notes(int indent, const std::vector<const EntityNote*>& notes,
             Subject subject = Subject::kBelow) {
    for (const EntityNote* note : notes) {
      std::string label = note->code == Code::kImportPlaceholder ? "stagegate import, fill in"
                                                                 : "stagegate import";
      const std::string& text = subject == Subject::kNamed ? NoteMessage(*note) : note->message;
      Line(std::string(indent, ' ') + "# " + label + ": " + OneLine(text));
      WrittenNote written;
      written.file = out_.files.size() - 1;
      written.line = line_;
      written.column = static_cast<uint32_t>(indent + 1);
      written.code = note->code;
      written.message = NoteMessage(*note);
      out_.notes.push_back(std::move(written));
    }
  }
  void EntityNotes(int indent, EntityKind kind, const std::string& name) {
    Notes(indent, notes_.Of(EntityNote::Scope::kEntity, kind, name));
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

  const NoteIndex& notes() const { return notes_; }

 private:
  WrittenConfiguration& out_;
  const NoteIndex& notes_;
  uint32_t line_ = 0;
};

void WriteAppGrants(Writer& w, const std::string& pad, const std::vector<AppGrant>& grants) {
  if (grants.empty()) {
    w.Line(pad + "apps: []");
    return;
  }
  w.Line(pad + "apps:");
  for (const AppGrant& g : grants) {
    std::string level(AppLevelName(g.level.value_or(AppLevel::kView)));
    std::string apps = g.all_apps ? "\"*\"" : Writer::Flow(NamesOf(g.apps));
    std::string line = pad + "  - {apps: " + apps + ", permission: " + level;
    if (g.environments) line += ", environments: " + Writer::Flow(NamesOf(*g.environments));
    if (g.hide_from_dashboard) line += ", hideFromDashboard: true";
    line += "}";
    if (line.size() <= kFlowWidth) {
      w.Line(line);
      continue;
    }
    if (g.all_apps) {
      w.Line(pad + "  - apps: \"*\"");
    } else {
      w.Line(pad + "  - apps:");
      for (const Ref& app : g.apps) w.Line(pad + "      - " + YamlScalar(app.name));
    }
    w.Line(pad + "    permission: " + level);
    if (g.environments) w.List(static_cast<int>(pad.size()) + 4, "environments", NamesOf(*g.environments));
    if (g.hide_from_dashboard) w.Line(pad + "    hideFromDashboard: true");
  }
}

void WriteDataSourceGrants(Writer& w, const std::string& pad,
                           const std::vector<DataSourceGrant>& grants) {
  if (grants.empty()) {
    w.Line(pad + "dataSources: []");
    return;
  }
  w.Line(pad + "dataSources:");
  for (const DataSourceGrant& g : grants) {
    std::string sources = g.all_data_sources ? "\"*\"" : Writer::Flow(NamesOf(g.data_sources));
    std::string level(DataSourceLevelName(g.level.value_or(DataSourceLevel::kUse)));
    std::string line = pad + "  - {dataSources: " + sources + ", permission: " + level + "}";
    if (line.size() <= kFlowWidth) {
      w.Line(line);
      continue;
    }
    w.Line(pad + "  - dataSources:");
    for (const Ref& ds : g.data_sources) w.Line(pad + "      - " + YamlScalar(ds.name));
    w.Line(pad + "    permission: " + level);
  }
}

// What a group or a configured role grants.
template <typename Grants>
void WriteGrants(Writer& w, int indent, const Grants& grants) {
  std::vector<std::string> permissions;
  for (const PermissionRef& p : grants.permissions) {
    permissions.emplace_back(WorkspacePermissionName(p.permission));
  }
  w.List(indent, "permissions", permissions);
  std::string pad(indent, ' ');
  WriteAppGrants(w, pad, grants.apps);
  WriteDataSourceGrants(w, pad, grants.data_sources);
}

// One top-level mapping of entities (`groups:`, `apps:`, ...): `{}` when
// there are none, otherwise each entity's notes, its key and what `body`
// writes under it, a blank line between two.
// Notes are by name: kWithout writes none (for a secret of a global
// constant's name, whose notes go with the global one).
enum class EntityNotesMode : uint8_t { kWith, kWithout };
template <typename Entity, typename Body>
void Section(Writer& w, const std::string& key, EntityKind kind,
             const std::vector<Entity>& entities, Body body,
             EntityNotesMode notes = EntityNotesMode::kWith) {
  w.Line(entities.empty() ? key + ": {}" : key + ":");
  for (size_t i = 0; i < entities.size(); ++i) {
    const Entity& e = entities[i];
    if (i > 0) w.Line("");
    if (notes == EntityNotesMode::kWith) w.EntityNotes(2, kind, e.name);
    w.Keyed(2, e.name, "");
    body(e);
  }
}

void WriteWorkspace(Writer& w, const Workspace& ws, const std::string& origin) {
  w.Begin("workspace.yaml", origin);
  w.Notes(0, w.notes().Workspace());
  w.Line("version: 1");
  w.Line("workspace: " + YamlScalar(ws.name.name));
  w.Line("");
  w.Line("# In pipeline order, as ToolJet orders them (app_environments.priority).");
  w.List(0, "environments", NamesOf(ws.environments));
  if (!ws.multi_environment) {
    w.Line("");
    w.Line("# A version is released outside " + YamlScalar(ws.environments.back().name) +
           ", which ToolJet allows only without its multi-environment");
    w.Line("# licence: it then edits every version in " +
           YamlScalar(ws.environments.front().name) +
           " and releases it from there (format.md).");
    w.Line("multiEnvironment: false");
  }
}

void WriteUsers(Writer& w, const Workspace& ws, const std::string& origin) {
  w.Begin("users.yaml", origin + "\nA user's role is the role group ToolJet puts them in; an "
                                 "archived user is disabled.");
  w.Line(ws.users.empty() ? "users: {}" : "users:");
  for (const User& u : ws.users) {
    w.EntityNotes(2, EntityKind::kUser, u.email);
    std::string fields;
    if (!u.name.empty()) fields += "name: " + YamlScalar(u.name) + ", ";
    fields += "role: " + std::string(RoleName(u.role));
    if (u.disabled) fields += ", disabled: true";
    w.Keyed(2, u.email, " {" + fields + "}");
  }
}

void WriteRoles(Writer& w, const Workspace& ws, const std::string& origin) {
  w.Begin("roles.yaml",
          origin + "\nOnly a role group whose grants differ from stagegate's built-in default "
                   "(format.md, Roles)\nis written here; a configured role replaces the default "
                   "as a whole.");
  auto notes = [&](const Role& role) -> const std::vector<const EntityNote*>& {
    return w.notes().Of(EntityNote::Scope::kRole, EntityKind::kUser,
                        std::string(RoleName(role.role)));
  };
  const Role* roles[] = {&ws.builder, &ws.end_user};
  // The notes of a role group that equals the default (so is not written),
  // each naming its role.
  for (const Role* role : roles) {
    if (!role->configured) w.Notes(0, notes(*role), Writer::Subject::kNamed);
  }
  bool any = ws.builder.configured || ws.end_user.configured;
  w.Line(any ? "roles:" : "roles: {}");
  for (const Role* role : roles) {
    if (!role->configured) continue;
    w.Notes(2, notes(*role));
    w.Line(fmt::format("  {}:", RoleName(role->role)));
    WriteGrants(w, 4, *role);
  }
}

// A scalar option value: a number or boolean plain, so it reads back as
// one; a string as YamlScalar quotes it.
std::string ScalarYaml(NodeKind kind, const std::string& text) {
  if (kind == NodeKind::kNull) return "null";
  return kind == NodeKind::kString ? YamlScalar(text) : text;
}

// The list or mapping of `kind` whose `size` items start at items[*next],
// as a YAML flow collection (YamlScalar's plain strings hold no flow
// indicator, so they are safe inside one).
std::string FlowYaml(const std::vector<OptionItem>& items, size_t* next, NodeKind kind,
                     uint32_t size) {
  bool mapping = kind == NodeKind::kMapping;
  std::string out = mapping ? "{" : "[";
  for (uint32_t i = 0; i < size && *next < items.size(); ++i) {
    const OptionItem& item = items[(*next)++];
    if (i > 0) out += ", ";
    if (mapping) out += YamlScalar(item.key) + ": ";
    out += item.kind == NodeKind::kSequence || item.kind == NodeKind::kMapping
               ? FlowYaml(items, next, item.kind, item.size)
               : ScalarYaml(item.kind, item.text);
  }
  return out + (mapping ? "}" : "]");
}

// An option's value as ToolJet holds it, reading back as the same value.
std::string OptionYaml(const DataSourceOption& o) {
  if (!o.from_env.empty()) return "{fromEnv: " + YamlScalar(o.from_env) + "}";
  size_t next = 0;
  return o.nested() ? FlowYaml(o.items, &next, o.kind, o.size) : ScalarYaml(o.kind, o.value);
}

void WriteDataSources(Writer& w, const Workspace& ws, const std::string& origin) {
  w.Begin("datasources.yaml",
          origin + "\nCredentials are never read: an encrypted option keeps the "
                   "{{secrets.NAME}} reference ToolJet\nstores beside it, or without one is "
                   "{fromEnv: TOOLJET_DATASOURCE_<DATA SOURCE>_<ENVIRONMENT>_<OPTION>},\nthe "
                   "variable that holds it when a command needs it. Options ToolJet keeps in "
                   "clear are\nwritten as ToolJet holds them.");
  Section(w, "dataSources", EntityKind::kDataSource, ws.data_sources, [&](const DataSource& ds) {
    w.Line("    kind: " + YamlScalar(ds.kind));
    w.Line(ds.environments.empty() ? "    environments: {}" : "    environments:");
    // In pipeline order (the model keeps them by name).
    for (const Ref& name : ws.environments) {
      const DataSourceEnvironment* env = ds.FindEnvironment(name.name);
      if (env == nullptr) continue;
      if (env->options.empty()) {
        w.Keyed(6, name.name, " {}");
        continue;
      }
      w.Keyed(6, name.name, "");
      for (const DataSourceOption& o : env->options) {
        w.Keyed(8, o.key.name, " " + OptionYaml(o));
      }
    }
  });
}

void WriteConstants(Writer& w, const Workspace& ws, const std::string& origin) {
  w.Begin("constants.yaml",
          origin + "\nSecret values never leave ToolJet's database: each one is read from the "
                   "environment variable\nTOOLJET_SECRET_<NAME>_<ENVIRONMENT> when a command "
                   "needs it.");
  // A secret that shares its name with a global constant goes in a second
  // document: one mapping cannot hold a key twice.
  std::vector<Constant> first, second;
  for (const Constant& c : ws.constants) {
    (ConstantKey(ws, c) == c.name ? first : second).push_back(c);
  }
  auto body = [&](const Constant& c) {
    w.Line(std::string("    type: ") + std::string(ConstantTypeName(
                                            c.type.value_or(ConstantType::kGlobal))));
    // An environment without a value is left out (ToolJet holds '' there).
    w.Line(c.values.empty() ? "    values: {}" : "    values:");
    for (const Ref& name : ws.environments) {
      const ConstantValue* v = c.FindValue(name.name);
      if (v == nullptr) continue;
      std::string value = v->kind == NodeKind::kMapping
                              ? "{fromEnv: " + YamlScalar(v->from_env) + "}"
                              : YamlScalar(v->text);
      w.Keyed(6, name.name, " " + value);
    }
  };
  Section(w, "constants", EntityKind::kConstant, first, body);
  if (second.empty()) return;
  w.Line("");
  w.Line("---");
  w.Line("# Secrets with the name of a global constant above: ToolJet keeps the two apart");
  w.Line("# ({{constants.NAME}} and {{secrets.NAME}}).");
  Section(w, "constants", EntityKind::kConstant, second, body, EntityNotesMode::kWithout);
}

void WriteApps(Writer& w, const Workspace& ws, const std::string& origin) {
  w.Begin("apps.yaml", origin + "\nThe released version is the one ToolJet's app points at "
                                "(apps.current_version_id).");
  Section(w, "apps", EntityKind::kApp, ws.apps, [&](const App& a) {
    if (a.owner) w.Line("    owner: " + YamlScalar(a.owner->name));
    if (a.is_public) {
      w.Line("    # Public in ToolJet: anyone with its link opens the released app without "
             "signing in.");
      w.Line("    public: true");
    }
    w.List(4, "dataSources", NamesOf(a.data_sources));
    w.List(4, "constants", NamesOf(a.constants));
    w.Line(a.versions.empty() ? "    versions: []" : "    versions:");
    for (const AppVersion& v : a.versions) {
      w.Line("      - {name: " + YamlScalar(v.name.name) + ", environment: " +
             YamlScalar(v.environment.name) + ", status: " +
             std::string(VersionStatusName(v.status)) + "}");
    }
  });
}

}  // namespace

WrittenConfiguration WriteConfiguration(const Workspace& ws, const std::vector<EntityNote>& notes) {
  WrittenConfiguration out;
  NoteIndex index(notes);
  Writer w(&out, index);
  std::string origin = fmt::format(
      "Imported from the ToolJet workspace '{}' by `stagegate import`; import again to refresh.\n"
      "Comments that start with \"stagegate import\" name what the format could not carry over.",
      OneLine(ws.name.name));
  WriteWorkspace(w, ws, origin);
  WriteUsers(w, ws, origin);
  WriteRoles(w, ws, origin);
  w.Begin("groups.yaml", origin);
  Section(w, "groups", EntityKind::kGroup, ws.groups, [&](const Group& g) {
    w.List(4, "members", NamesOf(g.members));
    WriteGrants(w, 4, g);
  });
  WriteDataSources(w, ws, origin);
  WriteConstants(w, ws, origin);
  WriteApps(w, ws, origin);
  return out;
}

}  // namespace stagegate::live
