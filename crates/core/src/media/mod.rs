//! Thumbnails and perceptual hashes: a file is drawn at one [`Size`] at a
//! time — the 256 px grid thumbnail (hashed too) first, the 1024 px preview
//! later — each decoded at the smallest scale that covers it (JPEG k/8 DCT
//! scaling, libwebp's scaled decoding, SVG and PDF drawn at that size).
//! Pure functions of bytes: nothing here knows the database, a resource or a
//! job (the thumbnail and preview handlers do).

pub mod external;
pub mod heif;
pub mod pdf;
mod raw;
mod resource;
mod svg;
mod video;

use std::io::{BufRead, Seek};
use std::path::Path;

use fast_image_resize::{ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

pub use resource::{ImageSource, render_resource, source_of};
pub use video::{FfmpegError, video_frame};

/// Longest edge of the grid thumbnail.
pub const GRID_EDGE: u32 = 256;
/// Longest edge of the detail preview.
pub const PREVIEW_EDGE: u32 = 1024;

/// Which picture of a file to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// The grid's thumbnail, [`GRID_EDGE`] at most.
    Grid,
    /// The viewer's and the details' preview, [`PREVIEW_EDGE`] at most.
    Preview,
}

impl Size {
    pub const fn edge(self) -> u32 {
        match self {
            Size::Grid => GRID_EDGE,
            Size::Preview => PREVIEW_EDGE,
        }
    }
}
/// Largest image decoded, in pixels (a 16384 × 16384 image, 256 megapixels).
pub const MAX_PIXELS: u64 = 1 << 28;
/// Largest HEIF or raw file read (a 100 MP medium-format raw is ~200 MB).
pub(crate) const MAX_FILE_BYTES: u64 = 512 << 20;
/// Most memory a decoder may allocate.
const MAX_ALLOC: u64 = 2 << 30;

