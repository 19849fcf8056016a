// The state file reader: JSON text -> Workspace, the inverse of the
// configuration half of StateToJson. Lenient about what it does not know,
// strict about the types of what it does.
#include "state/state_reader.h"

#include <fmt/format.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/construct.h"
#include "model/template.h"
#include "state/state_json.h"

namespace stagegate {
namespace {

using nlohmann::json;

constexpr std::string_view kRegenerate = "regenerate it with 'stagegate compile --format json'";

// The 1-based line and column (in code points) of byte `offset` of `text`.
Location LocationOfByte(uint32_t file, std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  uint32_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  uint32_t column = 1;
  for (size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return Location{file, line, column};
}

// nlohmann's message without its "[json.exception...] parse error at line
// L, column C: " prefix (the location is the diagnostic's own).
std::string ParseErrorDetail(const std::string& what) {
  std::string detail = what;
  size_t at = detail.find("parse error");
  if (at != std::string::npos) {
    size_t colon = detail.find(": ", at);
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
  }
  return detail;
}

// Walks the parsed document; the first field of the wrong type is reported
// (by its dotted path) and reading goes on, so one run names every problem.
class Reader {
 public:
  Reader(uint32_t file, Diagnostics& diags) : file_(file), diags_(diags) {}

  bool ok() const { return ok_; }

  void Read(const json& root, Workspace* ws) {
    ReadWorkspace(Member(root, "workspace", json::value_t::object, ""), ws);
    const json& roles = Member(root, "roles", json::value_t::object, "");
    ws->builder = ReadRole(roles, UserRole::kBuilder);
    ws->end_user = ReadRole(roles, UserRole::kEndUser);
    ForEach(root, "users", "", [&](const std::string& key, const json& u, const std::string& at) {
      User user;
      user.email = String(u, "email", at);
      if (user.email.empty()) user.email = key;
      user.name = String(u, "name", at);
      if (auto role = Enum(u, "role", at, ParseRole)) user.role = *role;
      user.disabled = Bool(u, "disabled", at);
      ws->users.push_back(std::move(user));
    });
    ForEach(root, "groups", "", [&](const std::string& key, const json& g, const std::string& at) {
      Group group;
      group.name = key;
      group.description = String(g, "description", at);
      group.members = Names(g, "members", at);
      group.permissions = Permissions(g, at);
      group.apps = AppGrants(g, at);
      group.data_sources = DataSourceGrants(g, at);
      ws->groups.push_back(std::move(group));
    });
    ForEach(root, "dataSources", "",
            [&](const std::string& key, const json& d, const std::string& at) {
              ws->data_sources.push_back(ReadDataSource(key, d, at));
            });
    ForEach(root, "constants", "",
            [&](const std::string& key, const json& c, const std::string& at) {
              ws->constants.push_back(ReadConstant(key, c, at));
            });
    ForEach(root, "apps", "", [&](const std::string& key, const json& a, const std::string& at) {
      ws->apps.push_back(ReadApp(key, a, at));
    });
    // The model's contract (sorted, keys, lengths, lookups); JSON objects are
    // already sorted, unless a hand-edited file has upper-case e-mail keys,
    // of which the first is kept.
    FinishWorkspace(*ws);
  }

 private:
  static std::string Join(const std::string& at, std::string_view key) {
    return at.empty() ? std::string(key) : at + "." + std::string(key);
  }

  static const char* TypeName(json::value_t type) {
    switch (type) {
      case json::value_t::object:
        return "an object";
      case json::value_t::array:
        return "a list";
      case json::value_t::string:
        return "a string";
      case json::value_t::boolean:
        return "true or false";
      default:
        return "a value";
    }
  }

  void WrongType(const std::string& at, const char* expected) {
    diags_.Error(Code::kInvalidStateFile, Location{file_, 0, 0},
                 fmt::format("state file field '{}' must be {}; {}", at, expected, kRegenerate));
    ok_ = false;
  }

  // obj[key] when it has `type`; a missing key (or null) reads as empty.
  const json& Member(const json& obj, std::string_view key, json::value_t type,
                     const std::string& at) {
    static const json kNull;
    if (!obj.is_object()) return kNull;
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return kNull;
    bool matches = it->type() == type ||
                   (type == json::value_t::number_integer && it->is_number_integer());
    if (!matches) {
      WrongType(Join(at, key), TypeName(type));
      return kNull;
    }
    return *it;
  }

  template <typename F>
  void ForEach(const json& obj, std::string_view key, const std::string& at, F&& f) {
    const json& map = Member(obj, key, json::value_t::object, at);
    if (!map.is_object()) return;
    std::string base = Join(at, key);
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string here = Join(base, it.key());
      if (!it->is_object()) {
        WrongType(here, "an object");
        continue;
      }
      f(it.key(), *it, here);
    }
  }

  std::string String(const json& obj, std::string_view key, const std::string& at) {
    const json& v = Member(obj, key, json::value_t::string, at);
    return v.is_string() ? v.get<std::string>() : std::string();
  }

  bool Bool(const json& obj, std::string_view key, const std::string& at) {
    const json& v = Member(obj, key, json::value_t::boolean, at);
    return v.is_boolean() && v.get<bool>();
  }

  // A string parsed by `parse`; null (or missing) is nullopt, as the writer
  // writes a left-over invalid value.
  template <typename Parse>
  auto Enum(const json& obj, std::string_view key, const std::string& at, Parse parse)
      -> decltype(parse(std::string_view())) {
    const json& v = Member(obj, key, json::value_t::string, at);
    if (!v.is_string()) return std::nullopt;
    auto parsed = parse(v.get_ref<const std::string&>());
    if (!parsed) {
      diags_.Error(Code::kInvalidStateFile, Location{file_, 0, 0},
                   fmt::format("state file field '{}' has an unknown value '{}'; {}",
                               Join(at, key), v.get_ref<const std::string&>(), kRegenerate));
      ok_ = false;
    }
    return parsed;
  }

  std::vector<Ref> NameList(const json& list, const std::string& at) {
    std::vector<Ref> out;
    if (!list.is_array()) return out;
    out.reserve(list.size());
    for (const json& item : list) {
      if (!item.is_string()) {
        WrongType(at, "a list of names");
        continue;
      }
      out.push_back(NameRef(item.get<std::string>()));
    }
    return out;
  }

  std::vector<Ref> Names(const json& obj, std::string_view key, const std::string& at) {
    return NameList(Member(obj, key, json::value_t::array, at), Join(at, key));
  }

  std::vector<PermissionRef> Permissions(const json& obj, const std::string& at) {
    std::vector<PermissionRef> out;
    std::string here = Join(at, "permissions");
    for (const Ref& r : NameList(Member(obj, "permissions", json::value_t::array, at), here)) {
      if (auto p = ParseWorkspacePermission(r.name)) {
        out.push_back(PermissionRef{*p, Location{}, 1});
      } else {
        diags_.Error(Code::kInvalidStateFile, Location{file_, 0, 0},
                     fmt::format("state file field '{}' has an unknown permission '{}'; {}", here,
                                 r.name, kRegenerate));
        ok_ = false;
      }
    }
    return out;
  }

  // `"*"` or a list of names.
  bool AllOrNames(const json& obj, std::string_view key, const std::string& at,
                  std::vector<Ref>* names) {
    auto it = obj.find(key);
    if (it != obj.end() && it->is_string() && it->get_ref<const std::string&>() == "*") return true;
    *names = Names(obj, key, at);
    return false;
  }

  std::vector<AppGrant> AppGrants(const json& obj, const std::string& at) {
    std::vector<AppGrant> out;
    const json& list = Member(obj, "apps", json::value_t::array, at);
    std::string here = Join(at, "apps");
    for (const json& item : list) {
      if (!item.is_object()) {
        WrongType(here, "a list of grants");
        continue;
      }
      AppGrant g;
      g.all_apps = AllOrNames(item, "apps", here, &g.apps);
      g.level = Enum(item, "permission", here, ParseAppLevel);
      auto envs = item.find("environments");
      if (envs != item.end() && !envs->is_null()) {
        g.environments = Names(item, "environments", here);
      }
      g.hide_from_dashboard = Bool(item, "hideFromDashboard", here);
      out.push_back(std::move(g));
    }
    return out;
  }

  std::vector<DataSourceGrant> DataSourceGrants(const json& obj, const std::string& at) {
    std::vector<DataSourceGrant> out;
    const json& list = Member(obj, "dataSources", json::value_t::array, at);
    std::string here = Join(at, "dataSources");
    for (const json& item : list) {
      if (!item.is_object()) {
        WrongType(here, "a list of grants");
        continue;
      }
      DataSourceGrant g;
      g.all_data_sources = AllOrNames(item, "dataSources", here, &g.data_sources);
      g.level = Enum(item, "permission", here, ParseDataSourceLevel);
      out.push_back(std::move(g));
    }
    return out;
  }

  void ReadWorkspace(const json& w, Workspace* ws) {
    ws->name.name = String(w, "name", "workspace");
    ws->environments = Names(w, "environments", "workspace");
    ws->environments_declared = true;
    if (auto rules = Enum(w, "versionRules", "workspace", ParseVersionRules)) {
      ws->version_rules = *rules;
    }
    if (w.contains("accessRules")) {  // absent: documented (the default)
      if (auto rules = Enum(w, "accessRules", "workspace", ParseAccessRules)) {
        ws->access_rules = *rules;
      }
    }
    if (w.contains("multiEnvironment")) {  // absent: true (the default)
      ws->multi_environment = Bool(w, "multiEnvironment", "workspace");
    }
  }

  Role ReadRole(const json& roles, UserRole role) {
    std::string key(RoleName(role));
    const json& r = Member(roles, key, json::value_t::object, "roles");
    std::string at = "roles." + key;
    Role out;
    out.role = role;
    out.name.name = key;
    out.configured = Bool(r, "configured", at);
    out.permissions = Permissions(r, at);
    out.apps = AppGrants(r, at);
    out.data_sources = DataSourceGrants(r, at);
    return out;
  }

  // {"withheld": true}: a literal credential, never written.
  static bool IsWithheld(const json& v) {
    return v.is_object() && v.size() == 1 && v.contains("withheld") && v["withheld"] == true;
  }

  // A scalar with the YAML type the writer derived it from.
  static void ReadScalar(const json& v, NodeKind* kind, std::string* text) {
    switch (v.type()) {
      case json::value_t::boolean:
        *kind = NodeKind::kBool;
        *text = v.get<bool>() ? "true" : "false";
        break;
      case json::value_t::number_integer:
      case json::value_t::number_unsigned:
        *kind = NodeKind::kInt;
        *text = v.dump();
        break;
      case json::value_t::number_float:
        *kind = NodeKind::kFloat;
        *text = v.dump();
        break;
      case json::value_t::string:
        *kind = NodeKind::kString;
        *text = v.get<std::string>();
        break;
      default:
        *kind = NodeKind::kNull;
        break;
    }
  }

  // The items of a list or mapping option value, depth first (OptionItem).
  static void ReadItems(const json& v, std::vector<OptionItem>* out) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      OptionItem item;
      if (v.is_object()) item.key = it.key();
      const json& c = *it;
      if (IsWithheld(c)) {
        item.kind = NodeKind::kString;
        item.withheld = true;
      } else if (c.is_structured()) {
        item.kind = c.is_object() ? NodeKind::kMapping : NodeKind::kSequence;
        item.size = static_cast<uint32_t>(c.size());
        out->push_back(std::move(item));
        ReadItems(c, out);
        continue;
      } else {
        ReadScalar(c, &item.kind, &item.text);
      }
      out->push_back(std::move(item));
    }
  }

