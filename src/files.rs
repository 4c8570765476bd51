//! Reading and writing files as untrusted input and precious output.
//!
//! Reading: only regular files are read. A FIFO would block for ever and a
//! device (`/dev/zero`) never end, so a path is opened without blocking and
//! refused unless it is a regular file; state, cache and config files are
//! read up to a cap, since nothing entscope writes there comes near it.
//!
//! Writing: a file is replaced whole or not at all — a temporary file beside
//! it, created new (never through a link someone planted), synced, then
//! renamed over the path. A link at the path is replaced, not followed:
//! entscope never writes through a link it did not create. Only a file the
//! user named (a catalog or document being saved) is written through its
//! link, to the file the link names, the same way.

use std::io::{Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::problem::{Place, Problem};

/// The most a state, cache or config file may hold.
pub const STATE_LIMIT: u64 = 64 * 1024 * 1024;

/// Opens a path to read it, refusing anything but a regular file, and
/// without waiting on a FIFO that has no writer.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            if kind.is_dir() {
                "is a directory, not a file"
            } else {
                "is not a regular file (a FIFO, a device or a socket): not read"
            },
        ));
    }
    Ok(file)
}

/// Reads a regular file whole, refusing one larger than `limit` bytes (as
/// it stands, or as it grows while being read).
pub fn read(path: &Path, limit: Option<u64>) -> std::io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    let too_large = |limit: u64| {
        std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "is larger than the {} a file of this kind may be: not read",
                crate::display::bytes(limit)
            ),
        )
    };
    if let Some(limit) = limit.filter(|&l| size > l) {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX))
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::OutOfMemory, "too large to read"))?;
    let cap = limit.map_or(u64::MAX, |l| l + 1);
    file.take(cap).read_to_end(&mut bytes)?;
    if let Some(limit) = limit.filter(|&l| bytes.len() as u64 > l) {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text (invalid sequences are an error).
pub fn read_to_string(path: &Path, limit: Option<u64>) -> std::io::Result<String> {
    String::from_utf8(read(path, limit)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// A new temporary file beside `path`, created (never opened through
/// something already there) for writing.
fn temporary(path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map_or_else(|| "entscope".into(), |n| n.to_string_lossy().into_owned());
    let mut last = None;
    for attempt in 0..16u32 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let temp = dir.join(format!(
            ".{file_name}.{}.{nanos}.{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            // As a new file is made: the umask applies.
            .mode(0o644)
            .open(&temp)
        {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary file name was free")))
}

/// A file being written beside its destination, put in place by
/// [`Atomic::commit`]; dropped uncommitted, it is removed.
pub struct Atomic {
    path: PathBuf,
    temp: PathBuf,
    file: Option<std::io::BufWriter<std::fs::File>>,
}

impl Atomic {
    /// Starts replacing `path` (a link there is replaced, not followed).
    pub fn create(path: &Path) -> std::io::Result<Atomic> {
        let (temp, file) = temporary(path)?;
        Ok(Atomic {
            path: path.to_path_buf(),
            temp,
            file: Some(std::io::BufWriter::with_capacity(1 << 16, file)),
        })
    }

    /// Syncs the file, gives it the permissions of the file it replaces
    /// (a new one has the usual ones), and renames it over the destination.
    pub fn commit(mut self) -> std::io::Result<()> {
        let file = self
            .file
            .take()
            .ok_or_else(|| std::io::Error::other("committed twice"))?;
        let file = file
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::symlink_metadata(&self.path)
            && meta.file_type().is_file()
        {
            std::fs::set_permissions(&self.temp, meta.permissions())?;
        }
        std::fs::rename(&self.temp, &self.path)
    }
}

impl Write for Atomic {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for Atomic {
    fn drop(&mut self) {
        if self.file.is_some() {
            self.file = None;
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Writes `contents` to `path` whole or not at all; a link at `path` is
/// replaced, never followed. The temporary file is removed when anything
/// fails.
pub fn write(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = Atomic::create(path)?;
    file.write_all(contents)?;
    file.commit()
}

/// As [`write`], for a file the user named: when it is a link, the file it
/// names (however many links away) is replaced, so the link stays a link.
pub fn write_through(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let target = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    write(&target, contents)
}

// Text files, read for the readers: as UTF-8, named in any problem.

/// The file name as the user wrote it, for messages.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

/// A document's title from its file name: the name without its extension.
pub fn title_from_path(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| display_name(path), |s| s.to_string_lossy().into_owned())
}

/// Reads a whole file as UTF-8 text, with a byte-order mark removed. Errors
/// say which file and, for binary data or bad encoding, where.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    read_text_limited(path, None)
}

/// [`read_text`] of at most `limit` bytes (a config file's cap).
pub fn read_text_limited(path: &Path, limit: Option<u64>) -> Result<String, Problem> {
    let name = display_name(path);
    let bytes = read(path, limit).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::InvalidInput | std::io::ErrorKind::FileTooLarge => e.to_string(),
            _ => format!("cannot read: {e}"),
        };
        Problem::error(&name, Place::File, reason)
    })?;
    if let Some(at) = bytes.iter().take(BINARY_SNIFF).position(|&b| b == 0) {
        return Err(Problem::error(
            name,
            Place::File,
            format!("binary data (a NUL byte at offset {at}), not text"),
        ));
    }
    decode_utf8(&name, bytes)
}

/// How far into a file to look for NUL bytes, the mark of binary data.
const BINARY_SNIFF: usize = 8192;

/// Decodes UTF-8, dropping a leading byte-order mark.
pub fn decode_utf8(name: &str, mut bytes: Vec<u8>) -> Result<String, Problem> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let before = &bytes[..at];
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Problem::error(
            name,
            Place::LineColumn(line, column),
            format!(
                "invalid UTF-8 (byte 0x{:02x}); entscope reads UTF-8 text",
                bytes[at]
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_whole_and_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.json");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write(&path, b"new").expect("replaced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("list").count(),
            1,
            "no temporary left"
        );
        // Into a folder that does not exist: an error, nothing written.
        assert!(write(&dir.path().join("no/such/b.json"), b"x").is_err());
    }

    #[test]
    fn a_planted_link_is_replaced_not_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let victim = dir.path().join("bashrc");
        std::fs::write(&victim, "precious").expect("write");
        let stamp = dir.path().join("x.checked");
        std::os::unix::fs::symlink(&victim, &stamp).expect("link");
        write(&stamp, b"stamp").expect("written");
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "precious");
        assert!(
            !std::fs::symlink_metadata(&stamp)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&stamp).expect("read"), "stamp");
    }

    #[test]
    fn a_file_the_user_named_is_written_through_its_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("real.json");
        std::fs::write(&real, "old").expect("write");
        let link = dir.path().join("cat.json");
        std::os::unix::fs::symlink(&real, &link).expect("link");
        write_through(&link, b"new").expect("written");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).expect("read"), "new");
    }

    #[test]
    fn fifos_devices_and_oversized_files_are_refused_without_blocking() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("places.json");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .expect("a FIFO");
        let e = read(&fifo, Some(STATE_LIMIT)).expect_err("a FIFO is refused");
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let e = read(Path::new("/dev/zero"), None).expect_err("a device is refused");
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 100]).expect("write");
        let e = read(&big, Some(10)).expect_err("too large");
        assert!(e.to_string().contains("larger than the 10 B"), "{e}");
        assert_eq!(read(&big, Some(100)).expect("read").len(), 100);
        let e = read(dir.path(), None).expect_err("a folder");
        assert!(e.to_string().contains("is a directory"), "{e}");
    }

    #[test]
    fn an_abandoned_write_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("out.jsonl");
        {
            let mut file = Atomic::create(&path).expect("created");
            file.write_all(b"half").expect("written");
        }
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
    }
}
