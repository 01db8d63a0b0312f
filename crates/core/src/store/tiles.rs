//! The grid's view of resources: just what a tile draws, with the state of
//! the work still to do on each, cheap enough to page through 100,000 rows.

use rusqlite::{Connection, Row};
use serde::Serialize;

use crate::error::Result;
use crate::model::{Page, ResourceId};
use crate::search::SortOrder;

/// Where a resource's background work stands, as a tile shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TileState {
    /// Nothing left to do.
    Ready,
    /// Work is queued (or waiting for a retry after a failure).
    Waiting,
    Processing,
    /// A handler gave up on it: the activity panel has the error and Retry.
    Failed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tile {
    pub id: ResourceId,
    pub name: String,
    pub content_type: String,
    pub availability: crate::model::Availability,
    pub state: TileState,
    pub has_thumbnail: bool,
    /// Its pictures keep transparency (they are stored as PNG only then):
    /// the page puts a checkerboard behind these alone, not behind every
    /// PNG.
    pub transparent: bool,
    /// Changes when the file's bytes do, so a page can refetch its image.
    pub content_rev: i64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The content type of its companion (the raw file of a RAW+JPEG
    /// pair), for a small "RAW" mark on the tile.
    pub companion_type: Option<String>,
    /// The person's rating, label and flag.
    pub marks: crate::marks::Marks,
    /// A file in a watched folder (indexed in place, not copied): deleting
    /// it for good moves the file itself to the system trash.
    pub in_watched_folder: bool,
    /// When it was moved to the Trash (UTC ms); `None` outside it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub trashed_at: Option<i64>,
}

// A resource whose event is not yet turned into jobs has no jobs to look at:
// it is waiting too, as long as its thumbnail is not there.
const SELECT: &str = "SELECT r.id, r.name, r.content_type, r.availability,
        r.thumbnail, r.content_rev, r.width, r.height,
        (SELECT CASE WHEN SUM(j.state = 'dead') > 0 THEN 3
                     WHEN SUM(j.state = 'running') > 0 THEN 2
                     WHEN COUNT(*) > 0 THEN 1 ELSE 0 END
           FROM jobs j WHERE j.entity = 'resource:' || r.id),
        EXISTS (SELECT 1 FROM events e
                 WHERE e.entity = 'resource:' || r.id AND e.dispatched = 0),
        (SELECT c.content_type FROM resources c WHERE c.companion_of = r.id LIMIT 1),
        (SELECT json_extract(m.value, '$.integer') FROM resource_facts m
          WHERE m.resource_id = r.id AND m.key = 'rating' AND m.source = 'person'),
        (SELECT json_extract(m.value, '$.text') FROM resource_facts m
          WHERE m.resource_id = r.id AND m.key = 'label' AND m.source = 'person'),
        (SELECT json_extract(m.value, '$.text') FROM resource_facts m
          WHERE m.resource_id = r.id AND m.key = 'flag' AND m.source = 'person'),
        r.watched_folder_id IS NOT NULL, r.trashed_at
    FROM resources r";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Tile> {
    let thumbnail: Option<String> = row.get(4)?;
    let undispatched: bool = row.get(9)?;
    let state = match row.get::<_, i64>(8)? {
        3 => TileState::Failed,
        2 => TileState::Processing,
        1 => TileState::Waiting,
        _ if undispatched => TileState::Waiting,
        _ => TileState::Ready,
    };
    Ok(Tile {
        id: row.get(0)?,
        name: row.get(1)?,
        content_type: row.get(2)?,
        availability: row.get(3)?,
        state,
        has_thumbnail: thumbnail.is_some(),
        transparent: thumbnail.is_some_and(|t| t.ends_with(".png")),
        content_rev: row.get(5)?,
        width: row.get(6)?,
        height: row.get(7)?,
        companion_type: row.get(10)?,
        marks: crate::marks::Marks::from_stored(
            row.get(11)?,
            row.get::<_, Option<String>>(12)?.as_deref(),
            row.get::<_, Option<String>>(13)?.as_deref(),
        ),
        in_watched_folder: row.get(14)?,
        trashed_at: row.get(15)?,
    })
}

/// How a built-in order is written in SQL (a fact's order has no SQL
/// here: store/listing.rs builds it from two index walks, as SQL could only
/// sort the whole library for any page).
struct Ordering {
    /// Inside the page's sub-select.
    inner: &'static str,
    /// The same order read from the other end, for pages nearer the end.
    inner_reversed: &'static str,
}

