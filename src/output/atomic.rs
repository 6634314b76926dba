use crate::error::{Error, ErrorKind, Result};
use std::io::{BufWriter, Write};
use std::path::Path;

/// Writes `path` atomically: `write` fills a temporary file in the same
/// folder, which is renamed over `path` only when `write` succeeded and the data
/// is on disk. A failing or interrupted write leaves the previous file intact
/// and no temporary file behind.
///
/// # Errors
///
/// [`ErrorKind::Output`] when the folder cannot be created, or the file
/// cannot be written or renamed (with the cause as its source).
///
/// # Examples
///
/// ```
/// use std::io::Write;
/// let dir = std::env::temp_dir().join("jinzhan-doc-atomic");
/// let path = dir.join("a.txt");
/// jinzhan::output::write_atomic(&path, |w| w.write_all(b"good"))?;
/// let failed = jinzhan::output::write_atomic(&path, |w| {
///     w.write_all(b"half")?;
///     Err(std::io::Error::other("interrupted"))
/// });
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read_to_string(&path)?, "good");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let fail = |e: std::io::Error| Error::with_source(ErrorKind::Output { path: path.to_path_buf() }, e);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let name = path.file_name().map_or("out".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = BufWriter::new(std::fs::File::create(&tmp)?);
        write(&mut file)?;
        file.flush()?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}
