//! What a photo, video or song says about itself (date taken, camera,
//! exposure, place, title, keywords, duration…), as facts. The reading is
//! `crate::metadata`; this turns it into facts, the item's date, a video's
//! dimensions and, when the library says so, tags from embedded keywords.

use crate::bus::{Backfill, Handler, HandlerContext, HandlerError, NewResource};
use crate::events::{Event, EventKind, EventPayload, ResourceField};
use crate::facts::{FactFormat, FactKind, FactSpec, FactValue};
use crate::metadata::{self, Metadata, MetadataError};
use crate::model::FieldValue;

use super::{CONTENT_EVENTS, current_resource, is_new_content, log_outcome};

pub struct MetadataHandler;

const TIME: &str = "Time";
const CAMERA: &str = "Camera";
const EXPOSURE: &str = "Exposure";
const PLACE: &str = "Place";
const DESCRIPTION: &str = "Description";
const MEDIA: &str = "Media";
const MUSIC: &str = "Music";
const DOCUMENT: &str = "Document";

static FACTS: &[FactSpec] = &[
    FactSpec::new("taken", "Date taken", FactKind::Timestamp)
        .group(TIME)
        .about("when the photo or video was taken")
        .filter()
        .sort()
        .item_date(),
    FactSpec::new("camera", "Camera", FactKind::Text)
        .group(CAMERA)
        .about("the camera's make and model")
        .words()
        .filter(),
    FactSpec::new("lens", "Lens", FactKind::Text)
        .group(CAMERA)
        .about("the lens")
        .words()
        .filter(),
    FactSpec::new("focal_length", "Focal length", FactKind::Real)
        .group(EXPOSURE)
        .unit("mm")
        .filter()
        .sort(),
    FactSpec::new("focal_length_35", "35 mm equivalent", FactKind::Real)
        .group(EXPOSURE)
        .unit("mm")
        .filter(),
    FactSpec::new("aperture", "Aperture", FactKind::Real)
        .group(EXPOSURE)
        .format(FactFormat::FNumber)
        .about("the f-number")
        .filter()
        .sort(),
    FactSpec::new("exposure", "Exposure time", FactKind::Real)
        .group(EXPOSURE)
        .unit("s")
        .format(FactFormat::Reciprocal)
        .about("seconds, e.g. exposure:<0.01")
        .filter()
        .sort(),
    FactSpec::new("iso", "ISO", FactKind::Integer)
        .group(EXPOSURE)
        .about("the sensitivity")
        .filter()
        .sort(),
    FactSpec::new("flash", "Flash", FactKind::Text)
        .group(EXPOSURE)
        .about("fired or \"did not fire\"")
        .filter(),
    FactSpec::new("gps", "Coordinates", FactKind::GeoPoint).group(PLACE),
    FactSpec::new("altitude", "Altitude", FactKind::Real)
        .group(PLACE)
        .unit("m"),
    FactSpec::new("place", "Place", FactKind::Text)
        .group(PLACE)
        .about("city, region or country where it was taken")
        .words()
        .filter(),
    FactSpec::new("orientation", "Orientation", FactKind::Text).group("Image"),
    FactSpec::new("title", "Title", FactKind::Text)
        .group(DESCRIPTION)
        .about("the title in the file")
        .words()
        .filter(),
    FactSpec::new("caption", "Caption", FactKind::Text)
        .group(DESCRIPTION)
        .about("the caption in the file")
        .words()
        .filter(),
    FactSpec::new("keywords", "Keywords", FactKind::List)
        .group(DESCRIPTION)
        .about("keywords embedded in the file")
        .words()
        .filter(),
    FactSpec::new("embedded_rating", "Rating in the file", FactKind::Integer)
        .group(DESCRIPTION)
        .about("the XMP rating, 0 to 5")
        .filter()
        .sort(),
    FactSpec::new("embedded_label", "Label in the file", FactKind::Text)
        .group(DESCRIPTION)
        .about("the XMP colour label (Red, Green…)")
        .words()
        .filter(),
    FactSpec::new("duration", "Duration", FactKind::Duration)
        .group(MEDIA)
        .about("length of a video or sound")
        .filter()
        .sort(),
    FactSpec::new("frame_rate", "Frame rate", FactKind::Real)
        .group(MEDIA)
        .unit("fps")
        .filter(),
    FactSpec::new("codec", "Codec", FactKind::Text)
        .group(MEDIA)
        .about("e.g. h264, hevc, aac")
        .filter(),
    FactSpec::new("artist", "Artist", FactKind::Text)
        .group(MUSIC)
        .about("who sings or plays")
        .words()
        .filter(),
    FactSpec::new("album", "Album", FactKind::Text)
        .group(MUSIC)
        .words()
        .filter(),
    FactSpec::new("genre", "Genre", FactKind::Text)
        .group(MUSIC)
        .words()
        .filter(),
    FactSpec::new("year", "Year", FactKind::Integer)
        .group(MUSIC)
        .about("the year a recording gives")
        .filter()
        .sort(),
    FactSpec::new("pages", "Pages", FactKind::Integer)
        .group(DOCUMENT)
        .about("how many pages a PDF has")
        .filter()
        .sort(),
    FactSpec::new("author", "Author", FactKind::Text)
        .group(DOCUMENT)
        .about("the author a document names")
        .words()
        .filter(),
    FactSpec::new("metadata_problem", "Metadata problem", FactKind::Text).group("Metadata"),
];

