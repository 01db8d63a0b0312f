//! How results are printed: JSON for scripts, plain lines for people.

use mahres_core::duplicates::{DuplicateGroup, DuplicateKind, Similar};
use mahres_core::events::Event;
use mahres_core::model::{Group, Note, Resource, ResourceDetails, Tag};
use mahres_core::watch::ReconcileReport;
use mahres_core::{BusStatus, FailedJob, ImportReport, SearchItem, SearchResults, WatchedFolder};
use serde::Serialize;

pub struct Output {
    pub json: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    /// Progress bars and other decoration: only for a person at a terminal.
    pub fn decorate(&self) -> bool {
        !self.json && crate::stderr_is_terminal()
    }

    fn print_json<T: Serialize + ?Sized>(&self, value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(err) => eprintln!("error: could not encode the result as JSON: {err}"),
        }
    }

    pub fn value<T: Serialize + ?Sized>(&self, value: &T, text: impl FnOnce() -> String) {
        if self.json {
            self.print_json(value);
        } else {
            let text = text();
            if !text.is_empty() {
                println!("{text}");
            }
        }
    }

    pub fn import(&self, report: &ImportReport) {
        if self.json {
            return self.print_json(report);
        }
        let bytes: u64 = report.imported.iter().map(|i| i.size).sum();
        println!(
            "recorded {} file(s), {}{}",
            report.imported.len(),
            human_size(bytes),
            if report.failed.is_empty() {
                String::new()
            } else {
                format!("; {} failed", report.failed.len())
            }
        );
        for failure in &report.failed {
            println!("  failed: {}: {}", escape(&failure.path), failure.error);
        }
        if report.verified && !report.imported.is_empty() {
            println!("every copy was read back and matches its original");
        }
        if report.from_removable_media && report.originals_safe_to_remove() {
            println!("the originals are safe to remove: every copy is on disk");
        }
    }

    pub fn export(&self, report: &mahres_core::export::ExportReport) {
        if self.json {
            return self.print_json(report);
        }
        println!(
            "exported {} item(s), {} to {}{}",
            report.exported,
            human_size(report.bytes),
            escape(&report.folder),
            if report.skipped > 0 {
                format!("; {} already there", report.skipped)
            } else {
                String::new()
            }
        );
        for failure in &report.failed {
            println!(
                "  failed: #{} {}: {}",
                failure.resource_id,
                escape(&failure.name),
                failure.error
            );
        }
    }

    pub fn verify(&self, report: &mahres_core::verify::VerifyReport, repaired: bool) {
        use mahres_core::verify::ProblemKind;
        if self.json {
            return self.print_json(report);
        }
        let rate = report.bytes as f64 / report.seconds.max(0.001);
        println!(
            "checked {} file(s), {} in {:.1} s ({}/s)",
            report.checked,
            human_size(report.bytes),
            report.seconds,
            human_size(rate as u64)
        );
        if report.not_yet_hashed > 0 {
            println!(
                "  {} not read yet (their first hash is still to come)",
                report.not_yet_hashed
            );
        }
        if report.offline > 0 {
            println!(
                "  {} in watched folders that are offline, not checked",
                report.offline
            );
        }
        for problem in &report.problems {
            let kind = match problem.kind {
                ProblemKind::Damaged => "damaged",
                ProblemKind::Missing => "missing",
                ProblemKind::Changed => "changed",
                ProblemKind::Unreadable => "unreadable",
            };
            let what = if problem.repaired {
                format!("repaired from {}", escape(&problem.original_path))
            } else if problem.repairable {
                format!("can be repaired from {}", escape(&problem.original_path))
            } else {
                problem.detail.clone()
            };
            println!(
                "{kind:<10} #{} {}: {what}  ({})",
                problem.resource_id,
                escape(&problem.name),
                escape(&problem.path)
            );
        }
        if !report.stray_copies.is_empty() {
            println!(
                "{} {} cop{} in the store that no item owns ({})",
                if report.strays_removed {
                    "removed"
                } else {
                    "found"
                },
                report.stray_copies.len(),
                if report.stray_copies.len() == 1 {
                    "y"
                } else {
                    "ies"
                },
                human_size(report.stray_bytes)
            );
        }
        let open = report.problems.iter().filter(|p| !p.repaired).count();
        let repairable = report
            .problems
            .iter()
            .filter(|p| p.repairable && !p.repaired)
            .count();
        if report.is_clean() {
            println!("{}", if repaired { "all well now" } else { "all well" });
        } else {
            println!("{open} problem(s)");
            if !repaired && (repairable > 0 || !report.stray_copies.is_empty()) {
                println!(
                    "run `mahres verify --repair` to restore {repairable} from their originals{}",
                    if report.stray_copies.is_empty() {
                        ""
                    } else {
                        " and remove the stray copies"
                    }
                );
            }
        }
    }

    pub fn status(&self, status: &BusStatus) {
        if self.json {
            return self.print_json(status);
        }
        println!(
            "{:<12} {:>9} {:>8} {:>7} {:>6} {:>9} {:>8} {:>12}",
            "handler", "pending", "running", "failed", "dead", "done", "per sec", "oldest wait"
        );
        for h in &status.handlers {
            println!(
                "{:<12} {:>9} {:>8} {:>7} {:>6} {:>9} {:>8.1} {:>12}",
                h.name,
                h.counts.pending,
                h.counts.running,
                h.counts.failed,
                h.counts.dead,
                h.counts.done,
                h.per_second,
                h.oldest_pending_ms
                    .map(human_duration)
                    .unwrap_or_else(|| "-".into())
            );
        }
        if let Some(progress) = status.reindexing {
            println!(
                "rebuilding the search index: {}/{} documents",
                progress.done, progress.total
            );
        }
        if status.undispatched > 0 {
            println!("{} event(s) not yet dispatched", status.undispatched);
        }
        println!(
            "{}",
            if status.idle {
                "idle: nothing pending"
            } else if !status.processing {
                "work is pending; it runs while the app is open, or with `mahres wait`"
            } else if status.paused {
                "paused"
            } else {
                "processing"
            }
        );
    }

    pub fn resources(&self, resources: &[Resource]) {
        if self.json {
            return self.print_json(resources);
        }
        for r in resources {
            println!(
                "{:>6}  {:<24} {:>9}  {}",
                r.id,
                r.content_type,
                human_size(r.size),
                escape(&r.name)
            );
        }
    }

    /// The Trash: id, how long ago it was deleted, name, and whether the
    /// file is a watched folder's (which deleting for good moves to the
    /// system trash).
    pub fn trashed(&self, tiles: &[mahres_core::Tile]) {
        if self.json {
            return self.print_json(tiles);
        }
        if tiles.is_empty() {
            println!("the Trash is empty");
            return;
        }
        let now = mahres_core::model::now_ms();
        for tile in tiles {
            let ago = tile
                .trashed_at
                .map(|at| ago(now.saturating_sub(at).max(0) as u64))
                .unwrap_or_default();
            let watched = if tile.in_watched_folder {
                "  (file in a watched folder)"
            } else {
                ""
            };
            println!(
                "{:>6}  {:>12}  {}{watched}",
                tile.id,
                ago,
                escape(&tile.name)
            );
        }
    }

    pub fn removal(&self, report: &mahres_core::RemovalReport) {
        if self.json {
            return self.print_json(report);
        }
        println!("deleted {} item(s) for good", report.removed);
        if report.moved_to_system_trash > 0 {
            println!(
                "{} file(s) of watched folders moved to the system trash",
                report.moved_to_system_trash
            );
        }
        for failure in &report.failed {
            println!(
                "  kept {:>6}  {}: {}",
                failure.id,
                escape(&failure.name),
                failure.reason
            );
        }
    }

    pub fn resource(&self, details: &ResourceDetails) {
        if self.json {
            return self.print_json(details);
        }
        let r = &details.resource;
        let dims = match (r.width, r.height) {
            (Some(w), Some(h)) => format!("{w} × {h}"),
            _ => "-".into(),
        };
        let rows = [
            ("id", r.id.to_string()),
            ("name", escape(&r.name)),
            ("original", escape(&r.original_path)),
            ("stored", r.stored_path.clone()),
            (
                "type",
                match &details.name_mismatch {
                    // "text/plain (named .png, but it is a text file)"
                    Some(words) => format!("{} ({words})", r.content_type),
                    None => r.content_type.clone(),
                },
            ),
            ("size", format!("{} ({} bytes)", human_size(r.size), r.size)),
            ("md5", r.md5.clone().unwrap_or_else(|| "-".into())),
            ("dimensions", dims),
            ("date", item_date(r)),
            (
                "phash",
                r.perceptual_hash.clone().unwrap_or_else(|| "-".into()),
            ),
            (
                "thumbnail",
                r.thumbnail
                    .clone()
                    .or_else(|| r.media_note.clone())
                    .unwrap_or_else(|| "-".into()),
            ),
            ("preview", r.preview.clone().unwrap_or_else(|| "-".into())),
            ("description", r.description.clone()),
            ("tags", r.tags.join(", ")),
            (
                "groups",
                r.groups
                    .iter()
                    .map(|g| g.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                "attached",
                details
                    .companions
                    .iter()
                    .map(|c| format!("{} ({})", escape(&c.name), c.content_type))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                "notes",
                details
                    .notes
                    .iter()
                    .map(|n| n.title.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ];
        for (key, value) in rows {
            println!("{key:<12} {value}");
        }
        // Facts, under their group's heading, as the details pane shows them.
        let mut group = "";
        for fact in &details.facts {
            if fact.group != group {
                group = &fact.group;
                println!("{}", group.to_lowercase());
            }
            let unit = fact
                .unit
                .as_deref()
                .map(|u| format!(" {u}"))
                .unwrap_or_default();
            println!("  {:<18} {}{unit}", fact.label, escape(&fact.text));
        }
        if details.processing.is_empty() {
            println!("{:<12} done", "processing");
        }
        for job in &details.processing {
            let error = job
                .last_error
                .as_deref()
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            println!(
                "{:<12} {} {:?}{error}",
                "processing", job.handler, job.state
            );
        }
    }

    pub fn failures(&self, jobs: &[FailedJob]) {
        if self.json {
            return self.print_json(jobs);
        }
        if jobs.is_empty() {
            println!("no failed jobs");
        }
        for job in jobs {
            let what = match (&job.resource_name, job.resource_id) {
                (Some(name), Some(id)) => format!("{} (resource {id})", escape(name)),
                (None, Some(id)) => format!("resource {id} (deleted)"),
                _ => job.event_type.clone(),
            };
            println!(
                "job {:>6}  {:<10} {:<6} attempts {}  {}: {}",
                job.job_id,
                job.handler,
                format!("{:?}", job.state).to_lowercase(),
                job.attempts,
                what,
                job.error
            );
        }
    }

    pub fn events(&self, events: &[Event]) {
        if self.json {
            return self.print_json(events);
        }
        for e in events {
            let payload = serde_json::to_string(&e.payload).unwrap_or_default();
            println!("{:>8}  {}  {}  {payload}", e.id, e.at, e.correlation_id);
        }
    }

    /// An item's history: one block per action, newest first.
    pub fn history(&self, history: &mahres_core::audit::ItemHistory) {
        for step in &history.steps {
            println!(
                "{}  {}  ({})",
                time(step.at),
                step.title,
                step.correlation_id
            );
            for entry in &step.entries {
                println!(
                    "  {:>8}  {}  {}",
                    entry.event_id,
                    time(entry.at),
                    entry.what
                );
                for work in &entry.work {
                    let error = work.last_error.as_deref().unwrap_or("");
                    println!("            {} {}: {error}", work.handler, work.state);
                }
            }
        }
    }

    pub fn search(&self, results: &SearchResults) {
        if self.json {
            return self.print_json(results);
        }
        for result in &results.results {
            match &result.item {
                SearchItem::Resource(r) => {
                    println!("{:>6}  {:<10} {}", r.id, "resource", escape(&r.name))
                }
                SearchItem::Note(n) => println!("{:>6}  {:<10} {}", n.id, "note", escape(&n.title)),
                SearchItem::Group(g) => {
                    println!("{:>6}  {:<10} {}", g.id, "group", escape(&g.name))
                }
            }
        }
        println!("{} match(es)", results.total);
    }

    pub fn duplicates(&self, groups: &[DuplicateGroup]) {
        if self.json {
            return self.print_json(groups);
        }
        if groups.is_empty() {
            println!("no duplicates");
        }
        for group in groups {
            let kind = match group.kind {
                DuplicateKind::Exact => "exact copies",
                DuplicateKind::Near => "similar images",
            };
            println!("{kind}:");
            for r in &group.resources {
                println!(
                    "  {:>6}  {:>9}  {}",
                    r.id,
                    human_size(r.size),
                    escape(&r.name)
                );
            }
        }
    }

    pub fn similar(&self, similar: &[Similar]) {
        if self.json {
            return self.print_json(similar);
        }
        if similar.is_empty() {
            println!("nothing similar");
        }
        for s in similar {
            let mirrored = if s.mirrored { " (mirrored)" } else { "" };
            println!(
                "{:>6}  distance {:>2}{mirrored}  {}",
                s.resource.id,
                s.distance,
                escape(&s.resource.name)
            );
        }
    }

    pub fn reconciled(&self, reports: &[ReconcileReport]) {
        if self.json {
            return self.print_json(reports);
        }
        for r in reports {
            if !r.online {
                println!(
                    "{}: offline (the folder is not there); its files are marked offline",
                    r.path
                );
                continue;
            }
            println!(
                "{}: {} added, {} changed, {} moved, {} missing, {} back ({} files looked at)",
                r.path, r.added, r.changed, r.moved, r.missing, r.restored, r.scanned
            );
            for failure in &r.failed {
                println!("  skipped: {}: {}", escape(&failure.path), failure.error);
            }
        }
    }

    pub fn watched(&self, folders: &[WatchedFolder]) {
        if self.json {
            return self.print_json(folders);
        }
        if folders.is_empty() {
            println!("no watched folders");
        }
        for f in folders {
            let state = if f.online { "online" } else { "offline" };
            println!(
                "{:>4}  {:<8} {:>7} files  {}",
                f.id, state, f.resource_count, f.path
            );
            if f.missing_count > 0 {
                println!(
                    "        {} missing (gone from disk; `mahres watch prune {}` removes them)",
                    f.missing_count, f.id
                );
            }
            if !f.rules.include.is_empty() {
                println!("        include: {}", f.rules.include.join(" "));
            }
            println!("        exclude: {}", f.rules.exclude.join(" "));
        }
    }

    pub fn albums(&self, albums: &[mahres_core::AlbumCount]) {
        if self.json {
            return self.print_json(albums);
        }
        if albums.is_empty() {
            println!("no albums (save a search with `mahres album save NAME QUERY`)");
        }
        for a in albums {
            let count = match (a.count, &a.problem) {
                (Some(n), _) => n.to_string(),
                (None, _) => "-".into(),
            };
            let problem = a
                .problem
                .as_deref()
                .map(|p| format!("  (its search no longer runs: {p})"))
                .unwrap_or_default();
            println!("{count:>6}  {}{problem}", escape(&a.album.name));
        }
    }

    pub fn album(&self, album: &mahres_core::Album, page: &mahres_core::TilePage) {
        if self.json {
            #[derive(serde::Serialize)]
            struct Shown<'a> {
                album: &'a mahres_core::Album,
                total: u64,
                tiles: &'a [mahres_core::Tile],
            }
            return self.print_json(&Shown {
                album,
                total: page.total,
                tiles: &page.tiles,
            });
        }
        let query = if album.query.is_empty() {
            "(everything)"
        } else {
            &album.query
        };
        println!(
            "{}: {}  sorted by {}",
            escape(&album.name),
            escape(query),
            album.sort
        );
        for tile in &page.tiles {
            println!("{:>6}  {}", tile.id, escape(&tile.name));
        }
        let shown = page.tiles.len() as u64;
        if shown < page.total {
            println!("{} item(s), first {shown} shown (--limit)", page.total);
        } else {
            println!("{} item(s)", page.total);
        }
    }

    pub fn tags(&self, tags: &[Tag]) {
        if self.json {
            return self.print_json(tags);
        }
        for t in tags {
            println!("{:>6}  {}", t.resource_count, t.name);
        }
    }

    pub fn groups(&self, groups: &[Group]) {
        if self.json {
            return self.print_json(groups);
        }
        for g in groups {
            println!(
                "{:>6}  {} ({} resources)",
                g.id,
                g.name,
                g.resource_ids.len()
            );
        }
    }

    pub fn notes(&self, notes: &[Note]) {
        if self.json {
            return self.print_json(notes);
        }
        for n in notes {
            println!("{:>6}  {}", n.id, n.title);
        }
    }
}

/// Names may hold newlines or control characters; print them visibly.
fn escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

pub fn human_duration(ms: u64) -> String {
    match ms / 1000 {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m{:02}s", s / 60, s % 60),
        s => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// "5m00s ago", "3 days ago".
/// A moment in this machine's local time, to the second.
fn time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        })
        .unwrap_or_else(|| ms.to_string())
}

fn ago(ms: u64) -> String {
    const DAY: u64 = 86_400_000;
    match ms / DAY {
        0 => format!("{} ago", human_duration(ms)),
        1 => "1 day ago".into(),
        days => format!("{days} days ago"),
    }
}

/// "2019-07-14 18:42 (taken)": the item's date (local wall-clock time) and
/// where it comes from.
fn item_date(r: &mahres_core::model::Resource) -> String {
    let shown = mahres_core::FactValue::Timestamp {
        utc_ms: r.date,
        offset_minutes: None,
    }
    .display();
    let source = match r.date_source {
        mahres_core::model::DateSource::Taken => "taken",
        mahres_core::model::DateSource::File => "file's time",
        mahres_core::model::DateSource::Added => "added",
    };
    format!("{} ({source})", shown.get(..16).unwrap_or(&shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_names_print_readably() {
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(20_000_000), "20.0 MB");
        assert_eq!(escape("a\nb"), "a\\nb");
        assert_eq!(human_duration(61_000), "1m01s");
    }
}
