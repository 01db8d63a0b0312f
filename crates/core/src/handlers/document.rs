//! The words of documents and text files, so a word from page 3 of a PDF or
//! from the middle of a `.txt` finds it: one `text` fact (a document's
//! first [`MAX_DOCUMENT_BYTES`]), searched as words, shown as its beginning.

use std::io::Read;
use std::path::Path;

use super::{CONTENT_EVENTS, current_resource, is_new_content};
use crate::bus::{Backfill, Handler, HandlerContext, HandlerError, NewResource};
use crate::events::{Event, EventKind, EventPayload, ResourceField};
use crate::facts::{FactKind, FactSpec, FactValue, MAX_DOCUMENT_BYTES};
use crate::media::pdf::{self, PdfError};
use crate::model::FieldValue;

pub struct DocumentHandler;

static FACTS: &[FactSpec] = &[FactSpec::new("text", "Text", FactKind::Document)
    .group("Document")
    .about("the words of a document or text file")
    .words()];

impl Handler for DocumentHandler {
    fn name(&self) -> &'static str {
        "document"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        CONTENT_EVENTS
    }

    fn wants(&self, event: &EventPayload) -> bool {
        is_new_content(event)
    }

    /// Text files and PDFs: what has words to find.
    fn takes_new(&self, resource: &NewResource<'_>) -> bool {
        crate::filetype::is_text(resource.content_type)
            || resource.content_type == "application/pdf"
    }

    fn priority(&self) -> i32 {
        // After what the grid shows; words are found a moment later.
        21
    }

    fn concurrency(&self) -> usize {
        2
    }

    fn backfills(&self) -> &'static [Backfill] {
        // Text files and PDFs recorded before this handler existed.
        &[Backfill {
            key: "document",
            only: "content_type LIKE 'text/%' OR content_type = 'application/pdf'",
        }]
    }

    fn facts(&self) -> &'static [FactSpec] {
        FACTS
    }

    fn handle(&self, ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        let Some(resource) = current_resource(ctx)? else {
            return Ok(());
        };
        let path = ctx.file_path(&resource);
        let mut fields = Vec::new();
        let text = if crate::filetype::is_text(&resource.content_type) {
            let bytes = read_start(&path).map_err(|e| {
                HandlerError::Transient(format!("could not read {}: {e}", path.display()))
            })?;
            // One pass over a small file: its hash from the bytes just read
            // (the hash handler took no job for it). Only when they are the
            // whole file: it may have grown since it was recorded.
            if hashes_whole(&resource.content_type, resource.size)
                && bytes.len() as u64 == resource.size
            {
                use md5::Digest;
                fields.push((
                    ResourceField::Md5,
                    FieldValue::Text(super::hash::hex(&md5::Md5::digest(&bytes))),
                ));
            }
            decode_text(&bytes)
        } else if resource.content_type == "application/pdf" {
            match pdf::text(&path) {
                Ok(text) => text,
                // The thumbnail's note says what to install.
                Err(PdfError::Missing) => return Ok(()),
                Err(PdfError::Damaged(why)) => {
                    return Err(HandlerError::Permanent(format!(
                        "{}: the PDF's text could not be read\n{why}",
                        resource.original_name
                    )));
                }
                Err(other) => return Err(HandlerError::Transient(other.to_string())),
            }
        } else {
            return Ok(());
        };
        let facts = if text.trim().is_empty() {
            Vec::new()
        } else {
            vec![("text", FactValue::document(text))]
        };
        ctx.write_on_finish(resource.id, resource.content_rev, fields, facts)
    }
}

/// Text files this reader hashes as well, since it reads them whole: up
/// to 64 KiB, where a second job and a second read would cost more than
/// hashing. (A file whose size is not what was recorded, because it
/// changed meanwhile, is left to the hash job its change brings.)
pub(crate) fn hashes_whole(content_type: &str, size: u64) -> bool {
    crate::filetype::is_text(content_type) && size <= HASHED_WHOLE_BYTES
}

const HASHED_WHOLE_BYTES: u64 = 64 << 10;

/// The first [`MAX_DOCUMENT_BYTES`] of a file, which [`decode_text`] makes
/// text of.
fn read_start(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_DOCUMENT_BYTES as u64)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// UTF-16 when it starts with a byte-order mark, else UTF-8 with anything
/// invalid replaced.
fn decode_text(bytes: &[u8]) -> String {
    let utf16 = |bytes: &[u8], little: bool| {
        let units = bytes.chunks_exact(2).map(|pair| {
            let pair = [pair[0], pair[1]];
            if little {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    };
    match bytes {
        [0xff, 0xfe, rest @ ..] => utf16(rest, true),
        [0xfe, 0xff, rest @ ..] => utf16(rest, false),
        [0xef, 0xbb, 0xbf, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_decoded_from_utf8_and_utf16() {
        assert_eq!(decode_text("héllo".as_bytes()), "héllo");
        assert_eq!(decode_text(b"\xef\xbb\xbfhi"), "hi");
        assert_eq!(decode_text(b"\xff\xfeh\0i\0"), "hi");
        assert_eq!(decode_text(b"\xfe\xff\0h\0i"), "hi");
        assert_eq!(decode_text(b"a\xffb"), "a\u{fffd}b");
    }
}
