//! The plan's unit tests: banks written to a temporary folder and read,
//! Anki's notes made up from them.

use super::*;

/// The bank `md`, written as `bank.md` in `dir` and read.
fn bank(dir: &tempfile::TempDir, md: &str) -> Bank {
    let path = dir.path().join("bank.md");
    std::fs::write(&path, md).unwrap();
    read(&path)
}

/// The bank at `path` (a file or a folder).
fn read(path: &std::path::Path) -> Bank {
    Bank::read(
        &[path.to_path_buf()],
        &qbank_workspace::WalkOptions::default(),
        None,
        &qbank_anki::AnkiOptions::default(),
        None,
    )
    .unwrap()
}

fn held(bank: &Bank) -> Vec<Held> {
    bank.notes
        .iter()
        .enumerate()
        .map(|(i, n)| Held {
            id: 100 + i64::try_from(i).unwrap(),
            deck: n.deck.clone(),
            notetype: n.notetype.to_owned(),
            fields: n.fields.clone(),
            tags: n.tags.clone(),
            cards: vec![1000 + i64::try_from(i).unwrap()],
        })
        .collect()
}

/// The state after a sync that wrote `held`.
fn state(bank: &Bank, held: &[Held]) -> State {
    let mut state = State::default();
    for (n, h) in bank.notes.iter().zip(held) {
        let record = Record {
            id: h.id,
            hash: fields_hash(&n.fields),
            guid: None,
        };
        state.notes.insert(n.guid.clone(), record);
    }
    state
}

fn actions(plan: &Plan) -> Vec<Action> {
    plan.items.iter().map(|i| i.action).collect()
}

const BANK: &str = "# B\n\n## 1. One\n\n**Answer:** a\n\n## 2. Two\n\n**Answer:** b\n\n\
                    ## 3. Three\n\n**Answer:** c\n\n## 4. Four\n\n**Answer:** d\n\n\
                    ## 5. Five\n\n**Answer:** e\n\n## 6. Six\n\n**Answer:** f\n";

#[test]
fn the_summary_line_is_the_contract() {
    let s = Summary {
        added: 12,
        updated: 3,
        unchanged: 985,
        conflicts: 1,
        orphans: 2,
        orphan_action: Orphans::Report.done(),
    };
    assert_eq!(
        s.to_string(),
        "added 12, updated 3, unchanged 985, conflicts 1, orphans 2 (reported)"
    );
}

#[test]
fn unchanged_updated_conflict_and_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let old = bank(&dir, BANK);
    let mut held = held(&old);
    let state = state(&old, &held);
    let new = bank(
        &dir,
        &BANK.replace("**Answer:** a", "**Answer:** a, edited"),
    );
    let options = PlanOptions::default();
    let plan = Plan::make(&new, &held, &state, &options).unwrap();
    assert_eq!(actions(&plan)[..2], [Action::Update, Action::Unchanged]);
    assert_eq!(plan.send().len(), 1);
    // Edited in Anki too: a conflict, unless --overwrite.
    held[0].fields[1] = "mine".to_owned();
    let plan = Plan::make(&new, &held, &state, &options).unwrap();
    assert_eq!(actions(&plan)[0], Action::Conflict);
    assert!(plan.send().is_empty() && plan.unresolved());
    let overwrite = PlanOptions {
        overwrite: true,
        ..options
    };
    let plan = Plan::make(&new, &held, &state, &overwrite).unwrap();
    assert_eq!(actions(&plan)[0], Action::Update);
    // Anki's own tags (leech, marked) change nothing.
    held[0].fields.clone_from(&new.notes[0].fields);
    held[0].tags.push("leech".to_owned());
    let plan = Plan::make(&new, &held, &state, &options).unwrap();
    assert_eq!(actions(&plan)[0], Action::Unchanged);
}

#[test]
fn a_renamed_entry_with_an_id_follows_its_note_through_the_state() {
    let md = "# B\n\n## 1. One {#q-one}\n\n**Answer:** a\n\n## 2. Two\n\n**Answer:** b\n";
    let dir = tempfile::tempdir().unwrap();
    let old = bank(&dir, md);
    let held = held(&old);
    let state = state(&old, &held);
    let new = bank(&dir, &md.replace("One {#q-one}", "Uno {#q-one}"));
    assert_eq!(new.notes[0].guid, old.notes[0].guid);
    let plan = Plan::make(&new, &held, &state, &PlanOptions::default()).unwrap();
    assert_eq!(actions(&plan), [Action::Update, Action::Unchanged]);
    assert_eq!(plan.items[0].note_id, Some(100));
}

