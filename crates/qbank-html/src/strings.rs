//! The page's own words, in the bank's language: Chinese for a bank
//! written in Chinese, English otherwise.

use qbank_core::Document;
use serde::Serialize;

/// Every word the page says (the script receives them as JSON).
#[derive(Debug, Serialize)]
pub(crate) struct Strings {
    /// The page's `lang`.
    pub(crate) lang: &'static str,
    /// The page's title for several documents.
    pub(crate) bank: &'static str,
    pub(crate) question: &'static str,
    pub(crate) answer: &'static str,
    pub(crate) analysis: &'static str,
    pub(crate) show: &'static str,
    pub(crate) hide: &'static str,
    pub(crate) check: &'static str,
    pub(crate) again: &'static str,
    pub(crate) right: &'static str,
    pub(crate) wrong: &'static str,
    pub(crate) key: &'static str,
    pub(crate) search: &'static str,
    pub(crate) all_categories: &'static str,
    pub(crate) all_tags: &'static str,
    pub(crate) all_entries: &'static str,
    pub(crate) unseen: &'static str,
    pub(crate) missed: &'static str,
    pub(crate) contents: &'static str,
    pub(crate) showing: &'static str,
    pub(crate) score: &'static str,
    pub(crate) revealed: &'static str,
    pub(crate) reveal_all: &'static str,
    pub(crate) hide_all: &'static str,
    pub(crate) reset: &'static str,
    pub(crate) reset_confirm: &'static str,
    pub(crate) theme: &'static str,
    pub(crate) theme_auto: &'static str,
    pub(crate) theme_light: &'static str,
    pub(crate) theme_dark: &'static str,
    pub(crate) keys: &'static str,
    pub(crate) keys_help: &'static str,
    pub(crate) nothing: &'static str,
    pub(crate) pick: &'static str,
    /// A blank's label for screen readers (`{n}`, `{total}`).
    pub(crate) blank: &'static str,
    /// Said when a fill entry is checked with nothing typed.
    pub(crate) type_first: &'static str,
    /// Between the answers of several blanks (`页号；页内偏移`).
    pub(crate) separator: &'static str,
    /// What follows a word before its value (`Correct: B`, `正确答案：B`).
    pub(crate) colon: &'static str,
    /// The label of a short answer's text box.
    pub(crate) your_answer: &'static str,
    /// The label of a numerical answer's text box.
    pub(crate) your_number: &'static str,
    /// Said when a numerical entry is checked with what is not a number.
    pub(crate) not_a_number: &'static str,
    /// A numerical range as its key (`{min}`, `{max}`).
    pub(crate) range: &'static str,
    /// The first, empty choice of a matching entry's lists.
    pub(crate) choose: &'static str,
    /// A matching entry's count of right pairs (`{right}`, `{total}`).
    pub(crate) pairs_right: &'static str,
    /// How an ordering entry's items are moved.
    pub(crate) order_help: &'static str,
    /// The label of an ordering entry's list.
    pub(crate) order_list: &'static str,
    /// An item's buttons, for screen readers (`{item}`).
    pub(crate) move_up: &'static str,
    pub(crate) move_down: &'static str,
    /// Said as an item moves (`{item}`, `{n}`, `{total}`).
    pub(crate) moved: &'static str,
    /// An ordering entry's count of items in their place (`{right}`,
    /// `{total}`).
    pub(crate) in_place: &'static str,
}

