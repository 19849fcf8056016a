// The pipeline's result must not depend on file order or on how the
// configuration is split across files (format.md, Files). These tests cut
// examples/nexora into pieces by its located tree, lay the pieces out in
// several ways, and compare a canonical fingerprint of the checked workspace
// and the diagnostics.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>

#include <fmt/format.h>

#include "unit/cli_support.h"
#include "unit/pipeline_support.h"

namespace stagegate {
namespace {

// A top-level section entry (or the whole section for scalars/lists) as text.
struct Piece {
  std::string section;
  std::string text;  // the lines of the entry, original indentation
  bool whole = false;  // `section: value` on its own (version, environments...)
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string Join(const std::vector<std::string>& lines, uint32_t first, uint32_t last) {
  std::string out;
  for (uint32_t l = first; l <= last && l <= lines.size(); ++l) out += lines[l - 1] + "\n";
  return out;
}

// Cuts every file of `config` into pieces: one per entry of a mapping or
// list section, one per scalar section. Needs block-style sections.
std::vector<Piece> Cut(const LoadedConfig& config) {
  std::vector<Piece> pieces;
  for (const LoadedFile& f : config.files) {
    std::vector<std::string> lines = Lines(config.sources.file(f.file).text());
    for (size_t d = 0; d < f.tree.documents.size(); ++d) {
      Node root(&f.tree, f.tree.documents[d]);
      REQUIRE(root.is_mapping());
      for (uint32_t s = 0; s < root.size(); ++s) {
        std::string section(root.key(s).text());
        uint32_t section_end = s + 1 < root.size() ? root.key(s + 1).location().line - 1
                                                   : static_cast<uint32_t>(lines.size());
        Node value = root.value(s);
        bool block = value.location().line > root.key(s).location().line;
        if (!block || value.is_scalar()) {
          pieces.push_back({section, Join(lines, root.key(s).location().line, section_end), true});
          continue;
        }
        uint32_t n = value.size();
        for (uint32_t i = 0; i < n; ++i) {
          Node start = value.is_mapping() ? value.key(i) : value.item(i);
          Node next = i + 1 < n ? (value.is_mapping() ? value.key(i + 1) : value.item(i + 1)) : Node();
          uint32_t last = next ? next.location().line - 1 : section_end;
          pieces.push_back({section, Join(lines, start.location().line, last), false});
        }
      }
    }
  }
  return pieces;
}

std::string Document(const Piece& p) { return p.whole ? p.text : p.section + ":\n" + p.text; }

// Everything the model holds except positions, in a canonical order.
std::string Fingerprint(const CheckedConfig& checked) {
  std::string out;
  std::vector<std::string> diags;
  for (const Diagnostic& d : checked.diags.items()) {
    diags.push_back(fmt::format("{} {} {}", SeverityName(d.severity), CodeName(d.code), d.message));
  }
  std::sort(diags.begin(), diags.end());
  for (const auto& d : diags) out += "diag " + d + "\n";
  if (!checked.workspace) return out + "no workspace\n";
  const Workspace& ws = *checked.workspace;
  auto refs = [](const std::vector<Ref>& v) {
    std::vector<std::string> names;
    for (const Ref& r : v) names.push_back(r.name);
    return fmt::format("[{}]", fmt::join(names, ","));
  };
  auto perms = [](const std::vector<PermissionRef>& v) {
    std::vector<std::string> names;
    for (const auto& p : v) names.push_back(std::string(WorkspacePermissionName(p.permission)));
    return fmt::format("[{}]", fmt::join(names, ","));
  };
  auto grants = [&](const std::vector<AppGrant>& v) {
    std::string s;
    for (const AppGrant& g : v) {
      s += fmt::format(" app({} {} {} {})", g.all_apps ? "*" : refs(g.apps),
                       g.level ? AppLevelName(*g.level) : "?",
                       g.environments ? refs(*g.environments) : "all", g.hide_from_dashboard);
    }
    return s;
  };
  auto ds_grants = [&](const std::vector<DataSourceGrant>& v) {
    std::string s;
    for (const DataSourceGrant& g : v) {
      s += fmt::format(" ds({} {})", g.all_data_sources ? "*" : refs(g.data_sources),
                       g.level ? DataSourceLevelName(*g.level) : "?");
    }
    return s;
  };
  out += fmt::format("workspace {} envs {} rules {}\n", ws.name.name, refs(ws.environments),
                     VersionRulesName(ws.version_rules));
  for (const Role* r : {&ws.builder, &ws.end_user}) {
    out += fmt::format("role {} {} {}{}{}\n", RoleName(r->role), r->configured, perms(r->permissions),
                       grants(r->apps), ds_grants(r->data_sources));
  }
  for (const User& u : ws.users) {
    out += fmt::format("user {} {} {} {}\n", u.email, u.name, u.role ? RoleName(*u.role) : "?",
                       u.disabled);
  }
  for (const Group& g : ws.groups) {
    out += fmt::format("group {} '{}' {} {}{}{}\n", g.name, g.description, refs(g.members),
                       perms(g.permissions), grants(g.apps), ds_grants(g.data_sources));
  }
  for (const DataSource& d : ws.data_sources) {
    out += fmt::format("datasource {} {}\n", d.name, d.kind);
    for (const auto& e : d.environments) {
      for (const auto& o : e.options) {
        out += fmt::format("  {}.{}={} {}\n", e.environment.name, o.key.name, o.value, o.withheld);
      }
    }
  }
  for (const Constant& c : ws.constants) {
    out += fmt::format("constant {} {}\n", c.name, c.type ? ConstantTypeName(*c.type) : "?");
    for (const auto& v : c.values) {
      out += fmt::format("  {}={} env:{} literal:{}\n", v.environment.name, v.text, v.from_env, v.literal);
    }
  }
  for (const App& a : ws.apps) {
    out += fmt::format("app {} owner {} ds {} const {}\n", a.name, a.owner ? a.owner->name : "-",
                       refs(a.data_sources), refs(a.constants));
    for (const AppVersion& v : a.versions) {
      out += fmt::format("  version {} {} {}\n", v.name.name, v.environment.name,
                         v.status ? VersionStatusName(*v.status) : "?");
    }
  }
  std::vector<std::string> assertions;
  for (const Assertion& a : ws.assertions) {
    std::string s = fmt::format("assert {} {}", a.user ? a.user->name : "-", a.app ? a.app->name : "-");
    if (a.expect) {
      for (const ExpectEntry& e : *a.expect) s += fmt::format(" {}={}", e.column.name, e.capability.name);
    }
    if (a.can) s += " can" + refs(*a.can);
    if (a.cannot) s += " cannot" + refs(*a.cannot);
    assertions.push_back(s);
  }
  std::sort(assertions.begin(), assertions.end());
  for (const auto& a : assertions) out += a + "\n";
  return out;
}

testing::Staged CheckFiles(const testing::Files& files) {
  return testing::Staged(files, testing::Pipeline().In("/cfg"));
}

// The layouts: as shipped; one file per piece in shuffled order; one file of
// many documents in reverse order; one document with every section merged.
std::vector<std::vector<std::pair<std::string, std::string>>> Layouts(
    const std::vector<std::pair<std::string, std::string>>& original) {
  Diagnostics diags;
  std::vector<Piece> pieces = Cut(testing::LoadFiles(original, diags));
  REQUIRE(pieces.size() > 20);

  std::vector<std::vector<std::pair<std::string, std::string>>> layouts;
  layouts.push_back(original);

  std::vector<size_t> order(pieces.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::mt19937 rng(42);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<std::pair<std::string, std::string>> per_piece;
  for (size_t i = 0; i < pieces.size(); ++i) {
    per_piece.emplace_back(fmt::format("sub{}/p{:03}.yaml", i % 3, order[i]), Document(pieces[i]));
  }
  layouts.push_back(per_piece);

  std::string reversed;
  for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) reversed += "---\n" + Document(*it);
  layouts.push_back({{"all.yml", reversed}});

  std::map<std::string, std::string> sections;
  std::string merged;
  for (const Piece& p : pieces) {
    if (p.whole) {
      merged += p.text;
    } else {
      sections[p.section] += p.text;
    }
  }
  for (auto it = sections.rbegin(); it != sections.rend(); ++it) merged += it->first + ":\n" + it->second;
  layouts.push_back({{"one.yaml", merged}});
  return layouts;
}

TEST_CASE("examples/nexora gives the same workspace however it is split or ordered") {
  auto layouts = Layouts(testing::NexoraFiles());
  std::string expected = Fingerprint(CheckFiles(layouts[0]));
  // The example is clean but for where ToolJet's server differs (qa, S1).
  CHECK(expected.find("diag error") == std::string::npos);
  CHECK(expected.find("diag warning server-differs") != std::string::npos);
  CHECK(expected.find("user ") != std::string::npos);
  for (size_t i = 1; i < layouts.size(); ++i) {
    INFO("layout " << i);
    CHECK(Fingerprint(CheckFiles(layouts[i])) == expected);
  }
}

TEST_CASE("findings do not depend on file order or split either") {
  // A broken variant: a misspelt reference, an unknown key and a duplicate user.
  auto original = testing::NexoraFiles();
  for (auto& [name, text] : original) {
    if (name == "groups.yaml") {
      size_t at = text.find("members: [");
      REQUIRE(at != std::string::npos);
      text.insert(at + 10, "nobody@nexora.io, ");
      at = text.find("description:");
      text.insert(at, "descripton: typo\n    ");
    }
  }
  auto layouts = Layouts(original);
  std::string expected = Fingerprint(CheckFiles(layouts[0]));
  CHECK(expected.find("diag error unknown-reference") != std::string::npos);
  CHECK(expected.find("diag error unknown-key") != std::string::npos);
  for (size_t i = 1; i < layouts.size(); ++i) {
    INFO("layout " << i);
    CHECK(Fingerprint(CheckFiles(layouts[i])) == expected);
  }
}

TEST_CASE("diagnostics come out sorted by file path, then position") {
  auto checked = CheckFiles({{"b.yaml", "bogus2: 1\n"}, {"a.yaml", "version: 1\nbogus1: 1\n"}});
  REQUIRE(checked.diags.items().size() == 2);
  CHECK(checked.loaded.sources.file(checked.diags.items()[0].location.file).path() == "/cfg/a.yaml");
  CHECK(checked.loaded.sources.file(checked.diags.items()[1].location.file).path() == "/cfg/b.yaml");
}

TEST_CASE("a syntax error stops cross-file stages but not schema checks of other files") {
  auto checked = CheckFiles({{"a.yaml", "version: 1\nusers: [\n"}, {"b.yaml", "bogus: 1\n"}});
  CHECK(checked.workspace == nullptr);
  std::vector<std::string> codes;
  for (const auto& d : checked.diags.items()) codes.push_back(std::string(CodeName(d.code)));
  CHECK(codes == std::vector<std::string>{"yaml-syntax", "unknown-key"});
}

// The state file (`compile --format json`) is what a later plan diffs
// against, so it must be byte-identical for every layout above. Runs the real
// binary, so this covers the command end to end.
TEST_CASE("the compiled state file is byte-identical however nexora is split or ordered") {
  auto layouts = Layouts(testing::NexoraFiles());
  std::string expected;
  for (size_t i = 0; i < layouts.size(); ++i) {
    INFO("layout " << i);
    testing::TempDir dir;
    for (const auto& [name, text] : layouts[i]) dir.Write("cfg/" + name, text);
    auto r = testing::Run({"compile", dir.path() + "/cfg", "--format", "json"});
    REQUIRE(r.exit_code == 0);
    // Only the warning of where ToolJet's server differs (qa, S1).
    CHECK(r.err.find(": error:") == std::string::npos);
    CHECK(r.err.find("[server-differs]") != std::string::npos);
    if (i == 0) {
      expected = r.out;
      CHECK(expected.rfind("{\n  \"access\": {", 0) == 0);
      CHECK(expected.find("\"stagegate_state\": 1") != std::string::npos);
    } else {
      CHECK(r.out == expected);
    }
  }
}

}  // namespace
}  // namespace stagegate
