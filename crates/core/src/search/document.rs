//! What goes into the index for a resource, a note or a group.

use rusqlite::Connection;
use tantivy::TantivyDocument;
use tantivy::schema::OwnedValue;

use super::schema::{Fields, category};
use crate::error::Result;
use crate::events::{EntityKey, EntityKind};
use crate::facts::{FactRegistry, FactSpec, FactValue};
use crate::model::{Group, Note, Resource};
use crate::store::{facts as store_facts, groups, notes, resources};

/// What the `has` field holds for a companion (the raw file of a RAW+JPEG
/// pair), so searches can leave it out; `has:companion` finds them all.
pub(crate) const COMPANION: &str = "companion";
/// What the `has` field holds for an item in the Trash: searches leave it
/// out unless they ask `in:trash`.
pub(crate) const TRASHED: &str = "trashed";

/// The searchable text and numbers of one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDocument {
    /// Its identity; the index's `kind` and `id` fields come from it.
    pub key: EntityKey,
    pub name: String,
    pub body: Vec<String>,
    pub tags: Vec<String>,
    pub groups: Vec<String>,
    pub content_type: Option<String>,
    pub size: Option<u64>,
    /// The item's date as local wall-clock ms (a note's or group's: created).
    pub date: i64,
    /// When it was added (UTC ms).
    pub added: i64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// The resource's facts whose declaration makes them searchable.
    pub facts: Vec<(FactSpec, FactValue)>,
    /// It belongs to another item (a RAW+JPEG pair's raw).
    pub companion: bool,
    /// It is in the Trash.
    pub trashed: bool,
}

