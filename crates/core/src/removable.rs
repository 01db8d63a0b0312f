//! Whether a file lives on removable media (a camera card, a USB stick), so
//! a front can say when the originals are safe to remove.

use std::path::Path;

/// True when the block device `device` (an `st_dev`) is marked removable
/// by the kernel, or the file's path is under a folder where desktops
/// mount removable media.
pub(crate) fn is_removable(device: Option<u64>, path: &Path) -> bool {
    let mounted_as_removable = ["/media/", "/run/media/"]
        .iter()
        .any(|prefix| path.to_string_lossy().starts_with(prefix));
    mounted_as_removable || device.is_some_and(device_is_removable)
}

#[cfg(target_os = "linux")]
fn device_is_removable(device: u64) -> bool {
    let (major, minor) = (libc::major(device), libc::minor(device));
    // /sys/dev/block/M:m is the device or a partition of it; a partition's
    // `removable` is on its parent.
    let dir = Path::new("/sys/dev/block").join(format!("{major}:{minor}"));
    [dir.join("removable"), dir.join("../removable")]
        .iter()
        .find_map(|flag| std::fs::read_to_string(flag).ok())
        .is_some_and(|flag| flag.trim() == "1")
}

#[cfg(not(target_os = "linux"))]
fn device_is_removable(_device: u64) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desktop_mounts_count_as_removable() {
        assert!(is_removable(
            None,
            Path::new("/media/me/EOS_DIGITAL/DCIM/IMG_1.CR3")
        ));
        assert!(is_removable(None, Path::new("/run/media/me/CARD/a.jpg")));
        assert!(!is_removable(None, Path::new("/home/me/media/a.jpg")));
    }

    #[test]
    fn the_temp_folder_is_not_removable() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let device = std::fs::metadata(dir.path()).unwrap().dev();
        // CI and build machines keep /tmp on a fixed disk or in memory.
        assert!(!is_removable(Some(device), dir.path()));
    }
}
