//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "mahres",
    version,
    about = "Mahresources: a local library for your files"
)]
pub struct Cli {
    /// The library folder [default: a library in the platform data dir]
    #[arg(long, global = true, env = "MAHRES_LIBRARY", value_name = "DIR")]
    pub library: Option<PathBuf>,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,

    /// For benchmarks only: answer before copies and changes are on disk
    #[arg(long, global = true, hide = true)]
    pub no_sync: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Copy files and folders into the library, then process them
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Return once the files are recorded; leave hashing etc. for later
        #[arg(long)]
        no_wait: bool,
        /// Read each copy back from the disk and compare it with its
        /// original before saying it is imported
        #[arg(long)]
        verify: bool,
    },
    /// Per-handler work: pending, running, failed, dead, done
    Status,
    /// Process pending work until none is left
    Wait,
    /// List resources
    List {
        #[arg(long, default_value_t = 100)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u64,
    },
    /// Show one resource with everything handlers found out
    Show { id: i64 },
    /// Rename a resource or change its description
    Edit {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Move items to the Trash (`mahres trash restore` brings them back)
    Delete {
        #[arg(required = true)]
        ids: Vec<i64>,
        /// Delete for good instead: stored copies are removed and files in
        /// watched folders go to the system trash. Needs --yes.
        #[arg(long)]
        permanently: bool,
        /// Confirm deleting for good
        #[arg(long, requires = "permanently")]
        yes: bool,
    },
    /// Items in the Trash: list, restore, empty
    #[command(subcommand)]
    Trash(TrashCommand),
    /// Give items 1 to 5 stars (0 clears the rating)
    Rate {
        #[arg(required = true, num_args = 2.., value_name = "ID... STARS")]
        args: Vec<String>,
    },
    /// Give items a colour label: red, yellow, green, blue, purple or none
    Label {
        #[arg(required = true, num_args = 2.., value_name = "ID... COLOR")]
        args: Vec<String>,
    },
    /// Flag items as picks or rejects (or none)
    Flag {
        #[arg(required = true, num_args = 2.., value_name = "ID... pick|reject|none")]
        args: Vec<String>,
    },
    /// Undo the last action (a rename, tags, a rating, a delete, a merge…),
    /// also one taken in the app
    Undo,
    /// Redo the action undone last
    Redo,
    /// Smart albums: searches saved by name, counted live
    #[command(subcommand)]
    Album(AlbumCommand),
    /// Tag resources
    #[command(subcommand)]
    Tag(TagCommand),
    /// Named collections of resources
    #[command(subcommand)]
    Group(GroupCommand),
    /// Notes linked to resources and groups
    #[command(subcommand)]
    Note(NoteCommand),
    /// Failed jobs and dead letters
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// The event history of a resource, or of one action by correlation id
    Events(EventsArgs),
    /// Search resources, notes and groups
    /// (`main` adds every filter and sort, the handlers' facts included, to this help.)
    Search {
        /// Words, "phrases", -exclusions and filters (see below)
        #[arg(default_value = "")]
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u64,
        /// relevance, newest, oldest, name, largest, smallest, or a fact: iso:desc (see below)
        #[arg(long, default_value = "relevance")]
        sort: mahres_core::SortOrder,
    },
    /// Exact duplicates (same bytes) and near duplicates (similar images)
    Dupes {
        /// Most differing bits (of 64) for images to count as near duplicates
        #[arg(long, default_value_t = mahres_core::duplicates::DEFAULT_THRESHOLD)]
        threshold: u32,
    },
    /// Images that look like this one
    Similar {
        id: i64,
        #[arg(long, default_value_t = mahres_core::duplicates::DEFAULT_THRESHOLD)]
        threshold: u32,
    },
    /// Keep one resource; move the others' tags, groups and notes onto it and
    /// the others to the Trash (`mahres undo` takes it back)
    Merge {
        keep: i64,
        #[arg(required = true)]
        others: Vec<i64>,
    },
    /// Rebuild the search index from the database
    Reindex,
    /// Re-read every file and compare it with what was recorded: damaged,
    /// missing or changed files, and copies no item owns
    Verify {
        /// Restore damaged or missing copies from their originals where
        /// those still match, and remove copies no item owns
        #[arg(long)]
        repair: bool,
    },
    /// Show the library's settings, or change one
    Settings {
        /// Turn files' embedded keywords into tags when they arrive
        #[arg(long, value_name = "on|off", value_parser = parse_on_off)]
        keywords_as_tags: Option<bool>,
        /// Show a raw file and the JPEG or HEIC of the same shot (same folder,
        /// same name) as one item, the raw attached
        #[arg(long, value_name = "on|off", value_parser = parse_on_off)]
        raw_jpeg_pairs: Option<bool>,
        /// Read every import's copies back and compare them with the
        /// originals before saying they are imported
        #[arg(long, value_name = "on|off", value_parser = parse_on_off)]
        verify_copies: Option<bool>,
        /// XMP sidecars: read them, or also write a watched file's tags and
        /// description to them (other programs' fields are kept)
        #[arg(long, value_name = "off|read|read-write")]
        sidecars: Option<mahres_core::SidecarMode>,
    },
    /// Copy items out with their metadata: the files under their real
    /// names, an XMP sidecar each, and library.json with every item, tag,
    /// group and note. A re-run into the same folder skips what is there.
    Export {
        #[arg(value_name = "DIR")]
        folder: PathBuf,
        /// Only what this search finds (the search language); all if none
        #[arg(value_name = "QUERY", default_value = "")]
        query: String,
        /// Sub-folders by the item's group or by its date (YYYY/MM)
        #[arg(long, value_name = "group|date", default_value = "flat")]
        by: mahres_core::export::ExportLayout,
    },
    /// One library setting by name: `config get sidecars`, `config set
    /// sidecars read-write` (the names `settings --json` shows)
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Folders indexed where they are and kept in step with the disk
    #[command(subcommand)]
    Watch(WatchCommand),
}

