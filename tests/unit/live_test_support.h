// The live reader without PostgreSQL: query results recorded in memory
// (MemoryRows), a session that replays them by query name (RecordedSession),
// and the catalogue rows of the fixture's own DDL (tests/live/schema-*.sql),
// so the layout probe sees exactly the tables and columns the PostgreSQL
// tests load.
#ifndef STAGEGATE_TESTS_UNIT_LIVE_TEST_SUPPORT_H_
#define STAGEGATE_TESTS_UNIT_LIVE_TEST_SUPPORT_H_

#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "live/session.h"

namespace stagegate::live::testing {

// A recorded result: column names and rows of values, nullptr for NULL.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<const char*>> rows;
};

class MemoryRows : public Rows {
 public:
  explicit MemoryRows(Table table) {
    columns_ = std::move(table.columns);
    for (const auto& row : table.rows) {
      if (row.size() != columns_.size()) throw std::invalid_argument("a row of the wrong width");
      std::vector<std::pair<bool, std::string>> values;
      for (const char* v : row) values.emplace_back(v == nullptr, v == nullptr ? "" : v);
      rows_.push_back(std::move(values));
    }
  }
  size_t size() const override { return rows_.size(); }
  int Column(std::string_view name) const override {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
  bool IsNull(size_t row, int column) const override {
    return column < 0 || rows_[row][column].first;
  }
  std::string_view Get(size_t row, int column) const override {
    return IsNull(row, column) ? std::string_view() : rows_[row][column].second;
  }

 private:
  std::vector<std::string> columns_;
  std::vector<std::vector<std::pair<bool, std::string>>> rows_;
};

// Replays recorded results by query name, and records what was asked.
class RecordedSession : public QuerySession {
 public:
  void Record(const std::string& query, Table table) { tables_[query] = std::move(table); }
  // The query named `query` fails with `failure`.
  void Fail(const std::string& query, PgFailure failure, std::string message) {
    failures_[query] = {failure, std::move(message), ""};
  }

  bool Run(const Query& query, const std::vector<std::string>& params,
           std::unique_ptr<Rows>* rows, PgError* error) override {
    std::string name(query.name);
    asked_.push_back(name);
    sql_[name] = query.sql;
    params_[name] = params;
    auto failure = failures_.find(name);
    if (failure != failures_.end()) {
      *error = failure->second;
      return false;
    }
    auto table = tables_.find(name);
    if (table == tables_.end()) {
      // The reader asked for a query the test did not record: empty, as a
      // database without such rows would answer.
      *rows = std::make_unique<MemoryRows>(Table{});
      return true;
    }
    *rows = std::make_unique<MemoryRows>(table->second);
    return true;
  }
  const std::string& user() const override { return user_; }

  const std::vector<std::string>& asked() const { return asked_; }
  std::string sql(const std::string& query) const {
    auto it = sql_.find(query);
    return it == sql_.end() ? "" : it->second;
  }
  std::vector<std::string> params(const std::string& query) const {
    auto it = params_.find(query);
    return it == params_.end() ? std::vector<std::string>{} : it->second;
  }

 private:
  std::string user_ = "stagegate_ro";
  std::map<std::string, Table> tables_;
  std::map<std::string, PgError> failures_;
  std::vector<std::string> asked_;
  std::map<std::string, std::string> sql_;
  std::map<std::string, std::vector<std::string>> params_;
};

// ---- the fixture's DDL as catalogue rows ----

using Columns = std::map<std::string, std::set<std::string>>;  // table -> columns

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string Trimmed(std::string s) {
  size_t a = s.find_first_not_of(" \t\n");
  size_t b = s.find_last_not_of(" \t\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// `text` split at the commas outside parentheses.
inline std::vector<std::string> SplitTopLevel(const std::string& text) {
  std::vector<std::string> parts;
  int depth = 0;
  std::string part;
  for (char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(Trimmed(part));
      part.clear();
    } else {
      part += c;
    }
  }
  if (!Trimmed(part).empty()) parts.push_back(Trimmed(part));
  return parts;
}

inline std::string FirstWord(const std::string& text) {
  std::string word = text.substr(0, text.find_first_of(" \t\n"));
  if (word.size() >= 2 && word.front() == '"') word = word.substr(1, word.size() - 2);
  return word;
}

// Applies the CREATE TABLE and ALTER TABLE ... ADD / DROP COLUMN statements
// of `sql` to `tables`.
inline void ApplyDdl(const std::string& sql, Columns* tables) {
  std::string text;
  std::istringstream lines(sql);
  for (std::string line; std::getline(lines, line);) {
    text += line.substr(0, line.find("--")) + "\n";
  }
  size_t start = 0;
  for (size_t end; (end = text.find(';', start)) != std::string::npos; start = end + 1) {
    std::string statement = Trimmed(text.substr(start, end - start));
    if (statement.rfind("CREATE TABLE ", 0) == 0) {
      size_t open = statement.find('(');
      std::string table = Trimmed(statement.substr(13, open - 13));
      std::string body = statement.substr(open + 1, statement.rfind(')') - open - 1);
      for (const std::string& def : SplitTopLevel(body)) {
        std::string word = FirstWord(def);
        if (word == "UNIQUE" || word == "PRIMARY" || word == "CONSTRAINT" || word == "FOREIGN" ||
            word == "CHECK") {
          continue;
        }
        (*tables)[table].insert(word);
      }
    } else if (statement.rfind("ALTER TABLE ", 0) == 0) {
      std::string rest = statement.substr(12);
      std::string table = FirstWord(rest);
      for (const std::string& action : SplitTopLevel(rest.substr(rest.find(' ') + 1))) {
        if (action.rfind("DROP COLUMN ", 0) == 0) (*tables)[table].erase(FirstWord(action.substr(12)));
        if (action.rfind("ADD COLUMN ", 0) == 0) (*tables)[table].insert(FirstWord(action.substr(11)));
      }
    }
  }
}

// The catalogue as the layout query returns it for the fixture's layout
// "3x" or "2026", every table readable, less `drop` ("table.column").
inline Table LayoutRows(const std::string& layout, const std::set<std::string>& drop = {}) {
  Columns tables;
  std::string dir = std::string(STAGEGATE_SOURCE_DIR) + "/tests/live/";
  ApplyDdl(ReadText(dir + "schema-3x.sql"), &tables);
  if (layout == "2026") ApplyDdl(ReadText(dir + "schema-2026.sql"), &tables);
  Table out{{"table_name", "column_name", "readable"}, {}};
  static std::set<std::string> names;
  for (const auto& [table, columns] : tables) {
    for (const std::string& column : columns) {
      if (drop.count(table + "." + column) > 0) continue;
      const std::string& t = *names.insert(table).first;
      const std::string& c = *names.insert(column).first;
      out.rows.push_back({t.c_str(), c.c_str(), "t"});
    }
  }
  return out;
}

}  // namespace stagegate::live::testing

#endif  // STAGEGATE_TESTS_UNIT_LIVE_TEST_SUPPORT_H_