impl Handler for MetadataHandler {
    fn name(&self) -> &'static str {
        "metadata"
    }

    fn subscribes_to(&self) -> &'static [EventKind] {
        CONTENT_EVENTS
    }

    fn wants(&self, event: &EventPayload) -> bool {
        is_new_content(event) || event.touches_resource(&[ResourceField::Sidecar])
    }

    /// Photos, videos, audio and PDFs: what carries metadata it reads.
    fn takes_new(&self, resource: &NewResource<'_>) -> bool {
        carries_metadata(resource.content_type)
    }

    fn priority(&self) -> i32 {
        // After the grid thumbnail and the index, before hashing: the date
        // it finds moves a photo to its place in a date-sorted grid.
        22
    }

    fn concurrency(&self) -> usize {
        2
    }

    fn backfills(&self) -> &'static [Backfill] {
        const BACKFILLS: &[Backfill] = &[
            Backfill::all("metadata"),
            // Songs' tags and PDFs' pages came later.
            Backfill {
                key: "metadata:songs-and-documents",
                only: "content_type LIKE 'audio/%' OR content_type = 'application/pdf'",
            },
        ];
        BACKFILLS
    }

    fn facts(&self) -> &'static [FactSpec] {
        FACTS
    }

    fn handle(&self, ctx: &HandlerContext, event: &Event) -> Result<(), HandlerError> {
        let Some(resource) = current_resource(ctx)? else {
            return Ok(());
        };
        let kind = resource.content_type.as_str();
        let path = ctx.file_path(&resource);
        if kind == "application/pdf" {
            return write_document_facts(ctx, &resource, &path);
        }
        if !carries_metadata(kind) {
            return Ok(());
        }
        let mut found = metadata::read(&path, kind).map_err(|e| match e {
            MetadataError::Io(io) => {
                HandlerError::Transient(format!("could not read {}: {io}", path.display()))
            }
        })?;
        let sidecar = read_sidecar(ctx, &resource)?;
        let had_sidecar = sidecar.is_some();
        if let Some(sidecar) = sidecar {
            found.override_from(sidecar);
        }
        let sidecar_changed = event.payload.touches_resource(&[ResourceField::Sidecar]);
        let before = if sidecar_changed {
            keywords_fact(ctx, resource.id)?
        } else {
            Vec::new()
        };
        let outcome = ctx.write_facts(resource.id, resource.content_rev, facts_of(&found))?;
        log_outcome(&outcome);
        if kind.starts_with("video/")
            && let (Some(width), Some(height)) = (found.width, found.height)
        {
            let outcome = ctx.write_resource(
                resource.id,
                resource.content_rev,
                &[
                    (ResourceField::Width, FieldValue::Integer(width.into())),
                    (ResourceField::Height, FieldValue::Integer(height.into())),
                ],
            )?;
            log_outcome(&outcome);
        }
        // A sidecar's description is the item's (written there by Lightroom
        // or digiKam); the file's own caption stays a fact.
        if had_sidecar
            && let Some(caption) = &found.caption
            && (sidecar_changed || resource.description.is_empty())
            && *caption != resource.description
        {
            let outcome = ctx.write_resource(
                resource.id,
                resource.content_rev,
                &[(
                    ResourceField::Description,
                    FieldValue::Text(caption.clone()),
                )],
            )?;
            log_outcome(&outcome);
        }
        // A keyword taken out of a sidecar takes its tag away.
        if sidecar_changed && ctx.settings()?.keywords_as_tags {
            let removed: Vec<String> = before
                .into_iter()
                .filter(|k| !found.keywords.contains(k))
                .collect();
            if !removed.is_empty() {
                ctx.remove_tags_from_file(resource.id, resource.content_rev, &removed)?;
            }
        }
        // Keywords become tags when a file arrives, not when an upgrade reads
        // files the person has organised already.
        let arriving = !matches!(event.payload, EventPayload::ResourceBackfill { .. });
        if arriving && !found.keywords.is_empty() && ctx.settings()?.keywords_as_tags {
            let keywords: Vec<String> = found
                .keywords
                .iter()
                .take(crate::facts::MAX_LIST_ITEMS)
                .filter(|k| !k.trim().is_empty())
                .cloned()
                .collect();
            ctx.add_tags_from_file(resource.id, resource.content_rev, &keywords)?;
        }
        Ok(())
    }
}

