#!/usr/bin/env python3
"""What the docs say about the binary is what the binary is.

  docs_test.py synopsis SOURCE_DIR BINARY
      Every command `stagegate --help` lists has a line in docs/cli.md's
      synopsis and in README.md's command list, and a section in docs/cli.md;
      the options of its synopsis line and of its section's option table are
      exactly those `stagegate CMD --help` lists (so an option added, renamed
      or removed without the docs fails), and every option README.md shows
      for a command exists.
  docs_test.py libraries SOURCE_DIR BINARY
      The table after `<!-- needed-libraries -->` in docs/install.md names
      exactly the shared libraries the binary needs (readelf -d: NEEDED),
      apart from the C and C++ runtimes, as loaded "at start", and those it
      loads itself (the sonames written in it, dlopen), as loaded "when first
      used"; and every list of build packages in
      README.md, docs/install.md and docs/integrations.md (starting `cmake
      ninja-build g++`) has every package scripts/build-binary installs (the
      -dev packages of those libraries) and none scripts/setup does not.
"""
import os
import re
import shutil
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][A-Za-z0-9-]*)")
# The C and C++ runtimes: every C++ program needs them; docs name them as such.
RUNTIMES = {"libc", "libm", "libstdc++", "libgcc_s", "libpthread", "libdl", "librt",
            "ld-linux-x86-64", "ld-linux-aarch64", "ld-linux"}

failures = []


def fail(message):
    failures.append(message)
    print("FAILED: " + message)


def finish():
    if failures:
        print(f"{len(failures)} problem(s)")
        return 1
    print("ok")
    return 0


def help_text(binary, *args):
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    return subprocess.run([binary, *args, "--help"], env=env, check=True,
                          stdout=subprocess.PIPE, text=True).stdout


def section_lines(text, heading):
    """The indented lines under a `Heading:` line of --help output."""
    out, inside = [], False
    for line in text.splitlines():
        if re.match(r"^\S", line):
            inside = line.startswith(heading)
            continue
        if inside:
            out.append(line)
    return out


def commands_of(binary):
    return [line.split()[0] for line in section_lines(help_text(binary), "Commands:")
            if re.match(r"^  [a-z]", line)]


def options_of(binary, command):
    """The options of `stagegate COMMAND --help`: a list of alias sets
    ({'-o', '--output'}), --help left out."""
    options = []
    for line in section_lines(help_text(binary, command), "Options:"):
        if not re.match(r"^  -", line):
            continue
        aliases = set(line.split()[0].split(","))
        if aliases & {"-h", "--help"}:
            continue
        options.append(aliases)
    return options


def named(text):
    return set(OPTION.findall(text))


def compare(where, documented, options, both_ways=True):
    """documented: the option names the docs give; options: the binary's."""
    for aliases in options:
        if not aliases & documented:
            fail(f"{where} does not name {'/'.join(sorted(aliases))}, which the binary has: "
                 "document it")
    known = set().union(*options) if options else set()
    if both_ways:
        for name in sorted(documented - known):
            fail(f"{where} names {name}, which the binary does not have: remove or rename it")


def fenced_blocks(text):
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M)


def cli_sections(text):
    """docs/cli.md's `## \\`stagegate CMD ...\\`` sections, by command."""
    sections = {}
    parts = re.split(r"^## ", text, flags=re.M)
    for part in parts[1:]:
        match = re.match(r"`stagegate ([a-z]+)", part)
        if match:
            sections[match.group(1)] = part
    return sections


def table_options(section):
    """The options in the first cell of the option table rows of a section."""
    found = set()
    for line in section.splitlines():
        if line.startswith("| `-"):
            found |= named(line.split("|")[1])
    return found


def check_cli_md(src, binary, commands):
    with open(os.path.join(src, "docs", "cli.md"), encoding="utf-8") as f:
        text = f.read()
    synopsis = {}
    for line in fenced_blocks(text)[0].splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == "stagegate":
            synopsis[words[1]] = " ".join(words[2:])
    sections = cli_sections(text)
    for command in commands:
        options = options_of(binary, command)
        if command not in synopsis:
            fail(f"docs/cli.md's synopsis has no line 'stagegate {command} ...'")
        else:
            compare(f"docs/cli.md's synopsis line for '{command}'", named(synopsis[command]), options)
        if command not in sections:
            fail(f"docs/cli.md has no section '## `stagegate {command} ...`'")
            continue
        in_table = table_options(sections[command])
        if in_table:
            compare(f"the option table of docs/cli.md's '{command}' section", in_table, options)
        else:
            compare(f"docs/cli.md's '{command}' section", named(sections[command]), options,
                    both_ways=False)
    for extra in sorted(set(synopsis) - set(commands)):
        if extra in ("help", "--help", "--version"):
            args = [extra] if extra != "help" else ["help"]
            if subprocess.run([binary, *args], stdout=subprocess.DEVNULL).returncode != 0:
                fail(f"docs/cli.md's synopsis shows 'stagegate {extra}', which fails")
        else:
            fail(f"docs/cli.md's synopsis shows 'stagegate {extra}', which is not a command")
    for extra in sorted(set(sections) - set(commands)):
        fail(f"docs/cli.md documents 'stagegate {extra}', which is not a command")


def check_readme(src, binary, commands):
    with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
        text = f.read()
    usage = text.split("\n## Usage", 1)[-1]
    block = fenced_blocks(usage)[0]
    shown = {}
    for line in block.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and words[0] == "stagegate":
            shown.setdefault(words[1], set()).update(named(" ".join(words[2:])))
    for command in commands:
        if command not in shown:
            fail(f"README.md's command list (## Usage) has no 'stagegate {command}' line")
            continue
        known = set().union(*options_of(binary, command))
        for name in sorted(shown[command] - known):
            fail(f"README.md's command list shows '{name}' for '{command}', which it does not have")
    for extra in sorted(set(shown) - set(commands) - {"help"}):
        fail(f"README.md's command list shows 'stagegate {extra}', which is not a command")


