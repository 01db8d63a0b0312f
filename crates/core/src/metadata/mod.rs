//! What a photo, video or song says about itself — when it was taken, with
//! what, where, and the words people gave it — read from the file's own
//! metadata: EXIF (JPEG, HEIF/AVIF, PNG, WebP, TIFF and RAW, via nom-exif),
//! XMP packets (`xmp.rs`), IPTC-IIM in JPEGs (`iptc.rs`), and the QuickTime
//! or Matroska headers of videos (`video.rs`). Coordinates become place
//! names offline (`places.rs`).
//!
//! Reads are bounded: the container parsers seek rather than read what they
//! skip, and the XMP/IPTC scans look at the first [`HEAD_BYTES`] only.
//! Nothing here decodes pixels. Not here: turning what was read into facts
//! and tags (`handlers/metadata.rs`).

pub mod audio;
mod exif;
mod iptc;
pub mod places;
mod video;
mod xmp;

use std::io::Read;
use std::path::Path;

pub use places::Place;

/// How much of a file's start the XMP and IPTC scans look at at most. Both
/// sit near the start of the files that carry them; a packet further in is
/// not read.
pub const HEAD_BYTES: u64 = 4 << 20;
/// What is read first: a JPEG's metadata segments end where its image data
/// starts, almost always within this; other formats get [`HEAD_BYTES`]
/// only when the start holds no packet.
const FIRST_READ: u64 = 256 << 10;

/// A moment from a file: UTC milliseconds and the offset it was recorded in.
/// Without an offset the time is "floating" (the file gave a wall-clock time
/// and no zone): `utc_ms` then holds that wall-clock time read as UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Moment {
    pub utc_ms: i64,
    pub offset_minutes: Option<i16>,
}

/// Everything read from one file; every field is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    pub taken: Option<Moment>,
    pub make: Option<String>,
    pub model: Option<String>,
    pub lens: Option<String>,
    /// Millimetres.
    pub focal_length: Option<f64>,
    pub focal_length_35: Option<f64>,
    /// The f-number.
    pub aperture: Option<f64>,
    /// Seconds.
    pub exposure: Option<f64>,
    pub iso: Option<i64>,
    /// Whether the flash fired.
    pub flash: Option<bool>,
    /// Latitude and longitude in degrees.
    pub gps: Option<(f64, f64)>,
    /// Metres above sea level.
    pub altitude: Option<f64>,
    /// EXIF orientation, 1–8.
    pub orientation: Option<u16>,
    pub title: Option<String>,
    pub caption: Option<String>,
    /// Flat keywords (IPTC Keywords, XMP dc:subject) and hierarchical ones
    /// (lr:hierarchicalSubject) as `Places|Japan|Kyoto`.
    pub keywords: Vec<String>,
    /// XMP rating, 0–5 (−1, "rejected", is left out).
    pub rating: Option<i64>,
    /// XMP colour label ("Red", "Green"…), as the tool wrote it.
    pub label: Option<String>,
    pub duration_ms: Option<i64>,
    /// Of a video's picture.
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub frame_rate: Option<f64>,
    pub codec: Option<String>,
    /// Of a song or recording.
    pub artist: Option<String>,
    pub album: Option<String>,
    pub genre: Option<String>,
    pub year: Option<i64>,
    /// Parts of the metadata that were damaged and skipped, in plain words.
    pub problems: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
}

impl Metadata {
    /// A song's tags, where the container (ffprobe) did not say already.
    fn fill_audio(&mut self, tags: audio::AudioTags) {
        self.title = self.title.take().or(tags.title);
        self.artist = tags.artist;
        self.album = tags.album;
        self.genre = tags.genre;
        self.year = tags.year;
        self.duration_ms = self.duration_ms.or(tags.duration_ms);
    }

    /// The camera as people name it: "Canon EOS 5D Mark II", not "Canon Canon
    /// EOS 5D Mark II" (many models repeat the make).
    pub fn camera(&self) -> Option<String> {
        let make = self
            .make
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        let model = self
            .model
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        match (make, model) {
            (Some(make), Some(model)) => {
                let brand = make.split_whitespace().next().unwrap_or(make);
                if model.to_lowercase().starts_with(&brand.to_lowercase()) {
                    Some(model.to_string())
                } else {
                    Some(format!("{} {model}", tidy_make(make)))
                }
            }
            (None, Some(model)) => Some(model.to_string()),
            (Some(make), None) => Some(tidy_make(make).to_string()),
            (None, None) => None,
        }
    }

