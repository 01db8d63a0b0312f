//! Width and height of images as they are displayed (EXIF orientation
//! applied: a portrait photo stored sideways reads 1050 × 1680), read from
//! the header without decoding pixels.

use crate::model::FieldValue;

use super::{CONTENT_EVENTS, current_resource, is_new_content};
use crate::bus::{Backfill, Handler, HandlerContext, HandlerError, NewResource};
use crate::events::{Event, EventKind, EventPayload, ResourceField};

pub struct DimensionsHandler;

impl Handler for DimensionsHandler {
    fn name(&self) -> &'static str {
        "dimensions"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        CONTENT_EVENTS
    }

    fn wants(&self, event: &EventPayload) -> bool {
        is_new_content(event)
    }

    /// Only pictures: the others' sizes come from what renders them.
    fn takes_new(&self, resource: &NewResource<'_>) -> bool {
        crate::media::source_of(resource.content_type) == crate::media::ImageSource::Picture
    }

    fn priority(&self) -> i32 {
        20
    }

    fn concurrency(&self) -> usize {
        2
    }

    fn backfills(&self) -> &'static [Backfill] {
        // Libraries from before orientation was applied hold stored sizes.
        const ALL: &[Backfill] = &[Backfill::all("dimensions")];
        ALL
    }

    fn handle(&self, ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        let Some(resource) = current_resource(ctx)? else {
            return Ok(());
        };
        // The others' sizes come from what renders them (the thumbnail).
        if crate::media::source_of(&resource.content_type) != crate::media::ImageSource::Picture {
            return Ok(());
        }
        let path = ctx.file_path(&resource);
        let reader = image::ImageReader::open(&path)
            .and_then(|r| r.with_guessed_format())
            .map_err(|e| {
                HandlerError::Transient(format!("could not read {}: {e}", path.display()))
            })?;
        let plain = |e: image::ImageError| match e {
            image::ImageError::IoError(io) => {
                HandlerError::Transient(format!("could not read {}: {io}", path.display()))
            }
            // The header is what it is: trying again gives the same answer.
            other => HandlerError::Permanent(format!(
                "{}: {}",
                resource.original_name,
                crate::media::plain_words(&other)
            )),
        };
        let mut decoder = reader.into_decoder().map_err(plain)?;
        let (stored_width, stored_height) = image::ImageDecoder::dimensions(&decoder);
        // An orientation that cannot be read is the normal one.
        let orientation = image::ImageDecoder::orientation(&mut decoder)
            .unwrap_or(image::metadata::Orientation::NoTransforms);
        let (width, height) = displayed(orientation, stored_width, stored_height);
        ctx.write_resource_on_finish(
            resource.id,
            resource.content_rev,
            vec![
                (ResourceField::Width, FieldValue::Integer(width.into())),
                (ResourceField::Height, FieldValue::Integer(height.into())),
            ],
        )
    }
}

/// Width and height once `orientation` is applied: the four that turn the
/// picture a quarter swap them.
fn displayed(orientation: image::metadata::Orientation, width: u32, height: u32) -> (u32, u32) {
    use image::metadata::Orientation::*;
    match orientation {
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH => (height, width),
        NoTransforms | Rotate180 | FlipHorizontal | FlipVertical => (width, height),
    }
}
