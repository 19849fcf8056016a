// Help text, the short usage, `help`, and usage errors (usage.h).
#include "cli/usage.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

#include "cli/common.h"
#include "source/location.h"
#include "source/suggest.h"

namespace stagegate {
namespace {

// One line per command for `stagegate --help` and the short usage; the
// command's own --help prints its whole description.
struct CommandSummary {
  std::string_view name;
  std::string_view summary;
};
constexpr CommandSummary kCommandSummaries[] = {
    {"check", "Check a configuration and print every finding at its file:line:col"},
    {"compile", "Write the effective permission matrix (text, csv) or the state file (json)"},
    {"explain", "Explain one user's access to one app, column by column, with the grants"},
    {"plan", "Compare with the current state: changes, access gained and lost, promotions"},
    {"report", "Write the permission report for a review"},
    {"import", "Read a live ToolJet workspace from its database into a configuration"},
    {"schema", "Print the JSON Schema of the configuration format"},
    {"init", "Write a small, valid starting configuration"},
};

std::string SummaryOf(const CLI::App* command) {
  for (const CommandSummary& entry : kCommandSummaries) {
    if (entry.name == command->get_name()) return std::string(entry.summary);
  }
  return command->get_description();  // a copy: CLI11 returns it by value
}

// `text` wrapped at spaces to lines of at most `width` columns, every line
// after the first indented by `indent` spaces (the first starts where the
// caller already is, at column `start`). A word longer than a line stays
// whole.
std::string Wrap(std::string_view text, size_t start, size_t indent, size_t width) {
  std::string out;
  size_t column = start;
  bool line_empty = true;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == '\n') {
      out += '\n';
      out.append(indent, ' ');
      column = indent;
      line_empty = true;
      ++pos;
      continue;
    }
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    size_t end = text.find_first_of(" \n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    size_t w = CodePoints(word);
    if (!line_empty && column + 1 + w > width) {
      out += '\n';
      out.append(indent, ' ');
      column = indent;
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++column;
    }
    out.append(word);
    column += w;
    line_empty = false;
    pos = end;
  }
  return out;
}

// "  NAME   description", the description wrapped beside the name, or on the
// next line when the name is too long to leave room.
std::string Entry(const std::string& name, std::string_view description, size_t column,
                  size_t width) {
  std::string out = "  " + name;
  size_t used = 2 + CodePoints(name);
  if (description.empty()) return out + "\n";
  if (used + 2 > column) {
    out += '\n';
    used = 0;
  }
  out.append(column - used, ' ');
  out += Wrap(description, column, column, width);
  out += '\n';
  return out;
}

bool IsCliTypeLabel(std::string_view label) {
  for (std::string_view internal : {"TEXT", "INT", "UINT", "FLOAT", "NUMBER", "BOOLEAN", "ENUM",
                                    "POSITIVE", "NONNEGATIVE"}) {
    if (label == internal) return true;
  }
  return label.empty();
}

// The metavariable an option's value is shown with: its type name, or its
// choices ("text|json") when a validator lists them in braces, never one of
// CLI11's internal labels (TEXT, UINT, ...).
std::string Metavariable(const CLI::Option* opt) {
  std::string type = opt->get_type_name();
  size_t open = type.find('{');
  size_t close = type.find('}', open == std::string::npos ? 0 : open);
  if (open != std::string::npos && close != std::string::npos) {
    std::string choices = type.substr(open + 1, close - open - 1);
    std::replace(choices.begin(), choices.end(), ',', '|');
    return choices;
  }
  std::string base = type.substr(0, type.find_first_of(": ["));
  return IsCliTypeLabel(base) ? "VALUE" : base;
}

// A flag takes no value (--force); an option takes one (--format json).
bool IsFlag(const CLI::Option* opt) { return opt->get_expected_max() == 0; }

class HelpFormatter : public CLI::Formatter {
 public:
  explicit HelpFormatter(size_t width) : width_(width) {
    label("Positionals", "Arguments");
    column_width(kColumn);
  }

  std::string make_option_opts(const CLI::Option* opt) const override {
    if (IsFlag(opt)) return {};
    std::string meta = " " + Metavariable(opt);
    if (opt->get_expected_max() > 1) meta += "...";
    return meta;
  }

  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override {
    if (is_positional) return opt->get_name(true, false);
    return opt->get_name(false, true);
  }