  // An option value as StateToJson writes it: a scalar, {"withheld": true},
  // {"fromEnv": VAR}, or a list or mapping.
  DataSourceOption ReadOption(const std::string& key, const json& v) {
    DataSourceOption o;
    o.key.name = key;
    o.credential = IsCredentialKey(key);
    if (IsWithheld(v)) {
      o.kind = NodeKind::kString;
      o.withheld = true;
      o.credential = true;
    } else if (v.is_object() && v.size() == 1 && v.contains("fromEnv") &&
               v["fromEnv"].is_string()) {
      o.kind = NodeKind::kMapping;
      o.from_env = v["fromEnv"].get<std::string>();
    } else if (v.is_structured()) {
      o.kind = v.is_object() ? NodeKind::kMapping : NodeKind::kSequence;
      o.size = static_cast<uint32_t>(v.size());
      ReadItems(v, &o.items);
    } else {
      ReadScalar(v, &o.kind, &o.value);
    }
    return o;
  }

  DataSource ReadDataSource(const std::string& name, const json& d, const std::string& at) {
    DataSource out;
    out.name = name;
    out.kind = String(d, "kind", at);
    out.mapping = true;
    out.has_environments = true;
    ForEach(d, "environments", at,
            [&](const std::string& env, const json& options, const std::string&) {
              DataSourceEnvironment e;
              e.environment.name = env;
              for (auto it = options.begin(); it != options.end(); ++it) {
                e.options.push_back(ReadOption(it.key(), *it));
              }
              out.environments.push_back(std::move(e));
            });
    return out;
  }

