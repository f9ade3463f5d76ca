//! `qbank.toml`: found by walking up from each file's folder, or given with
//! `--config`. Every key is documented in `docs/config.md`.

use crate::error::{ConfigError, Error, display};
use globset::{Glob, GlobSet, GlobSetBuilder};
use qbank_core::{EntriesConfig, Labels, Marker, Origin, ParseOptions, SectionKind};
use qbank_fmt::FmtOptions;
use qbank_lint::{DEFAULT_PLACEHOLDERS, DocsUrl, Rule, Settings, Severity};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use toml::Spanned;

/// The file name looked for.
pub const CONFIG_FILE_NAME: &str = "qbank.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    labels: Option<RawLabels>,
    required: Option<Spanned<Vec<Spanned<String>>>>,
    placeholders: Option<Vec<String>>,
    #[serde(default)]
    extend_placeholders: Vec<String>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    anki: Option<RawAnki>,
    entries: Option<RawEntries>,
    fmt: Option<FmtOptions>,
    docs_url: Option<Spanned<String>>,
}

/// `[entries]`: what starts an entry, pinned where detection guesses wrong.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEntries {
    marker: Option<Spanned<String>>,
    level: Option<Spanned<i64>>,
    numbered: Option<bool>,
    question: Option<Spanned<String>>,
    answer: Option<Spanned<String>>,
    highlight_cloze: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawAnki {
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLabels {
    question: Option<Vec<String>>,
    answer: Option<Vec<String>>,
    analysis: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    required: Option<Spanned<Vec<Spanned<String>>>>,
    entries: Option<RawEntries>,
}

type RuleLevels = Vec<(&'static Rule, Option<Severity>)>;

/// A validated configuration file.
#[derive(Debug)]
pub struct Config {
    /// The folder override globs are relative to.
    dir: PathBuf,
    rules: RuleLevels,
    labels: Labels,
    required: Option<Vec<SectionKind>>,
    placeholders: Vec<String>,
    overrides: Vec<Override>,
    anki_tags: Vec<String>,
    entries: EntriesConfig,
    fmt: FmtOptions,
    /// `docs-url`: `None` when not set (the built-in address applies),
    /// `Some(None)` for `""` (no links).
    docs: Option<Option<DocsUrl>>,
}

#[derive(Debug)]
struct Override {
    globs: GlobSet,
    rules: RuleLevels,
    required: Option<Vec<SectionKind>>,
    entries: Option<EntriesConfig>,
}

/// The configuration in force for one file.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FileSettings {
    /// The rules' levels and options.
    pub lint: Settings,
    /// How to parse (the labels).
    pub parse: ParseOptions,
    /// Tags every Anki note from this file gets (`[anki] tags`).
    pub anki_tags: Vec<String>,
    /// What `qbank fmt` makes canonical (`[fmt]`).
    pub fmt: FmtOptions,
    /// Where findings link to their rule's documentation (`docs-url`, else
    /// the address qbank was built with); `None`: no links.
    pub docs: Option<DocsUrl>,
}

impl Default for FileSettings {
    fn default() -> Self {
        FileSettings {
            lint: Settings::default(),
            parse: ParseOptions::default(),
            anki_tags: Vec::new(),
            fmt: FmtOptions::default(),
            docs: DocsUrl::built_in(),
        }
    }
}

struct Loader<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Loader<'_> {
    fn error(&self, span: std::ops::Range<usize>, message: impl Into<String>) -> Error {
        let span = span.start.min(self.text.len())..span.end.min(self.text.len());
        let line = self.text[..span.start].matches('\n').count() + 1;
        Error::Config(Box::new(ConfigError {
            path: display(self.path),
            line,
            message: message.into(),
            src: miette::NamedSource::new(display(self.path), self.text.to_owned()),
            span: (span.start, span.end - span.start).into(),
        }))
    }

    fn rules(&self, raw: BTreeMap<Spanned<String>, Spanned<String>>) -> Result<RuleLevels, Error> {
        let mut out = Vec::new();
        for (key, value) in raw {
            let rule = qbank_lint::rule(key.get_ref()).ok_or_else(|| {
                self.error(
                    key.span(),
                    format!(
                        "unknown rule `{}` in [rules] (`qbank rules` lists them)",
                        key.get_ref()
                    ),
                )
            })?;
            let level = match value.get_ref().as_str() {
                "off" => None,
                "warn" | "warning" => Some(Severity::Warning),
                "error" => Some(Severity::Error),
                other => {
                    return Err(self.error(
                        value.span(),
                        format!(
                            "bad severity `{other}` for `{}`: expected \"off\", \"warn\" or \"error\"",
                            key.get_ref()
                        ),
                    ));
                }
            };
            out.push((rule, level));
        }
        Ok(out)
    }

    fn required(
        &self,
        raw: Option<Spanned<Vec<Spanned<String>>>>,
    ) -> Result<Option<Vec<SectionKind>>, Error> {
        let Some(raw) = raw else { return Ok(None) };
        let mut kinds = Vec::new();
        for name in raw.into_inner() {
            let kind = match name.get_ref().as_str() {
                "question" => SectionKind::Question,
                "answer" => SectionKind::Answer,
                "analysis" => SectionKind::Analysis,
                other => {
                    return Err(self.error(
                        name.span(),
                        format!(
                            "unknown section `{other}` in `required`: expected \"question\", \"answer\" or \"analysis\""
                        ),
                    ));
                }
            };
            kinds.push(kind);
        }
        Ok(Some(kinds))
    }
}

