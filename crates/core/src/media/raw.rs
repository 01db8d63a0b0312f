//! The JPEG preview a camera embeds in its raw file: what Lightroom shows
//! first, and far faster than developing the sensor data.
//!
//! Most raw formats (DNG, CR2, NEF, ARW, PEF, SRW, ORF, RW2) are TIFF inside:
//! the previews hang off IFD0, its chain and its SubIFDs. CR3 is an ISO
//! media file with a `PRVW` box; RAF has a header pointing at its JPEG. No
//! maintained crate exposes where those previews sit (EXIF readers give tag
//! values, not offsets), so this is a bounded walker of our own: every
//! offset is checked against the file, and it visits at most [`MAX_IFDS`]
//! directories of at most [`MAX_ENTRIES`] entries.

use std::ops::Range;

const MAX_IFDS: usize = 32;
const MAX_ENTRIES: usize = 1024;

#[cfg(test)]
const NEW_SUBFILE_TYPE: u16 = 0x00fe;
const COMPRESSION: u16 = 0x0103;
const PHOTOMETRIC: u16 = 0x0106;
const STRIP_OFFSETS: u16 = 0x0111;
const ORIENTATION: u16 = 0x0112;
const STRIP_BYTE_COUNTS: u16 = 0x0117;
const SUB_IFDS: u16 = 0x014a;
const JPEG_OFFSET: u16 = 0x0201;
const JPEG_LENGTH: u16 = 0x0202;
/// Panasonic's RW2 keeps a whole JPEG as one tag's value.
const RW2_JPEG_FROM_RAW: u16 = 0x002e;

/// Photometric interpretations of sensor data, never a preview.
const PHOTOMETRIC_CFA: u32 = 32803;
const PHOTOMETRIC_LINEAR_RAW: u32 = 34892;

/// The largest preview JPEG found, and the orientation the raw file gives.
#[derive(Debug, PartialEq)]
pub(super) struct Preview {
    pub jpeg: Range<usize>,
    /// EXIF orientation (1–8) of the raw file; `None` when it does not say
    /// (the JPEG's own then counts).
    pub orientation: Option<u16>,
}

/// The embedded preview of a raw file's bytes, if it has one.
pub(super) fn embedded_preview(bytes: &[u8]) -> Option<Preview> {
    if bytes.starts_with(b"FUJIFILMCCD-RAW") {
        return raf_preview(bytes);
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return cr3_preview(bytes);
    }
    tiff_preview(bytes).0
}

/// Whether a raw file's directories point at a preview past its end: the
/// file was cut off, which is damage, not a file without a preview.
pub(super) fn preview_cut_off(bytes: &[u8]) -> bool {
    tiff_preview(bytes).1
}

/// RAF: big-endian offset and length of a full EXIF JPEG at bytes 84 and 88.
fn raf_range(bytes: &[u8]) -> Option<Range<usize>> {
    let word = |at: usize| -> Option<usize> {
        Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    let start = word(84)?;
    Some(start..start.checked_add(word(88)?)?)
}

fn raf_preview(bytes: &[u8]) -> Option<Preview> {
    let jpeg = raf_range(bytes)?;
    is_jpeg(bytes, &jpeg).then_some(Preview {
        jpeg,
        orientation: None,
    })
}

/// CR3: the `PRVW` box (a 1620-pixel JPEG) inside a top-level `uuid` box.
fn cr3_preview(bytes: &[u8]) -> Option<Preview> {
    // Top-level boxes, then one level into each `uuid` box.
    for (kind, body) in boxes(bytes, 0..bytes.len()).take(64) {
        if kind != *b"uuid" || body.len() < 16 {
            continue;
        }
        let inner = body.start + 16..body.end;
        // The preview's box follows an 8-byte header of its container.
        for start in [inner.start, inner.start + 8] {
            for (kind, prvw) in boxes(bytes, start..inner.end).take(16) {
                if kind != *b"PRVW" {
                    continue;
                }
                // A small header (sizes, a version), then the JPEG to the box's end.
                let data = &bytes[prvw.clone()];
                let Some(offset) =
                    memchr::memmem::find(&data[..data.len().min(64)], &[0xff, 0xd8, 0xff])
                else {
                    continue;
                };
                let jpeg = prvw.start + offset..prvw.end;
                if is_jpeg(bytes, &jpeg) {
                    return Some(Preview {
                        jpeg,
                        orientation: None,
                    });
                }
            }
        }
    }
    None
}

/// ISO media boxes in `range`: (type, body range). Stops at the first box
/// that does not fit.
pub(super) fn boxes(
    bytes: &[u8],
    range: Range<usize>,
) -> impl Iterator<Item = ([u8; 4], Range<usize>)> + '_ {
    let mut at = range.start;
    let end = range.end.min(bytes.len());
    std::iter::from_fn(move || {
        let header = bytes.get(at..at.checked_add(8)?.min(end))?;
        if header.len() < 8 {
            return None;
        }
        let size = u32::from_be_bytes(header[..4].try_into().ok()?) as usize;
        let kind: [u8; 4] = header[4..8].try_into().ok()?;
        let (body_start, box_end) = match size {
            1 => {
                let large = bytes.get(at + 8..at + 16)?;
                let size = usize::try_from(u64::from_be_bytes(large.try_into().ok()?)).ok()?;
                (at + 16, at.checked_add(size)?)
            }
            0 => (at + 8, end),
            size => (at + 8, at.checked_add(size)?),
        };
        if box_end > end || box_end < body_start {
            return None;
        }
        at = box_end;
        Some((kind, body_start..box_end))
    })
}

