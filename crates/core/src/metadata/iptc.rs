//! IPTC-IIM, the older caption record that Photoshop, newsroom tools and
//! many cameras' software still write into JPEGs: inside the APP13
//! "Photoshop 3.0" segment, resource 0x0404. Only the datasets a library
//! shows are read: object name (title), keywords, caption, date created.
//!
//! Every length is checked against what is left, so a hostile segment ends
//! the walk rather than reading past it.

use super::{Metadata, floating};

const APP13: u8 = 0xED;
const PHOTOSHOP: &[u8] = b"Photoshop 3.0\0";
const IPTC_RESOURCE: u16 = 0x0404;

/// The IPTC record of a JPEG, if it has one.
pub(super) fn read_jpeg(bytes: &[u8]) -> Metadata {
    let mut found = Metadata::default();
    if let Some(record) = app13(bytes).and_then(iptc_resource) {
        read_record(record, &mut found);
    }
    found
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(bytes.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
}

/// The body of the first Photoshop APP13 segment.
fn app13(bytes: &[u8]) -> Option<&[u8]> {
    segments(bytes).find_map(|(marker, body, _)| {
        (marker == APP13 && body.starts_with(PHOTOSHOP)).then(|| &body[PHOTOSHOP.len()..])
    })
}

/// Where a JPEG's image data starts (its start-of-scan marker), if `bytes`
/// reach that far: everything before it is metadata.
pub(super) fn metadata_segments_end(bytes: &[u8]) -> Option<usize> {
    let end = segments(bytes).last().map_or(2, |(_, _, next)| next);
    (bytes.get(end..end + 2) == Some(&[0xFF, 0xDA][..])).then_some(end)
}

/// A JPEG's segments before its image data: (marker, body, where the next
/// segment starts).
fn segments(bytes: &[u8]) -> impl Iterator<Item = (u8, &[u8], usize)> {
    let mut at = if bytes.starts_with(&[0xFF, 0xD8]) {
        2
    } else {
        bytes.len()
    };
    std::iter::from_fn(move || {
        // Markers may be padded with extra 0xFF bytes.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        // Start of scan or end of image: the metadata segments are behind.
        if marker == 0xDA || marker == 0xD9 {
            return None;
        }
        let length = usize::from(u16_at(bytes, at + 2)?);
        if length < 2 {
            return None;
        }
        let body = bytes.get(at + 4..at + 2 + length)?;
        at += 2 + length;
        Some((marker, body, at))
    })
}

/// The IPTC resource among Photoshop's "8BIM" image resources.
fn iptc_resource(mut resources: &[u8]) -> Option<&[u8]> {
    while resources.len() >= 12 && resources.starts_with(b"8BIM") {
        let id = u16_at(resources, 4)?;
        // A Pascal-string name, padded to an even length with its count byte.
        let name_length = usize::from(*resources.get(6)?);
        let name_end = 6 + (name_length + 1).next_multiple_of(2);
        let size = usize::try_from(u32_at(resources, name_end)?).ok()?;
        let data_start = name_end + 4;
        let data = resources.get(data_start..data_start.checked_add(size)?)?;
        if id == IPTC_RESOURCE {
            return Some(data);
        }
        resources = resources.get(data_start + size.next_multiple_of(2)..)?;
    }
    None
}

fn read_record(mut record: &[u8], found: &mut Metadata) {
    let mut utf8 = false;
    let mut date: Option<String> = None;
    let mut time: Option<String> = None;
    while record.len() >= 5 && record[0] == 0x1C {
        let (number, dataset) = (record[1], record[2]);
        let Some(length) = u16_at(record, 3) else {
            return;
        };
        // The high bit marks an "extended" length, used for large binary
        // data only; nothing read here is one.
        if length & 0x8000 != 0 {
            return;
        }
        let Some(data) = record.get(5..5 + usize::from(length)) else {
            return;
        };
        record = &record[5 + usize::from(length)..];
        // 1:90 is the character set; ESC % G says UTF-8.
        if (number, dataset) == (1, 90) {
            utf8 = data == b"\x1b%G";
            continue;
        }
        if number != 2 {
            continue;
        }
        let text = decode(data, utf8);
        match dataset {
            5 => found.title = found.title.take().or(Some(text)),
            25 if found.keywords.len() < crate::facts::MAX_LIST_ITEMS => found.keywords.push(text),
            55 => date = Some(text),
            60 => time = Some(text),
            120 => found.caption = found.caption.take().or(Some(text)),
            _ => {}
        }
    }
    found.taken = date.and_then(|d| date_created(&d, time.as_deref()));
}

/// Latin-1 unless the record says UTF-8 (or the bytes are valid UTF-8, as
/// most writers today produce without saying so).
fn decode(data: &[u8], utf8: bool) -> String {
    match std::str::from_utf8(data) {
        Ok(text) => text.trim().to_string(),
        Err(_) if utf8 => String::from_utf8_lossy(data).trim().to_string(),
        Err(_) => data
            .iter()
            .map(|&b| char::from(b))
            .collect::<String>()
            .trim()
            .to_string(),
    }
}

/// 2:55 `CCYYMMDD` with 2:60 `HHMMSS±HHMM`.
fn date_created(date: &str, time: Option<&str>) -> Option<super::Moment> {
    let day = chrono::NaiveDate::parse_from_str(date, "%Y%m%d").ok()?;
    let Some(time) = time else {
        return floating(day.and_hms_opt(0, 0, 0)?);
    };
    if let Ok(aware) = chrono::DateTime::parse_from_str(&format!("{date}{time}"), "%Y%m%d%H%M%S%z")
    {
        return super::moment_of(aware);
    }
    let clock = chrono::NaiveTime::parse_from_str(time.get(..6)?, "%H%M%S").ok()?;
    floating(day.and_time(clock))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG start with one APP13 segment holding `datasets`.
    pub(crate) fn jpeg_with_iptc(datasets: &[(u8, u8, &[u8])]) -> Vec<u8> {
        let mut iim = Vec::new();
        for (number, dataset, data) in datasets {
            iim.extend([0x1C, *number, *dataset]);
            iim.extend((data.len() as u16).to_be_bytes());
            iim.extend(*data);
        }
        let mut body = PHOTOSHOP.to_vec();
        body.extend(b"8BIM");
        body.extend(IPTC_RESOURCE.to_be_bytes());
        body.extend([0, 0]); // empty name, padded
        body.extend((iim.len() as u32).to_be_bytes());
        body.extend(&iim);
        if iim.len() % 2 == 1 {
            body.push(0);
        }
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, APP13];
        jpeg.extend(((body.len() + 2) as u16).to_be_bytes());
        jpeg.extend(body);
        jpeg.extend([0xFF, 0xD9]);
        jpeg
    }

    #[test]
    fn the_newsroom_record_reads() {
        let jpeg = jpeg_with_iptc(&[
            (1, 90, b"\x1b%G"),
            (2, 5, "Kyōto at dusk".as_bytes()),
            (2, 25, b"temple"),
            (2, 25, b"Japan"),
            (2, 120, b"The golden pavilion"),
            (2, 55, b"20190714"),
            (2, 60, b"184207+0900"),
        ]);
        let found = read_jpeg(&jpeg);
        assert_eq!(found.title.as_deref(), Some("Kyōto at dusk"));
        assert_eq!(found.keywords, ["temple", "Japan"]);
        assert_eq!(found.caption.as_deref(), Some("The golden pavilion"));
        assert_eq!(found.taken.unwrap().offset_minutes, Some(540));
    }

    #[test]
    fn the_metadata_ends_where_the_image_data_starts() {
        let mut jpeg = jpeg_with_iptc(&[(2, 25, b"temple")]);
        let eoi = jpeg.len() - 2;
        jpeg.splice(eoi..eoi, [0xFF, 0xDA, 0, 2]);
        assert_eq!(metadata_segments_end(&jpeg), Some(eoi));
        assert_eq!(metadata_segments_end(&jpeg[..eoi - 3]), None);
    }

    #[test]
    fn lengths_past_the_end_stop_the_walk() {
        let mut jpeg = jpeg_with_iptc(&[(2, 25, b"temple")]);
        let cut = jpeg.len() - 6;
        jpeg.truncate(cut);
        assert_eq!(read_jpeg(&jpeg), Metadata::default());
        assert_eq!(
            read_jpeg(&[0xFF, 0xD8, 0xFF, 0xED, 0xFF, 0xFF]),
            Metadata::default()
        );
    }
}