/// A listing's order: SQL for a built-in one, else a fact's.
enum Order<'a> {
    Sql(Ordering),
    Fact { key: &'a str, descending: bool },
}

fn ordering(sort: &SortOrder) -> Order<'_> {
    let built_in = |inner: &'static str, inner_reversed: &'static str| {
        Order::Sql(Ordering {
            inner,
            inner_reversed,
        })
    };
    match sort {
        // The item's date (taken, else the file's, else added); see
        // 009_item_date.sql. Each built-in order has an index that lists
        // what the grid shows (016_grid_pages.sql).
        SortOrder::Relevance | SortOrder::Newest => {
            built_in("r.date_local DESC, r.id DESC", "r.date_local ASC, r.id ASC")
        }
        SortOrder::Oldest => built_in("r.date_local ASC, r.id ASC", "r.date_local DESC, r.id DESC"),
        SortOrder::Name => built_in(
            "r.name COLLATE NOCASE ASC, r.id ASC",
            "r.name COLLATE NOCASE DESC, r.id DESC",
        ),
        SortOrder::Largest => built_in("r.size DESC, r.id DESC", "r.size ASC, r.id ASC"),
        SortOrder::Smallest => built_in("r.size ASC, r.id ASC", "r.size DESC, r.id DESC"),
        SortOrder::Fact { key, descending } => Order::Fact {
            key,
            descending: *descending,
        },
    }
}

/// The condition that leaves out what the grid does not show: items in
/// the Trash, and companions (the raw file of a RAW+JPEG pair) when the
/// library shows pairs as one item.
fn visible(hide_companions: bool) -> &'static str {
    if hide_companions {
        "WHERE r.trashed_at IS NULL AND r.companion_of IS NULL"
    } else {
        "WHERE r.trashed_at IS NULL"
    }
}

