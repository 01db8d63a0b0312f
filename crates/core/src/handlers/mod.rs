//! The side-effect handlers that ship with the engine, and the helpers they
//! share. Not the machinery that runs them (`bus`), nor what they may touch
//! (`HandlerContext`, in `bus/handler.rs`); a new one is one file here and a
//! line in `default_handlers` (docs/ARCHITECTURE.md says how).

mod cleanup;
mod dimensions;
mod document;
pub(crate) mod hash;
mod index;
mod metadata;
mod pairing;
mod preview;
mod sidecar;
mod thumbnail;

use std::sync::Arc;

pub use cleanup::CleanupHandler;
pub use dimensions::DimensionsHandler;
pub use document::DocumentHandler;
pub use hash::{HashHandler, md5_file};
pub use index::IndexHandler;
pub use metadata::MetadataHandler;
pub use pairing::PairingHandler;
pub use preview::PreviewHandler;
pub(crate) use preview::make_preview;
pub use sidecar::SidecarHandler;
pub use thumbnail::{ThumbnailHandler, remove_thumbnails, thumbnail_path};

use crate::bus::{Handler, HandlerContext, HandlerError};
use crate::events::{EventKind, EventPayload, ResourceField};
use crate::model::Resource;
use crate::store::resources::WriteOutcome;

/// The handlers a library runs unless told otherwise.
pub fn default_handlers() -> Vec<Arc<dyn Handler>> {
    vec![
        Arc::new(PairingHandler),
        Arc::new(ThumbnailHandler),
        Arc::new(IndexHandler),
        Arc::new(MetadataHandler),
        Arc::new(DocumentHandler),
        Arc::new(HashHandler::beside_document()),
        Arc::new(DimensionsHandler),
        Arc::new(CleanupHandler),
        Arc::new(SidecarHandler),
        Arc::new(PreviewHandler),
    ]
}

/// What handlers of a file's bytes subscribe to. (A `resource.backfill` is
/// routed to the handler it names, so it need not be listed.)
const CONTENT_EVENTS: &[EventKind] = &[EventKind::ResourceCreated, EventKind::ResourceUpdated];

/// A new resource, or new bytes for one: the events that make a handler of a
/// file's content (hash, dimensions, thumbnail) run again. Their own result
/// writes (md5, width, …) do not.
fn is_new_content(event: &EventPayload) -> bool {
    event.touches_resource(&[ResourceField::Content])
        || matches!(event, EventPayload::ResourceBackfill { .. })
}

/// The resource an event is about, or `None` if there is nothing to do: it
/// was deleted after the event was written, or it is a watched file that is
/// missing or offline (it is looked at again when it comes back).
fn current_resource(ctx: &HandlerContext) -> Result<Option<Resource>, HandlerError> {
    let resource = match ctx.event().payload.resource_id() {
        Some(id) => ctx.resource(id)?,
        None => None,
    };
    Ok(resource.filter(|r| r.availability == crate::model::Availability::Present))
}

fn log_outcome(outcome: &WriteOutcome) {
    crate::bus::log_write(outcome);
}
