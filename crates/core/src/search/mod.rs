//! Full-text search with tantivy. The database is the source of truth: the
//! index can always be rebuilt from it, and is, when it is missing or broken.

mod document;
mod query;
mod schema;
mod tokenizer;

pub use document::IndexDocument;
pub(crate) use document::{all_keys, changed_since, load as document_for};
pub use query::{BUILT_IN_FILTERS, FilterHelp, QueryError, filter_help};
pub use schema::category;

use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tantivy::collector::Count;
use tantivy::columnar::ColumnType;
use tantivy::schema::Value;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, Order, ReloadPolicy, SegmentReader,
    TantivyDocument, Term,
};

use crate::events::EntityKey;
use crate::facts::{FactKind, FactRegistry};

use schema::Fields;

/// How long a change may wait before it is searchable. The committer wakes
/// this often; a commit takes a few milliseconds more.
pub const COMMIT_INTERVAL: Duration = Duration::from_millis(250);
const WRITER_MEMORY: usize = 50_000_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("{0}")]
    Query(#[from] QueryError),
    #[error("the search index is open read-only here")]
    ReadOnly,
    #[error("`{0}` is not a sort here; sorts are {1}")]
    UnknownSort(String, String),
}

/// How results are ordered. Written as a word: `relevance`, `newest`,
/// `oldest`, `name`, `largest`, `smallest`, or a sortable fact's key with a
/// direction, `iso:desc` / `iso:asc` (a bare key is ascending). Items
/// without the fact come last either way.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
#[serde(into = "String", try_from = "String")]
pub enum SortOrder {
    #[default]
    Relevance,
    Newest,
    Oldest,
    Name,
    Largest,
    Smallest,
    Fact {
        key: String,
        descending: bool,
    },
}

impl SortOrder {
    const WORDS: [(&'static str, SortOrder); 6] = [
        ("relevance", SortOrder::Relevance),
        ("newest", SortOrder::Newest),
        ("oldest", SortOrder::Oldest),
        ("name", SortOrder::Name),
        ("largest", SortOrder::Largest),
        ("smallest", SortOrder::Smallest),
    ];

    /// The sorts a person can choose, with what a menu shows for each: the
    /// built-in ones, then both directions of every sortable fact.
    pub fn choices(facts: &FactRegistry) -> Vec<SortChoice> {
        let built_in = [
            "Best match",
            "Date, newest first",
            "Date, oldest first",
            "Name",
            "Largest first",
            "Smallest first",
        ];
        let mut choices: Vec<SortChoice> = Self::WORDS
            .iter()
            .zip(built_in)
            .map(|((_, sort), label)| SortChoice {
                sort: sort.clone(),
                label: label.to_string(),
            })
            .collect();
        for spec in facts.specs().iter().filter(|s| s.sort) {
            let (high, low) = match spec.kind {
                FactKind::Timestamp => ("newest first", "oldest first"),
                FactKind::Duration => ("longest first", "shortest first"),
                _ => ("highest first", "lowest first"),
            };
            for (descending, words) in [(true, high), (false, low)] {
                choices.push(SortChoice {
                    sort: SortOrder::Fact {
                        key: spec.key.to_string(),
                        descending,
                    },
                    label: format!("{}, {words}", spec.label),
                });
            }
        }
        choices
    }
}

/// What a front shows as the search language's help: every filter and
/// sort, the facts' included.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHelp {
    pub filters: Vec<FilterHelp>,
    pub sorts: Vec<SortChoice>,
}

impl SearchHelp {
    pub fn new(facts: &FactRegistry) -> Self {
        Self {
            filters: filter_help(facts),
            sorts: SortOrder::choices(facts),
        }
    }

    /// The help as plain text, for `mahres search --help`.
    pub fn text(&self) -> String {
        let mut out = String::from("Filters (name:value):\n");
        for f in &self.filters {
            out.push_str(&format!(
                "  {:<14} {} — {}\n",
                format!("{}:", f.name),
                f.about,
                f.value
            ));
        }
        out.push_str("\nSorts (--sort):\n");
        for s in &self.sorts {
            out.push_str(&format!("  {:<22} {}\n", s.sort.to_string(), s.label));
        }
        out
    }
}

