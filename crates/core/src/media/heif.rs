//! HEIC (phones' photos) and AVIF through libheif, loaded when first needed.
//!
//! Why by hand, and at run time: Debian 12 ships libheif 1.15 and every
//! maintained binding (libheif-sys ≥ 2) requires 1.17, while building
//! libheif from source would add its codecs to every build. The dozen calls
//! below are libheif's stable C API (unchanged since 1.x); loading it with
//! `dlopen` lets a machine without libheif run the app and say what to
//! install rather than refuse to start.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::sync::OnceLock;

use image::{DynamicImage, RgbImage, RgbaImage};

use super::{RenderError, check_size};

/// The library's soname in every distribution that ships it.
const LIBRARY: &str = "libheif.so.1";
/// Widest or tallest image libheif may allocate for (its own check, before ours).
const MAX_EDGE: c_int = 1 << 14;

const COLORSPACE_RGB: c_int = 1;
const CHROMA_INTERLEAVED_RGB: c_int = 10;
const CHROMA_INTERLEAVED_RGBA: c_int = 11;
const CHROMA_INTERLEAVED_RRGGBB_LE: c_int = 14;
const CHROMA_INTERLEAVED_RRGGBBAA_LE: c_int = 15;
const CHANNEL_INTERLEAVED: c_int = 10;

#[repr(C)]
struct HeifError {
    code: c_int,
    subcode: c_int,
    message: *const c_char,
}

enum Context {}
enum Handle {}
enum Image {}

/// The functions we call, resolved once.
struct LibHeif {
    context_alloc: unsafe extern "C" fn() -> *mut Context,
    context_free: unsafe extern "C" fn(*mut Context),
    set_size_limit: unsafe extern "C" fn(*mut Context, c_int),
    read_from_memory:
        unsafe extern "C" fn(*mut Context, *const c_void, usize, *const c_void) -> HeifError,
    primary_handle: unsafe extern "C" fn(*mut Context, *mut *mut Handle) -> HeifError,
    handle_width: unsafe extern "C" fn(*const Handle) -> c_int,
    handle_height: unsafe extern "C" fn(*const Handle) -> c_int,
    handle_has_alpha: unsafe extern "C" fn(*const Handle) -> c_int,
    handle_luma_bits: unsafe extern "C" fn(*const Handle) -> c_int,
    handle_release: unsafe extern "C" fn(*const Handle),
    decode: unsafe extern "C" fn(
        *const Handle,
        *mut *mut Image,
        c_int,
        c_int,
        *const c_void,
    ) -> HeifError,
    image_width: unsafe extern "C" fn(*const Image, c_int) -> c_int,
    image_height: unsafe extern "C" fn(*const Image, c_int) -> c_int,
    image_bits: unsafe extern "C" fn(*const Image, c_int) -> c_int,
    plane: unsafe extern "C" fn(*const Image, c_int, *mut c_int) -> *const u8,
    image_release: unsafe extern "C" fn(*const Image),
    metadata_ids: unsafe extern "C" fn(*const Handle, *const c_char, *mut u32, c_int) -> c_int,
    metadata_size: unsafe extern "C" fn(*const Handle, u32) -> usize,
    metadata: unsafe extern "C" fn(*const Handle, u32, *mut c_void) -> HeifError,
    /// Keeps the functions above loaded.
    _library: libloading::Library,
}

static LIBHEIF: OnceLock<Result<LibHeif, String>> = OnceLock::new();

fn libheif() -> Result<&'static LibHeif, RenderError> {
    LIBHEIF
        .get_or_init(load)
        .as_ref()
        .map_err(|why| RenderError::Unsupported(why.clone()))
}

fn load() -> Result<LibHeif, String> {
    let missing = |detail: String| {
        format!(
            "no thumbnail: HEIC and AVIF need libheif, which is not installed \
             (Debian and Ubuntu: apt install libheif1)\n{detail}"
        )
    };
    // SAFETY: loading libheif runs its initialisers, which only register its
    // built-in codecs.
    let library =
        unsafe { libloading::Library::new(LIBRARY) }.map_err(|e| missing(e.to_string()))?;
    macro_rules! symbol {
        ($name:literal) => {
            // SAFETY: the types above are the declarations of libheif's
            // heif.h (1.x) for these names.
            *unsafe { library.get(concat!($name, "\0").as_bytes()) }
                .map_err(|e| missing(e.to_string()))?
        };
    }
    let init: unsafe extern "C" fn(*mut c_void) -> HeifError = symbol!("heif_init");
    // SAFETY: heif_init takes optional parameters; null asks for defaults.
    // It is reference counted and never undone: the library stays loaded.
    let started = unsafe { init(std::ptr::null_mut()) };
    if started.code != 0 {
        return Err(missing(format!("heif_init failed ({})", started.code)));
    }
    Ok(LibHeif {
        context_alloc: symbol!("heif_context_alloc"),
        context_free: symbol!("heif_context_free"),
        set_size_limit: symbol!("heif_context_set_maximum_image_size_limit"),
        read_from_memory: symbol!("heif_context_read_from_memory_without_copy"),
        primary_handle: symbol!("heif_context_get_primary_image_handle"),
        handle_width: symbol!("heif_image_handle_get_width"),
        handle_height: symbol!("heif_image_handle_get_height"),
        handle_has_alpha: symbol!("heif_image_handle_has_alpha_channel"),
        handle_luma_bits: symbol!("heif_image_handle_get_luma_bits_per_pixel"),
        handle_release: symbol!("heif_image_handle_release"),
        decode: symbol!("heif_decode_image"),
        image_width: symbol!("heif_image_get_width"),
        image_height: symbol!("heif_image_get_height"),
        image_bits: symbol!("heif_image_get_bits_per_pixel_range"),
        plane: symbol!("heif_image_get_plane_readonly"),
        image_release: symbol!("heif_image_release"),
        metadata_ids: symbol!("heif_image_handle_get_list_of_metadata_block_IDs"),
        metadata_size: symbol!("heif_image_handle_get_metadata_size"),
        metadata: symbol!("heif_image_handle_get_metadata"),
        _library: library,
    })
}

