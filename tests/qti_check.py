"""Canvas's QTI 1.2 -> 2.1 step on qbank's QTI packages, checked.

Run by tests/it/platforms.rs:
    python tests/qti_check.py MIGRATE_PY WORK_DIR PACKAGE.zip...

Each package is unzipped and converted by Instructure's QTIMigrationTool as
Canvas runs it (`migrate.py --ucvars --nogui --overwrite --cpout=OUT DIR`),
the packages in parallel. The conversion must exit 0 and its QTI 2.1 items
must keep, item by item, the question type and the correct response
identifiers of the QTI 1.2 that qbank wrote. Prints a JSON report; exits 1
when anything differs. The report lists, for the caller to compare with the
bank, what the QTI 2.1 scores:
- each fill_in_multiple_blanks item with, blank by blank
  (choiceInteraction), the texts of the answers its response processing
  scores;
- each short_answer, numerical and matching item (graded_items): the texts
  a short answer accepts (stringMatch), a number's exact value (stringMatch
  beside the bounds, for an exact answer) and bounds (the converter's
  customOperator vargte and varlte), a matching's pairs (each
  choiceInteraction's prompt and the text of the choice it scores), the
  choices every left-hand item lists and the score of a whole right answer.
"""

import json
import os
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

from lxml import etree

V2 = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"


def positive(text):
    try:
        return float(text) > 0
    except (TypeError, ValueError):
        return False


def under_not(node, stop):
    while node is not None and node is not stop:
        if etree.QName(node).localname == "not":
            return True
        node = node.getparent()
    return False


def qti12_items(package):
    """ident -> (question_type, sorted correct identifiers), from qbank's XML."""
    items = {}
    for path in sorted(package_files(package)):
        root = etree.parse(path).getroot()
        for item in root.iter("{*}item"):
            # Choices are named by identifier; a short answer's or a
            # number's text is compared by graded_items instead.
            lids = {r.get("ident") for r in item.iter("{*}response_lid")}
            kind = None
            for field in item.iter("{*}qtimetadatafield"):
                if field.findtext("{*}fieldlabel") == "question_type":
                    kind = field.findtext("{*}fieldentry")
            correct = set()
            for cond in item.iter("{*}respcondition"):
                if not any(positive(s.text) for s in cond.iter("{*}setvar")):
                    continue
                for eq in cond.iter("{*}varequal"):
                    if eq.get("respident") in lids and not under_not(eq, cond):
                        correct.add(eq.text.strip())
            items[item.get("ident")] = (kind, sorted(correct))
    return items


def package_files(package):
    for dirpath, _, names in os.walk(package):
        for name in names:
            if name.endswith(".xml") and name != "imsmanifest.xml":
                yield os.path.join(dirpath, name)


def qti21_roots(out):
    """(root, question_type) of every item of the 2.1."""
    folder = os.path.join(out, "assessmentItems")
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        root = etree.parse(os.path.join(folder, name)).getroot()
        kinds = [f.get("value") for f in root.iter(V2 + "instructureField")
                 if f.get("name") == "question_type"]
        yield root, kinds[0] if kinds else None


def qti21_items(out):
    """identifier -> (question_type, sorted correct identifiers), from the 2.1."""
    items = {}
    for root, kind in qti21_roots(out):
        correct = set()
        for _, value in scored(root):
            correct.add(value.text.strip())
        items[root.get("identifier")] = (kind, sorted(correct))
    return items


def scores(setter):
    """Whether a setOutcomeValue of SCORE sets or adds a positive value."""
    if setter.get("identifier") != "SCORE":
        return False
    if positive(setter.findtext(V2 + "baseValue")):
        return True
    added = setter.find(V2 + "sum")
    return added is not None and any(positive(v.text) for v in added.findall(V2 + "baseValue"))


def scored(root):
    """(condition, identifier baseValue) of every response that scores."""
    for cond in root.iter(V2 + "responseIf", V2 + "responseElseIf"):
        if not any(scores(s) for s in cond.findall(V2 + "setOutcomeValue")):
            continue
        for value in cond.iter(V2 + "baseValue"):
            if value.get("baseType") == "identifier" and not under_not(value, cond):
                yield cond, value


def qti21_blanks(out):
    """Each fill_in_multiple_blanks item: its title and, per blank, the texts
    of the choices a scoring condition matches on that blank's response."""
    found = []
    for root, kind in qti21_roots(out):
        if kind != "fill_in_multiple_blanks_question":
            continue
        right = set()
        for cond, value in scored(root):
            variables = [v.get("identifier") for v in cond.iter(V2 + "variable")]
            right.update((r, value.text.strip()) for r in variables)
        blanks = []
        for interaction in root.iter(V2 + "choiceInteraction"):
            response = interaction.get("responseIdentifier")
            blanks.append([
                "".join(c.itertext()).strip()
                for c in interaction.iter(V2 + "simpleChoice")
                if (response, c.get("identifier")) in right
            ])
        found.append({"title": root.get("title"), "blanks": blanks})
    return found


