//! Reading a small file the operator named, safely: only a regular file (a device such as
//! `/dev/zero` or a named pipe never ends, and a folder is no file), never more than a cap.

use std::fs::{File, FileType};
use std::io::{ErrorKind, Read};
use std::path::Path;

/// Why a file could not be read. Carries no bytes of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoundedReadError {
    NotFound,
    /// Not a regular file; `kind` says what it is, e.g. "a folder" or "a device".
    NotRegular {
        kind: &'static str,
    },
    /// Larger than the cap; `size` is what the file reports, or what was read past the cap.
    TooBig {
        size: u64,
        limit: u64,
    },
    Unreadable {
        reason: String,
    },
}

/// What a file that is not a regular file is, in words: "a folder", "a device", ...
pub fn describe_kind(kind: &FileType) -> &'static str {
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_file() {
        "a file"
    } else {
        "not a regular file"
    }
}

/// The file's bytes, refusing anything that is not a regular file, or is over `limit` bytes,
/// without reading it: the kind and size are checked first, and at most one byte more than
/// the limit is ever read (a file may grow while it is read).
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, BoundedReadError> {
    // The kind is checked before opening: opening a named pipe would wait for a writer.
    let metadata = std::fs::metadata(path).map_err(|error| io_error(&error))?;
    check_regular(&metadata)?;
    let file = File::open(path).map_err(|error| io_error(&error))?;
    // And again on what was opened, in case the path changed in between.
    let metadata = file.metadata().map_err(|error| io_error(&error))?;
    check_regular(&metadata)?;
    if metadata.len() > limit {
        return Err(BoundedReadError::TooBig {
            size: metadata.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| io_error(&error))?;
    let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if size > limit {
        return Err(BoundedReadError::TooBig { size, limit });
    }
    Ok(bytes)
}

fn check_regular(metadata: &std::fs::Metadata) -> Result<(), BoundedReadError> {
    if metadata.is_file() {
        Ok(())
    } else {
        Err(BoundedReadError::NotRegular {
            kind: describe_kind(&metadata.file_type()),
        })
    }
}

fn io_error(error: &std::io::Error) -> BoundedReadError {
    match error.kind() {
        ErrorKind::NotFound => BoundedReadError::NotFound,
        _ => BoundedReadError::Unreadable {
            reason: error.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_devices_and_big_files_are_refused_by_kind_and_size() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_capped(dir.path(), 10),
            Err(BoundedReadError::NotRegular { kind: "a folder" })
        );
        #[cfg(unix)]
        assert_eq!(
            read_capped(Path::new("/dev/zero"), 10),
            Err(BoundedReadError::NotRegular { kind: "a device" })
        );
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789A").unwrap();
        assert_eq!(
            read_capped(&path, 10),
            Err(BoundedReadError::TooBig {
                size: 11,
                limit: 10
            })
        );
        assert_eq!(read_capped(&path, 11).unwrap(), b"0123456789A");
        assert_eq!(
            read_capped(&dir.path().join("missing"), 10),
            Err(BoundedReadError::NotFound)
        );
    }
}
