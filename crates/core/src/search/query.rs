//! The search language: words (prefix- and typo-tolerant), "phrases",
//! `-excluded` words, and filters: `tag:` `group:` `type:` `kind:` `in:trash`
//! and ranges on `size:` `width:` `height:` `date:`.

use std::ops::Bound;

use serde::Serialize;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Term};

use super::schema::{Fields, words};
use crate::facts::{FactKind, FactRegistry, FactSpec};

/// A query that could not be understood, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message} (at character {position})")]
pub struct QueryError {
    /// 1-based character position in the query.
    pub position: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Word {
        text: String,
        negated: bool,
    },
    Phrase {
        text: String,
        negated: bool,
    },
    Filter {
        field: Filter,
        value: String,
        negated: bool,
    },
    Range {
        field: RangeField,
        low: Bound<i64>,
        high: Bound<i64>,
    },
    /// `camera:canon`: words of a text or list fact.
    FactWords {
        key: &'static str,
        words: String,
        negated: bool,
    },
    /// `in:trash`: the Trash instead of the library.
    InTrash,
    /// `iso:>800`, `taken:2008`, `duration:>90s`: a range of an ordered fact.
    FactRange {
        key: &'static str,
        low: Bound<FactNumber>,
        high: Bound<FactNumber>,
    },
}