/// The declaration of a fact a sort names, if it is one that sorts.
pub(crate) fn sortable_fact<'a>(
    facts: &'a FactRegistry,
    key: &str,
) -> Result<&'a crate::facts::FactSpec, SearchError> {
    facts.get(key).filter(|s| s.sort).ok_or_else(|| {
        let sorts = SortOrder::choices(facts)
            .into_iter()
            .map(|c| c.sort.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        SearchError::UnknownSort(key.to_string(), sorts)
    })
}

/// One entry of a sort menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SortChoice {
    pub sort: SortOrder,
    pub label: String,
}

impl fmt::Display for SortOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SortOrder::Fact { key, descending } => {
                write!(f, "{key}:{}", if *descending { "desc" } else { "asc" })
            }
            other => {
                let word = Self::WORDS
                    .iter()
                    .find(|(_, s)| s == other)
                    .map(|(w, _)| *w);
                f.write_str(word.unwrap_or("relevance"))
            }
        }
    }
}

impl std::str::FromStr for SortOrder {
    type Err = String;

    /// Reads the written form. Whether a fact key names a sortable fact is
    /// checked when a search runs, against the library's handlers.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim().to_ascii_lowercase();
        if let Some((_, sort)) = Self::WORDS.iter().find(|(w, _)| *w == text) {
            return Ok(sort.clone());
        }
        let (key, descending) = match text.rsplit_once(':') {
            Some((key, "desc")) => (key, true),
            Some((key, "asc")) => (key, false),
            Some(_) => return Err(format!("`{text}` is not a sort: write KEY:asc or KEY:desc")),
            None => (text.as_str(), false),
        };
        let well_formed = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !well_formed {
            return Err(format!("`{text}` is not a sort"));
        }
        Ok(SortOrder::Fact {
            key: key.to_string(),
            descending,
        })
    }
}

impl From<SortOrder> for String {
    fn from(sort: SortOrder) -> String {
        sort.to_string()
    }
}

impl TryFrom<String> for SortOrder {
    type Error = String;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

/// How far a search index rebuild (or catch-up after a crash) has got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReindexProgress {
    pub done: u64,
    pub total: u64,
}

/// One match: which entity, and how well it matched (relevance sort only).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub key: EntityKey,
    pub score: Option<f32>,
}

const DAY_MS: i64 = 86_400_000;

/// The index's one writer. The library lock already keeps other processes
/// out, so a writer lock that is busy belongs to this process's previous
/// opening, whose threads are letting go (a library closed and opened again
/// at once, as Retry does): wait for it, a little.
fn open_writer(index: &Index) -> Result<IndexWriter, SearchError> {
    let deadline = std::time::Instant::now() + Duration::from_secs(3);
    loop {
        match index.writer(WRITER_MEMORY) {
            Err(tantivy::TantivyError::LockFailure(..)) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            other => return Ok(other?),
        }
    }
}

pub struct SearchIndex {
    index: Index,
    fields: Fields,
    /// The facts that filters and sorts may name.
    facts: FactRegistry,
    reader: IndexReader,
    writer: Option<Mutex<IndexWriter>>,
    dirty: AtomicBool,
    /// Highest event id whose change is in the writer; saved with each
    /// commit so a restart knows what the index has seen.
    applied_event: AtomicI64,
    /// Event id up to which changes are searchable (committed and reloaded).
    searchable_event: AtomicI64,
    /// Told the searchable event id at every commit, for whoever shows
    /// when a change can be found.
    commits: tokio::sync::watch::Sender<i64>,
    /// Leave out companions (the raw of a RAW+JPEG pair): the library's
    /// `raw_jpeg_pairs` setting.
    hide_companions: AtomicBool,
    closed: Arc<AtomicBool>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

/// Whether opening found an index to trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// Holds everything up to this event id.
    Current { event_id: i64 },
    /// Was missing or unreadable and was created empty: rebuild it.
    Fresh,
}

