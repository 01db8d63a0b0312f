//! Keeps the search index in step with resources, notes and groups.

use crate::bus::{Handler, HandlerContext, HandlerError};
use crate::events::{Event, EventKind, EventPayload};

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

    /// Only updates that change what is searchable: the fields the
    /// document holds, and any fact (the document takes those declared
    /// searchable; a fact's change comes once per content revision, so
    /// re-indexing on every one costs little and cannot be forgotten).
    fn wants(&self, event: &EventPayload) -> bool {
        match event {
            EventPayload::ResourceUpdated { fields, .. } => {
                fields.iter().any(|f| f.is_searchable())
            }
            other => self.subscribes_to().contains(&other.kind()),
        }
    }

    /// It indexes what the database holds when it runs.
    fn coalesces(&self) -> bool {
        true
    }

    /// A text's or a PDF's words are searchable, and reading them is quick:
    /// index once that is done. (Not after metadata: for photos that waits
    /// behind the grid's work, and a dropped photo should be found by name
    /// at once; its camera and keywords re-index it when they come.)
    fn follows(&self) -> &'static [&'static str] {
        &["document"]
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
        let facts = &ctx.services().facts;
        let document = ctx.read(|conn| crate::search::document_for(conn, &key, facts))?;
        let indexed = match document {
            Some(document) => search.upsert(&document, event.id),
            None => search.delete(&key, event.id),
        };
        indexed.map_err(|e| HandlerError::Transient(e.to_string()))?;
        Ok(())
    }
}
