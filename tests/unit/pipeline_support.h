// The compiler's stages run on inline files for the unit tests, in one
// place: the whole pipeline (LoadAndCheck itself) where a test wants what
// `stagegate check` computes, or the exact list of stages where a family of
// tests deliberately skips some (the presets below say which, and why). The
// result keeps the loaded files, the findings, the workspace and the matrix
// together.
#ifndef STAGEGATE_TESTS_PIPELINE_SUPPORT_H_
#define STAGEGATE_TESTS_PIPELINE_SUPPORT_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "access/access.h"
#include "checks/access_checks.h"
#include "checks/checks.h"
#include "model/redact.h"
#include "model/workspace.h"
#include "pipeline/pipeline.h"
#include "schema/schema.h"
#include "source/file_system.h"
#include "stage_support.h"
#include "yaml/loader.h"

namespace stagegate::testing {

// With schema, checks and matrix on (the default) the stages are the
// pipeline's own: LoadAndCheck runs them, so tests cannot drift from the CLI.
// With any of them off, the stages left run by hand in the pipeline's order:
// load, redact, model, checks, matrix, access checks.
struct StageOptions {
  // Where the files go. Empty: at the root, read as ".", so display paths
  // are the file names (as LoadFiles). Else that directory ("/cfg"), read by
  // its path, so display paths start with it.
  std::string directory;
  // Schema validation, in the loader.
  bool schema = true;
  // RunChecks, after the model.
  bool checks = true;
  // The permission matrix, compiled when no stage so far found an error.
  bool matrix = true;
  // CheckAccess on the matrix: assertions and the access warnings
  // (PipelineOptions::access_checks).
  bool access_checks = true;
  // Each stage switched on runs whatever the earlier ones found, where the
  // pipeline stops: the model after a parse error (by hand only; LoadAndCheck
  // never builds it then), the matrix and the access checks after errors.
  bool despite_errors = false;
  // Off: REQUIRE that no stage found an error, showing the findings if one
  // did.
  bool errors_allowed = true;

  StageOptions In(std::string dir) const {
    StageOptions o = *this;
    o.directory = std::move(dir);
    return o;
  }
  StageOptions WithoutErrors() const {
    StageOptions o = *this;
    o.errors_allowed = false;
    return o;
  }
};

// The whole pipeline: what `stagegate check` and compile compute.
inline StageOptions Pipeline() { return StageOptions{}; }

// The model tests: load, redact, model. No schema validation, so that
// shapes the schema rejects reach the model (which must neither crash nor
// cascade on them) and each case's findings are the model's own; the model
// is built even after a parse error.
inline StageOptions ModelStages() {
  StageOptions o;
  o.schema = o.checks = o.matrix = o.access_checks = false;
  o.despite_errors = true;
  return o;
}

// The checks tests: load, redact, model, RunChecks. No schema validation, so
// each case's headlines are the checks' own and schema-invalid input shows
// that the checks do not cascade on it.
inline StageOptions CheckStages() {
  StageOptions o = ModelStages();
  o.checks = true;
  return o;
}

// The access tests: load, redact, model, the matrix. No schema validation
// and no checks: the rules are shown on any configuration the model builds,
// edge cases the checks reject too (an end-user granted edit, which the matrix
// clamps to view), and the matrix is compiled whatever the model found.
inline StageOptions MatrixStages() {
  StageOptions o = ModelStages();
  o.matrix = true;
  return o;
}

// The CheckAccess tests: load, redact, model, RunChecks, the matrix,
// CheckAccess; schema validation skipped. Unlike the pipeline, CheckAccess
// runs even when RunChecks found errors, so tests can show that malformed
// assertions are skipped.
inline StageOptions AccessCheckStages() {
  StageOptions o = ModelStages();
  o.checks = o.matrix = o.access_checks = true;
  return o;
}

namespace stage_detail {

inline void CompileMatrix(const StageOptions& options, CheckedConfig& out) {
  out.access = std::make_unique<AccessMatrix>(AccessMatrix::Compile(*out.workspace));
  if (options.access_checks) CheckAccess(*out.access, out.diags);
}

inline CheckedConfig Run(const FileSystem& fs, const std::vector<std::string>& paths,
                         const StageOptions& options) {
  CheckedConfig out;
  if (options.schema && options.checks && options.matrix) {
    PipelineOptions pipeline;
    pipeline.access_checks = options.access_checks;
    out = LoadAndCheck(fs, paths, pipeline);
    if (options.despite_errors && out.workspace && !out.access) CompileMatrix(options, out);
  } else {
    out.loaded = Load(fs, paths, LoadLimits{}, out.diags,
                      options.schema ? FileVisitorFactory(NewSchemaValidator) : nullptr);
    RedactSecrets(out.loaded);
    const bool every_file_parsed = out.loaded.parse_errors == 0 && !out.loaded.unreadable;
    if (every_file_parsed || options.despite_errors) {
      out.workspace = std::make_unique<Workspace>(BuildWorkspace(out.loaded, out.diags));
      if (options.checks) RunChecks(*out.workspace, out.diags);
      if (options.matrix && (out.diags.error_count() == 0 || options.despite_errors)) {
        CompileMatrix(options, out);
      }
    }
  }
  out.diags.Sort();
  return out;
}

}  // namespace stage_detail

// `files` (or `paths` on `fs`) through the stages `options` asks for. Kept in
// place, never copied or moved: tests hold pointers into it (the sources a
// report reads, the matrix a diff reads); std::make_unique to store one.
struct Staged : CheckedConfig {
  Staged(const FileSystem& fs, const std::vector<std::string>& paths,
         const StageOptions& options = {})
      : CheckedConfig(stage_detail::Run(fs, paths, options)) {
    if (!options.errors_allowed) {
      std::string findings;
      for (const std::string& h : testing::Headlines(loaded.sources, diags)) findings += h + "\n";
      INFO(findings);
      REQUIRE(diags.error_count() == 0);
    }
  }
  Staged(const Files& files, const StageOptions& options = {})
      : Staged(InMemory(files, options.directory),
               {options.directory.empty() ? "." : options.directory}, options) {}
  Staged(const Staged&) = delete;
  Staged& operator=(const Staged&) = delete;

  const Workspace& ws() const {
    REQUIRE(workspace);
    return *workspace;
  }
  const AccessMatrix& matrix() const {
    REQUIRE(access);
    return *access;
  }

  uint32_t User(const std::string& email) const {
    if (auto u = matrix().UserIndex(email)) return *u;
    throw std::runtime_error("no user " + email);
  }
  uint32_t App(const std::string& name) const {
    if (auto a = matrix().AppIndex(name)) return *a;
    throw std::runtime_error("no app " + name);
  }
  // Every column's capability, in column order.
  std::vector<std::string> Row(const std::string& email, const std::string& app) const {
    std::vector<std::string> out;
    for (size_t c = 0; c < matrix().column_count(); ++c) {
      out.emplace_back(CapabilityName(matrix().At(User(email), App(app), c)));
    }
    return out;
  }
};

// Every finding's headline, sorted as the CLI prints them.
inline std::vector<std::string> Headlines(const CheckedConfig& c) {
  return Headlines(c.loaded.sources, c.diags);
}

}  // namespace stagegate::testing

#endif  // STAGEGATE_TESTS_PIPELINE_SUPPORT_H_
