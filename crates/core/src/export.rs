//! A way out: the original files under their real names, an XMP sidecar
//! beside each with its tags, description, title, rating and label, and one
//! `library.json` with every item, tag, group and note — what digiKam,
//! Lightroom or exiftool read, and what a person keeps if they leave.
//!
//! Names are made safe for any file system and never collide (`a.jpg`,
//! `a (2).jpg`); a re-run into the same folder skips what is already there
//! with the same bytes. Files are copied under a temporary name and renamed
//! into place, so an interrupted export leaves no half file under a real
//! name.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::db::Db;
use crate::error::{Error, Result};
use crate::facts::FactRegistry;
use crate::handlers::hash::md5_file;
use crate::layout::LibraryLayout;
use crate::model::{Group, Note, Resource, ResourceId};
use crate::sidecar::SidecarValues;

/// How exported files are laid out in the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ExportLayout {
    /// All in the folder itself.
    #[default]
    Flat,
    /// A sub-folder per group (its first group; "No group" for the rest).
    Group,
    /// `YYYY/MM` by the item's date.
    Date,
}

impl std::str::FromStr for ExportLayout {
    type Err = String;
    fn from_str(text: &str) -> std::result::Result<Self, String> {
        match text {
            "flat" => Ok(ExportLayout::Flat),
            "group" => Ok(ExportLayout::Group),
            "date" => Ok(ExportLayout::Date),
            other => Err(format!("`{other}` is not flat, group or date")),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportProgress {
    pub done: u64,
    pub total: u64,
}

pub type ExportProgressFn = dyn Fn(ExportProgress) + Send + Sync;

#[derive(Clone, Default)]
pub struct ExportOptions {
    pub layout: ExportLayout,
    pub progress: Option<std::sync::Arc<ExportProgressFn>>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportFailure {
    pub resource_id: ResourceId,
    pub name: String,
    pub error: String,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportReport {
    pub folder: String,
    /// Files copied this time.
    pub exported: u64,
    /// Already in the folder with the same bytes (an earlier export).
    pub skipped: u64,
    pub failed: Vec<ExportFailure>,
    /// Bytes copied this time.
    pub bytes: u64,
}

/// One item as `library.json` lists it.
#[derive(Serialize)]
struct ExportedItem<'a> {
    #[serde(flatten)]
    resource: &'a Resource,
    /// Where it went, relative to the export folder.
    exported_as: Option<String>,
    /// What the handlers found, as the app shows it.
    facts: HashMap<&'a str, String>,
    note_ids: Vec<i64>,
}

#[derive(Serialize)]
struct LibraryJson<'a> {
    exported_at: i64,
    exported_by: &'static str,
    items: Vec<ExportedItem<'a>>,
    groups: &'a [Group],
    notes: &'a [Note],
    tags: Vec<String>,
}

pub(crate) fn export(
    db: &Db,
    layout: &LibraryLayout,
    registry: &FactRegistry,
    ids: &[ResourceId],
    folder: &Path,
    options: &ExportOptions,
) -> Result<ExportReport> {
    std::fs::create_dir_all(folder)
        .map_err(|e| Error::io("could not create the export folder", folder, e))?;
    let mut report = ExportReport {
        folder: folder.to_string_lossy().into_owned(),
        ..ExportReport::default()
    };
    let (groups, notes) = db.read(|conn| {
        Ok((
            crate::store::groups::list(conn)?,
            crate::store::notes::list(conn)?,
        ))
    })?;
    let group_of: HashMap<ResourceId, &str> = groups
        .iter()
        .flat_map(|g| g.resource_ids.iter().map(move |id| (*id, g.name.as_str())))
        .rev() // the first group listed wins
        .collect();
    let notes_of: HashMap<ResourceId, Vec<i64>> =
        notes.iter().fold(HashMap::new(), |mut map, note| {
            for id in &note.resource_ids {
                map.entry(*id).or_default().push(note.id);
            }
            map
        });
    let mut taken: HashSet<PathBuf> = HashSet::new();
    let mut items = Vec::with_capacity(ids.len());
    // Each item with the facts as the app shows them.
    let mut resources = Vec::with_capacity(ids.len());
    for &id in ids {
        let found = db.read(|conn| match crate::store::resources::get(conn, id)? {
            Some(resource) => {
                let shown = registry.shown_all(crate::store::facts::of(conn, id)?);
                Ok(Some((resource, shown)))
            }
            None => Ok(None),
        })?;
        resources.extend(found);
    }
    let total = resources.len() as u64;
    for (done, (resource, shown)) in resources.iter().enumerate() {
        let sub = match options.layout {
            ExportLayout::Flat => PathBuf::new(),
            ExportLayout::Group => PathBuf::from(safe_name(
                group_of.get(&resource.id).copied().unwrap_or("No group"),
            )),
            ExportLayout::Date => {
                let date = chrono::DateTime::from_timestamp_millis(resource.date)
                    .map(|d| d.naive_utc())
                    .unwrap_or_default();
                PathBuf::from(date.format("%Y").to_string()).join(date.format("%m").to_string())
            }
        };
        let shown_facts: HashMap<&str, String> = shown
            .iter()
            .map(|f| (f.key.as_str(), f.text.clone()))
            .collect();
        let exported_as = match export_one(layout, resource, &shown_facts, folder, &sub, &mut taken)
        {
            Ok((relative, copied)) => {
                match copied {
                    Some(bytes) => {
                        report.exported += 1;
                        report.bytes += bytes;
                    }
                    None => report.skipped += 1,
                }
                Some(relative)
            }
            Err(error) => {
                report.failed.push(ExportFailure {
                    resource_id: resource.id,
                    name: resource.name.clone(),
                    error,
                });
                None
            }
        };
        items.push(ExportedItem {
            resource,
            exported_as,
            facts: shown_facts,
            note_ids: notes_of.get(&resource.id).cloned().unwrap_or_default(),
        });
        if let Some(progress) = &options.progress {
            progress(ExportProgress {
                done: done as u64 + 1,
                total,
            });
        }
    }
    let mut tags: Vec<String> = resources.iter().flat_map(|(r, _)| r.tags.clone()).collect();
    tags.sort();
    tags.dedup();
    let json = LibraryJson {
        exported_at: chrono::Utc::now().timestamp_millis(),
        exported_by: concat!("Mahresources ", env!("CARGO_PKG_VERSION")),
        items,
        groups: &groups,
        notes: &notes,
        tags,
    };
    let text = serde_json::to_vec_pretty(&json).map_err(|source| Error::Encoding {
        what: "library.json".into(),
        source,
    })?;
    let target = folder.join("library.json");
    crate::durable::replace_with_bytes(&target, &text)
        .map_err(|e| Error::io("could not write", &target, e))?;
    Ok(report)
}

/// Copies one item and writes its sidecar: returns where it went (relative
/// to the folder) and the bytes copied, `None` when it was there already.
fn export_one(
    layout: &LibraryLayout,
    resource: &Resource,
    facts: &HashMap<&str, String>,
    folder: &Path,
    sub: &Path,
    taken: &mut HashSet<PathBuf>,
) -> std::result::Result<(String, Option<u64>), String> {
    let source = if resource.watched_folder_id.is_some() {
        PathBuf::from(&resource.stored_path)
    } else {
        layout.resolve(&resource.stored_path)
    };
    let dir = folder.join(sub);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    let name = safe_name(&resource.name);
    let (stem, extension) = split_name(&name);
    let mut copied = None;
    let mut target = PathBuf::new();
    for n in 1.. {
        let candidate = if n == 1 {
            dir.join(&name)
        } else {
            dir.join(format!("{stem} ({n}){extension}"))
        };
        if taken.contains(&candidate) {
            continue;
        }
        if candidate.exists() {
            // An earlier export of the same item: the same bytes.
            if same_content(&candidate, resource) {
                target = candidate;
                break;
            }
            continue;
        }
        let bytes = crate::durable::replace_with_copy(&candidate, &source).map_err(|e| match e
            .kind()
        {
            std::io::ErrorKind::NotFound => "its file is missing (see `mahres verify`)".to_string(),
            _ => format!("could not be copied: {e}"),
        })?;
        copied = Some(bytes);
        target = candidate;
        break;
    }
    taken.insert(target.clone());
    write_sidecar(layout, resource, facts, &target)?;
    let relative = target
        .strip_prefix(folder)
        .unwrap_or(&target)
        .to_string_lossy()
        .into_owned();
    Ok((relative, copied))
}

/// `NAME.EXT.xmp` beside the exported file: the item's own sidecar (other
/// programs' fields and all) with the library's values merged in, or a new
/// one.
fn write_sidecar(
    layout: &LibraryLayout,
    resource: &Resource,
    facts: &HashMap<&str, String>,
    exported: &Path,
) -> std::result::Result<(), String> {
    let Some(path) = crate::sidecar::beside(exported) else {
        return Ok(());
    };
    let values = SidecarValues {
        keywords: resource.tags.clone(),
        description: resource.description.clone(),
        title: facts.get("title").cloned(),
        rating: facts.get("embedded_rating").and_then(|r| r.parse().ok()),
        label: facts.get("embedded_label").cloned(),
    };
    let own = resource_sidecar(layout, resource).and_then(|p| crate::sidecar::read_text(&p).ok());
    let text = crate::sidecar::merge(own.as_deref(), &values)
        .or_else(|_| crate::sidecar::merge(None, &values))
        .map_err(|e| e.to_string())?;
    if std::fs::read_to_string(&path).is_ok_and(|there| there == text) {
        return Ok(());
    }
    crate::durable::replace_with_bytes(&path, text.as_bytes())
        .map_err(|e| format!("its sidecar could not be written: {e}"))
}

fn resource_sidecar(layout: &LibraryLayout, resource: &Resource) -> Option<PathBuf> {
    if resource.watched_folder_id.is_some() {
        crate::sidecar::find_for(Path::new(&resource.stored_path))
    } else {
        let copy = layout.resolve(&format!("{}.xmp", resource.stored_path));
        copy.is_file().then_some(copy)
    }
}

/// Whether `path` holds the item's bytes: same size, and the same MD5 when
/// the item's is known.
fn same_content(path: &Path, resource: &Resource) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    meta.len() == resource.size
        && resource
            .md5
            .as_ref()
            .is_none_or(|md5| md5_file(path).is_ok_and(|m| &m == md5))
}

/// A name any file system takes: no separators or control characters, not
/// `.` or `..`, at most 200 bytes (the extension kept).
pub(crate) fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    let cleaned = if cleaned.is_empty() {
        "unnamed".to_string()
    } else {
        cleaned
    };
    if cleaned.len() <= 200 {
        return cleaned;
    }
    let (stem, extension) = split_name(&cleaned);
    let mut cut = 200usize.saturating_sub(extension.len());
    while !stem.is_char_boundary(cut.min(stem.len())) {
        cut -= 1;
    }
    format!("{}{extension}", &stem[..cut.min(stem.len())])
}

/// `photo.jpg` → (`photo`, `.jpg`); a name without a dot has no extension.
fn split_name(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(at) if at > 0 && name.len() - at <= 11 => (&name[..at], &name[at..]),
        _ => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe_and_keep_their_extension() {
        assert_eq!(safe_name("a/b\\c:d.jpg"), "a_b_c_d.jpg");
        assert_eq!(safe_name(".."), "unnamed");
        assert_eq!(safe_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_name(".hidden.png"), "hidden.png");
        let long = format!("{}.jpeg", "é".repeat(150));
        let safe = safe_name(&long);
        assert!(safe.len() <= 200 && safe.ends_with(".jpeg"), "{safe}");
        assert_eq!(split_name("archive.tar.gz"), ("archive.tar", ".gz"));
        assert_eq!(split_name("README"), ("README", ""));
    }
}