  // `key`: the name, or "secrets.NAME" for a secret sharing its name with a
  // global constant (ConstantKey).
  Constant ReadConstant(const std::string& key, const json& c, const std::string& at) {
    Constant out;
    out.name = std::string(ConstantNameOfKey(key));
    out.mapping = true;
    out.has_values = true;
    out.type = Enum(c, "type", at, ParseConstantType);
    const json& values = Member(c, "values", json::value_t::object, at);
    for (auto it = values.begin(); values.is_object() && it != values.end(); ++it) {
      ConstantValue v;
      v.environment.name = it.key();
      if (it->is_string()) {
        v.kind = NodeKind::kString;
        v.text = it->get<std::string>();
      } else if (it->is_object() && it->contains("fromEnv") && (*it)["fromEnv"].is_string()) {
        v.kind = NodeKind::kString;
        v.from_env = (*it)["fromEnv"].get<std::string>();
      } else if (it->is_object()) {
        v.literal = true;  // {"withheld": true}
      } else {
        WrongType(Join(Join(at, "values"), it.key()), "a string or an object");
        continue;
      }
      out.values.push_back(std::move(v));
    }
    return out;
  }

  App ReadApp(const std::string& name, const json& a, const std::string& at) {
    App out;
    out.name = name;
    const json& owner = Member(a, "owner", json::value_t::string, at);
    if (owner.is_string()) out.owner = NameRef(owner.get<std::string>());
    out.data_sources = Names(a, "dataSources", at);
    out.constants = Names(a, "constants", at);
    if (a.contains("public")) out.is_public = Bool(a, "public", at);  // absent: not public
    ForEach(a, "versions", at, [&](const std::string& key, const json& v, const std::string& here) {
      AppVersion version;
      version.name.name = key;
      version.environment.name = String(v, "environment", here);
      version.status = Enum(v, "status", here, ParseVersionStatus);
      out.versions.push_back(std::move(version));
    });
    return out;
  }

