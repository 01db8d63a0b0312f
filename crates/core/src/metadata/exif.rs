//! EXIF of still images through nom-exif, which finds the EXIF block in
//! JPEG, HEIF/AVIF, PNG, WebP, TIFF-based RAW files, CR3 and RAF.

use std::cell::RefCell;
use std::path::Path;

use nom_exif::{EntryValue, Exif, ExifTag, MediaKind, MediaParser, MediaSource};

use super::{Metadata, MetadataError, Moment, floating, moment_of};

thread_local! {
    /// nom-exif recycles its parse buffer between files; one per worker.
    static PARSER: RefCell<MediaParser> = RefCell::new(MediaParser::new());
}

pub(super) fn read(path: &Path) -> Result<Metadata, MetadataError> {
    let source = match MediaSource::open(path) {
        Ok(source) => source,
        Err(nom_exif::Error::Io(io)) => return Err(MetadataError::Io(io)),
        // Not a format with EXIF (a GIF, a BMP): nothing to read.
        Err(_) => return Ok(Metadata::default()),
    };
    if source.kind() != MediaKind::Image {
        return Ok(Metadata::default());
    }
    let parsed = PARSER.with(|parser| parser.borrow_mut().parse_exif(source));
    from_parsed(parsed)
}

pub(super) fn read_bytes(bytes: &[u8]) -> Metadata {
    let Ok(source) = MediaSource::from_memory(bytes.to_vec()) else {
        return Metadata::default();
    };
    if source.kind() != MediaKind::Image {
        return Metadata::default();
    }
    let parsed = PARSER.with(|parser| parser.borrow_mut().parse_exif(source));
    from_parsed(parsed).unwrap_or_default()
}

fn from_parsed(parsed: nom_exif::Result<nom_exif::ExifIter>) -> Result<Metadata, MetadataError> {
    match parsed {
        Ok(iter) => Ok(from_exif(&Exif::from(iter))),
        Err(nom_exif::Error::Io(io)) if io.kind() != std::io::ErrorKind::UnexpectedEof => {
            Err(MetadataError::Io(io))
        }
        Err(nom_exif::Error::ExifNotFound | nom_exif::Error::UnsupportedFormat) => {
            Ok(Metadata::default())
        }
        Err(other) => Ok(Metadata {
            problems: vec![format!("the EXIF block is damaged ({other})")],
            ..Metadata::default()
        }),
    }
}

fn text(exif: &Exif, tag: ExifTag) -> Option<String> {
    let text = exif
        .get(tag)?
        .as_str()?
        .trim_matches(|c: char| c.is_whitespace() || c == '\0');
    (!text.is_empty()).then(|| text.to_string())
}

fn number(exif: &Exif, tag: ExifTag) -> Option<f64> {
    let value = exif.get(tag)?;
    let number = match value {
        EntryValue::URational(r) => r.to_f64(),
        EntryValue::IRational(r) => r.to_f64(),
        EntryValue::URationalArray(v) => v.first().and_then(|r| r.to_f64()),
        EntryValue::U16Array(v) => v.first().map(|n| f64::from(*n)),
        EntryValue::U32Array(v) => v.first().map(|n| f64::from(*n)),
        other => other.try_as_float(),
    }?;
    (number.is_finite() && number > 0.0).then_some(number)
}

fn integer(exif: &Exif, tag: ExifTag) -> Option<i64> {
    match exif.get(tag)? {
        EntryValue::U16Array(v) => v.first().map(|n| i64::from(*n)),
        EntryValue::U32Array(v) => v.first().map(|n| i64::from(*n)),
        other => other.try_as_integer(),
    }
}

fn date(exif: &Exif) -> Option<Moment> {
    [ExifTag::DateTimeOriginal, ExifTag::CreateDate]
        .into_iter()
        .find_map(|tag| match exif.get(tag)?.as_datetime()? {
            nom_exif::ExifDateTime::Aware(time) => moment_of(time),
            nom_exif::ExifDateTime::Naive(time) => match zone(exif) {
                Some(zone) => moment_of(time.and_local_timezone(zone).single()?),
                None => floating(time),
            },
        })
}

/// The shot's UTC offset where nom-exif did not join it to the date: it
/// looks only in an Exif IFD reached from IFD0, while a CR3 keeps its Exif
/// IFD in a block of its own (CMT2).
fn zone(exif: &Exif) -> Option<chrono::FixedOffset> {
    let text = text(exif, ExifTag::OffsetTimeOriginal)?;
    chrono::DateTime::parse_from_str(&format!("2000-01-01 00:00 {text}"), "%Y-%m-%d %H:%M %:z")
        .ok()
        .map(|time| *time.offset())
}

fn from_exif(exif: &Exif) -> Metadata {
    let gps = exif.gps_info().and_then(|gps| {
        let (lat, lon) = (gps.latitude_decimal()?, gps.longitude_decimal()?);
        let plausible =
            lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
        // Cameras without a fix write 0°, 0°.
        (plausible && (lat, lon) != (0.0, 0.0)).then_some((lat, lon))
    });
    let altitude = exif
        .gps_info()
        .and_then(|g| g.altitude_meters())
        .filter(|m| m.is_finite() && m.abs() < 100_000.0);
    let problems = match exif.errors().len() {
        0 => Vec::new(),
        n => vec![format!("{n} EXIF entries are damaged and were skipped")],
    };
    Metadata {
        taken: date(exif),
        make: text(exif, ExifTag::Make),
        model: text(exif, ExifTag::Model),
        lens: text(exif, ExifTag::LensModel),
        focal_length: number(exif, ExifTag::FocalLength),
        focal_length_35: number(exif, ExifTag::FocalLengthIn35mmFilm),
        aperture: number(exif, ExifTag::FNumber),
        exposure: number(exif, ExifTag::ExposureTime),
        iso: integer(exif, ExifTag::ISOSpeedRatings).filter(|iso| *iso > 0),
        // Bit 0 of the Flash tag: it fired.
        flash: integer(exif, ExifTag::Flash).map(|f| f & 1 == 1),
        gps,
        altitude: altitude.filter(|_| gps.is_some()),
        orientation: integer(exif, ExifTag::Orientation)
            .and_then(|o| u16::try_from(o).ok())
            .filter(|o| (1..=8).contains(o)),
        caption: text(exif, ExifTag::ImageDescription),
        problems,
        ..Metadata::default()
    }
}
