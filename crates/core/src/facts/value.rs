//! The typed value of a fact: how it is stored, bounded, shown and ordered.

use rusqlite::types::Value as SqlValue;
use serde::{Deserialize, Serialize};

use super::{FactFormat, FactKind};

/// Longest text value kept; metadata in a file is input like any other,
/// and a hostile file may carry megabytes of it.
pub const MAX_TEXT_BYTES: usize = 4096;
/// Most items a list keeps, each at most [`MAX_ITEM_BYTES`].
pub const MAX_LIST_ITEMS: usize = 256;
const MAX_ITEM_BYTES: usize = 256;
/// Most of a document's text kept (its first pages, or a text file's first
/// megabytes): what search can find in it.
pub const MAX_DOCUMENT_BYTES: usize = 2 << 20;
/// How much of a document the fronts are given to show.
pub const EXCERPT_BYTES: usize = 4096;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactValue {
    Text {
        text: String,
    },
    Integer {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        integer: i64,
    },
    Real {
        real: f64,
    },
    Timestamp {
        /// Milliseconds since the Unix epoch, UTC.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        utc_ms: i64,
        /// Minutes east of UTC the moment was recorded in, when known.
        offset_minutes: Option<i16>,
    },
    GeoPoint {
        latitude: f64,
        longitude: f64,
    },
    Duration {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        ms: i64,
    },
    List {
        items: Vec<String>,
    },
    Document {
        text: String,
    },
}

impl FactValue {
    pub fn text(text: impl Into<String>) -> Self {
        FactValue::Text { text: text.into() }
    }

    pub fn integer(integer: i64) -> Self {
        FactValue::Integer { integer }
    }

    pub fn real(real: f64) -> Self {
        FactValue::Real { real }
    }

    pub fn duration_ms(ms: i64) -> Self {
        FactValue::Duration { ms }
    }

    pub fn list(items: Vec<String>) -> Self {
        FactValue::List { items }
    }

    pub fn document(text: impl Into<String>) -> Self {
        FactValue::Document { text: text.into() }
    }

    /// Roughly how many bytes the value holds.
    pub(crate) fn size_hint(&self) -> usize {
        match self {
            FactValue::Text { text } | FactValue::Document { text } => text.len(),
            FactValue::List { items } => items.iter().map(|i| i.len() + 8).sum(),
            _ => 16,
        }
    }

    /// A document's beginning, for a front to show; other values as they are.
    pub fn excerpt(self) -> Self {
        match self {
            FactValue::Document { text } if text.len() > EXCERPT_BYTES => FactValue::Document {
                text: text[..floor_char_boundary(&text, EXCERPT_BYTES)].to_string(),
            },
            other => other,
        }
    }
}

impl FactValue {
    pub fn kind(&self) -> FactKind {
        match self {
            FactValue::Text { .. } => FactKind::Text,
            FactValue::Integer { .. } => FactKind::Integer,
            FactValue::Real { .. } => FactKind::Real,
            FactValue::Timestamp { .. } => FactKind::Timestamp,
            FactValue::GeoPoint { .. } => FactKind::GeoPoint,
            FactValue::Duration { .. } => FactKind::Duration,
            FactValue::List { .. } => FactKind::List,
            FactValue::Document { .. } => FactKind::Document,
        }
    }

    /// The value within bounds, or `None` when nothing usable is left (an
    /// empty text, a NaN, a latitude of 300°). Texts are trimmed and cut at
    /// a character boundary; control characters become spaces.
    pub(crate) fn bounded(self) -> Option<Self> {
        let finite = |v: f64| v.is_finite().then_some(v);
        Some(match self {
            FactValue::Text { text } => FactValue::Text {
                text: clean_text(&text, MAX_TEXT_BYTES)?,
            },
            FactValue::Real { real } => FactValue::Real {
                real: finite(real)?,
            },
            FactValue::Document { text } => FactValue::Document {
                text: clean_document(&text, MAX_DOCUMENT_BYTES)?,
            },
            FactValue::GeoPoint {
                latitude,
                longitude,
            } => {
                let (latitude, longitude) = (finite(latitude)?, finite(longitude)?);
                if latitude.abs() > 90.0 || longitude.abs() > 180.0 {
                    return None;
                }
                FactValue::GeoPoint {
                    latitude,
                    longitude,
                }
            }
            FactValue::Timestamp {
                utc_ms,
                offset_minutes,
            } => FactValue::Timestamp {
                utc_ms,
                // Real offsets lie within ±14 hours.
                offset_minutes: offset_minutes.filter(|m| m.abs() <= 14 * 60),
            },
            FactValue::List { items } => {
                let mut kept: Vec<String> = Vec::new();
                for item in items {
                    if kept.len() == MAX_LIST_ITEMS {
                        break;
                    }
                    if let Some(item) = clean_text(&item, MAX_ITEM_BYTES)
                        && !kept.contains(&item)
                    {
                        kept.push(item);
                    }
                }
                if kept.is_empty() {
                    return None;
                }
                FactValue::List { items: kept }
            }
            other @ (FactValue::Integer { .. } | FactValue::Duration { .. }) => other,
        })
    }

