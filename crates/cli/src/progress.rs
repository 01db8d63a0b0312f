//! Progress while importing and while the backlog drains.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use mahres_core::{BusStatus, ImportProgress, Library};

use crate::render::Output;

fn bar(visible: bool, template: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(0),
        if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

pub struct ImportBar {
    bar: ProgressBar,
}

impl ImportBar {
    pub fn new(visible: bool) -> Self {
        Self {
            bar: bar(visible, "recording {bar:30} {pos}/{len} files {msg}"),
        }
    }

    pub fn callback(&self) -> Arc<dyn Fn(ImportProgress) + Send + Sync> {
        let bar = self.bar.clone();
        Arc::new(move |p: ImportProgress| {
            bar.set_length(p.found as u64);
            bar.set_position((p.recorded + p.failed) as u64);
            if p.failed > 0 {
                bar.set_message(format!("({} failed)", p.failed));
            }
        })
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// A spinner with the count of files a watched folder's first walk has
/// recorded (the total is unknown until the walk ends).
pub struct WalkBar {
    bar: ProgressBar,
}

impl WalkBar {
    pub fn new(visible: bool, folder: &std::path::Path) -> Self {
        let bar = ProgressBar::with_draw_target(
            None,
            if visible {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::hidden()
            },
        );
        if let Ok(style) = ProgressStyle::with_template(
            "{spinner} walking {prefix}: {pos} files recorded  {elapsed_precise}",
        ) {
            bar.set_style(style);
        }
        bar.set_prefix(folder.display().to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        Self { bar }
    }

    pub fn callback(&self) -> Arc<mahres_core::watch::WalkProgressFn> {
        let bar = self.bar.clone();
        Arc::new(move |p: mahres_core::watch::WalkProgress| bar.set_position(p.recorded as u64))
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

pub struct ReindexBar {
    bar: ProgressBar,
}

impl ReindexBar {
    pub fn new(visible: bool) -> Self {
        Self {
            bar: bar(visible, "indexing {bar:30} {pos}/{len} documents"),
        }
    }

    pub fn callback(&self) -> Arc<dyn Fn(mahres_core::ReindexProgress) + Send + Sync> {
        let bar = self.bar.clone();
        Arc::new(move |p: mahres_core::ReindexProgress| {
            bar.set_length(p.total);
            bar.set_position(p.done);
        })
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

pub struct ExportBar {
    bar: ProgressBar,
}

impl ExportBar {
    pub fn new(visible: bool) -> Self {
        Self {
            bar: bar(
                visible,
                "exporting {bar:30} {pos}/{len} items  {elapsed_precise}",
            ),
        }
    }

    pub fn callback(&self) -> Arc<mahres_core::export::ExportProgressFn> {
        let bar = self.bar.clone();
        Arc::new(move |p: mahres_core::export::ExportProgress| {
            bar.set_length(p.total);
            bar.set_position(p.done);
        })
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

pub struct VerifyBar {
    bar: ProgressBar,
}

impl VerifyBar {
    pub fn new(visible: bool) -> Self {
        Self {
            bar: bar(
                visible,
                "checking {bar:30} {pos}/{len} files  {msg}  {elapsed_precise}",
            ),
        }
    }

    pub fn callback(&self) -> Arc<mahres_core::verify::VerifyProgressFn> {
        let bar = self.bar.clone();
        let started = std::time::Instant::now();
        Arc::new(move |p: mahres_core::verify::VerifyProgress| {
            bar.set_length(p.total);
            bar.set_position(p.checked);
            let seconds = started.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!(
                "{}/s",
                crate::render::human_size((p.bytes as f64 / seconds) as u64)
            ));
        })
    }

    pub fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// Processes until nothing is pending or running, showing progress. Ctrl-C
/// stops cleanly: running jobs get a moment to finish, the rest stay pending.
/// `before` is the status when the command began (an import starts
/// processing while it is still recording), so the counts cover all its work.
pub async fn wait(library: &Library, out: &Output, before: Option<BusStatus>) -> Result<ExitCode> {
    let mut updates = library
        .subscribe()
        .context("this process is not processing the library's work")?;
    let start = match before {
        Some(before) => before,
        None => library.status().await?,
    };
    let done_at_start = start.total().done;
    let dead_at_start = start.total().dead;
    let bar = bar(
        out.decorate(),
        "processing {bar:30} {pos}/{len} jobs  {elapsed_precise} (eta {eta})  {msg}",
    );
    show(&bar, &start, done_at_start);

    let idle = library.wait_idle();
    tokio::pin!(idle);
    let interrupted = loop {
        tokio::select! {
            finished = &mut idle => {
                finished?;
                break false;
            }
            _ = tokio::signal::ctrl_c() => break true,
            changed = updates.changed() => {
                if changed.is_err() {
                    // The bus stopped publishing; fall back to polling.
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                show(&bar, &updates.borrow_and_update().clone(), done_at_start);
            }
        }
    };
    bar.finish_and_clear();
    if interrupted {
        library.close(crate::SHUTDOWN_GRACE).await;
        let status = library.status().await?;
        let left = status.outstanding;
        eprintln!(
            "interrupted: {left} job(s) left pending; they resume at the next `mahres wait`, import or app start"
        );
        return Ok(ExitCode::from(130));
    }
    let status = library.status().await?;
    if out.json {
        out.value(&status, String::new);
    } else {
        println!(
            "done: {} job(s) processed",
            status.total().done.saturating_sub(done_at_start)
        );
    }
    let new_dead = status.total().dead.saturating_sub(dead_at_start);
    if new_dead > 0 {
        eprintln!(
            "warning: {new_dead} job(s) failed for good; see `mahres jobs failed`, retry with `mahres jobs retry --all`"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn show(bar: &ProgressBar, status: &BusStatus, done_at_start: u64) {
    let total = status.total();
    let done = total.done.saturating_sub(done_at_start);
    // Undispatched events will become at least one job each.
    bar.set_length(done + status.outstanding);
    bar.set_position(done);
    let rates: Vec<String> = status
        .handlers
        .iter()
        .filter(|h| h.per_second > 0.0)
        .map(|h| format!("{} {:.0}/s", h.name, h.per_second))
        .collect();
    let failed = if total.failed + total.dead > 0 {
        format!("  failed {}", total.failed + total.dead)
    } else {
        String::new()
    };
    let indexing = status
        .reindexing
        .map(|p| format!("  indexing {}/{}", p.done, p.total))
        .unwrap_or_default();
    bar.set_message(format!("{}{failed}{indexing}", rates.join("  ")));
}