impl SearchIndex {
    /// Opens (or creates) the index in `dir`. A corrupt index is moved aside
    /// and replaced by an empty one, reported as [`Opened::Fresh`].
    pub fn open(
        dir: &Path,
        writable: bool,
        facts: FactRegistry,
    ) -> Result<(Arc<Self>, Opened), SearchError> {
        let (schema, fields) = schema::build();
        let existing = dir.join("meta.json").exists();
        let opened = if existing {
            tantivy::directory::MmapDirectory::open(dir)
                .map_err(tantivy::TantivyError::from)
                .and_then(Index::open)
                .ok()
                .filter(|index| index.schema() == schema)
        } else {
            None
        };
        let (mut index, fresh) = match opened {
            Some(index) => (index, false),
            None if !writable => return Err(SearchError::ReadOnly),
            None => {
                if dir.exists() {
                    tracing::warn!(dir = %dir.display(), "search index missing or unreadable; rebuilding it");
                    let _ = std::fs::remove_dir_all(dir);
                }
                std::fs::create_dir_all(dir).map_err(|e| {
                    tantivy::TantivyError::from(
                        tantivy::directory::error::OpenDirectoryError::wrap_io_error(
                            e,
                            dir.to_path_buf(),
                        ),
                    )
                })?;
                (Index::create_in_dir(dir, schema)?, true)
            }
        };
        schema::register_tokenizers(&index);
        // A search reads its segments on up to as many threads as the
        // machine has cores (at most four): a prefix query matching tens of
        // thousands of items in a million is counted and scored segment by
        // segment, and one thread left the other core idle while a person
        // waited. Falls back to the calling thread if no pool can be made.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        if threads > 1
            && let Err(err) = index.set_multithread_executor(threads)
        {
            tracing::warn!(%err, "searching on one thread");
        }
        let event_id = index
            .load_metas()?
            .payload
            .and_then(|p| p.parse::<i64>().ok())
            .unwrap_or(0);
        let writer = if writable {
            Some(Mutex::new(open_writer(&index)?))
        } else {
            None
        };
        let reader = index
            .reader_builder()
            .reload_policy(if writable {
                ReloadPolicy::Manual
            } else {
                ReloadPolicy::OnCommitWithDelay
            })
            .try_into()?;
        let search = Arc::new(Self {
            index,
            fields,
            facts,
            reader,
            writer,
            dirty: AtomicBool::new(false),
            applied_event: AtomicI64::new(event_id),
            searchable_event: AtomicI64::new(event_id),
            commits: tokio::sync::watch::Sender::new(event_id),
            closed: Arc::new(AtomicBool::new(false)),
            hide_companions: AtomicBool::new(true),
        });
        if writable {
            spawn_committer(Arc::downgrade(&search), search.closed.clone());
        }
        let opened = if fresh {
            Opened::Fresh
        } else {
            Opened::Current { event_id }
        };
        Ok((search, opened))
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, SearchError> {
        let writer = self.writer.as_ref().ok_or(SearchError::ReadOnly)?;
        Ok(writer.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Replaces the document for `doc.key`.
    pub fn upsert(&self, doc: &IndexDocument, event_id: i64) -> Result<(), SearchError> {
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(self.fields.key, &doc.key.to_string()));
        writer.add_document(doc.to_tantivy(&self.fields))?;
        self.applied(event_id);
        Ok(())
    }

    pub fn delete(&self, key: &EntityKey, event_id: i64) -> Result<(), SearchError> {
        self.writer()?
            .delete_term(Term::from_field_text(self.fields.key, &key.to_string()));
        self.applied(event_id);
        Ok(())
    }

    fn applied(&self, event_id: i64) {
        self.applied_event.fetch_max(event_id, Ordering::SeqCst);
        self.dirty.store(true, Ordering::SeqCst);
    }

    /// Commits pending changes now and makes them searchable.
    pub fn commit(&self) -> Result<(), SearchError> {
        if self.writer.is_none() {
            return Ok(());
        }
        // Checked under the writer lock: a caller that finds nothing to do
        // must not return while another thread's commit is still in flight.
        let mut writer = self.writer()?;
        if !self.dirty.swap(false, Ordering::SeqCst) {
            return Ok(());
        }
        let event_id = self.applied_event.load(Ordering::SeqCst);
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&event_id.to_string());
        let opstamp = prepared.commit()?;
        tracing::debug!(opstamp, event_id, "search index committed");
        // Reloaded before the writer lock is let go, so a caller that found
        // nothing left to commit can search what the last commit held.
        self.reader.reload()?;
        self.searchable_event.fetch_max(event_id, Ordering::SeqCst);
        drop(writer);
        self.commits.send_replace(self.searchable_event());
        Ok(())
    }

    /// Empties the index (before a rebuild). A delete-by-query is ordered
    /// with the writes around it, unlike `delete_all_documents`, which drops
    /// segments at once, even documents added after it but not yet committed.
    pub fn clear(&self) -> Result<(), SearchError> {
        self.writer()?
            .delete_query(Box::new(tantivy::query::AllQuery))?;
        self.dirty.store(true, Ordering::SeqCst);
        Ok(())
    }

    pub fn set_applied_event(&self, event_id: i64) {
        self.applied(event_id);
    }

    /// Runs a query; returns the total number of matches and one page of hits.
    /// Whether searches leave out companions (the library's
    /// `raw_jpeg_pairs` setting; on until told).
    pub fn set_hide_companions(&self, hide: bool) {
        self.hide_companions.store(hide, Ordering::Relaxed);
    }

    fn visible(&self, query: Box<dyn tantivy::query::Query>) -> Box<dyn tantivy::query::Query> {
        use tantivy::query::{BooleanQuery, Occur, TermQuery};
        if !self.hide_companions.load(Ordering::Relaxed) {
            return query;
        }
        let companion = TermQuery::new(
            tantivy::Term::from_field_text(self.fields.has, document::COMPANION),
            tantivy::schema::IndexRecordOption::Basic,
        );
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::MustNot, Box::new(companion)),
        ]))
    }

    pub fn search(
        &self,
        query: &str,
        sort: SortOrder,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<Hit>), SearchError> {
        self.search_kind(query, None, sort, limit, offset)
    }

    /// How many resources matching `query` fall on each day of their date
    /// (local days since 1970-01-01), from the `date` fast field: a
    /// histogram aggregation, so nothing but the counts is collected.
    pub fn day_counts(&self, query: &str) -> Result<Vec<(i64, u64)>, SearchError> {
        use tantivy::aggregation::agg_result::{AggregationResult, BucketEntries, BucketResult};
        use tantivy::aggregation::{AggregationCollector, Key};
        let query = self.visible(query::build(
            &self.index,
            &self.fields,
            &self.facts,
            query,
            Some("resource"),
        )?);
        let request = serde_json::json!({
            "days": {"histogram": {"field": "date", "interval": DAY_MS as f64, "min_doc_count": 1}}
        });
        let aggregations = serde_json::from_value(request).map_err(|e| {
            SearchError::Index(tantivy::TantivyError::InvalidArgument(e.to_string()))
        })?;
        let collector = AggregationCollector::from_aggs(aggregations, Default::default());
        let results = self.reader.searcher().search(&query, &collector)?;
        let mut days = Vec::new();
        if let Some(AggregationResult::BucketResult(BucketResult::Histogram { buckets })) =
            results.0.get("days")
        {
            let entries = match buckets {
                BucketEntries::Vec(entries) => entries.iter().collect::<Vec<_>>(),
                BucketEntries::HashMap(map) => map.values().collect(),
            };
            for entry in entries {
                if let Key::F64(start) = entry.key {
                    days.push(((start / DAY_MS as f64).floor() as i64, entry.doc_count));
                }
            }
        }
        days.sort_unstable();
        Ok(days)
    }

    /// Like [`search`](Self::search), restricted to one kind of entity
    /// (`resource`, `note` or `group`) when `kind` is given.
    pub fn search_kind(
        &self,
        query: &str,
        kind: Option<&str>,
        sort: SortOrder,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<Hit>), SearchError> {
        let query = self.visible(query::build(
            &self.index,
            &self.fields,
            &self.facts,
            query,
            kind,
        )?);
        let searcher = self.reader.searcher();
        let top = tantivy::collector::TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let (total, docs): (usize, Vec<(Option<f32>, DocAddress)>) = match sort {
            SortOrder::Relevance => {
                let (total, docs) = searcher.search(&query, &(Count, top.order_by_score()))?;
                (total, docs.into_iter().map(|(s, d)| (Some(s), d)).collect())
            }
            SortOrder::Newest | SortOrder::Oldest => {
                let order = if sort == SortOrder::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let (total, docs) = searcher.search(
                    &query,
                    &(Count, top.order_by_fast_field::<i64>("date", order)),
                )?;
                (total, docs.into_iter().map(|(_, d)| (None, d)).collect())
            }
            SortOrder::Largest | SortOrder::Smallest => {
                let order = if sort == SortOrder::Largest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let (total, docs) = searcher.search(
                    &query,
                    &(Count, top.order_by_fast_field::<u64>("size", order)),
                )?;
                (total, docs.into_iter().map(|(_, d)| (None, d)).collect())
            }
            SortOrder::Name => {
                let (total, docs) = searcher.search(
                    &query,
                    &(
                        Count,
                        top.order_by_string_fast_field("name_sort", Order::Asc),
                    ),
                )?;
                (total, docs.into_iter().map(|(_, d)| (None, d)).collect())
            }
            SortOrder::Fact { key, descending } => {
                let spec = sortable_fact(&self.facts, &key)?;
                let column = format!("{}.{}", schema::FACT_NUM, spec.key);
                let (total, docs) = searcher.search(
                    &query,
                    &(Count, top.order_by(fact_sort_key(column, descending))),
                )?;
                (total, docs.into_iter().map(|(_, d)| (None, d)).collect())
            }
        };
        let mut hits = Vec::with_capacity(docs.len());
        for (score, address) in docs {
            let doc: TantivyDocument = searcher.doc(address)?;
            let key = doc.get_first(self.fields.key).and_then(|v| v.as_str());
            if let Some(key) = key.and_then(EntityKey::parse) {
                hits.push(Hit { key, score });
            }
        }
        Ok((total, hits))
    }

    /// Number of documents visible to searches now.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Event id up to which the index has applied changes.
    pub fn applied_event(&self) -> i64 {
        self.applied_event.load(Ordering::SeqCst)
    }

    /// Event id up to which changes can be found by a search.
    pub fn searchable_event(&self) -> i64 {
        self.searchable_event.load(Ordering::SeqCst)
    }

    /// Changes each time a commit makes changes searchable.
    pub fn subscribe_commits(&self) -> tokio::sync::watch::Receiver<i64> {
        self.commits.subscribe()
    }

    /// True while applied changes wait for the next commit.
    pub fn has_uncommitted(&self) -> bool {
        // `dirty` is cleared as a commit starts; the reload ends it.
        self.dirty.load(Ordering::SeqCst)
            || self.applied_event.load(Ordering::SeqCst)
                > self.searchable_event.load(Ordering::SeqCst)
    }
}

