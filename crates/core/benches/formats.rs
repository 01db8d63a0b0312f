//! The new kinds, per second, against the tools people would otherwise use,
//! side by side on the same files in one run, on two threads/processes:
//!
//! - HEIC (the given photos re-encoded by heif-enc): ours against
//!   `vipsthumbnail -s 256` (libvips with libheif) and `heif-thumbnailer -s 256`.
//! - Raw previews (DNGs written here with the photo as the embedded JPEG
//!   preview, as cameras and Adobe's converter do): ours against
//!   `exiftool -b -PreviewImage` and `dcraw -e`, which only copy the JPEG out.
//! - PDF first pages (one-page PDFs of the photos, written here): ours
//!   against `pdftoppm -r 36 -singlefile`.
//!
//! Ours is always the whole thumbnail job: the 1024 px preview and the 256 px
//! grid thumbnail, both encoded, and the perceptual hashes.
//!
//! cargo bench -p mahres-core --bench formats -- PHOTO.jpg...

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use mahres_core::media;

#[path = "../tests/common/pdf.rs"]
mod pdf;

const THREADS: usize = 2;

fn ours(files: &[PathBuf], content_type: &str) -> Duration {
    let started = Instant::now();
    std::thread::scope(|scope| {
        for chunk in files.chunks(files.len().div_ceil(THREADS)) {
            scope.spawn(move || {
                for file in chunk {
                    // As the handlers do: the grid's picture (hashed), then the preview's.
                    for size in [media::Size::Grid, media::Size::Preview] {
                        let rendered = media::render_resource(file, content_type, size)
                            .expect("render")
                            .expect("a picture");
                        let _ = std::hint::black_box(media::encode(
                            &rendered.image,
                            rendered.has_alpha,
                        ));
                        if size == media::Size::Grid {
                            std::hint::black_box(media::perceptual_hashes(&rendered.image));
                        }
                    }
                }
            });
        }
    });
    started.elapsed()
}

/// `command(file, n)` per file, two at a time, as a person's script would.
/// `None` when the tool is missing; files it refuses are counted, not timed
/// out (dcraw finds no preview in some DNGs).
fn per_file(
    files: &[PathBuf],
    command: impl Fn(&Path, usize) -> Command + Sync,
) -> Option<Duration> {
    let started = Instant::now();
    let refused = std::sync::atomic::AtomicUsize::new(0);
    let ran = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(files.len().div_ceil(THREADS))
            .enumerate()
            .map(|(w, chunk)| {
                let command = &command;
                let refused = &refused;
                scope.spawn(move || {
                    chunk.iter().enumerate().all(|(i, file)| {
                        let status = command(file, w * 100_000 + i)
                            .stdout(Stdio::null())
                            .stderr(Stdio::null())
                            .status();
                        if status.as_ref().is_ok_and(|s| !s.success()) {
                            refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                        status.is_ok()
                    })
                })
            })
            .collect();
        workers.into_iter().all(|w| w.join().unwrap_or(false))
    });
    let refused = refused.into_inner();
    if refused > 0 {
        println!("  ({refused} of {} files refused by the tool)", files.len());
    }
    ran.then(|| started.elapsed())
}

/// One process per half of the files (vipsthumbnail and exiftool take many).
fn batched(files: &[PathBuf], command: impl Fn(&[PathBuf]) -> Command + Sync) -> Option<Duration> {
    let started = Instant::now();
    let ok = std::thread::scope(|scope| {
        let workers: Vec<_> = files
            .chunks(files.len().div_ceil(THREADS))
            .map(|chunk| {
                let command = &command;
                scope.spawn(move || {
                    command(chunk)
                        .stdout(Stdio::null())
                        .stderr(Stdio::null())
                        .status()
                        .is_ok_and(|s| s.success())
                })
            })
            .collect();
        workers.into_iter().all(|w| w.join().unwrap_or(false))
    });
    ok.then(|| started.elapsed())
}

fn report(what: &str, files: usize, ours: Duration, others: &[(&str, Option<Duration>)]) {
    let rate = |d: Duration| files as f64 / d.as_secs_f64();
    let ours = rate(ours);
    let mut line = format!("{what}, {files} files, 2 threads: ours {ours:.1}/s");
    for (name, time) in others {
        match time {
            Some(d) => line.push_str(&format!(
                ", {name} {:.1}/s (ours {:.2}x)",
                rate(*d),
                ours / rate(*d)
            )),
            None => line.push_str(&format!(", {name} n/a")),
        }
    }
    println!("{line}");
}

