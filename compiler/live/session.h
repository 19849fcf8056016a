// The seam between reading a ToolJet workspace and PostgreSQL: the reader
// runs named queries through a QuerySession and reads their results through
// Rows, by column name. PgSession and PgRows (live/pg.h) are the real ones;
// the unit tests replay recorded results keyed by the query's name, so every
// rule of the reading is tested without a server.
#ifndef STAGEGATE_LIVE_SESSION_H_
#define STAGEGATE_LIVE_SESSION_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stagegate::live {

// One query result: text values by row and column.
class Rows {
 public:
  virtual ~Rows() = default;
  virtual size_t size() const = 0;
  // The column's index by name; -1 when the result has no such column.
  virtual int Column(std::string_view name) const = 0;
  // True for NULL, and for a column of -1.
  virtual bool IsNull(size_t row, int column) const = 0;
  // The value's text; "" for NULL (and for a column of -1).
  virtual std::string_view Get(size_t row, int column) const = 0;

  // PostgreSQL's text form of a boolean is "t" or "f".
  bool Bool(size_t row, int column) const { return Get(row, column) == "t"; }
  std::string Str(size_t row, int column) const { return std::string(Get(row, column)); }
};

// One of the reader's queries (live/queries.cc): the name tests record its
// result under, the SQL, and what it reads, for messages ("the users
// (tables organization_users and users)").
struct Query {
  std::string_view name;
  std::string sql;
  std::string_view what;
};

// Why a database could not be read.
enum class PgFailure {
  kNone,
  kBadUrl,        // libpq cannot parse the URL
  kUnreachable,   // no server answers (host, port, socket)
  kLoginRefused,  // authentication failed, no such role, no password given
  kNoDatabase,    // the server has no database of that name
  kPermission,    // a table the role may not read (SQLSTATE 42501)
  kTimeout,       // statement_timeout or connect_timeout passed
  kQuery,         // any other failed statement
};

struct PgError {
  PgFailure failure = PgFailure::kNone;
  std::string message;  // libpq's or the server's message, first line, redacted
  std::string sqlstate;
};

class QuerySession {
 public:
  virtual ~QuerySession() = default;
  // Runs `query` with text parameters ($1, $2, ...). False with `error` set
  // when it fails; the session is then unusable.
  virtual bool Run(const Query& query, const std::vector<std::string>& params,
                   std::unique_ptr<Rows>* rows, PgError* error) = 0;
  // The role the session reads as (for messages).
  virtual const std::string& user() const = 0;
};

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_SESSION_H_
