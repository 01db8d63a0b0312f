//! Shared state that handlers and the `Library` both use. The bus only
//! passes it through to handlers; it never looks inside. Not a place for
//! database state: what can be read from SQLite is read from it.

use rusqlite::Connection;

use crate::error::Result;
use std::sync::Arc;

use tokio::sync::watch;

use crate::facts::FactRegistry;
use crate::search::{ReindexProgress, SearchIndex};
use crate::similarity::SimilarityIndex;

#[derive(Debug, Default)]
pub struct Services {
    pub similarity: SimilarityIndex,
    /// `None` only when the index could not be opened at all.
    pub search: Option<Arc<SearchIndex>>,
    /// `Some(progress)` while the search index is being rebuilt or caught up.
    pub reindexing: watch::Sender<Option<ReindexProgress>>,
    /// What the library's handlers declare they find.
    pub facts: FactRegistry,
}

impl Services {
    pub(crate) fn load(
        conn: &Connection,
        search: Option<Arc<SearchIndex>>,
        facts: FactRegistry,
    ) -> Result<Self> {
        let services = Services {
            search,
            facts,
            ..Services::default()
        };
        let mut stmt = conn.prepare(
            "SELECT id, perceptual_hash, COALESCE(perceptual_hash_mirror, perceptual_hash)
             FROM resources WHERE perceptual_hash IS NOT NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (id, hash, mirrored) = row?;
            services.similarity.insert(id, hash as u64, mirrored as u64);
        }
        Ok(services)
    }
}