def synopsis(src, binary):
    commands = commands_of(binary)
    if not commands:
        fail(f"found no commands in '{binary} --help' (has its layout changed?)")
        return finish()
    print("commands: " + ", ".join(commands))
    check_cli_md(src, binary, commands)
    check_readme(src, binary, commands)
    return finish()


def needed(binary):
    readelf = shutil.which("readelf")
    if not readelf:
        print("readelf (binutils) is not installed")
        sys.exit(77)
    out = subprocess.run([readelf, "-d", binary], check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def loaded_later(binary, sonames):
    """The libraries the binary loads itself: the sonames written in it as strings
    (dlopen's argument), less those it links."""
    with open(binary, "rb") as f:
        data = f.read()
    found = {m.decode() for m in re.findall(rb"\x00(lib[A-Za-z0-9+_-]+\.so\.[0-9]+)\x00", data)}
    return sorted(found - set(sonames))


def library_name(soname):
    return re.sub(r"\.so(\..*)?$", "", soname)


def libraries(src, binary):
    sonames = needed(binary)
    later = loaded_later(binary, sonames)
    print("NEEDED: " + ", ".join(sonames))
    print("loaded when first used: " + (", ".join(later) or "none"))
    libs = {library_name(name) for name in sonames} - RUNTIMES
    lazy = {library_name(name) for name in later} - RUNTIMES
    with open(os.path.join(src, "docs", "install.md"), encoding="utf-8") as f:
        text = f.read()
    marker = "<!-- needed-libraries -->"
    if marker not in text:
        fail(f"docs/install.md has no '{marker}' table of the shared libraries")
        return finish()
    rows = re.match(r"\s*((?:\|.*\n)+)", text.split(marker, 1)[1]).group(1).splitlines()
    documented, documented_lazy = set(), set()
    for row in rows[2:]:
        cells = row.split("|")
        names = set(re.findall(r"`(lib[A-Za-z0-9+_-]+)`", cells[1]))
        (documented_lazy if cells[2].strip() == "when first used" else documented).update(names)
    for lib in sorted(libs - documented):
        fail(f"the binary needs {lib} at start, which docs/install.md's table of shared "
             "libraries does not name as loaded 'at start': add it")
    for lib in sorted(lazy - documented_lazy):
        fail(f"the binary loads {lib} when first used (dlopen), which docs/install.md's table "
             "does not name as loaded 'when first used': add it (cmake/packaging.cmake must "
             "name its package in Depends: dpkg-shlibdeps cannot see it)")
    for lib in sorted(documented - libs):
        fail(f"docs/install.md names {lib} as a shared library the binary needs at start, "
             "but it does not: remove it, or say when it is loaded")
    for lib in sorted(documented_lazy - lazy):
        fail(f"docs/install.md names {lib} as loaded when first used, but the binary does "
             "not load it: remove it")
    documented |= documented_lazy
    if not failures:
        print("docs/install.md names: " + ", ".join(sorted(documented)))
    check_package_lists(src)
    return finish()


def check_package_lists(src):
    build = bash_array(os.path.join(src, "scripts", "build-binary"), "packages")
    setup = bash_array(os.path.join(src, "scripts", "setup"), "packages")
    if not build or not setup:
        fail("found no packages=( ... ) in scripts/build-binary or scripts/setup")
        return
    for package in sorted(set(build) - set(setup)):
        fail(f"scripts/build-binary installs {package}, which scripts/setup does not")
    for doc in ("README.md", "docs/install.md", "docs/integrations.md"):
        with open(os.path.join(src, doc), encoding="utf-8") as f:
            lists = package_lists(f.read())
        if not lists:
            fail(f"{doc} has no list of build packages (cmake ninja-build g++ ...)")
        for words in lists:
            for package in build:
                if package not in words:
                    fail(f"{doc}'s build packages ({' '.join(words[:4])} ...) lack {package}, "
                         "which scripts/build-binary installs")
            for package in words:
                if package not in setup:
                    fail(f"{doc}'s build packages name {package}, which scripts/setup does not install")
        print(f"ok: {doc}: {len(lists)} list(s) of build packages")


def bash_array(path, name):
    """The words of the first `NAME=( ... )` array in a shell script."""
    with open(path, encoding="utf-8") as f:
        match = re.search(name + r"=\(\n?(.*?)\)", f.read(), re.S)
    return re.sub(r"#.*", "", match.group(1)).split() if match else []


def package_lists(text):
    """Each list of build packages in TEXT: `cmake ninja-build g++ ...` in
    backticks (to the closing one), or a command in a code block (to the first
    line not continued with a backslash)."""
    lists = []
    for match in re.finditer(r"cmake ninja-build g\+\+", text):
        rest = text[match.start():]
        if text[match.start() - 1] == "`":
            segment = rest.split("`", 1)[0]
        else:
            lines = []
            for line in rest.split("\n"):
                lines.append(line)
                if not line.rstrip().endswith("\\"):
                    break
            segment = " ".join(lines)
        lists.append([w for w in segment.replace("\\", " ").split()
                      if re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", w)])
    return lists


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("synopsis", "libraries"):
        print(__doc__)
        return 2
    part, src, binary = sys.argv[1:]
    return {"synopsis": synopsis, "libraries": libraries}[part](src, binary)


if __name__ == "__main__":
    sys.exit(main())
