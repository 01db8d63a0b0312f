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
    run(
        "ffmpeg",
        &[
            "-nostdin",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1",
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
