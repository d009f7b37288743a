//! What synced folders and git leave behind when two writers met: conflict copies beside a
//! file, and conflict markers inside one. Naql never loads either as a layer of its own; it
//! names them, and `naql resolve` merges them keeping every quote.

/// A file name that a sync tool gives a conflict copy, and the file it is a copy of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictCopy {
    /// The tool that made it, for the message.
    pub tool: &'static str,
    /// The name of the original: `sara.ron` for `sara (Omid's conflicted copy 2026-12-02).ron`.
    pub original: String,
}

/// Recognises Dropbox's `name (… conflicted copy …).ext`, Syncthing's
/// `name.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext`, and the `name (1).ext` / `name 2.ext` that
/// other sync clients (Google Drive, OneDrive, Nextcloud) make.
pub fn conflict_copy(file_name: &str) -> Option<ConflictCopy> {
    let (stem, ext) = match file_name.rfind('.') {
        Some(i) => (&file_name[..i], &file_name[i..]),
        None => (file_name, ""),
    };
    if let Some(at) = stem.find(".sync-conflict-") {
        return Some(ConflictCopy {
            tool: "Syncthing",
            original: format!("{}{ext}", &stem[..at]),
        });
    }
    if let Some(open) = stem.find(" (")
        && stem.ends_with(')')
    {
        let inside = &stem[open + 2..stem.len() - 1];
        if inside.contains("conflicted copy") {
            return Some(ConflictCopy {
                tool: "Dropbox",
                original: format!("{}{ext}", &stem[..open]),
            });
        }
        if inside.contains("conflict") || inside.chars().all(|c| c.is_ascii_digit()) {
            return Some(ConflictCopy {
                tool: "a sync client",
                original: format!("{}{ext}", &stem[..open]),
            });
        }
    }
    None
}

/// The 1-based line of the first git conflict marker in `text`, if any.
pub fn conflict_marker_line(text: &str) -> Option<usize> {
    // Every file Naql reads is checked: one search for the opening marker spares going
    // through a gigabyte of layers line by line.
    if !(text.starts_with("<<<<<<<")
        || memchr::memmem::find(text.as_bytes(), b"\n<<<<<<<").is_some())
    {
        return None;
    }
    let mut open = None;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("<<<<<<< ") || line == "<<<<<<<" {
            open = Some(i + 1);
        } else if open.is_some() && (line.starts_with(">>>>>>> ") || line == ">>>>>>>") {
            return open;
        }
    }
    None
}

/// The two sides of a file with git conflict markers: ours (between `<<<<<<<` and `=======`,
/// or `|||||||` in diff3 style) and theirs (between `=======` and `>>>>>>>`), each with the
/// text outside the markers.
pub fn sides_of_conflict(text: &str) -> (String, String) {
    #[derive(PartialEq)]
    enum At {
        Both,
        Ours,
        Base,
        Theirs,
    }
    let (mut ours, mut theirs) = (String::new(), String::new());
    let mut at = At::Both;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.starts_with("<<<<<<<") {
            at = At::Ours;
        } else if bare.starts_with("|||||||") && at == At::Ours {
            at = At::Base;
        } else if bare == "=======" && (at == At::Ours || at == At::Base) {
            at = At::Theirs;
        } else if bare.starts_with(">>>>>>>") && at == At::Theirs {
            at = At::Both;
        } else {
            match at {
                At::Both => {
                    ours.push_str(line);
                    theirs.push_str(line);
                }
                At::Ours => ours.push_str(line),
                At::Theirs => theirs.push_str(line),
                At::Base => {}
            }
        }
    }
    (ours, theirs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropbox_syncthing_and_numbered_copies_are_recognised() {
        let c = conflict_copy("sara (Omid's conflicted copy 2026-12-02).ron");
        assert_eq!(
            c.map(|c| (c.tool, c.original)),
            Some(("Dropbox", "sara.ron".into()))
        );
        let c = conflict_copy("omid.sync-conflict-20261202-101500-ABCDEF7.ron");
        assert_eq!(
            c.map(|c| (c.tool, c.original)),
            Some(("Syncthing", "omid.ron".into()))
        );
        let c = conflict_copy("sara (1).ron");
        assert_eq!(c.map(|c| c.original), Some("sara.ron".into()));
        assert_eq!(conflict_copy("sara.ron"), None);
        assert_eq!(conflict_copy("ali (tehran).ron"), None);
    }

    #[test]
    fn markers_are_found_and_split_into_both_sides() {
        let text = "(\n  a: 1,\n<<<<<<< HEAD\n  b: 2,\n=======\n  b: 3,\n>>>>>>> origin/main\n)\n";
        assert_eq!(conflict_marker_line(text), Some(3));
        let (ours, theirs) = sides_of_conflict(text);
        assert_eq!(ours, "(\n  a: 1,\n  b: 2,\n)\n");
        assert_eq!(theirs, "(\n  a: 1,\n  b: 3,\n)\n");
        assert_eq!(conflict_marker_line("(\n  note: \"=======\",\n)\n"), None);
    }
}