/// libheif's reason, in plain words first.
fn failed(what: &str, error: &HeifError) -> RenderError {
    let detail = if error.message.is_null() {
        String::new()
    } else {
        // SAFETY: libheif's messages are static, NUL-terminated strings.
        unsafe { CStr::from_ptr(error.message) }
            .to_string_lossy()
            .into_owned()
    };
    RenderError::Undecodable(format!(
        "the HEIF/AVIF file is damaged or of a kind libheif cannot {what}\n{detail} (error {}.{})",
        error.code, error.subcode
    ))
}

/// Frees what libheif allocated, whichever way a decode ends.
struct Owned<'a> {
    lib: &'a LibHeif,
    context: *mut Context,
    handle: *mut Handle,
    image: *mut Image,
}

impl Drop for Owned<'_> {
    fn drop(&mut self) {
        // SAFETY: each pointer is null or was returned by libheif and is
        // released exactly once, image before handle before context.
        unsafe {
            if !self.image.is_null() {
                (self.lib.image_release)(self.image);
            }
            if !self.handle.is_null() {
                (self.lib.handle_release)(self.handle);
            }
            if !self.context.is_null() {
                (self.lib.context_free)(self.context);
            }
        }
    }
}

/// Largest EXIF block read.
const MAX_EXIF_BYTES: usize = 1 << 20;

/// The EXIF orientation of the primary image, from its `Exif` item (read
/// through libheif, which finds the item wherever the file put it).
unsafe fn exif_orientation(lib: &LibHeif, handle: *const Handle) -> Option<u16> {
    // SAFETY (the caller's): `handle` is a live image handle.
    super::raw::tiff_orientation(&unsafe { exif_tiff(lib, handle) }?)
}

/// The primary image's EXIF as a TIFF structure (the `Exif` item without
/// its offset prefix).
unsafe fn exif_tiff(lib: &LibHeif, handle: *const Handle) -> Option<Vec<u8>> {
    let mut id: u32 = 0;
    // SAFETY (the caller's): `handle` is a live image handle.
    let found = unsafe { (lib.metadata_ids)(handle, c"Exif".as_ptr(), &mut id, 1) };
    if found < 1 {
        return None;
    }
    let size = unsafe { (lib.metadata_size)(handle, id) };
    if !(8..=MAX_EXIF_BYTES).contains(&size) {
        return None;
    }
    let mut block = vec![0u8; size];
    let read = unsafe { (lib.metadata)(handle, id, block.as_mut_ptr().cast()) };
    if read.code != 0 {
        return None;
    }
    // A 4-byte offset to the TIFF header comes first.
    let skip = u32::from_be_bytes(block[..4].try_into().ok()?) as usize;
    Some(block.get(4usize.checked_add(skip)?..)?.to_vec())
}

/// The EXIF of a HEIF or AVIF file's primary image, found by libheif
/// wherever the file put it (nom-exif misses an `Exif` item placed after
/// the image data, as heif-enc writes it). `None` without libheif.
pub fn exif(bytes: &[u8]) -> Option<Vec<u8>> {
    let lib = libheif().ok()?;
    let owned = open_primary(lib, bytes).ok()?;
    // SAFETY: the handle is live while `owned` is.
    unsafe { exif_tiff(lib, owned.handle) }
}

