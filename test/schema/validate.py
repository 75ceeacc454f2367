#!/usr/bin/env python3
"""Checks glasses' JSON Schemas with an independent validator (python3-jsonschema): in each
folder below the one given, files named valid_* must pass its schema.json and files named
invalid_* must fail it. schema_fixture checked that glasses judges the same files alike."""
import json
import pathlib
import sys

import jsonschema

failures = 0
checked = 0
for folder in sorted(p for p in pathlib.Path(sys.argv[1]).iterdir() if p.is_dir()):
    schema = json.loads((folder / "schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(folder.glob("*valid_*.json")):
        errors = list(validator.iter_errors(json.loads(path.read_text())))
        expect_valid = path.name.startswith("valid_")
        checked += 1
        name = f"{folder.name}/{path.name}"
        if expect_valid and errors:
            failures += 1
            print(f"FAIL {name}: rejected: {errors[0].message}")
        elif not expect_valid and not errors:
            failures += 1
            print(f"FAIL {name}: accepted")
        else:
            print(f"ok   {name}" + (f" (rejected: {errors[0].message[:80]})" if errors else ""))
print(f"{checked - failures} passed, {failures} failed")
sys.exit(1 if failures or checked < 34 else 0)