  uint32_t file_;
  Diagnostics& diags_;
  bool ok_ = true;
};

// ---- Skipping "access" ----
//
// "access" is most of a state file (hundreds of MiB for a large workspace)
// and is never read: the matrix is recomputed. So before the JSON library
// parses the file, the value of the top-level "access" member is found with a
// scanner that only tracks strings and brackets, and replaced by {}: the
// library then parses only the configuration. Whatever the scanner cannot
// make sense of is left to the library, which reports it.

size_t SkipSpace(std::string_view t, size_t i) {
  while (i < t.size() && (t[i] == ' ' || t[i] == '\n' || t[i] == '\r' || t[i] == '\t')) ++i;
  return i;
}

// `i` at a string's opening quote; the index after its closing quote, or npos.
size_t SkipString(std::string_view t, size_t i) {
  for (++i; i < t.size(); ++i) {
    if (t[i] == '\\') {
      ++i;
    } else if (t[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Finds the end of a list or object: a state machine over the characters
// that matter ('"', '\\' inside strings, brackets outside them), fed 16 bytes
// at a time where SSE2 is available (a large state file's "access" is
// hundreds of MiB; byte by byte this took a second).
class BracketMatcher {
 public:
  // `i` at '{' or '['; the index after its closing bracket, or npos.
  size_t End(std::string_view t, size_t i) {
    const char* p = t.data();
    const size_t n = t.size();
    size_t k = i;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i open_brace = _mm_set1_epi8('{'), close_brace = _mm_set1_epi8('}');
    const __m128i open_square = _mm_set1_epi8('['), close_square = _mm_set1_epi8(']');
    for (; k + 16 <= n; k += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k));
      __m128i hits = _mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, open_brace), _mm_cmpeq_epi8(v, close_brace)),
                       _mm_or_si128(_mm_cmpeq_epi8(v, open_square),
                                    _mm_cmpeq_epi8(v, close_square))));
      for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits)); mask != 0;
           mask &= mask - 1) {
        size_t at = k + static_cast<size_t>(__builtin_ctz(mask));
        if (Step(p[at], at)) return at + 1;
      }
    }
