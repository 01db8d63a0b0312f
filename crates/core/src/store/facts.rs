//! The resource_facts table: what handlers found about a resource.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::Result;
use crate::events::{CorrelationId, ResourceField};
use crate::facts::FactValue;
use crate::model::ResourceId;

/// One stored fact: its key, the handler that wrote it, and its value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StoredFact {
    pub key: String,
    pub source: String,
    pub value: FactValue,
}

/// Every fact of a resource, in key order. A row whose value cannot be read
/// (written by a newer version) is skipped rather than failing the resource.
pub(crate) fn of(conn: &Connection, id: ResourceId) -> Result<Vec<StoredFact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, source, value FROM resource_facts WHERE resource_id = ?1 ORDER BY key",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut facts = Vec::new();
    for row in rows {
        let (key, source, json) = row?;
        match serde_json::from_str(&json) {
            Ok(value) => facts.push(StoredFact { key, source, value }),
            Err(err) => {
                tracing::warn!(resource_id = id, %key, error = %err, "unreadable fact skipped")
            }
        }
    }
    Ok(facts)
}

/// Makes `facts` the whole set `source` has found about a resource: keys
/// it no longer reports are removed, unchanged ones are not rewritten.
/// Names the keys that changed, sorted; no revision check, no event (the
/// caller, `bus::handler::write_together`, does both).
pub(crate) fn set_facts(
    tx: &Transaction<'_>,
    id: ResourceId,
    source: &str,
    facts: &[(&str, FactValue)],
) -> Result<Vec<String>> {
    let mut changed: Vec<String> = Vec::new();
    let mut stmt =
        tx.prepare_cached("SELECT key FROM resource_facts WHERE resource_id = ?1 AND source = ?2")?;
    let before: Vec<String> = stmt
        .query_map(params![id, source], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for key in before {
        if !facts.iter().any(|(k, _)| *k == key) {
            tx.prepare_cached("DELETE FROM resource_facts WHERE resource_id = ?1 AND key = ?2")?
                .execute(params![id, key])?;
            changed.push(key);
        }
    }
    for (key, value) in facts {
        let json = serde_json::to_string(value).map_err(|source| crate::Error::Encoding {
            what: format!("fact `{key}`"),
            source,
        })?;
        // `IS NOT` leaves an identical row alone, so a handler run twice
        // changes nothing and emits nothing.
        let written = tx
            .prepare_cached(
                "INSERT INTO resource_facts (resource_id, key, source, value, sort_key)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (resource_id, key) DO UPDATE
                   SET source = excluded.source, value = excluded.value, sort_key = excluded.sort_key
                   WHERE value IS NOT excluded.value OR source IS NOT excluded.source",
            )?
            .execute(params![id, key, source, json, value.sort_key()])?;
        if written > 0 {
            changed.push(key.to_string());
        }
    }
    changed.sort();
    Ok(changed)
}

/// Sets (or clears) the moment a resource was taken, which its date follows
/// (`date_local` in 009_item_date.sql). Part of the same transaction as the
/// facts, whose `resource.updated` re-indexes the resource.
pub(crate) fn set_item_date(
    tx: &Transaction<'_>,
    id: ResourceId,
    taken: Option<(i64, Option<i16>)>,
) -> Result<()> {
    let (at, offset) = taken.unzip();
    tx.prepare_cached("UPDATE resources SET taken_at = ?2, taken_offset = ?3 WHERE id = ?1")?
        .execute(params![id, at, offset.flatten()])?;
    Ok(())
}

/// Drops what handlers found about the old bytes of a resource whose
/// content just changed; they find it again for the new bytes. Returns the
/// keys dropped, for the caller's event.
pub(crate) fn drop_found(tx: &Transaction<'_>, id: ResourceId) -> Result<Vec<String>> {
    set_item_date(tx, id, None)?;
    // A person's marks are about the item, not its bytes: they stay.
    let mut stmt = tx.prepare_cached(
        "DELETE FROM resource_facts WHERE resource_id = ?1 AND source != ?2 RETURNING key",
    )?;
    let mut keys: Vec<String> = stmt
        .query_map(params![id, crate::marks::PERSON], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    keys.sort();
    Ok(keys)
}

/// The value of one of a person's marks on a resource.
pub(crate) fn person_value(
    conn: &Connection,
    id: ResourceId,
    key: &str,
) -> Result<Option<FactValue>> {
    let json: Option<String> = conn
        .prepare_cached(
            "SELECT value FROM resource_facts WHERE resource_id = ?1 AND key = ?2 AND source = ?3",
        )?
        .query_row(params![id, key, crate::marks::PERSON], |r| r.get(0))
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// Sets (or with `None` removes) one of a person's marks on a resource.
/// Returns the value it had when it changed, `None` when it already held
/// `value` (nothing written, no event).
pub(crate) fn set_person(
    tx: &Transaction<'_>,
    id: ResourceId,
    key: &str,
    value: Option<&FactValue>,
    correlation: &CorrelationId,
) -> Result<Option<Option<FactValue>>> {
    super::require(tx, "resources", "resource", id)?;
    let before = person_value(tx, id, key)?;
    if before.as_ref() == value {
        return Ok(None);
    }
    match value {
        Some(value) => {
            let json = serde_json::to_string(value).map_err(|source| crate::Error::Encoding {
                what: format!("mark `{key}`"),
                source,
            })?;
            tx.prepare_cached(
                "INSERT INTO resource_facts (resource_id, key, source, value, sort_key)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (resource_id, key) DO UPDATE
                   SET source = excluded.source, value = excluded.value, sort_key = excluded.sort_key",
            )?
            .execute(params![id, key, crate::marks::PERSON, json, value.sort_key()])?;
        }
        None => {
            tx.prepare_cached("DELETE FROM resource_facts WHERE resource_id = ?1 AND key = ?2")?
                .execute(params![id, key])?;
        }
    }
    super::resources::updated(
        tx,
        id,
        vec![ResourceField::Facts],
        vec![key.to_string()],
        correlation,
    )?;
    Ok(Some(before))
}

/// A resource's rating, label and flag.
pub(crate) fn marks_of(conn: &Connection, id: ResourceId) -> Result<crate::marks::Marks> {
    let rating = person_value(conn, id, "rating")?.and_then(|v| match v {
        FactValue::Integer { integer } => Some(integer),
        _ => None,
    });
    let text = |key| -> Result<Option<String>> {
        Ok(person_value(conn, id, key)?.and_then(|v| match v {
            FactValue::Text { text } => Some(text),
            _ => None,
        }))
    };
    Ok(crate::marks::Marks::from_stored(
        rating,
        text("label")?.as_deref(),
        text("flag")?.as_deref(),
    ))
}
