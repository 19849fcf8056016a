// Names as ToolJet takes them (format.md, Names). A name ToolJet refuses
// outright is an error: a custom group named like a role group. Anything
// else its database can hold is accepted, and where ToolJet's own forms
// would refuse it (too long, spaces they trim off, a constant name no
// reference can spell) or it reads badly (control characters, `*` alone),
// check warns (name-style). Empty names and NUL characters, which ToolJet's
// database cannot hold, are the schema's errors.
//
// The rules, from ToolJet's server (server/src/modules/...):
//  - groups: group-permissions/dto CreateGroupPermissionDto (trimmed, not
//    empty) and util.service.ts validateCreateGroupOperation (not one of the
//    role names, compared exactly);
//  - apps: apps/dto AppCreateDto / AppUpdateDto, MaxLength(50) as
//    class-validator counts (validator.js isLength);
//  - data sources: data-sources/dto CreateDataSourceDto (not empty, no limit);
//  - constants: organization-constants/dto CreateOrganizationConstantDto
//    (^[a-zA-Z_][a-zA-Z0-9_]*$, at most 50);
//  - workspaces: organizations/dto OrganizationCreateDto (trimmed, at most 50);
//  - users: the invitation's IsEmail (roughly: name@domain.tld, no spaces,
//    at most 254 characters).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "checks/check_context.h"
#include "source/wording.h"

