//! The whole library listed in one order, held in memory while nothing
//! changes, so that any page of it is a slice.
//!
//! A fact's order (rating, date taken, ISO…) cannot be paged in SQL
//! cheaply: it joins every resource with its fact and puts those without
//! it last, so any page, even the first, sorted the whole library (6.4 s at
//! 1,000,000 items, benches/million.rs). Built from two index walks
//! instead — the fact's rows in order, then every shown id — it takes a
//! fraction of a second once. Built-in orders have indexes of their own:
//! shallow pages stay in SQL (store/tiles.rs), and only a page deep in a
//! big library, where SQL steps over every row before it, builds one.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::error::Result;
use crate::model::ResourceId;
use crate::search::SortOrder;

/// The ids of one listing, as of one moment of the library.
struct Listing {
    sort: SortOrder,
    hide_companions: bool,
    /// The newest event when it was built: any change moves it.
    as_of: i64,
    ids: Arc<Vec<ResourceId>>,
}

/// The most recent listing (one: a person looks at one sort at a time, and
/// a million ids take 8 MB).
#[derive(Default)]
pub(crate) struct Listings {
    last: Mutex<Option<Listing>>,
}

/// A blank query's "relevance" is the newest first: one listing for both.
fn listed_as(sort: &SortOrder) -> &SortOrder {
    match sort {
        SortOrder::Relevance => &SortOrder::Newest,
        other => other,
    }
}

impl Listings {
    /// The listing in `sort` order if the one held is of that sort and
    /// nothing changed since it was built. `conn` should be in a read
    /// transaction, so the listing and the caller's reads agree.
    pub(crate) fn held(
        &self,
        conn: &Connection,
        sort: &SortOrder,
        hide_companions: bool,
    ) -> Result<Option<Arc<Vec<ResourceId>>>> {
        let as_of = super::tiles::last_event_id(conn)?;
        let last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        Ok(last
            .as_ref()
            .filter(|held| {
                held.sort == *listed_as(sort)
                    && held.hide_companions == hide_companions
                    && held.as_of == as_of
            })
            .map(|held| held.ids.clone()))
    }

    /// The listing in `sort` order, built now unless a current one is held.
    pub(crate) fn get(
        &self,
        conn: &Connection,
        sort: &SortOrder,
        hide_companions: bool,
    ) -> Result<Arc<Vec<ResourceId>>> {
        let sort = listed_as(sort);
        let as_of = super::tiles::last_event_id(conn)?;
        // Held while building: a second request for the same listing waits
        // for this one instead of building it again.
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(held) = last.as_ref()
            && held.sort == *sort
            && held.hide_companions == hide_companions
            && held.as_of == as_of
        {
            return Ok(held.ids.clone());
        }
        let ids = Arc::new(match sort {
            SortOrder::Fact { key, descending } => {
                by_fact(conn, key, *descending, hide_companions)?
            }
            built_in => super::tiles::all_ids(conn, built_in, hide_companions)?,
        });
        *last = Some(Listing {
            sort: sort.clone(),
            hide_companions,
            as_of,
            ids: ids.clone(),
        });
        Ok(ids)
    }
}

/// Items with the fact by its value (ties by id), then the others by id,
/// both in the direction asked.
pub(crate) fn by_fact(
    conn: &Connection,
    key: &str,
    descending: bool,
    hide_companions: bool,
) -> Result<Vec<ResourceId>> {
    let hidden = hidden(conn, hide_companions)?;
    let direction = if descending { "DESC" } else { "ASC" };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT resource_id FROM resource_facts
          WHERE key = ?1 AND sort_key IS NOT NULL
          ORDER BY sort_key {direction}, resource_id {direction}"
    ))?;
    let mut ids: Vec<ResourceId> = stmt
        .query_map([key], |r| r.get(0))?
        .filter(|id| id.as_ref().map_or(true, |id| !hidden.contains(id)))
        .collect::<rusqlite::Result<_>>()?;
    let with_fact: HashSet<ResourceId> = ids.iter().copied().collect();
    // Every shown id, from the smallest index that lists them all.
    let mut others: Vec<ResourceId> = {
        let sql = if hide_companions {
            "SELECT id FROM resources INDEXED BY resources_shown_by_size
              WHERE trashed_at IS NULL AND companion_of IS NULL"
        } else {
            "SELECT id FROM resources INDEXED BY resources_shown_by_size
              WHERE trashed_at IS NULL"
        };
        let mut stmt = conn.prepare_cached(sql)?;
        stmt.query_map([], |r| r.get(0))?
            .filter(|id| id.as_ref().map_or(true, |id| !with_fact.contains(id)))
            .collect::<rusqlite::Result<_>>()?
    };
    others.sort_unstable();
    if descending {
        others.reverse();
    }
    ids.extend(others);
    Ok(ids)
}

/// What the grid leaves out, from the small partial indexes that list it.
pub(crate) fn hidden(conn: &Connection, hide_companions: bool) -> Result<HashSet<ResourceId>> {
    let mut hidden = HashSet::new();
    let mut stmt = conn.prepare_cached("SELECT id FROM resources WHERE trashed_at IS NOT NULL")?;
    for id in stmt.query_map([], |r| r.get(0))? {
        hidden.insert(id?);
    }
    if hide_companions {
        let mut stmt =
            conn.prepare_cached("SELECT id FROM resources WHERE companion_of IS NOT NULL")?;
        for id in stmt.query_map([], |r| r.get(0))? {
            hidden.insert(id?);
        }
    }
    Ok(hidden)
}
