"""Schemathesis against a running demo server, signed in with a bearer token.

    python bench/api/schemathesis_run.py --chainchief target/release/chainchief [--max-examples 30]

Loads the small demo province into a temporary SQLite file, creates an administrator token with
`chainchief token create`, serves on a free loopback port, and runs schemathesis (all phases:
examples, coverage, fuzzing, stateful) on every operation of /api/openapi.json with the checks
not_a_server_error, response_schema_conformance, status_code_conformance and
content_type_conformance. Two operations are left out because random input would lock the run
out of its own credential: PATCH /api/users/{id} (it may disable the administrator) and
DELETE /api/tokens/{id} (it may revoke the token in use); the authorisation matrix covers them.

Prints one line `schemathesis: N cases, N passed, F failed (operations: K)` and exits non-zero
on any failure.
"""

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CPYTHON_AST_BUG = "AST constructor recursion depth mismatch"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chainchief", required=True, help="path of the chainchief binary")
    parser.add_argument("--max-examples", type=int, default=30, help="cases per operation and phase")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="2")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cc-schemathesis-") as tmp:
        db = os.path.join(tmp, "demo.sqlite")
        run = lambda *a: subprocess.run(
            [args.chainchief, *a, "--database-url", db], check=True, capture_output=True, text=True
        )
        run("demo", "--size", "small", "--no-serve", "--accounts-file", os.path.join(tmp, "accounts.json"))
        token = run("token", "create", "--user", "demo_administrator", "--write", "--name", "schemathesis").stdout.strip()
        port = free_port()
        server = subprocess.Popen(
            [args.chainchief, "serve", "--database-url", db, "--listen", f"127.0.0.1:{port}",
             "--rate-limit", "100000", "--rate-burst", "100000"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "server.log"), "w"),
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"{base}/api/health", timeout=1) as r:
                        if r.status == 200:
                            break
                except OSError:
                    time.sleep(0.1)
            else:
                sys.exit("schemathesis: the server did not start")
            command = [
                sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/openapi.json",
                "-H", f"Authorization: Bearer {token}",
                "--checks", "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance",
                "--exclude-path", "/api/tokens/{id}", "--exclude-path", "/api/users/{id}",
                "--max-examples", str(args.max_examples), "--seed", str(args.seed), "--workers", args.workers,
                "--warnings", "off",
            ]
            # In the scratch folder: schemathesis keeps a .schemathesis cache in its working directory.
            result = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        finally:
            server.terminate()
            server.wait(timeout=10)
    output = result.stdout + result.stderr
    cases = re.search(r"(\d+) generated, (\d+) passed(?:, (\d+) failed)?", output)
    operations = re.search(r"Tested: (\d+)", output)
    if not cases:
        print(output)
        sys.exit("schemathesis: could not read the number of cases")
    generated, passed = int(cases.group(1)), int(cases.group(2))
    failed = generated - passed
    print(f"schemathesis: {generated} cases, {passed} passed, {failed} failed "
          f"(operations: {operations.group(1) if operations else '?'})")
    # CPython 3.11's parser can trip over hypothesis describing a lambda while schemathesis
    # generates a body (seen on the binary upload of POST /api/imports): an internal error of the
    # tool, reported as "Runtime Error", not a finding about the API. A run whose only errors are
    # that one, with every case passed, counts as passed and says so.
    runtime_errors = sum(1 for line in output.splitlines() if line.strip() == "Runtime Error")
    tool_bug_only = (
        failed == 0
        and "FAILURES" not in output
        and runtime_errors > 0
        and output.count(CPYTHON_AST_BUG) >= runtime_errors
    )
    if tool_bug_only:
        print(f"schemathesis: {runtime_errors} operation(s) not generated: {CPYTHON_AST_BUG} (CPython 3.11)")
    elif result.returncode != 0 or failed:
        print(output)
        sys.exit(1)


if __name__ == "__main__":
    main()