  std::string make_option_desc(const CLI::Option* opt) const override {
    std::string desc = opt->get_description();
    if (opt->get_required()) desc += " (required)";
    std::string def = opt->get_default_str();
    if (!def.empty() && !IsFlag(opt)) desc += fmt::format(" (default: {})", def);
    return desc;
  }

  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    std::string name = make_option_name(opt, is_positional);
    if (is_positional) {
      if (opt->get_expected_max() > 1) name += "...";
    } else {
      name += make_option_opts(opt);
    }
    return Entry(name, make_option_desc(opt), kColumn, width_);
  }

  std::string make_subcommand(const CLI::App* sub) const override {
    return Entry(sub->get_name(), SummaryOf(sub), kCommandColumn, width_);
  }

  std::string make_description(const CLI::App* app) const override {
    std::string desc = app->get_description();
    return desc.empty() ? std::string() : Wrap(desc, 0, 0, width_) + "\n";
  }

  std::string make_footer(const CLI::App* app) const override {
    std::string footer = app->get_footer();
    return footer.empty() ? std::string() : Wrap(footer, 0, 0, width_) + "\n";
  }

  std::string make_usage(const CLI::App* app, std::string name) const override {
    if (app->get_parent() == nullptr) {
      return "\nUsage: stagegate COMMAND [OPTIONS] [PATH...]\n";
    }
    // `stagegate help CMD` asks the command itself, which knows only its name.
    if (name.compare(0, 10, "stagegate ") != 0) name = "stagegate " + app->get_name();
    return "\n" + CLI::Formatter::make_usage(app, std::move(name));
  }

 private:
  static constexpr size_t kColumn = 30;
  static constexpr size_t kCommandColumn = 12;
  size_t width_;
};

std::vector<CLI::App*> Commands(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

CLI::App* FindCommand(CLI::App& app, std::string_view name) {
  for (CLI::App* command : Commands(app)) {
    if (command->get_name() == name) return command;
  }
  return nullptr;
}

std::vector<std::string> CommandNames(CLI::App& app) {
  std::vector<std::string> names;
  for (CLI::App* command : Commands(app)) names.push_back(command->get_name());
  return names;
}

std::vector<std::string_view> Views(const std::vector<std::string>& names) {
  return std::vector<std::string_view>(names.begin(), names.end());
}

void PrintShortUsage(CLI::App& app) {
  std::string text = "Usage: stagegate COMMAND [OPTIONS] [PATH...]\n\nCommands:\n";
  size_t width = HelpWidth();
  for (CLI::App* command : Commands(app)) {
    text += Entry(command->get_name(), SummaryOf(command), 12, width);
  }
  text +=
      "\nRun 'stagegate help COMMAND' for a command's options, 'stagegate --help' for the exit "
      "codes.\n";
  std::fputs(text.c_str(), stderr);
}

int UnknownCommand(CLI::App& app, const std::string& name) {
  std::vector<std::string> names = CommandNames(app);
  std::string suggestion = Suggest(name, Views(names));
  std::string text = fmt::format("stagegate: '{}' is not a stagegate command", name);
  if (!suggestion.empty()) text += fmt::format("; did you mean '{}'?", suggestion);
  text += fmt::format("\nThe commands are: {}.\nRun 'stagegate help' for what each does.\n",
                      fmt::join(names, ", "));
  std::fputs(text.c_str(), stderr);
  return kExitCannotRun;
}

// Every spelling of `command`'s options ("--format", "-o").
std::vector<std::string> OptionSpellings(const CLI::App& command) {
  std::vector<std::string> spellings;
  for (const CLI::Option* opt : command.get_options()) {
    for (const std::string& name : opt->get_lnames()) spellings.push_back("--" + name);
    for (const std::string& name : opt->get_snames()) spellings.push_back("-" + name);
  }
  return spellings;
}

int UnknownOption(const std::string& shown, const std::string& option,
                  const std::vector<std::string>& spellings) {
  std::string suggestion = Suggest(option, Views(spellings));
  std::string text = fmt::format("stagegate: unknown option '{}' for '{}'", option, shown);
  if (!suggestion.empty()) text += fmt::format("; did you mean '{}'?", suggestion);
  text += fmt::format("\nRun '{} --help' for its options.\n", shown);
  std::fputs(text.c_str(), stderr);
  return kExitCannotRun;
}

// The first option among `args` that `spellings` does not hold ("" when all
// are known). Stops at "--"; "-" alone is an argument.
std::string FirstUnknownOption(const std::vector<std::string>& args, size_t from,
                               const std::vector<std::string>& spellings) {
  for (size_t i = from; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-') continue;
    if (arg[1] >= '0' && arg[1] <= '9') continue;  // a negative number: the option's validator says
    std::string name = arg[1] == '-' ? arg.substr(0, arg.find('=')) : arg.substr(0, 2);
    if (std::find(spellings.begin(), spellings.end(), name) == spellings.end()) return name;
  }
  return {};
}

}  // namespace

