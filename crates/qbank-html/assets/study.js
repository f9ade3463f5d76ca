// qbank study page: reveal, answer (options, blanks, short answers,
// numbers, matchings, orderings) and score, search and filters, progress
// in local storage, keyboard, themes, math. Plain DOM, no library: the page
// must work from disk with nothing beside it.
(() => {
  "use strict";
  const $ = (selector, from = document) => from.querySelector(selector);
  const $$ = (selector, from = document) => Array.from(from.querySelectorAll(selector));
  const root = document.documentElement;
  const words = JSON.parse($("#strings").textContent);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
  const entries = $$("article[data-entry]");
  const documents = $$("section.document");
  const groups = $$("h3.group");
  if (entries.length > 2000) root.classList.add("big");

  // ---- storage (may be refused: private windows, quota, some file:// pages)
  const storage = {
    get(key) { try { return window.localStorage.getItem(key); } catch (_) { return null; } },
    set(key, value) { try { window.localStorage.setItem(key, value); } catch (_) { /* kept for this visit only */ } },
    remove(key) { try { window.localStorage.removeItem(key); } catch (_) { /* nothing kept */ } },
  };
  const hash = (text) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
  };
  const fileName = (path) => path.split(/[\\/]/).pop();
  const bankKey = "qbank:progress:" + hash(documents.map((d) => d.dataset.name + "\n" + fileName(d.dataset.path)).join("\n"));
  const progress = (() => {
    try {
      const kept = JSON.parse(storage.get(bankKey) || "null");
      if (kept && kept.v === 1 && kept.seen && kept.answers) return kept;
    } catch (_) { /* a damaged record starts afresh */ }
    return { v: 1, seen: {}, answers: {} };
  })();
  // Written at once: a page closed a moment after an answer keeps it.
  const save = () => storage.set(bankKey, JSON.stringify(progress));

  // ---- math (KaTeX is bundled only in pages that hold math): drawn as
  // entries come into view, and all of it before printing.
  const drawn = new WeakSet();
  const drawMath = (element) => {
    if (typeof window.renderMathInElement !== "function" || drawn.has(element)) return;
    drawn.add(element);
    window.renderMathInElement(element, {
      delimiters: [
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false },
      ],
      throwOnError: false,
    });
  };
  if (typeof window.renderMathInElement === "function") {
    if ("IntersectionObserver" in window) {
      const seenByObserver = new IntersectionObserver((items) => {
        for (const item of items) {
          if (item.isIntersecting) { drawMath(item.target); seenByObserver.unobserve(item.target); }
        }
      }, { rootMargin: "600px 0px" });
      entries.forEach((e) => seenByObserver.observe(e));
    } else {
      entries.forEach(drawMath);
    }
    window.addEventListener("beforeprint", () => entries.forEach(drawMath));
  }

  // ---- reveal
  const setRevealed = (entry, shown) => {
    const button = $(".reveal", entry);
    if (!button) return;
    entry.classList.toggle("revealed", shown);
    button.textContent = shown ? words.hide : words.show;
    button.setAttribute("aria-expanded", String(shown));
    if (shown) drawMath(entry);
  };
  const markSeen = (entry) => {
    if (!progress.seen[entry.dataset.key]) {
      progress.seen[entry.dataset.key] = 1;
      entry.classList.add("seen");
      save();
    }
  };
  const toggle = (entry) => {
    if (!$(".reveal", entry)) return;
    const shown = !entry.classList.contains("revealed");
    setRevealed(entry, shown);
    if (shown) markSeen(entry);
    stats();
  };

  // ---- choice questions
  const picked = (form) => $$("input", form).filter((i) => i.checked).map((i) => Number(i.value));
  const correctOf = (form) => $$(".option", form).map((o, i) => (o.hasAttribute("data-correct") ? i : -1)).filter((i) => i >= 0);
  const letters = (form, indices) => indices.map((i) => $$(".option .letter", form)[i].textContent).join(", ");
  const clearMarks = (form) => {
    form.classList.remove("checked");
    $$(".option", form).forEach((o) => o.classList.remove("right", "wrong", "missed"));
    const verdict = $(".verdict", form);
    verdict.textContent = "";
    verdict.className = "verdict";
    $(".check", form).textContent = words.check;
  };
  const showMarks = (form, choice) => {
    const correct = new Set(correctOf(form));
    const chosen = new Set(choice);
    $$(".option", form).forEach((option, i) => {
      option.classList.toggle("right", chosen.has(i) && correct.has(i));
      option.classList.toggle("wrong", chosen.has(i) && !correct.has(i));
      option.classList.toggle("missed", !chosen.has(i) && correct.has(i));
    });
    $$("input", form).forEach((input, i) => { input.checked = chosen.has(i); });
    const right = correct.size === chosen.size && [...chosen].every((i) => correct.has(i));
    const verdict = $(".verdict", form);
    verdict.textContent = right ? "✓ " + words.right : "✗ " + words.wrong + " · " + words.key + words.colon + letters(form, [...correct]);
    verdict.className = "verdict " + (right ? "right" : "wrong");
    form.classList.add("checked");
    $(".check", form).textContent = words.again;
    return right;
  };
  const check = (form) => {
    const entry = form.closest("article");
    if (form.classList.contains("checked")) {
      clearMarks(form);
      $$("input", form).forEach((input) => { input.checked = false; });
      return;
    }
    const choice = picked(form);
    if (choice.length === 0) {
      $(".verdict", form).textContent = words.pick;
      return;
    }
    const right = showMarks(form, choice);
    progress.answers[entry.dataset.key] = { p: choice, ok: right };
    markSeen(entry);
    setRevealed(entry, true);
    save();
    stats();
  };
  $$("form.options").forEach((form) => {
    form.addEventListener("submit", (event) => { event.preventDefault(); check(form); });
  });

  // ---- fill entries: a text input per blank, joined to the entry's
  // form.blanks; the blanks of one group (a cloze number written twice)
  // share one answer. What counts as the same answer, here only: Unicode
  // NFKC (full-width letters, digits and spaces as their usual forms),
  // spaces at the ends dropped and runs of them one, case folded.
  const normalise = (text) => String(text).normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
  const blanksOf = (form) => Array.from(form.elements).filter((e) => e.matches(".blank input"));
  const groupsOf = (form) => {
    const groups = new Map();
    for (const input of blanksOf(form)) {
      const group = input.parentElement.dataset.blank;
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(input);
    }
    return [...groups.values()];
  };
  const accepted = (input) => {
    try {
      const answers = JSON.parse(input.dataset.answers);
      return Array.isArray(answers) ? answers.map(String) : [];
    } catch (_) { return []; }
  };
  const clearBlanks = (form) => {
    form.classList.remove("checked");
    for (const input of blanksOf(form)) {
      input.parentElement.classList.remove("right", "wrong");
      input.removeAttribute("aria-invalid");
    }
    const verdict = $(".verdict", form);
    verdict.textContent = "";
    verdict.className = "verdict";
    $(".check", form).textContent = words.check;
  };
  const showBlanks = (form, typed) => {
    const groups = groupsOf(form);
    let all = true;
    groups.forEach((inputs, g) => {
      const value = typeof typed[g] === "string" ? typed[g] : "";
      const ok = accepted(inputs[0]).some((a) => normalise(a) === normalise(value));
      all = all && ok;
      for (const input of inputs) {
        input.value = value;
        input.parentElement.classList.toggle("right", ok);
        input.parentElement.classList.toggle("wrong", !ok);
        input.setAttribute("aria-invalid", String(!ok));
      }
    });
    const verdict = $(".verdict", form);
    const key = groups.map((inputs) => accepted(inputs[0])[0]).join(words.separator);
    verdict.textContent = all ? "✓ " + words.right : "✗ " + words.wrong + " · " + words.key + words.colon + key;
    verdict.className = "verdict " + (all ? "right" : "wrong");
    form.classList.add("checked");
    $(".check", form).textContent = words.again;
    return all;
  };
  const checkBlanks = (form) => {
    const entry = form.closest("article");
    const first = blanksOf(form)[0];
    if (form.classList.contains("checked")) {
      clearBlanks(form);
      blanksOf(form).forEach((input) => { input.value = ""; });
      first.focus();
      return;
    }
    const typed = groupsOf(form).map((inputs) => inputs[0].value);
    if (typed.every((t) => normalise(t) === "")) {
      $(".verdict", form).textContent = words.type_first;
      first.focus();
      return;
    }
    const right = showBlanks(form, typed);
    progress.answers[entry.dataset.key] = { t: typed, ok: right };
    markSeen(entry);
    setRevealed(entry, true);
    save();
    stats();
  };
  $$("form.blanks").forEach((form) => {
    form.addEventListener("submit", (event) => { event.preventDefault(); checkBlanks(form); });
  });
  // Typing in a blank: its group's other blanks follow, and a checked
  // entry waits to be checked again.
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.matches(".blank input") || !input.form) return;
    const group = input.parentElement.dataset.blank;
    for (const other of blanksOf(input.form)) {
      if (other !== input && other.parentElement.dataset.blank === group) other.value = input.value;
    }
    if (input.form.classList.contains("checked")) clearBlanks(input.form);
  });

  // ---- short-answer, numerical, matching and ordering entries: a
  // form.graded each (data-graded says which). What it is checked against
  // is written in it by qbank: the accepted answers, a number's bounds, each
  // list's right item, each item's rank. Each kind reads what was answered
  // (kept in progress as {g: …}), checks whether kept progress still fits
  // the form, shows an answer with its marks, and empties the form.
  const kindOf = (form) => graders[form.dataset.graded];
  const boxOf = (form) => $(".typed input", form);
  const markBox = (form, ok) => {
    const box = boxOf(form);
    box.parentElement.classList.toggle("right", ok);
    box.parentElement.classList.toggle("wrong", !ok);
    box.setAttribute("aria-invalid", String(!ok));
  };
  const unmarkBox = (form) => {
    const box = boxOf(form);
    box.parentElement.classList.remove("right", "wrong");
    box.removeAttribute("aria-invalid");
  };
  // A number as typed: NFKC (full-width digits), the entry's unit before or
  // after it dropped, then read as qbank reads the bank's numbers: spaces
  // and `_` left out, a minus sign as `-`, one comma and no point a decimal
  // comma unless three digits follow it (`3,14`; `1,000` is a thousand).
  const numberOf = (text, unit) => {
    let s = String(text).normalize("NFKC").trim();
    const u = String(unit || "").normalize("NFKC").trim();
    const same = (part) => part.toLowerCase() === u.toLowerCase();
    if (u && same(s.slice(-u.length))) s = s.slice(0, -u.length);
    else if (u && same(s.slice(0, u.length))) s = s.slice(u.length);
    s = s.replace(/\u2212/g, "-").replace(/[\s_]/g, "");
    const commas = s.split(",").length - 1;
    s = commas === 1 && !s.includes(".") && s.split(",")[1].length !== 3 ? s.replace(",", ".") : s.replace(/,/g, "");
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
    const n = Number(s);
    return Number.isFinite(n) ? n : null;
  };
  const typedBox = {
    read: (form) => {
      const value = boxOf(form).value;
      if (normalise(value) === "") return { say: words.type_first };
      return { value };
    },
    fits: (form, value) => typeof value === "string",
    empty: (form) => { boxOf(form).value = ""; },
    unmark: unmarkBox,
  };
  const graders = {
    short: Object.assign({}, typedBox, {
      show: (form, value) => {
        const box = boxOf(form);
        const same = box.hasAttribute("data-case-sensitive")
          ? (t) => String(t).normalize("NFKC").trim().replace(/\s+/g, " ")
          : normalise;
        box.value = value;
        const ok = accepted(box).some((a) => same(a) === same(value));
        markBox(form, ok);
        return { ok };
      },
    }),
    numerical: Object.assign({}, typedBox, {
      read: (form) => {
        const box = boxOf(form);
        if (normalise(box.value) === "") return { say: words.type_first };
        if (numberOf(box.value, box.dataset.unit) === null) return { say: words.not_a_number };
        return { value: box.value };
      },
      show: (form, value) => {
        const box = boxOf(form);
        const n = numberOf(value, box.dataset.unit);
        const min = Number(box.dataset.min);
        const max = Number(box.dataset.max);
        // Decimals as typed and as written may differ in their last bit.
        const slack = 1e-12 * Math.max(Math.abs(min), Math.abs(max));
        box.value = value;
        const ok = n !== null && n >= min - slack && n <= max + slack;
        markBox(form, ok);
        return { ok };
      },
    }),
    matching: {
      read: (form) => {
        const value = $$("select", form).map((s) => (s.value === "" ? -1 : Number(s.value)));
        return value.every((v) => v < 0) ? { say: words.pick } : { value };
      },
      fits: (form, value) => {
        const count = $$("select", form).length;
        const choices = $$("select", form)[0].options.length - 1;
        return Array.isArray(value) && value.length === count && value.every((v) => Number.isInteger(v) && v >= -1 && v < choices);
      },
      show: (form, value) => {
        let right = 0;
        $$("select", form).forEach((select, i) => {
          select.value = value[i] < 0 ? "" : String(value[i]);
          const ok = value[i] === Number(select.dataset.answer);
          right += ok ? 1 : 0;
          select.parentElement.classList.toggle("right", ok);
          select.parentElement.classList.toggle("wrong", !ok);
          select.setAttribute("aria-invalid", String(!ok));
        });
        const total = value.length;
        return { ok: right === total, note: fill(words.pairs_right, { right, total }) };
      },
      empty: (form) => { $$("select", form).forEach((s) => { s.value = ""; }); },
      unmark: (form) => {
        $$("select", form).forEach((s) => { s.parentElement.classList.remove("right", "wrong"); s.removeAttribute("aria-invalid"); });
      },
    },
    ordering: {
      read: (form) => ({ value: itemsOf(form).map((li) => Number(li.dataset.item)) }),
      fits: (form, value) => {
        const count = itemsOf(form).length;
        return Array.isArray(value) && value.length === count && [...value].sort((a, b) => a - b).every((v, i) => v === i);
      },
      show: (form, value) => {
        arrange(form, value);
        const rankOf = new Map(itemsOf(form).map((li) => [Number(li.dataset.item), li.dataset.rank]));
        let right = 0;
        itemsOf(form).forEach((li, at) => {
          const ok = li.dataset.rank === rankOf.get(at);
          right += ok ? 1 : 0;
          li.classList.toggle("right", ok);
          li.classList.toggle("wrong", !ok);
        });
        const total = value.length;
        return { ok: right === total, note: fill(words.in_place, { right, total }) };
      },
      empty: (form) => arrange(form, shownFirst.get(form)),
      unmark: (form) => { itemsOf(form).forEach((li) => li.classList.remove("right", "wrong")); },
    },
  };
  // An ordering's items, the order they are shown in first, and moves.
  const itemsOf = (form) => $$(".order > li", form);
  const shownFirst = new Map($$("form.graded[data-graded=ordering]").map((f) => [f, itemsOf(f).map((li) => Number(li.dataset.item))]));
  const ends = (list) => {
    const items = Array.from(list.children);
    items.forEach((li, i) => {
      const [up, down] = $$(".move", li);
      up.setAttribute("aria-disabled", String(i === 0));
      down.setAttribute("aria-disabled", String(i === items.length - 1));
    });
  };
  const arrange = (form, order) => {
    const list = $(".order", form);
    const byItem = new Map(itemsOf(form).map((li) => [Number(li.dataset.item), li]));
    order.forEach((i) => list.append(byItem.get(i)));
    ends(list);
  };
  const move = (li, by) => {
    const list = li.parentElement;
    const items = Array.from(list.children);
    const to = items.indexOf(li) + by;
    if (to < 0 || to >= items.length) return;
    list.insertBefore(li, by < 0 ? items[to] : items[to].nextSibling);
    ends(list);
    const form = li.closest("form");
    if (form.classList.contains("checked")) clearGraded(form);
    const item = $(".text", li).textContent.trim();
    $(".moved", form).textContent = fill(words.moved, { item, n: to + 1, total: items.length });
  };
  $$(".order").forEach(ends);
  const clearGraded = (form) => {
    kindOf(form).unmark(form);
    form.classList.remove("checked");
    const verdict = $(".verdict", form);
    verdict.textContent = "";
    verdict.className = "verdict";
    $(".check", form).textContent = words.check;
  };
  const showGraded = (form, value) => {
    const { ok, note } = kindOf(form).show(form, value);
    const verdict = $(".verdict", form);
    const counted = note ? " · " + note : "";
    verdict.textContent = ok ? "✓ " + words.right + counted : "✗ " + words.wrong + counted + " · " + words.key + words.colon + form.dataset.solution;
    verdict.className = "verdict " + (ok ? "right" : "wrong");
    form.classList.add("checked");
    $(".check", form).textContent = words.again;
    return ok;
  };
  const firstControl = (form) => $("input, select, .order > li", form);
  const checkGraded = (form) => {
    const entry = form.closest("article");
    if (form.classList.contains("checked")) {
      clearGraded(form);
      kindOf(form).empty(form);
      firstControl(form).focus();
      return;
    }
    const read = kindOf(form).read(form);
    if (read.say) {
      $(".verdict", form).textContent = read.say;
      firstControl(form).focus();
      return;
    }
    const right = showGraded(form, read.value);
    progress.answers[entry.dataset.key] = { g: read.value, ok: right };
    markSeen(entry);
    setRevealed(entry, true);
    save();
    stats();
  };
  $$("form.graded").forEach((form) => {
    if (!kindOf(form)) return;
    form.addEventListener("submit", (event) => { event.preventDefault(); checkGraded(form); });
    // A checked entry whose answer changes (typed, or chosen: a list fires
    // "input" too) waits to be checked again; not on "change", which a box
    // fires as it loses the focus.
    form.addEventListener("input", () => { if (form.classList.contains("checked")) clearGraded(form); });
  });
  $$("form.graded .order").forEach((list) => {
    list.addEventListener("click", (event) => {
      const button = event.target instanceof Element && event.target.closest(".move");
      if (!button || button.getAttribute("aria-disabled") === "true") return;
      move(button.closest("li"), Number(button.dataset.by));
      button.focus();
    });
    // Alt+↑ and Alt+↓ move the focused item (or the item of a focused button).
    list.addEventListener("keydown", (event) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
      const li = event.target instanceof Element && event.target.closest(".order > li");
      if (!li) return;
      event.preventDefault();
      const focused = event.target;
      move(li, event.key === "ArrowUp" ? -1 : 1);
      focused.focus();
    });
  });

  // ---- progress kept from earlier visits
  const byKey = new Map(entries.map((e) => [e.dataset.key, e]));
  for (const key of Object.keys(progress.seen)) {
    const entry = byKey.get(key);
    if (entry) entry.classList.add("seen");
  }
  for (const [key, answer] of Object.entries(progress.answers)) {
    const graded = byKey.has(key) && $("form.graded", byKey.get(key));
    if (graded && kindOf(graded)) {
      if (kindOf(graded).fits(graded, answer.g)) answer.ok = showGraded(graded, answer.g);
      else delete progress.answers[key];
      continue;
    }
    const blanks = byKey.has(key) && $("form.blanks", byKey.get(key));
    if (blanks) {
      const count = groupsOf(blanks).length;
      if (Array.isArray(answer.t) && answer.t.length === count && answer.t.every((t) => typeof t === "string")) {
        answer.ok = showBlanks(blanks, answer.t);
      } else {
        delete progress.answers[key];
      }
      continue;
    }
    const form = byKey.has(key) && $("form.options .check", byKey.get(key)) && $("form.options", byKey.get(key));
    const count = form ? $$(".option", form).length : 0;
    if (form && Array.isArray(answer.p) && answer.p.every((i) => Number.isInteger(i) && i >= 0 && i < count)) {
      answer.ok = showMarks(form, answer.p);
    } else {
      delete progress.answers[key];
    }
  }

  // ---- search and filters
  const search = $("#search");
  const category = $("#category");
  const tag = $("#tag");
  const status = $("#status");
  const texts = new Array(entries.length);
  const textOf = (i) => (texts[i] === undefined ? (texts[i] = entries[i].textContent.toLowerCase()) : texts[i]);
  const tagsOf = new Map(documents.map((d) => [d, (d.dataset.tags || "").split("\t").filter(Boolean)]));
  const documentOf = entries.map((e) => e.closest("section.document"));
  const matches = (i, terms, wanted) => {
    const entry = entries[i];
    if (wanted.category) {
      const own = entry.dataset.category;
      if (own !== wanted.category && !own.startsWith(wanted.category + " › ")) return false;
    }
    if (wanted.tag && !tagsOf.get(documentOf[i]).includes(wanted.tag)) return false;
    const key = entry.dataset.key;
    if (wanted.status === "unseen" && (progress.seen[key] || progress.answers[key])) return false;
    if (wanted.status === "missed" && !(progress.answers[key] && !progress.answers[key].ok)) return false;
    return terms.every((t) => textOf(i).includes(t));
  };
  const apply = () => {
    const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const wanted = { category: category.value, tag: tag.value, status: status.value };
    const any = terms.length || wanted.category || wanted.tag || wanted.status;
    entries.forEach((entry, i) => { entry.hidden = any ? !matches(i, terms, wanted) : false; });
    for (const group of groups) {
      let next = group.nextElementSibling;
      let shown = false;
      while (next && next.matches("article")) { if (!next.hidden) { shown = true; break; } next = next.nextElementSibling; }
      group.hidden = !shown;
    }
    documents.forEach((d) => { d.hidden = !$("article:not([hidden])", d); });
    stats();
  };
  let searchTimer = 0;
  search.addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(apply, entries.length > 5000 ? 250 : 80); });
  [category, tag, status].forEach((select) => select.addEventListener("change", apply));

  const addOption = (select, value, label) => {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = label;
    select.append(option);
  };
  // Entries under each category path, in one pass.
  const counts = new Map();
  for (const entry of entries) {
    const parts = entry.dataset.category.split(" › ");
    for (let n = 1; n <= parts.length; n++) {
      const path = parts.slice(0, n).join(" › ");
      counts.set(path, (counts.get(path) || 0) + 1);
    }
  }
  const countIn = (path) => counts.get(path) || 0;

  // ---- contents and the filters' choices, from the page itself: each
  // document and group, with counts, and each entry where the page holds
  // few enough for a list of them to help.
  const toc = $("#toc ol");
  const listEntries = entries.length <= 500;
  const tocLink = (href, text, count) => {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = "#" + href;
    a.textContent = text;
    li.append(a);
    if (count !== undefined) {
      const n = document.createElement("span");
      n.className = "count";
      n.textContent = String(count);
      li.append(n);
    }
    return li;
  };
  // A title's text, each blank a line (its answer is no title).
  const titleText = (title) => {
    if (!$(".blank", title)) return title.textContent.trim();
    const copy = title.cloneNode(true);
    $$(".blank", copy).forEach((b) => b.replaceWith("____"));
    return copy.textContent.trim();
  };
  const sublist = (li) => li.appendChild(document.createElement("ol"));
  documents.forEach((doc) => {
    const name = doc.dataset.name;
    addOption(category, name, name);
    const item = tocLink(doc.id, name, $$("article[data-entry]", doc).length);
    const inner = sublist(item);
    let target = inner;
    let groupIndex = 0;
    for (const child of doc.children) {
      if (child.matches("h3.group")) {
        groupIndex += 1;
        child.id = child.id || doc.id + "-g" + groupIndex;
        const path = child.dataset.category;
        if (!Array.from(category.options).some((o) => o.value === path)) {
          addOption(category, path, "\u2003" + path.slice(name.length + 3));
        }
        const li = tocLink(child.id, child.textContent, countIn(path));
        inner.append(li);
        target = listEntries ? sublist(li) : inner;
      } else if (listEntries && child.matches("article[data-entry]")) {
        // The title as text, its math drawn with the contents below.
        const title = titleText($(".title", child));
        const li = tocLink(child.id, title);
        li.className = "toc-entry";
        target.append(li);
      }
    }
    $$("ol", item).forEach((ol) => { if (!ol.children.length) ol.remove(); });
    toc.append(item);
  });
  drawMath($("#toc"));
  if (documents.length < 2 && groups.length === 0) category.hidden = true;
  const allTags = [...new Set([...tagsOf.values()].flat())].sort();
  allTags.forEach((t) => addOption(tag, t, t));
  tag.hidden = allTags.length === 0;
  if (documents.length < 2 && groups.length === 0 && !listEntries) {
    $("#toc").hidden = true;
    $(".layout").classList.add("no-toc");
  }
  // On a narrow screen the contents start folded, above the entries.
  if (window.matchMedia && window.matchMedia("(max-width: 63.99rem)").matches) $("#toc > details").open = false;

  // ---- statistics
  const keys = new Set(byKey.keys());
  const stats = () => {
    const shown = entries.filter((e) => !e.hidden).length;
    $("#shown").textContent = fill(words.showing, { shown, total: entries.length });
    const seen = Object.keys(progress.seen).filter((k) => keys.has(k)).length;
    $("#seen").textContent = fill(words.revealed, { seen, total: entries.length });
    const answers = Object.entries(progress.answers).filter(([k]) => keys.has(k));
    const right = answers.filter(([, a]) => a.ok).length;
    $("#score").textContent = $("form.options .check, form.blanks .check, form.graded .check") ? fill(words.score, { right, answered: answers.length }) : "";
    $("#nothing").hidden = shown > 0;
  };

  // ---- the current entry and the keyboard
  let current = null;
  const visible = () => entries.filter((e) => !e.hidden);
  const setCurrent = (entry, scroll) => {
    if (current) current.classList.remove("current");
    current = entry;
    if (!entry) return;
    entry.classList.add("current");
    if (scroll) {
      entry.scrollIntoView({ block: "start" });
      entry.focus({ preventScroll: true });
    }
  };
  const firstInView = (list) => {
    const top = Math.max(0, $(".bar").getBoundingClientRect().bottom);
    return list.find((e) => e.getBoundingClientRect().bottom > top + 8) || list[0];
  };
  const step = (by) => {
    const list = visible();
    if (!list.length) return;
    const at = current ? list.indexOf(current) : -1;
    const target = at < 0 ? firstInView(list) : list[Math.min(list.length - 1, Math.max(0, at + by))];
    setCurrent(target, true);
  };
  const typing = (target) => target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName));
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    // In a blank or an answer's box: Enter checks its entry (a checked one
    // is left as it is), Esc goes back to the entry, for j, k and r.
    const blank = event.target instanceof HTMLInputElement && event.target.matches(".blank input, form.graded input") ? event.target : null;
    if (blank && blank.form && (event.key === "Enter" || event.key === "Escape")) {
      event.preventDefault();
      if (event.key === "Escape") { setCurrent(blank.closest("article"), false); current.focus({ preventScroll: true }); }
      else if (!blank.form.classList.contains("checked")) (blank.form.matches("form.graded") ? checkGraded : checkBlanks)(blank.form);
      return;
    }
    if (event.target === search && event.key === "Escape") { search.blur(); return; }
    if (typing(event.target) && !(event.target.type === "radio" || event.target.type === "checkbox")) return;
    const key = event.key;
    let handled = true;
    if (key === "j" || key === "ArrowRight") step(1);
    else if (key === "k" || key === "ArrowLeft") step(-1);
    else if (key === "r" && current) toggle(current);
    // Space on an item to order is no reveal: it would show the order.
    else if (key === " " && current && !event.target.matches(".order > li")) toggle(current);
    else if (key === "/") search.focus();
    else if (key === "?") $("#help").click();
    else if (/^[1-9]$/.test(key) && current && $("form.options .check", current)) {
      const input = $$("form.options input", current)[Number(key) - 1];
      if (input) { input.checked = input.type === "radio" ? true : !input.checked; }
    } else if (key === "Enter" && current && $("form.options .check", current)) check($("form.options", current));
    else if (key === "Enter" && current && $("form.blanks", current)) checkBlanks($("form.blanks", current));
    else if (key === "Enter" && current && $("form.graded", current)) checkGraded($("form.graded", current));
    else handled = false;
    if (handled) event.preventDefault();
  });
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const entry = target && target.closest("article[data-entry]");
    if (entry && entry !== current) setCurrent(entry, false);
    if (target && target.matches(".reveal")) toggle(target.closest("article"));
  });

  // ---- toolbar
  const revealAll = $("#reveal-all");
  let allShown = false;
  revealAll.addEventListener("click", () => {
    allShown = !allShown;
    const shown = visible();
    shown.forEach((e) => setRevealed(e, allShown));
    if (allShown) {
      // Every answer shown is seen: kept in one write.
      for (const e of shown) {
        if (!$(".reveal", e)) continue;
        progress.seen[e.dataset.key] = 1;
        e.classList.add("seen");
      }
      save();
    }
    revealAll.textContent = allShown ? words.hide_all : words.reveal_all;
    stats();
  });
  $("#reset").addEventListener("click", () => {
    if (!window.confirm(words.reset_confirm)) return;
    progress.seen = {};
    progress.answers = {};
    storage.remove(bankKey);
    entries.forEach((e) => { e.classList.remove("seen"); setRevealed(e, false); });
    $$("form.options").forEach((form) => { clearMarks(form); $$("input", form).forEach((i) => { i.checked = false; }); });
    $$("form.blanks").forEach((form) => { clearBlanks(form); blanksOf(form).forEach((i) => { i.value = ""; }); });
    $$("form.graded").forEach((form) => { if (kindOf(form)) { clearGraded(form); kindOf(form).empty(form); } });
    apply();
  });
  const help = $("#help");
  help.addEventListener("click", () => {
    const keys = $("#keys");
    keys.hidden = !keys.hidden;
    help.setAttribute("aria-expanded", String(!keys.hidden));
    barHeight();
  });

  // ---- themes: auto (the system's), light, dark; the choice is kept
  const themeButton = $("#theme");
  const dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  const modes = ["auto", "light", "dark"];
  let mode = modes.includes(storage.get("qbank:theme")) ? storage.get("qbank:theme") : "auto";
  const applyTheme = () => {
    root.dataset.theme = mode === "auto" ? (dark && dark.matches ? "dark" : "light") : mode;
    themeButton.textContent = words.theme + words.colon + words["theme_" + mode];
  };
  themeButton.addEventListener("click", () => {
    mode = modes[(modes.indexOf(mode) + 1) % modes.length];
    if (mode === "auto") storage.remove("qbank:theme"); else storage.set("qbank:theme", mode);
    applyTheme();
  });
  if (dark) dark.addEventListener("change", applyTheme);
  applyTheme();

  // ---- layout: the sticky bar's height, for scrolling under it
  const barHeight = () => {
    const bar = $(".bar");
    const sticky = getComputedStyle(bar).position === "sticky";
    root.style.setProperty("--bar-height", (sticky ? bar.offsetHeight : 0) + 8 + "px");
  };
  window.addEventListener("resize", barHeight);
  barHeight();
  stats();
  root.classList.add("ready");
})();
