//! Facts: typed values a handler finds about a resource (date taken, camera,
//! page count, duration, …), declared once and carried everywhere from that
//! declaration alone.
//!
//! A handler lists its [`FactSpec`]s in [`Handler::facts`](crate::Handler::facts)
//! and records values with
//! [`HandlerContext::write_facts`](crate::HandlerContext::write_facts). From the
//! declaration, with no other edit: the values are stored (`resource_facts`,
//! replaced as a set each time the handler writes, dropped when the file's
//! bytes change), shown by `mahres show` and the details pane (label, value,
//! unit, grouped), found by words, a `key:value` filter and a sort where the
//! declaration asks for them, re-indexed when they change, and listed in the
//! search help.
//!
//! A person's marks (rating, colour label, flag) are facts too, declared by
//! the library itself (`marks.rs`, source `person`). Not here: the name,
//! description and tags, and the columns the grid needs on every tile
//! (thumbnail, size), which stay columns of `resources`.

mod value;

pub use value::{FactValue, MAX_DOCUMENT_BYTES, MAX_LIST_ITEMS, MAX_TEXT_BYTES, civil_from_days};

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::bus::Handler;
use crate::error::{Error, Result};
use crate::store::facts::StoredFact;

/// What sort of value a fact holds; it decides how the value is stored,
/// shown, filtered and sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    Text,
    Integer,
    Real,
    /// A moment (UTC milliseconds), with the UTC offset it was recorded in
    /// when the file says so.
    Timestamp,
    /// Latitude and longitude in degrees (WGS 84).
    GeoPoint,
    /// Milliseconds.
    Duration,
    /// Several short texts (keywords).
    List,
    /// The words of a document or text file (megabytes): searched as words,
    /// shown only as its beginning.
    Document,
}

impl FactKind {
    /// Kinds with an order, which ranges and sorts need.
    pub fn is_ordered(self) -> bool {
        matches!(
            self,
            FactKind::Integer | FactKind::Real | FactKind::Timestamp | FactKind::Duration
        )
    }

    /// Kinds whose words can be searched.
    pub fn has_words(self) -> bool {
        matches!(self, FactKind::Text | FactKind::List | FactKind::Document)
    }

    /// What a filter's value looks like, for help and error messages.
    pub fn value_hint(self) -> &'static str {
        match self {
            FactKind::Text | FactKind::List => "a word or \"some words\"",
            FactKind::Integer | FactKind::Real => "a number or range, e.g. 100, >=400, 2..8",
            FactKind::Timestamp => "a date or range, e.g. 2008, 2008-05, 2008-01..2008-06",
            FactKind::Duration => "a duration or range, e.g. >90s, 2m..10m, <1h",
            FactKind::GeoPoint | FactKind::Document => "not filterable",
        }
    }
}

/// One fact a handler declares. Build with the `const` constructors, e.g.
/// `FactSpec::new("iso", "ISO", FactKind::Integer).group("Camera").filter().sort()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FactSpec {
    /// Stable name: the storage key, the filter (`iso:>800`) and the sort
    /// key. Lower-case ASCII letters, digits and `_`, starting with a letter.
    pub key: &'static str,
    /// What a person reads: "ISO", "Date taken".
    pub label: &'static str,
    /// The heading it is shown under in the details ("Camera", "Place").
    pub group: &'static str,
    pub kind: FactKind,
    /// Shown after the value: "mm", "px".
    pub unit: Option<&'static str>,
    /// One line for the search help.
    pub about: &'static str,
    /// Plain words of a text or list fact match a search.
    pub words: bool,
    /// `key:value` filters on it.
    pub filter: bool,
    /// A sort key (ordered kinds only).
    pub sort: bool,
    /// This timestamp is the item's date when present (docs/ARCHITECTURE.md,
    /// "Dates"): the grid's date sort, `date:` and the timeline use it. At
    /// most one fact of a library says so.
    pub item_date: bool,
    /// How the value is written out for a person.
    pub format: FactFormat,
}

/// How a number is written out, where the plain digits are not what a
/// person expects to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FactFormat {
    Plain,
    /// Exposure times: 0.004 reads "1/250", 2.5 reads "2.5".
    Reciprocal,
    /// Apertures: 2.8 reads "ƒ/2.8".
    FNumber,
}

