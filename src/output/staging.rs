use super::{io_error, write_atomic, OutputFile};
use crate::error::{Error, ErrorKind, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Staging folders not yet published or dropped, for [`Staging::remove_unfinished`].
static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// What a run wrote, saved as `manifest.json` beside its files, last: the
/// files of this run, their row counts and sizes, the inputs and options,
/// and the version that wrote them. A reader that trusts only what the
/// manifest lists (and checks the sizes) never mixes two runs' files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Manifest {
    /// jinzhan and its version (with the commit when known).
    pub version: String,
    /// When the run finished (UTC, ISO 8601).
    pub finished: String,
    /// Each input with its outcome.
    pub inputs: Vec<ManifestInput>,
    /// The options of the run, by name.
    pub options: BTreeMap<String, String>,
    /// The files written (filled in by [`Staging::publish`]: sizes).
    pub files: Vec<ManifestFile>,
}

/// An input of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestInput {
    /// The input as named in the output.
    pub source: String,
    /// ok or failed.
    pub status: String,
}

/// A file of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestFile {
    /// The file name.
    pub name: String,
    /// Rows (CSV), documents (JSON) or lines (JSON lines).
    pub rows: Option<u64>,
    /// The size in bytes.
    pub bytes: u64,
}

/// A run's output folder while the run writes: files go into a hidden
/// staging folder inside it, and appear in the folder only when the run
/// publishes them, with the manifest written last. A run that fails or is
/// dropped leaves the folder as it was (its staging folder is removed). The
/// folder is locked: a second run into it gets [`ErrorKind::Locked`].
/// Files of an earlier run that this one did not write are removed when the
/// earlier manifest lists them, and never otherwise.
///
/// # Examples
///
/// ```
/// use jinzhan::output::{Manifest, Staging};
/// let out = std::env::temp_dir().join(format!("jinzhan-doc-staging-{}", std::process::id()));
/// let staging = Staging::new(&out)?;
/// std::fs::write(staging.dir().join("a.csv"), "x\n").unwrap();
/// assert!(!out.join("a.csv").exists(), "not published yet");
/// let files = vec![jinzhan::output::OutputFile { name: "a.csv".into(), rows: Some(0) }];
/// staging.publish(&files, Manifest::default())?;
/// assert!(out.join("a.csv").exists() && out.join("manifest.json").exists());
/// # Ok::<(), jinzhan::Error>(())
/// ```
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    _lock: File,
    created_target: bool,
    done: bool,
}

impl Staging {
    /// Locks `target` (creating it) and makes a fresh staging folder in it;
    /// staging folders left by runs that were killed are removed.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Locked`] while another run writes into `target`;
    /// [`ErrorKind::Output`] when the folder cannot be created.
    pub fn new(target: &Path) -> Result<Staging> {
        let created_target = !target.exists();
        std::fs::create_dir_all(target).map_err(|e| io_error(target, e))?;
        let lock_path = target.join(".jinzhan.lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io_error(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::new(ErrorKind::Locked { path: target.to_path_buf() }))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&lock_path, e)),
        }
        // The lock is ours: no other run is writing, any staging folder is a leftover.
        if let Ok(entries) = std::fs::read_dir(target) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(".jinzhan-staging-") {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = target.join(format!(".jinzhan-staging-{}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| io_error(&dir, e))?;
        ACTIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(dir.clone());
        Ok(Staging { target: target.to_path_buf(), dir, _lock: lock, created_target, done: false })
    }

    /// The staging folder: where the sinks write.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The output folder.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Moves `files` from the staging folder into the output folder, removes
    /// the earlier run's own files that this run did not write, and writes
    /// `manifest.json` (with `files` and their sizes) last.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Output`] when a file cannot be moved or the manifest written.
    pub fn publish(mut self, files: &[OutputFile], mut manifest: Manifest) -> Result<()> {
        let old = earlier_files(&self.target);
        manifest.files.clear();
        // Nothing is moved unless everything can be: a folder in the way of
        // a file stops the run before the first file appears.
        for f in files {
            let to = self.target.join(&f.name);
            if to.is_dir() {
                return Err(io_error(
                    &to,
                    std::io::Error::other("a folder is in the way of this output file"),
                ));
            }
        }
        for f in files {
            let from = self.dir.join(&f.name);
            let to = self.target.join(&f.name);
            let bytes = std::fs::metadata(&from).map(|m| m.len()).map_err(|e| io_error(&from, e))?;
            std::fs::rename(&from, &to).map_err(|e| io_error(&to, e))?;
            manifest.files.push(ManifestFile { name: f.name.clone(), rows: f.rows, bytes });
        }
        for name in old {
            let ours = manifest.files.iter().any(|f| f.name == name);
            // Only plain names in this folder, never a path elsewhere.
            let plain = !name.is_empty() && !name.contains(['/', '\\']) && name != ".." && name != ".";
            if !ours && plain {
                let _ = std::fs::remove_file(self.target.join(&name));
            }
        }
        let path = self.target.join("manifest.json");
        write_atomic(&path, |w| {
            serde_json::to_writer_pretty(&mut *w, &manifest).map_err(std::io::Error::other)?;
            std::io::Write::write_all(w, b"\n")
        })?;
        self.done = true;
        self.cleanup();
        Ok(())
    }

    fn cleanup(&self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        ACTIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|d| d != &self.dir);
    }

    /// Removes the staging folders of this process that are neither
    /// published nor dropped: for a signal handler (SIGINT, SIGTERM), so
    /// that an interrupted run leaves no temporary files.
    pub fn remove_unfinished() {
        let dirs = std::mem::take(&mut *ACTIVE.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        for d in dirs {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        self.cleanup();
        if self.created_target {
            // Nothing was published into a folder this run created: leave no folder.
            let _ = std::fs::remove_file(self.target.join(".jinzhan.lock"));
            let _ = std::fs::remove_dir(&self.target);
        }
    }
}

/// The files the earlier run's manifest lists.
fn earlier_files(target: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(target.join("manifest.json")) else { return Vec::new() };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { return Vec::new() };
    json.get("files")
        .and_then(|f| f.as_array())
        .map(|files| files.iter().filter_map(|f| f.get("name")?.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// Now as an ISO 8601 UTC timestamp.
pub(crate) fn now_iso() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    // Days to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest / 60 % 60, rest % 60)
}

impl Manifest {
    /// A manifest for this version of jinzhan, finished now.
    pub fn now(inputs: Vec<(String, String)>, options: BTreeMap<String, String>) -> Manifest {
        let inputs = inputs.into_iter().map(|(source, status)| ManifestInput { source, status }).collect();
        Manifest {
            version: crate::version().to_string(),
            finished: now_iso(),
            inputs,
            options,
            files: Vec::new(),
        }
    }
}
