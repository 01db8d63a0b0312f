//! The grid thumbnail and the perceptual hashes: what a person waits for
//! after a drop. The large preview is the preview handler's, later
//! (`preview.rs`); both write their files here, under `thumbnails/`.

use std::path::Path;

use crate::model::FieldValue;

use super::{CONTENT_EVENTS, current_resource, is_new_content, log_outcome};
use crate::bus::{Backfill, Handler, HandlerContext, HandlerError, NewResource};
use crate::events::{Event, EventKind, EventPayload, ResourceField};
use crate::layout::LibraryLayout;
use crate::media::{self, RenderError, Rendered, Size};
use crate::model::{Resource, ResourceId};
use crate::store::resources::WriteOutcome;

pub struct ThumbnailHandler;

/// Where a resource's thumbnails go. Keyed by resource id and size, so a
/// re-run overwrites instead of adding files.
pub fn thumbnail_path(id: ResourceId, edge: u32, extension: &str) -> String {
    format!(
        "thumbnails/{:02x}/{id}-{edge}.{extension}",
        id.rem_euclid(256)
    )
}

/// Removes every thumbnail file a resource may have.
pub fn remove_thumbnails(layout: &LibraryLayout, id: ResourceId) {
    for edge in [media::GRID_EDGE, media::PREVIEW_EDGE] {
        for extension in ["jpg", "png"] {
            let _ = std::fs::remove_file(layout.resolve(&thumbnail_path(id, edge, extension)));
        }
    }
}

pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let temporary = path.with_extension("partial");
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

impl Handler for ThumbnailHandler {
    fn name(&self) -> &'static str {
        "thumbnail"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        CONTENT_EVENTS
    }

    fn wants(&self, event: &EventPayload) -> bool {
        is_new_content(event)
    }

    /// Only what a picture can be drawn from.
    fn takes_new(&self, resource: &NewResource<'_>) -> bool {
        media::source_of(resource.content_type) != media::ImageSource::Nothing
    }

    /// What people see first: the grid fills in before hashes are done,
    /// and before any preview is made (the preview handler waits for it).
    fn priority(&self) -> i32 {
        30
    }

    fn concurrency(&self) -> usize {
        2
    }

    fn backfills(&self) -> &'static [Backfill] {
        // HEIC, raw, SVG, PDF and songs recorded before they were drawn.
        &[Backfill {
            key: "thumbnail:more-kinds",
            only: "thumbnail IS NULL AND content_type NOT LIKE 'text/%'",
        }]
    }

    fn handle(&self, ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        let Some(resource) = current_resource(ctx)? else {
            return Ok(());
        };
        let path = ctx.file_path(&resource);
        let rendered = match media::render_resource(&path, &resource.content_type, Size::Grid) {
            Ok(Some(rendered)) => rendered,
            Ok(None) => return Ok(()),
            Err(RenderError::Unsupported(message)) => return note(ctx, &resource, message),
            Err(RenderError::Undecodable(message)) => {
                return Err(HandlerError::Permanent(format!(
                    "{}: {message}",
                    resource.original_name
                )));
            }
            Err(RenderError::Io(err)) => {
                return Err(HandlerError::Transient(format!(
                    "could not read {}: {err}",
                    path.display()
                )));
            }
        };
        store(ctx, &resource, rendered)
    }
}

/// Encodes and saves a rendered picture as the resource's `edge` file (PNG
/// where it has transparency, JPEG otherwise, the other one removed); its
/// path within the library.
pub(super) fn save_picture(
    layout: &LibraryLayout,
    id: ResourceId,
    rendered: &Rendered,
    edge: u32,
) -> std::io::Result<String> {
    let (bytes, extension) =
        media::encode(&rendered.image, rendered.has_alpha).map_err(std::io::Error::other)?;
    let relative = thumbnail_path(id, edge, extension);
    let other = thumbnail_path(id, edge, if extension == "png" { "jpg" } else { "png" });
    let _ = std::fs::remove_file(layout.resolve(&other));
    write_atomically(&layout.resolve(&relative), &bytes)?;
    Ok(relative)
}

/// Records why there is no thumbnail, without failing: nothing is wrong with
/// the file, and the note tells the user what would help.
fn note(ctx: &HandlerContext, resource: &Resource, message: String) -> Result<(), HandlerError> {
    let outcome = ctx.write_resource(
        resource.id,
        resource.content_rev,
        &[(ResourceField::MediaNote, FieldValue::Text(message))],
    )?;
    log_outcome(&outcome);
    Ok(())
}

fn store(
    ctx: &HandlerContext,
    resource: &Resource,
    rendered: Rendered,
) -> Result<(), HandlerError> {
    let layout = ctx.layout();
    let written = save_picture(layout, resource.id, &rendered, media::GRID_EDGE)
        .map_err(|e| HandlerError::Transient(format!("could not save the thumbnail: {e}")))?;
    let (hash, mirrored) = media::perceptual_hashes(&rendered.image);
    let mut fields = vec![
        (ResourceField::Thumbnail, FieldValue::Text(written)),
        (
            ResourceField::PerceptualHash,
            FieldValue::Integer(hash as i64),
        ),
        (
            ResourceField::PerceptualHashMirror,
            FieldValue::Integer(mirrored as i64),
        ),
        (ResourceField::MediaNote, FieldValue::Null),
    ];
    if let Some((width, height)) = rendered.displayed {
        fields.push((ResourceField::Width, FieldValue::Integer(width.into())));
        fields.push((ResourceField::Height, FieldValue::Integer(height.into())));
    }
    let outcome = ctx.write_resource(resource.id, resource.content_rev, &fields)?;
    log_outcome(&outcome);
    match outcome {
        WriteOutcome::Written(_) => ctx
            .services()
            .similarity
            .insert(resource.id, hash, mirrored),
        WriteOutcome::Stale => {
            // Deleted meanwhile: its cleanup may already have run, so remove
            // what this job just wrote. (Changed content gets its own job.)
            if ctx.resource(resource.id)?.is_none() {
                remove_thumbnails(layout, resource.id);
            }
        }
    }
    Ok(())
}