/// Folder names of a path, as words: "/home/ann/Trips/Rome 2024/x.jpg" gives
/// "home ann Trips Rome 2024".
fn folder_words(path: &str) -> String {
    let path = std::path::Path::new(path);
    path.parent()
        .map(|p| {
            p.iter()
                .map(|c| c.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

impl IndexDocument {
    /// A resource's document with its `facts` (each indexed for the words,
    /// filter and sort its declaration asks for, and all for `has:`).
    pub fn resource(r: &Resource, facts: Vec<(FactSpec, FactValue)>) -> Self {
        Self {
            key: EntityKey::resource(r.id),
            name: r.name.clone(),
            body: vec![
                r.original_name.clone(),
                folder_words(&r.original_path),
                r.description.clone(),
            ],
            tags: r.tags.clone(),
            groups: r.groups.iter().map(|g| g.name.clone()).collect(),
            content_type: Some(r.content_type.clone()),
            size: Some(r.size),
            date: r.date,
            added: r.created_at,
            width: r.width,
            height: r.height,
            // Every fact, for `has:`; each is searched only as it declares.
            facts,
            companion: r.companion_of.is_some(),
            trashed: r.trashed_at.is_some(),
        }
    }

    pub fn note(n: &Note) -> Self {
        Self::titled(EntityKey::note(n.id), &n.title, &n.text, n.created_at)
    }

    pub fn group(g: &Group) -> Self {
        Self::titled(
            EntityKey::group(g.id),
            &g.name,
            &g.description,
            g.created_at,
        )
    }

    /// A note's or a group's document: a name, one text, a date.
    fn titled(key: EntityKey, name: &str, text: &str, created: i64) -> Self {
        Self {
            key,
            name: name.to_string(),
            body: vec![text.to_string()],
            tags: Vec::new(),
            groups: Vec::new(),
            content_type: None,
            size: None,
            date: created,
            added: created,
            width: None,
            height: None,
            facts: Vec::new(),
            companion: false,
            trashed: false,
        }
    }

    pub(crate) fn to_tantivy(&self, f: &Fields) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.key, self.key.to_string());
        doc.add_text(f.kind, self.key.kind.as_str());
        doc.add_i64(f.id, self.key.id);
        doc.add_text(f.name, &self.name);
        doc.add_text(f.name_sort, self.name.to_lowercase());
        for text in &self.body {
            doc.add_text(f.body, text);
        }
        for tag in &self.tags {
            doc.add_text(f.tags, tag);
            doc.add_text(f.tag, tag.to_lowercase());
        }
        for group in &self.groups {
            doc.add_text(f.groups, group);
            doc.add_text(f.group, group.to_lowercase());
        }
        if let Some(content_type) = &self.content_type {
            doc.add_text(f.content_type, content_type);
            doc.add_text(f.category, category(content_type));
        }
        if let Some(size) = self.size {
            doc.add_u64(f.size, size);
        }
        doc.add_i64(f.date, self.date);
        doc.add_i64(f.added, self.added);
        if let Some(width) = self.width {
            doc.add_u64(f.width, width.into());
        }
        if let Some(height) = self.height {
            doc.add_u64(f.height, height.into());
        }
        self.add_facts(f, &mut doc);
        if self.companion {
            doc.add_text(f.has, COMPANION);
        }
        if self.trashed {
            doc.add_text(f.has, TRASHED);
        }
        doc
    }

    fn add_facts(&self, f: &Fields, doc: &mut TantivyDocument) {
        let mut text = Vec::new();
        let mut numbers = Vec::new();
        for (spec, value) in &self.facts {
            if spec.words {
                for words in value.texts() {
                    doc.add_text(f.fact_words, words);
                }
            }
            let key = spec.key.to_string();
            doc.add_text(f.has, &key);
            if spec.filter && spec.kind.has_words() {
                let texts = value.texts().into_iter();
                let items = texts.map(|t| OwnedValue::Str(t.to_string())).collect();
                text.push((key.clone(), OwnedValue::Array(items)));
            }
            if (spec.filter || spec.sort) && spec.kind.is_ordered() {
                let number = match value {
                    FactValue::Integer { integer } => OwnedValue::I64(*integer),
                    // Local wall-clock time: `taken:2019-07-14` is that day
                    // where the photo was taken.
                    ts @ FactValue::Timestamp { .. } => OwnedValue::I64(ts.local_ms().unwrap_or(0)),
                    FactValue::Duration { ms } => OwnedValue::I64(*ms),
                    FactValue::Real { real } => OwnedValue::F64(*real),
                    _ => continue,
                };
                numbers.push((key, number));
            }
        }
        if !text.is_empty() {
            doc.add_field_value(f.fact_text, &OwnedValue::Object(text));
        }
        if !numbers.is_empty() {
            doc.add_field_value(f.fact_num, &OwnedValue::Object(numbers));
        }
    }
}

/// The document for an entity key as the database has it now; `None` once
/// the entity is gone.
pub(crate) fn load(
    conn: &Connection,
    key: &EntityKey,
    registry: &FactRegistry,
) -> Result<Option<IndexDocument>> {
    let id = key.id;
    Ok(match key.kind {
        EntityKind::Resource => match resources::get(conn, id)? {
            Some(r) => {
                let facts = store_facts::of(conn, id)?
                    .into_iter()
                    .filter_map(|f| Some((*registry.get(&f.key)?, f.value)))
                    .collect();
                Some(IndexDocument::resource(&r, facts))
            }
            None => None,
        },
        EntityKind::Note => notes::get(conn, id)?.map(|n| IndexDocument::note(&n)),
        EntityKind::Group => groups::get(conn, id)?.map(|g| IndexDocument::group(&g)),
        EntityKind::Album => None,
    })
}

/// Every entity key in the database, for a rebuild.
pub(crate) fn all_keys(conn: &Connection) -> Result<Vec<EntityKey>> {
    let mut stmt = conn.prepare(
        "SELECT 'resource:' || id FROM resources
         UNION ALL SELECT 'note:' || id FROM notes
         UNION ALL SELECT 'group:' || id FROM groups",
    )?;
    let keys: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(keys.iter().filter_map(|k| EntityKey::parse(k)).collect())
}

/// Entities touched by events after `event_id`, and the newest event id.
pub(crate) fn changed_since(conn: &Connection, event_id: i64) -> Result<(Vec<EntityKey>, i64)> {
    let mut stmt = conn.prepare("SELECT DISTINCT entity FROM events WHERE id > ?1")?;
    let keys: Vec<String> = stmt
        .query_map([event_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let keys = keys.iter().filter_map(|k| EntityKey::parse(k)).collect();
    let newest: i64 =
        conn.query_row("SELECT COALESCE(MAX(id), 0) FROM events", [], |r| r.get(0))?;
    Ok((keys, newest))
}
