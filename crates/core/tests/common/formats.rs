//! Files of the kinds issue 12 added, written by the tests: raw files and
//! PDFs by hand, HEIC/AVIF by heif-enc, MP3 by ffmpeg.

use std::path::Path;

use super::run;

/// A photo-like picture: broad shapes at several scales (what a perceptual
/// hash looks at), so a HEIC and a JPEG of it hash alike and a mistaken
/// rotation shows.
pub fn photo(width: u32, height: u32) -> image::RgbImage {
    image::RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (x as f64 / width as f64, y as f64 / height as f64);
        let light = 128.0 + 70.0 * (u * 7.0).sin() * (v * 5.0).cos() + 40.0 * (u * v * 9.0).cos();
        let light = light.clamp(0.0, 255.0) as u8;
        image::Rgb([light, (u * 255.0) as u8, 255 - light / 2])
    })
}

pub fn heif_enc(source: &Path, target: &Path, extra: &[&str]) {
    let mut args = vec!["-q", "70"];
    args.extend(extra);
    args.extend(["-o", target.to_str().unwrap(), source.to_str().unwrap()]);
    run("heif-enc", &args);
}

/// A minimal TIFF directory entry (one SHORT or LONG value).
fn entry(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    out.extend(tag.to_le_bytes());
    out.extend(kind.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(value.to_le_bytes());
}

/// A DNG as Adobe's converter lays it out: IFD0 is the full-size JPEG
/// preview (NewSubfileType 1, JPEG compression, YCbCr) with the camera's
/// orientation; its SubIFD holds the sensor data (CFA).
pub fn write_dng(path: &Path, preview: &[u8], orientation: u16) {
    let sensor = vec![0x55u8; 64];
    let ifd0_entries = 9u16;
    let ifd0_len = 2 + 12 * ifd0_entries as usize + 4;
    let sub_entries = 6u16;
    let sub_at = 8 + ifd0_len;
    let sub_len = 2 + 12 * sub_entries as usize + 4;
    let preview_at = (sub_at + sub_len) as u32;
    let sensor_at = preview_at + preview.len() as u32;
    let mut out = b"II*\0".to_vec();
    out.extend(8u32.to_le_bytes());
    out.extend(ifd0_entries.to_le_bytes());
    entry(&mut out, 0x00fe, 4, 1, 1); // NewSubfileType: reduced resolution
    entry(&mut out, 0x0103, 3, 1, 7); // Compression: JPEG
    entry(&mut out, 0x0106, 3, 1, 6); // Photometric: YCbCr
    entry(&mut out, 0x010f, 2, 4, u32::from_le_bytes(*b"Sim\0")); // Make
    entry(&mut out, 0x0111, 4, 1, preview_at);
    entry(&mut out, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut out, 0x0117, 4, 1, preview.len() as u32);
    entry(&mut out, 0x014a, 4, 1, sub_at as u32);
    entry(&mut out, 0xc612, 1, 4, u32::from_le_bytes([1, 4, 0, 0])); // DNGVersion
    out.extend(0u32.to_le_bytes());
    out.extend(sub_entries.to_le_bytes());
    entry(&mut out, 0x00fe, 4, 1, 0);
    entry(&mut out, 0x0100, 4, 1, 8);
    entry(&mut out, 0x0101, 4, 1, 8);
    entry(&mut out, 0x0106, 3, 1, 32803); // CFA: sensor data, not a preview
    entry(&mut out, 0x0111, 4, 1, sensor_at);
    entry(&mut out, 0x0117, 4, 1, sensor.len() as u32);
    out.extend(0u32.to_le_bytes());
    out.extend(preview);
    out.extend(&sensor);
    std::fs::write(path, out).unwrap();
}

/// A NEF as Nikon lays it out: IFD0 a small thumbnail strip and two
/// SubIFDs, the first the full-size JPEG (JPEGInterchangeFormat), the
/// second the sensor data.
pub fn write_nef(path: &Path, thumbnail: &[u8], preview: &[u8]) {
    let ifd0_entries = 5u16;
    let ifd0_len = 2 + 12 * ifd0_entries as usize + 4;
    let list_at = 8 + ifd0_len;
    let sub1_at = list_at + 8;
    let sub_len = 2 + 12 * 3 + 4;
    let sub2_at = sub1_at + sub_len;
    let thumb_at = (sub2_at + sub_len) as u32;
    let preview_at = thumb_at + thumbnail.len() as u32;
    let mut out = b"II*\0".to_vec();
    out.extend(8u32.to_le_bytes());
    out.extend(ifd0_entries.to_le_bytes());
    entry(&mut out, 0x0103, 3, 1, 6);
    entry(&mut out, 0x0111, 4, 1, thumb_at);
    entry(&mut out, 0x0112, 3, 1, 1);
    entry(&mut out, 0x0117, 4, 1, thumbnail.len() as u32);
    entry(&mut out, 0x014a, 4, 2, list_at as u32);
    out.extend(0u32.to_le_bytes());
    out.extend((sub1_at as u32).to_le_bytes());
    out.extend((sub2_at as u32).to_le_bytes());
    out.extend(3u16.to_le_bytes());
    entry(&mut out, 0x00fe, 4, 1, 1);
    entry(&mut out, 0x0201, 4, 1, preview_at);
    entry(&mut out, 0x0202, 4, 1, preview.len() as u32);
    out.extend(0u32.to_le_bytes());
    out.extend(3u16.to_le_bytes());
    entry(&mut out, 0x00fe, 4, 1, 0);
    entry(&mut out, 0x0106, 3, 1, 32803);
    entry(&mut out, 0x0103, 3, 1, 34713); // Nikon's compressed raw
    out.extend(0u32.to_le_bytes());
    out.extend(thumbnail);
    out.extend(preview);
    std::fs::write(path, out).unwrap();
}

pub fn jpeg_bytes(image: &image::RgbImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    bytes
}

/// A PDF with one line of Helvetica per page.
pub fn write_pdf(path: &Path, pages: &[&str]) {
    let mut objects: Vec<Vec<u8>> = vec![b"<< /Type /Catalog /Pages 2 0 R >>".to_vec()];
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 3 + 2 * i))
        .collect();
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    let font = 3 + 2 * pages.len();
    for (i, text) in pages.iter().enumerate() {
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {font} 0 R >> >> /Contents {} 0 R >>", 4 + 2 * i).into_bytes());
        let stream = format!("BT /F1 36 Tf 72 700 Td ({text}) Tj ET");
        objects.push(
            format!(
                "<< /Length {} >>\nstream\n{stream}\nendstream",
                stream.len()
            )
            .into_bytes(),
        );
    }
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec());
    std::fs::write(path, super::pdf::assemble(&objects)).unwrap();
}

