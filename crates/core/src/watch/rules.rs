//! Which files of a watched folder belong in the library.

use std::path::Path;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Skipped unless a folder says otherwise: hidden files and folders, partial
/// downloads, editor backups and system clutter.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".*",
    "*.part",
    "*.crdownload",
    "*.download",
    "*.tmp",
    "*~",
    "Thumbs.db",
    "desktop.ini",
];

/// Glob patterns. A pattern without a `/` matches a file or folder name
/// anywhere; one with a `/` matches the path relative to the watched folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FolderRules {
    /// Empty: every file not excluded.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
}

impl Default for FolderRules {
    fn default() -> Self {
        Self {
            include: Vec::new(),
            exclude: DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl FolderRules {
    /// A person's own patterns, on top of the defaults when `defaults` is
    /// set. Blank patterns are dropped and the rest trimmed.
    pub fn with_own(include: Vec<String>, exclude: Vec<String>, defaults: bool) -> Self {
        let own = |globs: Vec<String>| {
            globs
                .into_iter()
                .map(|g| g.trim().to_string())
                .filter(|g| !g.is_empty())
        };
        let mut rules = if defaults {
            Self::default()
        } else {
            Self {
                include: Vec::new(),
                exclude: Vec::new(),
            }
        };
        rules.include = own(include).collect();
        rules.exclude.extend(own(exclude));
        rules
    }

    /// Whether these rules skip everything the defaults skip (a folder can
    /// be added without them: `mahres watch add --no-default-excludes`).
    pub fn has_defaults(&self) -> bool {
        DEFAULT_EXCLUDES
            .iter()
            .all(|d| self.exclude.iter().any(|g| g == d))
    }
}

#[derive(Debug)]
pub(crate) struct Matcher {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

fn build(patterns: &[String]) -> Result<GlobSet> {
    let mut set = GlobSetBuilder::new();
    for pattern in patterns {
        let glob = Glob::new(pattern).map_err(|e| Error::BadPattern {
            pattern: pattern.clone(),
            reason: e.to_string(),
        })?;
        set.add(glob);
    }
    set.build().map_err(|e| Error::BadPattern {
        pattern: "(all of them)".into(),
        reason: e.to_string(),
    })
}

impl Matcher {
    pub(crate) fn new(rules: &FolderRules) -> Result<Self> {
        Ok(Self {
            include: (!rules.include.is_empty())
                .then(|| build(&rules.include))
                .transpose()?,
            exclude: build(&rules.exclude)?,
        })
    }

    fn matches(set: &GlobSet, relative: &Path) -> bool {
        set.is_match(relative) || relative.file_name().is_some_and(|name| set.is_match(name))
    }

    /// Whether to descend into a folder (relative to the watched root).
    pub(crate) fn enters(&self, relative: &Path) -> bool {
        !Self::matches(&self.exclude, relative)
    }

    /// Whether a walk would find and take this file: every folder on the
    /// way is entered and the file itself is taken.
    pub(crate) fn keeps(&self, relative: &Path) -> bool {
        let mut folders = relative.ancestors().skip(1);
        folders.all(|p| p.as_os_str().is_empty() || self.enters(p)) && self.takes(relative)
    }

    /// Whether a file (relative to the watched root) belongs in the library.
    pub(crate) fn takes(&self, relative: &Path) -> bool {
        !Self::matches(&self.exclude, relative)
            && self
                .include
                .as_ref()
                .is_none_or(|set| Self::matches(set, relative))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_skip_hidden_partial_and_system_files() {
        let matcher = Matcher::new(&FolderRules::default()).unwrap();
        for skipped in [
            ".hidden.jpg",
            "movie.mp4.part",
            "a.crdownload",
            "notes.txt~",
            "Thumbs.db",
        ] {
            assert!(!matcher.takes(Path::new(skipped)), "{skipped}");
        }
        assert!(matcher.takes(Path::new("2024/holiday.jpg")));
        assert!(!matcher.enters(Path::new(".git")));
    }

    #[test]
    fn own_patterns_go_on_top_of_the_defaults_or_alone() {
        let own = || {
            (
                vec![" *.jpg ".to_string()],
                vec!["raw".to_string(), " ".to_string()],
            )
        };
        let (include, exclude) = own();
        let with = FolderRules::with_own(include, exclude, true);
        assert!(with.has_defaults());
        assert_eq!(with.include, ["*.jpg"]);
        assert_eq!(with.exclude.last().map(String::as_str), Some("raw"));
        assert_eq!(with.exclude.len(), DEFAULT_EXCLUDES.len() + 1);
        let (include, exclude) = own();
        let alone = FolderRules::with_own(include, exclude, false);
        assert!(!alone.has_defaults());
        assert_eq!(alone.exclude, ["raw"]);
    }

    #[test]
    fn includes_narrow_and_paths_match_relative_to_the_root() {
        let rules = FolderRules {
            include: vec!["*.jpg".into(), "raw/**".into()],
            exclude: vec!["drafts/**".into()],
        };
        let matcher = Matcher::new(&rules).unwrap();
        assert!(matcher.takes(Path::new("a/b.jpg")));
        assert!(matcher.takes(Path::new("raw/x.cr2")));
        assert!(!matcher.takes(Path::new("a/b.png")));
        assert!(!matcher.takes(Path::new("drafts/b.jpg")));
        let bad = FolderRules {
            include: vec!["[".into()],
            exclude: vec![],
        };
        assert!(
            Matcher::new(&bad)
                .unwrap_err()
                .to_string()
                .contains("not a valid glob")
        );
    }
}