impl Drop for SearchIndex {
    fn drop(&mut self) {
        self.closed.store(true, Ordering::SeqCst);
        if self.writer.is_some()
            && let Err(err) = self.commit()
        {
            tracing::warn!(error = %err, "could not commit the search index while closing");
        }
    }
}

/// A sort key over a fact's number column that puts documents without the
/// fact last in both directions: sorted high to low on (has it, value),
/// with the value flipped for an ascending sort. The column's u64 form
/// keeps the order of its i64 or f64 values.
fn fact_sort_key(
    column: String,
    descending: bool,
) -> impl Fn(&SegmentReader) -> Box<dyn FnMut(DocId) -> (bool, u64)> + Send + Sync + 'static {
    move |segment: &SegmentReader| {
        let numeric = [ColumnType::I64, ColumnType::F64, ColumnType::U64];
        let column = match segment
            .fast_fields()
            .u64_lenient_for_type(Some(&numeric), &column)
        {
            Ok(Some((column, _))) => column,
            // No document of this segment has the fact.
            Ok(None) | Err(_) => return Box::new(|_| (false, 0)),
        };
        Box::new(move |doc| match column.first(doc) {
            Some(v) if descending => (true, v),
            Some(v) => (true, u64::MAX - v),
            None => (false, 0),
        })
    }
}

/// Commits every [`COMMIT_INTERVAL`] when something changed: many changes
/// share one commit, and none waits long to become searchable.
fn spawn_committer(index: std::sync::Weak<SearchIndex>, closed: Arc<AtomicBool>) {
    let spawned = std::thread::Builder::new()
        .name("search-commit".into())
        .spawn(move || {
            while !closed.load(Ordering::SeqCst) {
                std::thread::sleep(COMMIT_INTERVAL);
                let Some(index) = index.upgrade() else {
                    return;
                };
                if let Err(err) = index.commit() {
                    tracing::warn!(error = %err, "search index commit failed; will try again");
                    index.dirty.store(true, Ordering::SeqCst);
                }
            }
        });
    if let Err(err) = spawned {
        tracing::error!(error = %err, "could not start the search committer; changes are committed at close");
    }
}
