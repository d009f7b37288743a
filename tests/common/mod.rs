//! Shared by the integration tests.

use std::path::PathBuf;

/// The five shared corpus articles: `$NAQL_CORPUS` if set, else `../shared/corpus` beside the
/// checkout (as on the developers' machines and in CI).
#[allow(dead_code)] // not every test binary reads the corpus
pub fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("NAQL_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    assert!(
        dir.join("002_c6b224872927b575.txt").is_file(),
        "the shared corpus is expected at {} (set NAQL_CORPUS to its folder)",
        dir.display()
    );
    dir
}
pub mod ui;
