// `check --format github`: the diagnostics as GitHub Actions workflow
// commands, so a job shows them as annotations on the pull request.
#ifndef STAGEGATE_RENDER_DIAGNOSTICS_GITHUB_H_
#define STAGEGATE_RENDER_DIAGNOSTICS_GITHUB_H_

#include <string>
#include <string_view>

#include "source/diagnostic.h"
#include "source/source_set.h"

namespace stagegate {

// One line per finding and nothing else:
// "::error file=F,line=L,col=C,endColumn=E,title=CODE::MESSAGE" (warning ->
// ::warning, note -> ::notice). A finding in a file without a position has
// only file=; one in no file has neither. The message is followed by its
// notes, one per line ("users.yaml:4:5: note: first defined here"), which
// the escaping turns into %0A.
std::string DiagnosticsToGithub(const SourceSet& sources, const Diagnostics& diags);

// GitHub's escaping for a command's data (the message): % -> %25,
// \r -> %0D, \n -> %0A.
std::string GithubEscapeData(std::string_view text);
// ... and for a property value: also : -> %3A and , -> %2C.
std::string GithubEscapeProperty(std::string_view text);

}  // namespace stagegate

#endif  // STAGEGATE_RENDER_DIAGNOSTICS_GITHUB_H_