/// One second of a tone as MP3, tagged, with `cover` as its front cover.
pub fn write_mp3(path: &Path, cover: &Path) {
    super::ffmpeg_lavfi(
        "sine=frequency=440:duration=1",
        &[
            "-i",
            cover.to_str().unwrap(),
            "-map",
            "0:a",
            "-map",
            "1:v",
            "-c:a",
            "libmp3lame",
            "-c:v",
            "copy",
            "-id3v2_version",
            "3",
            "-metadata:s:v",
            "comment=Cover (front)",
            "-metadata",
            "title=Harbour Lights",
            "-metadata",
            "artist=Nils Okafor",
            "-metadata",
            "album=Night Ferries",
            "-metadata",
            "date=2011",
            "-y",
            path.to_str().unwrap(),
        ],
    );
}

/// A value of a hand-written TIFF entry.
pub enum Tiff<'a> {
    Ascii(&'a str),
    Short(u16),
    Rational(u32, u32),
}

/// A little-endian TIFF block whose first IFD holds `entries` (sorted by
/// tag, as TIFF wants): what Canon stores in a CR3's CMT2 box, the Exif IFD
/// as a TIFF of its own.
pub fn tiff_block(entries: &[(u16, Tiff)]) -> Vec<u8> {
    let ifd_len = 2 + 12 * entries.len() + 4;
    let mut data_at = (8 + ifd_len) as u32;
    let mut ifd = (entries.len() as u16).to_le_bytes().to_vec();
    let mut data = Vec::new();
    for (tag, value) in entries {
        ifd.extend(tag.to_le_bytes());
        let (kind, count, bytes): (u16, usize, Vec<u8>) = match value {
            Tiff::Ascii(text) => {
                let mut bytes = text.as_bytes().to_vec();
                bytes.push(0);
                (2, bytes.len(), bytes)
            }
            Tiff::Short(value) => (3, 1, value.to_le_bytes().to_vec()),
            Tiff::Rational(top, bottom) => {
                let mut bytes = top.to_le_bytes().to_vec();
                bytes.extend(bottom.to_le_bytes());
                (5, 1, bytes)
            }
        };
        ifd.extend(kind.to_le_bytes());
        ifd.extend((count as u32).to_le_bytes());
        if bytes.len() <= 4 {
            let mut inline = bytes;
            inline.resize(4, 0);
            ifd.extend(inline);
        } else {
            ifd.extend(data_at.to_le_bytes());
            data_at += bytes.len() as u32;
            data.extend(bytes);
        }
    }
    ifd.extend(0u32.to_le_bytes());
    let mut out = b"II*\0".to_vec();
    out.extend(8u32.to_le_bytes());
    out.extend(ifd);
    out.extend(data);
    out
}

