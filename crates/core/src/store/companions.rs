//! RAW+JPEG pairs: a camera's raw file and the JPEG (or HEIC) it wrote
//! beside it for the same shot — same folder, same name but for the
//! extension — are one item, the raw its companion.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::resources;
use crate::error::Result;
use crate::events::{CorrelationId, ResourceField};
use crate::filetype;
use crate::model::{Companion, FieldValue, ResourceId};

/// The kinds a raw file pairs with: what cameras write beside it.
const PAIRED_WITH: &[&str] = &["image/jpeg", "image/heif", "image/heic"];

/// What a resource is in a pair, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Raw,
    Main,
}

fn role(content_type: &str) -> Option<Role> {
    if filetype::is_raw(content_type) {
        Some(Role::Raw)
    } else if PAIRED_WITH.contains(&content_type) {
        Some(Role::Main)
    } else {
        None
    }
}

/// Whether a resource of this type can be one of a pair.
pub(crate) fn pairs(content_type: &str) -> bool {
    role(content_type).is_some()
}

/// The folder and stem a pair shares, case folded: `/DCIM/100/IMG_0420.CR2`
/// and `/DCIM/100/img_0420.jpg` give `/dcim/100/img_0420`.
fn pair_key(original_path: &str) -> Option<String> {
    let path = std::path::Path::new(original_path);
    let stem = path.file_stem()?.to_str()?;
    let folder = path.parent()?.to_str()?;
    Some(format!("{folder}/{stem}").to_lowercase())
}

/// Records a resource's pair key and pairs it: a raw file with the JPEG of
/// its shot, a JPEG with the raw files of its shot that have none yet. Each
/// change is a `resource.updated` naming `Companion`. Returns the resources
/// whose companion changed.
pub(crate) fn pair(
    tx: &Transaction<'_>,
    id: ResourceId,
    correlation: &CorrelationId,
) -> Result<Vec<ResourceId>> {
    let found: Option<(String, String)> = tx
        .prepare_cached("SELECT content_type, original_path FROM resources WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((content_type, original_path)) = found else {
        return Ok(Vec::new());
    };
    let (Some(mine), Some(key)) = (role(&content_type), pair_key(&original_path)) else {
        return Ok(Vec::new());
    };
    tx.prepare_cached("UPDATE resources SET pair_key = ?1 WHERE id = ?2")?
        .execute(params![key, id])?;
    let others: Vec<(ResourceId, String, Option<ResourceId>)> = tx
        .prepare_cached(
            "SELECT id, content_type, companion_of FROM resources
             WHERE pair_key = ?1 AND id != ?2 ORDER BY id",
        )?
        .query_map(params![key, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut changed = Vec::new();
    let mut attach = |raw: ResourceId, main: ResourceId| -> Result<()> {
        let outcome = resources::apply_checked(
            tx,
            raw,
            None,
            &[(ResourceField::Companion, FieldValue::Integer(main))],
            correlation,
        )?;
        if matches!(outcome, resources::WriteOutcome::Written(ref f) if !f.is_empty()) {
            changed.push(raw);
        }
        Ok(())
    };
    match mine {
        Role::Raw => {
            let main = others
                .iter()
                .find(|(_, kind, of)| role(kind) == Some(Role::Main) && of.is_none());
            if let Some((main, ..)) = main {
                attach(id, *main)?;
            }
        }
        Role::Main => {
            for (raw, kind, of) in &others {
                if role(kind) == Some(Role::Raw) && of.is_none() {
                    attach(*raw, id)?;
                }
            }
        }
    }
    Ok(changed)
}

/// The companions of a resource, for its details.
pub(crate) fn of(conn: &Connection, id: ResourceId) -> Result<Vec<Companion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, content_type, size FROM resources WHERE companion_of = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Companion {
            id: r.get(0)?,
            name: r.get(1)?,
            content_type: r.get(2)?,
            size: r.get::<_, i64>(3)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_shares_folder_and_stem_whatever_the_case() {
        assert_eq!(
            pair_key("/DCIM/100/IMG_0420.CR2"),
            pair_key("/DCIM/100/img_0420.jpg")
        );
        assert_ne!(pair_key("/a/IMG_1.CR2"), pair_key("/b/IMG_1.jpg"));
        assert_ne!(pair_key("/a/IMG_1.CR2"), pair_key("/a/IMG_10.jpg"));
        assert_eq!(role("image/x-canon-cr2"), Some(Role::Raw));
        assert_eq!(role("image/jpeg"), Some(Role::Main));
        assert_eq!(role("image/png"), None);
    }
}