    /// Fills what `other` has and this lacks (a later, weaker source).
    fn fill_from(&mut self, other: Metadata) {
        macro_rules! fill {
            ($($field:ident),*) => { $( if self.$field.is_none() { self.$field = other.$field; } )* };
        }
        fill!(
            taken,
            make,
            model,
            lens,
            focal_length,
            focal_length_35,
            aperture,
            exposure,
            iso,
            flash,
            gps,
            altitude,
            orientation,
            title,
            caption,
            rating,
            label,
            duration_ms,
            width,
            height,
            frame_rate,
            codec
        );
        for keyword in other.keywords {
            if !self.keywords.contains(&keyword) {
                self.keywords.push(keyword);
            }
        }
        self.problems.extend(other.problems);
    }
}

/// "NIKON CORPORATION" reads "Nikon"; other makes are kept as written.
fn tidy_make(make: &str) -> &str {
    let lower = make.to_ascii_lowercase();
    for (prefix, name) in [
        ("nikon", "Nikon"),
        ("olympus", "Olympus"),
        ("om digital", "OM System"),
        ("fujifilm", "Fujifilm"),
        ("samsung", "Samsung"),
        ("sony", "Sony"),
        ("panasonic", "Panasonic"),
        ("pentax", "Pentax"),
        ("ricoh", "Ricoh"),
    ] {
        if lower.starts_with(prefix) {
            return name;
        }
    }
    make
}

/// Reads what a file says about itself. A damaged part is skipped and named
/// in [`Metadata::problems`]; only failing to read the file at all is an
/// error.
pub fn read(path: &Path, content_type: &str) -> Result<Metadata, MetadataError> {
    let mut found = if content_type.starts_with("video/") || content_type.starts_with("audio/") {
        video::read(path)?
    } else {
        exif::read(path)?
    };
    if crate::filetype::is_heif(content_type) && found.taken.is_none() && found.make.is_none() {
        // An `Exif` item after the image data (heif-enc's layout) is out of
        // nom-exif's reach; libheif finds it anywhere.
        let bytes = std::fs::read(path)?;
        if let Some(tiff) = crate::media::heif::exif(&bytes) {
            found.fill_from(exif::read_bytes(&tiff));
        }
    }
    let head = read_head(path, content_type)?;
    // XMP is what Lightroom, digiKam and phones write last, so it wins over
    // the older IPTC record where both speak.
    add_xmp(&mut found, &head);
    if content_type == "image/jpeg" {
        found.fill_from(iptc::read_jpeg(&head));
    }
    if content_type.starts_with("audio/") {
        match audio::read(path) {
            Ok(tags) => found.fill_audio(tags),
            Err(why) => found
                .problems
                .push(format!("the sound file's tags could not be read ({why})")),
        }
    }
    Ok(found)
}

/// The start of a file where its XMP and IPTC are: a JPEG up to its image
/// data (segments before the start of scan), anything else its first
/// [`FIRST_READ`] bytes — up to [`HEAD_BYTES`] only when a packet starts
/// there and does not end. A file with no packet near its start (most PNGs,
/// HEICs and videos) costs one small read, not 4 MB.
fn read_head(path: &Path, content_type: &str) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let mut head = Vec::new();
    (&mut file).take(FIRST_READ).read_to_end(&mut head)?;
    let complete = head.len() < FIRST_READ as usize
        || if content_type == "image/jpeg" {
            iptc::metadata_segments_end(&head).is_some()
        } else {
            xmp::find_packet(&head).is_ok()
        };
    if !complete {
        file.take(HEAD_BYTES - FIRST_READ).read_to_end(&mut head)?;
    }
    Ok(head)
}

/// What a sidecar says, and its damage if any: the same reading as a packet
/// embedded in a file.
pub fn read_sidecar_text(text: &str) -> (Metadata, Option<String>) {
    xmp::parse(text)
}