/// A bound of a fact range, typed as the fact is indexed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FactNumber {
    Integer(i64),
    Real(f64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Filter {
    Tag,
    Group,
    Type,
    Kind,
    /// `has:gps`: a fact's key.
    Has,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum RangeField {
    Size,
    Width,
    Height,
    Date,
    Added,
}

/// The filters the search language has whatever the handlers; a fact may
/// not take one of these names.
pub const BUILT_IN_FILTERS: &[&str] = &[
    "tag", "group", "type", "kind", "has", "size", "width", "height", "date", "added", "in",
];

/// One filter of the search language, for the help a front shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FilterHelp {
    /// What goes before the colon.
    pub name: String,
    pub about: String,
    /// What its value looks like.
    pub value: String,
}

/// Every filter a person can use here: the built-in ones, then each
/// filterable fact's, from its declaration.
pub fn filter_help(facts: &FactRegistry) -> Vec<FilterHelp> {
    let built_in = [
        (
            "tag",
            "items with this tag",
            "a tag; quote names with spaces",
        ),
        ("group", "items in this group", "a group's name"),
        (
            "type",
            "items of this kind",
            "image, video, audio, text, document, archive, other",
        ),
        (
            "kind",
            "resources, notes or groups only",
            "resource, note, group",
        ),
        ("size", "file size", "a size or range, e.g. >10MB, 1MB..5MB"),
        ("width", "width in pixels", "a number or range, e.g. >=1920"),
        ("height", "height in pixels", "a number or range, e.g. <500"),
        (
            "has",
            "items that have this fact",
            "a fact's name, e.g. gps, camera, keywords",
        ),
        (
            "date",
            "the item's date: taken, else the file's time, else added",
            "a date or range, e.g. 2024, 2024-05, 2024-01..2024-06",
        ),
        (
            "added",
            "when it was added to the library",
            "a date or range, e.g. 2024-05-17, >=2024-05",
        ),
        (
            "in",
            "items in the Trash, which searches otherwise leave out",
            "trash",
        ),
    ];
    let mut help: Vec<FilterHelp> = built_in
        .into_iter()
        .map(|(name, about, value)| FilterHelp {
            name: name.into(),
            about: about.into(),
            value: value.into(),
        })
        .collect();
    for spec in facts.specs().iter().filter(|s| s.filter) {
        let about = if spec.about.is_empty() {
            spec.label.to_string()
        } else {
            format!("{}: {}", spec.label, spec.about)
        };
        help.push(FilterHelp {
            name: spec.key.into(),
            about,
            value: spec.kind.value_hint().into(),
        });
    }
    help
}

/// The filters a person can use: the built-in ones, then the facts'.
fn filter_names(facts: &FactRegistry) -> String {
    let built_in = BUILT_IN_FILTERS.iter().copied();
    let declared = facts.specs().iter().filter(|s| s.filter).map(|s| s.key);
    built_in
        .chain(declared)
        .map(|name| format!("{name}:"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn error(position: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        position: position + 1,
        message: message.into(),
    }
}

/// Splits the query into parts, with positions for error messages.
fn parse(query: &str, facts: &FactRegistry) -> Result<Vec<Part>, QueryError> {
    let chars: Vec<char> = query.chars().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let negated = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
        if negated {
            i += 1;
        }
        if chars[i] == '"' {
            let close = chars[i + 1..]
                .iter()
                .position(|&c| c == '"')
                .ok_or_else(|| error(i, "this quote is never closed"))?;
            let text: String = chars[i + 1..i + 1 + close].iter().collect();
            i += close + 2;
            parts.push(Part::Phrase { text, negated });
            continue;
        }
        let mut end = i;
        while end < chars.len() && !chars[end].is_whitespace() {
            // A quoted value (tag:"summer trip") runs to its closing quote.
            if chars[end] == '"' {
                let close = chars[end + 1..]
                    .iter()
                    .position(|&c| c == '"')
                    .ok_or_else(|| error(end, "this quote is never closed"))?;
                end += close + 2;
                continue;
            }
            end += 1;
        }
        let token: String = chars[i..end].iter().collect();
        i = end;
        match token.split_once(':') {
            Some((name, value))
                if name.starts_with(|c: char| c.is_ascii_alphabetic())
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                let value_at = start + usize::from(negated) + name.chars().count() + 1;
                let value = value.trim_matches('"');
                parts.push(filter(
                    &name.to_ascii_lowercase(),
                    value,
                    negated,
                    start,
                    value_at,
                    facts,
                )?);
            }
            _ => parts.push(Part::Word {
                text: token,
                negated,
            }),
        }
    }
    Ok(parts)
}

fn filter(
    name: &str,
    value: &str,
    negated: bool,
    at: usize,
    value_at: usize,
    facts: &FactRegistry,
) -> Result<Part, QueryError> {
    let simple = |field| {
        if value.is_empty() {
            Err(error(value_at, format!("`{name}:` needs a value")))
        } else {
            Ok(Part::Filter {
                field,
                value: value.to_lowercase(),
                negated,
            })
        }
    };
    let range_field = match name {
        "tag" => return simple(Filter::Tag),
        "group" => return simple(Filter::Group),
        "type" => return simple(Filter::Type),
        "kind" => return simple(Filter::Kind),
        "has" => return simple(Filter::Has),
        "in" if value.eq_ignore_ascii_case("trash") && !negated => return Ok(Part::InTrash),
        "in" => {
            return Err(error(
                value_at,
                "`in:` takes one value, `trash`: the items in the Trash",
            ));
        }
        "size" => RangeField::Size,
        "width" => RangeField::Width,
        "height" => RangeField::Height,
        "date" => RangeField::Date,
        "added" => RangeField::Added,
        _ => match facts.get(name).filter(|spec| spec.filter) {
            Some(spec) => return fact_filter(spec, value, negated, at, value_at),
            None => {
                return Err(error(
                    at,
                    format!(
                        "unknown filter `{name}:`; filters are {}",
                        filter_names(facts)
                    ),
                ));
            }
        },
    };
    if negated {
        return Err(error(
            at,
            format!("`{name}:` ranges cannot be negated; write the opposite range"),
        ));
    }
    let (low, high) = range(range_field, value, value_at)?;
    Ok(Part::Range {
        field: range_field,
        low,
        high,
    })
}

/// A filter on a fact, read as its kind says.
fn fact_filter(
    spec: &FactSpec,
    value: &str,
    negated: bool,
    at: usize,
    value_at: usize,
) -> Result<Part, QueryError> {
    let name = spec.key;
    if spec.kind.has_words() {
        if value.is_empty() {
            return Err(error(value_at, format!("`{name}:` needs a value")));
        }
        return Ok(Part::FactWords {
            key: spec.key,
            words: value.to_string(),
            negated,
        });
    }
    if negated {
        return Err(error(
            at,
            format!("`{name}:` ranges cannot be negated; write the opposite range"),
        ));
    }
    let number = |n: i64| (FactNumber::Integer(n), FactNumber::Integer(n));
    let parse = |text: &str| -> Option<(FactNumber, FactNumber)> {
        match spec.kind {
            FactKind::Integer => text.parse::<i64>().ok().map(number),
            FactKind::Real => {
                let n = text.parse::<f64>().ok().filter(|n| n.is_finite())?;
                Some((FactNumber::Real(n), FactNumber::Real(n)))
            }
            FactKind::Timestamp => {
                parse_date(text).map(|(a, b)| (FactNumber::Integer(a), FactNumber::Integer(b)))
            }
            FactKind::Duration => parse_duration(text).map(number),
            FactKind::Text | FactKind::List | FactKind::GeoPoint | FactKind::Document => None,
        }
    };
    let expected = match spec.kind {
        FactKind::Integer => "a whole number",
        FactKind::Real => "a number",
        FactKind::Timestamp => "a date such as 2024, 2024-05 or 2024-05-17",
        FactKind::Duration => "a duration such as 90s, 5m or 1h30m",
        FactKind::Text | FactKind::List | FactKind::GeoPoint | FactKind::Document => "a value",
    };
    let (low, high) = range_of(value, value_at, parse, expected)?;
    Ok(Part::FactRange {
        key: spec.key,
        low,
        high,
    })
}

/// `90s`, `5m`, `1h30m`, `500ms`, or a number of seconds.
fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim().to_ascii_lowercase();
    if let Ok(seconds) = text.parse::<f64>() {
        return seconds
            .is_finite()
            .then(|| (seconds * 1000.0).round() as i64);
    }
    let mut total = 0.0;
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1000.0,
            "m" | "min" => 60_000.0,
            "h" => 3_600_000.0,
            _ => return None,
        };
        rest = &rest[unit_len..];
        total += number * unit;
    }
    Some(total.round() as i64)
}

