//! Importing the real corpus and bad inputs.

use naql::import::{collect_files, import_files};
use naql::model::{Language, Manifest};
use naql::store::ProjectDir;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common;

fn corpus() -> PathBuf {
    common::corpus_dir()
}

fn new_project(root: &Path) -> naql::store::Loaded {
    ProjectDir::create(root, Manifest::new("t")).unwrap();
    ProjectDir::open(root).unwrap()
}

#[test]
fn imports_the_five_corpus_articles_verbatim() {
    let tmp = tempfile::tempdir().unwrap();
    let mut p = new_project(tmp.path());
    let files = collect_files(&[corpus()]);
    assert_eq!(files.len(), 5);
    let mut calls = 0;
    let report = import_files(
        &mut p.dir,
        &mut p.project,
        &files,
        &Default::default(),
        &mut |_, _| calls += 1,
    )
    .unwrap();
    assert_eq!(report.imported.len(), 5, "{report:?}");
    assert!(calls >= 5, "progress is reported");

    let reloaded = ProjectDir::open(tmp.path()).unwrap();
    assert!(reloaded.problems.is_empty(), "{:?}", reloaded.problems);
    let docs = &reloaded.project.manifest.documents;
    for (file, doc) in files.iter().zip(docs.iter()) {
        let original = fs::read_to_string(file).unwrap_or_default();
        assert_eq!(
            &*reloaded.project.texts.read(&doc.id).unwrap(),
            original,
            "{} stored verbatim",
            doc.id
        );
        assert_eq!(doc.chars, original.chars().count());
    }
    let langs: Vec<Language> = docs.iter().map(|d| d.language).collect();
    use Language::*;
    assert_eq!(langs, [Persian, Persian, Persian, Arabic, Persian]);
    assert_eq!(
        docs[0].title,
        "لوکاشنکو در دیدار احمدیان: بلاروس همیشه شریک قابل اعتماد ایران بوده است"
    );
    assert_eq!(docs[0].source, "خبرگزاری میزان");
    // 001 starts with the header line ` date 2025-08-20 En`.
    assert_eq!(
        docs[1].title,
        "مذاکرات خصوصی روسای جمهور اسلامی ایران و بلاروس آغاز شد"
    );
    assert_eq!(
        docs[1].date.map(|d| d.to_string()),
        Some("2025-08-20".into())
    );

    // Importing the same texts again adds nothing.
    let mut again = ProjectDir::open(tmp.path()).unwrap();
    let report = import_files(
        &mut again.dir,
        &mut again.project,
        &files,
        &Default::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!((report.imported.len(), report.duplicates.len()), (0, 5));
}

#[test]
fn bad_inputs_are_refused_by_name_and_good_ones_decoded() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("in");
    fs::create_dir(&inputs).unwrap();
    let text = "لوکاشنکو گفت: «ما با ایران هستیم.»\n(@KayhanLondon) August 2, 2023\n";
    let write = |name: &str, bytes: &[u8]| fs::write(inputs.join(name), bytes).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        text.replace('\n', "\r\n")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    write("a_utf16.txt", &utf16);
    let mut latin1 = "خبر\n".as_bytes().to_vec();
    latin1.extend_from_slice(b"caf\xe9\n");
    write("b_invalid.txt", &latin1);
    write("c_binary.txt", b"\x7fELF\x02\x01\x01\0\0\0");
    write("d_empty.txt", b"");
    write(
        "e_bom_crlf.txt",
        &[b"\xEF\xBB\xBF".as_slice(), "سلام\r\nدنیا\r\n".as_bytes()].concat(),
    );

    let root = tmp.path().join("p");
    let mut p = new_project(&root);
    let files = collect_files(&[inputs]);
    let report = import_files(
        &mut p.dir,
        &mut p.project,
        &files,
        &Default::default(),
        &mut |_, _| {},
    )
    .unwrap();

    let refused: Vec<(String, String)> = report
        .refused
        .iter()
        .map(|(p, why)| {
            (
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                why.clone(),
            )
        })
        .collect();
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert_eq!(refused[0].0, "b_invalid.txt");
    assert!(
        refused[0].1.contains("line 2") && refused[0].1.contains("byte 10"),
        "{}",
        refused[0].1
    );
    assert_eq!(refused[1].0, "c_binary.txt");
    assert!(refused[1].1.contains("binary"), "{}", refused[1].1);
    assert_eq!(refused[2].0, "d_empty.txt");
    assert!(refused[2].1.contains("empty"), "{}", refused[2].1);

    let texts: Vec<String> = p
        .project
        .texts
        .ids()
        .map(|id| p.project.texts.read(id).unwrap().to_string())
        .collect();
    assert_eq!(texts, [text.to_owned(), "سلام\nدنیا\n".to_owned()]);
}
