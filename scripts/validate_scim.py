#!/usr/bin/env python3
"""Validates NDJSON files of Plek users as SCIM 2.0 Users with the Enterprise User extension.

An independent check of what `datamapper run` writes: every line must be accepted by
scim2-models (`User[EnterpriseUser]`, strict JSON validation, unknown attributes refused),
and must also follow the rules RFC 7643 sets for a resource a client sends to create a user,
which the library leaves to the caller:

- `schemas` is present, names the core User schema first, and names the Enterprise User
  extension exactly when the record carries it;
- `userName` is a non-empty string;
- server-owned attributes (`id`, `meta`, `groups`) are absent;
- no attribute is `null`, an empty list or an empty object (an unset attribute is left out);
- every element of a multi-valued attribute has a `value`.

Usage: validate_scim.py FILE.ndjson...   Exit status 0 when every line is valid, else 1,
after printing each bad line with its file, line number and what is wrong.
"""

import json
import sys

from pydantic import ValidationError
from scim2_models import EnterpriseUser
from scim2_models import User

CORE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
SERVER_OWNED = ("id", "meta", "groups")
MULTI_VALUED = ("emails", "phoneNumbers", "ims", "photos", "addresses", "entitlements", "roles",
                "x509Certificates")
PLEK_USER = User[EnterpriseUser]


def empty_values(value, path):
    """Yields the paths under `value` that hold null, [] or {}."""
    if value is None or value == [] or value == {}:
        yield path
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from empty_values(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from empty_values(child, f"{path}[{index}]")


def resource_rule_problems(user):
    """What RFC 7643 asks of a user resource in a create request, beyond the library's model."""
    if not isinstance(user, dict):
        return ["a user must be a JSON object"]
    problems = []
    schemas = user.get("schemas")
    if not isinstance(schemas, list) or not schemas or schemas[0] != CORE_SCHEMA:
        problems.append(f"schemas must start with {CORE_SCHEMA}, got {schemas!r}")
    elif (ENTERPRISE_SCHEMA in schemas) != (ENTERPRISE_SCHEMA in user):
        problems.append("schemas must name the enterprise extension exactly when it is present")
    elif len(set(schemas)) != len(schemas) or not set(schemas) <= {CORE_SCHEMA, ENTERPRISE_SCHEMA}:
        problems.append(f"unexpected or repeated schemas: {schemas!r}")
    user_name = user.get("userName")
    if not isinstance(user_name, str) or not user_name.strip():
        problems.append(f"userName is required and must be a non-empty string, got {user_name!r}")
    for name in SERVER_OWNED:
        if name in user:
            problems.append(f"{name} is set by the service provider and must not be sent")
    problems.extend(f"{path} is null or empty: leave the attribute out instead"
                    for path in empty_values(user, ""))
    for name in MULTI_VALUED:
        for index, element in enumerate(user.get(name) or []):
            if not isinstance(element, dict) or "value" not in element:
                problems.append(f"{name}[{index}] has no value")
    return problems


def line_problems(line):
    """Everything wrong with one NDJSON line, as readable sentences."""
    try:
        user = json.loads(line)
    except json.JSONDecodeError as error:
        return [f"not valid JSON: {error}"]
    problems = resource_rule_problems(user)
    try:
        PLEK_USER.model_validate_json(line, strict=True)
    except ValidationError as error:
        problems.append(f"scim2-models: {error}")
    return problems


def main(paths):
    """Validates every line of every file; returns the process exit status."""
    if not paths:
        print("usage: validate_scim.py FILE.ndjson...", file=sys.stderr)
        return 2
    bad = checked = 0
    for path in paths:
        with open(path, encoding="utf-8") as file:
            for number, line in enumerate(file, start=1):
                checked += 1
                problems = line_problems(line)
                if problems:
                    bad += 1
                    print(f"{path}:{number}: not a valid SCIM User\n  record: {line.rstrip()}")
                    for problem in problems:
                        print("  " + problem.replace("\n", "\n    "))
    print(f"SCIM User check: {checked} line(s) in {len(paths)} file(s), {bad} invalid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