/// `>N`, `>=N`, `<N`, `<=N`, `A..B`, or one value (a whole day, month or
/// year for dates; exactly that number otherwise).
fn range(
    field: RangeField,
    value: &str,
    at: usize,
) -> Result<(Bound<i64>, Bound<i64>), QueryError> {
    let parse = |text: &str| match field {
        RangeField::Size => parse_size(text).map(|n| (n, n)),
        RangeField::Width | RangeField::Height => text.parse::<i64>().ok().map(|n| (n, n)),
        RangeField::Date | RangeField::Added => parse_date(text),
    };
    let expected = match field {
        RangeField::Size => "a size such as 500KB, 10MB or 2GB",
        RangeField::Width | RangeField::Height => "a number of pixels",
        RangeField::Date | RangeField::Added => "a date such as 2024, 2024-05 or 2024-05-17",
    };
    range_of(value, at, parse, expected)
}

/// A range of values `parse` reads as (first, last) of what one value
/// covers: a day covers its milliseconds, a number itself.
fn range_of<T: Copy>(
    value: &str,
    at: usize,
    parse: impl Fn(&str) -> Option<(T, T)>,
    expected: &str,
) -> Result<(Bound<T>, Bound<T>), QueryError> {
    let one = |text: &str, offset: usize| -> Result<(T, T), QueryError> {
        parse(text).ok_or_else(|| error(at + offset, format!("`{text}` is not {expected}")))
    };
    if value.is_empty() {
        return Err(error(
            at,
            "a range needs a value, e.g. size:>10MB or date:2024",
        ));
    }
    if let Some((a, b)) = value.split_once("..") {
        let low = if a.is_empty() {
            Bound::Unbounded
        } else {
            Bound::Included(one(a, 0)?.0)
        };
        let high = if b.is_empty() {
            Bound::Unbounded
        } else {
            Bound::Included(one(b, a.len() + 2)?.1)
        };
        return Ok((low, high));
    }
    for (prefix, make) in [
        (
            ">=",
            (|v: (T, T)| (Bound::Included(v.0), Bound::Unbounded)) as fn((T, T)) -> _,
        ),
        ("<=", |v: (T, T)| (Bound::Unbounded, Bound::Included(v.1))),
        (">", |v: (T, T)| (Bound::Excluded(v.1), Bound::Unbounded)),
        ("<", |v: (T, T)| (Bound::Unbounded, Bound::Excluded(v.0))),
    ] {
        if let Some(rest) = value.strip_prefix(prefix) {
            return Ok(make(one(rest, prefix.len())?));
        }
    }
    let (low, high) = one(value, 0)?;
    Ok((Bound::Included(low), Bound::Included(high)))
}