#endif
    for (; k < n; ++k) {
      if (Step(p[k], k)) return k + 1;
    }
    return std::string_view::npos;
  }

 private:
  // One character that matters at `at`; true when it closes the outermost bracket.
  bool Step(char c, size_t at) {
    if (at == escaped_) return false;  // the character after a backslash in a string
    if (in_string_) {
      if (c == '\\') escaped_ = at + 1;
      if (c == '"') in_string_ = false;
      return false;
    }
    switch (c) {
      case '"':
        in_string_ = true;
        return false;
      case '{':
      case '[':
        ++depth_;
        return false;
      case '}':
      case ']':
        return --depth_ == 0;
      default:
        return false;  // a backslash outside a string: invalid, the library says so
    }
  }

  size_t depth_ = 0;
  bool in_string_ = false;
  size_t escaped_ = std::string_view::npos;
};

// `i` at a value's first character; the index after it, or npos.
size_t SkipValue(std::string_view t, size_t i) {
  if (i >= t.size()) return std::string_view::npos;
  if (t[i] == '"') return SkipString(t, i);
  if (t[i] == '{' || t[i] == '[') return BracketMatcher().End(t, i);
  // A number, true, false or null.
  while (i < t.size() && t[i] != ',' && t[i] != '}' && t[i] != ']' && t[i] != ' ' &&
         t[i] != '\n' && t[i] != '\r' && t[i] != '\t') {
    ++i;
  }
  return i;
}

// Where the value of a top-level member that is an object at `i` ends, as
// StateToJson writes a state file: it indents the top level's members by
// two spaces and all that is inside them deeper, and a JSON string never
// holds a raw line break, so the first line that starts with two spaces and
// '}' closes it. The index after that '}', or npos. A guess for the caller
// to confirm: a cut in the wrong place leaves closing brackets without
// their opening ones, which the JSON library rejects. About three times as
// fast as the BracketMatcher, which must follow every string.
size_t GuessObjectEnd(std::string_view t, size_t i) {
  const char* p = t.data();
  const size_t n = t.size();
  size_t k = i;
#ifdef __SSE2__
  const __m128i newline = _mm_set1_epi8('\n'), space = _mm_set1_epi8(' ');
  const __m128i close = _mm_set1_epi8('}');
  for (; k + 19 <= n; k += 16) {
    auto at = [&](size_t d) {
      return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k + d));
    };
    __m128i hits = _mm_and_si128(
        _mm_and_si128(_mm_cmpeq_epi8(at(0), newline), _mm_cmpeq_epi8(at(1), space)),
        _mm_and_si128(_mm_cmpeq_epi8(at(2), space), _mm_cmpeq_epi8(at(3), close)));
    if (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hits))) {
      return k + static_cast<size_t>(__builtin_ctz(mask)) + 4;
    }
  }
#endif
  for (; k + 4 <= n; ++k) {
    if (t.compare(k, 4, "\n  }") == 0) return k + 4;
  }
  return std::string_view::npos;
}

