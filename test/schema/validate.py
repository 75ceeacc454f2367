#!/usr/bin/env python3
"""Checks glasses' JSON Schema with an independent validator (python3-jsonschema):
files named valid_* must pass and files named invalid_* must fail."""
import json
import pathlib
import sys

import jsonschema

folder = pathlib.Path(sys.argv[1])
schema = json.loads((folder / "schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failures = 0
checked = 0
for path in sorted(folder.glob("*valid_*.json")):
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    expect_valid = path.name.startswith("valid_")
    checked += 1
    if expect_valid and errors:
        failures += 1
        print(f"FAIL {path.name}: rejected: {errors[0].message}")
    elif not expect_valid and not errors:
        failures += 1
        print(f"FAIL {path.name}: accepted")
    else:
        print(f"ok   {path.name}" + (f" (rejected: {errors[0].message[:80]})" if errors else ""))
print(f"{checked - failures} passed, {failures} failed")
sys.exit(1 if failures or checked < 7 else 0)
