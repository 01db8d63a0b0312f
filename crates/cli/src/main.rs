//! `mahres`: the Mahresources library from a terminal. A thin front over
//! `mahres_core::Library`, like the desktop shell.

mod cli;
mod progress;
mod render;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::{CommandFactory, FromArgMatches};
use mahres_core::events::CorrelationId;
use mahres_core::model::{GroupEdit, NoteEdit, Page, ResourceEdit};
use mahres_core::{
    Access, FactRegistry, FailureFilter, Library, LibraryOptions, NoteTarget, SearchHelp,
};

use cli::{
    AlbumCommand, Cli, Command, ConfigCommand, GroupCommand, JobsCommand, NoteCommand, TagCommand,
    TrashCommand, WatchCommand,
};
use render::Output;

/// How long running jobs may take to finish after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The arguments, with the search help listing every filter and sort the
/// library's handlers declare (the help is generated, not kept by hand).
fn parse_arguments() -> Cli {
    let facts =
        FactRegistry::from_handlers(&mahres_core::handlers::default_handlers()).unwrap_or_default();
    let help = format!(
        "{}\n\n{}",
        cli::QUERY_LANGUAGE,
        SearchHelp::new(&facts).text()
    );
    let command = Cli::command().mut_subcommand("search", |search| search.after_help(help));
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}

