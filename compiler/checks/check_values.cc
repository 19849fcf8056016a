// Data sources and constants: every data source environment configured,
// option templates valid and resolving to a constant of their kind,
// credentials only as `{{secrets.NAME}}`, secrets never written in the
// repository, global values within ToolJet's length limit, "" named for what
// it is (no value). Constants without a value somewhere:
// check_constant_uses.cc. No message quotes a value.
#include <fmt/format.h>

#include "checks/check_context.h"
#include "model/template.h"
#include "source/limits.h"
#include "source/wording.h"

namespace stagegate {
namespace checks_internal {
namespace {

// Declared environments `has` lacks, in pipeline order.
template <typename Has>
std::vector<std::string_view> Missing(const Workspace& ws, Has has) {
  std::vector<std::string_view> missing;
  for (const Ref& env : ws.environments) {
    if (!has(env.name)) missing.push_back(env.name);
  }
  return missing;
}

std::vector<std::string_view> AllEnvironments(const Workspace& ws) {
  std::vector<std::string_view> names;
  for (const Ref& env : ws.environments) names.push_back(env.name);
  return names;
}

// A global value written as text (not null, a collection or {fromEnv}).
bool IsText(const ConstantValue& value) {
  return value.kind != NodeKind::kNull && value.kind != NodeKind::kSequence &&
         value.kind != NodeKind::kMapping;
}

std::string Environments(const std::vector<std::string_view>& envs) {
  return fmt::format("{} {}", PluralWord(envs.size(), "environment", "environments"),
                     QuoteList(envs));
}

// The references in one string of an option (its value, or one inside a
// list or mapping value), written at `at`.
void CheckTemplates(Context& ctx, const DataSource& source, const DataSourceEnvironment& env,
                    const DataSourceOption& option, std::string_view text, Location at,
                    uint32_t width) {
  const std::string& env_name = env.environment.name;
  std::string where = fmt::format("option '{}' of data source '{}'", option.key.name, source.name);
  for (const TemplateRef& t : FindTemplates(text)) {
    if (t.kind == TemplateKind::kInvalid) {
      ctx.diags
          .Error(Code::kInvalidTemplate, at,
                 !t.closed ? fmt::format("unclosed '{{{{' in {} for '{}'; close it with '}}}}'",
                                         where, env_name)
                           : fmt::format("invalid template in {} for '{}'; write "
                                         "'{{{{constants.NAME}}}}' or '{{{{secrets.NAME}}}}'",
                                         where, env_name))
          .Underline(width);
      continue;
    }
    bool as_secret = t.kind == TemplateKind::kSecret;
    Ref ref{std::string(t.name), at, width};
    const Constant* constant = ctx.ws.ResolveConstant(t.name, ConstantTypeOf(t.kind));
    if (!constant) {
      ctx.Unknown(ref, as_secret ? "secret" : "constant", where, Names::kConstants);
      continue;
    }
    if (constant->type == ConstantType::kSecret && !as_secret) {
      ctx.diags
          .Error(Code::kConstantKindMismatch, at,
                 fmt::format("{} refers to secret '{}' as a constant; write '{{{{secrets.{}}}}}'",
                             where, t.name, t.name))
          .Underline(width);
    } else if (constant->type == ConstantType::kGlobal && as_secret) {
      ctx.diags
          .Error(Code::kConstantKindMismatch, at,
                 fmt::format("{} refers to global constant '{}' as a secret; write "
                             "'{{{{constants.{}}}}}'",
                             where, t.name, t.name))
          .Underline(width);
    }
    // A value in this environment: check_constant_uses.cc.
  }
}

// format.md: a credential-like option is exactly one `{{secrets.NAME}}`. A
// warning, not an error: ToolJet holds options in clear when its form says
// so, and a literal credential is risky, not broken (`--werror` fails on it).
void CheckCredential(Context& ctx, const DataSource& source, const DataSourceEnvironment& env,
                     const DataSourceOption& option) {
  // Not withheld: no value, "", a reference, {fromEnv} (ToolJet keeps it
  // encrypted) or a list or mapping (its literals are reported one by one);
  // only a global constant's reference is reported then.
  if (!option.withheld && !IsSingleReference(option.value, TemplateKind::kConstant)) return;
  std::string where = fmt::format("credential option '{}' of data source '{}' for '{}'",
                                  option.key.name, source.name, env.environment.name);
  std::string message;
  if (!option.withheld && IsSingleReference(option.value, TemplateKind::kConstant)) {
    std::vector<TemplateRef> refs = FindTemplates(option.value);
    const Constant* constant = ctx.ws.ResolveConstant(refs[0].name, ConstantType::kGlobal);
    // A secret written as {{constants.X}} is a kind mismatch, reported with the templates.
    if (!constant || constant->type != ConstantType::kGlobal) return;
    message = fmt::format(
        "{} uses global constant '{}', which is stored in plain text; make it a "
        "secret and write '{{{{secrets.{}}}}}'",
        where, refs[0].name, refs[0].name);
  } else {
    message = fmt::format(
        "{} is not a '{{{{secrets.NAME}}}}' reference; store the value in a "
        "secret constant and reference it",
        where);
  }
  ctx.diags.Warning(Code::kLiteralCredential, option.location, std::move(message))
      .Underline(option.width);
}

// A literal under a credential-like key inside a list or mapping option (an
// `X-API-Key` header written in clear).
void CheckNestedCredentials(Context& ctx, const DataSource& source,
                            const DataSourceEnvironment& env, const DataSourceOption& option) {
  for (const OptionItem& item : option.items) {
    if (!item.withheld) continue;
    ctx.diags
        .Warning(Code::kLiteralCredential, item.location,
                 fmt::format("option '{}' of data source '{}' for '{}' holds a credential in "
                             "clear; store it in a secret constant and write "
                             "'{{{{secrets.NAME}}}}' in its place",
                             option.key.name, source.name, env.environment.name))
        .Underline(item.width);
  }
}

}  // namespace

void CheckDataSources(Context& ctx) {
  const Workspace& ws = ctx.ws;
  for (const DataSource& source : ws.data_sources) {
    if (!source.has_environments) {
      // A malformed section is the schema's finding; a missing one is ours.
      if (source.mapping && !source.environments_location.valid() && ctx.HasEnvironments()) {
        ctx.diags
            .Error(Code::kIncompleteEnvironments, source.location,
                   fmt::format("data source '{}' has no 'environments'; configure it for {}",
                               source.name, QuoteList(AllEnvironments(ws))))
            .Underline(source.width);
      }
      continue;
    }
    std::string where = fmt::format("data source '{}'", source.name);
    for (const DataSourceEnvironment& env : source.environments) {
      if (ctx.HasEnvironments() && ws.EnvironmentIndex(env.environment.name) < 0) {
        ctx.Unknown(env.environment, "environment", where, Names::kEnvironments);
      }
      for (const DataSourceOption& option : env.options) {
        if (option.credential) CheckCredential(ctx, source, env, option);
        CheckNestedCredentials(ctx, source, env, option);
        ForEachOptionText(option, [&](std::string_view text, Location at, uint32_t width) {
          CheckTemplates(ctx, source, env, option, text, at, width);
        });
      }
    }
    std::vector<std::string_view> missing =
        Missing(ws, [&](std::string_view e) { return source.FindEnvironment(e) != nullptr; });
    if (!missing.empty()) {
      ctx.diags
          .Error(Code::kIncompleteEnvironments, source.environments_location,
                 fmt::format("{} is not configured for {}; add {} under 'environments'", where,
                             Environments(missing), PluralWord(missing.size(), "it", "them")))
          .Underline(source.environments_width);
    }
  }
}

namespace {

// A value written as "": no value, which ToolJet cannot tell from a left-out
// environment.
void CheckBlank(Context& ctx, const Constant& constant, const ConstantValue& value) {
  const std::string& env = value.environment.name;
  ctx.diags
      .Warning(Code::kEmptyConstantValue, value.location,
               fmt::format("{} '{}' is \"\" for '{}', which ToolJet stores as no value there; "
                           "leave '{}' out of its 'values' to say so",
                           ConstantNoun(constant), constant.name, env, env))
      .Underline(value.width);
}

void CheckGlobalValue(Context& ctx, const Constant& constant, const ConstantValue& value) {
  const std::string& env = value.environment.name;
  if (value.length > kMaxGlobalValueLength) {
    ctx.diags
        .Error(Code::kConstantValueLength, value.location,
               fmt::format("global constant '{}' is {} characters long for '{}'; the limit is {}",
                           constant.name, Thousands(value.length), env,
                           Thousands(kMaxGlobalValueLength)))
        .Underline(value.width);
  }
  for (const TemplateRef& t : FindTemplates(value.text)) {
    if (t.kind != TemplateKind::kSecret) continue;
    ctx.diags
        .Error(Code::kSecretOutsideDataSource, value.location,
               fmt::format("global constant '{}' uses secret '{}' for '{}'; secrets may only "
                           "be used in data source options",
                           constant.name, t.name, env))
        .Underline(value.width);
  }
}

}  // namespace

void CheckConstants(Context& ctx) {
  const Workspace& ws = ctx.ws;
  for (const Constant& constant : ws.constants) {
    bool secret = constant.type == ConstantType::kSecret;
    bool global = constant.type == ConstantType::kGlobal;
    for (const ConstantValue& value : constant.values) {
      const std::string& env = value.environment.name;
      if (ctx.HasEnvironments() && ws.EnvironmentIndex(env) < 0) {
        ctx.Unknown(value.environment, "environment", fmt::format("constant '{}'", constant.name),
                    Names::kEnvironments);
      }
      if (value.Blank()) {
        CheckBlank(ctx, constant, value);
        continue;
      }
      if (secret && value.literal) {
        ctx.diags
            .Error(Code::kPlaintextSecret, value.location,
                   fmt::format("secret constant '{}' has a value written in the repository for "
                               "'{}'; use {{fromEnv: VAR}} and set VAR in the environment",
                               constant.name, env))
            .Underline(value.width);
      }
      if (global && IsText(value)) CheckGlobalValue(ctx, constant, value);
    }
  }
  CheckConstantUses(ctx);
}

}  // namespace checks_internal
}  // namespace stagegate