/// Why an image could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The same bytes will fail the same way: not worth a retry.
    #[error("{0}")]
    Undecodable(String),
    /// A format this build cannot decode (HEIF, say): not an error in the file.
    #[error("{0}")]
    Unsupported(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// One picture of an image at the size asked for, its orientation applied.
pub struct Rendered {
    pub image: DynamicImage,
    /// Some pixel is not fully opaque: store as PNG to keep it.
    pub has_alpha: bool,
    pub source_width: u32,
    pub source_height: u32,
    /// Width and height as shown, for the kinds whose header the
    /// dimensions handler cannot read (HEIC, raw, SVG): the renderer is the
    /// only one that knows.
    pub displayed: Option<(u32, u32)>,
}

/// The biggest JPEG preview the raw file at `path` embeds, read without
/// reading the rest of the file.
pub fn embedded_raw_preview(path: &Path) -> Option<Vec<u8>> {
    match raw::read_preview(path, MAX_FILE_BYTES).ok()? {
        raw::RawPreview::Found { jpeg, .. } => Some(jpeg),
        _ => None,
    }
}

/// Renders an image file.
pub fn render_file(path: &Path, size: Size) -> Result<Rendered, RenderError> {
    // One read: the bytes are checked, then decoded from memory.
    let bytes = std::fs::read(path)?;
    render_bytes(&bytes, size)
}

/// Renders encoded image bytes (a video frame from ffmpeg).
pub fn render_bytes(bytes: &[u8], size: Size) -> Result<Rendered, RenderError> {
    let reader = ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?;
    // The JPEG decoder fills a cut-off file with grey instead of failing; a
    // thumbnail of half a photo hides the damage, so refuse it.
    if reader.format() == Some(image::ImageFormat::Jpeg) && !jpeg_is_complete(bytes) {
        return Err(RenderError::Undecodable(
            "the JPEG is cut off (no end-of-image marker): the file is incomplete or damaged"
                .into(),
        ));
    }
    if reader.format() == Some(image::ImageFormat::Jpeg)
        && let Some(rendered) = render_jpeg_scaled(bytes, size)?
    {
        return Ok(rendered);
    }
    if reader.format() == Some(image::ImageFormat::WebP)
        && let Some(rendered) = render_webp(bytes, size)?
    {
        return Ok(rendered);
    }
    render(reader, size)
}

/// Decodes a still WebP with libwebp, scaled while decoding straight to
/// `size`. `None` for animated files, which the image crate handles (first
/// frame).
fn render_webp(bytes: &[u8], size: Size) -> Result<Option<Rendered>, RenderError> {
    let features = webp::BitstreamFeatures::new(bytes)
        .ok_or_else(|| RenderError::Undecodable("the WebP header could not be read".into()))?;
    if features.has_animation() {
        return Ok(None);
    }
    let (width, height) = (features.width(), features.height());
    check_size(width, height)?;
    let alpha = features.has_alpha();
    let (target_width, target_height) = fitted(width, height, size.edge());
    let pixels = webp_decode_scaled(bytes, target_width, target_height, alpha)
        .ok_or_else(|| RenderError::Undecodable("the WebP image could not be decoded".into()))?;
    let image = if alpha {
        image::RgbaImage::from_raw(target_width, target_height, pixels)
            .map(DynamicImage::ImageRgba8)
    } else {
        image::RgbImage::from_raw(target_width, target_height, pixels).map(DynamicImage::ImageRgb8)
    };
    Ok(image.map(|image| {
        finish(
            image,
            image::metadata::Orientation::NoTransforms,
            width,
            height,
            size,
        )
    }))
}

/// libwebp's decoder, resampling to `width` × `height` as it decodes.
fn webp_decode_scaled(bytes: &[u8], width: u32, height: u32, alpha: bool) -> Option<Vec<u8>> {
    use libwebp_sys as sys;
    let channels = if alpha { 4 } else { 3 };
    let stride = width as usize * channels;
    let mut pixels = vec![0u8; stride * height as usize];
    let mut config = sys::WebPDecoderConfig::new().ok()?;
    config.options.use_scaling = 1;
    config.options.scaled_width = i32::try_from(width).ok()?;
    config.options.scaled_height = i32::try_from(height).ok()?;
    config.output.colorspace = if alpha {
        sys::WEBP_CSP_MODE::MODE_RGBA
    } else {
        sys::WEBP_CSP_MODE::MODE_RGB
    };
    config.output.is_external_memory = 1;
    config.output.u.RGBA = sys::WebPRGBABuffer {
        rgba: pixels.as_mut_ptr(),
        stride: i32::try_from(stride).ok()?,
        size: pixels.len(),
    };
    // SAFETY: `config` was initialised by libwebp for this ABI version. The
    // output buffer is ours: exactly `stride` × `height` bytes, alive across
    // the call, described to libwebp as external memory, so freeing the
    // decoder's buffer releases only libwebp's own allocations.
    let status = unsafe {
        let status = sys::WebPDecode(bytes.as_ptr(), bytes.len(), &mut config);
        sys::WebPFreeDecBuffer(&mut config.output);
        status
    };
    (status == sys::VP8StatusCode::VP8_STATUS_OK).then_some(pixels)
}

/// Decodes a JPEG with libjpeg-turbo at the smallest DCT scale (k/8) that
/// still covers `size`, so a 24 MP photo is decoded at a quarter of its size
/// for the preview and an eighth for the grid, never whole. `None` for
/// JPEGs it leaves to the image crate (CMYK, which libjpeg-turbo cannot turn
/// into RGB).
fn render_jpeg_scaled(bytes: &[u8], size: Size) -> Result<Option<Rendered>, RenderError> {
    render_jpeg_oriented(bytes, None, size)
}

/// [`render_jpeg_scaled`], turned by `orientation` when given (a raw file's
/// own, for the preview it embeds) instead of the JPEG's.
fn render_jpeg_oriented(
    bytes: &[u8],
    orientation: Option<image::metadata::Orientation>,
    size: Size,
) -> Result<Option<Rendered>, RenderError> {
    let turbo_error =
        |e: turbojpeg::Error| RenderError::Undecodable(format!("the JPEG file is damaged\n{e}"));
    let mut decompressor = turbojpeg::Decompressor::new().map_err(turbo_error)?;
    let header = decompressor.read_header(bytes).map_err(turbo_error)?;
    if !matches!(
        header.colorspace,
        turbojpeg::Colorspace::RGB | turbojpeg::Colorspace::YCbCr | turbojpeg::Colorspace::Gray
    ) {
        return Ok(None);
    }
    let (width, height) = (header.width, header.height);
    check_size(width as u32, height as u32)?;
    let longest = width.max(height);
    let eighths = (1..=8)
        .find(|k| (longest * k).div_ceil(8) >= size.edge() as usize)
        .unwrap_or(8);
    let scaled_width = (width * eighths).div_ceil(8);
    let scaled_height = (height * eighths).div_ceil(8);
    let mut pixels = vec![0u8; scaled_width * scaled_height * 3];
    let output = turbojpeg::Image {
        pixels: pixels.as_mut_slice(),
        width: scaled_width,
        pitch: scaled_width * 3,
        height: scaled_height,
        format: turbojpeg::PixelFormat::RGB,
    };
    decompressor
        .decompress(bytes, output)
        .map_err(turbo_error)?;
    let Some(decoded) =
        image::RgbImage::from_raw(scaled_width as u32, scaled_height as u32, pixels)
    else {
        return Ok(None);
    };
    let orientation = orientation.unwrap_or_else(|| {
        image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(bytes))
            .and_then(|mut d| d.orientation())
            .unwrap_or(image::metadata::Orientation::NoTransforms)
    });
    Ok(Some(finish(
        DynamicImage::ImageRgb8(decoded),
        orientation,
        width as u32,
        height as u32,
        size,
    )))
}

