//! The sample project `projects/belarus-iran`, embedded in the binary so that `naql` shows real
//! articles and quotes on first start, from any folder. It is copied to the user's data folder,
//! where it can be edited like any project.

use crate::store::StoreError;
use crate::store::atomic::write_atomic;
use std::fs;
use std::path::{Path, PathBuf};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../projects/belarus-iran/", $path)))),*]
    };
}

/// Every file of the sample project, by its path inside the project folder. A test checks that
/// this list and the folder agree.
pub const FILES: &[(&str, &str)] = embed![
    "project.ron",
    "annotations/omid.ron",
    "annotations/sara.ron",
    "articles/000_13e0dc0d1b2b0156.txt",
    "articles/001_f29377c14a794afe.txt",
    "articles/002_c6b224872927b575.txt",
    "articles/003_5bb3f30f2253b840.txt",
    "articles/004_b85c5de6765a524c.txt",
];

/// Where the sample goes by default: `<data dir>/naql/projects/belarus-iran`.
pub fn default_location() -> Option<PathBuf> {
    Some(
        dirs::data_dir()?
            .join("naql")
            .join("projects")
            .join("belarus-iran"),
    )
}

/// Writes the sample project into `dir`, unless a project is already there: a copy the user has
/// worked in is never overwritten.
pub fn install(dir: &Path) -> Result<(), StoreError> {
    if dir.join("project.ron").exists() {
        return Ok(());
    }
    for (rel, content) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| StoreError::Io {
                path: parent.to_owned(),
                source: e,
            })?;
        }
        write_atomic(&path, content.as_bytes()).map_err(|e| StoreError::Io { path, source: e })?;
    }
    // Ready to be a git repository: journals and locks stay out of commits.
    crate::store::write_git_files(dir)
}

/// The sample project in memory, parsed from the embedded files (no disk): for tests and
/// benchmarks of edits.
pub fn project() -> Result<crate::model::Project, StoreError> {
    use crate::model::{Layer, Manifest, PersonId, Project};
    use crate::store::format::from_ron;
    let file = |rel: &str| FILES.iter().find(|(p, _)| *p == rel).map(|(_, c)| *c);
    let manifest: Manifest = from_ron(Path::new("project.ron"), file("project.ron").unwrap_or(""))?;
    let mut project = Project::new(manifest);
    for (rel, content) in FILES {
        if let Some(id) = rel
            .strip_prefix("articles/")
            .and_then(|r| r.strip_suffix(".txt"))
        {
            project.texts.insert(id.into(), (*content).to_owned());
        } else if let Some(p) = rel
            .strip_prefix("annotations/")
            .and_then(|r| r.strip_suffix(".ron"))
        {
            let mut layer: Layer = from_ron(Path::new(rel), content)?;
            layer.order_reviews();
            project.layers.insert(PersonId::from(p), layer.into());
        }
    }
    project.revalidate(false);
    Ok(project)
}
