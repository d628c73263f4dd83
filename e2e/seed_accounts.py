"""Stopgap for binaries without `chainchief demo --accounts-file`: writes the demo's one account
per role straight into a demo SQLite database, all with the password PASSWORD, and prints them as
the accounts file does ([{username, role, password}]). Delete this file once every branch has the
flag (the api branch adds it with `chainchief user add`).

The hash is argon2id (m=19456, t=2, p=1, the server's parameters) of PASSWORD, made once with
argon2-cffi; the server verifies any PHC-format argon2 hash.
"""

import json
import sqlite3
import sys
import time

PASSWORD = "e2e-password-2026"
HASH = "$argon2id$v=19$m=19456,t=2,p=1$dXbJf+hIWyHs4DhNHKGGrg$ZaKjbITG/SA82o7e9FQD7xVZK2XSWNiMpF2YdWEKfQ8"
TAIYUAN = 140100


def main(database: str) -> None:
    db = sqlite3.connect(database)
    park = db.execute("SELECT code FROM park ORDER BY code LIMIT 1").fetchone()
    enterprise = db.execute(
        "SELECT uscc FROM enterprise WHERE city_code = ? ORDER BY name, uscc LIMIT 1", (TAIYUAN,)
    ).fetchone()
    scopes = {
        "administrator": {},
        "province_analyst": {},
        "chain_office": {"chains": "SX-01"},
        "region_bureau": {"region_code": TAIYUAN},
        "department": {"department": "省统计局"},
        "park_office": {"park_code": park[0] if park else None},
        "enterprise": {"uscc": enterprise[0] if enterprise else None},
        "viewer": {},
    }
    rows = []
    for role, scope in scopes.items():
        username = f"demo_{role}"
        db.execute("DELETE FROM account WHERE username = ?", (username,))
        db.execute(
            "INSERT INTO account (username, display_name, role, region_code, chains, park_code, uscc, "
            "department, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                username,
                "",
                role,
                scope.get("region_code"),
                scope.get("chains", ""),
                scope.get("park_code"),
                scope.get("uscc"),
                scope.get("department"),
                HASH,
                int(time.time()),
            ),
        )
        rows.append({"username": username, "role": role, "password": PASSWORD})
    db.commit()
    print(json.dumps(rows, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
