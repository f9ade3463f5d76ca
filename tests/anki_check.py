"""Import qbank's Anki packages with Anki's own library and check the result.

Run by tests/anki.rs:
    python tests/anki_check.py FIRST.apkg EDITED.apkg EXPECTED_DECK EDITED_GUID [TEXT.txt]
    python tests/anki_check.py choice FIRST.apkg EDITED.apkg TEXT.txt
    python tests/anki_check.py cloze FIRST.apkg EDITED.apkg TEXT.txt
    python tests/anki_check.py change OPEN.apkg CLOZE.apkg
    python tests/anki_check.py graded FIRST.apkg EDITED.apkg TEXT.txt

1. FIRST.apkg (the sample's deck) goes into a fresh collection: 30 notes and
   30 cards, all in the deck named EXPECTED_DECK, with the qbank note type's
   fields, the answers' lists rendered as HTML.
2. EDITED.apkg (exported later from an edited copy of the sample) is
   imported on top: no note added, the note with EDITED_GUID updated, still
   30 notes.
3. TEXT.txt (qbank's anki-txt export of a copy edited again: entry 3's
   answer holds "（文本导入）") goes through Anki's text importer: its
   notetype column picks the qbank note type, its GUID column matches the
   notes, so no note is added, entry 3 is updated, still 30 notes.
4. FIRST.apkg then EDITED.apkg go through the importer that AnkiConnect's
   `importPackage` calls (scheduling and deck presets included) into
   another fresh collection: 30 notes, the edited one updated, the
   collection's own default deck options unchanged.

With `choice`: FIRST.apkg is the deck of fixtures/shapes/choice-keys.md and
choice-task-lists.md (8 choice entries), EDITED.apkg that of a copy whose
entry 1 has the key D instead of C, TEXT.txt the anki-txt export of a copy
whose key is B: each import updates that note's `qbank Choice` fields in
place, the card's front shows the options unmarked, its back marks the
correct one.

With `cloze`: FIRST.apkg is the deck of fixtures/fill/cloze.md and
mixed-exam.md (7 fill entries, every blank answered: `qbank Cloze` notes;
4 choice entries, 1 open), EDITED.apkg that of a copy with an answer
changed in a cloze (`mitochondria` → `mitochondrion`), one in a `（ ）`
blank (`页内偏移` → `页内地址`) and a deletion added (`{{c3::Seine}}`),
TEXT.txt the anki-txt export of a copy edited again (`France` → `la
France`). The cloze note type is of Anki's cloze kind; each note has one
card per distinct deletion number (cloze.md: 2 + 2 + 1, then 2 + 3 + 1);
each card's question hides its own deletions (`[...]`, or the hint) and its
answer shows them; each import updates the notes in place, adding none.

With `graded`: FIRST.apkg is the deck of fixtures/graded/*.md (3 short
answers and 6 numbers as `qbank Type` notes, whose cards Anki renders with
its type-in box; 4 matchings, 4 orderings and 3 open entries as `qbank
Q&A` notes listing the pairs or the steps on the back), EDITED.apkg that of
a copy with a number, a pair and the accepted answers changed, TEXT.txt the
anki-txt export of a copy whose ordering gained words: each import updates
the notes in place, adding none.

With `change`: OPEN.apkg holds one fill entry with a blank left unanswered
(a `qbank Q&A` note), CLOZE.apkg the same entry answered, exported later (a
`qbank Cloze` note of the same GUID): Anki does not change a note's type on
import, it counts the note as conflicting and leaves it; once its note type
is changed to `qbank Cloze` in the collection, the package updates it, with
a card per deletion (docs/anki.md, "Identity").
"""
import html
import os
import re
import sys
import tempfile

from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)
from anki.import_export_pb2 import ImportCsvRequest


def import_package(col, path):
    request = ImportAnkiPackageRequest(
        package_path=path,
        options=ImportAnkiPackageOptions(
            merge_notetypes=False,
            with_scheduling=False,
            with_deck_configs=False,
        ),
    )
    return col.import_anki_package(request).log