    /// What an ordered fact sorts by in SQL; `Null` for the others.
    pub(crate) fn sort_key(&self) -> SqlValue {
        match self {
            FactValue::Integer { integer } => SqlValue::Integer(*integer),
            ts @ FactValue::Timestamp { .. } => SqlValue::Integer(ts.local_ms().unwrap_or(0)),
            FactValue::Duration { ms } => SqlValue::Integer(*ms),
            FactValue::Real { real } => SqlValue::Real(*real),
            FactValue::Text { .. }
            | FactValue::GeoPoint { .. }
            | FactValue::List { .. }
            | FactValue::Document { .. } => SqlValue::Null,
        }
    }

    /// A timestamp's local wall-clock time, as milliseconds read as if UTC:
    /// the moment plus its offset (a floating time is already one).
    pub fn local_ms(&self) -> Option<i64> {
        match self {
            FactValue::Timestamp {
                utc_ms,
                offset_minutes,
            } => Some(utc_ms + i64::from(offset_minutes.unwrap_or(0)) * 60_000),
            _ => None,
        }
    }

    /// A timestamp as ISO 8601 (`2019-07-14T18:42:07+02:00`; without an
    /// offset, a floating local time); `None` for other kinds.
    pub fn iso8601(&self) -> Option<String> {
        let FactValue::Timestamp {
            utc_ms,
            offset_minutes,
        } = self
        else {
            return None;
        };
        // display_moment writes "YYYY-MM-DD HH:MM:SS[ ±HH:MM]".
        let shown = display_moment(*utc_ms, *offset_minutes);
        let (date, rest) = shown.split_once(' ')?;
        Some(match rest.split_once(' ') {
            Some((clock, offset)) => format!("{date}T{clock}{offset}"),
            None => format!("{date}T{rest}"),
        })
    }

