//! The Mahresources engine: a library of files in SQLite, with slow side
//! effects (hashes, dimensions, thumbnails, perceptual hashes, facts such as
//! date taken, the search index) run by handlers on a durable, in-process
//! event bus. No UI code lives here: the desktop shell and the `mahres` CLI
//! are two thin fronts over [`Library`], and hold no domain rule of their own.

pub mod albums;
pub mod audit;
pub mod bus;
mod db;
pub mod duplicates;
mod durable;
mod error;
pub mod events;
pub mod export;
pub mod facts;
pub mod filetype;
pub mod handlers;
mod handout;
pub mod history;
mod import;
pub mod layout;
mod library;
pub mod marks;
pub mod media;
pub mod metadata;
pub mod model;
mod removable;
pub mod search;
pub mod services;
pub mod sidecar;
pub mod similarity;
mod store;
pub mod verify;
pub mod watch;

pub use albums::{Album, AlbumCount, AlbumEdit, AlbumId};
pub use bus::{
    BusConfig, BusStatus, Handler, HandlerContext, HandlerError, HandlerStatus, RetryPolicy,
};
pub use durable::{Durability, SweepReport};
pub use error::{Error, Result};
pub use facts::{Fact, FactKind, FactRegistry, FactSpec, FactValue};
pub use history::{Reverted, UndoState};
pub use import::{ImportFailure, ImportOptions, ImportProgress, ImportReport, Imported};
pub use library::grid::{
    EntityMatches, FileOnDisk, MAX_TILES_PER_PAGE, Progress, ResourceFile, TilePage, TileQuery,
    TimelineDay,
};
pub use library::{
    Access, Clock, Library, LibraryOptions, RemovalFailure, RemovalReport, SearchItem,
    SearchResult, SearchResults,
};
pub use marks::{Flag, Label, Mark, Marks};
pub use model::FieldValue;
pub use search::{FilterHelp, QueryError, ReindexProgress, SearchHelp, SortChoice, SortOrder};
pub use store::jobs::{FailedJob, FailureFilter, JobCounts};
pub use store::notes::NoteTarget;
pub use store::resources::WriteOutcome;
pub use store::settings::{LibrarySettings, SidecarMode};
pub use store::tiles::{Tile, TileState};
pub use store::watched::WatchedFolder;
