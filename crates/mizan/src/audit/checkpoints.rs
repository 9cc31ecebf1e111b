//! Checkpoints of the audit chain's head, kept outside the database.
//!
//! A keyed chain cannot be rewritten without the key, but its tail can still be cut off with the
//! head rolled back to the last entry kept: what is left is a genuine chain. A checkpoint (the
//! head's number and link at some moment) kept where the database's users cannot reach shows it:
//! the entry it names must still be there with the same link. `serve` appends one to
//! `<data dir>/audit-checkpoints` (mode 0600) every ten minutes when the head has moved, and when
//! it stops; `mizan audit checkpoint` prints one for safekeeping elsewhere (a printout, another
//! machine), and `mizan audit verify` checks those of the file and any given to it.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};

/// The head of the chain at some moment: the last entry's number and link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
}

impl Checkpoint {
    /// `seq:link`, as `mizan audit checkpoint` prints it and `verify --checkpoint` takes it.
    pub fn parse(text: &str) -> Option<Checkpoint> {
        let (seq, hash) = text.trim().split_once(':')?;
        let seq = seq.trim().parse::<i64>().ok().filter(|s| *s > 0)?;
        let hash = hash.trim();
        (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| Checkpoint {
            seq,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

impl std::fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.seq, self.hash)
    }
}

/// The checkpoint file of a data directory.
pub fn file(data_dir: &Path) -> PathBuf {
    data_dir.join("audit-checkpoints")
}

/// The checkpoints kept in `path` (none if it does not exist). A line is `seq:link` and the time
/// it was written; a line that is not one is an error (the file was tampered with).
pub fn read(path: &Path) -> anyhow::Result<Vec<Checkpoint>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let first = line.split_whitespace().next().unwrap_or_default();
        let checkpoint = Checkpoint::parse(first)
            .ok_or_else(|| anyhow::anyhow!("{}, line {}: not a checkpoint: {line}", path.display(), n + 1))?;
        out.push(checkpoint);
    }
    Ok(out)
}

/// Appends a checkpoint to `path` (created readable by its owner alone), unless it is the chain's
/// empty start or the last one there already.
pub fn append(path: &Path, checkpoint: &Checkpoint, at: DateTime<Utc>) -> anyhow::Result<bool> {
    if checkpoint.seq == 0 || read(path)?.last() == Some(checkpoint) {
        return Ok(false);
    }
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    writeln!(
        file,
        "{checkpoint} {}",
        at.to_rfc3339_opts(SecondsFormat::Secs, true)
    )?;
    file.sync_data()?;
    Ok(true)
}

/// Appends the store's current head to the data directory's checkpoint file.
pub async fn keep(state: &crate::app::AppState) -> anyhow::Result<()> {
    let head = super::head(&state.db).await?;
    let path = file(&state.config.data_dir);
    let now = state.clock.now();
    tokio::task::spawn_blocking(move || append(&path, &head, now)).await??;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_reads_back_as_written_and_nothing_else_passes_for_one() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("audit-checkpoints");
        let first = Checkpoint {
            seq: 12,
            hash: "ab".repeat(32),
        };
        let at = chrono::DateTime::UNIX_EPOCH;
        assert!(append(&path, &first, at).expect("append"));
        assert!(!append(&path, &first, at).expect("append"), "the same head once");
        let empty = Checkpoint {
            seq: 0,
            hash: String::new(),
        };
        assert!(!append(&path, &empty, at).expect("append"));
        assert_eq!(read(&path).expect("read"), vec![first.clone()]);
        assert_eq!(Checkpoint::parse(&first.to_string()), Some(first));
        assert_eq!(Checkpoint::parse("12:abc"), None);
        assert_eq!(Checkpoint::parse(&format!("-1:{}", "ab".repeat(32))), None);
        std::fs::write(&path, "garbage\n").expect("write");
        assert!(read(&path).is_err());
    }
}