fn is_jpeg(bytes: &[u8], range: &Range<usize>) -> bool {
    range.end <= bytes.len()
        && range.len() > 4
        && bytes.get(range.start..range.start + 2) == Some(&[0xff, 0xd8])
}

#[derive(Clone, Copy)]
enum Order {
    Little,
    Big,
}

struct Tiff<'a> {
    bytes: &'a [u8],
    order: Order,
}

impl Tiff<'_> {
    fn u16_at(&self, at: usize) -> Option<u16> {
        let pair: [u8; 2] = self.bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(match self.order {
            Order::Little => u16::from_le_bytes(pair),
            Order::Big => u16::from_be_bytes(pair),
        })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let quad: [u8; 4] = self.bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(match self.order {
            Order::Little => u32::from_le_bytes(quad),
            Order::Big => u32::from_be_bytes(quad),
        })
    }
}

/// One directory entry's numbers: its first value (SHORT or LONG), its
/// count, and where its values are when they do not fit in the entry.
struct Entry {
    kind: u16,
    count: u32,
    first: u32,
    offset: u32,
}

/// The orientation (1–8) in IFD0 of a TIFF structure (an EXIF block).
pub(super) fn tiff_orientation(bytes: &[u8]) -> Option<u16> {
    let order = match bytes.get(..2)? {
        b"II" => Order::Little,
        b"MM" => Order::Big,
        _ => return None,
    };
    let tiff = Tiff { bytes, order };
    let at = tiff.u32_at(4)? as usize;
    let count = usize::from(tiff.u16_at(at)?).min(MAX_ENTRIES);
    (0..count).find_map(|i| {
        let start = at + 2 + i * 12;
        (tiff.u16_at(start)? == ORIENTATION).then_some(())?;
        tiff.u16_at(start + 8).filter(|o| (1..=8).contains(o))
    })
}

/// The biggest preview, and whether some preview lay past the file's end.
fn tiff_preview(bytes: &[u8]) -> (Option<Preview>, bool) {
    let Some(found) = tiff_findings(bytes) else {
        return (None, false);
    };
    // The biggest preview cut off is damage, not a reason to show a
    // thumbnail-sized one instead.
    let biggest = found.candidates.iter().max_by_key(|c| c.len());
    if found.beyond || biggest.is_some_and(|c| c.end > bytes.len()) {
        return (None, true);
    }
    let mut best: Option<Range<usize>> = None;
    for candidate in found.candidates {
        if is_jpeg(bytes, &candidate) && best.as_ref().is_none_or(|b| candidate.len() > b.len()) {
            best = Some(candidate);
        }
    }
    let orientation = found.orientation;
    (best.map(|jpeg| Preview { jpeg, orientation }), false)
}

/// What a TIFF raw's directories say, read from `bytes` (the whole file,
/// or only its head).
struct Findings {
    /// Where JPEGs may be, not yet checked.
    candidates: Vec<Range<usize>>,
    orientation: Option<u16>,
    /// Some directory lies beyond `bytes`.
    beyond: bool,
}

