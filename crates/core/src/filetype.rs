//! What a file really is: its content type from its first bytes, with the
//! name consulted only where the bytes cannot tell (a DNG and a NEF are both
//! TIFF inside; Markdown is text), and the words that say so when a name
//! lies ("named .png, but it is a text file").

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// How much of a file is read to judge it: enough for every signature we
/// know and for an SVG's root element after a long comment or DOCTYPE.
const HEAD_BYTES: u64 = 8192;

/// A 0-byte file.
pub const EMPTY: &str = "application/x-empty";
/// Bytes nothing recognises.
pub const UNKNOWN: &str = "application/octet-stream";

/// Camera raw formats, by the extension their makers give them, with the
/// content type we record. Most are TIFF inside, so only the name tells a
/// NEF from a DNG.
const RAW_TYPES: &[(&str, &str)] = &[
    ("dng", "image/x-adobe-dng"),
    ("cr2", "image/x-canon-cr2"),
    ("cr3", "image/x-canon-cr3"),
    ("nef", "image/x-nikon-nef"),
    ("nrw", "image/x-nikon-nrw"),
    ("arw", "image/x-sony-arw"),
    ("srf", "image/x-sony-srf"),
    ("sr2", "image/x-sony-sr2"),
    ("raf", "image/x-fuji-raf"),
    ("orf", "image/x-olympus-orf"),
    ("rw2", "image/x-panasonic-rw2"),
    ("pef", "image/x-pentax-pef"),
    ("srw", "image/x-samsung-srw"),
    ("3fr", "image/x-hasselblad-3fr"),
    ("erf", "image/x-epson-erf"),
    ("kdc", "image/x-kodak-kdc"),
    ("mrw", "image/x-minolta-mrw"),
    ("iiq", "image/x-phaseone-iiq"),
];

/// Whether a content type is a camera raw file.
pub fn is_raw(content_type: &str) -> bool {
    RAW_TYPES.iter().any(|(_, t)| *t == content_type)
}

/// Whether a file's name says it is a camera raw file (`IMG_1.CR2`).
pub fn is_raw_name(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| RAW_TYPES.iter().any(|(ext, _)| e.eq_ignore_ascii_case(ext)))
}

/// HEIF stills (HEIC from phones) and AVIF: what libheif decodes.
pub fn is_heif(content_type: &str) -> bool {
    matches!(
        content_type,
        "image/heif" | "image/heic" | "image/heif-sequence" | "image/heic-sequence" | "image/avif"
    )
}

/// Text a person reads (not markup the app renders, like SVG).
pub fn is_text(content_type: &str) -> bool {
    content_type.starts_with("text/")
}

fn extension_of(path: &Path) -> Option<String> {
    Some(path.extension()?.to_str()?.to_ascii_lowercase())
}

/// The content type a file's name suggests, for the common kinds. Only a
/// hint: what is recorded comes from the bytes ([`sniff`]).
pub fn type_from_extension(path: &Path) -> Option<&'static str> {
    let extension = extension_of(path)?;
    if let Some((_, raw)) = RAW_TYPES.iter().find(|(e, _)| *e == extension) {
        return Some(raw);
    }
    Some(match extension.as_str() {
        "jpg" | "jpeg" | "jpe" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "ico" => "image/vnd.microsoft.icon",
        "heic" | "heif" | "hif" => "image/heif",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "mp4" | "m4v" => "video/mp4",
        "mov" => "video/quicktime",
        "mkv" => "video/x-matroska",
        "webm" => "video/webm",
        "avi" => "video/x-msvideo",
        "mp3" => "audio/mpeg",
        "flac" => "audio/x-flac",
        "wav" => "audio/x-wav",
        "ogg" | "oga" => "audio/ogg",
        "opus" => "audio/opus",
        "m4a" => "audio/m4a",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "md" | "markdown" => "text/markdown",
        "txt" | "text" | "log" => "text/plain",
        "csv" => "text/csv",
        _ => return None,
    })
}