impl Loader<'_> {
    /// `[entries]`, checked.
    fn entries(&self, raw: RawEntries) -> Result<EntriesConfig, Error> {
        let mut e = EntriesConfig::default();
        if let Some(marker) = raw.marker {
            let found = MARKERS.iter().find(|m| m.as_str() == marker.get_ref());
            e.marker = Some(*found.ok_or_else(|| {
                let names: Vec<String> = MARKERS
                    .iter()
                    .map(|m| format!("\"{}\"", m.as_str()))
                    .collect();
                self.error(
                    marker.span(),
                    format!(
                        "unknown marker `{}`: expected one of {}",
                        marker.get_ref(),
                        names.join(", ")
                    ),
                )
            })?);
        }
        if let Some(level) = raw.level {
            let l = *level.get_ref();
            if !(1..=6).contains(&l) {
                return Err(self.error(
                    level.span(),
                    format!("`level` is {l}: a heading level is 1 to 6"),
                ));
            }
            e.level = Some(l as u8);
        }
        if let Some(numbered) = raw.numbered {
            e.marker.get_or_insert(if numbered {
                Marker::NumberedHeading
            } else {
                Marker::HeadingCard
            });
        }
        let origin =
            |value: Option<Spanned<String>>, marker_word: &str| -> Result<Option<Origin>, Error> {
                let Some(value) = value else { return Ok(None) };
                match value.get_ref().as_str() {
                    "label" => Ok(Some(Origin::Label)),
                    w if w == marker_word || w == "marker" => Ok(Some(Origin::Marker)),
                    other => Err(self.error(
                        value.span(),
                        format!("`{other}`: expected \"label\" or \"{marker_word}\""),
                    )),
                }
            };
        e.question = origin(raw.question, "heading")?;
        e.answer = origin(raw.answer, "body")?;
        e.highlight_cloze = raw.highlight_cloze;
        Ok(e)
    }
}

/// Every entry marker a configuration may name.
const MARKERS: [Marker; 9] = [
    Marker::NumberedHeading,
    Marker::QuestionHeading,
    Marker::HeadingCard,
    Marker::Details,
    Marker::BoldParagraph,
    Marker::ListItem,
    Marker::Label,
    Marker::Challenge,
    Marker::InlineCard,
];

impl Config {
    /// Read and validate a configuration file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: display(path),
            source,
        })?;
        let source = qbank_core::decode(display(path), bytes)?;
        let text = source.text.as_str();
        let loader = Loader { path, text };
        let raw: RawConfig = toml::from_str(text).map_err(|err| {
            let span = err.span().unwrap_or(0..0);
            loader.error(span, err.message().trim().to_owned())
        })?;
        let mut labels = Labels::default();
        if let Some(raw_labels) = raw.labels {
            for (kind, words) in [
                (SectionKind::Question, raw_labels.question),
                (SectionKind::Answer, raw_labels.answer),
                (SectionKind::Analysis, raw_labels.analysis),
            ] {
                if let Some(words) = words {
                    let slot = match kind {
                        SectionKind::Question => &mut labels.question,
                        SectionKind::Answer => &mut labels.answer,
                        SectionKind::Analysis => &mut labels.analysis,
                    };
                    *slot = words;
                }
            }
        }
        let mut placeholders: Vec<String> = match raw.placeholders {
            Some(words) => words,
            None => DEFAULT_PLACEHOLDERS
                .iter()
                .map(|w| (*w).to_owned())
                .collect(),
        };
        placeholders.extend(raw.extend_placeholders);
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let mut overrides = Vec::new();
        for o in raw.overrides {
            let mut builder = GlobSetBuilder::new();
            for glob in o.files.get_ref() {
                let g = Glob::new(glob.get_ref())
                    .map_err(|e| loader.error(glob.span(), format!("bad glob: {e}")))?;
                builder.add(g);
            }
            let globs = builder
                .build()
                .map_err(|e| loader.error(o.files.span(), format!("bad globs: {e}")))?;
            overrides.push(Override {
                globs,
                rules: loader.rules(o.rules)?,
                required: loader.required(o.required)?,
                entries: o.entries.map(|e| loader.entries(e)).transpose()?,
            });
        }
        Ok(Config {
            dir,
            rules: loader.rules(raw.rules)?,
            labels,
            required: loader.required(raw.required)?,
            placeholders,
            overrides,
            anki_tags: raw.anki.map(|a| a.tags).unwrap_or_default(),
            entries: match raw.entries {
                Some(e) => loader.entries(e)?,
                None => EntriesConfig::default(),
            },
            fmt: raw.fmt.unwrap_or_default(),
            docs: raw
                .docs_url
                .map(|url| {
                    DocsUrl::new(url.get_ref()).map_err(|e| loader.error(url.span(), e.to_string()))
                })
                .transpose()?,
        })
    }

    /// Tags every Anki note from files under this configuration gets.
    pub fn anki_tags(&self) -> &[String] {
        &self.anki_tags
    }

    /// The settings for `file` (a path as found by the walk).
    pub fn settings_for(&self, file: Option<&Path>) -> FileSettings {
        let mut lint =
            Settings::default().with_placeholders(self.placeholders.iter().map(String::as_str));
        let mut required = self.required.clone();
        let mut entries = self.entries.clone();
        for (rule, level) in &self.rules {
            lint.set_severity(rule, *level);
        }
        if let Some(file) = file {
            let relative = relative_to(file, &self.dir);
            for o in &self.overrides {
                if o.globs.is_match(&relative) {
                    for (rule, level) in &o.rules {
                        lint.set_severity(rule, *level);
                    }
                    if o.required.is_some() {
                        required.clone_from(&o.required);
                    }
                    if let Some(e) = &o.entries {
                        entries.clone_from(e);
                    }
                }
            }
        }
        if let Some(required) = required {
            lint.required = required;
            lint.required_explicit = true;
        }
        let mut parse = ParseOptions::with_labels(self.labels.clone());
        parse.entries = entries;
        FileSettings {
            lint,
            parse,
            anki_tags: self.anki_tags.clone(),
            fmt: self.fmt.clone(),
            docs: self.docs.clone().unwrap_or_else(DocsUrl::built_in),
        }
    }
}