impl FactSpec {
    pub const fn new(key: &'static str, label: &'static str, kind: FactKind) -> Self {
        Self {
            key,
            label,
            group: "Details",
            kind,
            unit: None,
            about: "",
            words: false,
            filter: false,
            sort: false,
            item_date: false,
            format: FactFormat::Plain,
        }
    }

    pub const fn item_date(mut self) -> Self {
        self.item_date = true;
        self
    }

    pub const fn format(mut self, format: FactFormat) -> Self {
        self.format = format;
        self
    }

    pub const fn group(mut self, group: &'static str) -> Self {
        self.group = group;
        self
    }

    pub const fn unit(mut self, unit: &'static str) -> Self {
        self.unit = Some(unit);
        self
    }

    pub const fn about(mut self, about: &'static str) -> Self {
        self.about = about;
        self
    }

    pub const fn words(mut self) -> Self {
        self.words = true;
        self
    }

    pub const fn filter(mut self) -> Self {
        self.filter = true;
        self
    }

    pub const fn sort(mut self) -> Self {
        self.sort = true;
        self
    }

    fn check(&self, owner: &str) -> Result<()> {
        let problem = |what: &str| {
            Err(Error::BadDeclaration(format!(
                "handler `{owner}` declares fact `{}`, which {what}",
                self.key
            )))
        };
        let mut chars = self.key.chars();
        let well_formed = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !well_formed {
            return problem("is not a key (lower-case letters, digits and `_`, from a letter)");
        }
        if crate::search::BUILT_IN_FILTERS.contains(&self.key) {
            return problem("is the name of a built-in search filter");
        }
        if self.sort && !self.kind.is_ordered() {
            return problem("is sortable but has no order (only numbers, dates and durations)");
        }
        if self.filter && self.kind == FactKind::Document {
            return problem("is a document's text, which is searched as words, not filtered");
        }
        if self.words && !self.kind.has_words() {
            return problem("asks for word search but holds no text");
        }
        if self.item_date && self.kind != FactKind::Timestamp {
            return problem("is the item's date but not a timestamp");
        }
        if self.format != FactFormat::Plain && self.kind != FactKind::Real {
            return problem("has a number format but is not a real number");
        }
        if self.filter && self.kind == FactKind::GeoPoint {
            return problem("is a filterable place (place filters are not supported yet)");
        }
        Ok(())
    }
}

/// A fact as the fronts show it: its declaration, its value, and the value
/// written out the same way for every front.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Fact {
    pub key: String,
    pub label: String,
    pub group: String,
    pub unit: Option<String>,
    pub value: FactValue,
    /// The value as a person reads it, without the unit.
    pub text: String,
    /// A timestamp in ISO 8601, in its own offset where it has one
    /// (`2019-07-14T18:42:07+02:00`), else as a local time without a zone.
    pub iso8601: Option<String>,
    /// The handler that found it.
    pub source: String,
}

/// Every fact the library's handlers declare, by key.
#[derive(Debug, Clone, Default)]
pub struct FactRegistry {
    specs: Vec<FactSpec>,
    /// key → (index in `specs`, owning handler)
    by_key: HashMap<&'static str, (usize, &'static str)>,
}

impl FactRegistry {
    /// Collects the declarations of `handlers`. A key declared twice, one
    /// that would shadow a built-in filter, or an impossible combination is
    /// an error: the library does not open with it.
    pub fn from_handlers(handlers: &[Arc<dyn Handler>]) -> Result<Self> {
        let mut registry = FactRegistry::default();
        // A person's marks come first: they are the library's own, and a
        // handler declaring `rating` is refused as a duplicate.
        let declared = std::iter::once((crate::marks::PERSON, crate::marks::MARK_FACTS))
            .chain(handlers.iter().map(|h| (h.name(), h.facts())));
        for (owner, specs) in declared {
            for spec in specs {
                spec.check(owner)?;
                if let Some((_, other)) = registry.by_key.get(spec.key) {
                    return Err(Error::BadDeclaration(format!(
                        "fact `{}` is declared by both `{other}` and `{owner}`",
                        spec.key,
                    )));
                }
                if spec.item_date
                    && let Some(other) = registry.specs.iter().find(|s| s.item_date)
                {
                    return Err(Error::BadDeclaration(format!(
                        "facts `{}` and `{}` both say they are the item's date",
                        other.key, spec.key
                    )));
                }
                registry
                    .by_key
                    .insert(spec.key, (registry.specs.len(), owner));
                registry.specs.push(*spec);
            }
        }
        Ok(registry)
    }

