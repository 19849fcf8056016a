#!/usr/bin/env python3
"""A peer for the benchmark: validates every *.yaml / *.yml file under the
given paths against stagegate's JSON Schema with Python's jsonschema (Debian
python3-jsonschema) after loading it with PyYAML's C loader (python3-yaml).
Schema validation only: no cross-file references, no access computation.

usage: peer_jsonschema.py SCHEMA PATH...
"""
import json
import os
import sys

import jsonschema
import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, names in sorted(os.walk(path)):
                for name in sorted(names):
                    if name.endswith((".yaml", ".yml")):
                        yield os.path.join(root, name)
        else:
            yield path


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    count = errors = 0
    for path in files(sys.argv[2:]):
        with open(path, encoding="utf-8") as f:
            for document in yaml.load_all(f, Loader=Loader):
                count += 1
                for error in validator.iter_errors(document):
                    errors += 1
                    print(f"{path}: {error.message}", file=sys.stderr)
    print(f"{count} documents, {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