/// `file` relative to `dir`, both made absolute first.
fn relative_to(file: &Path, dir: &Path) -> PathBuf {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (file, dir) = (abs(file), abs(dir));
    file.strip_prefix(&dir)
        .map_or(file.clone(), Path::to_path_buf)
}

/// Finds the configuration of each file, loading each `qbank.toml` once.
/// (`Default`: no explicit file, each file's nearest `qbank.toml`.)
#[derive(Default)]
pub struct Resolver {
    explicit: Option<Arc<Config>>,
    by_dir: HashMap<PathBuf, Option<Arc<Config>>>,
    loaded: HashMap<PathBuf, Arc<Config>>,
}

impl Resolver {
    /// With `--config FILE`, that file applies to every input.
    pub fn new(explicit: Option<&Path>) -> Result<Resolver, Error> {
        let explicit = match explicit {
            Some(path) => Some(Arc::new(Config::load(path)?)),
            None => None,
        };
        Ok(Resolver {
            explicit,
            by_dir: HashMap::new(),
            loaded: HashMap::new(),
        })
    }

    /// The configuration for a file (`None`: standard input), or `None` when
    /// no `qbank.toml` is found above it.
    pub fn config_for(&mut self, file: Option<&Path>) -> Result<Option<Arc<Config>>, Error> {
        if let Some(config) = &self.explicit {
            return Ok(Some(Arc::clone(config)));
        }
        let start = match file.and_then(Path::parent) {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let start = std::path::absolute(&start).unwrap_or(start);
        let mut visited = Vec::new();
        let mut dir = Some(start.as_path());
        let mut found = None;
        while let Some(d) = dir {
            if let Some(cached) = self.by_dir.get(d) {
                found = cached.clone();
                break;
            }
            visited.push(d.to_path_buf());
            let candidate = d.join(CONFIG_FILE_NAME);
            if candidate.is_file() {
                let config = match self.loaded.get(&candidate) {
                    Some(c) => Arc::clone(c),
                    None => {
                        let c = Arc::new(Config::load(&candidate)?);
                        self.loaded.insert(candidate, Arc::clone(&c));
                        c
                    }
                };
                found = Some(config);
                break;
            }
            dir = d.parent();
        }
        for d in visited {
            self.by_dir.insert(d, found.clone());
        }
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `[entries] marker` may name `marker`. The match names every
    /// marker, with no catch-all: a marker added to `qbank_core::Marker`
    /// stops this from compiling until it is placed here, and in
    /// [`MARKERS`] when it can be named.
    fn nameable(marker: Marker) -> bool {
        match marker {
            Marker::None => false,
            Marker::NumberedHeading
            | Marker::QuestionHeading
            | Marker::HeadingCard
            | Marker::Details
            | Marker::BoldParagraph
            | Marker::ListItem
            | Marker::Label
            | Marker::Challenge
            | Marker::InlineCard => true,
        }
    }

    /// Every marker, in the order of `qbank_core::Marker` (a new one goes
    /// here too, next to its arm in `nameable`).
    const ALL: [Marker; 10] = [
        Marker::None,
        Marker::NumberedHeading,
        Marker::QuestionHeading,
        Marker::HeadingCard,
        Marker::Details,
        Marker::BoldParagraph,
        Marker::ListItem,
        Marker::Label,
        Marker::Challenge,
        Marker::InlineCard,
    ];

    #[test]
    fn every_nameable_marker_can_be_named() {
        let nameable: Vec<Marker> = ALL.into_iter().filter(|m| nameable(*m)).collect();
        assert_eq!(MARKERS.to_vec(), nameable, "MARKERS lacks a marker");
    }
}
