#!/usr/bin/env python3
"""Every route of src/http/routes.c is in the OpenAPI description and the
description has no other operation; public routes (roles 0) declare
`security: []` and the others do not; every operation has an operationId and
a 4xx answer.  Reads the bundled description (JSON, made by `redocly bundle`).

Usage: openapi_routes.py --routes src/http/routes.c --spec build/openapi.json
Ends with "N passed, N failed".
"""
import argparse
import json
import re
import sys

METHODS = ("get", "put", "post", "delete", "patch")
ROW = re.compile(r'\{\s*"([A-Z]+)",\s*"([^"]+)",\s*(\w+),\s*([^,]+),')


def routes(path):
    text = open(path, encoding="utf-8").read()
    table = text[text.index("http_routes[] = {"):]
    table = table[:table.index("\n};")]
    out = {}
    for m in ROW.finditer(table):
        out[(m.group(1).lower(), m.group(2))] = m.group(4).strip() == "0"
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--routes", required=True)
    ap.add_argument("--spec", required=True)
    ap.add_argument("--lint-failed", type=int, default=0)
    a = ap.parse_args()
    passed, failed = (0, 1) if a.lint_failed else (1, 0)
    spec = json.load(open(a.spec, encoding="utf-8"))
    table = routes(a.routes)
    ops = {}
    for p, item in spec.get("paths", {}).items():
        for m in METHODS:
            if m in item:
                ops[(m, p)] = item[m]

    def check(ok, msg):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL " + msg)

    check(len(table) > 20, f"routes parsed from {a.routes}: {len(table)}")
    for key, public in sorted(table.items()):
        op = ops.get(key)
        if not check(op is not None, f"route {key[0].upper()} {key[1]} missing from the spec"):
            continue
        sec = op.get("security", spec.get("security"))
        check((sec == []) == public,
              f"{key[0].upper()} {key[1]}: security {sec!r} but the route is "
              f"{'public' if public else 'authenticated'}")
        check(bool(op.get("operationId")), f"{key[0].upper()} {key[1]}: no operationId")
        check(any(str(s).startswith("4") for s in op.get("responses", {})),
              f"{key[0].upper()} {key[1]}: no 4xx answer")
    for key in sorted(ops):
        check(key in table, f"spec operation {key[0].upper()} {key[1]} has no route in routes.c")
    print(f"openapi: {len(table)} routes, {len(ops)} operations")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
