#!/usr/bin/env python3
"""Sanity checks for a hand-written golden file (see docs/coverage.md): python3 validate_golden.py BANK.md [BANK.md.jsonl]
Checks: every line is JSON with q, a, correct, kind; kind in open|choice|fill; a and correct not both set;
q's first 24 letters (flattened as golden.py does) occur in the flattened source; a's first 10 letters too;
option texts given in `correct` occur in the source. Prints WARN lines for a human to judge."""
import html, json, re, sys, unicodedata

def flat(s):
    s = unicodedata.normalize("NFKC", s or "")
    s = re.sub(r"<[^>]*>", " ", s)
    return "".join(ch for ch in s.lower() if ch.isalnum())

def source_flat(text):
    t = html.unescape(text)
    t = re.sub(r"\]\([^)]*\)", "]", t)          # link targets
    t = re.sub(r"<[^>]*>", " ", t)
    return flat(t)

bank = sys.argv[1]
gold = sys.argv[2] if len(sys.argv) > 2 else bank + ".jsonl"
src = source_flat(open(bank, encoding="utf-8", errors="replace").read())
bad = 0
n = 0
for i, line in enumerate(open(gold, encoding="utf-8"), 1):
    if not line.strip():
        continue
    n += 1
    try:
        g = json.loads(line)
    except Exception as e:
        print(f"ERROR line {i}: not JSON: {e}"); bad += 1; continue
    if set(g) != {"q", "a", "correct", "kind"}:
        print(f"ERROR line {i}: keys must be exactly q, a, correct, kind: {sorted(g)}"); bad += 1
    if g.get("kind") not in ("open", "choice", "fill"):
        print(f"ERROR line {i}: kind {g.get('kind')!r}"); bad += 1
    q = g.get("q") or ""
    if not flat(q):
        print(f"ERROR line {i}: q has no letters or digits: {q!r}"); bad += 1
    elif len(flat(q)) < 4:
        print(f"WARN line {i}: q is very short (a term-only item?): {q!r}")
    if len(q) > 45:
        print(f"WARN line {i}: q longer than 40 characters ({len(q)})")
    if g.get("a") and g.get("correct"):
        print(f"ERROR line {i}: both a and correct set (a must be null for choice entries)"); bad += 1
    if g.get("correct") is not None and not isinstance(g["correct"], list):
        print(f"ERROR line {i}: correct must be a list or null"); bad += 1
    if g.get("kind") == "choice" and g.get("a"):
        print(f"WARN line {i}: choice entry with a text answer")
    if flat(q)[:24] not in src:
        print(f"WARN line {i}: q not found in source: {q!r}")
    a = g.get("a")
    if a and flat(a)[:10] not in src:
        print(f"WARN line {i}: a not found in source: {a!r}")
    for c in g.get("correct") or []:
        c = str(c)
        if len(c) > 1 and c.lower() not in ("true", "false") and flat(c)[:8] not in src:
            print(f"WARN line {i}: correct option text not in source: {c!r}")
print(f"{gold}: {n} golden lines, {bad} errors")
sys.exit(1 if bad else 0)
