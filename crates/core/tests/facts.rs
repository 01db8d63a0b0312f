//! The handler seam: a handler defined here, and nowhere else, declares
//! facts and records them; from that declaration alone they are stored,
//! shown (`mahres show --json` prints `Library::resource` as JSON), found by
//! words and `key:value` filters, sorted, and re-indexed when they change.

mod common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use common::{open, wait_idle};
use mahres_core::events::{Event, EventKind, EventPayload, ResourceField};
use mahres_core::model::Page;
use mahres_core::watch::FolderRules;
use mahres_core::{
    FactKind, FactSpec, FactValue, Handler, HandlerContext, HandlerError, Library, SortOrder,
    TileQuery, handlers,
};

/// Reads `key=value` lines from text files: a stand-in for a metadata
/// reader, with facts of every kind.
struct Notebook;

static NOTEBOOK_FACTS: &[FactSpec] = &[
    FactSpec::new("iso", "ISO", FactKind::Integer)
        .group("Camera")
        .about("sensitivity the photo was taken at")
        .filter()
        .sort(),
    FactSpec::new("lens", "Lens", FactKind::Text)
        .group("Camera")
        .about("the lens's model")
        .words()
        .filter(),
    FactSpec::new("exposure", "Exposure", FactKind::Real)
        .group("Camera")
        .unit("s")
        .filter(),
    FactSpec::new("taken", "Date taken", FactKind::Timestamp)
        .group("Time")
        .filter()
        .sort(),
    FactSpec::new("clip_length", "Length", FactKind::Duration)
        .filter()
        .sort(),
    FactSpec::new("keywords", "Keywords", FactKind::List)
        .words()
        .filter(),
    FactSpec::new("spot", "Place", FactKind::GeoPoint).group("Place"),
    // Shown, not searched: a private detail must not leak into search.
    FactSpec::new("serial", "Serial number", FactKind::Text).group("Camera"),
];

impl Handler for Notebook {
    fn name(&self) -> &'static str {
        "notebook"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::ResourceCreated, EventKind::ResourceUpdated]
    }

    fn wants(&self, event: &EventPayload) -> bool {
        event.touches_resource(&[ResourceField::Content])
    }

    fn facts(&self) -> &'static [FactSpec] {
        NOTEBOOK_FACTS
    }

    fn handle(&self, ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        let Some(id) = event.payload.resource_id() else {
            return Ok(());
        };
        let Some(resource) = ctx.resource(id)? else {
            return Ok(());
        };
        let text = std::fs::read_to_string(ctx.file_path(&resource))
            .map_err(|e| HandlerError::Transient(e.to_string()))?;
        let mut found = Vec::new();
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let fact = match key {
                "iso" => ("iso", FactValue::integer(value.parse().unwrap())),
                "lens" => ("lens", FactValue::text(value)),
                "exposure" => ("exposure", FactValue::real(value.parse().unwrap())),
                "taken" => (
                    "taken",
                    FactValue::Timestamp {
                        utc_ms: value.parse().unwrap(),
                        offset_minutes: Some(120),
                    },
                ),
                "clip_length" => (
                    "clip_length",
                    FactValue::duration_ms(value.parse().unwrap()),
                ),
                "keywords" => (
                    "keywords",
                    FactValue::list(value.split(',').map(str::to_string).collect()),
                ),
                "spot" => {
                    let (lat, lon) = value.split_once(',').unwrap();
                    (
                        "spot",
                        FactValue::GeoPoint {
                            latitude: lat.parse().unwrap(),
                            longitude: lon.parse().unwrap(),
                        },
                    )
                }
                "serial" => ("serial", FactValue::text(value)),
                "undeclared" => ("undeclared", FactValue::text(value)),
                _ => continue,
            };
            found.push(fact);
        }
        ctx.write_facts(id, resource.content_rev, found)?;
        Ok(())
    }
}