/// What the resource's XMP sidecar says, if it has one. A sidecar that is
/// gone or damaged is a problem of the metadata, not a failure.
fn read_sidecar(
    ctx: &HandlerContext,
    resource: &crate::model::Resource,
) -> Result<Option<Metadata>, HandlerError> {
    if ctx.settings()?.sidecars == crate::SidecarMode::Off {
        return Ok(None);
    }
    let Some((recorded, _)) =
        ctx.read(|conn| crate::store::resources::sidecar_of(conn, resource.id))?
    else {
        return Ok(None);
    };
    let path = ctx.layout().resolve(&recorded);
    Ok(Some(match crate::sidecar::read_text(&path) {
        Ok(text) => {
            let (mut found, problem) = metadata::read_sidecar_text(&text);
            found
                .problems
                .extend(problem.map(|p| format!("in its sidecar, {p}")));
            found
        }
        Err(why) => Metadata {
            problems: vec![why.to_string()],
            ..Metadata::default()
        },
    }))
}

/// The keywords the resource's facts hold now.
fn keywords_fact(
    ctx: &HandlerContext,
    id: crate::model::ResourceId,
) -> Result<Vec<String>, HandlerError> {
    let facts = ctx.read(|conn| crate::store::facts::of(conn, id))?;
    Ok(facts
        .into_iter()
        .find(|f| f.key == "keywords")
        .map(|f| match f.value {
            FactValue::List { items } => items,
            _ => Vec::new(),
        })
        .unwrap_or_default())
}

