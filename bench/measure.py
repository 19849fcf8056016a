#!/usr/bin/env python3
"""Runs the benchmark commands side by side and writes bench/RESULTS.md.

Called by bench/run, which builds the binaries and generates the inputs.
Every command runs several times, interleaved (one round runs each command
once), so load that comes and goes on a noisy machine hits all of them alike;
the table reports medians and ratios to the yaml-cpp parse floor measured in
the same rounds. Wall time comes from the clock; CPU time and peak memory from
the kernel's accounting of each child (os.wait4: the same figures
/usr/bin/time -v prints).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import tempfile
import statistics
import subprocess
import sys
import time


def run_once(argv, capture=False):
    """(wall seconds, cpu seconds, peak RSS in MiB, exit code, stderr).

    Started with posix_spawn, output to /dev/null, so that the measurement
    adds as little as possible to a command that takes milliseconds; with
    `capture`, stderr is read (for --timings and error messages)."""
    if capture:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        stderr = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0,
                os.waitstatus_to_exitcode(status), stderr.decode("utf-8", "replace"))
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return (wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0,
            os.waitstatus_to_exitcode(status), "")


def measure(commands, rounds, warmup=1):
    """commands: {name: (argv, expected exit codes)} -> {name: stats}."""
    samples = {name: [] for name in commands}
    for r in range(warmup + rounds):
        for name, (argv, expected) in commands.items():
            wall, cpu, rss, code, _ = run_once(argv)
            if code not in expected:
                err = run_once(argv, capture=True)[4]
                sys.exit(f"bench: '{' '.join(argv)}' exited {code} (expected {expected}):\n{err[-2000:]}")
            if r >= warmup:
                samples[name].append((wall, cpu, rss))
    out = {}
    for name, runs in samples.items():
        out[name] = {
            "wall": statistics.median(w for w, _, _ in runs),
            "wall_min": min(w for w, _, _ in runs),
            "wall_max": max(w for w, _, _ in runs),
            "cpu": statistics.median(c for _, c, _ in runs),
            "rss": max(m for _, _, m in runs),
            "runs": len(runs),
        }
    return out


def timings(argv):
    """The --timings table of one run: [(stage, ms)]."""
    _, _, _, _, err = run_once(argv + ["--timings"], capture=True)
    stages = []
    for line in err.split("stagegate: timings (wall clock):\n", 1)[-1].splitlines():
        m = re.match(r"^  (.+?) +([0-9.]+) ms", line)
        if m:
            stages.append((m.group(1), float(m.group(2))))
    return stages


def access_share(argv, runs=5):
    """The access checks' share of check's wall time ('access checks' over
    'total' of --timings), the median of `runs` runs, or None."""
    shares = []
    for _ in range(runs):
        stages = dict(timings(argv))
        if "access checks" in stages and stages.get("total"):
            shares.append(stages["access checks"] / stages["total"])
    return statistics.median(shares) if shares else None


def input_size(path):
    files, size = 0, 0
    for root, _, names in os.walk(path):
        for n in names:
            if n.endswith((".yaml", ".yml")):
                files += 1
                size += os.path.getsize(os.path.join(root, n))
    return files, size


def fmt_time(seconds):
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = 0
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        pass
    return f"{model or platform.processor()}, {os.cpu_count()} cores, {mem:.0f} GiB, {platform.system()} {platform.release()}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stagegate", required=True)
    ap.add_argument("--floor", required=True)
    ap.add_argument("--ajv", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--work", required=True, help="directory with the generated presets")
    ap.add_argument("--presets", default="small,large,xl")
    ap.add_argument("--nexora", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--command-line", default="bench/run")
    ap.add_argument("--commit", default="")
    args = ap.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    py_peer = [sys.executable, os.path.join(here, "peer_jsonschema.py"), args.schema]
    sg = args.stagegate
    rounds_for = {"nexora": 30, "small": 20, "large": 7, "mixed": 5, "xl": 3, "warnheavy": 5}
    results = []  # (preset, files, bytes, {name: stats}, timings)

    presets = ["nexora"] + [p for p in args.presets.split(",") if p]
    for preset in presets:
        cfg = args.nexora if preset == "nexora" else os.path.join(args.work, preset)
        changed = None if preset == "nexora" else os.path.join(args.work, preset + "-changed")
        files, size = input_size(cfg)
        yaml_glob = os.path.join(cfg, "**", "*.yaml")
        commands = {
            "yaml-cpp event parse, 1 thread (floor)": ([args.floor, "--threads", "1", cfg], {0}),
            "yaml-cpp event parse, 2 threads": ([args.floor, "--threads", "2", cfg], {0}),
            "stagegate's fast reader, 1 thread": ([args.floor, "--threads", "1", "--reader", "fast", cfg], {0}),
            "stagegate check": ([sg, "check", cfg], {0}),
            "stagegate compile --format json": ([sg, "compile", cfg, "--format", "json"], {0}),
        }
        plan_forms = {}
        if changed:
            # The three forms of the current state, each against the changed
            # copy: the original directory, its state file, and git:HEAD of a
            # repository whose HEAD is the original and whose work tree is the
            # changed copy (what the GitHub Action runs on a pull request).
            state = os.path.join(args.work, preset + ".state.json")
            if not os.path.exists(state):
                subprocess.run([sg, "compile", cfg, "--format", "json", "-o", state], check=True)
            repo_cfg = os.path.join(args.work, preset + "-git", "cfg")
            plan_forms = {
                "directory": [sg, "plan", changed, "--current", cfg],
                "state file": [sg, "plan", changed, "--current", state],
                "git:HEAD": [sg, "plan", repo_cfg, "--current", "git:HEAD"],
            }
            for form, argv in plan_forms.items():
                for fmt in ("text", "markdown") + (("json",) if form == "directory" else ()):
                    commands[f"stagegate plan --current {form} --format {fmt}"] = (
                        argv + ["--format", fmt], {0})
        commands["ajv-cli validate (schema only)"] = (
            [args.ajv, "validate", "--spec=draft7", "--strict=false", "--errors=line", "-s", args.schema,
             "-d", yaml_glob], {0})
        commands["python jsonschema (schema only)"] = (py_peer + [cfg], {0})
        print(f"bench: {preset}: {files} files, {size / 1e6:.1f} MB, "
              f"{rounds_for.get(preset, 3)} rounds", file=sys.stderr, flush=True)
        stats = measure(commands, rounds_for.get(preset, 3))
        share = access_share([sg, "check", cfg])
        stage_tables = {
            "check": timings([sg, "check", cfg]),
            "compile --format json": timings([sg, "compile", cfg, "--format", "json"]),
        }
        for form, argv in plan_forms.items():
            stage_tables[f"plan --current {form}"] = timings(argv)
        stats["stagegate check"]["access_share"] = share
        results.append((preset, files, size, stats, stage_tables))

    startup = hyperfine_nexora(sg, args.floor, args.nexora)
    write_results(args, results, startup)


def hyperfine_nexora(sg, floor, nexora):
    """hyperfine's own figures for the smallest case, where a millisecond of
    spawning overhead in this script would matter: [(command, median, mean, stddev)]."""
    if not shutil.which("hyperfine"):
        return []
    with tempfile.NamedTemporaryFile(suffix=".json") as out, tempfile.TemporaryDirectory() as empty:
        subprocess.run(["hyperfine", "-N", "--warmup", "20", "--runs", "200", "--export-json", out.name,
                        f"{sg} check {nexora}", f"{sg} --version", f"{floor} --threads 1 {nexora}",
                        f"{floor} --threads 1 {empty}"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        data = json.load(open(out.name))
    return [(r["command"].replace(empty, "EMPTY"), r["median"], r["mean"], r["stddev"])
            for r in data["results"]]


def write_results(args, results, startup=()):
    today = datetime.date.today().isoformat()
    lines = [
        "# Benchmark results",
        "",
        f"Measured {today} on {machine()}" + (f", stagegate at commit `{args.commit}`" if args.commit else "") + ".",
        f"Reproduce with `{args.command_line}` (it builds in Release, generates the inputs with "
        "`stagegate-generate` and writes this file).",
        "",
        "Each command ran several rounds, interleaved with the others, after one warm-up round; the",
        "figures are medians (wall, CPU) and the maximum (peak resident memory). **x floor** is the",
        "wall time divided by yaml-cpp's event parser alone, on one thread, over the same files",
        "(`bench/parse_floor.cc`, a handler that does nothing): what a one-thread tool built on",
        "yaml-cpp pays at least. stagegate reads most files with its own reader",
        "(`compiler/yaml/fast_parse.cc`, the same events as yaml-cpp for the usual subset of YAML,",
        "yaml-cpp for the rest); the **fast reader** row runs it alone the same way.",
        "**x check** divides by `stagegate check` of the same configuration.",
        "The peers only validate each file against the JSON Schema; stagegate also builds the model,",
        "checks references and computes access. Each plan compares the preset with a copy changed",
        "by `stagegate-generate --change 50`; its current state is the original as a directory, as",
        "its state file (`compile --format json`), or as `git:HEAD` of a repository whose work tree",
        "is the changed copy.",
        "",
    ]
    if startup:
        lines += ["## Whole-process time on examples/nexora (hyperfine)", "",
                  "`hyperfine -N --warmup 20 --runs 200`, which spawns the commands itself:", "",
                  "| command | median | mean ± σ |", "| --- | ---: | ---: |"]
        for command, median, mean, stddev in startup:
            command = command.replace(args.stagegate, "stagegate").replace(args.floor, "stagegate-parse-floor")
            lines.append(f"| `{command}` | {median * 1e3:.1f} ms | {mean * 1e3:.1f} ± {stddev * 1e3:.1f} ms |")
        lines += ["", "`stagegate --version` is the process start alone (loading the binary and its shared "
                  "libraries): what any command pays before it reads a byte. `stagegate-parse-floor` is "
                  "the floor's whole process (it links yaml-cpp and the C++ library only)."]
        if len(startup) >= 4:
            check, start, floor, floor_start = (m for _, m, _, _ in startup[:4])
            lines += ["", f"check / floor, whole processes: {check / floor:.2f} ({check * 1e3:.1f} ms / "
                      f"{floor * 1e3:.1f} ms). The process starts: stagegate's {start * 1e3:.1f} ms "
                      f"(`--version`), the floor's {floor_start * 1e3:.1f} ms (on an empty directory). "
                      f"Beyond them check takes {(check - start) * 1e3:.1f} ms (reading, parsing "
                      f"and validating the 8 files, compiling the schema beside the parse, the checks) "
                      f"and the floor {(floor - floor_start) * 1e3:.1f} ms (parsing them)."]
        lines.append("")
    # The targets of issue 12, per preset: check against the schema-only
    # peer and the one-thread parse floor; every plan against check.
    lines += ["## Targets", "",
              "| preset | check / ajv-cli | check / floor (1 thread) | slowest plan / check | access checks / check |",
              "| --- | ---: | ---: | ---: | ---: |"]
    for preset, files, size, stats, _ in results:
        check = stats["stagegate check"]["wall"]
        floor = stats["yaml-cpp event parse, 1 thread (floor)"]["wall"]
        ajv = stats["ajv-cli validate (schema only)"]["wall"]
        plans = [(s["wall"], n) for n, s in stats.items() if n.startswith("stagegate plan")]
        slowest = f"{max(plans)[0] / check:.2f} ({max(plans)[1][len('stagegate plan '):]})" if plans else "-"
        share = stats["stagegate check"].get("access_share")
        share = f"{share * 100:.0f}%" if share is not None else "-"
        lines.append(f"| {preset} | {check / ajv:.2f} | {check / floor:.2f} | {slowest} | {share} |")
    # Where check is behind the peer: where its time goes (after the table's legend).
    bounds = []
    for preset, files, size, stats, stage_tables in results:
        check = stats["stagegate check"]["wall"]
        ajv = stats["ajv-cli validate (schema only)"]["wall"]
        if check < ajv:
            continue
        stages = dict(stage_tables.get("check", []))
        spent = ", ".join(f"{name} {ms:.0f} ms" for name, ms in stages.items() if name != "total")
        bounds += [f"{preset}: check / ajv-cli is {check / ajv:.2f} ({fmt_time(check)} against "
                   f"{fmt_time(ajv)}). Its --timings run: {spent}.", ""]
    # Where the slowest plan is over 2x check: what it spends beyond check.
    for preset, files, size, stats, stage_tables in results:
        check = stats["stagegate check"]["wall"]
        plans = [(s["wall"], n) for n, s in stats.items() if n.startswith("stagegate plan")]
        if not plans or max(plans)[0] / check <= 2:
            continue
        wall, name = max(plans)
        form = name.split("--current ", 1)[1].split(" --format", 1)[0]
        stages = stage_tables.get(f"plan --current {form}", [])
        beyond = ", ".join(f"{stage} {ms:.0f} ms" for stage, ms in stages
                           if stage.startswith(("current state", "diff", "plan", "render")))
        bounds += [f"{preset}: the slowest plan ({name[len('stagegate plan '):]}) takes "
                   f"{fmt_time(wall)}, {wall / check:.2f}x check's {fmt_time(check)}: beyond the "
                   f"stages check runs, its --timings run spends {beyond}.", ""]
    lines += ["", "Below 1 in the first column: check is faster than the peer. The targets: below 1, "
              "below 1.5, at most 2 and at most 20% (issue 24: the access checks, the comparison with "
              "ToolJet's server's rules included, over check's total in `check --timings`, the median "
              "of 5 runs).", ""]
    lines += bounds
    for preset, files, size, stats, stage_tables in results:
        floor = stats["yaml-cpp event parse, 1 thread (floor)"]["wall"]
        check = stats["stagegate check"]["wall"]
        lines += [f"## {preset}: {files} files, {size / 1e6:.2f} MB of YAML", ""]
        lines += ["| command | wall (median) | min - max | CPU | peak memory | x floor | x check |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, s in stats.items():
            lines.append(f"| {name} | {fmt_time(s['wall'])} | {fmt_time(s['wall_min'])} - "
                         f"{fmt_time(s['wall_max'])} | {fmt_time(s['cpu'])} | {s['rss']:.0f} MiB | "
                         f"{s['wall'] / floor:.2f} | {s['wall'] / check:.2f} |")
        lines.append("")
        for what, stages in stage_tables.items():
            if not stages:
                continue
            lines.append(f"`stagegate {what} --timings` (one run): " + ", ".join(
                f"{name} {ms:.0f} ms" if ms >= 10 else f"{name} {ms:.1f} ms" for name, ms in stages) + ".")
            lines.append("")
    # Growth: check time per MB across the presets.
    generated = [(p, size, stats) for p, _, size, stats, _ in results if p != "nexora"]
    if len(generated) > 1:
        lines += ["## Growth", "", "| preset | MB | check | check per MB | compile | compile per MB |",
                  "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for p, size, stats in generated:
            mb = size / 1e6
            c = stats["stagegate check"]["wall"]
            k = stats["stagegate compile --format json"]["wall"]
            lines.append(f"| {p} | {mb:.2f} | {fmt_time(c)} | {fmt_time(c / mb)} | {fmt_time(k)} | "
                         f"{fmt_time(k / mb)} |")
        lines.append("")
    # bench/live's section (the live ToolJet database) is measured separately:
    # keep it, at the end.
    live = ""
    try:
        with open(args.out) as f:
            old = f.read()
        start = old.find("\n## Live ToolJet database")
        if start >= 0:
            end = old.find("\n## ", start + 1)
            live = old[start:] if end < 0 else old[start:end]
    except OSError:
        pass
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
        if live:
            f.write("\n" + live.strip("\n") + "\n")
    print(f"bench: wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
