//! Songs and recordings: title, artist, album, genre, year and the cover
//! art, from ID3, Vorbis comments, MP4 atoms or RIFF INFO (lofty: one
//! maintained reader for MP3, FLAC, M4A, Ogg, Opus and WAV). Lofty bounds
//! every allocation a tag asks for (16 MB by default).

use std::path::Path;

use lofty::config::ParseOptions;
use lofty::file::{AudioFile, TaggedFileExt};
use lofty::picture::PictureType;
use lofty::probe::Probe;
use lofty::tag::Accessor;

/// Cover art larger than this is not decoded for a thumbnail.
const MAX_COVER_BYTES: usize = 16 << 20;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct AudioTags {
    pub title: Option<String>,
    pub artist: Option<String>,
    pub album: Option<String>,
    pub genre: Option<String>,
    pub year: Option<i64>,
    pub duration_ms: Option<i64>,
}

fn probe(path: &Path, read_cover: bool) -> Result<lofty::file::TaggedFile, String> {
    let mut options = ParseOptions::new();
    options.read_cover_art(read_cover);
    let probe = Probe::open(path).map_err(|e| e.to_string())?;
    let probe = probe
        .options(options)
        .guess_file_type()
        .map_err(|e| e.to_string())?;
    probe.read().map_err(|e| e.to_string())
}

/// The tags of a sound file, or why they could not be read.
pub fn read(path: &Path) -> Result<AudioTags, String> {
    let file = probe(path, false)?;
    let text = |value: Option<std::borrow::Cow<'_, str>>| {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let mut tags = AudioTags::default();
    let duration = file.properties().duration();
    if !duration.is_zero() {
        tags.duration_ms = i64::try_from(duration.as_millis()).ok();
    }
    // The format's own tag first, then any other it carries (an MP3 with
    // both ID3v2 and ID3v1).
    let mut all: Vec<&lofty::tag::Tag> = file.primary_tag().into_iter().collect();
    all.extend(
        file.tags()
            .iter()
            .filter(|t| Some(t.tag_type()) != file.primary_tag().map(|p| p.tag_type())),
    );
    for tag in all {
        tags.title = tags.title.or_else(|| text(tag.title()));
        tags.artist = tags.artist.or_else(|| text(tag.artist()));
        tags.album = tags.album.or_else(|| text(tag.album()));
        tags.genre = tags.genre.or_else(|| text(tag.genre()));
        tags.year = tags.year.or_else(|| tag.date().map(|d| i64::from(d.year)));
    }
    Ok(tags)
}

/// The front cover (else the first picture) embedded in a sound file.
pub fn cover(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let file = probe(path, true)?;
    let pictures = file.tags().iter().flat_map(|t| t.pictures());
    let mut first = None;
    for picture in pictures {
        if picture.data().len() > MAX_COVER_BYTES {
            continue;
        }
        if picture.pic_type() == PictureType::CoverFront {
            return Ok(Some(picture.data().to_vec()));
        }
        first = first.or(Some(picture));
    }
    Ok(first.map(|p| p.data().to_vec()))
}