#[test]
fn without_state_notes_match_by_fields_then_by_title() {
    let dir = tempfile::tempdir().unwrap();
    let old = bank(&dir, BANK);
    let held = held(&old);
    let new = bank(&dir, &BANK.replace("**Answer:** b", "**Answer:** b2"));
    let plan = Plan::make(&new, &held, &State::default(), &PlanOptions::default()).unwrap();
    let a = actions(&plan);
    // Matched by title; no record of what qbank wrote: a conflict.
    assert_eq!(a[1], Action::Conflict);
    assert_eq!(plan.items[1].note_id, Some(101));
    assert!(a.iter().all(|a| *a != Action::Add && *a != Action::Orphan));
}

#[test]
fn orphans_deletes_over_a_fifth_need_force_and_failed_inputs_orphan_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let old = bank(&dir, BANK);
    let held = held(&old);
    let state = state(&old, &held);
    let two_gone = BANK.split("## 5.").next().unwrap();
    let mut new = bank(&dir, two_gone);
    let delete = PlanOptions {
        orphans: Orphans::Delete,
        ..PlanOptions::default()
    };
    let refused = Plan::make(&new, &held, &state, &delete);
    assert!(matches!(
        refused,
        Err(Error::TooManyDeletes {
            orphans: 2,
            notes: 6,
            ..
        })
    ));
    let force = PlanOptions {
        force: true,
        ..delete
    };
    let plan = Plan::make(&new, &held, &state, &force).unwrap();
    assert_eq!(plan.summary().orphans, 2);
    assert!(!plan.unresolved());
    new.orphans = false;
    let plan = Plan::make(&new, &held, &state, &force).unwrap();
    assert_eq!(plan.summary().orphans, 0);
}

#[test]
fn an_entry_inserted_above_or_another_path_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let old = bank(&dir, BANK);
    let held = held(&old);
    let state = state(&old, &held);
    // Every entry below the new one has another line in `Source`.
    let inserted = BANK.replace("## 1. One", "## 0. Zero\n\n**Answer:** z\n\n## 1. One");
    let new = bank(&dir, &inserted);
    assert_ne!(new.notes[1].fields, old.notes[0].fields);
    let plan = Plan::make(&new, &held, &state, &PlanOptions::default()).unwrap();
    assert_eq!(
        actions(&plan)[..3],
        [Action::Add, Action::Unchanged, Action::Unchanged]
    );
    assert_eq!(plan.send().len(), 1);
    // What the state file records for them is what Anki holds.
    assert_eq!(plan.items[1].held_hash, Some(fields_hash(&held[0].fields)));
    // Their answer edited later: an update, not a conflict, and the
    // `Source` sent is the new one.
    let edited = bank(&dir, &inserted.replace("**Answer:** a", "**Answer:** a2"));
    let plan = Plan::make(&edited, &held, &state, &PlanOptions::default()).unwrap();
    assert_eq!(
        actions(&plan)[..3],
        [Action::Add, Action::Update, Action::Unchanged]
    );
    // The same file by another spelling of its path.
    std::fs::write(dir.path().join("bank.md"), BANK).unwrap();
    let other = read(&dir.path().join(".").join("bank.md"));
    assert_ne!(other.notes[0].fields, old.notes[0].fields);
    let plan = Plan::make(&other, &held, &state, &PlanOptions::default()).unwrap();
    assert!(actions(&plan).iter().all(|a| *a == Action::Unchanged));
    // Without a state file, only a `Number` or `Source` differing is no
    // conflict (an .apkg imported, then an entry inserted above).
    let renumbered = bank(&dir, &inserted.replace("## 2. Two", "## 7. Two"));
    let plan = Plan::make(
        &renumbered,
        &held,
        &State::default(),
        &PlanOptions::default(),
    )
    .unwrap();
    assert_eq!(
        actions(&plan)[..3],
        [Action::Add, Action::Unchanged, Action::Update]
    );
}

/// Two decks, `A` (a.md) and `B` (b.md), read from their folder.
fn decks(dir: &tempfile::TempDir, a: &str, b: &str) -> Bank {
    std::fs::write(dir.path().join("a.md"), format!("# A\n{a}")).unwrap();
    std::fs::write(dir.path().join("b.md"), format!("# B\n{b}")).unwrap();
    read(dir.path())
}

const KEEP: &str = "\n## 1. Keep\n\n**Answer:** k\n";
const MOVER: &str = "\n## 2. Mover\n\n**Answer:** m\n";
const OTHER: &str = "\n## 1. Other\n\n**Answer:** o\n";

