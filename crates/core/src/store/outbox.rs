//! The transactional outbox: the only way an event is written.

use rusqlite::{Transaction, params};

use crate::error::Result;
use crate::events::{CorrelationId, Event, EventId, EventPayload};
use crate::model::now_ms;

pub(crate) fn append(
    tx: &Transaction<'_>,
    correlation: &CorrelationId,
    payload: EventPayload,
) -> Result<EventId> {
    let json = serde_json::to_string(&payload)
        .map_err(|e| crate::Error::InvalidInput(format!("event could not be encoded: {e}")))?;
    tx.prepare_cached(
        "INSERT INTO events (kind, entity, correlation_id, created_at, payload)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        payload.kind().as_str(),
        payload.entity(),
        correlation.0,
        now_ms(),
        json
    ])?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn decode(id: EventId, correlation: String, at: i64, payload: &str) -> Result<Event> {
    let payload: EventPayload = serde_json::from_str(payload)
        .map_err(|e| crate::Error::InvalidInput(format!("event {id} could not be decoded: {e}")))?;
    Ok(Event {
        id,
        correlation_id: CorrelationId(correlation),
        at,
        payload,
    })
}
