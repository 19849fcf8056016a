#!/usr/bin/env python3
"""CTest "docs: the stage map matches the build, and every #include follows it".

Three views of the compiler's stages must agree:
  1. compiler/CMakeLists.txt: stagegate_stage(NAME PUBLIC deps... PRIVATE libs...);
  2. the stage map in docs/development.md: a table row per stage naming the
     stages it uses directly and its third-party libraries;
  3. the sources: each stage's files include headers only of itself and of
     the stages it may use (its dependencies, transitively), and a
     third-party header only where the build links that library;
  4. the tests: each unit test binary (tests/CMakeLists.txt:
     stagegate_test(NAME libraries...)) includes, in its sources and in the
     tests/unit/*.h headers they include, headers only of the stages it
     links (transitively) and third-party headers only of what those expose
     or it links itself.

usage: stages_test.py SOURCE_DIR
"""
import os
import re
import sys

# CMake target -> the name the map and #include lines use.
LIBRARIES = {
    "fmt::fmt": "fmt",
    "yaml-cpp": "yaml-cpp",
    "nlohmann_json::nlohmann_json": "nlohmann/json",
    "CLI11::CLI11": "CLI11",
    "PostgreSQL::PostgreSQL": "libpq",
    "OpenSSL::Crypto": "OpenSSL",
}
# An include's first path component -> the library it belongs to.
INCLUDE_LIBRARY = {"fmt": "fmt", "yaml-cpp": "yaml-cpp", "nlohmann": "nlohmann/json",
                   "CLI": "CLI11", "valijson": "valijson", "libpq-fe.h": "libpq",
                   "openssl": "OpenSSL"}

# An include directory's CMake variable -> the library whose headers it holds.
INCLUDE_DIRECTORIES = {"VALIJSON_INCLUDE_DIR": "valijson", "PostgreSQL_INCLUDE_DIRS": "libpq",
                       "OPENSSL_INCLUDE_DIR": "OpenSSL"}

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message)


def build_graph(root):
    """{stage: (direct stage deps, libraries it links, public libraries)} from CMake."""
    text = open(os.path.join(root, "compiler", "CMakeLists.txt")).read()
    stages = {}
    for m in re.finditer(r"^stagegate_stage\((\w+)([^)]*)\)", text, re.M):
        name, args = m.group(1), m.group(2).split()
        deps, libs, public_libs, scope = set(), set(), set(), "PUBLIC"
        for a in args:
            if a in ("PUBLIC", "PRIVATE"):
                scope = a
            elif a.startswith("stagegate_"):
                deps.add(a[len("stagegate_"):])
            elif a in LIBRARIES:
                libs.add(LIBRARIES[a])
                if scope == "PUBLIC":
                    public_libs.add(LIBRARIES[a])
        stages[name] = (deps, libs, public_libs)
    # valijson is header-only, and libpq and OpenSSL are loaded when first
    # used (live/shared_libs.h): added as include directories, not linked.
    for m in re.finditer(r"target_include_directories\(stagegate_(\w+) PRIVATE ([^)]*)\)", text):
        for variable, library in INCLUDE_DIRECTORIES.items():
            if "${" + variable + "}" in m.group(2):
                stages[m.group(1)][1].add(library)
    return stages


