"""Import qbank's Anki packages with Anki's own library and check the result.

Run by tests/anki.rs:
    python tests/anki_check.py FIRST.apkg EDITED.apkg EXPECTED_DECK EDITED_GUID [TEXT.txt]
    python tests/anki_check.py choice FIRST.apkg EDITED.apkg TEXT.txt

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

With `choice`: FIRST.apkg is the deck of fixtures/shapes/choice-keys.md and
choice-task-lists.md (8 choice entries), EDITED.apkg that of a copy whose
entry 1 has the key D instead of C, TEXT.txt the anki-txt export of a copy
whose key is B: each import updates that note's `qbank Choice` fields in
place, the card's front shows the options unmarked, its back marks the
correct one.
"""
import os
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


def main():
    if sys.argv[1] == "choice":
        check_choice(*sys.argv[2:5])
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
    print("ok")


if __name__ == "__main__":
    main()
