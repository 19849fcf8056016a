// Subcommand dispatch (filled in as commands land).
#include "cli/cli.h"

namespace stagegate {

int RunCli(int, char**) { return 3; }

}  // namespace stagegate