fn tiff_entry(out: &mut Vec<u8>, tag: u16, kind: u16, value: u32) {
    tiff_entries(out, tag, kind, 1, value);
}

fn tiff_entries(out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32) {
    out.extend(tag.to_le_bytes());
    out.extend(kind.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(value.to_le_bytes());
}

/// A DNG whose IFD0 is `jpeg` (the full-size preview) and whose SubIFD is
/// a token of sensor data.
fn write_dng(path: &Path, jpeg: &[u8], width: u32, height: u32) {
    let ifd0_len = 2 + 12 * 11 + 4;
    let sub_at = 8 + ifd0_len;
    let sub_len = 2 + 12 * 8 + 4;
    let preview_at = (sub_at + sub_len) as u32;
    let sensor_at = preview_at + jpeg.len() as u32;
    let mut out = b"II*\0".to_vec();
    out.extend(8u32.to_le_bytes());
    out.extend(11u16.to_le_bytes());
    tiff_entry(&mut out, 0x00fe, 4, 1);
    tiff_entry(&mut out, 0x0100, 4, width);
    tiff_entry(&mut out, 0x0101, 4, height);
    tiff_entry(&mut out, 0x0103, 3, 7);
    tiff_entry(&mut out, 0x0106, 3, 6);
    tiff_entries(&mut out, 0x010f, 2, 4, u32::from_le_bytes(*b"Sim\0"));
    tiff_entry(&mut out, 0x0111, 4, preview_at);
    tiff_entry(&mut out, 0x0112, 3, 1);
    tiff_entry(&mut out, 0x0117, 4, jpeg.len() as u32);
    tiff_entry(&mut out, 0x014a, 4, sub_at as u32);
    tiff_entries(&mut out, 0xc612, 1, 4, u32::from_le_bytes([1, 4, 0, 0]));
    out.extend(0u32.to_le_bytes());
    out.extend(8u16.to_le_bytes());
    tiff_entry(&mut out, 0x00fe, 4, 0);
    tiff_entry(&mut out, 0x0100, 4, 16);
    tiff_entry(&mut out, 0x0101, 4, 16);
    tiff_entry(&mut out, 0x0102, 3, 8);
    tiff_entry(&mut out, 0x0103, 3, 1);
    tiff_entry(&mut out, 0x0106, 3, 32803);
    tiff_entry(&mut out, 0x0111, 4, sensor_at);
    tiff_entry(&mut out, 0x0117, 4, 256);
    out.extend(0u32.to_le_bytes());
    out.extend(jpeg);
    out.extend(vec![0x40u8; 256]);
    std::fs::write(path, out).expect("write dng");
}

/// A one-page PDF showing `jpeg` (DCTDecode: the JPEG's bytes as they are).
fn write_photo_pdf(path: &Path, jpeg: &[u8], width: u32, height: u32) {
    let (page_w, page_h) = (width as f64 * 72.0 / 300.0, height as f64 * 72.0 / 300.0);
    let contents = format!("q {page_w:.1} 0 0 {page_h:.1} 0 0 cm /Im0 Do Q");
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w:.1} {page_h:.1}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>").into_bytes(),
    ];
    let mut image = format!("<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n", jpeg.len()).into_bytes();
    image.extend(jpeg);
    image.extend(b"\nendstream");
    objects.push(image);
    objects.push(
        format!(
            "<< /Length {} >>\nstream\n{contents}\nendstream",
            contents.len()
        )
        .into_bytes(),
    );
    std::fs::write(path, pdf::assemble(&objects)).expect("write pdf");
}

