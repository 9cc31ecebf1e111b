//! File permissions of the data directory: personal data lives there, so only its owner may read it.

use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

/// Makes a directory private to its owner (0700).
pub fn restrict_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    Ok(())
}

/// Whether others than the owner may read or enter the path.
pub fn world_or_group_accessible(path: &Path) -> std::io::Result<bool> {
    #[cfg(unix)]
    {
        let mode = std::fs::metadata(path)?.permissions().mode();
        Ok(mode & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(false)
    }
}

/// Makes a file private to its owner (0600).
pub fn restrict_file(file: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600))?;
    Ok(())
}
