use crate::registry::declare_rule;

declare_rule! {
    /// ## What it does
    /// Flags a suppression comment (`<!-- qbank-disable … -->`,
    /// `<!-- qbank-disable-next-line … -->`, `<!-- qbank-disable-file … -->`)
    /// that suppresses nothing, or that names a rule qbank does not have.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides nothing today but will silently hide the next
    /// real problem at that place; a misspelt rule name suppresses nothing at
    /// all.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- qbank-disable-next-line missing-analyis -->
    /// #### 3. 模型并行
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// <!-- qbank-disable-next-line missing-analysis -->
    /// #### 3. 模型并行
    /// ```
    code: "QB901",
    name: "unused-suppression",
    summary: "A suppression comment suppresses nothing or names an unknown rule",
    severity: Warning,
    fix: None,
    check: None(()),
}
