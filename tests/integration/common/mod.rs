//! Shared by the integration tests.

use std::path::PathBuf;

/// The five real articles the tests read: the sample project's own copies, which are the
/// team's shared corpus verbatim (`tests/sample.rs` holds them to their SHA-256), so a clone of
/// the repository alone has everything its tests need.
#[allow(dead_code)] // not every test binary reads the corpus
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("projects/belarus-iran/articles")
}

/// An extra corpus to check as well, if `$NAQL_CORPUS` names a folder of `.txt` articles.
/// Optional: no test needs it.
#[allow(dead_code)]
pub fn extra_corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("NAQL_CORPUS")?);
    assert!(
        dir.is_dir(),
        "NAQL_CORPUS names {}, which is not a folder",
        dir.display()
    );
    Some(dir)
}

/// The `.txt` files of a folder, sorted by name.
#[allow(dead_code)]
pub fn text_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// Renders a snapshot, and names the missing system package when nothing can render it.
#[allow(dead_code)]
pub fn snapshot<S>(harness: &mut egui_kittest::Harness<'_, S>, name: &str) {
    let result =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| harness.try_snapshot(name)));
    let no_driver = "rendering a snapshot needs a Vulkan or OpenGL driver; on Debian or Ubuntu \
                     `apt-get install mesa-vulkan-drivers` gives lavapipe, which renders on the CPU";
    match result {
        Ok(Ok(())) => {}
        Ok(Err(egui_kittest::SnapshotError::RenderError { err })) => {
            panic!("{no_driver} (the renderer said: {err})")
        }
        Ok(Err(other)) => panic!("{other}"),
        Err(panic) => {
            let said = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            // wgpu's set-up panics when no adapter exists; any other panic is the test's own.
            let lower = said.to_lowercase();
            if ["adapter", "render state", "device", "vulkan", "backend"]
                .iter()
                .any(|w| lower.contains(w))
            {
                panic!("{no_driver} (the renderer said: {said})")
            }
            std::panic::resume_unwind(panic)
        }
    }
}
pub mod ui;

/// Every file below `root` with its bytes, sorted: what a test compares to say a folder was
/// left untouched.
#[allow(dead_code)]
pub fn files_of(root: &std::path::Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}
