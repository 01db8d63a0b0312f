//! Which renderer makes a file's picture, by its content type: the image
//! decoders, libheif, a raw file's embedded preview, resvg, Poppler, a
//! song's cover art, or ffmpeg's frame.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use super::{
    FfmpegError, MAX_FILE_BYTES, RenderError, Rendered, Size, finish, heif, pdf, raw, render_bytes,
    render_file, svg, video_frame,
};
use crate::filetype;
use image::metadata::Orientation;

const FFMPEG_TIMEOUT: Duration = Duration::from_secs(30);

/// Where a file's thumbnail comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSource {
    /// Images the image crate, libjpeg-turbo and libwebp decode (their
    /// headers give the dimensions).
    Picture,
    Heif,
    Raw,
    Svg,
    Pdf,
    Video,
    /// A song's embedded cover art.
    Audio,
    /// Nothing to draw (text is shown as text).
    Nothing,
}

pub fn source_of(content_type: &str) -> ImageSource {
    if filetype::is_heif(content_type) {
        ImageSource::Heif
    } else if filetype::is_raw(content_type) {
        ImageSource::Raw
    } else if content_type == "image/svg+xml" {
        ImageSource::Svg
    } else if content_type == "application/pdf" {
        ImageSource::Pdf
    } else if content_type.starts_with("image/") {
        ImageSource::Picture
    } else if content_type.starts_with("video/") {
        ImageSource::Video
    } else if content_type.starts_with("audio/") {
        ImageSource::Audio
    } else {
        ImageSource::Nothing
    }
}

fn read_bounded(path: &Path, what: &str, max: u64) -> Result<Vec<u8>, RenderError> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > max {
        return Err(RenderError::Undecodable(format!(
            "the {what} is {} MB, over the {} MB this app opens",
            size >> 20,
            max >> 20
        )));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The picture at `size` of the file at `path`; `Ok(None)` for kinds with
/// nothing to draw.
pub fn render_resource(
    path: &Path,
    content_type: &str,
    size: Size,
) -> Result<Option<Rendered>, RenderError> {
    let rendered = match source_of(content_type) {
        ImageSource::Picture => render_file(path, size)?,
        ImageSource::Heif => {
            let bytes = read_bounded(path, "HEIF/AVIF file", MAX_FILE_BYTES)?;
            let heif::Decoded {
                image,
                exif_orientation,
            } = heif::decode(&bytes)?;
            let (width, height) = (image.width(), image.height());
            // libheif applies the file's own rotation; an EXIF orientation
            // counts only where the file has none (see `has_own_transform`).
            let orientation = if heif::has_own_transform(&bytes) {
                Orientation::NoTransforms
            } else {
                exif_orientation
                    .and_then(|o| Orientation::from_exif(o.try_into().ok()?))
                    .unwrap_or(Orientation::NoTransforms)
            };
            let mut rendered = finish(image, orientation, width, height, size);
            rendered.displayed = Some(if swaps(orientation) {
                (height, width)
            } else {
                (width, height)
            });
            rendered
        }
        ImageSource::Raw => render_raw(path, size)?,
        ImageSource::Svg => {
            let bytes = read_bounded(path, "SVG file", svg::MAX_BYTES)?;
            let (image, width, height) = svg::render(&bytes, size.edge())?;
            let mut rendered = finish(image, Orientation::NoTransforms, width, height, size);
            rendered.displayed = Some((width, height));
            rendered
        }
        ImageSource::Pdf => {
            let page = pdf::first_page(path, size.edge()).map_err(|e| match e {
                pdf::PdfError::Missing => RenderError::Unsupported(e.to_string()),
                pdf::PdfError::Io(io) => RenderError::Io(io),
                other => RenderError::Undecodable(other.to_string()),
            })?;
            let (width, height) = (page.width(), page.height());
            finish(page, Orientation::NoTransforms, width, height, size)
        }
        ImageSource::Video => match video_frame(path, FFMPEG_TIMEOUT) {
            Ok(frame) => render_bytes(&frame, size)?,
            Err(FfmpegError::Missing) => {
                return Err(RenderError::Unsupported(FfmpegError::Missing.to_string()));
            }
            Err(FfmpegError::Failed(message)) => {
                return Err(RenderError::Undecodable(format!(
                    "ffmpeg could not read a frame: {message}"
                )));
            }
            Err(other) => return Err(RenderError::Io(std::io::Error::other(other.to_string()))),
        },
        ImageSource::Audio => {
            let cover = crate::metadata::audio::cover(path).map_err(|why| {
                RenderError::Undecodable(format!("the sound file is damaged\n{why}"))
            })?;
            let Some(cover) = cover else {
                return Err(RenderError::Unsupported(
                    "no thumbnail: the sound file has no cover art".into(),
                ));
            };
            render_bytes(&cover, size).map_err(|e| match e {
                RenderError::Undecodable(why) | RenderError::Unsupported(why) => {
                    RenderError::Undecodable(format!("its cover art could not be read: {why}"))
                }
                io => io,
            })?
        }
        ImageSource::Nothing => return Ok(None),
    };
    debug_assert!(rendered.image.width().max(rendered.image.height()) <= size.edge());
    Ok(Some(rendered))
}

/// Orientations that turn the picture a quarter, swapping width and height.
fn swaps(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// A raw file's biggest embedded JPEG, turned as the raw file says.
fn render_raw(path: &Path, size: Size) -> Result<Rendered, RenderError> {
    let (jpeg, orientation, head) = match raw::read_preview(path, MAX_FILE_BYTES)? {
        raw::RawPreview::Found {
            jpeg,
            orientation,
            head,
        } => (jpeg, orientation, head),
        raw::RawPreview::CutOff => {
            return Err(RenderError::Undecodable(
                "the raw file is cut off: its preview image lies past its end".into(),
            ));
        }
        raw::RawPreview::Missing => {
            return Err(RenderError::Unsupported(
                "no thumbnail: this raw file carries no preview image, and developing \
                 raw sensor data is not supported yet"
                    .into(),
            ));
        }
    };
    // CR3 and RAF say their orientation in their EXIF, not in a TIFF IFD0.
    let orientation = orientation
        .or_else(|| crate::metadata::read_bytes(&head).orientation)
        .and_then(|o| Orientation::from_exif(o.try_into().ok()?));
    let jpeg = jpeg.as_slice();
    if !super::jpeg_is_complete(jpeg) {
        return Err(RenderError::Undecodable(
            "the raw file's preview image is cut off: the file is incomplete or damaged".into(),
        ));
    }
    let rendered = super::render_jpeg_oriented(jpeg, orientation, size)
        .map_err(|e| match e {
            RenderError::Undecodable(why) => {
                RenderError::Undecodable(format!("the raw file's preview image is damaged\n{why}"))
            }
            other => other,
        })?
        .ok_or_else(|| {
            RenderError::Unsupported(
                "no thumbnail: the raw file's preview image is of a kind we cannot read".into(),
            )
        })?;
    let displayed = (rendered.image.width(), rendered.image.height());
    // As shown: the picture's proportions, at the preview's full size.
    let (width, height) = if displayed.0 >= displayed.1 {
        (
            rendered.source_width.max(rendered.source_height),
            rendered.source_width.min(rendered.source_height),
        )
    } else {
        (
            rendered.source_width.min(rendered.source_height),
            rendered.source_width.max(rendered.source_height),
        )
    };
    Ok(Rendered {
        displayed: Some((width, height)),
        ..rendered
    })
}