namespace stagegate {
namespace checks_internal {
namespace {

// The code points of UTF-8 text (the loader has checked it is UTF-8).
std::vector<uint32_t> NameCodePoints(std::string_view text) {
  std::vector<uint32_t> out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < len && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    out.push_back(cp);
    i += len;
  }
  return out;
}

// A length as ToolJet's MaxLength counts it (class-validator uses
// validator.js isLength): UTF-16 units, but a surrogate pair (an emoji) as
// one and the variation selectors U+FE0E and U+FE0F as none; that is, code
// points less the selectors.
size_t ToolJetLength(const std::vector<uint32_t>& code_points) {
  size_t n = 0;
  for (uint32_t cp : code_points) n += cp != 0xFE0E && cp != 0xFE0F;
  return n;
}

// What JavaScript's String.prototype.trim removes: ToolJet trims with it.
bool IsJsSpace(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

bool HasSurroundingSpace(const std::vector<uint32_t>& cps) {
  return !cps.empty() && (IsJsSpace(cps.front()) || IsJsSpace(cps.back()));
}

bool AllSpace(const std::vector<uint32_t>& cps) {
  for (uint32_t cp : cps) {
    if (!IsJsSpace(cp)) return false;
  }
  return true;
}

bool IsCreatableConstantName(std::string_view name) {
  if (name.empty() || name.size() > 50) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

// Roughly what the invitation's IsEmail accepts: a local part and a domain
// with a dot, at most 254 characters and 64 bytes before the '@', no spaces
// or control characters but inside a quoted local part ("a b"@x.io).
bool LooksLikeInvitableEmail(std::string_view email, const std::vector<uint32_t>& cps) {
  const size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return false;
  const std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
  if (at > 64 || ToolJetLength(cps) > 254) return false;
  const bool quoted = local.size() >= 2 && local.front() == '"' && local.back() == '"';
  auto blank = [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; };
  if (std::any_of(domain.begin(), domain.end(), blank)) return false;
  if (!quoted && std::any_of(local.begin(), local.end(), blank)) return false;
  // Spaces and controls beyond ASCII (U+00A0, U+3000, C1) anywhere.
  return std::none_of(cps.begin(), cps.end(),
                      [](uint32_t cp) { return cp > 0x7F && (IsJsSpace(cp) || IsControl(cp)); });
}

struct Named {
  std::string_view entity;  // "group", "app", "user", ...
  std::string_view name;
  Location location;
  uint32_t width = 1;
  // "group name", "user e-mail": how a message names it.
  std::string Label() const {
    return std::string(entity) + (entity == "user" ? " e-mail" : " name");
  }
};

class NameChecker {
 public:
  explicit NameChecker(Context& ctx) : ctx_(ctx) {}

  void Warn(const Named& n, const std::string& problem) {
    ctx_.diags
        .Warning(Code::kNameStyle, n.location,
                 fmt::format("{} {} {}", n.Label(), QuoteInput(n.name), problem))
        .Underline(n.width);
  }

  // What every kind of name shares: no NUL (PostgreSQL's text cannot hold
  // one, so no ToolJet can), control characters, `*` alone.
  void Common(const Named& n, const std::vector<uint32_t>& cps) {
    if (n.name.find('\0') != std::string_view::npos) {
      ctx_.diags
          .Error(Code::kInvalidValue, n.location,
                 fmt::format("{} {} contains a NUL character, which ToolJet's database cannot "
                             "store; remove it",
                             n.Label(), QuoteInput(n.name)))
          .Underline(n.width);
      return;
    }
    for (uint32_t cp : cps) {
      if (!IsControl(cp)) continue;
      Warn(n, "contains a control character; ToolJet keeps it, but it is invisible or breaks "
              "the line wherever the name is shown (stagegate shows it escaped): rename it");
      break;
    }
    const bool granted = n.entity == "app" || n.entity == "data source";
    if (granted && n.name == "*") {
      Warn(n, fmt::format("reads as 'every {0}': only a list item names it (['*']), while "
                          "\"*\" instead of a list means every {0}; rename it if you can",
                          n.entity));
    }
  }

  void Group(const Named& n) {
    static constexpr std::string_view kRoleGroups[] = {"admin", "builder", "end-user",
                                                       "Admin", "Builder", "End-user"};
    for (std::string_view role : kRoleGroups) {
      if (n.name != role) continue;
      ctx_.diags
          .Error(Code::kReservedName, n.location,
                 fmt::format("group name '{}' is reserved: ToolJet refuses a custom group named "
                             "admin, builder, end-user, Admin, Builder or End-user (its role "
                             "groups); rename the group",
                             n.name))
          .Underline(n.width);
      return;
    }
    const std::vector<uint32_t> cps = NameCodePoints(n.name);
    Common(n, cps);
    if (AllSpace(cps)) {
      Warn(n, "is only spaces; ToolJet trims a group name and refuses it when nothing is left: "
              "rename the group");
    } else if (HasSurroundingSpace(cps)) {
      Warn(n, "starts or ends with a space, which ToolJet's form trims off, so the form can "
              "neither create nor rename a group to it: remove the spaces");
    }
  }

  // A name ToolJet's forms take up to `limit` characters as it counts them.
  void Limited(const Named& n, size_t limit, bool trimmed) {
    const std::vector<uint32_t> cps = NameCodePoints(n.name);
    Common(n, cps);
    const size_t length = ToolJetLength(cps);
    if (length > limit) {
      Warn(n, fmt::format("is {} characters long as ToolJet counts them; ToolJet's forms take "
                          "at most {}: shorten it",
                          Thousands(length), limit));
    }
    if (trimmed && HasSurroundingSpace(cps)) {
      Warn(n, "starts or ends with a space, which ToolJet's form trims off: remove the spaces");
    }
  }

  void Constant(const Named& n) {
    Common(n, NameCodePoints(n.name));
    if (IsCreatableConstantName(n.name)) return;
    Warn(n, "is not one ToolJet creates (a letter or '_', then letters, digits and '_', at most "
            "50 characters), and no {{constants.NAME}} or {{secrets.NAME}} can name it: rename "
            "it");
  }

  void User(const Named& n) {
    const std::vector<uint32_t> cps = NameCodePoints(n.name);
    Common(n, cps);
    if (LooksLikeInvitableEmail(n.name, cps)) return;
    Warn(n, "is not an address ToolJet's invitation accepts (name@domain.tld, without spaces, "
            "at most 254 characters); check it");
  }

 private:
  Context& ctx_;
};

}  // namespace

void CheckNames(Context& ctx) {
  const Workspace& ws = ctx.ws;
  NameChecker names(ctx);
  if (!ws.name.name.empty()) {
    names.Limited({"workspace", ws.name.name, ws.name.location, ws.name.width}, 50,
                  /*trimmed=*/true);
  }
  for (const User& u : ws.users) names.User({"user", u.email, u.location, u.width});
  for (const Group& g : ws.groups) names.Group({"group", g.name, g.location, g.width});
  for (const DataSource& d : ws.data_sources) {
    names.Common({"data source", d.name, d.location, d.width}, NameCodePoints(d.name));
  }
  for (const Constant& c : ws.constants) names.Constant({"constant", c.name, c.location, c.width});
  for (const App& a : ws.apps) {
    names.Limited({"app", a.name, a.location, a.width}, 50, /*trimmed=*/false);
  }
}

}  // namespace checks_internal
}  // namespace stagegate
