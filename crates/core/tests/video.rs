//! Video thumbnails come from ffmpeg when it is installed, and say so when it
//! is not. Its own test binary: it changes PATH for the whole process.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use common::*;
use mahres_core::FailureFilter;
use mahres_core::model::Page;

/// Just enough of an MP4 for content sniffing to call it video/mp4.
fn fake_mp4() -> Vec<u8> {
    let mut bytes = vec![0, 0, 0, 0x18];
    bytes.extend_from_slice(b"ftypmp42\0\0\0\0mp42isom");
    bytes.extend_from_slice(&[0u8; 64]);
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn videos_get_a_frame_from_ffmpeg_or_a_note_saying_it_is_missing() {
    let tools = tempfile::tempdir().unwrap();
    // SAFETY: this test binary runs this one test; nothing else reads PATH concurrently.
    unsafe { std::env::set_var("PATH", tools.path()) };

    let source = tempfile::tempdir().unwrap();
    std::fs::write(source.path().join("clip.mp4"), fake_mp4()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let library = open(dir.path(), mahres_core::handlers::default_handlers()).await;
    library.import(vec![source.path().into()]).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    let clip = library.resources(Page::default()).await.unwrap().remove(0);
    assert_eq!(clip.content_type, "video/mp4");
    assert!(clip.thumbnail.is_none());
    assert_eq!(
        clip.media_note.as_deref(),
        Some("ffmpeg is not installed, so videos get no thumbnail; install ffmpeg and retry")
    );
    assert!(
        library
            .failures(FailureFilter::All, 10)
            .await
            .unwrap()
            .is_empty(),
        "not a failure"
    );

    // A stand-in ffmpeg that writes a PNG frame to stdout, as the real one does.
    let frame = tools.path().join("frame.png");
    write_png(&frame, 640, 360, 5);
    let script = tools.path().join("ffmpeg");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nexec /bin/cat '{}'\n", frame.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let created = library
        .events_for(mahres_core::events::EntityKey::resource(clip.id))
        .await
        .unwrap()[0]
        .id;
    library.redeliver(created).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    let clip = library.resource(clip.id).await.unwrap().resource;
    assert!(clip.media_note.is_none(), "the note is cleared");
    let thumb = image::open(library.layout().resolve(clip.thumbnail.as_deref().unwrap())).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (256, 144));
    assert!(clip.perceptual_hash.is_some());

    // An ffmpeg that fails gives a readable dead letter.
    std::fs::write(
        &script,
        "#!/bin/sh\necho 'moov atom not found' >&2\nexit 1\n",
    )
    .unwrap();
    library.redeliver(created).await.unwrap();
    wait_idle(&library, Duration::from_secs(30)).await;
    let dead = library.failures(FailureFilter::Dead, 10).await.unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(
        dead[0].error,
        "clip.mp4: ffmpeg could not read a frame: moov atom not found"
    );
    library.close(Duration::from_secs(1)).await;
}
