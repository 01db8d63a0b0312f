//! The 1024 px preview the viewer and the details show. It waits until no
//! grid thumbnail is left to make (`waits_for`), so a drop's grid fills in
//! whole before the first preview is drawn; an item opened before its turn
//! gets its preview at once instead (`Library::resource_file`, through
//! [`make_preview`]), and this job later finds it written.

use super::thumbnail::save_picture;
use super::{CONTENT_EVENTS, current_resource, is_new_content, log_outcome};
use crate::bus::{Handler, HandlerContext, HandlerError, NewResource};
use crate::events::{Event, EventKind, EventPayload, ResourceField};
use crate::layout::LibraryLayout;
use crate::media::{self, RenderError, Size};
use crate::model::{FieldValue, Resource};

pub struct PreviewHandler;

impl Handler for PreviewHandler {
    fn name(&self) -> &'static str {
        "preview"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        CONTENT_EVENTS
    }

    fn wants(&self, event: &EventPayload) -> bool {
        is_new_content(event)
    }

    fn takes_new(&self, resource: &NewResource<'_>) -> bool {
        crate::media::source_of(resource.content_type) != crate::media::ImageSource::Nothing
    }

    /// After everything else: a preview is needed only when an item is
    /// opened, and then it is made on the spot.
    fn priority(&self) -> i32 {
        5
    }

    fn concurrency(&self) -> usize {
        2
    }

    fn waits_for(&self) -> &'static [&'static str] {
        &["thumbnail"]
    }

    fn handle(&self, ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        let Some(resource) = current_resource(ctx)? else {
            return Ok(());
        };
        let Some(relative) = make_preview(ctx.layout(), &ctx.file_path(&resource), &resource)
            .map_err(|err| HandlerError::Transient(format!("could not make the preview: {err}")))?
        else {
            return Ok(());
        };
        let outcome = ctx.write_resource(
            resource.id,
            resource.content_rev,
            &[(ResourceField::Preview, FieldValue::Text(relative))],
        )?;
        log_outcome(&outcome);
        if matches!(outcome, crate::store::resources::WriteOutcome::Stale)
            && ctx.resource(resource.id)?.is_none()
        {
            // Deleted meanwhile: remove what this job just wrote.
            super::remove_thumbnails(ctx.layout(), resource.id);
        }
        Ok(())
    }
}

/// Draws and saves the preview of `resource` (its file at `path`); its path
/// within the library, or `None` when there is nothing to draw — a kind
/// without a picture, or a file the thumbnail handler has already said it
/// cannot draw (one failure per file, not two).
pub(crate) fn make_preview(
    layout: &LibraryLayout,
    path: &std::path::Path,
    resource: &Resource,
) -> Result<Option<String>, RenderError> {
    let rendered = match media::render_resource(path, &resource.content_type, Size::Preview) {
        Ok(Some(rendered)) => rendered,
        Ok(None) | Err(RenderError::Unsupported(_) | RenderError::Undecodable(_)) => {
            return Ok(None);
        }
        Err(err) => return Err(err),
    };
    Ok(Some(save_picture(
        layout,
        resource.id,
        &rendered,
        media::PREVIEW_EDGE,
    )?))
}
