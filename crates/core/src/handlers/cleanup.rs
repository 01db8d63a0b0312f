//! Removes a deleted resource's stored file, after the row is gone.
//!
//! Done as a handler rather than inline so that a crash between the commit and
//! the unlink still removes the file at the next start.

use std::path::Path;

use crate::bus::{Handler, HandlerContext, HandlerError};
use crate::events::{Event, EventKind, EventPayload};

pub struct CleanupHandler;

impl Handler for CleanupHandler {
    fn name(&self) -> &'static str {
        "cleanup"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::ResourceDeleted]
    }

    fn handle(&self, ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        let EventPayload::ResourceDeleted {
            stored_path,
            resource_id,
        } = &event.payload
        else {
            return Ok(());
        };
        ctx.services().similarity.remove(*resource_id);
        super::remove_thumbnails(ctx.layout(), *resource_id);
        // Only the library's own copies are ever removed: a watched file
        // (an absolute path) belongs to the user and stays where it is.
        if Path::new(stored_path).is_absolute() {
            return Ok(());
        }
        if !stored_path.starts_with("files/") || stored_path.contains("..") {
            return Err(HandlerError::Permanent(format!(
                "refusing to remove a file outside the library: {stored_path}"
            )));
        }
        // The copy, and the copy of its sidecar when it had one (always
        // named after the copy: `files/xx/ID.jpg.xmp`).
        for stored in [stored_path.clone(), format!("{stored_path}.xmp")] {
            let path = ctx.layout().resolve(&stored);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(HandlerError::Transient(format!(
                        "could not remove {}: {e}",
                        path.display()
                    )));
                }
            }
        }
        Ok(())
    }
}