/// The Trash, most recently trashed first (companions go with their item
/// and are not listed on their own).
pub(crate) fn trashed(conn: &Connection) -> Result<Vec<Tile>> {
    let sql = format!(
        "{SELECT} WHERE r.trashed_at IS NOT NULL
           AND (r.companion_of IS NULL
                OR NOT EXISTS (SELECT 1 FROM resources o
                                WHERE o.id = r.companion_of AND o.trashed_at IS NOT NULL))
         ORDER BY r.trashed_at DESC, r.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The number of items a blank listing shows: every resource less the few
/// it leaves out, each of which a small partial index lists, so a million
/// items are counted without reading a million rows (the grid and the
/// progress snapshot ask all the time).
pub(crate) fn count(conn: &Connection, hide_companions: bool) -> Result<u64> {
    let all: i64 = conn.query_row("SELECT COUNT(*) FROM resources", [], |r| r.get(0))?;
    let trashed: i64 = conn.query_row(
        "SELECT COUNT(*) FROM resources WHERE trashed_at IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    let companions: i64 = if hide_companions {
        conn.query_row(
            "SELECT COUNT(*) FROM resources
              WHERE companion_of IS NOT NULL AND trashed_at IS NULL",
            [],
            |r| r.get(0),
        )?
    } else {
        0
    };
    Ok((all - trashed - companions).max(0) as u64)
}

/// One page of the whole library in `sort` order ("relevance" has no meaning
/// without a query and lists the newest first), of the `total` items it
/// shows. SQLite reaches an offset by stepping over every row before it, so
/// a page in the second half is read from the other end: no page is more
/// than half the library away from where its index starts.
pub(crate) fn page(
    conn: &Connection,
    sort: &SortOrder,
    page: Page,
    total: u64,
    hide_companions: bool,
) -> Result<Vec<Tile>> {
    let order = match ordering(sort) {
        Order::Sql(order) => order,
        Order::Fact { key, descending } => {
            let ids = super::listing::by_fact(conn, key, descending, hide_companions)?;
            let from = usize::try_from(page.offset).map_or(ids.len(), |o| o.min(ids.len()));
            let to = (from + page.limit as usize).min(ids.len());
            return of(conn, &ids[from..to]);
        }
    };
    let limit = u64::from(page.limit);
    let from_end = page.offset > total / 2 && page.offset < total;
    let (inner, limit, offset) = if from_end {
        // The rows [offset, offset + limit) are, counted from the end,
        // [total - offset - limit, total - offset).
        let end = total - page.offset;
        (
            order.inner_reversed,
            limit.min(end),
            end.saturating_sub(limit),
        )
    } else {
        (order.inner, limit, page.offset)
    };
    // The page's ids are picked first, so the per-tile work state is looked
    // up for the rows shown only, not for every row the sort visits; the
    // outer query puts them in the listing's order either way.
    let sql = format!(
        "{SELECT} JOIN (SELECT r.id FROM resources r {visible}
             ORDER BY {inner} LIMIT ?1 OFFSET ?2) page
           ON page.id = r.id ORDER BY {outer}",
        visible = visible(hide_companions),
        outer = order.inner,
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params![limit as i64, offset as i64], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many resources fall on each local day of their date (days since
/// 1970-01-01), oldest first.
pub(crate) fn day_counts(conn: &Connection, hide_companions: bool) -> Result<Vec<(i64, u64)>> {
    // The dates in order, counted here: in this order SQLite reads the date
    // index alone (0.1 s at a million items), where grouping by the day in
    // SQL read every table row and sorted them (2.2 s).
    let mut stmt = conn.prepare_cached(&day_counts_sql(hide_companions))?;
    let mut rows = stmt.query([])?;
    let mut days: Vec<(i64, u64)> = Vec::new();
    while let Some(row) = rows.next()? {
        let day = row.get::<_, i64>(0)?.div_euclid(DAY_MS);
        match days.last_mut() {
            Some((last, count)) if *last == day => *count += 1,
            _ => days.push((day, 1)),
        }
    }
    Ok(days)
}

const DAY_MS: i64 = 86_400_000;

fn day_counts_sql(hide_companions: bool) -> String {
    format!(
        "SELECT r.date_local FROM resources r {} ORDER BY r.date_local, r.id",
        visible(hide_companions)
    )
}

/// Every resource id in `sort` order, for selecting everything.
pub(crate) fn all_ids(
    conn: &Connection,
    sort: &SortOrder,
    hide_companions: bool,
) -> Result<Vec<ResourceId>> {
    let order = match ordering(sort) {
        Order::Sql(order) => order,
        Order::Fact { key, descending } => {
            return super::listing::by_fact(conn, key, descending, hide_companions);
        }
    };
    let sql = format!(
        "SELECT r.id FROM resources r {} ORDER BY {}",
        visible(hide_companions),
        order.inner
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tiles of `ids`, in that order; ids that no longer exist are left out.
pub(crate) fn of(conn: &Connection, ids: &[ResourceId]) -> Result<Vec<Tile>> {
    let sql = format!("{SELECT} WHERE r.id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut tiles = Vec::with_capacity(ids.len());
    for &id in ids {
        let mut rows = stmt.query_map([id], from_row)?;
        if let Some(tile) = rows.next() {
            tiles.push(tile?);
        }
    }
    Ok(tiles)
}

/// The id of the newest event: any change to the library moves it, so a
/// front can tell cheaply whether what it shows may be stale.
pub(crate) fn last_event_id(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT COALESCE(MAX(id), 0) FROM events", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_timeline_reads_the_date_index_alone_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::db::Db::open(&dir.path().join("t.db")).unwrap();
        for hide_companions in [false, true] {
            let plan: Vec<String> = db
                .read(|c| {
                    let sql = format!("EXPLAIN QUERY PLAN {}", day_counts_sql(hide_companions));
                    let mut stmt = c.prepare(&sql)?;
                    let rows = stmt.query_map([], |r| r.get(3))?;
                    Ok(rows.collect::<rusqlite::Result<_>>()?)
                })
                .unwrap();
            let plan = plan.join("; ");
            assert!(
                plan.contains("COVERING INDEX resources_shown_by_date")
                    || plan.contains("USING INDEX resources_shown_by_date"),
                "{plan}"
            );
            assert!(!plan.contains("TEMP B-TREE"), "{plan}");
        }
    }

    #[test]
    fn days_before_1970_are_counted_on_their_own_day() {
        assert_eq!((-1i64).div_euclid(DAY_MS), -1);
        assert_eq!((-DAY_MS).div_euclid(DAY_MS), -1);
        assert_eq!((-DAY_MS - 1).div_euclid(DAY_MS), -2);
        assert_eq!((DAY_MS - 1).div_euclid(DAY_MS), 0);
    }
}