#[cfg(test)]
thread_local! {
    /// Files this thread has sniffed: what the tests of a watched folder's
    /// check count, as the files it need not read.
    pub(crate) static SNIFFED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The content type of the file at `path`, judged from its first bytes.
pub fn sniff(path: &Path, size: u64) -> String {
    #[cfg(test)]
    SNIFFED.with(|n| n.set(n.get() + 1));
    if size == 0 {
        return EMPTY.into();
    }
    let mut head = Vec::with_capacity(HEAD_BYTES as usize);
    if File::open(path)
        .and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head))
        .is_err()
    {
        return UNKNOWN.into();
    }
    from_head(&head, path)
}

/// The content type of a file that starts with `head`, named `path`.
pub fn from_head(head: &[u8], path: &Path) -> String {
    if head.is_empty() {
        return EMPTY.into();
    }
    let named = type_from_extension(path);
    if let Some(raw) = raw_signature(head) {
        return raw.into();
    }
    let tiff = head.starts_with(b"II*\0") || head.starts_with(b"MM\0*");
    if tiff && let Some(raw) = named.filter(|n| is_raw(n)) {
        return raw.into();
    }
    if let Some(kind) = infer::get(head) {
        let found = kind.mime_type();
        return match (found, named) {
            ("text/xml" | "text/html", _) if is_svg(head) => "image/svg+xml".into(),
            ("text/xml", _) => "text/xml".into(),
            _ => found.into(),
        };
    }
    if tiff {
        return "image/tiff".into();
    }
    if looks_like_text(head) {
        if is_svg(head) {
            return "image/svg+xml".into();
        }
        return match named {
            Some(text @ ("text/markdown" | "text/csv")) => text.into(),
            _ => "text/plain".into(),
        };
    }
    UNKNOWN.into()
}

/// Raw formats `infer` does not know, by their own signatures.
fn raw_signature(head: &[u8]) -> Option<&'static str> {
    if head.get(4..8) == Some(b"ftyp") && head.get(8..12) == Some(b"crx ") {
        return Some("image/x-canon-cr3");
    }
    if head.starts_with(b"FUJIFILMCCD-RAW") {
        return Some("image/x-fuji-raf");
    }
    // Olympus and Panasonic change TIFF's magic number.
    if head.starts_with(b"IIRO") || head.starts_with(b"IIRS") || head.starts_with(b"MMOR") {
        return Some("image/x-olympus-orf");
    }
    if head.starts_with(b"IIU\0") {
        return Some("image/x-panasonic-rw2");
    }
    None
}

/// An XML or plain-text head whose first element is `<svg`.
fn is_svg(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    // Skip the prolog: declarations, comments, a DOCTYPE.
    loop {
        if let Some(after) = rest.strip_prefix("<?") {
            let Some(end) = after.find("?>") else {
                return false;
            };
            rest = after[end + 2..].trim_start();
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let Some(end) = after.find("-->") else {
                return false;
            };
            rest = after[end + 3..].trim_start();
        } else if let Some(after) = rest.strip_prefix("<!") {
            let Some(end) = after.find('>') else {
                return false;
            };
            rest = after[end + 1..].trim_start();
        } else {
            break;
        }
    }
    rest.strip_prefix("<svg")
        .and_then(|after| after.chars().next())
        .is_some_and(|c| c.is_whitespace() || c == '>' || c == '/')
        || rest.starts_with("<svg:svg")
}

pub(crate) fn looks_like_text(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(text) => !text.contains('\0'),
        // A multi-byte character cut at the end of the sample is still text.
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 > head.len(),
    }
}

/// A few words for what a content type is: "a JPEG image", "a text file".
pub fn describe(content_type: &str) -> String {
    if is_raw(content_type) {
        return "a camera raw file".into();
    }
    let known = match content_type {
        "image/jpeg" => "a JPEG image",
        "image/png" => "a PNG image",
        "image/gif" => "a GIF image",
        "image/webp" => "a WebP image",
        "image/tiff" => "a TIFF image",
        "image/bmp" => "a BMP image",
        "image/heif" | "image/heic" => "a HEIC photo",
        "image/avif" => "an AVIF image",
        "image/svg+xml" => "an SVG drawing",
        "application/pdf" => "a PDF document",
        "application/zip" => "a ZIP archive",
        "text/markdown" => "a Markdown file",
        "text/csv" => "a CSV file",
        EMPTY => "an empty file",
        UNKNOWN => "a file of unknown kind",
        _ => "",
    };
    if !known.is_empty() {
        return known.into();
    }
    match content_type.split('/').next() {
        Some("text") => "a text file".into(),
        Some("image") => "an image".into(),
        Some("video") => "a video".into(),
        Some("audio") => "a sound file".into(),
        _ => format!("a {content_type} file"),
    }
}

