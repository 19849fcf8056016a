// Runs one golden case: the stagegate binary with the case's arguments (file
// `args`, one per line; default "check input"), from the case directory,
// without colour; compares stdout, stderr and the exit code with
// `expected.txt`. A case directory named after a diagnostic code must
// produce that code. With STAGEGATE_UPDATE_GOLDEN=1 it rewrites expected.txt
// instead (then review the diff).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "unit/cli_support.h"

using stagegate::testing::ReadFile;
using stagegate::testing::Run;
using stagegate::testing::RunOptions;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: golden_runner CASE_DIR CODE_OR_EMPTY\n";
    return 2;
  }
  const std::string dir = argv[1];
  const std::string code = argv[2];
  std::vector<std::string> args = {"check", "input"};
  std::ifstream args_file(dir + "/args");
  if (args_file.good()) {
    args.clear();
    for (std::string line; std::getline(args_file, line);) {
      if (!line.empty()) args.push_back(line);
    }
  }
  RunOptions options;
  options.cwd = dir;
  options.env["NO_COLOR"] = "1";
  auto r = Run(args, options);
  std::string actual = r.out;
  if (!r.err.empty()) actual += "--- stderr\n" + r.err;
  actual += "--- exit " + std::to_string(r.exit_code) + "\n";

  const std::string expected_path = dir + "/expected.txt";
  const char* update = std::getenv("STAGEGATE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(expected_path, std::ios::binary) << actual;
    std::cout << "updated " << expected_path << "\n";
    return 0;
  }
  int status = 0;
  if (!code.empty() && actual.find("[" + code + "]") == std::string::npos) {
    std::cout << "the output does not contain the code [" << code << "]\n";
    status = 1;
  }
  std::string expected = ReadFile(expected_path);
  if (expected != actual) {
    std::cout << "output differs from " << expected_path
              << " (refresh with STAGEGATE_UPDATE_GOLDEN=1 ctest -R golden, then review)\n"
              << "--- expected\n" << expected << "--- actual\n" << actual;
    status = 1;
  }
  return status;
}
