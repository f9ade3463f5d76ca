#!/usr/bin/env python3
"""The tables of docs/coverage.md that the Rust measure does not print.

Usage: levels.py QBANK --gold DIR --banks DIR [--baseline TSV --floor TSV]
Prints, as Markdown: per part, how many answered entries read at each confidence level (`sure`,
`likely`, `guess`, from the JSON export) are right, and the extra entries (matching no golden line) by
level; with --baseline and --floor, the banks whose figures changed from the baseline.
Matching is golden.py's: entries in order, the same `find` and the same test of an answer.
"""
import argparse, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden import choice_right, entries, find, flat, key  # noqa: E402

LEVELS = ("sure", "likely", "guess")


def tsv(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path, encoding="utf-8") if l.strip()]
    return {r[0]: r[1:] for r in rows[1:]}


def judge(gold, es, tally, extra):
    """Adds each answered, found golden line's (level, right) to tally; unmatched entries to extra."""
    i, matched = 0, set()
    for g in gold:
        hit = find(es, i, g.get("q"))
        if hit is None:
            continue
        matched.add(hit)
        i = hit + 1
        e = es[hit]
        if not (g.get("a") or g.get("correct")):
            continue
        if g.get("correct"):
            ok = choice_right(e, g["correct"])
        else:
            ok = key(g["a"], 10) in flat((e.get("answer") or "") + " " + (e.get("analysis") or ""))
        level = e.get("confidence") or "sure"
        tally[level][0] += ok
        tally[level][1] += 1
    for j, e in enumerate(es):
        if j not in matched:
            extra[e.get("confidence") or "sure"] += 1


def levels_table(a, parts):
    tallies = {}
    for name in sorted(os.listdir(a.gold)):
        if not name.endswith(".jsonl"):
            continue
        bank = name[: -len(".jsonl")]
        path = os.path.join(a.banks, bank)
        if not os.path.exists(path):
            continue
        part = parts.get(bank, ["?"])[0]
        tally, extra = tallies.setdefault(part, ({l: [0, 0] for l in LEVELS}, {l: 0 for l in LEVELS}))
        gold = [json.loads(l) for l in open(os.path.join(a.gold, name), encoding="utf-8") if l.strip()]
        judge(gold, entries(a.qbank, path), tally, extra)
    print("| part | `sure` right | `likely` right | `guess` right | extra entries by level (sure / likely / guess) |")
    print("| --- | --: | --: | --: | --- |")
    for part in ("tuning", "held back"):
        tally, extra = tallies.get(part, ({l: [0, 0] for l in LEVELS}, {l: 0 for l in LEVELS}))
        cells = [f"{100 * r / n:.1f}% ({r} of {n})" if n else "— (none)" for r, n in (tally[l] for l in LEVELS)]
        print(f"| {part} | " + " | ".join(cells) + " | " + " / ".join(str(extra[l]) for l in LEVELS) + " |")


def changed_table(baseline, floor):
    print("| bank | part | gold | answered | found | right | extra | strict coverage |")
    print("|---|---|--:|--:|--:|--:|--:|--:|")
    for bank, row in sorted(floor.items()):
        if baseline.get(bank) == row:
            continue
        part, gold, answered, found, right, extra = row
        cov = 100 * int(right) / int(answered) if int(answered) else 0.0
        print(f"| `{bank}` | {part} | {gold} | {answered} | {found} | {right} | {extra} | {cov:.1f}% |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("qbank")
    ap.add_argument("--gold", required=True)
    ap.add_argument("--banks", required=True)
    ap.add_argument("--baseline")
    ap.add_argument("--floor")
    a = ap.parse_args()
    floor = tsv(a.floor) if a.floor else {}
    levels_table(a, floor)
    if a.baseline and a.floor:
        print()
        changed_table(tsv(a.baseline), floor)


if __name__ == "__main__":
    main()