#[test]
fn an_entry_moved_to_another_deck_keeps_its_note_without_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let old = decks(&dir, &format!("{KEEP}{MOVER}"), OTHER);
    let held = held(&old);
    let mover = &old.notes[1];
    assert_eq!((mover.title.as_str(), mover.deck.as_str()), ("Mover", "A"));
    let new = decks(&dir, KEEP, &format!("{OTHER}{}", MOVER.replace("2.", "5.")));
    assert_ne!(new.notes[2].guid, mover.guid, "its GUID holds its deck");
    let delete = PlanOptions {
        orphans: Orphans::Delete,
        ..PlanOptions::default()
    };
    let plan = Plan::make(&new, &held, &State::default(), &delete).unwrap();
    assert_eq!(
        actions(&plan),
        [Action::Unchanged, Action::Unchanged, Action::Update]
    );
    let moved = &plan.items[2];
    assert_eq!(moved.note_id, Some(101));
    assert_eq!(moved.moved_from.as_deref(), Some("A"));
    // Written under the GUID the note has in Anki, recomputed.
    assert_eq!(moved.anki_guid.as_ref(), Some(&mover.guid));
    // With the state file, and its answer edited too: followed by its
    // title, and its record says whether Anki's copy was edited.
    let edited = decks(
        &dir,
        KEEP,
        &format!("{OTHER}{}", MOVER.replace("m\n", "m2\n")),
    );
    let state = state(&old, &held);
    let plan = Plan::make(&edited, &held, &state, &delete).unwrap();
    assert_eq!(
        actions(&plan),
        [Action::Unchanged, Action::Unchanged, Action::Update]
    );
    assert_eq!(plan.items[2].anki_guid.as_ref(), Some(&mover.guid));
    // Without it, the edit is a conflict: the note is kept, not orphaned.
    let plan = Plan::make(&edited, &held, &State::default(), &delete).unwrap();
    assert_eq!(
        actions(&plan),
        [Action::Unchanged, Action::Unchanged, Action::Conflict]
    );
    // Nor guessed when an input failed to read.
    let mut failed = edited;
    failed.orphans = false;
    let plan = Plan::make(&failed, &held, &State::default(), &delete).unwrap();
    assert_eq!(actions(&plan)[2], Action::Add);
}

#[test]
fn a_move_is_not_guessed_from_a_title_found_twice() {
    let dir = tempfile::tempdir().unwrap();
    let old = decks(&dir, &format!("{KEEP}{MOVER}"), OTHER);
    let held = held(&old);
    // Two entries titled `Mover` now, both edited: neither is paired.
    let twice = format!(
        "{OTHER}{}{}",
        MOVER.replace("m\n", "m2\n"),
        MOVER.replace("2.", "3.")
    );
    let new = decks(
        &dir,
        KEEP,
        &twice.replace("3. Mover\n\n**Answer:** m", "3. Mover\n\n**Answer:** m3"),
    );
    let plan = Plan::make(&new, &held, &State::default(), &PlanOptions::default()).unwrap();
    assert_eq!(
        actions(&plan),
        [
            Action::Unchanged,
            Action::Unchanged,
            Action::Add,
            Action::Add,
            Action::Orphan
        ]
    );
    // A note of another note type is not the entry either.
    let choice = "\n## 2. Mover\n\nA. m\nB. n\n\n**Answer:** A\n";
    let new = decks(&dir, KEEP, &format!("{OTHER}{choice}"));
    let plan = Plan::make(&new, &held, &State::default(), &PlanOptions::default()).unwrap();
    assert_eq!(actions(&plan)[2..], [Action::Add, Action::Orphan]);
}

#[test]
fn a_moved_note_keeps_its_guid_through_the_state() {
    let dir = tempfile::tempdir().unwrap();
    let old = decks(&dir, &format!("{KEEP}{MOVER}"), OTHER);
    let mut held = held(&old);
    let new = decks(&dir, KEEP, &format!("{OTHER}{MOVER}"));
    // After the move was synced: its cards in B, its record noting the
    // GUID it holds.
    held[1].deck = "B".to_owned();
    held[1].fields.clone_from(&new.notes[2].fields);
    let mut state = state(&new, &[held[0].clone(), held[2].clone(), held[1].clone()]);
    if let Some(record) = state.notes.get_mut(&new.notes[2].guid) {
        record.guid = Some(old.notes[1].guid.clone());
    }
    let edited = decks(
        &dir,
        KEEP,
        &format!("{OTHER}{}", MOVER.replace("m\n", "m2\n")),
    );
    let plan = Plan::make(&edited, &held, &state, &PlanOptions::default()).unwrap();
    assert_eq!(
        actions(&plan),
        [Action::Unchanged, Action::Unchanged, Action::Update]
    );
    assert_eq!(plan.items[2].anki_guid.as_ref(), Some(&old.notes[1].guid));
    assert_eq!(plan.items[2].moved_from, None);
}
