// A read-only PostgreSQL session through libpq, for reading a live ToolJet
// database: one connection, one REPEATABLE READ, READ ONLY transaction (a
// consistent snapshot in which no write can happen), statement and connect
// time-outs, and error messages that never contain the password.
#ifndef STAGEGATE_LIVE_PG_H_
#define STAGEGATE_LIVE_PG_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "live/session.h"

struct pg_result;  // libpq's PGresult

namespace stagegate::live {

// Whether `spec` is a libpq connection URL (postgresql:// or postgres://).
bool IsDatabaseUrl(std::string_view spec);

// `url` as it may be shown: a password in it (user:PASSWORD@ or
// ?password=...) is replaced by "***".
std::string RedactUrl(std::string_view url);

// One result, kept as libpq returned it (no copy): valid while the PgRows
// lives.
class PgRows : public Rows {
 public:
  size_t size() const override { return rows_; }
  int Column(std::string_view name) const override;
  bool IsNull(size_t row, int column) const override;
  std::string_view Get(size_t row, int column) const override;

 private:
  friend class PgSession;
  std::shared_ptr<pg_result> result_;
  size_t rows_ = 0;
};

struct PgOptions {
  // Connect time-out when the URL and PGCONNECT_TIMEOUT do not set one.
  std::chrono::seconds connect_timeout{10};
  // Every statement's time-out (statement_timeout).
  std::chrono::seconds statement_timeout{120};
};

class PgSession : public QuerySession {
 public:
  ~PgSession() override;
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Connects to `url` (libpq's rules: the URL, then PG* variables and
  // ~/.pgpass for what it leaves out) and opens the read-only snapshot.
  static std::unique_ptr<PgSession> Open(const std::string& url, const PgOptions& options,
                                         PgError* error);

  bool Run(const Query& query, const std::vector<std::string>& params,
           std::unique_ptr<Rows>* rows, PgError* error) override;

  // The role the session logged in as.
  const std::string& user() const override { return user_; }

 private:
  PgSession() = default;
  bool Execute(const std::string& sql, const std::vector<std::string>& params, PgRows* rows,
               PgError* error);

  struct Conn;
  Conn* conn_ = nullptr;
  std::string user_;
  std::string password_;  // only to redact it from messages
};

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_PG_H_
