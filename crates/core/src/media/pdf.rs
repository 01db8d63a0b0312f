//! PDF documents through Poppler's command-line tools (Debian's
//! poppler-utils): the first page as a picture (`pdftoppm`), the page count
//! and title (`pdfinfo`), the words (`pdftotext`).
//!
//! Why the programs rather than a crate: the Rust PDF renderers are either
//! bindings to PDFium (a 20 MB library we would ship) or young; Poppler is
//! what Debian's own viewers use, renders a first page in ~35 ms, and runs
//! in its own process, where a hostile document can only hurt itself: each
//! run has a time limit, a memory limit and bounded output, and no shell.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use image::{DynamicImage, RgbImage};

use super::external::{Limits, find_program, run_limited};

/// Longest a Poppler program may take on one document.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Address space a Poppler program may map.
const MAX_MEMORY: u64 = 1 << 30;
/// Most text kept from one document.
pub const MAX_TEXT_BYTES: usize = 2 << 20;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "no thumbnail: PDF documents need Poppler's tools, which are not installed (Debian and Ubuntu: apt install poppler-utils)"
    )]
    Missing,
    #[error("{0} took longer than {1:?} and was stopped")]
    TimedOut(&'static str, Duration),
    /// Poppler could not read the document: the same bytes fail the same way.
    #[error("the PDF document is damaged or protected\n{0}")]
    Damaged(String),
    #[error("could not run Poppler: {0}")]
    Io(#[from] std::io::Error),
}

fn limits(max_output: usize) -> Limits {
    Limits {
        timeout: TIMEOUT,
        max_output,
        max_memory: Some(MAX_MEMORY),
    }
}

/// Runs a Poppler program on `path` (after `--`, so no name reads as an
/// option), followed by `after`.
fn run(
    program: &'static str,
    before: &[&str],
    path: &Path,
    after: &[&str],
    max_output: usize,
) -> Result<Vec<u8>, PdfError> {
    let binary = find_program(program).ok_or(PdfError::Missing)?;
    let mut command = Command::new(binary);
    command.args(before).arg("--").arg(path).args(after);
    let finished =
        run_limited(command, limits(max_output))?.ok_or(PdfError::TimedOut(program, TIMEOUT))?;
    if !finished.status.success() {
        return Err(PdfError::Damaged(format!(
            "{program}: {}",
            match finished.last_error_line.as_str() {
                "" => "it stopped with an error",
                line => line,
            }
        )));
    }
    Ok(finished.stdout)
}

/// The first page, fitted within `edge` pixels.
pub fn first_page(path: &Path, edge: u32) -> Result<DynamicImage, PdfError> {
    // PPM on standard output (pdftoppm's choice when given no file root):
    // raw pixels, nothing to encode or decode, at most edge² × 3 bytes.
    let max = (edge as usize).pow(2) * 3 + 64;
    let edge = edge.to_string();
    let args = [
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        "-scale-to",
        edge.as_str(),
    ];
    let bytes = run("pdftoppm", &args, path, &[], max)?;
    parse_ppm(&bytes).ok_or_else(|| PdfError::Damaged("pdftoppm gave no picture".into()))
}

/// What `pdfinfo` says of a document.
#[derive(Debug, Default, PartialEq)]
pub struct PdfInfo {
    pub pages: Option<u32>,
    pub title: Option<String>,
    pub author: Option<String>,
}

pub fn info(path: &Path) -> Result<PdfInfo, PdfError> {
    let text = run("pdfinfo", &["-enc", "UTF-8"], path, &[], 64 * 1024)?;
    Ok(parse_info(&String::from_utf8_lossy(&text)))
}

fn parse_info(text: &str) -> PdfInfo {
    let mut info = PdfInfo::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key {
            "Pages" => info.pages = value.parse().ok(),
            "Title" if !value.is_empty() => info.title = Some(value.to_string()),
            "Author" if !value.is_empty() => info.author = Some(value.to_string()),
            _ => {}
        }
    }
    info
}

/// The document's words, at most [`MAX_TEXT_BYTES`] of them.
pub fn text(path: &Path) -> Result<String, PdfError> {
    let bytes = run(
        "pdftotext",
        &["-enc", "UTF-8", "-q"],
        path,
        &["-"],
        MAX_TEXT_BYTES,
    )?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A binary PPM (`P6`, 8-bit) as an image.
fn parse_ppm(bytes: &[u8]) -> Option<DynamicImage> {
    let mut fields = Vec::with_capacity(3);
    let mut at = 2;
    if !bytes.starts_with(b"P6") {
        return None;
    }
    while fields.len() < 3 {
        while bytes.get(at)?.is_ascii_whitespace() {
            at += 1;
        }
        if bytes.get(at) == Some(&b'#') {
            while *bytes.get(at)? != b'\n' {
                at += 1;
            }
            continue;
        }
        let start = at;
        while bytes.get(at)?.is_ascii_digit() {
            at += 1;
        }
        fields.push(
            std::str::from_utf8(&bytes[start..at])
                .ok()?
                .parse::<u32>()
                .ok()?,
        );
    }
    // One whitespace byte, then the pixels.
    at += 1;
    let (width, height, max) = (fields[0], fields[1], fields[2]);
    if max != 255 {
        return None;
    }
    let length = (width as usize)
        .checked_mul(height as usize)?
        .checked_mul(3)?;
    let pixels = bytes.get(at..at.checked_add(length)?)?.to_vec();
    RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ppm_is_read_and_bad_ppm_refused() {
        let mut ppm = b"P6\n# a comment\n2 1\n255\n".to_vec();
        ppm.extend([255, 0, 0, 0, 0, 255]);
        let image = parse_ppm(&ppm).unwrap().to_rgb8();
        assert_eq!(image.dimensions(), (2, 1));
        assert_eq!(image.get_pixel(1, 0).0, [0, 0, 255]);
        assert!(parse_ppm(&ppm[..ppm.len() - 1]).is_none());
        assert!(parse_ppm(b"P6\n99999999 99999999\n255\n").is_none());
        assert!(parse_ppm(b"P3\n1 1\n255\n0 0 0").is_none());
    }

    #[test]
    fn pdfinfo_lines_are_read() {
        let info = parse_info("Title:          Trip notes\nAuthor:\nPages:          3\n");
        assert_eq!(
            info,
            PdfInfo {
                pages: Some(3),
                title: Some("Trip notes".into()),
                author: None
            }
        );
    }
}