def doc_map(root):
    """{stage: (uses, libraries)} from the table under '## The stages'."""
    text = open(os.path.join(root, "docs", "development.md")).read()
    section = text.split("## The stages", 1)
    if len(section) < 2:
        fail("docs/development.md has no '## The stages' section")
        return {}
    rows = {}
    for line in section[1].split("\n## ", 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        name = cells[0].strip("`").rstrip("/")
        uses = set(re.findall(r"`(\w+)/`", cells[2]))
        libs = set(l.strip() for l in cells[3].split(",") if l.strip() not in ("", "-"))
        rows[name] = (uses, libs)
    return rows


def closure(stages, name):
    seen, todo = set(), [name]
    while todo:
        s = todo.pop()
        for d in stages[s][0]:
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen


def test_graph(root):
    """{test name: set of libraries it links} from tests/CMakeLists.txt."""
    text = open(os.path.join(root, "tests", "CMakeLists.txt")).read()
    tests = {}
    for m in re.finditer(r"^stagegate_test\((\w+)([^)]*)\)", text, re.M):
        tests[m.group(1)] = m.group(2).split()
    return tests


def includes(path):
    """[(line number, '"' or '<', path)] of the #include lines of a file."""
    out = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
        if m:
            out.append((n, m.group(1), m.group(2)))
    return out


def check_tests(root, stages):
    unit = os.path.join(root, "tests", "unit")
    tests = test_graph(root)
    if len(tests) < 10:
        fail(f"found only {len(tests)} stagegate_test(...) lines in tests/CMakeLists.txt")
    for name, linked in sorted(tests.items()):
        allowed, libs = set(), {"Catch2"}
        for target in linked:
            if target == "stagegate_core":  # every stage (the binary's bundle)
                allowed |= set(stages)
            elif target.startswith("stagegate_") and target[len("stagegate_"):] in stages:
                stage = target[len("stagegate_"):]
                allowed |= {stage} | closure(stages, stage)
            elif target in LIBRARIES:
                libs.add(LIBRARIES[target])
        for stage in allowed:
            libs |= stages[stage][2]
        sources = sorted(f for f in os.listdir(unit)
                         if f.startswith(name + "_test") and f.endswith(".cc"))
        if not sources:
            fail(f"tests/CMakeLists.txt builds the test '{name}', but tests/unit has no "
                 f"{name}_test*.cc")
        seen, todo = set(), list(sources)
        while todo:
            file = todo.pop()
            if file in seen:
                continue
            seen.add(file)
            for n, kind, path in includes(os.path.join(unit, file)):
                first = path.split("/")[0]
                where = f"tests/unit/{file}:{n} (in the test '{name}')"
                if kind == '"' and "/" not in path and os.path.exists(os.path.join(unit, path)):
                    todo.append(path)
                elif kind == '"' and first == "unit" and os.path.exists(os.path.join(root, "tests", path)):
                    todo.append(path[len("unit/"):])
                elif kind == '"' and "/" in path and first in stages and first not in allowed:
                    fail(f"{where} includes {path}, but the test links only the stages "
                         f"{sorted(allowed)}")
                elif kind == "<" and first in INCLUDE_LIBRARY and INCLUDE_LIBRARY[first] not in libs:
                    fail(f"{where} includes <{path}>, but the test does not link "
                         f"{INCLUDE_LIBRARY[first]}")


def main():
    root = sys.argv[1]
    stages = build_graph(root)
    if len(stages) < 10:
        fail(f"found only {len(stages)} stagegate_stage(...) lines in compiler/CMakeLists.txt")
    documented = doc_map(root)

    # 1 = 2: the map is the build's graph.
    for name, (deps, libs, _) in sorted(stages.items()):
        if name not in documented:
            fail(f"stage '{name}' is built but not in docs/development.md's stage map")
            continue
        uses, doc_libs = documented[name]
        if uses != deps:
            fail(f"stage '{name}': the map says it uses {sorted(uses)}, the build links {sorted(deps)}")
        if doc_libs != libs:
            fail(f"stage '{name}': the map names libraries {sorted(doc_libs)}, the build {sorted(libs)}")
    for name in documented:
        if name not in stages:
            fail(f"docs/development.md maps a stage '{name}' the build does not have")

    # 3: every include follows the graph.
    for name in stages:
        allowed = closure(stages, name) | {name}
        # Libraries: its own, and those a stage it uses exposes publicly.
        libs = set(stages[name][1])
        for d in closure(stages, name):
            libs |= stages[d][2]
        folder = os.path.join(root, "compiler", name)
        for file in sorted(os.listdir(folder)):
            if not file.endswith((".cc", ".h", ".def")):
                continue
            for n, line in enumerate(open(os.path.join(folder, file)), 1):
                m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
                if not m:
                    continue
                first = m.group(2).split("/")[0]
                where = f"compiler/{name}/{file}:{n}"
                if m.group(1) == '"' and "/" in m.group(2) and first in stages:
                    if first not in allowed:
                        fail(f"{where} includes {m.group(2)}, but stage '{name}' may use only "
                             f"{sorted(allowed)}")
                elif m.group(1) == "<" and first in INCLUDE_LIBRARY:
                    if INCLUDE_LIBRARY[first] not in libs:
                        fail(f"{where} includes <{m.group(2)}>, but stage '{name}' does not link "
                             f"{INCLUDE_LIBRARY[first]}")
    check_tests(root, stages)
    if failures:
        print(f"{len(failures)} problem(s); the stage map is in docs/development.md, the graph "
              "in compiler/CMakeLists.txt")
        return 1
    print(f"ok: {len(stages)} stages and the unit tests: the map and every #include agree "
          "with the build")
    return 0


if __name__ == "__main__":
    sys.exit(main())