pub(crate) fn check_size(width: u32, height: u32) -> Result<(), RenderError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > MAX_PIXELS {
        return Err(RenderError::Undecodable(format!(
            "the image declares {width} × {height} pixels ({} megapixels), over the {} megapixel limit",
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        )));
    }
    if width == 0 || height == 0 {
        return Err(RenderError::Undecodable("the image has no pixels".into()));
    }
    Ok(())
}

/// Walks a JPEG's segments and scans to its end-of-image marker.
fn jpeg_is_complete(data: &[u8]) -> bool {
    let length_at = |i: usize| -> Option<usize> {
        Some(usize::from(u16::from_be_bytes([
            *data.get(i)?,
            *data.get(i + 1)?,
        ])))
    };
    if !data.starts_with(&[0xff, 0xd8]) {
        return false;
    }
    let mut i = 2;
    loop {
        // Markers may be preceded by any number of 0xff fill bytes.
        while data.get(i) == Some(&0xff) {
            i += 1;
        }
        let Some(&marker) = data.get(i) else {
            return false;
        };
        i += 1;
        match marker {
            0xd9 => return true,
            0x01 | 0xd0..=0xd7 => {}
            0xda => {
                let Some(header) = length_at(i) else {
                    return false;
                };
                i += header;
                // Entropy-coded data: 0xff is followed by 0x00 (stuffing) or a
                // restart marker; anything else is the next marker.
                loop {
                    match (data.get(i), data.get(i + 1)) {
                        (Some(0xff), Some(0x00 | 0xd0..=0xd7)) => i += 2,
                        (Some(0xff), Some(_)) => break,
                        (Some(_), _) => i += 1,
                        (None, _) => return false,
                    }
                }
            }
            _ => match length_at(i) {
                Some(length) if length >= 2 => i += length,
                _ => return false,
            },
        }
    }
}

fn undecodable(err: image::ImageError) -> RenderError {
    match err {
        image::ImageError::IoError(io) if io.kind() != std::io::ErrorKind::UnexpectedEof => {
            RenderError::Io(io)
        }
        other => RenderError::Undecodable(plain_words(&other)),
    }
}

/// What went wrong, in words a person reads, on the first line; the
/// decoder's own words on the next (shown as the detail). "the PNG file is
/// damaged (a chunk is corrupt)" rather than `Format error decoding Png:
/// ChunkType { … }`.
pub fn plain_words(err: &image::ImageError) -> String {
    use image::error::{ImageError as E, ImageFormatHint};
    let format = |hint: &ImageFormatHint| match hint {
        ImageFormatHint::Exact(format) => format!("{format:?}").to_uppercase(),
        ImageFormatHint::Name(name) => name.to_uppercase(),
        _ => "image".into(),
    };
    let technical = err.to_string();
    let lower = technical.to_lowercase();
    let headline = match err {
        E::Decoding(e) => {
            let why = if lower.contains("crc") || lower.contains("chunk") {
                " (a chunk is corrupt)"
            } else if lower.contains("deflate")
                || lower.contains("zlib")
                || lower.contains("huffman")
            {
                " (its image data is corrupt)"
            } else if lower.contains("eof") || lower.contains("end of") || lower.contains("truncat")
            {
                " (it ends too early: it may be cut off)"
            } else if lower.contains("signature") || lower.contains("magic") {
                " (it does not start like one)"
            } else {
                ""
            };
            format!("the {} file is damaged{why}", format(&e.format_hint()))
        }
        E::IoError(_) => "the image file ends too early: it may be cut off".into(),
        E::Limits(_) => "the image is too large to open safely".into(),
        E::Unsupported(e) => format!(
            "this kind of {} image is not supported",
            format(&e.format_hint())
        ),
        E::Parameter(_) | E::Encoding(_) => "the image could not be read".into(),
    };
    format!("{headline}\n{technical}")
}

