//! RAW+JPEG pairs: when a raw file or a JPEG/HEIC arrives (or is moved),
//! pair it with the other file of its shot (`store/companions.rs`). Pairs
//! are always recorded; the library's `raw_jpeg_pairs` setting decides
//! whether the grid shows them as one item.

use super::CONTENT_EVENTS;
use crate::bus::{Backfill, Handler, HandlerContext, HandlerError, NewResource};
use crate::events::{Event, EventKind, EventPayload, ResourceField};

pub struct PairingHandler;

impl Handler for PairingHandler {
    fn name(&self) -> &'static str {
        "pairing"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        CONTENT_EVENTS
    }

    fn wants(&self, event: &EventPayload) -> bool {
        // (Backfills reach it by name, whatever this says.)
        matches!(event, EventPayload::ResourceCreated { .. })
            || event.touches_resource(&[ResourceField::Path])
    }

    /// Only raw files and what cameras write beside them.
    fn takes_new(&self, resource: &NewResource<'_>) -> bool {
        crate::store::companions::pairs(resource.content_type)
    }

    /// Before the thumbnail: a paired raw leaves the grid at once.
    fn priority(&self) -> i32 {
        35
    }

    /// One at a time: the two files of a pair arrive together, and each
    /// job looks for the other.
    fn concurrency(&self) -> usize {
        1
    }

    fn backfills(&self) -> &'static [Backfill] {
        &[Backfill {
            key: "pairing",
            only: "content_type LIKE 'image/x-%' OR content_type IN ('image/jpeg', 'image/heif', 'image/heic')",
        }]
    }

    fn handle(&self, ctx: &HandlerContext, _event: &Event) -> Result<(), HandlerError> {
        // Any resource, present or not: pairs are about names, not bytes.
        let Some(id) = ctx.event().payload.resource_id() else {
            return Ok(());
        };
        let changed = ctx.pair_companions(id)?;
        if !changed.is_empty() {
            tracing::debug!(?changed, "paired raw files with their JPEGs");
        }
        Ok(())
    }
}
