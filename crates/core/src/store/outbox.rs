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
    let json = serde_json::to_string(&payload).map_err(|source| crate::Error::Encoding {
        what: "an event".into(),
        source,
    })?;
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
    let payload: EventPayload =
        serde_json::from_str(payload).map_err(|source| crate::Error::Encoding {
            what: format!("event {id}"),
            source,
        })?;
    Ok(Event {
        id,
        correlation_id: CorrelationId(correlation),
        at,
        payload,
    })
}

fn query(conn: &rusqlite::Connection, filter: &str, value: &str) -> Result<Vec<Event>> {
    let sql = format!(
        "SELECT id, correlation_id, created_at, payload FROM events WHERE {filter} = ?1 ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([value], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    rows.map(|row| {
        let (id, correlation, at, payload) = row?;
        decode(id, correlation, at, &payload)
    })
    .collect()
}

/// Every event about one entity ('resource:17'), oldest first.
pub(crate) fn for_entity(
    conn: &rusqlite::Connection,
    entity: &crate::events::EntityKey,
) -> Result<Vec<Event>> {
    query(conn, "entity", &entity.to_string())
}

/// Every event of one user action, oldest first.
pub(crate) fn for_correlation(
    conn: &rusqlite::Connection,
    correlation: &str,
) -> Result<Vec<Event>> {
    query(conn, "correlation_id", correlation)
}

/// Hands an event to its handlers again (jobs still unfinished are not doubled).
pub(crate) fn redeliver(tx: &Transaction<'_>, id: crate::events::EventId) -> Result<()> {
    if tx.execute("UPDATE events SET dispatched = 0 WHERE id = ?1", [id])? == 0 {
        return Err(crate::Error::NotFound { kind: "event", id });
    }
    Ok(())
}