def import_text_metadata(col, path):
    """The metadata Anki reads from a qbank text export's header."""
    meta = col.get_csv_metadata(path=path, delimiter=None)
    assert meta.WhichOneof("notetype") == "notetype_column", meta
    assert meta.notetype_column == 2, meta
    assert meta.deck_column == 3 and meta.guid_column == 1, meta
    assert meta.tags_column == 13, meta
    return meta


CHOICE_FIELDS = ["Question", "Answer", "Analysis", "Title", "Number", "Source",
                 "Options", "Marked", "Correct"]


def choice_note(col, number, title_part):
    notes = [col.get_note(n) for n in col.find_notes("")]
    found = [n for n in notes if n["Number"] == number and title_part in n["Title"]]
    assert len(found) == 1, [(n["Number"], n["Title"]) for n in notes]
    return found[0]


def check_choice(first, edited, text):
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(os.path.join(tmp, "collection.anki2"))
        log = import_package(col, first)
        assert len(log.new) == 8, f"new: {len(log.new)}"
        model = col.models.by_name("qbank Choice")
        assert model is not None
        assert [f["name"] for f in model["flds"]] == CHOICE_FIELDS
        assert col.models.by_name("qbank Q&A") is None, "an unused note type came along"
        note = choice_note(col, "1", "不是操作系统")
        assert note["Correct"] == "C", note["Correct"]
        card = note.cards()[0]
        front, back = card.question(), card.answer()
        for option in ["Linux", "Windows", "Oracle", "macOS"]:
            assert option in front and option in back, option
        assert "✓" not in front and "option correct" not in front, front
        assert back.count("option correct") == 1 and "✓" in back, back
        assert "Oracle 是数据库" in back and "Oracle 是数据库" not in front
        several = choice_note(col, "2", "containers")
        assert several.cards()[0].answer().count("option correct") == 2

        log = import_package(col, edited)
        assert len(log.new) == 0, f"new on re-import: {len(log.new)}"
        assert len(log.updated) >= 1, f"updated: {len(log.updated)}"
        assert col.note_count() == 8, col.note_count()
        note = choice_note(col, "1", "不是操作系统")
        assert note["Correct"] == "D", note["Correct"]
        assert "option correct\"><span class=\"mark\">✓</span><span class=\"letter\">D" in note["Marked"]

        meta = import_text_metadata(col, text)
        log = col.import_csv(ImportCsvRequest(path=text, metadata=meta)).log
        assert len(log.new) == 0, f"new on text import: {len(log.new)}"
        assert len(log.updated) >= 1, f"updated: {len(log.updated)}"
        assert col.note_count() == 8, col.note_count()
        note = choice_note(col, "1", "不是操作系统")
        assert note["Correct"] == "B", note["Correct"]
        assert note.note_type()["name"] == "qbank Choice"
        col.close()
    print("ok")


CLOZE_FIELDS = ["Text", "Extra", "Title", "Number", "Source"]
# qbank writes a deletion's answer and hint without `::` or `}}`.
DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.S)