fn main() {
    let mut photos: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .map(PathBuf::from)
        .filter(|p| p.extension().is_some_and(|e| e == "jpg" || e == "jpeg"))
        .collect();
    // Photos of 2–17 megapixels, RGB JPEGs (what cameras embed and PDFs hold).
    photos.retain(|f| {
        image::image_dimensions(f)
            .map(|(w, h)| (2.0..=18.0).contains(&(f64::from(w) * f64::from(h) / 1e6)))
            .unwrap_or(false)
    });
    photos.truncate(40);
    if photos.is_empty() {
        eprintln!("usage: formats PHOTO.jpg... (scripts/bench.sh supplies photos)");
        return;
    }
    let work = tempfile::tempdir().expect("temp");
    let out = tempfile::tempdir().expect("temp");
    let at = |name: String| work.path().join(name);
    let mut heics = Vec::new();
    let mut dngs = Vec::new();
    let mut pdfs = Vec::new();
    for (i, photo) in photos.iter().enumerate() {
        let Ok((width, height)) = image::image_dimensions(photo) else {
            continue;
        };
        let jpeg = std::fs::read(photo).expect("read photo");
        let heic = at(format!("photo-{i}.heic"));
        let encoded = Command::new("heif-enc")
            .args(["-q", "60", "-o"])
            .arg(&heic)
            .arg(photo)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if encoded {
            heics.push(heic);
        }
        let dng = at(format!("photo-{i}.dng"));
        write_dng(&dng, &jpeg, width, height);
        dngs.push(dng);
        let pdf = at(format!("photo-{i}.pdf"));
        write_photo_pdf(&pdf, &jpeg, width, height);
        pdfs.push(pdf);
    }
    // The raw comparison runs on the DNGs every tool accepts (dcraw finds no
    // preview in some), so all three do the same files.
    dngs.retain(|dng| {
        Command::new("dcraw")
            .args(["-e", "-c"])
            .arg(dng)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    });
    // Every contender reads from the page cache.
    for file in heics.iter().chain(&dngs).chain(&pdfs) {
        let _ = std::fs::read(file);
    }
    let megapixels = photos
        .iter()
        .filter_map(|f| image::image_dimensions(f).ok())
        .map(|(w, h)| f64::from(w) * f64::from(h) / 1e6)
        .sum::<f64>()
        / photos.len() as f64;
    println!("{} photos, {megapixels:.1} MP average", photos.len());
    let target = |file: &Path, ext: &str| {
        out.path().join(format!(
            "{}.{ext}",
            file.file_stem().unwrap_or_default().to_string_lossy()
        ))
    };

    let ours_heic = ours(&heics, "image/heif");
    let vips = batched(&heics, |chunk| {
        let mut command = Command::new("vipsthumbnail");
        command
            .env("VIPS_CONCURRENCY", "1")
            .args(["--size", "256", "-o"])
            .arg(format!("{}/%s.jpg[Q=80]", out.path().display()))
            .args(chunk);
        command
    });
    let thumbnailer = per_file(&heics, |file, _| {
        let mut command = Command::new("heif-thumbnailer");
        command
            .args(["-s", "256"])
            .arg(file)
            .arg(target(file, "png"));
        command
    });
    report(
        "HEIC thumbnails",
        heics.len(),
        ours_heic,
        &[("vipsthumbnail", vips), ("heif-thumbnailer", thumbnailer)],
    );

    // The same work as the tools below: the preview's bytes out to a file.
    let started = Instant::now();
    std::thread::scope(|scope| {
        for chunk in dngs.chunks(dngs.len().div_ceil(THREADS)) {
            let target = &target;
            scope.spawn(move || {
                for file in chunk {
                    let jpeg = media::embedded_raw_preview(file).expect("a preview");
                    std::fs::write(target(file, "ours.jpg"), jpeg).expect("write");
                }
            });
        }
    });
    let ours_extract = started.elapsed();
    let ours_raw = ours(&dngs, "image/x-adobe-dng");
    let exiftool = batched(&dngs, |chunk| {
        let mut command = Command::new("exiftool");
        command
            .args(["-q", "-b", "-PreviewImage", "-w"])
            .arg(format!("{}/%f_exiftool.jpg", out.path().display()))
            .args(chunk);
        command
    });
    let dcraw = per_file(&dngs, |file, _| {
        // Written beside the DNG as NAME.thumb.jpg, as ours and exiftool's are.
        let mut command = Command::new("dcraw");
        command.arg("-e").arg(file);
        command
    });
    report(
        "Raw preview extraction (DNG)",
        dngs.len(),
        ours_extract,
        &[("exiftool -b -PreviewImage", exiftool), ("dcraw -e", dcraw)],
    );
    report(
        "Raw thumbnails (DNG, the whole job)",
        dngs.len(),
        ours_raw,
        &[("exiftool -b -PreviewImage", exiftool), ("dcraw -e", dcraw)],
    );

    let ours_pdf = ours(&pdfs, "application/pdf");
    let pdftoppm = per_file(&pdfs, |file, _| {
        let mut command = Command::new("pdftoppm");
        command
            .args(["-r", "36", "-singlefile", "-png"])
            .arg(file)
            .arg(target(file, "pdftoppm"));
        command
    });
    report(
        "PDF first pages",
        pdfs.len(),
        ours_pdf,
        &[("pdftoppm -r 36 -singlefile", pdftoppm)],
    );
}
