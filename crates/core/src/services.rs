//! Shared state that handlers and the `Library` both use. The bus only
//! passes it through to handlers; it never looks inside. Not a place for
//! database state: what can be read from SQLite is read from it.

use crate::db::Db;
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
    /// The services of a library being opened. The similarity index waits
    /// for [`load_similarity`](Self::load_similarity), which the library
    /// runs in the background once it is open.
    pub(crate) fn new(search: Option<Arc<SearchIndex>>, facts: FactRegistry) -> Self {
        let services = Services {
            search,
            facts,
            ..Services::default()
        };
        services.similarity.start_loading();
        services
    }

    /// Fills the similarity index from the database, a page at a time so
    /// no reader is held long and handlers keep inserting meanwhile. Lookups
    /// go ahead once it returns, even if a page could not be read (that is
    /// logged: what was read is still searched).
    pub(crate) fn load_similarity(&self, db: &Db) {
        const PAGE: i64 = 20_000;
        let mut after = 0;
        loop {
            let page = db.read(|conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT id, perceptual_hash, COALESCE(perceptual_hash_mirror, perceptual_hash)
                       FROM resources
                      WHERE perceptual_hash IS NOT NULL AND id > ?1
                      ORDER BY id LIMIT ?2",
                )?;
                let rows = stmt.query_map([after, PAGE], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)? as u64,
                        r.get::<_, i64>(2)? as u64,
                    ))
                })?;
                Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
            });
            match page {
                Ok(page) => {
                    self.similarity.load(&page);
                    match page.last() {
                        Some(&(id, _, _)) if page.len() as i64 == PAGE => after = id,
                        _ => break,
                    }
                }
                Err(err) => {
                    tracing::warn!(error = %err, "could not load the perceptual hashes");
                    break;
                }
            }
        }
        self.similarity.finish_loading();
    }
}