fn render<R: BufRead + Seek>(
    mut reader: ImageReader<R>,
    size: Size,
) -> Result<Rendered, RenderError> {
    if reader.format().is_none() {
        return Err(RenderError::Unsupported(
            "no thumbnail: this image format is not supported".into(),
        ));
    }
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(undecodable)?;
    let (width, height) = decoder.dimensions();
    // Refuse decompression bombs from the header, before allocating anything.
    check_size(width, height)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let decoded = DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    Ok(finish(decoded, orientation, width, height, size))
}

/// From a decoded image to the picture at `size`, orientation applied.
pub(crate) fn finish(
    decoded: DynamicImage,
    orientation: image::metadata::Orientation,
    width: u32,
    height: u32,
    size: Size,
) -> Rendered {
    let full = normalize(decoded);
    let has_alpha = match &full {
        DynamicImage::ImageRgba8(rgba) => rgba.pixels().any(|p| p[3] < 255),
        _ => false,
    };
    let full = if has_alpha || !full.color().has_alpha() {
        full
    } else {
        DynamicImage::ImageRgb8(full.to_rgb8())
    };
    let mut image = fit_source(&full, width, height, size.edge());
    drop(full);
    // Rotate the small image, never the full one.
    image.apply_orientation(orientation);
    Rendered {
        image,
        has_alpha,
        source_width: width,
        source_height: height,
        displayed: None,
    }
}

/// 8-bit RGB or RGBA, whatever came in (16-bit, grey, CMYK converted by the decoder).
fn normalize(image: DynamicImage) -> DynamicImage {
    match image {
        DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => image,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    }
}

/// The size that fits `width` × `height` within `edge`, aspect kept, never larger.
fn fitted(width: u32, height: u32, edge: u32) -> (u32, u32) {
    if width <= edge && height <= edge {
        return (width, height);
    }
    let scale = f64::from(edge) / f64::from(width.max(height));
    let new_width = ((f64::from(width) * scale).round() as u32).max(1);
    let new_height = ((f64::from(height) * scale).round() as u32).max(1);
    (new_width, new_height)
}

/// Scales down so the longest edge is at most `edge`; never scales up.
fn fit(image: &DynamicImage, edge: u32) -> DynamicImage {
    let (width, height) = (image.width(), image.height());
    if width <= edge && height <= edge {
        return image.clone();
    }
    let (new_width, new_height) = fitted(width, height, edge);
    resize(image, new_width, new_height)
}

/// The picture of a file `width` × `height` at `edge`, from `image`: its
/// decoded pixels, maybe already scaled (a JPEG's 7/8 of 300 × 200 is
/// 263 × 175). The size comes from the file's own dimensions, so a scaled
/// decode's rounding never shows (256 × 171, not 256 × 170); never larger
/// than what was decoded.
fn fit_source(image: &DynamicImage, width: u32, height: u32, edge: u32) -> DynamicImage {
    // Within the edge already, or drawn to it (a drawing's own size says
    // nothing of its pixels): as it is.
    if width.max(height) <= edge || (image.width() <= edge && image.height() <= edge) {
        return fit(image, edge);
    }
    let (new_width, new_height) = fitted(width, height, edge);
    if image.width() < new_width || image.height() < new_height {
        return fit(image, edge);
    }
    resize(image, new_width, new_height)
}

fn resize(image: &DynamicImage, new_width: u32, new_height: u32) -> DynamicImage {
    let mut target = DynamicImage::new(new_width, new_height, image.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(
        fast_image_resize::FilterType::Lanczos3,
    ));
    match Resizer::new().resize(image, &mut target, &options) {
        Ok(()) => target,
        // Only pixel-type mismatches fail here, which `normalize` rules out;
        // fall back to the image crate rather than losing the thumbnail.
        Err(_) => image.resize(new_width, new_height, image::imageops::FilterType::Triangle),
    }
}

