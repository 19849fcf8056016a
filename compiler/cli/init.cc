// `stagegate init DIR`: writes a small, valid starting configuration (one file
// per section, the layout teams keep) plus a copy of the JSON Schema so
// editors complete and check the files offline.

#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/common.h"

namespace stagegate {
namespace {

constexpr const char* kModeline = "# yaml-language-server: $schema=stagegate.schema.json\n";

struct StarterFile {
  const char* name;
  const char* text;
};

// Kept valid and warning-free by a CLI test that runs `check` on the result.
constexpr StarterFile kStarterFiles[] = {
    {"workspace.yaml",
     "# The workspace and its environments, in promotion order: apps are edited in the\n"
     "# first and released from the last.\n"
     "version: 1\n"
     "workspace: my-workspace\n"
     "environments: [development, staging, production]\n"
     "versionRules: default\n"},
    {"users.yaml",
     "users:\n"
     "  admin@example.com: {name: Workspace Admin, role: admin}\n"
     "  builder@example.com: {name: App Builder, role: builder}\n"
     "  viewer@example.com: {name: App User, role: end-user}\n"},
    {"groups.yaml",
     "# Builders get no access from their role; groups decide who works where.\n"
     "roles:\n"
     "  builder:\n"
     "    permissions: [appCreate, folderCRUD]\n"
     "    apps: []\n"
     "\n"
     "groups:\n"
     "  developers:\n"
     "    description: Build apps in development and run them in staging\n"
     "    members: [builder@example.com]\n"
     "    apps:\n"
     "      - apps: \"*\"\n"
     "        permission: edit\n"
     "        environments: [development, staging]\n"
     "    dataSources:\n"
     "      - dataSources: \"*\"\n"
     "        permission: use\n"},
    {"datasources.yaml",
     "dataSources:\n"
     "  app-db:\n"
     "    kind: postgresql\n"
     "    environments:\n"
     "      development:\n"
     "        host: \"{{constants.DB_HOST}}\"\n"
     "        port: 5432\n"
     "        database: app_dev\n"
     "        username: app\n"
     "        password: \"{{secrets.DB_PASSWORD}}\"\n"
     "      staging:\n"
     "        host: \"{{constants.DB_HOST}}\"\n"
     "        port: 5432\n"
     "        database: app_staging\n"
     "        username: app\n"
     "        password: \"{{secrets.DB_PASSWORD}}\"\n"
     "      production:\n"
     "        host: \"{{constants.DB_HOST}}\"\n"
     "        port: 5432\n"
     "        database: app_prod\n"
     "        username: app\n"
     "        password: \"{{secrets.DB_PASSWORD}}\"\n"},
    {"constants.yaml",
     "# Secret values never live in the repository: each names the environment\n"
     "# variable that holds it.\n"
     "constants:\n"
     "  DB_HOST:\n"
     "    type: global\n"
     "    values:\n"
     "      development: db.dev.example.internal\n"
     "      staging: db.staging.example.internal\n"
     "      production: db.example.internal\n"
     "  DB_PASSWORD:\n"
     "    type: secret\n"
     "    values:\n"
     "      development: {fromEnv: APP_DEV_DB_PASSWORD}\n"
     "      staging: {fromEnv: APP_STAGING_DB_PASSWORD}\n"
     "      production: {fromEnv: APP_PROD_DB_PASSWORD}\n"},
    {"apps.yaml",
     "apps:\n"
     "  hello-world:\n"
     "    dataSources: [app-db]\n"
     "    versions:\n"
     "      - {name: v1, environment: production, status: released}\n"
     "      - {name: v2, environment: development, status: draft}\n"},
    {"assertions.yaml",
     "# Policy tests: `stagegate check` fails when one of them does not hold.\n"
     "assertions:\n"
     "  - user: viewer@example.com\n"
     "    app: hello-world\n"
     "    expect: {development: none, staging: none, production: none, released: use}\n"
     "  - user: builder@example.com\n"
     "    app: hello-world\n"
     "    expect: {development: edit, staging: run, production: none}\n"
     "  - user: builder@example.com\n"
     "    cannot: [appPromote, appRelease]\n"},
};

int RunInit(const std::string& dir, bool force) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const StarterFile& f : kStarterFiles) {
    files.emplace_back(f.name, std::string(kModeline) + f.text);
  }
  if (!WriteConfigurationFiles(dir, files, force, "overwrite the starter files")) {
    return kExitCannotRun;
  }
  std::printf("wrote a starting configuration to %s (%zu files); check it with: stagegate check %s\n",
              dir.c_str(), files.size() + 1, dir.c_str());
  return kExitOk;
}

}  // namespace

void AddInitCommand(CLI::App& app, int* exit_code) {
  auto dir = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "init", "Write a small, valid starting configuration (workspace, users, groups, a data "
              "source, constants, an app and assertions) into DIR.");
  cmd->add_option("DIR", *dir, "Directory to write into (created if missing)")->required();
  cmd->add_flag("--force", *force, "Overwrite starter files that already exist");
  cmd->callback([dir, force, exit_code] { *exit_code = RunInit(*dir, *force); });
}

}  // namespace stagegate