fn main() -> ExitCode {
    let cli = parse_arguments();
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: could not start: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", one_line(&err));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, skipping a cause whose text the
/// line already holds (the engine's messages embed their causes).
fn one_line(err: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

fn init_tracing() {
    // Quiet by default; RUST_LOG=mahres_core=debug follows one import's
    // correlation id through every handler.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        // nom-exif logs a damaged file's EOF as an error of its own; ours is
        // the per-file outcome the person sees, so its log stays quiet.
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error,nom_exif=off"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

/// Which access each command needs: reads work beside a running app; changes
/// need to own the library; only commands that wait process the backlog.
fn access_for(command: &Command) -> Access {
    match command {
        Command::Import { no_wait: false, .. }
        | Command::Wait
        | Command::Jobs(JobsCommand::Retry { no_wait: false, .. }) => Access::Process,
        Command::Reindex
        | Command::Watch(
            WatchCommand::Add { .. }
            | WatchCommand::Rules { .. }
            | WatchCommand::Scan { .. }
            | WatchCommand::Run,
        ) => Access::Process,
        Command::Watch(WatchCommand::List) => Access::ReadOnly,
        Command::Status
        | Command::Search { .. }
        | Command::List { .. }
        | Command::Show { .. }
        | Command::Events(_)
        | Command::Tag(TagCommand::List)
        | Command::Group(GroupCommand::List | GroupCommand::Show { .. })
        | Command::Note(NoteCommand::List | NoteCommand::Show { .. })
        | Command::Jobs(JobsCommand::Failed { .. })
        | Command::Trash(TrashCommand::List)
        | Command::Album(AlbumCommand::List | AlbumCommand::Show { .. })
        | Command::Config(ConfigCommand::Get { .. }) => Access::ReadOnly,
        _ => Access::RecordOnly,
    }
}

async fn open(cli: &Cli) -> Result<Library> {
    let root = Library::resolve_root(cli.library.clone())?;
    let mut access = access_for(&cli.command);
    if access == Access::ReadOnly
        && !mahres_core::layout::LibraryLayout::new(&root)
            .database()
            .exists()
    {
        // Nothing to read beside: create the library so reads see it empty.
        access = Access::RecordOnly;
    }
    let mut options = LibraryOptions::new(&root).access(access);
    if cli.no_sync {
        options = options.durability(mahres_core::Durability::Relaxed);
    }
    // `watch scan` reconciles itself, to report what it found; `watch add`
    // walks its new folder, and a catch-up pass started beside it could
    // take the folder's first files and leave the walk reporting none.
    options.reconcile_at_start = !matches!(
        cli.command,
        Command::Watch(WatchCommand::Scan { .. } | WatchCommand::Add { .. })
    );
    Library::open(options)
        .await
        .with_context(|| format!("could not open the library at {}", root.display()))
}

async fn run(cli: Cli) -> Result<ExitCode> {
    let library = open(&cli).await?;
    let out = Output::new(cli.json);
    let code = execute(&library, cli.command, &out).await;
    library.close(SHUTDOWN_GRACE).await;
    code
}

fn on_off(on: bool) -> &'static str {
    if on { "on" } else { "off" }
}

fn settings_text(settings: &mahres_core::LibrarySettings) -> String {
    format!(
        "keywords as tags: {}\nraw+jpeg pairs as one item: {}\nverify copies: {}\nsidecars: {}\n\
         trash emptied after: {}",
        on_off(settings.keywords_as_tags),
        on_off(settings.raw_jpeg_pairs),
        on_off(settings.verify_copies),
        settings.sidecars.as_str(),
        match settings.trash_days {
            0 => "never".to_string(),
            days => format!("{days} days"),
        }
    )
}

const SETTING_NAMES: &str = "keywords_as_tags, raw_jpeg_pairs, verify_copies, sidecars, trash_days";

fn setting_value(settings: &mahres_core::LibrarySettings, name: &str) -> Result<String> {
    Ok(match name.replace('-', "_").as_str() {
        "keywords_as_tags" => on_off(settings.keywords_as_tags).into(),
        "raw_jpeg_pairs" => on_off(settings.raw_jpeg_pairs).into(),
        "verify_copies" => on_off(settings.verify_copies).into(),
        "sidecars" => settings.sidecars.as_str().into(),
        "trash_days" => settings.trash_days.to_string(),
        _ => anyhow::bail!("there is no setting `{name}` (the settings: {SETTING_NAMES})"),
    })
}

fn set_setting(settings: &mut mahres_core::LibrarySettings, name: &str, value: &str) -> Result<()> {
    let switch = || crate::cli::parse_on_off(value).map_err(anyhow::Error::msg);
    match name.replace('-', "_").as_str() {
        "keywords_as_tags" => settings.keywords_as_tags = switch()?,
        "raw_jpeg_pairs" => settings.raw_jpeg_pairs = switch()?,
        "verify_copies" => settings.verify_copies = switch()?,
        "sidecars" => settings.sidecars = value.parse().map_err(anyhow::Error::msg)?,
        "trash_days" => {
            settings.trash_days = value.parse().map_err(|_| {
                anyhow::anyhow!(
                    "`{value}` is not a number of days (0 keeps the Trash until emptied)"
                )
            })?
        }
        _ => anyhow::bail!("there is no setting `{name}` (the settings: {SETTING_NAMES})"),
    }
    Ok(())
}

async fn execute(library: &Library, command: Command, out: &Output) -> Result<ExitCode> {
    match command {
        Command::Import {
            paths,
            no_wait,
            verify,
        } => {
            let before = if no_wait {
                None
            } else {
                Some(library.status().await?)
            };
            let bar = progress::ImportBar::new(out.decorate());
            let options = mahres_core::ImportOptions {
                verify,
                progress: Some(bar.callback()),
            };
            let report = library.import_with(paths, options).await?;
            bar.finish();
            out.import(&report);
            let code = if report.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
            if no_wait {
                return Ok(code);
            }
            let waited = progress::wait(library, out, before).await?;
            Ok(if waited == ExitCode::SUCCESS {
                code
            } else {
                waited
            })
        }
        Command::Status => {
            out.status(&library.status().await?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Wait => progress::wait(library, out, None).await,
        Command::List { limit, offset } => {
            let resources = library.resources(Page { limit, offset }).await?;
            out.resources(&resources);
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { id } => {
            out.resource(&library.resource(id).await?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Edit {
            id,
            name,
            description,
        } => {
            let resource = library
                .edit_resource(id, ResourceEdit { name, description })
                .await?;
            out.value(&resource, || format!("resource {id} updated"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Delete {
            ids,
            permanently: false,
            ..
        } => {
            // All or nothing: one transaction for the whole list.
            let moved = library.trash(ids).await?;
            out.value(&moved, || {
                format!("moved {moved} item(s) to the Trash (`mahres undo` puts them back)")
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Delete {
            ids,
            permanently: true,
            yes,
        } => {
            if !yes {
                anyhow::bail!(
                    "{} item(s) would be deleted for good, which cannot be undone (files in \
                     watched folders go to the system trash); run again with --yes",
                    ids.len()
                );
            }
            let report = library.delete_permanently(ids).await?;
            out.removal(&report);
            Ok(exit_for(&report))
        }
        Command::Trash(command) => trash(library, command, out).await,
        Command::Album(command) => album(library, command, out).await,
        Command::Rate { args } => {
            let (ids, stars) = ids_then_value(&args)?;
            let stars: u8 = stars
                .parse()
                .map_err(|_| anyhow::anyhow!("`{stars}` is not a number of stars (0 to 5)"))?;
            mark(library, ids, mahres_core::Mark::Rating { stars }, out).await
        }
        Command::Label { args } => {
            let (ids, label) = ids_then_value(&args)?;
            mark(library, ids, mahres_core::Mark::label_from(label)?, out).await
        }
        Command::Flag { args } => {
            let (ids, flag) = ids_then_value(&args)?;
            mark(library, ids, mahres_core::Mark::flag_from(flag)?, out).await
        }
        Command::Undo | Command::Redo => {
            let undo = matches!(command, Command::Undo);
            let done = if undo {
                library.undo().await?
            } else {
                library.redo().await?
            };
            let verb = if undo { "undid" } else { "redid" };
            match &done {
                Some(reverted) => out.value(reverted, || {
                    let mut text = format!("{verb}: {}", reverted.label);
                    if reverted.skipped > 0 {
                        text.push_str(&format!(
                            " ({} item(s) skipped: deleted for good since)",
                            reverted.skipped
                        ));
                    }
                    text
                }),
                None => out.value(&serde_json::Value::Null, || {
                    format!("nothing to {}", if undo { "undo" } else { "redo" })
                }),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Tag(command) => tag(library, command, out).await,
        Command::Group(command) => group(library, command, out).await,
        Command::Note(command) => note(library, command, out).await,
        Command::Jobs(JobsCommand::Failed { dead, limit }) => {
            let filter = if dead {
                FailureFilter::Dead
            } else {
                FailureFilter::All
            };
            out.failures(&library.failures(filter, limit).await?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Jobs(JobsCommand::Retry { ids, all, no_wait }) => {
            let requeued = library
                .retry_jobs(if all { None } else { Some(ids) })
                .await?;
            if !out.json {
                println!("re-queued {requeued} job(s)");
            }
            if no_wait {
                out.value(&requeued, String::new);
                return Ok(ExitCode::SUCCESS);
            }
            progress::wait(library, out, None).await
        }
        Command::Search {
            query,
            limit,
            offset,
            sort,
        } => {
            let results = library.search(query, sort, Page { limit, offset }).await?;
            out.search(&results);
            Ok(ExitCode::SUCCESS)
        }
        Command::Dupes { threshold } => {
            out.duplicates(&library.duplicates(threshold).await?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Similar { id, threshold } => {
            out.similar(&library.similar(id, threshold).await?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge { keep, others } => {
            let kept = library.merge(keep, others.clone()).await?;
            out.value(&kept, || {
                format!("merged {} resource(s) into {keep}", others.len())
            });
            Ok(ExitCode::SUCCESS)
        }
        Command::Settings {
            keywords_as_tags,
            raw_jpeg_pairs,
            verify_copies,
            sidecars,
        } => {
            let mut settings = library.settings().await?;
            let switches = [keywords_as_tags, raw_jpeg_pairs, verify_copies];
            if switches.iter().any(Option::is_some) || sidecars.is_some() {
                settings.keywords_as_tags = keywords_as_tags.unwrap_or(settings.keywords_as_tags);
                settings.raw_jpeg_pairs = raw_jpeg_pairs.unwrap_or(settings.raw_jpeg_pairs);
                settings.verify_copies = verify_copies.unwrap_or(settings.verify_copies);
                settings.sidecars = sidecars.unwrap_or(settings.sidecars);
                library.set_settings(settings.clone()).await?;
            }
            out.value(&settings, || settings_text(&settings));
            Ok(ExitCode::SUCCESS)
        }
        Command::Config(ConfigCommand::Get { name }) => {
            let settings = library.settings().await?;
            let value = setting_value(&settings, &name)?;
            out.value(&value, || value.clone());
            Ok(ExitCode::SUCCESS)
        }
        Command::Config(ConfigCommand::Set { name, value }) => {
            let mut settings = library.settings().await?;
            set_setting(&mut settings, &name, &value)?;
            library.set_settings(settings.clone()).await?;
            let now = setting_value(&settings, &name)?;
            out.value(&settings, || format!("{name}: {now}"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { folder, query, by } => {
            let bar = progress::ExportBar::new(out.decorate());
            let options = mahres_core::export::ExportOptions {
                layout: by,
                progress: Some(bar.callback()),
            };
            let report = library.export(folder, query, options).await?;
            bar.finish();
            out.export(&report);
            Ok(if report.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        Command::Verify { repair } => {
            let bar = progress::VerifyBar::new(out.decorate());
            let options = mahres_core::verify::VerifyOptions {
                repair,
                progress: Some(bar.callback()),
            };
            let report = library.verify(options).await?;
            bar.finish();
            out.verify(&report, repair);
            Ok(if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        Command::Reindex => {
            let bar = progress::ReindexBar::new(out.decorate());
            let documents = library.reindex(Some(bar.callback())).await?;
            bar.finish();
            out.value(&documents, || format!("indexed {documents} document(s)"));
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch(command) => watch(library, command, out).await,
        Command::Events(args) => {
            if let (Some(id), false) = (args.resource, out.json) {
                // In words and by action, as the app's History shows it.
                out.history(&library.item_history(id).await?);
                return Ok(ExitCode::SUCCESS);
            }
            let events = match (args.resource, args.correlation) {
                (Some(id), _) => {
                    library
                        .events_for(mahres_core::events::EntityKey::resource(id))
                        .await?
                }
                (None, Some(correlation)) => library.events_of(&CorrelationId(correlation)).await?,
                (None, None) => Vec::new(),
            };
            out.events(&events);
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn tag(library: &Library, command: TagCommand, out: &Output) -> Result<ExitCode> {
    match command {
        TagCommand::Add { id, tags } => {
            library.tag_resources(vec![id], tags).await?;
            out.value(&library.resource(id).await?.resource.tags, || {
                format!("resource {id} tagged")
            });
        }
        TagCommand::Remove { id, tags } => {
            library.untag_resources(vec![id], tags).await?;
            out.value(&library.resource(id).await?.resource.tags, || {
                format!("tags removed from {id}")
            });
        }
        TagCommand::List => out.tags(&library.tags().await?),
    }
    Ok(ExitCode::SUCCESS)
}

async fn group(library: &Library, command: GroupCommand, out: &Output) -> Result<ExitCode> {
    match command {
        GroupCommand::Create { name, description } => {
            let group = library.create_group(name, description).await?;
            out.value(&group, || format!("created group {}", group.id));
        }
        GroupCommand::List => out.groups(&library.groups().await?),
        GroupCommand::Show { id } => out.groups(&[library.group(id).await?]),
        GroupCommand::Edit {
            id,
            name,
            description,
        } => {
            let group = library
                .edit_group(id, GroupEdit { name, description })
                .await?;
            out.value(&group, || format!("group {id} updated"));
        }
        GroupCommand::Add { group, resources } => {
            let n = library.add_to_group(group, resources).await?;
            out.value(&n, || format!("added {n} resource(s) to group {group}"));
        }
        GroupCommand::Remove { group, resources } => {
            let n = library.remove_from_group(group, resources).await?;
            out.value(&n, || format!("removed {n} resource(s) from group {group}"));
        }
        GroupCommand::Delete { id } => {
            library.delete_group(id).await?;
            out.value(&id, || format!("deleted group {id}"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn note(library: &Library, command: NoteCommand, out: &Output) -> Result<ExitCode> {
    match command {
        NoteCommand::Create { title, text } => {
            let note = library.create_note(title, text).await?;
            out.value(&note, || format!("created note {}", note.id));
        }
        NoteCommand::List => out.notes(&library.notes().await?),
        NoteCommand::Show { id } => out.notes(&[library.note(id).await?]),
        NoteCommand::Edit { id, title, text } => {
            let note = library.edit_note(id, NoteEdit { title, text }).await?;
            out.value(&note, || format!("note {id} updated"));
        }
        NoteCommand::Link(args) => link(library, args, true, out).await?,
        NoteCommand::Unlink(args) => link(library, args, false, out).await?,
        NoteCommand::Delete { id } => {
            library.delete_note(id).await?;
            out.value(&id, || format!("deleted note {id}"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn watch(library: &Library, command: WatchCommand, out: &Output) -> Result<ExitCode> {
    match command {
        WatchCommand::Add { path, rules } => {
            let rules = rules.into_rules();
            let bar = progress::WalkBar::new(out.decorate(), &path);
            // watch_folder, as the app calls it, waiting for the walk.
            let walked = library
                .watch_add_reporting(path, rules, bar.callback())
                .await;
            bar.finish();
            let (folder, report) = walked?;
            out.reconciled(&[report]);
            if !out.json {
                println!("watching {} (id {})", folder.path, folder.id);
            }
            progress::wait(library, out, None).await
        }
        WatchCommand::Rules { id, rules } => {
            // Without --no-default-excludes the folder keeps its own choice.
            let defaults = rules.no_default_excludes.then_some(false);
            let (folder, left, report) = library
                .watch_change_rules(id, rules.include, rules.exclude, defaults)
                .await?;
            if out.json {
                out.value(
                    &serde_json::json!({ "folder": folder, "left": left, "report": report }),
                    String::new,
                );
            } else {
                println!(
                    "{}: new rules; {left} item(s) no longer match and left the library (their files stay), {} added",
                    folder.path, report.added
                );
            }
            progress::wait(library, out, None).await
        }
        WatchCommand::List => {
            out.watched(&library.watched_folders().await?);
            Ok(ExitCode::SUCCESS)
        }
        WatchCommand::Remove { id } => {
            let removed = library.unwatch_folder(id).await?;
            out.value(&removed, || {
                format!("stopped watching; {removed} resource(s) left the library")
            });
            Ok(ExitCode::SUCCESS)
        }
        WatchCommand::Prune { id } => {
            let removed = library.watch_remove_missing(id).await?;
            out.value(&removed, || {
                format!("removed {removed} resource(s) whose files are gone")
            });
            Ok(ExitCode::SUCCESS)
        }
        WatchCommand::Scan { paths } => {
            let reports = if paths.is_empty() {
                library.reconcile().await?
            } else {
                library.reconcile_paths(paths).await?
            };
            out.reconciled(&reports);
            progress::wait(library, out, None).await
        }
        WatchCommand::Run => {
            for warning in library.start_live_watching().await? {
                eprintln!("warning: {warning}");
            }
            let mut reports = library
                .live_reports()
                .context("live watching did not start")?;
            let count = library.watched_folders().await?.len();
            if !out.json {
                println!("watching {count} folder(s); Ctrl-C to stop");
            }
            loop {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => break,
                    report = reports.recv() => match report {
                        Ok(report) => {
                            let changes = report.added + report.changed + report.moved
                                + report.missing + report.restored;
                            if changes > 0 || !report.online {
                                out.reconciled(&[report]);
                            }
                        }
                        Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                        Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
                    }
                }
            }
            library.stop_live_watching();
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn link(
    library: &Library,
    args: cli::NoteLinkArgs,
    linked: bool,
    out: &Output,
) -> Result<()> {
    let target = match (args.resource, args.group) {
        (Some(resource), _) => NoteTarget::Resource(resource),
        (None, Some(group)) => NoteTarget::Group(group),
        (None, None) => anyhow::bail!("name a --resource or a --group"),
    };
    let changed = library.link_note(args.note, target, linked).await?;
    let verb = if linked { "linked" } else { "unlinked" };
    out.value(&changed, || {
        if changed {
            format!("note {} {verb}", args.note)
        } else {
            format!("note {} was already {verb}", args.note)
        }
    });
    Ok(())
}

/// Whether stderr is a terminal a person is watching.
fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// `mahres rate 3 4 5 4`: every argument but the last is an id.
fn ids_then_value(args: &[String]) -> Result<(Vec<i64>, &str)> {
    let (value, ids) = args
        .split_last()
        .ok_or_else(|| anyhow::anyhow!("give at least one id and a value"))?;
    let ids = ids
        .iter()
        .map(|id| {
            id.parse::<i64>()
                .map_err(|_| anyhow::anyhow!("`{id}` is not an item id"))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((ids, value.as_str()))
}

async fn mark(
    library: &Library,
    ids: Vec<i64>,
    mark: mahres_core::Mark,
    out: &Output,
) -> Result<ExitCode> {
    let changed = library.set_mark(ids.clone(), mark).await?;
    out.value(&changed, || {
        format!("{changed} of {} item(s) changed", ids.len())
    });
    Ok(ExitCode::SUCCESS)
}

async fn trash(library: &Library, command: TrashCommand, out: &Output) -> Result<ExitCode> {
    match command {
        TrashCommand::List => {
            out.trashed(&library.trashed().await?);
            Ok(ExitCode::SUCCESS)
        }
        TrashCommand::Restore { ids } => {
            let restored = library.restore(ids).await?;
            out.value(&restored, || format!("restored {restored} item(s)"));
            Ok(ExitCode::SUCCESS)
        }
        TrashCommand::Empty { yes } => {
            if !yes {
                let count = library.trashed().await?.len();
                anyhow::bail!(
                    "{count} item(s) in the Trash would be deleted for good, which cannot be \
                     undone (files in watched folders go to the system trash); run again with --yes"
                );
            }
            let report = library.empty_trash().await?;
            out.removal(&report);
            Ok(exit_for(&report))
        }
    }
}

/// 2 when some items could not be deleted, as `verify` does for problems.
fn exit_for(report: &mahres_core::RemovalReport) -> ExitCode {
    if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

async fn album(library: &Library, command: AlbumCommand, out: &Output) -> Result<ExitCode> {
    match command {
        AlbumCommand::Save { name, query, sort } => {
            let album = library.save_album(name, query, sort).await?;
            out.value(&album, || format!("album “{}” saved", album.name));
        }
        AlbumCommand::List => out.albums(&library.albums().await?),
        AlbumCommand::Show { name, limit } => {
            let album = library.album_named(name).await?;
            let page = library
                .tiles(mahres_core::TileQuery {
                    query: album.query.clone(),
                    sort: album.sort.clone(),
                    offset: 0,
                    limit,
                })
                .await?;
            out.album(&album, &page);
        }
        AlbumCommand::Rename { name, new_name } => {
            let album = library.album_named(name).await?;
            let edit = mahres_core::AlbumEdit {
                name: Some(new_name),
                ..Default::default()
            };
            let album = library.edit_album(album.id, edit).await?;
            out.value(&album, || format!("album renamed to “{}”", album.name));
        }
        AlbumCommand::Delete { name } => {
            let album = library.album_named(name).await?;
            library.delete_album(album.id).await?;
            out.value(&album, || {
                format!(
                    "album “{}” deleted (`mahres undo` brings it back)",
                    album.name
                )
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