/// What a sidecar says wins over what the file says: it holds the latest
/// edits (Lightroom, digiKam and darktable write there, not into the file).
impl Metadata {
    pub fn override_from(&mut self, sidecar: Metadata) {
        let mut merged = sidecar;
        let sidecar_keywords = std::mem::take(&mut merged.keywords);
        let file_keywords = std::mem::take(&mut self.keywords);
        merged.fill_from(std::mem::take(self));
        // The sidecar's keyword list is the whole list when it has one (a
        // keyword removed there stays removed).
        merged.keywords = if sidecar_keywords.is_empty() {
            file_keywords
        } else {
            sidecar_keywords
        };
        *self = merged;
    }
}

/// Parses metadata from bytes alone (the fuzz tests' entry): the XMP and
/// IPTC scans and EXIF from memory. Never panics, whatever the bytes.
pub fn read_bytes(bytes: &[u8]) -> Metadata {
    let mut found = exif::read_bytes(bytes);
    found.fill_from(video::read_bytes(bytes));
    add_xmp(&mut found, bytes);
    found.fill_from(iptc::read_jpeg(bytes));
    found
}

/// What the first XMP packet in `head` adds, and its damage if any.
fn add_xmp(found: &mut Metadata, head: &[u8]) {
    match xmp::find_packet(head) {
        Ok(Some(packet)) => {
            let (from_xmp, problem) = xmp::parse(packet);
            found.fill_from(from_xmp);
            found.problems.extend(problem);
        }
        Ok(None) => {}
        Err(problem) => found.problems.push(problem),
    }
}

/// Years a date taken may plausibly have: a camera's "0000:00:00" or a
/// clock reset to 1904 is no date at all.
fn plausible_year(year: i32) -> bool {
    (1826..=2200).contains(&year)
}

/// A chrono date-time as a [`Moment`], when its year is plausible.
fn moment_of(time: chrono::DateTime<chrono::FixedOffset>) -> Option<Moment> {
    use chrono::Datelike;
    if !plausible_year(time.year()) {
        return None;
    }
    Some(Moment {
        utc_ms: time.timestamp_millis(),
        offset_minutes: i16::try_from(time.offset().local_minus_utc() / 60).ok(),
    })
}

/// A wall-clock time without a zone, as a floating [`Moment`].
fn floating(time: chrono::NaiveDateTime) -> Option<Moment> {
    use chrono::Datelike;
    if !plausible_year(time.year()) {
        return None;
    }
    Some(Moment {
        utc_ms: time.and_utc().timestamp_millis(),
        offset_minutes: None,
    })
}

/// An ISO 8601 date as XMP writes them: with or without a time, seconds,
/// fractions or an offset.
fn parse_iso_date(text: &str) -> Option<Moment> {
    let text = text.trim();
    if let Ok(time) = chrono::DateTime::parse_from_rfc3339(text) {
        return moment_of(time);
    }
    for format in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%z",
    ] {
        if let Ok(time) = chrono::DateTime::parse_from_str(text, format) {
            return moment_of(time);
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(time) = chrono::NaiveDateTime::parse_from_str(text, format) {
            return floating(time);
        }
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(floating)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameras_are_named_as_people_name_them() {
        let camera = |make: &str, model: &str| {
            Metadata {
                make: Some(make.into()),
                model: Some(model.into()),
                ..Metadata::default()
            }
            .camera()
        };
        assert_eq!(
            camera("Canon", "Canon EOS 5D Mark II").as_deref(),
            Some("Canon EOS 5D Mark II")
        );
        assert_eq!(
            camera("NIKON CORPORATION", "NIKON D850").as_deref(),
            Some("NIKON D850")
        );
        assert_eq!(
            camera("NIKON CORPORATION", "Z 6").as_deref(),
            Some("Nikon Z 6")
        );
        assert_eq!(
            camera("Apple", "iPhone 12 Pro").as_deref(),
            Some("Apple iPhone 12 Pro")
        );
    }

    #[test]
    fn iso_dates_keep_their_offset_or_float() {
        let aware = parse_iso_date("2019-07-14T18:42:07+02:00").unwrap();
        assert_eq!(aware.offset_minutes, Some(120));
        assert_eq!(aware.utc_ms, 1_563_122_527_000);
        let naive = parse_iso_date("2019-07-14T18:42:07").unwrap();
        assert_eq!(naive.offset_minutes, None);
        assert_eq!(naive.utc_ms, 1_563_129_727_000);
        assert!(parse_iso_date("0000-00-00T00:00:00").is_none());
        assert!(parse_iso_date("0001-01-01").is_none());
        assert!(parse_iso_date("yesterday").is_none());
    }
}