fn iso_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    out.extend(kind);
    out.extend(body);
    out
}

/// A CR3 as Canon lays it out: an ISO media file of brand `crx `; the
/// metadata in `moov`'s Canon `uuid` box (CMT1: IFD0 with make and model,
/// CMT2: the Exif IFD), the 1620-pixel preview in a top-level `uuid` box's
/// `PRVW`, then the sensor data.
pub fn write_cr3(path: &Path, ifd0: &[u8], exif_ifd: &[u8], preview: &[u8]) {
    const CANON: [u8; 16] = [
        0x85, 0xc0, 0xb6, 0x87, 0x82, 0x0f, 0x11, 0xe0, 0x81, 0x11, 0xf4, 0xce, 0x46, 0x2b, 0x6a,
        0x48,
    ];
    const PREVIEW: [u8; 16] = [
        0xea, 0xf4, 0x2b, 0x5e, 0x1c, 0x98, 0x4b, 0x88, 0xb9, 0xfb, 0xb7, 0xdc, 0x40, 0x6e, 0x4d,
        0x16,
    ];
    let mut canon = CANON.to_vec();
    canon.extend(iso_box(b"CMT1", ifd0));
    canon.extend(iso_box(b"CMT2", exif_ifd));
    let mut prvw = vec![0, 0, 0, 0, 0, 1, 0x06, 0x54, 0x04, 0x38, 0, 0];
    prvw.extend((preview.len() as u32).to_be_bytes());
    prvw.extend(preview);
    let mut preview_box = PREVIEW.to_vec();
    preview_box.extend([0, 0, 0, 0, 0, 0, 0, 1]);
    preview_box.extend(iso_box(b"PRVW", &prvw));
    let mut out = iso_box(b"ftyp", b"crx \0\0\0\x01crx isom");
    out.extend(iso_box(b"moov", &iso_box(b"uuid", &canon)));
    out.extend(iso_box(b"uuid", &preview_box));
    out.extend(iso_box(b"mdat", &[0x55; 256]));
    std::fs::write(path, out).unwrap();
}

/// A RAF as Fujifilm lays it out: a 100-byte header naming the camera and
/// pointing (bytes 84 and 88, big-endian) at a full JPEG whose EXIF holds
/// the shot's metadata; the sensor data after it.
pub fn write_raf(path: &Path, camera: &str, jpeg_with_exif: &[u8]) {
    let mut out = b"FUJIFILMCCD-RAW 0201FF383501".to_vec();
    let mut name = camera.as_bytes().to_vec();
    name.resize(32, 0);
    out.extend(name);
    out.extend(b"0100");
    out.resize(100, 0);
    out[84..88].copy_from_slice(&100u32.to_be_bytes());
    out[88..92].copy_from_slice(&(jpeg_with_exif.len() as u32).to_be_bytes());
    out.extend(jpeg_with_exif);
    out.extend([0x55; 256]);
    std::fs::write(path, out).unwrap();
}
