#!/usr/bin/env bash
# Integration test of the installation and the Debian package
# (cmake/packaging.cmake, docs/install.md), in four parts, each its own CTest
# test so a missing tool skips only its part:
#
#   install  cmake --install (--prefix, and DESTDIR) installs exactly the
#            expected files; the installed binary runs; the installed schema is
#            byte-identical to `stagegate schema`; man page and docs are copies
#   man      the manual page renders without a groff warning (-ww)
#   sync     the manual page documents every command and every option the
#            binary's --help lists, under that command, and nothing the binary
#            does not have
#   deb      cpack -G DEB builds stagegate_<version>_<arch>.deb with the right
#            control fields (Depends from dpkg-shlibdeps) and files, and the
#            binary extracted from it checks examples/nexora
#
# Usage: package_test.sh PART SOURCE_DIR BUILD_DIR STAGEGATE_BINARY
# BUILD_DIR must be built (the `all` target). The cmake and cpack run are
# $STAGEGATE_CMAKE and $STAGEGATE_CPACK (default: cmake and cpack on PATH).
set -euo pipefail

if (($# != 4)); then
  echo "usage: $0 install|man|sync|deb SOURCE_DIR BUILD_DIR STAGEGATE_BINARY" >&2
  exit 2
fi
part="$1"
src="$(cd "$2" && pwd)"
build="$(cd "$3" && pwd)"
binary="$(cd "$(dirname "$4")" && pwd)/$(basename "$4")"
cmake="${STAGEGATE_CMAKE:-cmake}"
cpack="${STAGEGATE_CPACK:-cpack}"
man_source="$src/docs/man/stagegate.1"
export NO_COLOR=1 LC_ALL=C


skip_unless() {  # skip_unless TOOL PACKAGE: exit 77 (skipped) without TOOL
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "SKIPPED: $1 is not installed (sudo apt-get install $2)"
    exit 77
  fi
}

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

fail() {  # fail MESSAGE: a failed check without a condition
  echo "FAILED: $1"
  failures=$((failures + 1))
}
finish() {
  if ((failures > 0)); then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
  exit 0
}

# The version the binary reports ("stagegate 0.1.0" -> 0.1.0).
version="$("$binary" --version | awk '{ print $2 }')"
if [[ -z "$version" ]]; then
  echo "FAILED: '$binary --version' printed no version" >&2
  exit 1
fi

# shellcheck disable=SC2317  # called through check
runs_check() {  # runs_check BINARY: `check examples/nexora` passes
  (cd "$src" && "$1" check examples/nexora >"$tmp/check.out" 2>&1) ||
    { cat "$tmp/check.out"; return 1; }
  grep -q '^examples/nexora: valid' "$tmp/check.out"
}

# ---------------------------------------------------------------------------
part_install() {
  local gz_ok=1
  if ! command -v gzip >/dev/null 2>&1; then
    gz_ok=0
  fi
  local man_file=share/man/man1/stagegate.1.gz
  ((gz_ok)) || man_file=share/man/man1/stagegate.1

  # What must be installed, relative to the prefix: nothing more, nothing less.
  {
    echo bin/stagegate
    echo share/stagegate/stagegate.schema.json
    echo "$man_file"
    echo share/doc/stagegate/README.md
    echo share/doc/stagegate/copyright
    for doc in "$src"/docs/*.md; do
      echo "share/doc/stagegate/docs/$(basename "$doc")"
    done
  } | sort >"$tmp/expected.txt"

  local prefix="$tmp/prefix"
  if ! "$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    fail "cmake --install $build --prefix $prefix failed (is $build built? cmake --build $build)"
    finish
  fi
  (cd "$prefix" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort) >"$tmp/installed.txt"
  if ! diff -u "$tmp/expected.txt" "$tmp/installed.txt" >"$tmp/files.diff"; then
    cat "$tmp/files.diff"
    fail "cmake --install installs exactly the expected files (- missing, + unexpected; see cmake/packaging.cmake)"
  else
    echo "ok: cmake --install installs exactly the expected files ($(wc -l <"$tmp/expected.txt"))"
  fi

  # DESTDIR puts the same tree under DESTDIR/PREFIX.
  if DESTDIR="$tmp/dest" "$cmake" --install "$build" --prefix /opt/sg >"$tmp/destdir.log" 2>&1; then
    (cd "$tmp/dest/opt/sg" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort) >"$tmp/destdir.txt"
    check "DESTDIR=D cmake --install --prefix P installs the same files under D/P" \
      cmp -s "$tmp/expected.txt" "$tmp/destdir.txt"
    check "DESTDIR installs nothing outside D/P" \
      test "$(find "$tmp/dest" -mindepth 1 -maxdepth 1)" = "$tmp/dest/opt"
  else
    cat "$tmp/destdir.log"
    fail "DESTDIR=$tmp/dest cmake --install $build --prefix /opt/sg failed"
  fi

  local installed="$prefix/bin/stagegate"
  check "the installed binary is executable" test -x "$installed"
  check "the installed binary prints 'stagegate $version' for --version" \
    test "$("$installed" --version 2>&1)" = "stagegate $version"
  check "the installed binary checks examples/nexora (exit 0, valid)" runs_check "$installed"
  "$installed" schema >"$tmp/schema.json"
  check "share/stagegate/stagegate.schema.json is byte-identical to 'stagegate schema'" \
    cmp "$tmp/schema.json" "$prefix/share/stagegate/stagegate.schema.json"
  check "the installed schema is the one in schema/" \
    cmp "$src/schema/stagegate.schema.json" "$prefix/share/stagegate/stagegate.schema.json"
  if ((gz_ok)); then
    check "the installed man page is a valid gzip file" gzip -t "$prefix/$man_file"
    gzip -dc "$prefix/$man_file" >"$tmp/man.1"
    check "the installed man page is docs/man/stagegate.1 (rebuild if it differs: cmake --build $build)" \
      cmp "$man_source" "$tmp/man.1"
  fi
  check "the installed README.md is the source's" cmp "$src/README.md" "$prefix/share/doc/stagegate/README.md"
  # The Debian copyright file: machine-readable, and its licence text is
  # LICENSE's (after the title and copyright lines), indented, "." for blank.
  local copyright="$prefix/share/doc/stagegate/copyright"
  check "the copyright file is in Debian's machine-readable format" \
    grep -qx "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" "$copyright"
  tail -n +5 "$src/LICENSE" | sed -e 's/^$/./' -e 's/^/ /' >"$tmp/license-body.txt"
  sed -n '/^License: Expat$/,$p' "$copyright" | tail -n +2 | sed -n '/^ /,$p' >"$tmp/copyright-body.txt"
  check "the copyright file's licence text is LICENSE's" cmp "$tmp/license-body.txt" "$tmp/copyright-body.txt"
  local doc
  for doc in "$src"/docs/*.md; do
    if ! cmp -s "$doc" "$prefix/share/doc/stagegate/docs/$(basename "$doc")"; then
      fail "installed docs/$(basename "$doc") differs from the source (rebuild and reinstall)"
    fi
  done
  local bad_modes
  bad_modes="$(cd "$prefix" && find . -type f ! -path ./bin/stagegate ! -perm 0644 -printf '%m %p\n')"
  check "data files are installed with mode 0644${bad_modes:+ (not: $bad_modes)}" test -z "$bad_modes"
  finish
}

# ---------------------------------------------------------------------------
part_man() {
  skip_unless groff groff-base
  local status=0
  groff -man -Tutf8 -ww -z "$man_source" >"$tmp/groff.log" 2>&1 || status=$?
  if ((status != 0)) || [[ -s "$tmp/groff.log" ]]; then
    cat "$tmp/groff.log"
    fail "groff -man -Tutf8 -ww -z docs/man/stagegate.1 gives warnings or fails (exit $status); fix the lines it names"
  else
    echo "ok: groff -man -Tutf8 -ww -z docs/man/stagegate.1 gives no warning"
  fi
  # Rendered, nothing may overflow an 80-column terminal (a long line in an
  # example or an unbreakable word).
  groff -man -Tascii -rLL=80n -P-cbou "$man_source" >"$tmp/rendered.txt" 2>/dev/null
  local wide
  wide="$(awk 'length > 80 { printf "%d: %s\n", NR, $0 }' "$tmp/rendered.txt")"
  if [[ -n "$wide" ]]; then
    echo "$wide"
    fail "the rendered man page has lines wider than 80 columns; break or shorten them"
  else
    echo "ok: the rendered man page fits in 80 columns"
  fi
  for section in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
    check "the man page has a $section section" grep -qx "\\.SH \"\\?$section\"\\?" "$man_source"
  done
  finish
}

# ---------------------------------------------------------------------------
# The manual page as plain text for matching: font changes and the escapes
# \- \& \% \~ \c dropped or made plain.
plain_man() {
  sed -e 's/\\f[BIRP]//g' -e 's/\\f(CW//g' -e 's/\\-/-/g' -e 's/\\[&%c]//g' -e 's/\\~/ /g' "$man_source"
}

# man_section CMD: the man page's text for `stagegate CMD` (from its .SS line
# to the next .SS or .SH), or nothing.
man_section() {
  plain_man | awk -v cmd="$1" '
    /^\.S[SH] / { inside = ($1 == ".SS" && $2 == "stagegate" && $3 == cmd) }
    inside { print }'
}

# tag_options: the options named on the tag lines (the line after .TP) of the
# text on standard input, one per line.
tag_options() {
  awk 'tag { print; tag = 0; next } /^\.TP/ { tag = 1 }' |
    grep -oE '(^|[^A-Za-z0-9-])--?[A-Za-z][A-Za-z0-9-]*' | sed -E 's/^[^-]+//' | sort -u
}

# help_options: the option names (-o, --output, ...) in the "Options:" part
# of the --help text on standard input, one per line.
help_options() {
  awk '/^Options:/ { inside = 1; next } /^[^ ]/ { inside = 0 } inside && /^  -/ { print $1 }' |
    tr ',' '\n' | grep -E '^-' | sort -u
}

part_sync() {
  "$binary" --help >"$tmp/help.txt"
  # Commands: the first word of each "  name   description" line.
  awk '/^Commands:/ { inside = 1; next } /^[^ ]/ { inside = 0 }
       inside && /^  [a-z]/ { print $1 }' "$tmp/help.txt" >"$tmp/commands.txt"
  if [[ ! -s "$tmp/commands.txt" ]]; then
    fail "found no commands in '$binary --help' (has its layout changed? update help parsing in $0)"
    finish
  fi
  plain_man >"$tmp/man.txt"

  # The .TH line carries the version.
  check ".TH names 'stagegate $version' (update the .TH line of docs/man/stagegate.1)" \
    grep -qE "^\\.TH STAGEGATE 1 [^ ]+ \"stagegate $version\"" "$man_source"

  # The global options.
  awk '/^\.SH OPTIONS/ { inside = 1; next } /^\.S[HS] / { inside = 0 } inside' "$tmp/man.txt" |
    tag_options >"$tmp/man-global.txt"
  help_options <"$tmp/help.txt" >"$tmp/help-global.txt"
  local option
  while read -r option; do
    check "global option $option is under OPTIONS in the man page" grep -qxF -- "$option" "$tmp/man-global.txt"
  done <"$tmp/help-global.txt"

  local command missing extra
  while read -r command; do
    check "command '$command' is in the SYNOPSIS (.B stagegate $command)" \
      grep -qE "^\\.B stagegate $command( |\$)" "$tmp/man.txt"
    man_section "$command" >"$tmp/section.txt"
    if [[ ! -s "$tmp/section.txt" ]]; then
      fail "command '$command' has no '.SS stagegate $command' under COMMANDS in docs/man/stagegate.1; document it"
      continue
    fi
    "$binary" "$command" --help >"$tmp/cmd-help.txt"
    help_options <"$tmp/cmd-help.txt" | grep -vxE -- '-h|--help' >"$tmp/cmd-options.txt" || true
    tag_options <"$tmp/section.txt" >"$tmp/man-options.txt"
    missing="$(comm -23 "$tmp/cmd-options.txt" "$tmp/man-options.txt" | tr '\n' ' ')"
    extra="$(comm -13 "$tmp/cmd-options.txt" "$tmp/man-options.txt" | tr '\n' ' ')"
    if [[ -n "$missing" ]]; then
      fail "'stagegate $command --help' lists ${missing% } but the man page's '$command' section has no .TP item for it; document it in docs/man/stagegate.1"
    else
      echo "ok: every option of '$command' ($(wc -l <"$tmp/cmd-options.txt")) is documented in its section"
    fi
    if [[ -n "$extra" ]]; then
      fail "the man page documents ${extra% } for '$command', which 'stagegate $command --help' does not list; remove or rename it in docs/man/stagegate.1"
    fi
    # Positional arguments (PATH, DIR) are named in the section.
    awk '/^Positionals:/ { inside = 1; next } /^[^ ]/ { inside = 0 } inside && /^  [A-Z]/ { print $1 }' \
      "$tmp/cmd-help.txt" | while read -r positional; do
      if ! grep -qw -- "$positional" "$tmp/section.txt"; then
        echo "FAILED: positional $positional of '$command' is not named in its man page section"
        exit 1
      fi
    done || failures=$((failures + 1))
  done <"$tmp/commands.txt"

  # Commands the man page documents must exist.
  local documented
  awk '$1 == ".SS" && $2 == "stagegate" { print $3 }' "$tmp/man.txt" >"$tmp/documented.txt"
  while read -r documented; do
    if grep -qxF "$documented" "$tmp/commands.txt"; then
      continue
    fi
    fail "the man page documents command '$documented', which '$binary --help' does not list; remove it from docs/man/stagegate.1"
  done <"$tmp/documented.txt"
  finish
}

# ---------------------------------------------------------------------------
# shellcheck disable=SC2317  # called through check
good_summary() {  # Debian: no leading package name, no final full stop
  [[ ! "$1" =~ ^[Ss]tagegate && "$1" != *. ]]
}
# shellcheck disable=SC2317
is_stripped() { [[ "$(file "$1")" == *", stripped"* ]]; }
# shellcheck disable=SC2317
same_after_gunzip() { gzip -dc "$1" | cmp -s - "$2"; }

# package_of FILE: the package that installed FILE, looked up under the names
# a merged /usr gives it (dpkg knows one), or nothing.
package_of() {
  local real candidate
  real="$(realpath "$1")"
  for candidate in "$1" "$real" "${real#/usr}" "/usr$1"; do
    if dpkg -S "$candidate" >"$tmp/dpkg-s.txt" 2>/dev/null; then
      head -n 1 "$tmp/dpkg-s.txt" | cut -d: -f1
      return 0
    fi
  done
}

part_deb() {
  skip_unless "$cpack" cmake
  skip_unless dpkg-deb dpkg
  skip_unless dpkg-shlibdeps dpkg-dev
  skip_unless file file
  if [[ ! -f "$build/CPackConfig.cmake" ]]; then
    fail "$build/CPackConfig.cmake is missing: configure $build again (cmake/packaging.cmake generates it)"
    finish
  fi
  local arch deb
  arch="$(dpkg --print-architecture)"
  deb="$tmp/out/stagegate_${version}_${arch}.deb"
  # -B keeps cpack's staging (_CPack_Packages) and the package out of the build tree.
  if ! "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log"
    fail "cpack -G DEB failed (see above)"
    finish
  fi
  if [[ ! -f "$deb" ]]; then
    cat "$tmp/cpack.log"
    ls -la "$tmp/out"
    fail "cpack did not write $(basename "$deb") (CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)"
    finish
  fi
  echo "ok: cpack wrote $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

  dpkg-deb -I "$deb" >"$tmp/info.txt"
  cat "$tmp/info.txt"
  field() { dpkg-deb -f "$deb" "$1"; }
  check "Package is stagegate" test "$(field Package)" = stagegate
  check "Version is $version (from project())" test "$(field Version)" = "$version"
  check "Architecture is $arch" test "$(field Architecture)" = "$arch"
  local depends
  depends="$(field Depends)"
  check "Depends lists libyaml-cpp (dpkg-shlibdeps; got: $depends)" grep -q 'libyaml-cpp' <<<"$depends"
  check "Depends lists libfmt (dpkg-shlibdeps)" grep -q 'libfmt' <<<"$depends"
  check "Depends lists libc6 with a version" grep -qE 'libc6 \(>= [0-9]' <<<"$depends"
  # Every library the binary links (readelf -d: NEEDED) or loads itself when
  # first used (libpq, libcrypto: their sonames are strings in it, dlopen's
  # argument, which dpkg-shlibdeps cannot see) comes from a package Depends
  # names.
  local soname path owner ldconfig
  ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
  while read -r soname; do
    path="$(ldd "$binary" | awk -v lib="$soname" '$1 == lib { print $3 }')"
    [[ -n "$path" ]] || path="$("$ldconfig" -p | awk -v lib="$soname" '$1 == lib { print $NF; exit }')"
    if [[ -z "$path" ]]; then
      fail "neither ldd nor ldconfig resolves $soname, which $binary needs"
      continue
    fi
    owner="$(package_of "$path")"
    if [[ -z "$owner" ]]; then
      echo "note: no package owns $path ($soname); not checked"
      continue
    fi
    check "Depends names $owner, the package of $soname the binary links" \
      grep -qxF "$owner" < <(sed -E 's/[,|]/\n/g' <<<"$depends" | sed -E 's/^ *//; s/[ (].*//')
  done < <({ readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'
              strings -a "$binary" | grep -xE 'lib[A-Za-z0-9+_-]+\.so\.[0-9]+'; } | sort -u)
  check "Depends names libpq's package, which the binary loads when first used" \
    grep -qE '(^|[ ,])libpq[0-9]' <<<"$depends"
  # Homepage only when the build names a real one (STAGEGATE_HOMEPAGE).
  local homepage
  homepage="$(grep -E '^STAGEGATE_HOMEPAGE:' "$build/CMakeCache.txt" | cut -d= -f2-)"
  if [[ -n "$homepage" ]]; then
    check "Homepage is STAGEGATE_HOMEPAGE" test "$(field Homepage)" = "$homepage"
  else
    check "no Homepage field without STAGEGATE_HOMEPAGE" test -z "$(field Homepage)"
  fi
  for name in Maintainer Section Priority Description Installed-Size; do
    check "$name is set" test -n "$(field "$name")"
  done
  local summary
  summary="$(field Description | sed -n 1p)"
  check "the short description ('$summary') neither starts with the package name nor ends with a full stop" \
    good_summary "$summary"

  local verbatim
  verbatim="$(field Description | tail -n +2 | grep -v '^ [^ ]' || true)"
  check "every long description line is indented by exactly one space${verbatim:+ (not: $verbatim)}" \
    test -z "$verbatim"

  dpkg-deb -c "$deb" | awk '{ print $NF }' >"$tmp/contents.txt"
  for path in ./usr/bin/stagegate ./usr/share/stagegate/stagegate.schema.json \
    ./usr/share/man/man1/stagegate.1.gz ./usr/share/doc/stagegate/README.md \
    ./usr/share/doc/stagegate/docs/cli.md ./usr/share/doc/stagegate/copyright; do
    check "the package contains $path" grep -qxF "$path" "$tmp/contents.txt"
  done
  local owner
  owner="$(dpkg-deb -c "$deb" | awk '$2 != "root/root" && n++ < 3 { print $NF }')"
  check "every file in the package is owned by root/root${owner:+ (not: $owner)}" test -z "$owner"

  local root="$tmp/root"
  dpkg-deb -x "$deb" "$root"
  check "the packaged binary is stripped" is_stripped "$root/usr/bin/stagegate"
  check "the packaged binary prints 'stagegate $version'" \
    test "$("$root/usr/bin/stagegate" --version 2>&1)" = "stagegate $version"
  check "the packaged binary checks examples/nexora (exit 0, valid)" runs_check "$root/usr/bin/stagegate"
  "$root/usr/bin/stagegate" schema >"$tmp/deb-schema.json"
  check "the packaged schema is byte-identical to 'stagegate schema'" \
    cmp "$tmp/deb-schema.json" "$root/usr/share/stagegate/stagegate.schema.json"
  check "the packaged man page is docs/man/stagegate.1" \
    same_after_gunzip "$root/usr/share/man/man1/stagegate.1.gz" "$man_source"
  finish
}

case "$part" in
  install) part_install ;;
  man) part_man ;;
  sync) part_sync ;;
  deb) part_deb ;;
  *)
    echo "$0: unknown part '$part' (expected install, man, sync or deb)" >&2
    exit 2
    ;;
esac