fn parse_size(text: &str) -> Option<i64> {
    let text = text.trim().to_ascii_lowercase();
    let digits_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let number: f64 = text[..digits_end].parse().ok()?;
    let unit = match &text[digits_end..] {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "t" | "tb" => 1e12,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((number * unit).round() as i64)
}

/// The first and last millisecond (UTC) of a year, month or day.
fn parse_date(text: &str) -> Option<(i64, i64)> {
    let numbers: Vec<i64> = text
        .split('-')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (year, month, day) = match numbers[..] {
        [y] => (y, None, None),
        [y, m] => (y, Some(m), None),
        [y, m, d] => (y, Some(m), Some(d)),
        _ => return None,
    };
    if !(1970..=9999).contains(&year) || month.is_some_and(|m| !(1..=12).contains(&m)) {
        return None;
    }
    let start = days_from_civil(year, month.unwrap_or(1), day.unwrap_or(1))?;
    let end = match (month, day) {
        (None, _) => days_from_civil(year + 1, 1, 1)?,
        (Some(12), None) => days_from_civil(year + 1, 1, 1)?,
        (Some(m), None) => days_from_civil(year, m + 1, 1)?,
        (Some(_), Some(_)) => start + 1,
    };
    const DAY_MS: i64 = 86_400_000;
    Some((start * DAY_MS, end * DAY_MS - 1))
}

/// Days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> Option<i64> {
    let days_in_month = [
        31,
        if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) {
            29
        } else {
            28
        },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month[(month - 1) as usize] {
        return None;
    }
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

/// One word must match somewhere: exactly (best), as a prefix (as you
/// type; one letter only when `short_prefix`), or within a typo for longer
/// words.
fn word_query(fields: &Fields, word: &str, short_prefix: bool) -> Box<dyn Query> {
    let text_fields: [(Field, f32); 5] = [
        (fields.name, 4.0),
        (fields.tags, 3.0),
        (fields.groups, 2.0),
        (fields.body, 1.0),
        (fields.fact_words, 1.0),
    ];
    let length = word.chars().count();
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (field, weight) in text_fields {
        let term = Term::from_field_text(field, word);
        should.push((
            Occur::Should,
            boosted(
                Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                weight * 2.0,
            ),
        ));
        if length >= 2 || short_prefix {
            should.push((
                Occur::Should,
                boosted(
                    Box::new(FuzzyTermQuery::new_prefix(term.clone(), 0, true)),
                    weight,
                ),
            ));
        }
        if length >= 5 {
            let distance = if length >= 9 { 2 } else { 1 };
            should.push((
                Occur::Should,
                boosted(
                    Box::new(FuzzyTermQuery::new(term, distance, true)),
                    weight * 0.5,
                ),
            ));
        }
    }
    Box::new(BooleanQuery::new(should))
}

fn phrase_query(fields: &Fields, words: &[String]) -> Box<dyn Query> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for field in [
        fields.name,
        fields.body,
        fields.tags,
        fields.groups,
        fields.fact_words,
    ] {
        let query: Box<dyn Query> = if words.len() == 1 {
            Box::new(TermQuery::new(
                Term::from_field_text(field, &words[0]),
                IndexRecordOption::WithFreqs,
            ))
        } else {
            Box::new(PhraseQuery::new(
                words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect(),
            ))
        };
        should.push((Occur::Should, query));
    }
    Box::new(BooleanQuery::new(should))
}

