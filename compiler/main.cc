// stagegate: argv -> command -> exit code. Everything else lives in the library.
#include "cli/cli.h"

int main(int argc, char** argv) { return stagegate::RunCli(argc, argv); }
