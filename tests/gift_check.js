// Parses GIFT files with gift-pegjs (the parser behind the GIFT editors and
// converters on npm) and prints what it read, as JSON, for the Rust tests to
// compare with the banks: one object per file, `error` where the parser
// rejected it, else its questions (categories left out).
//
// Run by tests/it/platforms.rs: node tests/gift_check.js FILE...
// (QBANK_GIFT_PEGJS: the gift-pegjs package folder)
"use strict";
const fs = require("fs");
const gift = require(process.env.QBANK_GIFT_PEGJS || "gift-pegjs");

function choice(c) {
  return { correct: c.isCorrect, weight: c.weight, text: c.text && c.text.text };
}

function question(q) {
  return {
    type: q.type,
    title: q.title,
    stem: q.stem && q.stem.text,
    format: q.stem && q.stem.format,
    // A numerical question's one answer is an object, not a list.
    choices: Array.isArray(q.choices) ? q.choices.map(choice) : [],
    numerical: q.type === "Numerical" && !Array.isArray(q.choices) ? q.choices : null,
    pairs: (q.matchPairs || []).map((p) => [p.subquestion.text, p.subanswer]),
    isTrue: q.isTrue === undefined ? null : q.isTrue,
    embedded: q.hasEmbeddedAnswers === true,
    feedback: q.globalFeedback ? q.globalFeedback.text : null,
  };
}

const out = [];
for (const file of process.argv.slice(2)) {
  const text = fs.readFileSync(file, "utf8");
  try {
    const questions = gift.parse(text).filter((q) => q.type !== "Category");
    out.push({ file, questions: questions.map(question) });
  } catch (e) {
    const at = e.location ? `${e.location.start.line}:${e.location.start.column}` : "?";
    out.push({ file, error: `${at}: ${e.message}` });
  }
}
process.stdout.write(JSON.stringify(out));