/// Broad families whose members a name may swap without lying: `.txt` for
/// Markdown, `.tif` for a DNG, `.heic` for a HEIF.
fn family(content_type: &str) -> &str {
    if is_raw(content_type) || content_type == "image/tiff" {
        return "tiff";
    }
    if is_heif(content_type) {
        return "heif";
    }
    match content_type {
        "audio/mp4" | "audio/m4a" | "video/mp4" | "video/quicktime" => "mp4",
        "audio/ogg" | "audio/opus" | "video/ogg" => "ogg",
        "video/webm" | "video/x-matroska" => "matroska",
        t if t.starts_with("text/") => "text",
        t => t,
    }
}

/// When a file's name says one kind and its bytes another, the words that
/// say so: "named .png, but it is a text file". `None` when they agree or
/// the name says nothing.
pub fn name_mismatch(name: &str, content_type: &str) -> Option<String> {
    let path = Path::new(name);
    let named = type_from_extension(path)?;
    if content_type == EMPTY || family(named) == family(content_type) {
        return None;
    }
    let extension = extension_of(path)?;
    Some(format!(
        "named .{extension}, but it is {}",
        describe(content_type)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(head: &[u8], name: &str) -> String {
        from_head(head, Path::new(name))
    }

    #[test]
    fn the_bytes_decide_and_the_name_only_refines() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        assert_eq!(judged(png, "photo.jpg"), "image/png");
        assert_eq!(judged(b"hello world", "photo.png"), "text/plain");
        assert_eq!(judged(b"# Title\n\nwords", "notes.md"), "text/markdown");
        assert_eq!(judged(b"II*\0\x08\0\0\0", "shot.nef"), "image/x-nikon-nef");
        assert_eq!(judged(b"II*\0\x08\0\0\0", "shot.dng"), "image/x-adobe-dng");
        assert_eq!(judged(b"II*\0\x08\0\0\0", "scan.tif"), "image/tiff");
        assert_eq!(judged(b"IIU\0\x08\0\0\0", "p.rw2"), "image/x-panasonic-rw2");
        assert_eq!(
            judged(b"FUJIFILMCCD-RAW 0201FF383501", "x.raf"),
            "image/x-fuji-raf"
        );
        assert_eq!(
            judged(b"\0\0\0\x18ftypcrx \0\0\0\x01crx isom", "IMG_1.CR3"),
            "image/x-canon-cr3"
        );
        assert_eq!(judged(b"", "x.png"), EMPTY);
        assert_eq!(judged(&[0, 1, 2, 3, 0xfe, 0xff], "x.png"), UNKNOWN);
    }

    #[test]
    fn svg_is_found_after_a_prolog_and_not_in_other_xml() {
        let svg = br#"<?xml version="1.0"?>
<!-- made by hand -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        assert_eq!(judged(svg, "logo.svg"), "image/svg+xml");
        assert_eq!(
            judged(b"<svg viewBox='0 0 1 1'></svg>", "x"),
            "image/svg+xml"
        );
        assert_ne!(
            judged(b"<?xml version='1.0'?><feed><svg/></feed>", "a.xml"),
            "image/svg+xml"
        );
        assert_ne!(judged(b"<svgfoo/>", "a.txt"), "image/svg+xml");
    }

    #[test]
    fn a_lying_name_is_said_in_plain_words() {
        assert_eq!(
            name_mismatch("photo.png", "text/plain").as_deref(),
            Some("named .png, but it is a text file")
        );
        assert_eq!(
            name_mismatch("IMG.JPG", "image/png").as_deref(),
            Some("named .jpg, but it is a PNG image")
        );
        assert_eq!(name_mismatch("notes.txt", "text/markdown"), None);
        assert_eq!(name_mismatch("shot.tif", "image/x-adobe-dng"), None);
        assert_eq!(name_mismatch("empty.png", EMPTY), None);
        assert_eq!(name_mismatch("README", "text/plain"), None);
        assert_eq!(name_mismatch("song.m4a", "audio/mp4"), None);
    }
}