/// A context reading `bytes` (which must outlive it) and its primary
/// image's handle, freed together when dropped.
fn open_primary<'a>(lib: &'a LibHeif, bytes: &[u8]) -> Result<Owned<'a>, RenderError> {
    // SAFETY: every pointer passed is one libheif gave us (kept in `owned`,
    // freed by its drop) or `bytes`, which the caller keeps alive for as
    // long as the context reads it without copying.
    unsafe {
        let mut owned = Owned {
            lib,
            context: (lib.context_alloc)(),
            handle: std::ptr::null_mut(),
            image: std::ptr::null_mut(),
        };
        if owned.context.is_null() {
            return Err(RenderError::Io(std::io::Error::other(
                "libheif could not allocate",
            )));
        }
        (lib.set_size_limit)(owned.context, MAX_EDGE);
        let read = (lib.read_from_memory)(
            owned.context,
            bytes.as_ptr().cast(),
            bytes.len(),
            std::ptr::null(),
        );
        if read.code != 0 {
            return Err(failed("read", &read));
        }
        let got = (lib.primary_handle)(owned.context, &mut owned.handle);
        if got.code != 0 || owned.handle.is_null() {
            return Err(failed("read", &got));
        }
        Ok(owned)
    }
}

/// Whether the file turns or mirrors its image itself (`irot`/`imir`
/// properties in its `meta` box), which libheif applies. Then an EXIF
/// orientation is a leftover that must not turn it again (iPhones write
/// both); without them, the EXIF orientation is the only one there is
/// (older converters, heif-enc of a rotated JPEG).
pub(super) fn has_own_transform(bytes: &[u8]) -> bool {
    super::raw::boxes(bytes, 0..bytes.len())
        .take(64)
        .find(|(kind, _)| kind == b"meta")
        .is_some_and(|(_, meta)| {
            let meta = &bytes[meta];
            memchr::memmem::find(meta, b"irot").is_some()
                || memchr::memmem::find(meta, b"imir").is_some()
        })
}

pub(super) struct Decoded {
    pub image: DynamicImage,
    /// The EXIF orientation the file carries, if any (see
    /// [`has_own_transform`] for when it counts).
    pub exif_orientation: Option<u16>,
}

/// The primary image of a HEIF or AVIF file, decoded with its rotation and
/// mirroring (`irot`/`imir`) applied, as 8-bit RGB or RGBA. 10- and 12-bit
/// photos are scaled down to 8 bits.
pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, RenderError> {
    let lib = libheif()?;
    let mut owned = open_primary(lib, bytes)?;
    // SAFETY: the handle and image are libheif's, kept in `owned` and freed
    // by its drop; planes are read within the bounds libheif reports.
    unsafe {
        let width = (lib.handle_width)(owned.handle);
        let height = (lib.handle_height)(owned.handle);
        check_size(width.max(0) as u32, height.max(0) as u32)?;
        let exif_orientation = exif_orientation(lib, owned.handle);
        let alpha = (lib.handle_has_alpha)(owned.handle) != 0;
        let deep = (lib.handle_luma_bits)(owned.handle) > 8;
        let chroma = match (alpha, deep) {
            (false, false) => CHROMA_INTERLEAVED_RGB,
            (true, false) => CHROMA_INTERLEAVED_RGBA,
            (false, true) => CHROMA_INTERLEAVED_RRGGBB_LE,
            (true, true) => CHROMA_INTERLEAVED_RRGGBBAA_LE,
        };
        let decoded = (lib.decode)(
            owned.handle,
            &mut owned.image,
            COLORSPACE_RGB,
            chroma,
            std::ptr::null(),
        );
        if decoded.code != 0 || owned.image.is_null() {
            return Err(failed("decode", &decoded));
        }
        let width = (lib.image_width)(owned.image, CHANNEL_INTERLEAVED);
        let height = (lib.image_height)(owned.image, CHANNEL_INTERLEAVED);
        check_size(width.max(0) as u32, height.max(0) as u32)?;
        let mut stride: c_int = 0;
        let plane = (lib.plane)(owned.image, CHANNEL_INTERLEAVED, &mut stride);
        let channels: usize = if alpha { 4 } else { 3 };
        let sample_bytes: usize = if deep { 2 } else { 1 };
        let (width, height, stride) = (width as usize, height as usize, stride.max(0) as usize);
        let row_bytes = width * channels * sample_bytes;
        if plane.is_null() || stride < row_bytes {
            return Err(RenderError::Undecodable(
                "the HEIF/AVIF image decoded to no pixels".into(),
            ));
        }
        let source = std::slice::from_raw_parts(plane, stride * height);
        let bits = (lib.image_bits)(owned.image, CHANNEL_INTERLEAVED).clamp(1, 16) as u32;
        let max = ((1u32 << bits) - 1).max(1);
        let mut pixels = Vec::with_capacity(width * height * channels);
        for row in source.chunks_exact(stride).take(height) {
            let row = &row[..row_bytes];
            if deep {
                pixels.extend(row.chunks_exact(2).map(|sample| {
                    let value = u32::from(u16::from_le_bytes([sample[0], sample[1]])).min(max);
                    ((value * 255 + max / 2) / max) as u8
                }));
            } else {
                pixels.extend_from_slice(row);
            }
        }
        let (width, height) = (width as u32, height as u32);
        let image = if alpha {
            RgbaImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgba8)
        } else {
            RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
        };
        let image = image
            .ok_or_else(|| RenderError::Undecodable("the HEIF/AVIF image is incomplete".into()))?;
        Ok(Decoded {
            image,
            exif_orientation,
        })
    }
}
