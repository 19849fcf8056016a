#!/usr/bin/env python3
"""Runs a composite GitHub Action (action.yml) the way the runner does, for tests.

Usage: action_sim.py ACTION_YML [--input NAME=VALUE]...

The run's environment is this process's: GITHUB_WORKSPACE, GITHUB_ACTION_PATH,
GITHUB_EVENT_PATH, GITHUB_EVENT_NAME, GITHUB_OUTPUT (where the action's
outputs are written), GITHUB_STEP_SUMMARY, RUNNER_TEMP, RUNNER_OS, ...

Each step runs in order, as the runner would:
- `if:` is evaluated (an implicit success() unless it names a status function);
- `run:` steps run with `bash --noprofile --norc -eo pipefail FILE` (the only
  shell supported), in `working-directory` (default GITHUB_WORKSPACE), with
  the step's `env:` and a GITHUB_OUTPUT file of their own, whose `name=value`
  and `name<<DELIMITER` lines become the step's outputs; GITHUB_ENV and
  GITHUB_PATH are honoured;
- `uses:` steps are not run (their `if:` and `with:` are still evaluated): they
  succeed with no outputs, like a cache miss.

`${{ ... }}` expressions are evaluated in `if:`, `env:`, `with:`,
`working-directory` and the action's `outputs:`. The supported language is
the part the action needs: the contexts inputs, steps (outputs, outcome,
conclusion), github (action_path, workspace, event_name, event.*), runner
(temp, os, arch) and env; string, number, boolean and null literals; the
operators ! == != < <= > >= && || and parentheses; and success(), failure(),
always(), cancelled(). Anything else is an error, so the simulation never
silently differs from a real run. An expression inside a `run:` script is an
error too: inputs must reach scripts through `env:` (script injection).

Exit status: 0 when every step that ran succeeded, 1 when a step failed, 2
when the action cannot be simulated (an unknown expression, shell, ...).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

import yaml


class SimulationError(Exception):
    """The action uses something this simulator does not know."""


# ----------------------------------------------------------------------------
# Expressions

TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<string>'(?:[^']|'')*')"
    r"|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<op>==|!=|<=|>=|&&|\|\||[!<>().,\[\]])"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_-]*)"
    r")"
)


def tokenize(text):
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise SimulationError(f"cannot parse expression {text!r} at {text[pos:]!r}")
        pos = match.end()
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "string":
            value = value[1:-1].replace("''", "'")
        elif kind == "number":
            value = float(value) if "." in value else int(value)
        tokens.append((kind, value))
    return tokens


def truthy(value):
    return value not in (None, False, 0, "") and value == value  # NaN is falsy


def coerce_number(value):
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return 0
        try:
            return float(text) if re.search(r"[.eE]", text) else int(text, 0)
        except ValueError:
            return float("nan")
    return float("nan")


def loose_equal(left, right):
    # GitHub: strings compare case-insensitively; different types compare as
    # numbers (null and '' are 0).
    if isinstance(left, str) and isinstance(right, str):
        return left.lower() == right.lower()
    if type(left) is type(right) and not isinstance(left, (int, float, str)):
        return left == right
    return coerce_number(left) == coerce_number(right)


def to_string(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, indent=2)
    return str(value)


class Parser:
    """Recursive descent over: or -> and -> not/compare -> primary."""

    def __init__(self, text, context):
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.context = context

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self, value=None):
        token = self.peek()
        if token[0] is None or (value is not None and token[1] != value):
            raise SimulationError(f"expected {value!r} in expression {self.text!r}")
        self.pos += 1
        return token

    def parse(self):
        value = self.parse_or()
        if self.pos != len(self.tokens):
            raise SimulationError(f"unexpected {self.peek()[1]!r} in expression {self.text!r}")
        return value

    def parse_or(self):
        value = self.parse_and()
        while self.peek() == ("op", "||"):
            self.take()
            right = self.parse_and()
            value = value if truthy(value) else right
        return value

    def parse_and(self):
        value = self.parse_compare()
        while self.peek() == ("op", "&&"):
            self.take()
            right = self.parse_compare()
            value = right if truthy(value) else value
        return value

    def parse_compare(self):
        value = self.parse_unary()
        while self.peek()[0] == "op" and self.peek()[1] in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            right = self.parse_unary()
            if op == "==":
                value = loose_equal(value, right)
            elif op == "!=":
                value = not loose_equal(value, right)
            else:
                a, b = coerce_number(value), coerce_number(right)
                value = {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
        return value

    def parse_unary(self):
        if self.peek() == ("op", "!"):
            self.take()
            return not truthy(self.parse_unary())
        return self.parse_primary()

    def parse_primary(self):
        kind, value = self.peek()
        if kind == "op" and value == "(":
            self.take()
            inner = self.parse_or()
            self.take(")")
            return inner
        if kind in ("string", "number"):
            self.take()
            return value
        if kind == "name":
            self.take()
            if value in ("true", "false"):
                return value == "true"
            if value == "null":
                return None
            if self.peek() == ("op", "("):
                if value not in STATUS_FUNCTIONS:
                    raise SimulationError(f"the function {value}() is not simulated ({self.text!r})")
                self.take()
                self.take(")")
                return self.context.call(value)
            path = [value]
            while self.peek() == ("op", "."):
                self.take()
                kind, name = self.take()
                if kind != "name":
                    raise SimulationError(f"expected a property name in {self.text!r}")
                path.append(name)
            if self.peek() == ("op", "["):
                raise SimulationError(f"index syntax is not simulated: {self.text!r}")
            return self.context.lookup(path, self.text)
        raise SimulationError(f"unexpected {value!r} in expression {self.text!r}")


STATUS_FUNCTIONS = ("success", "failure", "always", "cancelled")


class Context:
    def __init__(self, action, inputs, env):
        self.action = action
        self.inputs = inputs
        self.env = env
        self.steps = {}  # id -> {"outputs": {...}, "outcome": ..., "conclusion": ...}
        self.failed = False
        self._event = None
        self.known_step_ids = set()

    def event(self):
        if self._event is None:
            path = self.env.get("GITHUB_EVENT_PATH", "")
            self._event = {}
            if path and os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    self._event = json.load(f)
        return self._event

    def call(self, name):
        if name == "success":
            return not self.failed
        if name == "failure":
            return self.failed
        if name == "always":
            return True
        if name == "cancelled":
            return False
        raise SimulationError(f"the function {name}() is not simulated")

    def lookup(self, path, text):
        head = path[0]
        if head == "inputs":
            if len(path) != 2 or path[1] not in self.inputs:
                raise SimulationError(f"{'.'.join(path)} is not an input of the action ({text!r})")
            return self.inputs[path[1]]
        if head == "steps":
            if len(path) < 3 or path[1] not in self.known_step_ids:
                raise SimulationError(f"{'.'.join(path)}: no step with that id ({text!r})")
            step = self.steps.get(path[1], {"outputs": {}, "outcome": None, "conclusion": None})
            if path[2] == "outputs" and len(path) == 4:
                return step["outputs"].get(path[3], "")
            if path[2] in ("outcome", "conclusion") and len(path) == 3:
                return step[path[2]]
            raise SimulationError(f"{'.'.join(path)} is not simulated ({text!r})")
        if head == "github" and len(path) >= 2:
            simple = {
                "action_path": "GITHUB_ACTION_PATH",
                "workspace": "GITHUB_WORKSPACE",
                "event_name": "GITHUB_EVENT_NAME",
                "event_path": "GITHUB_EVENT_PATH",
            }
            if len(path) == 2 and path[1] in simple:
                return self.env.get(simple[path[1]], "")
            if path[1] == "event":
                value = self.event()
                for name in path[2:]:
                    value = value.get(name) if isinstance(value, dict) else None
                return value
        if head == "runner" and len(path) == 2:
            names = {"temp": "RUNNER_TEMP", "os": "RUNNER_OS", "arch": "RUNNER_ARCH"}
            if path[1] in names:
                return self.env.get(names[path[1]], "")
        if head == "env" and len(path) == 2:
            return self.env.get(path[1], "")
        raise SimulationError(f"{'.'.join(path)} is not simulated ({text!r})")


EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def evaluate(text, context):
    return Parser(text, context).parse()


def substitute(value, context):
    """A field with ${{ }} expressions replaced by their values (as strings)."""
    if value is None:
        return ""
    value = to_string(value) if not isinstance(value, str) else value
    return EXPRESSION.sub(lambda m: to_string(evaluate(m.group(1), context)), value)


def expressions(action):
    """Every expression of the action: (where, text, is_condition)."""
    found = []

    def scan(where, value):
        if isinstance(value, str):
            found.extend((where, m.group(1), False) for m in EXPRESSION.finditer(value))

    for name, spec in (action.get("inputs") or {}).items():
        scan(f"input {name}", (spec or {}).get("default"))
    for name, spec in (action.get("outputs") or {}).items():
        scan(f"output {name}", (spec or {}).get("value"))
    for index, step in enumerate((action.get("runs") or {}).get("steps") or []):
        label = step.get("name") or step.get("id") or f"step {index + 1}"
        if "if" in step and not isinstance(step["if"], bool):
            text = str(step["if"]).strip()
            match = re.fullmatch(r"\$\{\{(.*)\}\}", text, re.S)
            found.append((f"step '{label}' if", match.group(1) if match else text, True))
        for key in ("env", "with"):
            for name, value in (step.get(key) or {}).items():
                scan(f"step '{label}' {key}.{name}", value)
        scan(f"step '{label}' working-directory", step.get("working-directory"))
    return found


def precheck(action, context):
    """Evaluates every expression once before anything runs, so that one the
    simulator does not know fails the simulation even in a step that would
    be skipped."""
    for index, step in enumerate((action.get("runs") or {}).get("steps") or []):
        label = step.get("name") or step.get("id") or f"step {index + 1}"
        if "${{" in str(step.get("run", "")):
            raise SimulationError(
                f"step '{label}': its run script contains an expression; pass values "
                "through env: instead (script injection)")
    for where, text, _ in expressions(action):
        try:
            evaluate(text, context)
        except SimulationError as error:
            raise SimulationError(f"{where}: {error}") from None


def condition(step, context):
    text = step.get("if")
    if text is None:
        return not context.failed
    if isinstance(text, bool):
        text = "true" if text else "false"
    text = str(text).strip()
    match = re.fullmatch(r"\$\{\{(.*)\}\}", text, re.S)
    if match:
        text = match.group(1)
    if not any(re.search(rf"\b{name}\s*\(", text) for name in STATUS_FUNCTIONS):
        text = f"success() && ({text})"
    return truthy(evaluate(text, context))


# ----------------------------------------------------------------------------
# Files the runner reads back after a step

def read_commands_file(path):
    """name=value lines and name<<DELIMITER blocks (GITHUB_OUTPUT, GITHUB_ENV)."""
    values = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        i += 1
        if not line:
            continue
        heredoc = re.fullmatch(r"([^=<]+)<<(.+)", line)
        if heredoc:
            name, delimiter = heredoc.groups()
            block = []
            while True:
                if i >= len(lines):
                    raise SimulationError(f"{path}: '{name}<<{delimiter}' is not terminated")
                current = lines[i].rstrip("\r")
                i += 1
                if current == delimiter:
                    break
                block.append(current)
            values[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
        else:
            raise SimulationError(f"{path}: cannot parse the line {line!r}")
    return values


def write_output(path, name, value):
    with open(path, "a", encoding="utf-8") as f:
        if "\n" in value:
            delimiter = "STAGEGATE_SIM_EOF"
            f.write(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
        else:
            f.write(f"{name}={value}\n")


# ----------------------------------------------------------------------------

def simulate(action_path, given_inputs):
    with open(action_path, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        raise SimulationError("only composite actions are simulated")

    env = dict(os.environ)
    for name in ("GITHUB_WORKSPACE", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "RUNNER_TEMP"):
        if not env.get(name):
            raise SimulationError(f"the environment variable {name} must be set")
    declared = action.get("inputs") or {}
    for name in given_inputs:
        if name not in declared:
            raise SimulationError(f"'{name}' is not an input of the action")

    context = Context(action, {}, env)
    steps = runs.get("steps") or []
    context.known_step_ids = {step["id"] for step in steps if "id" in step}
    for name, spec in declared.items():
        spec = spec or {}
        if name in given_inputs:
            context.inputs[name] = given_inputs[name]
        elif "default" in spec:
            context.inputs[name] = substitute(spec["default"], context)
        elif spec.get("required"):
            raise SimulationError(f"the required input '{name}' is not given")
        else:
            context.inputs[name] = ""

    precheck(action, context)

    extra_env = {}
    extra_path = []
    temp = tempfile.mkdtemp(prefix="action-sim-", dir=env["RUNNER_TEMP"])
    for index, step in enumerate(steps):
        label = step.get("name") or step.get("id") or f"step {index + 1}"
        step_id = step.get("id")
        unknown = set(step) - {"name", "id", "if", "run", "shell", "env", "working-directory",
                               "uses", "with", "continue-on-error"}
        if unknown:
            raise SimulationError(f"step '{label}': {sorted(unknown)} not simulated")
        if not condition(step, context):
            print(f"[sim] skipped: {label}", flush=True)
            if step_id:
                context.steps[step_id] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
            continue

        if "uses" in step:
            with_values = {k: substitute(v, context) for k, v in (step.get("with") or {}).items()}
            print(f"[sim] not run (uses: {step['uses']}): {label} with {json.dumps(with_values)}",
                  flush=True)
            if step_id:
                context.steps[step_id] = {"outputs": {}, "outcome": "success", "conclusion": "success"}
            continue

        script = step.get("run")
        if script is None:
            raise SimulationError(f"step '{label}' has neither run nor uses")
        if step.get("shell") != "bash":
            raise SimulationError(f"step '{label}': shell {step.get('shell')!r} is not simulated "
                                  "(composite run steps need shell: bash)")
        step_env = dict(env)
        step_env.update(extra_env)
        if extra_path:
            step_env["PATH"] = os.pathsep.join(extra_path + [step_env.get("PATH", "")])
        for name, value in (step.get("env") or {}).items():
            step_env[name] = substitute(value, context)
        files = {}
        for name in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH"):
            fd, files[name] = tempfile.mkstemp(prefix=f"{index}-{name}-", dir=temp)
            os.close(fd)
            step_env[name] = files[name]
        fd, script_file = tempfile.mkstemp(prefix=f"{index}-", suffix=".sh", dir=temp)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(script)
        directory = substitute(step.get("working-directory") or env["GITHUB_WORKSPACE"], context)

        print(f"[sim] run: {label}", flush=True)
        status = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script_file],
                                 cwd=directory, env=step_env)
        outputs = read_commands_file(files["GITHUB_OUTPUT"])
        extra_env.update(read_commands_file(files["GITHUB_ENV"]))
        with open(files["GITHUB_PATH"], encoding="utf-8") as f:
            extra_path = [line for line in f.read().splitlines() if line] + extra_path
        outcome = "success" if status == 0 else "failure"
        conclusion = outcome
        if status != 0:
            print(f"[sim] failed (exit {status}): {label}", flush=True)
            if truthy(step.get("continue-on-error", False)):
                conclusion = "success"
            else:
                context.failed = True
        if step_id:
            context.steps[step_id] = {"outputs": outputs, "outcome": outcome,
                                      "conclusion": conclusion}

    for name, spec in (action.get("outputs") or {}).items():
        write_output(env["GITHUB_OUTPUT"], name, substitute((spec or {}).get("value"), context))
    return 1 if context.failed else 0


def main(argv):
    if len(argv) < 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    action_path, inputs, rest = argv[0], {}, argv[1:]
    while rest:
        if rest[0] != "--input" or len(rest) < 2 or "=" not in rest[1]:
            print(f"action_sim: expected --input NAME=VALUE, got {rest[0]!r}", file=sys.stderr)
            return 2
        name, value = rest[1].split("=", 1)
        inputs[name] = value
        rest = rest[2:]
    try:
        return simulate(action_path, inputs)
    except SimulationError as error:
        print(f"action_sim: cannot simulate {action_path}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