fn tiff_findings(bytes: &[u8]) -> Option<Findings> {
    let order = match bytes.get(..2) {
        Some(b"II") => Order::Little,
        Some(b"MM") => Order::Big,
        _ => return None,
    };
    let tiff = Tiff { bytes, order };
    // 42 is TIFF; Olympus writes 0x4f52 or 0x5352, Panasonic 0x55.
    if !matches!(tiff.u16_at(2), Some(42 | 0x4f52 | 0x5352 | 0x55)) {
        return None;
    }
    let mut found = Findings {
        candidates: Vec::new(),
        orientation: None,
        beyond: false,
    };
    let Some(first) = tiff.u32_at(4) else {
        found.beyond = true;
        return Some(found);
    };
    let mut queue = vec![first as usize];
    let mut visited = Vec::new();
    while let Some(at) = queue.pop() {
        if at == 0 || visited.contains(&at) || visited.len() == MAX_IFDS {
            continue;
        }
        visited.push(at);
        let is_ifd0 = visited.len() == 1;
        let Some(count) = tiff.u16_at(at) else {
            found.beyond = true;
            continue;
        };
        let count = usize::from(count).min(MAX_ENTRIES);
        let entry_of = |tag: u16| -> Option<Entry> {
            (0..count).find_map(|i| {
                let start = at + 2 + i * 12;
                (tiff.u16_at(start)? == tag).then_some(())?;
                let kind = tiff.u16_at(start + 2)?;
                let first = match kind {
                    3 => u32::from(tiff.u16_at(start + 8)?),
                    _ => tiff.u32_at(start + 8)?,
                };
                Some(Entry {
                    kind,
                    count: tiff.u32_at(start + 4)?,
                    first,
                    offset: tiff.u32_at(start + 8)?,
                })
            })
        };
        let value = |entry: Option<Entry>| entry.map(|e| e.first);
        if is_ifd0 {
            found.orientation = value(entry_of(ORIENTATION))
                .and_then(|o| u16::try_from(o).ok())
                .filter(|o| (1..=8).contains(o));
        }
        let mut candidates = Vec::new();
        if let (Some(start), Some(length)) =
            (value(entry_of(JPEG_OFFSET)), value(entry_of(JPEG_LENGTH)))
        {
            candidates.push(start as usize..(start as usize).saturating_add(length as usize));
        }
        let compression = value(entry_of(COMPRESSION));
        let photometric = value(entry_of(PHOTOMETRIC));
        let sensor_data = matches!(photometric, Some(PHOTOMETRIC_CFA | PHOTOMETRIC_LINEAR_RAW));
        if matches!(compression, Some(6 | 7)) && !sensor_data {
            let offsets = entry_of(STRIP_OFFSETS);
            let lengths = entry_of(STRIP_BYTE_COUNTS);
            if let (Some(offsets), Some(lengths)) = (offsets, lengths)
                && offsets.count == 1
                && lengths.count == 1
            {
                let start = offsets.first as usize;
                candidates.push(start..start.saturating_add(lengths.first as usize));
            }
        }
        if let Some(embedded) = entry_of(RW2_JPEG_FROM_RAW)
            && embedded.kind == 7
        {
            let start = embedded.offset as usize;
            candidates.push(start..start.saturating_add(embedded.count as usize));
        }
        // Whether marked reduced-resolution (NewSubfileType 1) or not, any
        // of these may be the preview: the biggest JPEG wins.
        found.candidates.extend(candidates);
        if let Some(sub) = entry_of(SUB_IFDS) {
            if sub.count == 1 {
                queue.push(sub.first as usize);
            } else {
                let listed = (sub.count as usize).min(MAX_IFDS);
                for i in 0..listed {
                    if let Some(offset) = tiff.u32_at(sub.offset as usize + i * 4) {
                        queue.push(offset as usize);
                    }
                }
            }
        }
        // The next directory in the chain (IFD1 is often the thumbnail).
        if let Some(next) = tiff.u32_at(at + 2 + count * 12) {
            queue.push(next as usize);
        }
    }
    Some(found)
}

/// What reading a raw file for its preview gave.
pub(super) enum RawPreview {
    Found {
        jpeg: Vec<u8>,
        orientation: Option<u16>,
        /// The file's first bytes, where its EXIF is.
        head: Vec<u8>,
    },
    /// The file has none.
    Missing,
    /// A directory or the preview lies past the end of the file.
    CutOff,
}

