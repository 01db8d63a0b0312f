//! Writes a watched file's tags and description to its XMP sidecar, when
//! the library's `sidecars` setting is `read-write`: so Lightroom, digiKam
//! or darktable see what was organised here. Only a watched file's: an
//! imported file's copy is the library's own, and leaves with `mahres
//! export`.

use std::path::{Path, PathBuf};

use super::current_resource;
use crate::SidecarMode;
use crate::bus::{Handler, HandlerContext, HandlerError, NewResource};
use crate::events::{Event, EventKind, EventPayload, ResourceField};
use crate::sidecar::{SidecarError, SidecarValues};

pub struct SidecarHandler;

impl Handler for SidecarHandler {
    fn name(&self) -> &'static str {
        "sidecar"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::ResourceUpdated]
    }

    fn wants(&self, event: &EventPayload) -> bool {
        event.touches_resource(&[ResourceField::Tags, ResourceField::Description])
    }

    /// A new file has a sidecar to write only when it came with tags or a
    /// description, and only where it lives in a watched folder.
    fn takes_new(&self, resource: &NewResource<'_>) -> bool {
        resource.watched && resource.described
    }

    fn handle(&self, ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        let Some(resource) = current_resource(ctx)? else {
            return Ok(());
        };
        if resource.watched_folder_id.is_none()
            || ctx.settings()?.sidecars != SidecarMode::ReadWrite
        {
            return Ok(());
        }
        let recorded = ctx.read(|conn| crate::store::resources::sidecar_of(conn, resource.id))?;
        let path = match recorded {
            Some((path, _)) => PathBuf::from(path),
            None => crate::sidecar::beside(Path::new(&resource.stored_path)).ok_or_else(|| {
                HandlerError::Permanent(format!("{} has no file name", resource.stored_path))
            })?,
        };
        let values = SidecarValues {
            keywords: resource.tags.clone(),
            description: resource.description.clone(),
            ..SidecarValues::default()
        };
        match crate::sidecar::write(&path, &values) {
            Ok(false) => Ok(()),
            Ok(true) => {
                let mtime = std::fs::metadata(&path)
                    .ok()
                    .and_then(|m| crate::model::modified_ms(&m))
                    .unwrap_or(0);
                ctx.record_sidecar(resource.id, &path.to_string_lossy(), mtime)
            }
            Err(e @ (SidecarError::Unreadable(_) | SidecarError::TooBig { .. })) => {
                Err(HandlerError::Permanent(format!("{}: {e}", resource.name)))
            }
            Err(e) => Err(HandlerError::Transient(e.to_string())),
        }
    }
}
