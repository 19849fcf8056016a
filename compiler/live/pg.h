// A read-only PostgreSQL session through libpq, for reading a live ToolJet
// database: one connection, one REPEATABLE READ, READ ONLY transaction (a
// consistent snapshot in which no write can happen), statement and connect
// time-outs, and error messages that never contain the password.
#ifndef STAGEGATE_LIVE_PG_H_
#define STAGEGATE_LIVE_PG_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_result;  // libpq's PGresult

namespace stagegate::live {

// Whether `spec` is a libpq connection URL (postgresql:// or postgres://).
bool IsDatabaseUrl(std::string_view spec);

// `url` as it may be shown: a password in it (user:PASSWORD@ or
// ?password=...) is replaced by "***".
std::string RedactUrl(std::string_view url);

// Why a database could not be read.
enum class PgFailure {
  kNone,
  kBadUrl,           // libpq cannot parse the URL
  kUnreachable,      // no server answers (host, port, socket)
  kLoginRefused,     // authentication failed, no such role, no password given
  kNoDatabase,       // the server has no database of that name
  kPermission,       // a table the role may not read (SQLSTATE 42501)
  kTimeout,          // statement_timeout or connect_timeout passed
  kQuery,            // any other failed statement
};

struct PgError {
  PgFailure failure = PgFailure::kNone;
  std::string message;  // libpq's or the server's message, first line, redacted
  std::string sqlstate;
};

// One result, kept as libpq returned it (no copy): text values by row and
// column, valid while the PgRows lives.
class PgRows {
 public:
  size_t size() const { return rows_; }
  // Column index by name; -1 when absent.
  int Column(std::string_view name) const;
  bool IsNull(size_t row, int column) const;
  // The value's text; "" for NULL (and for a column of -1).
  std::string_view Get(size_t row, int column) const;

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

class PgSession {
 public:
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  // Connects to `url` (libpq's rules: the URL, then PG* variables and
  // ~/.pgpass for what it leaves out) and opens the read-only snapshot.
  static std::unique_ptr<PgSession> Open(const std::string& url, const PgOptions& options,
                                         PgError* error);

  // Runs one statement with text parameters ($1, $2, ...). False with
  // `error` set when it fails; the session is then unusable.
  bool Query(const std::string& sql, const std::vector<std::string>& params, PgRows* rows,
             PgError* error);

  // The role the session logged in as, and the database.
  const std::string& user() const { return user_; }
  const std::string& database() const { return database_; }

 private:
  PgSession() = default;
  struct Conn;
  Conn* conn_ = nullptr;
  std::string user_;
  std::string database_;
  std::string password_;  // only to redact it from messages
};

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_PG_H_
