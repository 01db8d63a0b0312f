//! What a person marks an item with: a rating (1 to 5 stars), a colour
//! label and a pick or reject flag, as in Lightroom.
//!
//! They ride on the facts seam (`facts/`) rather than on columns of their
//! own: declared here as facts of the `person` source, so `rating:>=4`,
//! `label:red`, `flag:pick`, the rating sort, the details pane, `mahres
//! show` and the search index come from the declaration. Unlike what
//! handlers find, a person's marks stay when the file's bytes change
//! (`store/facts.rs::drop_found` keeps them).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::facts::{FactKind, FactSpec, FactValue};

/// The `source` of a person's marks in `resource_facts`.
pub const PERSON: &str = "person";

const GROUP: &str = "Your marks";

pub static MARK_FACTS: &[FactSpec] = &[
    FactSpec::new("rating", "Rating", FactKind::Integer)
        .group(GROUP)
        .about("the stars you gave it, 1 to 5")
        .filter()
        .sort(),
    FactSpec::new("label", "Colour label", FactKind::Text)
        .group(GROUP)
        .about("red, yellow, green, blue or purple")
        .filter(),
    FactSpec::new("flag", "Flag", FactKind::Text)
        .group(GROUP)
        .about("pick or reject")
        .filter(),
];

pub const MAX_RATING: u8 = 5;

/// Lightroom's five colour labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Red,
    Yellow,
    Green,
    Blue,
    Purple,
}

impl Label {
    pub const ALL: [Label; 5] = [
        Label::Red,
        Label::Yellow,
        Label::Green,
        Label::Blue,
        Label::Purple,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Red => "red",
            Label::Yellow => "yellow",
            Label::Green => "green",
            Label::Blue => "blue",
            Label::Purple => "purple",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    Pick,
    Reject,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Pick => "pick",
            Flag::Reject => "reject",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [Flag::Pick, Flag::Reject]
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// One mark to set on items; `None` (or 0 stars) clears it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Mark {
    Rating { stars: u8 },
    Label { label: Option<Label> },
    Flag { flag: Option<Flag> },
}

impl Mark {
    /// `mahres label ID... red`: a label's name or `none`.
    pub fn label_from(text: &str) -> Result<Self> {
        if text.trim().eq_ignore_ascii_case("none") {
            return Ok(Mark::Label { label: None });
        }
        Label::parse(text)
            .map(|label| Mark::Label { label: Some(label) })
            .ok_or_else(|| {
                Error::BadMark(format!(
                    "`{text}` is not a label; labels are red, yellow, green, blue, purple or none"
                ))
            })
    }

    /// `mahres flag ID... pick`: pick, reject or `none`.
    pub fn flag_from(text: &str) -> Result<Self> {
        if text.trim().eq_ignore_ascii_case("none") {
            return Ok(Mark::Flag { flag: None });
        }
        Flag::parse(text)
            .map(|flag| Mark::Flag { flag: Some(flag) })
            .ok_or_else(|| {
                Error::BadMark(format!(
                    "`{text}` is not a flag; flags are pick, reject or none"
                ))
            })
    }

    /// The fact it is stored as: its key and value (`None` removes it).
    pub(crate) fn as_fact(self) -> Result<(&'static str, Option<FactValue>)> {
        Ok(match self {
            Mark::Rating { stars: 0 } => ("rating", None),
            Mark::Rating { stars } if stars <= MAX_RATING => {
                ("rating", Some(FactValue::integer(i64::from(stars))))
            }
            Mark::Rating { stars } => {
                return Err(Error::BadMark(format!(
                    "{stars} stars is not a rating; ratings are 0 (none) to 5"
                )));
            }
            Mark::Label { label } => ("label", label.map(|l| FactValue::text(l.as_str()))),
            Mark::Flag { flag } => ("flag", flag.map(|f| FactValue::text(f.as_str()))),
        })
    }

    /// The undo step a person reads: "Rated 3 items ★★★★", "Picked 1 item".
    pub(crate) fn describe(self, items: &str) -> String {
        match self {
            Mark::Rating { stars: 0 } => format!("Cleared the rating of {items}"),
            Mark::Rating { stars } => format!("Rated {items} {}", "★".repeat(stars.into())),
            Mark::Label { label: Some(l) } => format!("Labelled {items} {}", l.as_str()),
            Mark::Label { label: None } => format!("Cleared the label of {items}"),
            Mark::Flag {
                flag: Some(Flag::Pick),
            } => format!("Picked {items}"),
            Mark::Flag {
                flag: Some(Flag::Reject),
            } => format!("Rejected {items}"),
            Mark::Flag { flag: None } => format!("Unflagged {items}"),
        }
    }
}

/// The marks of one item, as a tile and the details show them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Marks {
    /// 0 when unrated.
    pub rating: u8,
    pub label: Option<Label>,
    pub flag: Option<Flag>,
}

impl Marks {
    /// From the stored texts of the three facts (unknown texts, written by
    /// a newer version, read as unset).
    pub(crate) fn from_stored(
        rating: Option<i64>,
        label: Option<&str>,
        flag: Option<&str>,
    ) -> Self {
        Self {
            rating: rating
                .and_then(|r| u8::try_from(r).ok())
                .filter(|r| *r <= MAX_RATING)
                .unwrap_or(0),
            label: label.and_then(Label::parse),
            flag: flag.and_then(Flag::parse),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_parse_from_words_and_refuse_others() {
        assert_eq!(
            Mark::label_from("Red").unwrap(),
            Mark::Label {
                label: Some(Label::Red)
            }
        );
        assert_eq!(Mark::flag_from("none").unwrap(), Mark::Flag { flag: None });
        assert!(
            Mark::label_from("orange")
                .unwrap_err()
                .to_string()
                .contains("red, yellow")
        );
        assert!(Mark::flag_from("maybe").is_err());
        assert!(Mark::Rating { stars: 6 }.as_fact().is_err());
        assert_eq!(
            Mark::Rating { stars: 0 }.as_fact().unwrap(),
            ("rating", None)
        );
    }

    #[test]
    fn stored_marks_outside_the_range_read_as_unset() {
        let marks = Marks::from_stored(Some(9), Some("orange"), Some("pick"));
        assert_eq!(
            marks,
            Marks {
                rating: 0,
                label: None,
                flag: Some(Flag::Pick)
            }
        );
    }
}