/// The default handlers with the notebook in place of the metadata reader,
/// whose keys (iso, lens, taken…) the notebook declares for itself, and
/// without the document reader, whose `text` of these notes is not what
/// these tests look at.
fn with_notebook() -> Vec<Arc<dyn Handler>> {
    let mut all = handlers::default_handlers();
    all.retain(|h| h.name() != "metadata" && h.name() != "document");
    all.push(Arc::new(Notebook));
    all
}

/// 2008-05-17 12:03:22 UTC.
const MAY_2008: i64 = 1_211_025_802_000;
/// 2019-03-01 00:00:00 UTC.
const MARCH_2019: i64 = 1_551_398_400_000;

fn write_notes(dir: &Path) {
    let notes = [
        (
            "canon.txt",
            format!(
                "iso=800\nlens=EF 50mm f/1.4 USM\nexposure=0.004\ntaken={MAY_2008}\nkeywords=beach,Sunset\nspot=-33.85678,151.21529\nserial=SN-4471\n"
            ),
        ),
        (
            "leica.txt",
            format!(
                "iso=100\nlens=Summilux-M 35mm\nexposure=0.5\ntaken={MARCH_2019}\nclip_length=187000\nkeywords=city\n"
            ),
        ),
        ("plain.txt", "nothing to see here\n".to_string()),
        ("nikon.txt", "iso=3200\nlens=AF-S 50mm\n".to_string()),
    ];
    for (name, text) in notes {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

async fn id_named(library: &Library, name: &str) -> i64 {
    let resources = library.resources(Page::default()).await.unwrap();
    resources
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("{name} is in the library"))
        .id
}

async fn names_found(library: &Library, query: &str, sort: SortOrder) -> Vec<String> {
    let results = library
        .search(query.into(), sort, Page::default())
        .await
        .unwrap_or_else(|e| panic!("`{query}` runs: {e}"));
    results
        .results
        .into_iter()
        .map(|hit| match hit.item {
            mahres_core::SearchItem::Resource(r) => r.name,
            other => panic!("only resources match: {other:?}"),
        })
        .collect()
}

async fn names_listed(library: &Library, sort: SortOrder) -> Vec<String> {
    let page = library
        .tiles(TileQuery {
            query: String::new(),
            sort,
            offset: 0,
            limit: 100,
        })
        .await
        .unwrap();
    page.tiles.into_iter().map(|t| t.name).collect()
}

fn set(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_declared_here_adds_facts_that_show_filter_and_sort() {
    let dir = tempfile::tempdir().unwrap();
    let sources = tempfile::tempdir().unwrap();
    write_notes(sources.path());
    let library = open(dir.path(), with_notebook()).await;
    library
        .import(vec![sources.path().to_path_buf()])
        .await
        .unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;

    // Shown: what `mahres show --json` prints, in declaration order, with
    // label, group, unit and the value written out.
    let canon = id_named(&library, "canon.txt").await;
    let details = library.resource(canon).await.unwrap();
    let json = serde_json::to_value(&details).unwrap();
    let facts = json["facts"].as_array().expect("facts in show --json");
    let keys: Vec<&str> = facts.iter().map(|f| f["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "iso", "lens", "exposure", "serial", "taken", "keywords", "spot"
        ],
        "grouped (Camera, Time, Details, Place: as first declared), declaration order within"
    );
    let fact = |key: &str| facts.iter().find(|f| f["key"] == key).unwrap().clone();
    assert_eq!(fact("iso")["label"], "ISO");
    assert_eq!(fact("iso")["group"], "Camera");
    assert_eq!(fact("iso")["value"]["integer"], 800);
    assert_eq!(fact("exposure")["unit"], "s");
    assert_eq!(fact("exposure")["text"], "0.004");
    assert_eq!(fact("taken")["text"], "2008-05-17 14:03:22 +02:00");
    assert_eq!(fact("taken")["value"]["offset_minutes"], 120);
    assert_eq!(fact("spot")["text"], "33.85678° S, 151.21529° E");
    assert_eq!(fact("keywords")["text"], "beach, Sunset");
    assert_eq!(fact("serial")["source"], "notebook");

    // Found: by a word of a `words` fact, by filters of each kind.
    let found = |q: &'static str| names_found(&library, q, SortOrder::Relevance);
    assert_eq!(found("summilux").await, ["leica.txt"]);
    assert_eq!(found("sunset").await, ["canon.txt"], "list words");
    assert!(found("SN-4471").await.is_empty(), "not declared searchable");
    assert_eq!(set(found("iso:>=800").await), ["canon.txt", "nikon.txt"]);
    assert_eq!(found("iso:100..799").await, ["leica.txt"]);
    assert_eq!(set(found("lens:50mm").await), ["canon.txt", "nikon.txt"]);
    assert_eq!(found(r#"lens:"ef 50mm""#).await, ["canon.txt"]);
    assert_eq!(found("-lens:ef lens:50mm").await, ["nikon.txt"]);
    assert_eq!(found("keywords:beach").await, ["canon.txt"]);
    assert_eq!(found("exposure:>0.1").await, ["leica.txt"]);
    assert_eq!(found("taken:2008-05").await, ["canon.txt"]);
    assert_eq!(found("clip_length:>3m").await, ["leica.txt"]);
    assert!(found("clip_length:<3m").await.is_empty());

    // A filter it cannot read says so, and names the fact filters.
    let err = library
        .search("colour:red".into(), SortOrder::Relevance, Page::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("iso:") && err.contains("keywords:"), "{err}");
    let err = library
        .search("iso:lots".into(), SortOrder::Relevance, Page::default())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("`lots` is not a whole number"), "{err}");

    // Sorted, in a search (the index) and in the whole listing (SQL); those
    // without the fact come last in both directions.
    let iso = |descending| SortOrder::Fact {
        key: "iso".into(),
        descending,
    };
    let by_iso_down = ["nikon.txt", "canon.txt", "leica.txt", "plain.txt"];
    let by_iso_up = ["leica.txt", "canon.txt", "nikon.txt", "plain.txt"];
    assert_eq!(names_found(&library, "txt", iso(true)).await, by_iso_down);
    assert_eq!(names_found(&library, "txt", iso(false)).await, by_iso_up);
    assert_eq!(names_listed(&library, iso(true)).await, by_iso_down);
    assert_eq!(names_listed(&library, iso(false)).await, by_iso_up);
    let by_date: SortOrder = "taken:desc".parse().unwrap();
    assert_eq!(
        names_found(&library, "txt", by_date).await[..2],
        ["leica.txt", "canon.txt"]
    );

    // The search help lists each filterable fact, from its declaration.
    let help = library.search_help();
    let iso_help = help.filters.iter().find(|f| f.name == "iso").unwrap();
    assert_eq!(iso_help.about, "ISO: sensitivity the photo was taken at");
    assert!(help.filters.iter().any(|f| f.name == "clip_length"));
    assert!(
        !help
            .filters
            .iter()
            .any(|f| f.name == "serial" || f.name == "spot")
    );
    assert!(help.text().contains("iso:desc"), "{}", help.text());

    // The sort menu offers both directions of each sortable fact.
    let labels: Vec<String> = library
        .sort_choices()
        .into_iter()
        .map(|c| c.label)
        .collect();
    assert!(
        labels.contains(&"ISO, highest first".to_string()),
        "{labels:?}"
    );
    assert!(labels.contains(&"Date taken, oldest first".to_string()));
    assert!(!labels.iter().any(|l| l.starts_with("Lens")));
    let unknown = library
        .tiles(TileQuery {
            sort: "lens:asc".parse().unwrap(),
            limit: 10,
            ..TileQuery::default()
        })
        .await
        .unwrap_err()
        .to_string();
    assert!(unknown.contains("`lens` is not a sort"), "{unknown}");
    library.close(Duration::from_secs(5)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facts_found_again_for_new_bytes_replace_the_old_ones_in_search() {
    let dir = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("shot.txt");
    std::fs::write(&file, "iso=800\nlens=Old Lens\nkeywords=beach\n").unwrap();
    let library = open(dir.path(), with_notebook()).await;
    library
        .watch_add(folder.path().to_path_buf(), FolderRules::default())
        .await
        .unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    let found = |q: &'static str| names_found(&library, q, SortOrder::Relevance);
    assert_eq!(found("lens:old").await, ["shot.txt"]);
    assert_eq!(found("iso:800").await, ["shot.txt"]);

    // New bytes, read by a pass over the folder: the old facts go, the new
    // ones are found, and the search follows without a rebuild.
    std::fs::write(&file, "iso=1600\nlens=New Lens Longer\n").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(old)
        .unwrap();
    library.reconcile().await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    assert!(found("lens:old").await.is_empty(), "old words forgotten");
    assert!(
        found("keywords:beach").await.is_empty(),
        "a fact not found again is gone"
    );
    assert!(found("iso:800").await.is_empty());
    assert_eq!(found("iso:1600").await, ["shot.txt"]);
    assert_eq!(found("lens:longer").await, ["shot.txt"]);
    let id = id_named(&library, "shot.txt").await;
    let keys: Vec<String> = library
        .resource(id)
        .await
        .unwrap()
        .facts
        .into_iter()
        .map(|f| f.key)
        .collect();
    assert_eq!(keys, ["iso", "lens"]);

    // Every change of facts is one event naming the keys: what the index
    // handler is woken by.
    let events = library
        .events_for(mahres_core::events::EntityKey::resource(id))
        .await
        .unwrap();
    let named: Vec<Vec<String>> = events
        .iter()
        .filter_map(|e| match &e.payload {
            EventPayload::ResourceUpdated { fields, facts, .. }
                if fields.contains(&ResourceField::Facts) =>
            {
                Some(facts.clone())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        named,
        [
            vec!["iso", "keywords", "lens"], // first found
            vec!["iso", "keywords", "lens"], // dropped with the old bytes
            vec!["iso", "lens"],             // found again
        ]
    );
    library.close(Duration::from_secs(5)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_writing_an_undeclared_fact_fails_plainly_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sources = tempfile::tempdir().unwrap();
    let file = sources.path().join("odd.txt");
    std::fs::write(&file, "iso=5\nundeclared=x\n").unwrap();
    let library = open(dir.path(), with_notebook()).await;
    library.import(vec![file]).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    let id = id_named(&library, "odd.txt").await;
    assert!(library.resource(id).await.unwrap().facts.is_empty());
    let failures = library
        .failures(mahres_core::FailureFilter::All, 10)
        .await
        .unwrap();
    let failure = failures
        .iter()
        .find(|f| f.handler == "notebook")
        .expect("a dead letter");
    assert!(
        failure
            .error
            .contains("wrote fact `undeclared`, which it does not declare"),
        "{failure:?}"
    );
    library.close(Duration::from_secs(5)).await;
}

#[tokio::test]
async fn a_library_does_not_open_with_a_fact_that_shadows_a_filter() {
    struct Shadows;
    impl Handler for Shadows {
        fn name(&self) -> &'static str {
            "shadows"
        }
        fn subscribes_to(&self) -> &'static [EventKind] {
            &[]
        }
        fn facts(&self) -> &'static [FactSpec] {
            static SPECS: &[FactSpec] = &[FactSpec::new("size", "Size", FactKind::Integer)];
            SPECS
        }
        fn handle(&self, _: &HandlerContext, _: &Event) -> Result<(), HandlerError> {
            Ok(())
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let opened = Library::open(
        mahres_core::LibraryOptions::new(dir.path()).handlers(vec![Arc::new(Shadows)]),
    )
    .await;
    let err = opened.err().expect("refused").to_string();
    assert!(err.contains("built-in search filter"), "{err}");
}