    /// The words a search may match.
    pub(crate) fn texts(&self) -> Vec<&str> {
        match self {
            FactValue::Text { text } | FactValue::Document { text } => vec![text],
            FactValue::List { items } => items.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// The value as a person reads it in `format` (the unit is the
    /// declaration's).
    pub fn display_as(&self, format: FactFormat) -> String {
        match (format, self) {
            (FactFormat::Reciprocal, FactValue::Real { real }) if *real > 0.0 && *real < 0.5 => {
                format!("1/{}", trim_number((1.0 / real).round()))
            }
            (FactFormat::FNumber, FactValue::Real { real }) => {
                format!("ƒ/{}", trim_number((real * 10.0).round() / 10.0))
            }
            _ => self.display(),
        }
    }

    /// The value as a person reads it (the unit is the declaration's).
    pub fn display(&self) -> String {
        match self {
            FactValue::Text { text } => text.clone(),
            FactValue::Integer { integer } => integer.to_string(),
            FactValue::Real { real } => trim_number(*real),
            FactValue::Timestamp {
                utc_ms,
                offset_minutes,
            } => display_moment(*utc_ms, *offset_minutes),
            FactValue::GeoPoint {
                latitude,
                longitude,
            } => format!(
                "{:.5}° {}, {:.5}° {}",
                latitude.abs(),
                if *latitude >= 0.0 { 'N' } else { 'S' },
                longitude.abs(),
                if *longitude >= 0.0 { 'E' } else { 'W' }
            ),
            FactValue::Duration { ms } => display_duration(*ms),
            FactValue::List { items } => items.join(", "),
            FactValue::Document { text } => {
                // A line or two: the whole is in the value.
                let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let end = floor_char_boundary(&flat, 200);
                if end < flat.len() {
                    format!("{}…", &flat[..end])
                } else {
                    flat
                }
            }
        }
    }
}

fn clean_text(text: &str, max_bytes: usize) -> Option<String> {
    let cleaned: String = text
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut end = cleaned.len().min(max_bytes);
    while !cleaned.is_char_boundary(end) {
        end -= 1;
    }
    let cut = cleaned[..end].trim_end();
    (!cut.is_empty()).then(|| cut.to_string())
}

/// The largest char boundary at or below `at`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut end = at.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// A document's text cut to `max_bytes`: line breaks and tabs kept (a
/// preview shows them), other control characters dropped.
fn clean_document(text: &str, max_bytes: usize) -> Option<String> {
    let cut = &text[..floor_char_boundary(text, max_bytes)];
    let cleaned: String = cut
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    (!cleaned.trim().is_empty()).then_some(cleaned)
}

/// Up to three decimals, without trailing zeros: 2.8, 0.004, 50.
fn trim_number(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// "2008-05-17 14:03:22 +02:00" in the moment's own offset; without an
/// offset the time is a wall-clock time from a file that gave no zone, and
/// is written as it is.
fn display_moment(utc_ms: i64, offset_minutes: Option<i16>) -> String {
    let offset = i64::from(offset_minutes.unwrap_or(0));
    let local_seconds = utc_ms.div_euclid(1000) + offset * 60;
    let (days, seconds) = (
        local_seconds.div_euclid(86_400),
        local_seconds.rem_euclid(86_400),
    );
    let (year, month, day) = civil_from_days(days);
    let clock = format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    match offset_minutes {
        Some(m) => format!(
            "{clock} {}{:02}:{:02}",
            if m < 0 { '-' } else { '+' },
            m.unsigned_abs() / 60,
            m.unsigned_abs() % 60
        ),
        None => clock,
    }
}

/// "0.5 s", "42 s", "3:07", "1:02:03".
fn display_duration(ms: i64) -> String {
    if ms < 60_000 {
        return format!("{} s", trim_number(ms as f64 / 1000.0));
    }
    let seconds = ms / 1000;
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's
/// algorithm; the inverse of the search's `days_from_civil`).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_people_write_them() {
        let moment = FactValue::Timestamp {
            utc_ms: 1_211_025_802_000, // 2008-05-17 12:03:22 UTC
            offset_minutes: Some(120),
        };
        assert_eq!(moment.display(), "2008-05-17 14:03:22 +02:00");
        assert_eq!(
            moment.iso8601().as_deref(),
            Some("2008-05-17T14:03:22+02:00")
        );
        let floating = FactValue::Timestamp {
            utc_ms: -1000,
            offset_minutes: None,
        };
        assert_eq!(floating.display(), "1969-12-31 23:59:59");
        assert_eq!(
            FactValue::real(1.0 / 250.0).display_as(FactFormat::Reciprocal),
            "1/250"
        );
        assert_eq!(
            FactValue::real(2.5).display_as(FactFormat::Reciprocal),
            "2.5"
        );
        assert_eq!(FactValue::real(4.0).display_as(FactFormat::FNumber), "ƒ/4");
        assert_eq!(
            FactValue::real(2.8).display_as(FactFormat::FNumber),
            "ƒ/2.8"
        );
        assert_eq!(FactValue::real(2.80).display(), "2.8");
        assert_eq!(FactValue::real(1.0 / 250.0).display(), "0.004");
        assert_eq!(FactValue::duration_ms(500).display(), "0.5 s");
        assert_eq!(FactValue::duration_ms(187_000).display(), "3:07");
        assert_eq!(FactValue::duration_ms(3_723_000).display(), "1:02:03");
        let place = FactValue::GeoPoint {
            latitude: -33.85678,
            longitude: 151.21529,
        };
        assert_eq!(place.display(), "33.85678° S, 151.21529° E");
    }

    #[test]
    fn hostile_values_are_bounded_or_dropped() {
        let long = "é".repeat(10_000);
        let Some(FactValue::Text { text }) = FactValue::text(long).bounded() else {
            panic!("a long text is cut, not dropped");
        };
        assert!(text.len() <= MAX_TEXT_BYTES && text.chars().all(|c| c == 'é'));
        assert_eq!(FactValue::text(" \t ").bounded(), None);
        assert_eq!(
            FactValue::text("a\u{0}b\nc").bounded(),
            Some(FactValue::text("a b c"))
        );
        assert_eq!(FactValue::real(f64::NAN).bounded(), None);
        let off_the_globe = FactValue::GeoPoint {
            latitude: 300.0,
            longitude: 0.0,
        };
        assert_eq!(off_the_globe.bounded(), None);
        let many: Vec<String> = (0..10_000).map(|i| format!("k{}", i % 500)).collect();
        let Some(FactValue::List { items }) = FactValue::list(many).bounded() else {
            panic!("a long list is cut");
        };
        assert_eq!(items.len(), MAX_LIST_ITEMS);
        assert_eq!(items[1], "k1", "repeats are dropped, order kept");
    }

    #[test]
    fn stored_json_is_tagged_by_kind() {
        let json = serde_json::to_string(&FactValue::integer(800)).unwrap();
        assert_eq!(json, r#"{"kind":"integer","integer":800}"#);
        let back: FactValue = serde_json::from_str(&json).unwrap();
        assert_eq!(back, FactValue::integer(800));
    }
}