fn range_query(
    fields: &Fields,
    field: RangeField,
    low: Bound<i64>,
    high: Bound<i64>,
) -> Box<dyn Query> {
    let (field, signed) = match field {
        RangeField::Size => (fields.size, false),
        RangeField::Width => (fields.width, false),
        RangeField::Height => (fields.height, false),
        RangeField::Date => (fields.date, true),
        RangeField::Added => (fields.added, true),
    };
    let term = |v: i64| {
        if signed {
            Term::from_field_i64(field, v)
        } else {
            Term::from_field_u64(field, v.max(0) as u64)
        }
    };
    let map = |b: Bound<i64>| match b {
        Bound::Included(v) => Bound::Included(term(v)),
        Bound::Excluded(v) => Bound::Excluded(term(v)),
        Bound::Unbounded => Bound::Unbounded,
    };
    Box::new(RangeQuery::new(map(low), map(high)))
}

/// The words of a text fact's value at `key`, in order: one word is a term,
/// several a phrase.
fn fact_words_query(fields: &Fields, key: &str, words: &[String]) -> Box<dyn Query> {
    let terms: Vec<Term> = words
        .iter()
        .map(|word| {
            let mut term = Term::from_field_json_path(fields.fact_text, key, false);
            term.append_type_and_str(word);
            term
        })
        .collect();
    match <[Term; 1]>::try_from(terms) {
        Ok([term]) => Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        Err(terms) => Box::new(PhraseQuery::new(terms)),
    }
}

fn fact_range_query(
    fields: &Fields,
    key: &str,
    low: Bound<FactNumber>,
    high: Bound<FactNumber>,
) -> Box<dyn Query> {
    let term = |n: FactNumber| {
        let mut term = Term::from_field_json_path(fields.fact_num, key, false);
        match n {
            FactNumber::Integer(v) => term.append_type_and_fast_value(v),
            FactNumber::Real(v) => term.append_type_and_fast_value(v),
        }
        term
    };
    Box::new(RangeQuery::new(low.map(term), high.map(term)))
}