pub(crate) static EN: Strings = Strings {
    lang: "en",
    bank: "Question bank",
    question: "Question",
    answer: "Answer",
    analysis: "Analysis",
    show: "Show answer",
    hide: "Hide answer",
    check: "Check",
    again: "Try again",
    right: "Right",
    wrong: "Wrong",
    key: "Correct",
    search: "Search",
    all_categories: "All categories",
    all_tags: "All tags",
    all_entries: "All entries",
    unseen: "Not yet seen",
    missed: "Answered wrong",
    contents: "Contents",
    showing: "{shown} of {total} entries",
    score: "Score {right}/{answered}",
    revealed: "{seen} of {total} seen",
    reveal_all: "Show all answers",
    hide_all: "Hide all answers",
    reset: "Reset progress",
    reset_confirm: "Forget the progress kept for this bank?",
    theme: "Theme",
    theme_auto: "Auto",
    theme_light: "Light",
    theme_dark: "Dark",
    keys: "Keys",
    keys_help: "j / → next · k / ← previous · r / space reveal · 1–9 pick an option · Enter check · Alt+↑ / Alt+↓ move an item to order · / search · Esc leave the search or an answer box",
    nothing: "No entry matches.",
    pick: "Pick an answer first.",
    blank: "Blank {n} of {total}",
    type_first: "Type an answer first.",
    separator: "; ",
    colon: ": ",
    your_answer: "Your answer",
    your_number: "Your answer (a number)",
    not_a_number: "Type a number, such as 3.14 or 3,14.",
    range: "{min} to {max}",
    choose: "Choose…",
    pairs_right: "{right} of {total} pairs right",
    order_help: "Move an item with its ↑ and ↓ buttons, or focus it and press Alt+↑ or Alt+↓.",
    order_list: "Items, in your order",
    move_up: "Move up: {item}",
    move_down: "Move down: {item}",
    moved: "{item}: {n} of {total}",
    in_place: "{right} of {total} in place",
};

pub(crate) static ZH: Strings = Strings {
    lang: "zh-CN",
    bank: "题库",
    question: "题目",
    answer: "答案",
    analysis: "解析",
    show: "显示答案",
    hide: "隐藏答案",
    check: "提交",
    again: "重做",
    right: "正确",
    wrong: "错误",
    key: "正确答案",
    search: "搜索",
    all_categories: "全部分类",
    all_tags: "全部标签",
    all_entries: "全部题目",
    unseen: "未看过",
    missed: "答错的",
    contents: "目录",
    showing: "显示 {shown} / {total} 题",
    score: "得分 {right}/{answered}",
    revealed: "已看 {seen} / {total}",
    reveal_all: "显示全部答案",
    hide_all: "隐藏全部答案",
    reset: "清除进度",
    reset_confirm: "清除本题库保存的进度？",
    theme: "主题",
    theme_auto: "自动",
    theme_light: "浅色",
    theme_dark: "深色",
    keys: "快捷键",
    keys_help: "j / → 下一题 · k / ← 上一题 · r / 空格 显示答案 · 1–9 选择选项 · Enter 提交 · Alt+↑ / Alt+↓ 移动排序项 · / 搜索 · Esc 退出搜索或答题框",
    nothing: "没有匹配的题目。",
    pick: "请先选择答案。",
    blank: "第 {n} 空，共 {total} 空",
    type_first: "请先填写答案。",
    separator: "；",
    colon: "：",
    your_answer: "你的答案",
    your_number: "你的答案（数字）",
    not_a_number: "请填写一个数，如 3.14 或 3,14。",
    range: "{min} 至 {max}",
    choose: "请选择…",
    pairs_right: "配对正确 {right} / {total}",
    order_help: "用 ↑ 和 ↓ 按钮移动各项，或选中一项后按 Alt+↑ 或 Alt+↓。",
    order_list: "各项（按你的顺序）",
    move_up: "上移：{item}",
    move_down: "下移：{item}",
    moved: "{item}：第 {n} 位，共 {total} 位",
    in_place: "位置正确 {right} / {total}",
};

/// The words for a page whose first document is `doc`: Chinese when its
/// title and the start of its text hold more Han characters than a third
/// of their Latin letters (a Han character says about as much as a short
/// word).
pub(crate) fn for_document(doc: &Document, text: &str) -> &'static Strings {
    let mut end = text.len().min(8 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let title = doc.title.as_ref().map_or("", |t| t.text.as_str());
    let (mut han, mut latin) = (0usize, 0usize);
    for c in title.chars().chain(text[..end].chars()) {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c) {
            han += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if han * 3 > latin { &ZH } else { &EN }
}
