//! MD5 of a resource's bytes, streamed.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::model::FieldValue;
use md5::{Digest, Md5};

use super::{CONTENT_EVENTS, current_resource, is_new_content};
use crate::bus::{Handler, HandlerContext, HandlerError, NewResource};
use crate::events::{Event, EventKind, EventPayload, ResourceField};

/// Hashes every file, or, beside the [`DocumentHandler`]
/// (`HashHandler::beside_document`), every file but the small text files
/// that reader hashes as it reads them.
///
/// [`DocumentHandler`]: super::DocumentHandler
#[derive(Default)]
pub struct HashHandler {
    leaves_small_text_to_document: bool,
}

impl HashHandler {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn beside_document() -> Self {
        Self {
            leaves_small_text_to_document: true,
        }
    }
}

impl Handler for HashHandler {
    fn name(&self) -> &'static str {
        "hash"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        CONTENT_EVENTS
    }

    fn wants(&self, event: &EventPayload) -> bool {
        is_new_content(event)
    }

    /// A text file the document reader reads whole is hashed by it, in
    /// the same pass over its bytes (see `document.rs`).
    fn takes_new(&self, resource: &NewResource<'_>) -> bool {
        !(self.leaves_small_text_to_document
            && super::document::hashes_whole(resource.content_type, resource.size))
    }

    fn priority(&self) -> i32 {
        10
    }

    fn concurrency(&self) -> usize {
        2
    }

    fn handle(&self, ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        let Some(resource) = current_resource(ctx)? else {
            return Ok(());
        };
        let path = ctx.file_path(&resource);
        let digest = md5_file(&path).map_err(|e| {
            HandlerError::Transient(format!("could not read {}: {e}", path.display()))
        })?;
        ctx.write_resource_on_finish(
            resource.id,
            resource.content_rev,
            vec![(ResourceField::Md5, FieldValue::Text(digest))],
        )
    }
}

/// Hex MD5 of a file, read in fixed-size chunks so memory stays flat however
/// large the file is. A second thread reads the next chunk while this one
/// hashes the last, so the copy out of the page cache costs no hashing time.
pub fn md5_file(path: &Path) -> std::io::Result<String> {
    const CHUNK: usize = 1 << 20;
    let mut file = File::open(path)?;
    if file.metadata()?.len() <= CHUNK as u64 {
        // One read: a second thread would cost more than it saves.
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        return Ok(hex(&Md5::digest(&bytes)));
    }
    let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<std::io::Result<(Vec<u8>, usize)>>(1);
    let (empty_tx, empty_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
    for _ in 0..2 {
        let _ = empty_tx.send(vec![0u8; CHUNK]);
    }
    let reader = std::thread::spawn(move || {
        while let Ok(mut buffer) = empty_rx.recv() {
            let read = loop {
                match file.read(&mut buffer) {
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            let done = matches!(read, Ok(0) | Err(_));
            if full_tx.send(read.map(|n| (buffer, n))).is_err() || done {
                return;
            }
        }
    });
    let mut hasher = Md5::new();
    let result = loop {
        match full_rx.recv() {
            Ok(Ok((_, 0))) | Err(_) => break Ok(()),
            Ok(Ok((buffer, n))) => {
                hasher.update(&buffer[..n]);
                let _ = empty_tx.send(buffer);
            }
            Ok(Err(e)) => break Err(e),
        }
    };
    drop(empty_tx);
    let _ = reader.join();
    result?;
    Ok(hex(&hasher.finalize()))
}

pub(crate) fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_matches_known_digests() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").unwrap();
        assert_eq!(
            md5_file(&empty).unwrap(),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
        let fox = dir.path().join("fox");
        std::fs::write(&fox, b"The quick brown fox jumps over the lazy dog").unwrap();
        assert_eq!(md5_file(&fox).unwrap(), "9e107d9d372bb6826bd81d3542a419d6");
    }
}