/// Parses `text` into a tantivy query. An empty query matches everything.
pub(crate) fn build(
    index: &Index,
    fields: &Fields,
    facts: &FactRegistry,
    text: &str,
    kind: Option<&str>,
) -> Result<Box<dyn Query>, QueryError> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut positive = false;
    let mut in_trash = false;
    if let Some(kind) = kind {
        positive = true;
        clauses.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(fields.kind, kind),
                IndexRecordOption::Basic,
            )),
        ));
    }
    for part in parse(text, facts)? {
        match part {
            Part::Word { text, negated } => {
                let words = words(index, &text);
                let last = words.len().saturating_sub(1);
                for (at, word) in words.into_iter().enumerate() {
                    if negated {
                        clauses.push((Occur::MustNot, phrase_query(fields, &[word])));
                    } else {
                        positive = true;
                        // `trip-0` is being typed as a name: its one-letter
                        // tail is a prefix too, held in check by the words
                        // before it (alone, `0` would expand to every number).
                        let short_prefix = at > 0 && at == last;
                        clauses.push((Occur::Must, word_query(fields, &word, short_prefix)));
                    }
                }
            }
            Part::Phrase { text, negated } => {
                let words = words(index, &text);
                if words.is_empty() {
                    continue;
                }
                positive |= !negated;
                let occur = if negated { Occur::MustNot } else { Occur::Must };
                clauses.push((occur, phrase_query(fields, &words)));
            }
            Part::Filter {
                field,
                value,
                negated,
            } => {
                let field = match field {
                    Filter::Tag => fields.tag,
                    Filter::Group => fields.group,
                    Filter::Type => fields.category,
                    Filter::Kind => fields.kind,
                    Filter::Has => fields.has,
                };
                let query = Box::new(TermQuery::new(
                    Term::from_field_text(field, &value),
                    IndexRecordOption::Basic,
                ));
                positive |= !negated;
                clauses.push((if negated { Occur::MustNot } else { Occur::Must }, query));
            }
            Part::Range { field, low, high } => {
                positive = true;
                clauses.push((Occur::Must, range_query(fields, field, low, high)));
            }
            Part::FactWords {
                key,
                words: value,
                negated,
            } => {
                let words = words(index, &value);
                if words.is_empty() {
                    continue;
                }
                positive |= !negated;
                let occur = if negated { Occur::MustNot } else { Occur::Must };
                clauses.push((occur, fact_words_query(fields, key, &words)));
            }
            Part::FactRange { key, low, high } => {
                positive = true;
                clauses.push((Occur::Must, fact_range_query(fields, key, low, high)));
            }
            Part::InTrash => in_trash = true,
        }
    }
    // The Trash is left out of every search but the one that asks for it.
    let trashed = Box::new(TermQuery::new(
        Term::from_field_text(fields.has, super::document::TRASHED),
        IndexRecordOption::Basic,
    ));
    if in_trash {
        positive = true;
        clauses.push((Occur::Must, trashed));
    } else {
        clauses.push((Occur::MustNot, trashed));
    }
    if !positive {
        // Only exclusions (or nothing): start from everything.
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_what_and_where() {
        let e = parse(r#"beach "sunset at"#, &FactRegistry::default()).unwrap_err();
        assert_eq!(
            (e.position, e.message.as_str()),
            (7, "this quote is never closed")
        );
        let e = parse("beach colour:red", &FactRegistry::default()).unwrap_err();
        assert_eq!(e.position, 7);
        assert!(e.message.starts_with("unknown filter `colour:`"));
        let e = parse("size:>lots", &FactRegistry::default()).unwrap_err();
        assert_eq!(e.position, 7);
        assert_eq!(e.message, "`lots` is not a size such as 500KB, 10MB or 2GB");
        assert!(parse("date:2024-13", &FactRegistry::default()).is_err());
        assert!(parse("tag:", &FactRegistry::default()).is_err());
    }

    #[test]
    fn ranges_and_dates_parse() {
        assert_eq!(
            range(RangeField::Size, ">10MB", 0).unwrap(),
            (Bound::Excluded(10_000_000), Bound::Unbounded)
        );
        assert_eq!(
            range(RangeField::Width, "100..200", 0).unwrap(),
            (Bound::Included(100), Bound::Included(200))
        );
        let (low, high) = parse_date("2024-02").unwrap();
        assert_eq!(low, 1_706_745_600_000);
        assert_eq!(high, 1_709_251_200_000 - 1);
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_size("1.5kib"), Some(1536));
    }

    #[test]
    fn words_filters_and_phrases_are_told_apart() {
        let parts = parse(
            r#"Trip -draft "old town" tag:Beach -type:video url:x"#,
            &FactRegistry::default(),
        );
        assert!(parts.is_err(), "url: is not a filter");
        let parts = parse(
            r#"Trip -draft "old town" tag:Beach -type:video"#,
            &FactRegistry::default(),
        )
        .unwrap();
        assert_eq!(parts.len(), 5);
        assert_eq!(
            parts[1],
            Part::Word {
                text: "draft".into(),
                negated: true
            }
        );
        assert_eq!(
            parts[2],
            Part::Phrase {
                text: "old town".into(),
                negated: false
            }
        );
        assert_eq!(
            parts[3],
            Part::Filter {
                field: Filter::Tag,
                value: "beach".into(),
                negated: false
            }
        );
        let parts = parse(r#"group:"Summer Trip" x"#, &FactRegistry::default()).unwrap();
        assert_eq!(
            parts[0],
            Part::Filter {
                field: Filter::Group,
                value: "summer trip".into(),
                negated: false
            }
        );
    }
}