/// The 64-bit perceptual hashes (classic pHash: DCT, median) of an image and
/// of its mirror image, so flipped copies are found too. Alpha is flattened
/// onto a fixed grey first, so a transparent PNG hashes like its thumbnail.
pub fn perceptual_hashes(image: &DynamicImage) -> (u64, u64) {
    let flat = flatten(image);
    let hasher = image_hasher::HasherConfig::new()
        .hash_alg(image_hasher::HashAlg::Median)
        .preproc_dct()
        .hash_size(8, 8)
        .to_hasher();
    let to_u64 = |hash: image_hasher::ImageHash| {
        let bytes = hash.as_bytes();
        let mut word = [0u8; 8];
        let n = bytes.len().min(8);
        word[..n].copy_from_slice(&bytes[..n]);
        u64::from_be_bytes(word)
    };
    let plain = to_u64(hasher.hash_image(&flat));
    let mirrored = to_u64(hasher.hash_image(&DynamicImage::ImageRgb8(
        image::imageops::flip_horizontal(&flat.to_rgb8()),
    )));
    (plain, mirrored)
}

fn flatten(image: &DynamicImage) -> DynamicImage {
    if !image.color().has_alpha() {
        return image.clone();
    }
    const BACKGROUND: f32 = 128.0;
    let rgba = image.to_rgba8();
    let rgb = image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y);
        let a = f32::from(p[3]) / 255.0;
        let mix = |c: u8| (f32::from(c) * a + BACKGROUND * (1.0 - a)).round() as u8;
        image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
    });
    DynamicImage::ImageRgb8(rgb)
}

/// Encodes a rendered size: PNG when it has transparency, JPEG (quality 80) otherwise.
pub fn encode(
    image: &DynamicImage,
    has_alpha: bool,
) -> Result<(Vec<u8>, &'static str), image::ImageError> {
    let mut bytes = Vec::new();
    if has_alpha {
        let encoder = image::codecs::png::PngEncoder::new_with_quality(
            &mut bytes,
            image::codecs::png::CompressionType::Fast,
            image::codecs::png::FilterType::Adaptive,
        );
        image.to_rgba8().write_with_encoder(encoder)?;
        Ok((bytes, "png"))
    } else {
        Ok((encode_jpeg(&image.to_rgb8())?, "jpg"))
    }
}

/// JPEG at quality 80 through libjpeg-turbo, several times faster than the
/// pure-Rust encoder; falls back to it if libjpeg-turbo refuses.
fn encode_jpeg(rgb: &image::RgbImage) -> Result<Vec<u8>, image::ImageError> {
    let turbo = || -> Result<Vec<u8>, turbojpeg::Error> {
        let mut compressor = turbojpeg::Compressor::new()?;
        compressor.set_quality(80);
        compressor.set_subsamp(turbojpeg::Subsamp::Sub2x2);
        compressor.compress_to_vec(turbojpeg::Image {
            pixels: rgb.as_raw().as_slice(),
            width: rgb.width() as usize,
            pitch: rgb.width() as usize * 3,
            height: rgb.height() as usize,
            format: turbojpeg::PixelFormat::RGB,
        })
    };
    match turbo() {
        Ok(bytes) => Ok(bytes),
        Err(_) => {
            let mut bytes = Vec::new();
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 80);
            rgb.write_with_encoder(encoder)?;
            Ok(bytes)
        }
    }
}

/// Hamming distance between two 64-bit hashes.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// An all-zero or all-one hash comes from a uniform image and says nothing
/// about similarity.
pub fn is_uniform(hash: u64) -> bool {
    hash == 0 || hash == u64::MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_jpeg_is_complete_and_any_cut_is_not() {
        let image =
            image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 3, y as u8 * 5, 7]));
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
            .encode_image(&image)
            .unwrap();
        assert!(jpeg_is_complete(&jpeg));
        let mut with_trailer = jpeg.clone();
        with_trailer.extend_from_slice(b"trailing data some cameras append");
        assert!(jpeg_is_complete(&with_trailer));
        for cut in [3, jpeg.len() / 2, jpeg.len() - 2, jpeg.len() - 1] {
            assert!(!jpeg_is_complete(&jpeg[..cut]), "cut at {cut}");
        }
    }

    #[test]
    fn a_damaged_png_is_told_in_plain_words_with_the_decoder_s_as_detail() {
        let mut png = Vec::new();
        image::RgbImage::from_pixel(8, 8, image::Rgb([200, 10, 10]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        // A byte of the image data changed: its chunk's checksum no longer holds.
        let idat = png.windows(4).position(|w| w == b"IDAT").unwrap();
        png[idat + 6] ^= 0xff;
        let Err(RenderError::Undecodable(message)) = render_bytes(&png, Size::Grid) else {
            panic!("a damaged PNG is refused");
        };
        let (headline, detail) = message.split_once('\n').unwrap();
        assert_eq!(
            headline, "the PNG file is damaged (its image data is corrupt)",
            "{detail}"
        );
        assert!(!detail.is_empty());
    }
}