#[derive(Debug, Subcommand)]
pub enum TrashCommand {
    /// What is in the Trash, most recent first, with when it was deleted
    List,
    /// Put items back exactly as they were (tags, groups, notes and all)
    Restore {
        #[arg(required = true)]
        ids: Vec<i64>,
    },
    /// Delete everything in the Trash for good. Needs --yes.
    Empty {
        /// Confirm deleting for good
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AlbumCommand {
    /// Save a search as an album (or point the album of that name at it)
    Save {
        name: String,
        /// The search, filters included: 'tag:beach rating:>=4'; '' is everything
        query: String,
        /// How the album is ordered (see `mahres search --help`)
        #[arg(long, default_value = "newest")]
        sort: mahres_core::SortOrder,
    },
    /// Every album with how many items it holds now
    List,
    /// An album's search and the items it finds
    Show {
        name: String,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Rename an album
    Rename { name: String, new_name: String },
    /// Delete an album (never its items); `mahres undo` brings it back
    Delete { name: String },
}

#[derive(Debug, Subcommand)]
pub enum WatchCommand {
    /// Watch a folder: record its files where they are, then process them
    Add {
        path: PathBuf,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Give a watched folder new rules: files they no longer take leave the
    /// library (they stay on disk), files they now take are added
    Rules {
        id: i64,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Watched folders with their rules and state
    List,
    /// Stop watching; the folder's files leave the library (never the disk)
    Remove { id: i64 },
    /// Remove the resources whose files are gone (missing), from one folder or all
    Prune { id: Option<i64> },
    /// Compare every watched folder with the disk now (or only the given
    /// files and sub-folders), then process the changes
    Scan { paths: Vec<PathBuf> },
    /// Watch in the foreground: record changes as they happen, until Ctrl-C
    Run,
}

/// A watched folder's include/exclude rules, as given on the command line.
#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// Only files matching these globs (a pattern without / matches names)
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Skip files and folders matching these globs, besides the defaults
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Do not skip hidden files, partial downloads and system files
    #[arg(long)]
    pub no_default_excludes: bool,
}

impl RuleArgs {
    pub fn into_rules(self) -> mahres_core::watch::FolderRules {
        mahres_core::watch::FolderRules::with_own(
            self.include,
            self.exclude,
            !self.no_default_excludes,
        )
    }
}

/// The words of the query language; `main` appends the filters and sorts.
pub const QUERY_LANGUAGE: &str = "\
Query language:
  sunset beach          resources, notes and groups with both words (prefixes match too)
  \"golden hour\"         a phrase
  -draft                without this word
  -tag:draft            without this filter
  tag:holiday iso:>800  filters: name:value, ranges with <, >, <=, >= and A..B";

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print a setting's value
    Get {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Change a setting: on/off, or off/read/read-write for sidecars
    Set {
        #[arg(value_name = "NAME")]
        name: String,
        #[arg(value_name = "VALUE")]
        value: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TagCommand {
    /// Add tags to a resource
    Add {
        id: i64,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Remove tags from a resource
    Remove {
        id: i64,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Every tag with its number of resources
    List,
}

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    Create {
        name: String,
        #[arg(long, default_value = "")]
        description: String,
    },
    List,
    Show {
        id: i64,
    },
    Edit {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Add resources to a group
    Add {
        group: i64,
        #[arg(required = true)]
        resources: Vec<i64>,
    },
    /// Remove resources from a group
    Remove {
        group: i64,
        #[arg(required = true)]
        resources: Vec<i64>,
    },
    Delete {
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    Create {
        title: String,
        #[arg(long, default_value = "")]
        text: String,
    },
    List,
    Show {
        id: i64,
    },
    Edit {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        text: Option<String>,
    },
    /// Link a note to a resource or a group
    Link(NoteLinkArgs),
    /// Remove a note's link to a resource or a group
    Unlink(NoteLinkArgs),
    Delete {
        id: i64,
    },
}

#[derive(Debug, Args)]
pub struct NoteLinkArgs {
    pub note: i64,
    #[arg(long, required_unless_present = "group", conflicts_with = "group")]
    pub resource: Option<i64>,
    #[arg(long)]
    pub group: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Jobs that failed: waiting to retry, and dead letters
    Failed {
        /// Only dead letters
        #[arg(long)]
        dead: bool,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    /// Run failed jobs again now, then process until done
    Retry {
        /// Job ids (see `mahres jobs failed`)
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        ids: Vec<i64>,
        /// Every failed job and dead letter
        #[arg(long)]
        all: bool,
        /// Re-queue only; process at the next `wait`, import or app start
        #[arg(long)]
        no_wait: bool,
    },
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// A resource id
    #[arg(
        required_unless_present = "correlation",
        conflicts_with = "correlation"
    )]
    pub resource: Option<i64>,
    /// A correlation id (from `import --json` or another event)
    #[arg(long)]
    pub correlation: Option<String>,
}

pub fn parse_on_off(text: &str) -> Result<bool, String> {
    match text {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        other => Err(format!("`{other}` is not on or off")),
    }
}
