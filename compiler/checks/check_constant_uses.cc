// Constants without a value in some environments (docs/format.md, Constants).
// ToolJet allows it: every environment has a row, holding '' where there is
// no value. It breaks only where something runs: a version of an app in that
// environment that lists the constant in its `constants`, or uses a data
// source whose option there references it. That is an error
// (used-constant-without-value); an environment where nothing uses it yet is
// a warning (constant-without-value), since promoting an app there would
// break it. No message quotes a value.
#include <fmt/format.h>

#include "checks/check_context.h"
#include "model/template.h"
#include "source/wording.h"

namespace stagegate {
namespace checks_internal {
namespace {

// The apps one error names in full; the rest are counted.
constexpr size_t kNamedUses = 3;

// One app version that needs a constant's value in its environment.
struct ConstantUse {
  const App* app = nullptr;
  const AppVersion* version = nullptr;
  const DataSource* via = nullptr;  // nullptr: in the app's `constants`
  Location location;                // the reference
  uint32_t width = 1;
};

// What one constant meets in one environment.
struct UseSlot {
  size_t apps = 0;                 // distinct apps with a version there using it
  std::vector<ConstantUse> named;  // the first kNamedUses of them
  const DataSource* referenced_by = nullptr;  // first data source option referencing it there
};

// The first data source that references a constant where it has no value.
struct Reference {
  const DataSource* source = nullptr;
  std::string_view env;
};

// A constant a data source option references in one environment.
struct OptionRef {
  size_t constant = 0;  // index in ws.constants
  const DataSourceOption* option = nullptr;
};

class ConstantUses {
 public:
  explicit ConstantUses(const Workspace& ws)
      : ws_(ws),
        envs_(ws.environments.size()),
        slots_(ws.constants.size() * envs_),
        last_app_(slots_.size(), nullptr) {
    IndexOptions();
    for (const App& app : ws.apps) AddApp(app);
  }

  const UseSlot& At(size_t constant, size_t env) const { return slots_[constant * envs_ + env]; }

 private:
  size_t IndexOf(const Constant* c) const { return static_cast<size_t>(c - ws_.constants.data()); }

  // Every resolvable reference of every data source option, by data source
  // and environment, resolved by its kind.
  void IndexOptions() {
    option_refs_.resize(ws_.data_sources.size() * envs_);
    for (size_t d = 0; d < ws_.data_sources.size(); ++d) {
      const DataSource& source = ws_.data_sources[d];
      for (const DataSourceEnvironment& env : source.environments) {
        int e = ws_.EnvironmentIndex(env.environment.name);
        if (e < 0) continue;
        for (const DataSourceOption& option : env.options) {
          if (option.withheld) continue;
          for (const TemplateRef& t : FindTemplates(option.value)) {
            if (t.kind == TemplateKind::kInvalid) continue;
            const Constant* c = ws_.ResolveConstant(t.name, ConstantTypeOf(t.kind));
            if (c == nullptr) continue;  // unknown-reference
            option_refs_[d * envs_ + static_cast<size_t>(e)].push_back({IndexOf(c), &option});
            UseSlot& slot = slots_[IndexOf(c) * envs_ + static_cast<size_t>(e)];
            if (slot.referenced_by == nullptr) slot.referenced_by = &source;
          }
        }
      }
    }
  }

  void Add(size_t constant, size_t env, ConstantUse use) {
    UseSlot& slot = slots_[constant * envs_ + env];
    // An app's uses come one after another: count it once.
    if (last_app_[constant * envs_ + env] == use.app) return;
    last_app_[constant * envs_ + env] = use.app;
    ++slot.apps;
    if (slot.named.size() < kNamedUses) slot.named.push_back(use);
  }

  void AddApp(const App& app) {
    // The first version of the app in each environment.
    std::vector<const AppVersion*> in_env(envs_, nullptr);
    for (const AppVersion& v : app.versions) {
      int e = ws_.EnvironmentIndex(v.environment.name);
      if (e >= 0 && in_env[static_cast<size_t>(e)] == nullptr) in_env[static_cast<size_t>(e)] = &v;
    }
    for (size_t e = 0; e < envs_; ++e) {
      if (in_env[e] == nullptr) continue;
      for (const Ref& ref : app.constants) {
        const Constant* c = ws_.ResolveConstant(ref.name, ConstantType::kGlobal);
        // A secret here is secret-outside-data-source, reported on its own.
        if (c == nullptr || c->type == ConstantType::kSecret) continue;
        Add(IndexOf(c), e, {&app, in_env[e], nullptr, ref.location, ref.width});
      }
      for (const Ref& ref : app.data_sources) {
        const DataSource* source = ws_.FindDataSource(ref.name);
        if (source == nullptr) continue;
        size_t d = static_cast<size_t>(source - ws_.data_sources.data());
        for (const OptionRef& r : option_refs_[d * envs_ + e]) {
          Add(r.constant, e, {&app, in_env[e], source, r.option->location, r.option->width});
        }
      }
    }
  }