    pub fn get(&self, key: &str) -> Option<&FactSpec> {
        self.by_key.get(key).map(|(i, _)| &self.specs[*i])
    }

    /// The handler that declares `key`.
    pub fn owner(&self, key: &str) -> Option<&'static str> {
        self.by_key.get(key).map(|(_, owner)| *owner)
    }

    /// In declaration order: handlers in their order, each's facts in its.
    pub fn specs(&self) -> &[FactSpec] {
        &self.specs
    }

    /// Stored facts as the fronts show them: grouped (groups in the order
    /// they are first declared), in declaration order within a group.
    pub(crate) fn shown_all(&self, stored: Vec<StoredFact>) -> Vec<Fact> {
        let group_rank = |group: &str| self.specs.iter().position(|s| s.group == group);
        let mut shown: Vec<((Option<usize>, usize), Fact)> = stored
            .into_iter()
            .filter_map(|f| {
                let (position, _) = *self.by_key.get(f.key.as_str())?;
                let fact = self.shown(&f.key, &f.source, f.value)?;
                Some(((group_rank(&fact.group), position), fact))
            })
            .collect();
        shown.sort_by_key(|(rank, _)| *rank);
        shown.into_iter().map(|(_, fact)| fact).collect()
    }

    /// A stored value as the fronts show it; `None` for a key no handler
    /// declares any more (its handler was removed), which is not shown.
    pub(crate) fn shown(&self, key: &str, source: &str, value: FactValue) -> Option<Fact> {
        let spec = self.get(key)?;
        Some(Fact {
            key: spec.key.to_string(),
            label: spec.label.to_string(),
            group: spec.group.to_string(),
            unit: spec.unit.map(str::to_string),
            text: value.display_as(spec.format),
            iso8601: value.iso8601(),
            // A document's megabytes stay in the store and the index.
            value: value.excerpt(),
            source: source.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bus::{HandlerContext, HandlerError};
    use crate::events::{Event, EventKind};

    struct Declares(&'static [FactSpec]);

    impl Handler for Declares {
        fn name(&self) -> &'static str {
            "declares"
        }
        fn subscribes_to(&self) -> &'static [EventKind] {
            &[]
        }
        fn facts(&self) -> &'static [FactSpec] {
            self.0
        }
        fn handle(&self, _: &HandlerContext, _: &Event) -> Result<(), HandlerError> {
            Ok(())
        }
    }

    fn registry(specs: &'static [FactSpec]) -> Result<FactRegistry> {
        FactRegistry::from_handlers(&[Arc::new(Declares(specs))])
    }

    #[test]
    fn bad_declarations_are_refused_with_the_reason() {
        static SHADOWS: &[FactSpec] = &[FactSpec::new("tag", "Tag", FactKind::Text)];
        static UNORDERED: &[FactSpec] = &[FactSpec::new("lens", "Lens", FactKind::Text).sort()];
        static BAD_KEY: &[FactSpec] = &[FactSpec::new("Lens Model", "Lens", FactKind::Text)];
        static TWICE: &[FactSpec] = &[
            FactSpec::new("iso", "ISO", FactKind::Integer),
            FactSpec::new("iso", "ISO again", FactKind::Integer),
        ];
        for (specs, says) in [
            (SHADOWS, "built-in search filter"),
            (UNORDERED, "has no order"),
            (BAD_KEY, "is not a key"),
            (TWICE, "declared by both"),
        ] {
            let err = registry(specs).unwrap_err().to_string();
            assert!(err.contains(says), "{err}");
        }
    }

    #[test]
    fn a_declaration_is_found_by_its_key_with_its_owner() {
        static OK: &[FactSpec] = &[FactSpec::new("iso", "ISO", FactKind::Integer)
            .group("Camera")
            .filter()
            .sort()];
        let registry = registry(OK).unwrap();
        assert_eq!(registry.get("iso").map(|s| s.group), Some("Camera"));
        assert_eq!(registry.owner("iso"), Some("declares"));
        let shown = registry
            .shown("iso", "declares", FactValue::integer(800))
            .unwrap();
        assert_eq!((shown.label.as_str(), shown.text.as_str()), ("ISO", "800"));
        assert!(
            registry
                .shown("gone", "declares", FactValue::integer(1))
                .is_none()
        );
    }
}