/// The facts of what was read, under their declared keys.
fn facts_of(found: &Metadata) -> Vec<(&'static str, FactValue)> {
    let mut facts = Vec::new();
    let mut push = |key, value: Option<FactValue>| {
        if let Some(value) = value {
            facts.push((key, value));
        }
    };
    push(
        "taken",
        found.taken.map(|m| FactValue::Timestamp {
            utc_ms: m.utc_ms,
            offset_minutes: m.offset_minutes,
        }),
    );
    push("camera", found.camera().map(FactValue::text));
    push("lens", found.lens.clone().map(FactValue::text));
    push("focal_length", found.focal_length.map(FactValue::real));
    push(
        "focal_length_35",
        found.focal_length_35.map(FactValue::real),
    );
    push("aperture", found.aperture.map(FactValue::real));
    push("exposure", found.exposure.map(FactValue::real));
    push("iso", found.iso.map(FactValue::integer));
    push(
        "flash",
        found
            .flash
            .map(|fired| FactValue::text(if fired { "Fired" } else { "Did not fire" })),
    );
    if let Some((latitude, longitude)) = found.gps {
        push(
            "gps",
            Some(FactValue::GeoPoint {
                latitude,
                longitude,
            }),
        );
        push("altitude", found.altitude.map(FactValue::real));
        push(
            "place",
            metadata::places::place_of(latitude, longitude).map(|p| FactValue::text(p.name())),
        );
    }
    push(
        "orientation",
        found
            .orientation
            .and_then(orientation_words)
            .map(FactValue::text),
    );
    push("title", found.title.clone().map(FactValue::text));
    push("caption", found.caption.clone().map(FactValue::text));
    push(
        "keywords",
        (!found.keywords.is_empty()).then(|| FactValue::list(found.keywords.clone())),
    );
    push(
        "embedded_rating",
        found.rating.filter(|r| *r > 0).map(FactValue::integer),
    );
    push("embedded_label", found.label.clone().map(FactValue::text));
    push("duration", found.duration_ms.map(FactValue::duration_ms));
    push("frame_rate", found.frame_rate.map(FactValue::real));
    push("codec", found.codec.clone().map(FactValue::text));
    push("artist", found.artist.clone().map(FactValue::text));
    push("album", found.album.clone().map(FactValue::text));
    push("genre", found.genre.clone().map(FactValue::text));
    push("year", found.year.map(FactValue::integer));
    push(
        "metadata_problem",
        (!found.problems.is_empty()).then(|| FactValue::text(found.problems.join("; "))),
    );
    facts
}

/// A PDF's page count, title and author, from `pdfinfo`. Without Poppler
/// there is nothing to say (the thumbnail's note tells what to install); a
/// document Poppler cannot read is said once, by the thumbnail handler.
fn write_document_facts(
    ctx: &HandlerContext,
    resource: &crate::model::Resource,
    path: &std::path::Path,
) -> Result<(), HandlerError> {
    use crate::media::pdf::{self, PdfError};
    let info = match pdf::info(path) {
        Ok(info) => info,
        Err(PdfError::Missing | PdfError::Damaged(_)) => return Ok(()),
        Err(other) => return Err(HandlerError::Transient(other.to_string())),
    };
    let mut facts = Vec::new();
    if let Some(pages) = info.pages {
        facts.push(("pages", FactValue::integer(pages.into())));
    }
    if let Some(title) = info.title {
        facts.push(("title", FactValue::text(title)));
    }
    if let Some(author) = info.author {
        facts.push(("author", FactValue::text(author)));
    }
    let outcome = ctx.write_facts(resource.id, resource.content_rev, facts)?;
    log_outcome(&outcome);
    Ok(())
}

/// EXIF orientation as a person reads it; the normal one says nothing.
fn orientation_words(orientation: u16) -> Option<&'static str> {
    Some(match orientation {
        2 => "Mirrored",
        3 => "Rotated 180°",
        4 => "Mirrored vertically",
        5 => "Rotated 90° counter-clockwise and mirrored",
        6 => "Rotated 90° clockwise",
        7 => "Rotated 90° clockwise and mirrored",
        8 => "Rotated 90° counter-clockwise",
        _ => return None,
    })
}

/// The kinds this handler reads anything from.
fn carries_metadata(content_type: &str) -> bool {
    content_type == "application/pdf"
        || content_type.starts_with("image/")
        || content_type.starts_with("video/")
        || content_type.starts_with("audio/")
}