  const Workspace& ws_;
  size_t envs_;
  std::vector<UseSlot> slots_;                    // [constant][environment]
  std::vector<const App*> last_app_;              // [constant][environment]
  std::vector<std::vector<OptionRef>> option_refs_;  // [data source][environment]
};

std::string UseText(const ConstantUse& use) {
  std::string out =
      fmt::format("version {} of app {}", Quote(use.version->name.name), Quote(use.app->name));
  if (use.via != nullptr) out += fmt::format(" (through data source {})", Quote(use.via->name));
  return out;
}

void ReportUsed(Context& ctx, const Constant& c, std::string_view env, const UseSlot& slot) {
  std::vector<std::string> uses;
  for (const ConstantUse& use : slot.named) uses.push_back(UseText(use));
  Location at = c.values_location.valid() ? c.values_location : c.location;
  uint32_t width = c.values_location.valid() ? c.values_width : c.width;
  Diagnostic& d =
      ctx.diags
          .Error(Code::kUsedConstantWithoutValue, at,
                 fmt::format("{} {} has no value for {}, where {} {} it; give it a value for {} "
                             "under 'values', or stop using it there",
                             ConstantNoun(c), Quote(c.name), Quote(env),
                             JoinAnd(uses, slot.apps - slot.named.size()),
                             slot.apps == 1 ? "uses" : "use", Quote(env)))
          .Underline(width);
  for (const ConstantUse& use : slot.named) {
    if (!use.location.valid()) continue;
    d.Related(use.location,
              use.via == nullptr
                  ? fmt::format("app {} lists it here", Quote(use.app->name))
                  : fmt::format("data source {} references it here for {}", Quote(use.via->name),
                                Quote(env)));
  }
}

void ReportUnused(Context& ctx, const Constant& c, const std::vector<std::string_view>& envs,
                  const Reference& referenced) {
  Location at = c.values_location.valid() ? c.values_location : c.location;
  uint32_t width = c.values_location.valid() ? c.values_width : c.width;
  std::string message;
  if (envs.size() == ctx.ws.environments.size()) {
    message = fmt::format("{} {} has no value in any environment; nothing uses it yet, but an "
                          "app that uses it would break: add values under 'values' first",
                          ConstantNoun(c), Quote(c.name));
  } else {
    std::string reference =
        referenced.source == nullptr
            ? std::string()
            : fmt::format(" (data source {} references it for {}, but no version there uses "
                          "the data source)",
                          Quote(referenced.source->name), Quote(referenced.env));
    message = fmt::format("{} {} has no value for {} {}; nothing there uses it yet{}, but an app "
                          "that uses it would break once promoted there: add {} under 'values' "
                          "first",
                          ConstantNoun(c), Quote(c.name),
                          PluralWord(envs.size(), "environment", "environments"), QuoteList(envs),
                          reference, PluralWord(envs.size(), "a value", "values"));
  }
  ctx.diags.Warning(Code::kConstantWithoutValue, at, std::move(message)).Underline(width);
}

}  // namespace

std::string ConstantNoun(const Constant& c) {
  if (!c.type) return "constant";
  return *c.type == ConstantType::kSecret ? "secret" : "global constant";
}

void CheckConstantUses(Context& ctx) {
  const Workspace& ws = ctx.ws;
  if (ws.constants.empty() || ws.environments.empty()) return;
  ConstantUses uses(ws);
  for (size_t i = 0; i < ws.constants.size(); ++i) {
    const Constant& c = ws.constants[i];
    // Not a mapping, or `values` not one: the schema's finding.
    if (!c.mapping || (!c.has_values && c.values_location.valid())) continue;
    std::vector<std::string_view> unused;
    Reference referenced;
    for (size_t e = 0; e < ws.environments.size(); ++e) {
      const std::string& env = ws.environments[e].name;
      // Left out or "": no value. A value of the wrong shape is the schema's.
      const ConstantValue* value = c.FindValue(env);
      if (value != nullptr && !value->Blank()) continue;
      const UseSlot& slot = uses.At(i, e);
      if (slot.apps > 0) {
        ReportUsed(ctx, c, env, slot);
        continue;
      }
      unused.push_back(env);
      if (referenced.source == nullptr) referenced = {slot.referenced_by, env};
    }
    if (!unused.empty()) ReportUnused(ctx, c, unused, referenced);
  }
}

}  // namespace checks_internal
}  // namespace stagegate