/// The first bytes read: every raw format we know keeps its directories
/// (and CR3 its `PRVW` box) within them, so a 50 MB raw costs a few
/// megabytes of reading, not fifty.
const HEAD_BYTES: u64 = 1 << 20;

/// The biggest embedded preview of the raw file at `path`, reading its head
/// and the preview only; the whole file (at most `max` bytes) only when its
/// directories lie further in.
pub(super) fn read_preview(path: &std::path::Path, max: u64) -> std::io::Result<RawPreview> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    let length = file.metadata()?.len();
    let mut head = Vec::new();
    (&mut file).take(HEAD_BYTES).read_to_end(&mut head)?;
    let whole = |file: std::fs::File, mut head: Vec<u8>| -> std::io::Result<RawPreview> {
        file.take(max.saturating_sub(HEAD_BYTES))
            .read_to_end(&mut head)?;
        Ok(match embedded_preview(&head) {
            Some(preview) => RawPreview::Found {
                jpeg: head[preview.jpeg.clone()].to_vec(),
                orientation: preview.orientation,
                head,
            },
            None if preview_cut_off(&head) => RawPreview::CutOff,
            None => RawPreview::Missing,
        })
    };
    if head.len() as u64 == length {
        return whole(file, head);
    }
    let candidates = if head.starts_with(b"FUJIFILMCCD-RAW") || head.get(4..8) == Some(b"ftyp") {
        match embedded_preview(&head) {
            Some(preview) => {
                return Ok(RawPreview::Found {
                    jpeg: head[preview.jpeg.clone()].to_vec(),
                    orientation: preview.orientation,
                    head,
                });
            }
            // RAF's JPEG may start past the head: its header says where.
            None if head.starts_with(b"FUJIFILMCCD-RAW") => raf_range(&head).into_iter().collect(),
            None => return whole(file, head),
        }
    } else {
        match tiff_findings(&head) {
            Some(found) if !found.beyond => {
                let mut candidates = found.candidates;
                candidates.sort_by_key(|c| std::cmp::Reverse(c.len()));
                candidates
            }
            Some(_) => return whole(file, head),
            None => return Ok(RawPreview::Missing),
        }
    };
    if candidates.first().is_some_and(|c| c.end as u64 > length) {
        return Ok(RawPreview::CutOff);
    }
    for candidate in candidates {
        if candidate.end as u64 > length || candidate.len() < 4 {
            continue;
        }
        if candidate.len() as u64 > max {
            continue;
        }
        let mut jpeg = vec![0u8; candidate.len()];
        file.seek(SeekFrom::Start(candidate.start as u64))?;
        file.read_exact(&mut jpeg)?;
        if jpeg.starts_with(&[0xff, 0xd8]) {
            let orientation = tiff_findings(&head).and_then(|f| f.orientation);
            return Ok(RawPreview::Found {
                jpeg,
                orientation,
                head,
            });
        }
    }
    Ok(RawPreview::Missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian TIFF: IFD0 (orientation, a small JPEG by 0x201/0x202,
    /// one SubIFD) and the SubIFD (a bigger JPEG as one strip, compression 7).
    fn tiff_with_two_previews(small: &[u8], big: &[u8]) -> Vec<u8> {
        let mut file = b"II*\0".to_vec();
        file.extend(8u32.to_le_bytes());
        let entry = |file: &mut Vec<u8>, tag: u16, kind: u16, value: u32| {
            file.extend(tag.to_le_bytes());
            file.extend(kind.to_le_bytes());
            file.extend(1u32.to_le_bytes());
            file.extend(value.to_le_bytes());
        };
        let ifd0_len = 2 + 4 * 12 + 4;
        let sub_at = 8 + ifd0_len;
        let sub_len = 2 + 4 * 12 + 4;
        let small_at = (sub_at + sub_len) as u32;
        let big_at = small_at + small.len() as u32;
        file.extend(4u16.to_le_bytes());
        entry(&mut file, ORIENTATION, 3, 6);
        entry(&mut file, SUB_IFDS, 4, sub_at as u32);
        entry(&mut file, JPEG_OFFSET, 4, small_at);
        entry(&mut file, JPEG_LENGTH, 4, small.len() as u32);
        file.extend(0u32.to_le_bytes());
        file.extend(4u16.to_le_bytes());
        entry(&mut file, NEW_SUBFILE_TYPE, 4, 1);
        entry(&mut file, COMPRESSION, 3, 7);
        entry(&mut file, STRIP_OFFSETS, 4, big_at);
        entry(&mut file, STRIP_BYTE_COUNTS, 4, big.len() as u32);
        file.extend(0u32.to_le_bytes());
        file.extend(small);
        file.extend(big);
        file
    }

    #[test]
    fn the_biggest_jpeg_wins_and_the_raw_orientation_is_kept() {
        let small = [0xff, 0xd8, 1, 2, 3, 0xff, 0xd9];
        let big = [0xff, 0xd8, 9, 9, 9, 9, 9, 9, 9, 0xff, 0xd9];
        let file = tiff_with_two_previews(&small, &big);
        let preview = embedded_preview(&file).unwrap();
        assert_eq!(&file[preview.jpeg.clone()], &big);
        assert_eq!(preview.orientation, Some(6));
    }

    #[test]
    fn a_big_raw_file_is_read_only_at_its_head_and_its_preview() {
        // The preview 3 MB in, past the head, as in a real camera's file.
        let small = [0xff, 0xd8, 1, 2, 3, 0xff, 0xd9];
        let mut big = vec![0xff, 0xd8];
        big.extend(vec![7u8; 3 << 20]);
        big.extend([0xff, 0xd9]);
        let file = tiff_with_two_previews(&small, &big);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.dng");
        std::fs::write(&path, &file).unwrap();
        let RawPreview::Found {
            jpeg,
            orientation,
            head,
        } = read_preview(&path, 512 << 20).unwrap()
        else {
            panic!("the preview is found");
        };
        assert_eq!(jpeg, big);
        assert_eq!(orientation, Some(6));
        assert_eq!(head.len() as u64, HEAD_BYTES);
        // Cut off inside the preview: damage, said as such.
        std::fs::write(&path, &file[..file.len() - 1000]).unwrap();
        assert!(matches!(
            read_preview(&path, 512 << 20).unwrap(),
            RawPreview::CutOff
        ));
    }

    #[test]
    fn offsets_outside_the_file_and_loops_are_harmless() {
        let small = [0xff, 0xd8, 1, 2, 3, 0xff, 0xd9];
        let big = [0xff, 0xd8, 9, 9, 9, 9, 9, 9, 9, 0xff, 0xd9];
        let file = tiff_with_two_previews(&small, &big);
        for cut in 0..file.len() {
            let _ = embedded_preview(&file[..cut]);
        }
        // IFD0's next-IFD pointer aimed back at itself.
        let mut looped = file.clone();
        let next = 8 + 2 + 4 * 12;
        looped[next..next + 4].copy_from_slice(&8u32.to_le_bytes());
        assert!(embedded_preview(&looped).is_some());
        assert_eq!(embedded_preview(b"II*\0\xff\xff\xff\xff"), None);
    }

    #[test]
    fn raf_and_cr3_previews_are_found_where_their_formats_put_them() {
        let jpeg = [0xff, 0xd8, 0xff, 0xe0, 7, 7, 0xff, 0xd9];
        let mut raf = b"FUJIFILMCCD-RAW 0201FF383501".to_vec();
        raf.resize(100, 0);
        raf[84..88].copy_from_slice(&100u32.to_be_bytes());
        raf[88..92].copy_from_slice(&(jpeg.len() as u32).to_be_bytes());
        raf.extend(jpeg);
        assert_eq!(embedded_preview(&raf).unwrap().jpeg, 100..108);

        let mut cr3 = Vec::new();
        let mut boxed = |kind: &[u8], body: &[u8]| {
            cr3.extend(((body.len() + 8) as u32).to_be_bytes());
            cr3.extend(kind);
            cr3.extend(body);
        };
        boxed(b"ftyp", b"crx \0\0\0\x01crx isom");
        let mut prvw = vec![0, 0, 0, 0, 0, 1, 6, 0x54, 4, 0x38, 0, 0];
        prvw.extend((jpeg.len() as u32).to_be_bytes());
        prvw.extend(jpeg);
        let mut uuid = vec![0xea; 16];
        uuid.extend([0; 8]);
        uuid.extend(((prvw.len() + 8) as u32).to_be_bytes());
        uuid.extend(b"PRVW");
        uuid.extend(&prvw);
        boxed(b"uuid", &uuid);
        let preview = embedded_preview(&cr3).unwrap();
        assert_eq!(&cr3[preview.jpeg], &jpeg);
    }
}
