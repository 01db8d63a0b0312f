//! Videos and sound: the container's own header through nom-exif (MP4/MOV
//! with Apple's creation date and ISO 6709 location, MKV/WebM), and codec
//! and frame rate through `ffprobe` when it is installed (20 s limit).

use std::cell::RefCell;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use nom_exif::{EntryValue, MediaKind, MediaParser, MediaSource, TrackInfoTag};

use super::{Metadata, MetadataError, Moment, moment_of};
use crate::media::external::{find_program, run_with_timeout};

const FFPROBE_TIMEOUT: Duration = Duration::from_secs(20);

thread_local! {
    static PARSER: RefCell<MediaParser> = RefCell::new(MediaParser::new());
}

pub(super) fn read(path: &Path) -> Result<Metadata, MetadataError> {
    let mut found = from_container(path)?;
    if let Some(probe) = find_program("ffprobe") {
        match probe_streams(&probe, path) {
            Ok(probed) => fill_from_probe(&mut found, probed),
            Err(problem) => found.problems.push(problem),
        }
    }
    Ok(found)
}

fn from_container(path: &Path) -> Result<Metadata, MetadataError> {
    let source = match MediaSource::open(path) {
        Ok(source) => source,
        Err(nom_exif::Error::Io(io)) => return Err(MetadataError::Io(io)),
        Err(_) => return Ok(Metadata::default()),
    };
    if source.kind() != MediaKind::Track {
        return Ok(Metadata::default());
    }
    from_track(PARSER.with(|parser| parser.borrow_mut().parse_track(source)))
}

/// A video's header from bytes in memory (the fuzz tests' entry).
pub(super) fn read_bytes(bytes: &[u8]) -> Metadata {
    let Ok(source) = MediaSource::from_memory(bytes.to_vec()) else {
        return Metadata::default();
    };
    if source.kind() != MediaKind::Track {
        return Metadata::default();
    }
    from_track(PARSER.with(|parser| parser.borrow_mut().parse_track(source))).unwrap_or_default()
}

fn from_track(parsed: nom_exif::Result<nom_exif::TrackInfo>) -> Result<Metadata, MetadataError> {
    let track = match parsed {
        Ok(track) => track,
        Err(nom_exif::Error::Io(io)) if io.kind() != std::io::ErrorKind::UnexpectedEof => {
            return Err(MetadataError::Io(io));
        }
        Err(nom_exif::Error::TrackNotFound | nom_exif::Error::UnsupportedFormat) => {
            return Ok(Metadata::default());
        }
        Err(other) => {
            return Ok(Metadata {
                problems: vec![format!("the video's header is damaged ({other})")],
                ..Metadata::default()
            });
        }
    };
    let text = |tag| {
        track
            .get(tag)
            .and_then(EntryValue::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let number = |tag| track.get(tag).and_then(EntryValue::try_as_integer);
    let gps = track.gps_info().and_then(|g| {
        let (lat, lon) = (g.latitude_decimal()?, g.longitude_decimal()?);
        (lat.abs() <= 90.0 && lon.abs() <= 180.0 && (lat, lon) != (0.0, 0.0)).then_some((lat, lon))
    });
    Ok(Metadata {
        taken: track
            .get(TrackInfoTag::CreateDate)
            .and_then(EntryValue::as_datetime)
            .and_then(|t| match t {
                nom_exif::ExifDateTime::Aware(time) => moment_of(time).map(zoned),
                nom_exif::ExifDateTime::Naive(time) => super::floating(time),
            }),
        make: text(TrackInfoTag::Make),
        model: text(TrackInfoTag::Model),
        duration_ms: number(TrackInfoTag::DurationMs).filter(|d| *d > 0),
        width: number(TrackInfoTag::Width)
            .and_then(|w| u32::try_from(w).ok())
            .filter(|w| *w > 0),
        height: number(TrackInfoTag::Height)
            .and_then(|h| u32::try_from(h).ok())
            .filter(|h| *h > 0),
        gps,
        altitude: gps.and(track.gps_info().and_then(|g| g.altitude_meters())),
        ..Metadata::default()
    })
}

/// QuickTime's own dates are UTC with no zone (Apple's creation-date key
/// carries one). A UTC date is shown in this machine's zone at that moment,
/// as photo apps do; one with a real offset keeps it.
fn zoned(moment: Moment) -> Moment {
    if moment.offset_minutes != Some(0) {
        return moment;
    }
    let local = crate::model::local_offset_minutes(moment.utc_ms);
    Moment {
        offset_minutes: i16::try_from(local).ok(),
        ..moment
    }
}

#[derive(Debug, Default, serde::Deserialize)]
struct Probe {
    #[serde(default)]
    streams: Vec<ProbeStream>,
    #[serde(default)]
    format: ProbeFormat,
}

#[derive(Debug, Default, serde::Deserialize)]
struct ProbeFormat {
    /// Seconds, as text ("2.011000").
    duration: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct ProbeStream {
    codec_type: Option<String>,
    codec_name: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
    avg_frame_rate: Option<String>,
}

fn probe_streams(ffprobe: &Path, path: &Path) -> Result<Probe, String> {
    let mut command = Command::new(ffprobe);
    command
        .args(["-v", "error", "-print_format", "json", "-show_entries"])
        .arg("stream=codec_type,codec_name,width,height,avg_frame_rate:format=duration")
        .arg("--")
        .arg(path);
    let finished = run_with_timeout(command, FFPROBE_TIMEOUT)
        .map_err(|e| format!("ffprobe could not run: {e}"))?
        .ok_or_else(|| format!("ffprobe took longer than {FFPROBE_TIMEOUT:?} and was stopped"))?;
    if !finished.status.success() {
        return Err(format!(
            "ffprobe could not read the file: {}",
            finished.last_error_line
        ));
    }
    serde_json::from_slice(&finished.stdout)
        .map_err(|e| format!("ffprobe's answer was unreadable: {e}"))
}

fn fill_from_probe(found: &mut Metadata, probe: Probe) {
    let video = probe
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("video"));
    let audio = probe
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("audio"));
    if let Some(video) = video {
        found.width = found.width.or(video.width);
        found.height = found.height.or(video.height);
        found.frame_rate = video.avg_frame_rate.as_deref().and_then(frame_rate);
    }
    found.codec = video.or(audio).and_then(|s| s.codec_name.clone());
    // Sound files (MP3, FLAC, OGG) have no QuickTime header to say it.
    if found.duration_ms.is_none() {
        found.duration_ms = probe
            .format
            .duration
            .and_then(|d| d.parse::<f64>().ok())
            .filter(|d| d.is_finite() && *d > 0.0)
            .map(|d| (d * 1000.0).round() as i64);
    }
}

/// ffprobe's "30000/1001" as 29.97.
fn frame_rate(text: &str) -> Option<f64> {
    let (numerator, denominator) = text.split_once('/')?;
    let rate = numerator.parse::<f64>().ok()? / denominator.parse::<f64>().ok()?;
    (rate.is_finite() && rate > 0.0 && rate < 10_000.0).then_some((rate * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn frame_rates_read_as_numbers() {
        assert_eq!(super::frame_rate("30000/1001"), Some(29.97));
        assert_eq!(super::frame_rate("25/1"), Some(25.0));
        assert_eq!(super::frame_rate("0/0"), None);
    }
}