// The byte range of the value of the top-level member "access", if the
// document is an object that has one (and the scanner got that far). With
// `guess`, its end is GuessObjectEnd's.
std::optional<std::pair<size_t, size_t>> AccessValue(std::string_view t, bool guess) {
  size_t i = SkipSpace(t, 0);
  if (i >= t.size() || t[i] != '{') return std::nullopt;
  i = SkipSpace(t, i + 1);
  while (i < t.size() && t[i] == '"') {
    size_t key_end = SkipString(t, i);
    if (key_end == std::string_view::npos) return std::nullopt;
    std::string_view key = t.substr(i + 1, key_end - i - 2);
    i = SkipSpace(t, key_end);
    if (i >= t.size() || t[i] != ':') return std::nullopt;
    size_t value = SkipSpace(t, i + 1);
    if (key == "access" && guess && value < t.size() && t[value] == '{') {
      size_t end = GuessObjectEnd(t, value);
      if (end != std::string_view::npos) return std::make_pair(value, end);
    }
    size_t end = SkipValue(t, value);
    if (end == std::string_view::npos) return std::nullopt;
    if (key == "access") return std::make_pair(value, end);
    i = SkipSpace(t, end);
    if (i >= t.size() || t[i] != ',') return std::nullopt;
    i = SkipSpace(t, i + 1);
  }
  return std::nullopt;
}

}  // namespace

bool ReadState(std::string_view text, uint32_t file, Workspace* ws, Diagnostics& diags) {
  // Parsed without the value of "access" ({} in its place); `removed` bytes
  // fewer than the file from `cut` on, for error offsets. Its end is guessed
  // first (GuessObjectEnd); if the rest does not parse, it is found exactly.
  std::string without_access;
  size_t cut = std::string::npos, removed = 0;
  auto parse = [&](bool guess) {
    without_access.clear();
    cut = std::string::npos;
    removed = 0;
    if (auto access = AccessValue(text, guess)) {
      cut = access->first;
      removed = access->second - access->first - 2;
      without_access.reserve(text.size() - removed);
      without_access.append(text.substr(0, cut));
      without_access += "{}";
      without_access.append(text.substr(access->second));
    }
    return cut == std::string::npos ? json::parse(text) : json::parse(without_access);
  };
  json root;
  try {
    try {
      root = parse(/*guess=*/true);
    } catch (const json::parse_error&) {
      root = parse(/*guess=*/false);
    }
  } catch (const json::parse_error& e) {
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    if (cut != std::string::npos && offset > cut) offset += removed;
    diags.Error(Code::kInvalidStateFile, LocationOfByte(file, text, offset),
                fmt::format("state file is not valid JSON: {}; {}", ParseErrorDetail(e.what()),
                            kRegenerate));
    return false;
  } catch (const json::exception& e) {
    diags.Error(Code::kInvalidStateFile, Location{file, 0, 0},
                fmt::format("state file cannot be read: {}; {}", e.what(), kRegenerate));
    return false;
  }
  auto version = root.is_object() ? root.find("stagegate_state") : root.end();
  if (!root.is_object() || version == root.end()) {
    diags.Error(Code::kInvalidStateFile, Location{file, 0, 0},
                "not a stagegate state file; write one with 'stagegate compile --format json'");
    return false;
  }
  if (!version->is_number_integer() || version->get<int64_t>() != kStateFileVersion) {
    diags.Error(Code::kUnsupportedStateVersion, Location{file, 0, 0},
                fmt::format("state file version {} is not supported: this stagegate reads "
                            "version {}; {}",
                            version->dump(), kStateFileVersion, kRegenerate));
    return false;
  }
  *ws = Workspace{};
  Reader reader(file, diags);
  try {
    reader.Read(root, ws);
  } catch (const json::exception& e) {  // a type the checks above missed
    diags.Error(Code::kInvalidStateFile, Location{file, 0, 0},
                fmt::format("state file cannot be read: {}; {}", e.what(), kRegenerate));
    return false;
  }
  return reader.ok();
}

}  // namespace stagegate
