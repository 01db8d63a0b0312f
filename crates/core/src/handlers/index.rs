//! Keeps the search index in step with resources, notes and groups.

use crate::bus::{Handler, HandlerContext, HandlerError};
use crate::events::{Event, EventKind, EventPayload, ResourceField};

pub struct IndexHandler;

impl Handler for IndexHandler {
    fn name(&self) -> &'static str {
        "index"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        &[
            EventKind::ResourceCreated,
            EventKind::ResourceUpdated,
            EventKind::ResourceDeleted,
            EventKind::NoteCreated,
            EventKind::NoteUpdated,
            EventKind::NoteDeleted,
            EventKind::GroupCreated,
            EventKind::GroupUpdated,
            EventKind::GroupDeleted,
        ]
    }

    /// Only updates that change what is searchable.
    fn wants(&self, event: &EventPayload) -> bool {
        match event {
            EventPayload::ResourceUpdated { fields, .. } => fields.iter().any(|f| {
                matches!(
                    f,
                    ResourceField::Name
                        | ResourceField::Description
                        | ResourceField::Tags
                        | ResourceField::Groups
                        | ResourceField::Width
                        | ResourceField::Height
                )
            }),
            other => self.subscribes_to().contains(&other.kind()),
        }
    }

    fn priority(&self) -> i32 {
        25
    }

    fn concurrency(&self) -> usize {
        2
    }

    fn handle(&self, ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        let Some(search) = ctx.services().search.as_ref() else {
            return Ok(());
        };
        let key = event.payload.entity();
        // Index what the database holds now, not what the event says: a late
        // job can then never put back an older state.
        let document = ctx.read(|conn| crate::search::document_for(conn, &key))?;
        let indexed = match document {
            Some(document) => search.upsert(&document, event.id),
            None => search.delete(&key, event.id),
        };
        indexed.map_err(|e| HandlerError::Transient(e.to_string()))?;
        Ok(())
    }
}
