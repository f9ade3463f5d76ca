"""Import qbank's Anki packages with Anki's own library and check the result.

Run by tests/anki.rs:
    python tests/anki_check.py FIRST.apkg EDITED.apkg EXPECTED_DECK EDITED_GUID [TEXT.txt]

1. FIRST.apkg (the sample's deck) goes into a fresh collection: 30 notes and
   30 cards, all in the deck named EXPECTED_DECK, with the qbank note type's
   fields, the answers' lists rendered as HTML.
2. EDITED.apkg (exported later from an edited copy of the sample) is
   imported on top: no note added, the note with EDITED_GUID updated, still
   30 notes.
3. TEXT.txt (qbank's anki-txt export of a copy edited again: entry 3's
   answer holds "（文本导入）") goes through Anki's text importer: its
   header picks the qbank note type, its GUID column matches the notes, so
   no note is added, entry 3 is updated, still 30 notes.
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


def main():
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
            meta = col.get_csv_metadata(path=text, delimiter=None)
            model = col.models.by_name("qbank Q&A")
            assert meta.global_notetype.id == model["id"], meta
            # Columns 3 to 8 are the six fields, in order.
            assert list(meta.global_notetype.field_columns) == [3, 4, 5, 6, 7, 8], meta
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
