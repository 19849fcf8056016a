#include "live/pg.h"

#include <cstdlib>
#include <utility>

#include "live/shared_libs.h"

namespace stagegate::live {

struct PgSession::Conn {
  PGconn* pg = nullptr;
};

namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// libpq's message: its first line, without the trailing newline; the
// follow-up lines are hints of libpq's ("Is the server running...") that our
// own messages replace.
std::string FirstLine(const char* message) {
  std::string text = message == nullptr ? "" : message;
  size_t end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text;
}

std::string Redacted(std::string text, const std::string& password) {
  if (password.empty()) return text;
  size_t pos = 0;
  while ((pos = text.find(password, pos)) != std::string::npos) {
    text.replace(pos, password.size(), "***");
    pos += 3;
  }
  return text;
}

PgFailure ClassifyConnect(std::string_view message) {
  if (Contains(message, "timeout expired")) return PgFailure::kTimeout;
  if (Contains(message, "password authentication failed") ||
      Contains(message, "no password supplied") || Contains(message, "authentication failed") ||
      Contains(message, "pg_hba.conf") ||
      (Contains(message, "role \"") && Contains(message, "does not exist"))) {
    return PgFailure::kLoginRefused;
  }
  if (Contains(message, "database \"") && Contains(message, "does not exist")) {
    return PgFailure::kNoDatabase;
  }
  return PgFailure::kUnreachable;
}

PgFailure ClassifyState(const std::string& sqlstate) {
  if (sqlstate == "42501") return PgFailure::kPermission;
  if (sqlstate == "57014") return PgFailure::kTimeout;
  return PgFailure::kQuery;
}

// The value of `keyword` in a parsed connection string ("" when absent).
std::string ConninfoValue(PQconninfoOption* options, std::string_view keyword) {
  for (PQconninfoOption* o = options; o != nullptr && o->keyword != nullptr; ++o) {
    if (keyword == o->keyword && o->val != nullptr) return o->val;
  }
  return "";
}

}  // namespace

bool IsDatabaseUrl(std::string_view spec) {
  return StartsWith(spec, "postgresql://") || StartsWith(spec, "postgres://");
}

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... among the query parameters
  size_t query = out.find('?');
  while (query != std::string::npos) {
    size_t key = query + 1;
    if (out.compare(key, 9, "password=") == 0) {
      size_t value = key + 9;
      size_t end = out.find('&', value);
      if (end == std::string::npos) end = out.size();
      out.replace(value, end - value, "***");
    }
    query = out.find('&', key);
  }
  return out;
}

int PgRows::Column(std::string_view name) const {
  if (!result_) return -1;
  int n = Pq().PQnfields(result_.get());
  for (int i = 0; i < n; ++i) {
    if (name == Pq().PQfname(result_.get(), i)) return i;
  }
  return -1;
}

bool PgRows::IsNull(size_t row, int column) const {
  return column < 0 || !result_ || Pq().PQgetisnull(result_.get(), static_cast<int>(row), column);
}

std::string_view PgRows::Get(size_t row, int column) const {
  if (IsNull(row, column)) return {};
  int r = static_cast<int>(row);
  return {Pq().PQgetvalue(result_.get(), r, column),
          static_cast<size_t>(Pq().PQgetlength(result_.get(), r, column))};
}

PgSession::~PgSession() {
  if (conn_ != nullptr) {
    if (conn_->pg != nullptr) Pq().PQfinish(conn_->pg);
    delete conn_;
  }
}

std::unique_ptr<PgSession> PgSession::Open(const std::string& url, const PgOptions& options,
                                           PgError* error) {
  std::string unavailable;
  if (LoadLibpq(&unavailable) == nullptr) {
    error->failure = PgFailure::kUnreachable;
    error->message = "cannot load libpq: " + unavailable;
    return nullptr;
  }
  char* parse_error = nullptr;
  PQconninfoOption* parsed = Pq().PQconninfoParse(url.c_str(), &parse_error);
  if (parsed == nullptr) {
    error->failure = PgFailure::kBadUrl;
    error->message = FirstLine(parse_error);
    if (parse_error != nullptr) Pq().PQfreemem(parse_error);
    return nullptr;
  }
  std::unique_ptr<PgSession> session(new PgSession());
  session->password_ = ConninfoValue(parsed, "password");
  if (session->password_.empty() && std::getenv("PGPASSWORD") != nullptr) {
    session->password_ = std::getenv("PGPASSWORD");
  }
  bool has_timeout = !ConninfoValue(parsed, "connect_timeout").empty() ||
                     std::getenv("PGCONNECT_TIMEOUT") != nullptr;
  Pq().PQconninfoFree(parsed);

  std::string timeout = std::to_string(options.connect_timeout.count());
  std::vector<const char*> keys = {"dbname", "application_name"};
  std::vector<const char*> values = {url.c_str(), "stagegate"};
  if (!has_timeout) {
    keys.push_back("connect_timeout");
    values.push_back(timeout.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  session->conn_ = new Conn();
  session->conn_->pg = Pq().PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  PGconn* pg = session->conn_->pg;
  if (pg == nullptr || Pq().PQstatus(pg) != CONNECTION_OK) {
    error->message = Redacted(FirstLine(pg == nullptr ? "out of memory" : Pq().PQerrorMessage(pg)),
                              session->password_);
    error->failure = ClassifyConnect(error->message);
    return nullptr;
  }
  session->user_ = Pq().PQuser(pg) == nullptr ? "" : Pq().PQuser(pg);
  // The snapshot: every later statement sees the database as it was at the
  // first one, and the server refuses any write.
  const std::string setup[] = {
      "SET client_encoding = 'UTF8'",
      "SET statement_timeout = '" + std::to_string(options.statement_timeout.count()) + "s'",
      "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
  };
  for (const std::string& sql : setup) {
    PgRows ignored;
    if (!session->Execute(sql, {}, &ignored, error)) return nullptr;
  }
  return session;
}

bool PgSession::Run(const Query& query, const std::vector<std::string>& params,
                    std::unique_ptr<Rows>* rows, PgError* error) {
  auto result = std::make_unique<PgRows>();
  if (!Execute(query.sql, params, result.get(), error)) return false;
  *rows = std::move(result);
  return true;
}

bool PgSession::Execute(const std::string& sql, const std::vector<std::string>& params,
                        PgRows* rows, PgError* error) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  const Libpq& pq = Pq();
  PGresult* result = pq.PQexecParams(conn_->pg, sql.c_str(), static_cast<int>(params.size()),
                                     nullptr, values.empty() ? nullptr : values.data(), nullptr,
                                     nullptr, /*resultFormat=*/0);
  ExecStatusType status = result == nullptr ? PGRES_FATAL_ERROR : pq.PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    const char* state =
        result == nullptr ? nullptr : pq.PQresultErrorField(result, PG_DIAG_SQLSTATE);
    error->sqlstate = state == nullptr ? "" : state;
    const char* primary =
        result == nullptr ? nullptr : pq.PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    error->message =
        Redacted(FirstLine(primary != nullptr ? primary : pq.PQerrorMessage(conn_->pg)), password_);
    error->failure = ClassifyState(error->sqlstate);
    if (error->sqlstate.empty() && pq.PQstatus(conn_->pg) != CONNECTION_OK) {
      error->failure = PgFailure::kUnreachable;
    }
    if (result != nullptr) pq.PQclear(result);
    return false;
  }
  rows->rows_ = static_cast<size_t>(pq.PQntuples(result));
  rows->result_.reset(result, pq.PQclear);
  return true;
}

}  // namespace stagegate::live
