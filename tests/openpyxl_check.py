"""Open a qbank XLSX export with openpyxl and check its sheets.

Run by tests/spreadsheets.rs: python3 tests/openpyxl_check.py FILE.xlsx
(the export of fixtures/llm-industry.md, fixtures/spreadsheet-hazards.md,
fixtures/shapes/choice-task-lists.md and fixtures/graded/matching.md).
"""
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["Entries", "Items", "Options", "Blanks", "Graded", "Documents"], wb.sheetnames

entries = wb["Entries"]
header = [c.value for c in entries[1]]
assert header == ["file", "number", "title", "question", "answer", "analysis",
                  "line", "end_line", "id", "document_title", "category",
                  "kind", "options", "correct", "blanks", "graded", "source"], header
assert entries.freeze_panes == "A2", entries.freeze_panes
assert entries.auto_filter.ref, "no autofilter"
assert entries["A1"].font.b, "header not bold"
rows = list(entries.iter_rows(min_row=2, values_only=True))
assert len(rows) == 39, len(rows)
sample = [r for r in rows if r[0] == "fixtures/llm-industry.md"]
assert [r[1] for r in sample] == list(range(1, 31))
assert sample[1][2] == "大模型训练过程中的数据预处理技巧"
assert "1. **数据清洗：** 去除数据中的噪声和异常值，确保数据质量。" in sample[1][4]
assert entries.cell(row=2, column=4).alignment.wrap_text, "text not wrapped"
hazards = [r for r in rows if "hazards" in r[0]]
# Text that looks like a formula stays text: openpyxl would give "=..." with
# data_type "f" for a formula cell.
cell = next(c for c in entries["D"] if c.value == "=1+1")
assert cell.data_type == "s", cell.data_type
assert hazards[0][5] == "@SUM(A1:A2)"

items = wb["Items"]
assert [c.value for c in items[1]][:8] == ["file", "entry_number", "entry_title", "section",
                                        "list_index", "item_number", "term", "text"]
terms = [r[6] for r in items.iter_rows(min_row=2, values_only=True)
         if r[0] == "fixtures/llm-industry.md" and r[1] == 2]
assert terms == ["数据清洗", "数据增强", "数据归一化", "数据分块", "序列填充"], terms

options = wb["Options"]
assert [c.value for c in options[1]] == ["file", "entry_number", "entry_title", "position",
                                         "label", "text", "correct", "line"]
assert options.freeze_panes == "A2" and options.auto_filter.ref
got = [(r[1], r[3], r[4], r[5], r[6]) for r in options.iter_rows(min_row=2, values_only=True)
       if r[0] == "fixtures/shapes/choice-task-lists.md"]
assert got == [
    (1, 1, "A", "无连接", False),
    (1, 2, "B", "面向连接", True),
    (1, 3, "C", "不保证顺序", False),
    (2, 1, None, "docker ps", True),
    (2, 2, None, "docker images", False),
    (2, 3, None, "docker container ls", True),
], got
# The correct options are visibly marked: bold on a green fill, every cell.
for row in options.iter_rows(min_row=2):
    correct = row[6].value
    for cell in row:
        assert bool(cell.font.b) == correct, (cell.coordinate, cell.font.b)
        fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
        assert (fill == "FFC6EFCE") == correct, (cell.coordinate, fill)

blanks = wb["Blanks"]
assert [c.value for c in blanks[1]] == ["file", "entry_number", "entry_title", "position",
                                        "number", "answers", "hint", "line"]
assert blanks.freeze_panes == "A2" and blanks.auto_filter.ref
assert blanks.max_row == 1, blanks.max_row  # no fill entry in these banks

# The graded column: what a matching entry pairs, one `left → right` line
# per pair, then `→ distractor`; empty for the other kinds.
matching = [r for r in rows if r[0] == "fixtures/graded/matching.md"]
assert [r[11] for r in matching] == ["matching", "matching", "matching", "open"]
assert matching[0][15] == ("Rust → Graydon Hoare\nPython → Guido van Rossum\n"
                           "Go → Rob Pike\n→ Dennis Ritchie"), matching[0][15]
assert matching[3][15] is None, matching[3][15]
assert sample[0][15] is None
assert matching[0][16].startswith("# Matching"), matching[0][16]

graded = wb["Graded"]
assert [c.value for c in graded[1]] == ["file", "entry_number", "entry_title", "kind",
                                        "position", "item", "match", "line"]
assert graded.freeze_panes == "A2" and graded.auto_filter.ref
assert graded["A1"].font.b, "header not bold"
got = [r[1:8] for r in graded.iter_rows(min_row=2, values_only=True)]
assert got[:4] == [
    (1, "Match each language with its creator.", "matching", 1, "Rust", "Graydon Hoare", 7),
    (1, "Match each language with its creator.", "matching", 2, "Python", "Guido van Rossum", 8),
    (1, "Match each language with its creator.", "matching", 3, "Go", "Rob Pike", 9),
    (1, "Match each language with its creator.", "matching", 4, None, "Dennis Ritchie", 7),
], got[:4]
# Entry 3's pairs name the stem's items by their codes (`1-B`): the rows
# give the items' texts; its distractors follow its pairs.
third = [(r[3], r[4], r[5]) for r in got if r[0] == 3]
assert third == [
    (1, "Stack", "last in, first out"),
    (2, "Queue", "first in, first out"),
    (3, "Heap", "a tree ordered by priority"),
    (4, None, "a hash map"),
    (5, None, "a linked list"),
], third
assert len(got) == 4 + 3 + 5, len(got)

docs = wb["Documents"]
assert [c.value for c in docs[1]] == ["path", "title", "entries"]
by_path = {r[0]: r for r in docs.iter_rows(min_row=2, values_only=True)}
assert by_path["fixtures/llm-industry.md"][1:] == ("大模型产业化：新商业模式和生态系统", 30)
print("ok")
