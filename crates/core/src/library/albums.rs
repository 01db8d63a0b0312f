//! Smart albums through the `Library`: save, edit, delete (each one step
//! of the undo history) and list with live counts.

use super::Library;
use crate::albums::{Album, AlbumCount, AlbumEdit, AlbumId};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::history::{self, Change};
use crate::search::{SearchIndex, SortOrder};
use crate::store::{self, albums, tiles};

/// How many items `query` finds, counted as the grid counts them.
fn count(index: &SearchIndex, db: &Db, query: &str, sort: &SortOrder) -> Result<u64> {
    if query.trim().is_empty() {
        return db.read(|conn| {
            let hide = store::settings::get(conn)?.raw_jpeg_pairs;
            tiles::count(conn, hide)
        });
    }
    let (total, _) = index.search_kind(query, Some("resource"), sort.clone(), 1, 0)?;
    Ok(total as u64)
}

impl Library {
    /// Saves a search as the album `name`: a new album, or the album of
    /// that name (any letter case) pointed at this search. A query that
    /// does not run is refused, with the search's own words.
    pub async fn save_album(&self, name: String, query: String, sort: SortOrder) -> Result<Album> {
        let name = store::non_empty(&name, "an album name")?;
        let query = query.trim().to_string();
        self.check_album_search(&query, &sort).await?;
        let now = self.now();
        self.write(move |tx, c| {
            let before = albums::named(tx, &name)?;
            let after = match &before {
                Some(old) => {
                    let album = Album {
                        query,
                        sort,
                        updated_at: now,
                        ..old.clone()
                    };
                    albums::put(tx, &album, c)?;
                    album
                }
                None => albums::create(tx, &name, &query, &sort, now, c)?,
            };
            let label = match &before {
                Some(_) => format!("Changed the search of album “{}”", after.name),
                None => format!("Saved album “{}”", after.name),
            };
            history::record(
                tx,
                c,
                &label,
                vec![Change::Album {
                    before,
                    after: Some(after.clone()),
                }],
            )?;
            Ok(after)
        })
        .await
    }

    /// Renames an album or changes its search.
    pub async fn edit_album(&self, id: AlbumId, edit: AlbumEdit) -> Result<Album> {
        let name = edit
            .name
            .as_deref()
            .map(|n| store::non_empty(n, "an album name"))
            .transpose()?;
        let current = self.album(id).await?;
        let query = edit.query.map(|q| q.trim().to_string());
        if query.is_some() || edit.sort.is_some() {
            let query = query.clone().unwrap_or_else(|| current.query.clone());
            let sort = edit.sort.clone().unwrap_or_else(|| current.sort.clone());
            self.check_album_search(&query, &sort).await?;
        }
        let now = self.now();
        self.write(move |tx, c| {
            let before = albums::get(tx, id)?.ok_or(Error::NotFound { kind: "album", id })?;
            let after = Album {
                name: name.unwrap_or_else(|| before.name.clone()),
                query: query.unwrap_or_else(|| before.query.clone()),
                sort: edit.sort.unwrap_or_else(|| before.sort.clone()),
                updated_at: now,
                ..before.clone()
            };
            let same = (&after.name, &after.query, &after.sort)
                == (&before.name, &before.query, &before.sort);
            if same {
                return Ok(before);
            }
            albums::put(tx, &after, c)?;
            let label = if after.name != before.name {
                format!("Renamed album “{}” to “{}”", before.name, after.name)
            } else {
                format!("Changed the search of album “{}”", after.name)
            };
            history::record(
                tx,
                c,
                &label,
                vec![Change::Album {
                    before: Some(before),
                    after: Some(after.clone()),
                }],
            )?;
            Ok(after)
        })
        .await
    }

    /// Deletes an album (never the items it shows); undo brings it back.
    pub async fn delete_album(&self, id: AlbumId) -> Result<()> {
        self.write(move |tx, c| {
            let before = albums::get(tx, id)?.ok_or(Error::NotFound { kind: "album", id })?;
            albums::delete(tx, id, c)?;
            let label = format!("Deleted album “{}”", before.name);
            history::record(
                tx,
                c,
                &label,
                vec![Change::Album {
                    before: Some(before),
                    after: None,
                }],
            )?;
            Ok(())
        })
        .await
    }

    pub async fn album(&self, id: AlbumId) -> Result<Album> {
        self.read(move |conn| albums::get(conn, id)?.ok_or(Error::NotFound { kind: "album", id }))
            .await
    }

    /// The album of that name, in any letter case.
    pub async fn album_named(&self, name: String) -> Result<Album> {
        self.read(move |conn| albums::named(conn, &name)?.ok_or(Error::NoAlbum(name.trim().into())))
            .await
    }

    /// Every album by name, each with what its search finds now. An album
    /// whose search no longer runs is listed with the reason, not dropped.
    pub async fn albums(&self) -> Result<Vec<AlbumCount>> {
        let all = self.read(albums::list).await?;
        let checked: Vec<Result<()>> = all.iter().map(|a| self.check_sort(&a.sort)).collect();
        self.with_search(move |index, db| {
            Ok(all
                .into_iter()
                .zip(checked)
                .map(|(album, sort_ok)| {
                    match sort_ok.and_then(|()| count(index, db, &album.query, &album.sort)) {
                        Ok(n) => AlbumCount {
                            album,
                            count: Some(n),
                            problem: None,
                        },
                        Err(e) => AlbumCount {
                            album,
                            count: None,
                            problem: Some(e.to_string()),
                        },
                    }
                })
                .collect())
        })
        .await
    }

    async fn check_album_search(&self, query: &str, sort: &SortOrder) -> Result<()> {
        self.check_sort(sort)?;
        let (query, sort) = (query.to_string(), sort.clone());
        self.with_search(move |index, db| count(index, db, &query, &sort).map(drop))
            .await
    }
}
