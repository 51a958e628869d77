"""Peer of bench/feature-browser.ts: the same browser SQL (page + count) on the same SQLite file
with Python's sqlite3, timed per call; prints {"kinds": {kind: {p50, p95, total}}} as JSON (ms).
The first `warmup` calls of each kind are not timed, as on our side."""
import argparse
import json
import re
import sqlite3
import sys
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--queries", required=True)
    a = ap.parse_args()
    spec = json.load(open(a.queries))
    con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    named = lambda sql: re.sub(r"@(\w+)", r":\1", sql)  # better-sqlite3 @name → sqlite3 :name
    times: dict = {}
    totals: dict = {}
    seen: dict = {}
    for q in spec["queries"]:
        k = q["kind"]
        seen[k] = seen.get(k, 0) + 1
        t0 = time.perf_counter()
        rows = con.execute(named(q["pageSql"]), q["params"]).fetchall()
        total = con.execute(named(q["countSql"]), q["countParams"]).fetchone()[0]
        page = [dict(zip(("sae_id", "feature_index"), r[:2])) | {"top_tokens": json.loads(r[-1])} for r in rows]  # rows become objects, as ours
        ms = (time.perf_counter() - t0) * 1000
        assert len(page) <= q["params"]["limit"]
        totals[k] = total
        if seen[k] > spec["warmup"]:
            times.setdefault(k, []).append(ms)
    pct = lambda xs, p: sorted(xs)[min(len(xs) - 1, int(p * len(xs)))]
    out = {k: {"p50": pct(v, 0.5), "p95": pct(v, 0.95), "total": totals[k]} for k, v in times.items()}
    json.dump({"sqlite_version": sqlite3.sqlite_version, "python": sys.version.split()[0], "kinds": out}, sys.stdout)


if __name__ == "__main__":
    main()