size_t HelpWidth() {
  size_t width = 80;
  const char* columns = std::getenv("COLUMNS");
  struct winsize ws {};
  if (columns != nullptr && columns[0] != '\0') {
    char* end = nullptr;
    errno = 0;
    unsigned long value = std::strtoul(columns, &end, 10);
    if (errno == 0 && *end == '\0') width = value;
  } else if (isatty(STDOUT_FILENO) == 1 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
             ws.ws_col > 0) {
    width = ws.ws_col;
  }
  return std::clamp<size_t>(width, 40, 160);
}

void InstallHelpFormatter(CLI::App& app) {
  auto formatter = std::make_shared<HelpFormatter>(HelpWidth());
  app.formatter(formatter);
  for (CLI::App* command : Commands(app)) {
    command->formatter(formatter);
    command->group("Commands");
  }
}

std::optional<int> Prescan(CLI::App& app, const std::vector<std::string>& args) {
  if (args.empty()) {
    PrintShortUsage(app);
    return kExitCannotRun;
  }
  const std::string& first = args[0];
  if (first == "help") {
    if (args.size() == 1) {
      std::fputs(app.help().c_str(), stdout);
      return kExitOk;
    }
    CLI::App* command = FindCommand(app, args[1]);
    if (command == nullptr) return UnknownCommand(app, args[1]);
    std::fputs(command->help().c_str(), stdout);
    return kExitOk;
  }
  if (first[0] == '-') {
    std::string unknown = FirstUnknownOption(args, 0, OptionSpellings(app));
    if (!unknown.empty()) return UnknownOption("stagegate", unknown, OptionSpellings(app));
    return std::nullopt;
  }
  CLI::App* command = FindCommand(app, first);
  if (command == nullptr) return UnknownCommand(app, first);
  std::vector<std::string> spellings = OptionSpellings(*command);
  std::string unknown = FirstUnknownOption(args, 1, spellings);
  if (!unknown.empty()) return UnknownOption("stagegate " + first, unknown, spellings);
  return std::nullopt;
}

int ReportParseError(const CLI::ParseError& error, std::string_view command) {
  std::string message = error.what();
  constexpr std::string_view kExtras[] = {"The following argument was not expected: ",
                                          "The following arguments were not expected: "};
  for (std::string_view prefix : kExtras) {
    if (message.compare(0, prefix.size(), prefix) == 0) {
      message = fmt::format("unexpected argument '{}'", message.substr(prefix.size()));
    }
  }
  // "--current: 1 required CURRENT missing": the option was given without its value.
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) != nullptr) {
    size_t colon = message.find(": ");
    if (colon != std::string::npos && message.find(" required ", colon) != std::string::npos &&
        message.size() > 8 && message.compare(message.size() - 8, 8, " missing") == 0) {
      message = fmt::format("{} needs a value", message.substr(0, colon));
    }
  }
  return ReportUsageErrors({message}, command);
}

int ReportUsageErrors(const std::vector<std::string>& messages, std::string_view command) {
  std::string shown = command.empty() ? "stagegate" : fmt::format("stagegate {}", command);
  std::string text;
  for (const std::string& message : messages) text += fmt::format("stagegate: {}\n", message);
  text += fmt::format("Run '{} --help' for its options.\n", shown);
  std::fputs(text.c_str(), stderr);
  return kExitCannotRun;
}

CLI::Validator NonNegativeInteger() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        bool digits = !text.empty() && text.size() <= 19 &&
                      text.find_first_not_of("0123456789") == std::string::npos;
        if (digits && (text.size() < 19 || text <= "9223372036854775807")) return {};
        return fmt::format("expected a non-negative integer (0, 1, 2, ...), got '{}'", text);
      },
      "");
}

CLI::Validator OneOf(std::vector<std::string> names) {
  std::string desc = fmt::format("{{{}}}", fmt::join(names, ","));
  return CLI::Validator(
      [names = std::move(names)](std::string& text) -> std::string {
        if (std::find(names.begin(), names.end(), text) != names.end()) return {};
        std::string suggestion = Suggest(text, Views(names));
        return fmt::format("expected one of {}, got '{}'{}", fmt::join(names, ", "), text,
                           suggestion.empty() ? std::string()
                                              : fmt::format(" (did you mean '{}'?)", suggestion));
      },
      desc);
}

}  // namespace stagegate
