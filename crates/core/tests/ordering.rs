//! Events for one resource reach a handler in order, and no handler writes a
//! stale result over a newer state.

mod common;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use mahres_core::events::{Event, EventKind, EventPayload, ResourceField};
use mahres_core::model::ResourceEdit;
use mahres_core::{FieldValue, Handler, HandlerContext, HandlerError, WriteOutcome};

/// Copies a resource's name into its description. A job that reads a name
/// ending in "-slow" signals the test and waits at the gate first, so the test
/// can change the resource while the job is in flight.
struct Echo {
    gate: Arc<Gate>,
    started: Mutex<mpsc::Sender<String>>,
    outcomes: Mutex<Vec<WriteOutcome>>,
}

impl Handler for Echo {
    fn name(&self) -> &'static str {
        "echo"
    }
    fn subscribes_to(&self) -> &'static [EventKind] {
        &[EventKind::ResourceUpdated]
    }
    fn wants(&self, event: &EventPayload) -> bool {
        event.touches_resource(&[ResourceField::Name])
            && !matches!(event, EventPayload::ResourceCreated { .. })
    }
    fn concurrency(&self) -> usize {
        4
    }
    fn handle(&self, ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        let id = event.payload.resource_id().unwrap();
        let Some(resource) = ctx.resource(id)? else {
            return Ok(());
        };
        if resource.name.ends_with("-slow") {
            let _ = self.started.lock().unwrap().send(resource.name.clone());
            self.gate.wait();
        }
        let outcome = ctx.write_resource(
            id,
            resource.content_rev,
            &[(
                ResourceField::Description,
                FieldValue::Text(resource.name.clone()),
            )],
        )?;
        self.outcomes.lock().unwrap().push(outcome);
        Ok(())
    }
}

fn echo() -> (Arc<Echo>, mpsc::Receiver<String>, Arc<Gate>) {
    let gate = Arc::new(Gate::default());
    let (tx, rx) = mpsc::channel();
    let echo = Arc::new(Echo {
        gate: gate.clone(),
        started: Mutex::new(tx),
        outcomes: Mutex::default(),
    });
    (echo, rx, gate)
}

fn rename(name: &str) -> ResourceEdit {
    ResourceEdit {
        name: Some(name.into()),
        description: None,
    }
}

/// A library with one resource, renamed to `name`, whose echo job has
/// started and waits at the gate.
struct Held {
    _source: tempfile::TempDir,
    _dir: tempfile::TempDir,
    _release: OpenOnDrop,
    echo: Arc<Echo>,
    gate: Arc<Gate>,
    library: mahres_core::Library,
    id: i64,
    seen: String,
}

async fn renamed_and_held(name: &str) -> Held {
    let source = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_bytes(&source.path().join("a.bin"), 10, 1);
    let (echo, started, gate) = echo();
    let release = OpenOnDrop(gate.clone());
    let library = open(dir.path(), vec![echo.clone()]).await;
    let report = library.import(vec![source.path().into()]).await.unwrap();
    let id = report.imported[0].resource_id;
    library.edit_resource(id, rename(name)).await.unwrap();
    let seen = tokio::task::spawn_blocking(move || started.recv_timeout(Duration::from_secs(10)))
        .await
        .unwrap()
        .expect("the job started");
    Held {
        _source: source,
        _dir: dir,
        _release: release,
        echo,
        gate,
        library,
        id,
        seen,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_later_update_waits_for_the_earlier_one_so_the_newest_state_wins() {
    let held = renamed_and_held("first-slow").await;
    let (library, id, gate) = (&held.library, held.id, &held.gate);
    let seen = held.seen;
    assert_eq!(seen, "first-slow");

    // While the first job is held, a second rename arrives. With free
    // concurrency slots, only per-resource ordering keeps its job waiting.
    library.edit_resource(id, rename("second")).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let details = library.resource(id).await.unwrap();
    assert_eq!(
        details.resource.description, "",
        "the second job ran before the first finished"
    );

    gate.open();
    wait_idle(library, Duration::from_secs(30)).await;
    let resource = library.resource(id).await.unwrap().resource;
    assert_eq!(resource.name, "second");
    assert_eq!(
        resource.description, "second",
        "a stale result overwrote the newer one"
    );
    library.close(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_then_delete_leaves_no_stale_write_behind() {
    let held = renamed_and_held("doomed-slow").await;
    let (library, id, gate, echo) = (&held.library, held.id, &held.gate, &held.echo);
    library.delete_permanently(vec![id]).await.unwrap();
    gate.open();
    wait_idle(library, Duration::from_secs(30)).await;

    assert_eq!(*echo.outcomes.lock().unwrap(), vec![WriteOutcome::Stale]);
    assert!(library.resource(id).await.is_err());
    let events = library
        .events_for(mahres_core::events::EntityKey::resource(id))
        .await
        .unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.payload.kind().as_str()).collect();
    assert_eq!(
        kinds,
        ["resource.created", "resource.updated", "resource.deleted"],
        "nothing was written after the delete"
    );
    library.close(Duration::from_secs(1)).await;
}