def text(node):
    return "".join(node.itertext()).strip() if node is not None else None


def operand(cond, tag, cls=None):
    """The baseValue text of the first `tag` operator in `cond`."""
    for op in cond.iter(V2 + tag):
        if cls is None or op.get("class") == cls:
            return text(op.find(V2 + "baseValue"))
    return None


def graded(root, kind):
    """What a short answer, number or matching item scores."""
    found = {"title": root.get("title"), "type": kind}
    # The conditions that score a response (not the converter's own one
    # that keeps SCORE within its maximum).
    conds = [c for c in root.iter(V2 + "responseIf", V2 + "responseElseIf")
             if any(scores(s) for s in c.findall(V2 + "setOutcomeValue"))
             and all(v.get("identifier") != "SCORE" for v in c[0].iter(V2 + "variable"))]
    if kind == "short_answer_question":
        found["accepted"] = [text(v) for c in conds
                             for v in c.iterfind(f"{V2}stringMatch/{V2}baseValue")]
    elif kind == "numerical_question":
        found["bounds"] = [{
            "value": operand(c, "stringMatch"),
            "min": operand(c, "customOperator", "vargte"),
            "max": operand(c, "customOperator", "varlte"),
        } for c in conds]
    else:
        interactions = list(root.iter(V2 + "choiceInteraction"))
        choices = {c.get("identifier"): text(c) for i in interactions
                   for c in i.iter(V2 + "simpleChoice")}
        found["pairs"] = [
            [text(i.find(V2 + "prompt")), choices.get(value.text.strip())]
            for i in interactions
            for c, value in scored(root)
            if i.get("responseIdentifier") in
            [v.get("identifier") for v in c.iter(V2 + "variable")]
        ]
        found["choices"] = [[text(c) for c in i.iter(V2 + "simpleChoice")] for i in interactions]
        found["score"] = round(sum(float(v.text) for c in conds
                                   for v in c.iterfind(f"{V2}setOutcomeValue/{V2}sum/{V2}baseValue")), 4)
    return found


def qti21_graded(out):
    """Each short_answer, numerical and matching item, as graded() reads it."""
    return [graded(root, kind) for root, kind in qti21_roots(out) if kind in GRADED]


GRADED = ("short_answer_question", "numerical_question", "matching_question")


def check(migrate, work, index, package):
    started = time.monotonic()
    base = os.path.join(work, str(index))
    unzipped, out = os.path.join(base, "package"), os.path.join(base, "out")
    with zipfile.ZipFile(package) as z:
        z.extractall(unzipped)
    run = subprocess.run(
        [sys.executable, migrate, "--ucvars", "--nogui", "--overwrite", "--cpout=" + out, unzipped],
        capture_output=True,
        text=True,
    )
    report = {"package": package, "items": 0, "choice_items": 0, "correct": 0, "problems": []}
    report["fill_items"] = []
    report["graded_items"] = []
    report["convert_seconds"] = round(time.monotonic() - started, 1)
    if run.returncode != 0:
        tail = (run.stdout + run.stderr)[-2000:]
        report["problems"].append(f"migrate.py exited {run.returncode}: {tail}")
        return report
    want, got = qti12_items(unzipped), qti21_items(out)
    report["fill_items"] = qti21_blanks(out)
    report["graded_items"] = qti21_graded(out)
    report["items"] = len(want)
    for ident, (kind, correct) in want.items():
        if correct:
            report["choice_items"] += 1
            report["correct"] += len(correct)
        if ident not in got:
            report["problems"].append(f"item {ident} ({kind}) is missing from the QTI 2.1 output")
        elif got[ident] != (kind, correct):
            report["problems"].append(
                f"item {ident}: qbank wrote {kind} {correct}, the converter kept {got[ident]}"
            )
    for ident in got.keys() - want.keys():
        report["problems"].append(f"item {ident} appears in the QTI 2.1 output only")
    return report


def main():
    migrate, work, packages = sys.argv[1], sys.argv[2], sys.argv[3:]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        reports = list(pool.map(lambda a: check(migrate, work, *a), enumerate(packages)))
    json.dump(reports, sys.stdout, ensure_ascii=False, indent=1)
    sys.exit(1 if any(r["problems"] for r in reports) else 0)


if __name__ == "__main__":
    main()