def visible(card_html):
    """The text a card shows: no CSS, no tags (nor their attributes)."""
    text = re.sub(r"<style>.*?</style>", "", card_html, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", "", text))


def check_cloze_cards(col):
    """Every cloze note: one card per distinct deletion number (ord =
    number - 1); a card's question hides its deletions, its answer shows
    them. Returns the number of cloze cards."""
    total = 0
    for nid in col.find_notes('"note:qbank Cloze"'):
        note = col.get_note(nid)
        deletions = [(int(n), visible(a), h) for n, a, h in DELETION.findall(note["Text"])]
        numbers = sorted({n for n, _, _ in deletions})
        cards = note.cards()
        assert sorted(c.ord for c in cards) == [n - 1 for n in numbers], (note["Title"], numbers)
        for card in cards:
            front, back = visible(card.question()), visible(card.answer())
            for number, answer, hint in deletions:
                if number != card.ord + 1:
                    assert answer in front, (answer, front)
                    continue
                # Shown fewer times on the front than on the back (an
                # answer may be part of a word of the text: `len`).
                assert front.count(answer) < back.count(answer), (answer, front, back)
                assert f"[{hint or '...'}]" in front, (hint, front)
        total += len(cards)
    return total


def cloze_note(col, title):
    found = [col.get_note(n) for n in col.find_notes('"note:qbank Cloze"')]
    found = [n for n in found if n["Title"] == title]
    assert len(found) == 1, title
    return found[0]


def check_cloze(first, edited, text):
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(os.path.join(tmp, "collection.anki2"))
        log = import_package(col, first)
        assert len(log.new) == 12, f"new: {len(log.new)}"
        model = col.models.by_name("qbank Cloze")
        assert model is not None and model["type"] == 1, model and model["type"]
        assert [f["name"] for f in model["flds"]] == CLOZE_FIELDS
        assert len(col.find_notes('"note:qbank Cloze"')) == 7
        assert len(col.find_notes('"note:qbank Choice"')) == 4
        assert len(col.find_notes('"note:qbank Q&A"')) == 1
        cell = cloze_note(col, "The cell")
        assert len(cell.cards()) == 2 and len(cloze_note(col, "Capitals").cards()) == 2
        assert len(cloze_note(col, "Code stays code").cards()) == 1
        # cloze.md: 2 + 2 + 1; mixed-exam.md: 1 + 2 + 1 + 2.
        assert check_cloze_cards(col) == 11
        assert col.card_count() == 11 + 4 + 1, col.card_count()
        card = [c for c in cell.cards() if c.ord == 1][0]
        assert "[a place]" in visible(card.question())
        assert "powerhouse" in visible(card.answer())
        assert "Mitochondria make most" in visible(card.answer())
        assert "Mitochondria make most" not in visible(card.question())
        code = cloze_note(col, "Code stays code").cards()[0]
        assert "{{c1::x}}" in visible(code.question()), visible(code.question())

        log = import_package(col, edited)
        assert len(log.new) == 0, f"new on re-import: {len(log.new)}"
        assert len(log.updated) >= 3, f"updated: {len(log.updated)}"
        assert col.note_count() == 12, col.note_count()
        assert "{{c1::mitochondrion}}" in cloze_note(col, "The cell")["Text"]
        capitals = cloze_note(col, "Capitals")
        assert sorted(c.ord for c in capitals.cards()) == [0, 1, 2]
        paging = cloze_note(col, "分页系统中，逻辑地址由（ ）和（ ）组成。")
        assert "{{c2::页内地址}}" in paging["Text"], paging["Text"]
        assert check_cloze_cards(col) == 12
        assert col.card_count() == 12 + 4 + 1, col.card_count()

        meta = import_text_metadata(col, text)
        log = col.import_csv(ImportCsvRequest(path=text, metadata=meta)).log
        assert len(log.new) == 0, f"new on text import: {len(log.new)}"
        assert len(log.updated) >= 1, f"updated: {len(log.updated)}"
        assert col.note_count() == 12, col.note_count()
        capitals = cloze_note(col, "Capitals")
        assert capitals.note_type()["name"] == "qbank Cloze"
        assert "{{c2::la France}}" in capitals["Text"], capitals["Text"]
        assert capitals["Number"] == "2" and capitals["Source"].endswith("cloze.md:9")
        assert check_cloze_cards(col) == 12
        col.close()
    print("ok")


def check_change(open_deck, cloze_deck):
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(os.path.join(tmp, "collection.anki2"))
        assert len(import_package(col, open_deck).new) == 1
        [nid] = col.find_notes("")
        log = import_package(col, cloze_deck)
        assert (len(log.new), len(log.updated), len(log.conflicting)) == (0, 0, 1), log
        note = col.get_note(nid)
        assert note.note_type()["name"] == "qbank Q&A", note.note_type()["name"]
        old = col.models.by_name("qbank Q&A")["id"]
        new = col.models.by_name("qbank Cloze")["id"]
        request = col.models.change_notetype_info(
            old_notetype_id=old, new_notetype_id=new).input
        request.note_ids.extend([nid])
        col.models.change_notetype_of_notes(request)
        log = import_package(col, cloze_deck)
        assert (len(log.new), len(log.updated)) == (0, 1), log
        note = col.get_note(nid)
        assert "{{c2::UDP}}" in note["Text"], note["Text"]
        assert sorted(c.ord for c in note.cards()) == [0, 1]
        assert col.note_count() == 1
        col.close()
    print("ok")


TYPE_FIELDS = ["Question", "Answer", "Analysis", "Title", "Number", "Source",
                "Accepted", "Unit"]


def titled(col, part):
    found = [col.get_note(n) for n in col.find_notes("")]
    found = [n for n in found if part in n["Title"]]
    assert len(found) == 1, (part, [n["Title"] for n in found])
    return found[0]


def check_graded(first, edited, text):
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(os.path.join(tmp, "collection.anki2"))
        log = import_package(col, first)
        assert len(log.new) == 20, f"new: {len(log.new)}"
        model = col.models.by_name("qbank Type")
        assert model is not None and model["type"] == 0
        assert [f["name"] for f in model["flds"]] == TYPE_FIELDS
        assert len(col.find_notes('"note:qbank Type"')) == 9
        assert len(col.find_notes('"note:qbank Q&A"')) == 11
        assert col.card_count() == 20, col.card_count()
        # Anki reads the box: its renderer leaves the placeholder that its
        # reviewer turns into the input and, on the back, the comparison.
        colour = titled(col, "colour of the sky")
        card = colour.cards()[0]
        assert "[[type:Answer]]" in card.question(), card.question()
        assert "[[type:Answer]]" in card.answer()
        assert "Colour" in visible(card.answer()) and "Colour" not in visible(card.question())
        assert colour["Answer"] == "colour"
        gravity = titled(col, "acceleration due to gravity")
        assert "m/s²" in visible(gravity.cards()[0].question())
        assert "9.7 – 9.9" in visible(gravity.cards()[0].answer())
        tcp = titled(col, "three-way handshake").cards()[0]
        assert "SYN-ACK" in visible(tcp.question())
        assert '<ol class="steps"><li>SYN</li><li>SYN-ACK</li><li>ACK</li></ol>' in tcp.answer()
        languages = titled(col, "Match each language").cards()[0]
        assert "Graydon Hoare" in visible(languages.question())
        assert 'class="pairs"' in languages.answer() and 'class="pairs"' not in languages.question()

        log = import_package(col, edited)
        assert len(log.new) == 0, f"new on re-import: {len(log.new)}"
        assert len(log.updated) >= 3, f"updated: {len(log.updated)}"
        assert col.note_count() == 20, col.note_count()
        gravity = titled(col, "acceleration due to gravity")
        assert gravity["Answer"] == "9.81" and "9.76 – 9.86" in gravity["Accepted"], gravity["Accepted"]
        assert "couleur" in titled(col, "colour of the sky")["Accepted"]
        assert "Rob Pike and Ken Thompson" in titled(col, "Match each language")["Answer"]

        meta = import_text_metadata(col, text)
        log = col.import_csv(ImportCsvRequest(path=text, metadata=meta)).log
        assert len(log.new) == 0, f"new on text import: {len(log.new)}"
        assert len(log.updated) >= 1, f"updated: {len(log.updated)}"
        assert col.note_count() == 20, col.note_count()
        tcp = titled(col, "three-way handshake")
        assert "<li>ACK, then data</li>" in tcp["Answer"], tcp["Answer"]
        gravity = titled(col, "acceleration due to gravity")
        assert gravity.note_type()["name"] == "qbank Type" and gravity["Unit"] == "m/s²"
        col.close()
    print("ok")


def check_legacy_importer(first, edited, edited_guid):
    """The importer that AnkiConnect's `importPackage` and older add-ons
    call (`anki.importing.AnkiPackageImporter`: scheduling and deck presets
    imported too) takes the package, re-imports update in place, and the
    user's own default deck options stay as they were."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from anki.importing import AnkiPackageImporter
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(os.path.join(tmp, "collection.anki2"))
        conf = col.decks.get_config(1)
        conf["new"]["perDay"] = 55
        col.decks.update_config(conf)
        AnkiPackageImporter(col, first).run()
        assert (col.note_count(), col.card_count()) == (30, 30), col.note_count()
        AnkiPackageImporter(col, edited).run()
        assert (col.note_count(), col.card_count()) == (30, 30), col.note_count()
        nid = col.db.scalar("select id from notes where guid = ?", edited_guid)
        assert "（已修订）" in col.get_note(nid)["Answer"]
        assert col.decks.get_config(1)["new"]["perDay"] == 55
        assert len(col.decks.all_config()) == 1
        col.close()


def main():
    if sys.argv[1] == "graded":
        check_graded(*sys.argv[2:5])
        return
    if sys.argv[1] == "change":
        check_change(*sys.argv[2:4])
        return
    if sys.argv[1] == "choice":
        check_choice(*sys.argv[2:5])
        return
    if sys.argv[1] == "cloze":
        check_cloze(*sys.argv[2:5])
        return
    first, edited, deck, edited_guid = sys.argv[1:5]
    text = sys.argv[5] if len(sys.argv) > 5 else None
    with tempfile.TemporaryDirectory() as tmp:
        col = Collection(os.path.join(tmp, "collection.anki2"))
        log = import_package(col, first)
        assert len(log.new) == 30, f"new: {len(log.new)}"
        assert col.note_count() == 30, col.note_count()
        assert col.card_count() == 30, col.card_count()
        names = [d.name for d in col.decks.all_names_and_ids()]
        assert deck in names, names
        deck_id = col.decks.id_for_name(deck)
        assert len(col.find_cards(f'did:{deck_id}')) == 30
        model = col.models.by_name("qbank Q&A")
        assert model is not None
        assert [f["name"] for f in model["flds"]] == [
            "Question", "Answer", "Analysis", "Title", "Number", "Source"]
        notes = [col.get_note(nid) for nid in col.find_notes("")]
        by_number = {n["Number"]: n for n in notes}
        two = by_number["2"]
        assert two["Title"] == "大模型训练过程中的数据预处理技巧", two["Title"]
        assert "<ol>" in two["Answer"] and "<strong>数据清洗：</strong>" in two["Answer"], two["Answer"]
        assert two["Question"].startswith("<p>请简要介绍"), two["Question"]
        assert two["Source"].endswith("llm-industry.md:27"), two["Source"]
        assert "llm-industry" in two.tags, two.tags
        # Entries 7 and 20 share their title: still two notes.
        assert by_number["7"].guid != by_number["20"].guid
        card = col.get_card(col.find_cards("Number:2")[0])
        assert "请简要介绍" in card.question() and "数据清洗" in card.answer()

        log = import_package(col, edited)
        assert len(log.new) == 0, f"new on re-import: {len(log.new)}"
        assert len(log.updated) >= 1, f"updated: {len(log.updated)}"
        assert col.note_count() == 30, col.note_count()
        assert col.card_count() == 30, col.card_count()
        # GUIDs hold search syntax characters: look the note up directly.
        nid = col.db.scalar("select id from notes where guid = ?", edited_guid)
        note = col.get_note(nid)
        assert "（已修订）" in note["Answer"], note["Answer"]

        if text:
            meta = import_text_metadata(col, text)
            log = col.import_csv(ImportCsvRequest(path=text, metadata=meta)).log
            assert len(log.new) == 0, f"new on text import: {len(log.new)}"
            assert len(log.updated) >= 1, f"updated: {len(log.updated)}"
            assert col.note_count() == 30, col.note_count()
            three = [col.get_note(n) for n in col.find_notes("")]
            three = [n for n in three if n["Number"] == "3"][0]
            assert "（文本导入）" in three["Answer"], three["Answer"]
        col.close()
    check_legacy_importer(first, edited, edited_guid)
    print("ok")


if __name__ == "__main__":
    main()
