//! The command line: batch work over the same library calls the app uses.

use crate::export;
use crate::import;
use crate::model::{Manifest, PersonId, ProblemKind};
use crate::stats;
use crate::store::{FileKey, ProjectDir, Scope};
use anyhow::{Context, anyhow, bail};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "naql",
    version,
    about = "Tag quotes, speakers and topics in right-to-left news articles",
    long_about = "Naql: tag quotes, their speakers and their topics in Persian and Arabic news \
                  articles, and review them. A project is a folder of RON files; spans are \
                  [start, end) offsets in Unicode chars of the verbatim article text."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Open PROJECT in the window (`naql` alone opens the last project, or the sample).
    Open {
        project: PathBuf,
        /// Show this document first (its id, as `naql stats` and exports name it).
        #[arg(long)]
        document: Option<String>,
        /// Who codes in this window (their quotes go to `annotations/ID.ron`), instead of the
        /// person this computer remembers: for shared lab computers and scripts.
        #[arg(long, value_name = "ID")]
        coder: Option<String>,
        /// The coder's name, shown to the team; the id if not given.
        #[arg(long, requires = "coder")]
        name: Option<String>,
    },
    /// Create an empty project in DIR (which must not exist or be empty).
    New {
        dir: PathBuf,
        /// The project's title; the folder name if not given.
        #[arg(long)]
        title: Option<String>,
    },
    /// Import articles into PROJECT: .txt files, tables with an article a row (.csv, .tsv,
    /// .jsonl, .json, .xlsx), and web pages saved from news sites (.html). Folders are searched
    /// recursively. A table's columns (or keys) are found by their usual names (text, content
    /// or body; title or headline; date or published; id; source; url; language) unless given;
    /// its other columns are kept as the documents' metadata.
    Import {
        project: PathBuf,
        #[arg(required = true, value_name = "FILE_OR_DIR")]
        paths: Vec<PathBuf>,
        /// Record the new documents as this person's (in `people/ID.ron`), as the window does;
        /// without it they go to `project.ron`, which suits one person's project only.
        #[arg(long, value_name = "ID")]
        coder: Option<String>,
        /// The column (or JSON key) holding the article's text.
        #[arg(long, value_name = "NAME")]
        text_column: Option<String>,
        /// The column holding the title (else the text's first line).
        #[arg(long, value_name = "NAME")]
        title_column: Option<String>,
        /// The column holding the publication date (ISO, Jalali «۲۹ مرداد ۱۴۰۴», 1404/05/29,
        /// "August 2, 2023"; digits in any script).
        #[arg(long, value_name = "NAME")]
        date_column: Option<String>,
        /// The column holding the document's id (made of ASCII letters, digits, - and _).
        #[arg(long, value_name = "NAME")]
        id_column: Option<String>,
        /// The column naming the source (the outlet).
        #[arg(long, value_name = "NAME")]
        source_column: Option<String>,
        /// The column holding the article's URL.
        #[arg(long, value_name = "NAME")]
        url_column: Option<String>,
        /// The column naming the language (fa, ar, Persian, Arabic…); else detected.
        #[arg(long, value_name = "NAME")]
        language_column: Option<String>,
    },
    /// Merge what sync tools and git left half-done: conflict copies beside a layer or people
    /// file, and files with git conflict markers. Every quote and review of both sides is
    /// kept (the newer `modified` wins where both changed one), every registry change of both
    /// sides too; the copies are moved to `.naql/resolved/`. Prints what it decided.
    Resolve { project: PathBuf },
    /// Validate PROJECT; exits non-zero and lists the problems if there are any.
    Check { project: PathBuf },
    /// Export every quote, one row each.
    Export {
        project: PathBuf,
        /// csv and jsonl: one row per quote. doccano, label-studio and brat: the texts with
        /// their quotes, for those tools (README describes each mapping).
        #[arg(long, value_enum)]
        format: export::Format,
        /// Write here instead of standard output (for brat: the folder to write; required).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Start the CSV with a byte-order mark, so that Excel shows Persian and Arabic correctly.
        #[arg(long)]
        bom: bool,
        /// doccano, label-studio, brat: only these coders' quotes (repeat the flag); everyone's
        /// by default (Label Studio keeps one annotation per coder; doccano and brat put them
        /// together).
        #[arg(long = "coder", value_name = "ID")]
        coders: Vec<String>,
    },
    /// Import annotations made in doccano or Label Studio as PERSON's layer: each span becomes
    /// a quote; labels map to kinds and topics (`--map`, and Naql's own `direct`, `topic:ID`,
    /// `speaker:ID`, `cue`); texts not in the project become documents. Spans whose offsets do
    /// not give their text are reported and left out.
    ImportAnnotations {
        project: PathBuf,
        file: PathBuf,
        #[arg(long, value_enum)]
        from: AnnotationsFrom,
        /// The person whose layer the quotes go to (added to the project if new).
        #[arg(long = "as", value_name = "PERSON")]
        person: String,
        /// LABEL=topic:ID, LABEL=kind:direct|indirect|mixed, LABEL=speaker:ID, LABEL=speaker,
        /// LABEL=cue (repeat the flag). A label with no mapping makes a quote with no topic.
        #[arg(long = "map", value_name = "LABEL=TARGET")]
        map: Vec<String>,
    },
    /// Rewrite the manifest and layers of PROJECT in canonical form (after editing them by
    /// hand); only files whose bytes change are written.
    Format { project: PathBuf },
    /// Count documents, and quotes per coder, speaker, topic and kind.
    Stats { project: PathBuf },
    /// Measure agreement between coders: Krippendorff's alpha (and Cohen's kappa for two coders)
    /// for quote boundaries, speaker, kind and each topic, overall and per document.
    Agree {
        project: PathBuf,
        /// The coders to compare, e.g. `sara,omid`; by default every person with quotes except
        /// the curated layer.
        #[arg(long, value_delimiter = ',')]
        coders: Vec<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        /// Also write the reliability data matrix (units × coders, per variable) as CSV here.
        #[arg(long)]
        matrix: Option<PathBuf>,
    },
    /// Lay out a text file as the article view does and print, for each paragraph, its
    /// direction and each line's chars in screen order (for diagnosis, and for checking against
    /// other bidi implementations such as FriBidi).
    Layout {
        file: PathBuf,
        /// Column width in points.
        #[arg(long)]
        width: f32,
        /// Font size in points.
        #[arg(long, default_value_t = 17.0)]
        font_size: f32,
        /// Print JSON: {"paragraphs":[{"direction":"rtl"|"ltr","lines":[{"start","end","visual"}]}]}.
        #[arg(long)]
        json: bool,
    },
    /// Propose quotes, cues and speakers (the rules of `suggest`, extended by what the
    /// project's coders have marked), or score those proposals against a coder's quotes.
    Suggest {
        project: PathBuf,
        /// Only these documents (repeat the flag for several); all by default.
        #[arg(long = "document", value_name = "ID")]
        documents: Vec<String>,
        /// Print JSON Lines, one suggestion a line: {"document", "start", "end", "text",
        /// "kind", "cue": [start, end] or null, "mention": [start, end] or null, "speaker",
        /// "score"} (char offsets, as everywhere).
        #[arg(long)]
        json: bool,
        /// Leave out suggestions scoring below this (0..1).
        #[arg(long, default_value_t = crate::suggest::DEFAULT_THRESHOLD)]
        threshold: f32,
        /// Instead of printing suggestions, score them against this coder's layer, each
        /// document held out in turn: precision, recall and F1 at overlap and exact level,
        /// and cue, mention and speaker accuracy.
        #[arg(long, value_name = "CODER")]
        evaluate: Option<String>,
    },
    /// Write a copy of the bundled sample project (five articles, a codebook, speakers and a
    /// coded layer) to DIR, by default the user's data folder; prints where it is.
    Sample { dir: Option<PathBuf> },
}

/// The tools `naql import-annotations` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AnnotationsFrom {
    Doccano,
    LabelStudio,
}

/// Runs a subcommand. `Err` carries the message for the user; `Ok` the exit code.
pub fn run(command: CliCommand) -> anyhow::Result<ExitCode> {
    match command {
        CliCommand::Open { .. } => Err(anyhow!(
            "`naql open` needs the window; run it from the binary"
        )),
        CliCommand::New { dir, title } => new(&dir, title),
        CliCommand::Import {
            project,
            paths,
            coder,
            text_column,
            title_column,
            date_column,
            id_column,
            source_column,
            url_column,
            language_column,
        } => {
            let columns = import::Columns {
                text: text_column,
                title: title_column,
                date: date_column,
                source: source_column,
                url: url_column,
                language: language_column,
                id: id_column,
            };
            import(&project, &paths, coder, &columns)
        }
        CliCommand::Resolve { project } => resolve(&project),
        CliCommand::Check { project } => check(&project),
        CliCommand::Export {
            project,
            format,
            out,
            bom,
            coders,
        } => export(&project, format, out.as_deref(), bom, &coders),
        CliCommand::ImportAnnotations {
            project,
            file,
            from,
            person,
            map,
        } => import_annotations(&project, &file, from, &person, &map),
        CliCommand::Format { project } => {
            let mut loaded = ProjectDir::open(&project)?;
            let written = loaded.dir.save_all(&mut loaded.project)?;
            for file in &written {
                println!("rewrote {file}");
            }
            println!("{} files rewritten", written.len());
            Ok(ExitCode::SUCCESS)
        }
        CliCommand::Stats { project } => {
            let loaded = ProjectDir::open(&project)?;
            print!("{}", stats::render(&stats::compute(&loaded.project)));
            Ok(ExitCode::SUCCESS)
        }
        CliCommand::Agree {
            project,
            coders,
            json,
            matrix,
        } => agree(&project, coders, json, matrix.as_deref()),
        CliCommand::Suggest {
            project,
            documents,
            json,
            threshold,
            evaluate,
        } => suggest(&project, &documents, json, threshold, evaluate),
        CliCommand::Layout {
            file,
            width,
            font_size,
            json,
        } => layout(&file, width, font_size, json),
        CliCommand::Sample { dir } => {
            let dir = match dir {
                Some(d) => d,
                None => crate::sample::default_location()
                    .context("no data folder is known for this user; give a folder")?,
            };
            crate::sample::install(&dir)?;
            println!("{}", dir.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// A command's big data (a loaded project, its millions of quotes) left for the process's end
/// to let go of: freeing two million quotes one by one took a tenth of `naql check`.
fn kept_until_exit<T>(value: T) -> &'static mut T {
    Box::leak(Box::new(value))
}

fn agree(
    project: &Path,
    coders: Vec<String>,
    json: bool,
    matrix: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    // Agreement counts every quote as coded, orphaned or not: no text is read, and only the
    // named coders' layers.
    let coders: Vec<PersonId> = coders.iter().map(|c| PersonId::new(c.trim())).collect();
    let scope = Scope {
        layers: (!coders.is_empty()).then(|| coders.clone()),
        quick: true,
        ..Scope::default()
    };
    let loaded = kept_until_exit(ProjectDir::open_scoped(project, &scope)?);
    let p = &loaded.project;
    let coders: Vec<PersonId> = if coders.is_empty() {
        crate::agree::default_coders(p)
    } else {
        coders
    };
    for c in &coders {
        if !p.layers.contains_key(c) {
            let known: Vec<&str> = p.layers.keys().map(|k| k.as_str()).collect();
            bail!(
                "{}: no layer of {:?} (layers: {})",
                project.display(),
                c.as_str(),
                known.join(", ")
            );
        }
    }
    if coders.len() < 2 {
        bail!(
            "{}: agreement needs two or more coders with quotes; found {}",
            project.display(),
            coders.len()
        );
    }
    let bar = ProgressBar::new(0).with_style(
        ProgressStyle::with_template("measuring {bar:40} {pos}/{len} documents")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = crate::agree::measure_with_progress(p, &coders, None, &|done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    if json {
        let text = serde_json::to_string_pretty(&report)?;
        println!("{text}");
    } else {
        print!("{}", crate::agree::render(&report));
    }
    if let Some(path) = matrix {
        let file = File::create(path).with_context(|| path.display().to_string())?;
        let mut out = BufWriter::new(file);
        export::write_reliability_matrix(p, &coders, &mut out)
            .with_context(|| path.display().to_string())?;
        eprintln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn suggest(
    project: &Path,
    documents: &[String],
    json: bool,
    threshold: f32,
    evaluate: Option<String>,
) -> anyhow::Result<ExitCode> {
    use crate::suggest::{Suggester, evaluate};
    let loaded = ProjectDir::open(project)?;
    let p = &loaded.project;
    let rejections = crate::store::suggestions::read_all(project);
    if let Some(coder) = evaluate {
        let coder = PersonId::new(coder.trim());
        let report = evaluate::leave_one_out(p, &coder, threshold, &rejections)
            .with_context(|| format!("{}: no layer of {:?}", project.display(), coder.as_str()))?;
        if json {
            let text = serde_json::to_string_pretty(&report)?;
            println!("{text}");
        } else {
            print!("{}", evaluate::render(&report));
        }
        return Ok(ExitCode::SUCCESS);
    }
    for d in documents {
        if !p
            .texts
            .contains_key(&crate::model::DocumentId::new(d.as_str()))
        {
            bail!("{}: no document {d:?}", project.display());
        }
    }
    let suggester = Suggester::learn(p, None, &rejections);
    let docs: Vec<&crate::model::Document> = p
        .manifest
        .documents
        .iter()
        .filter(|d| documents.is_empty() || documents.iter().any(|x| x == d.id.as_str()))
        .collect();
    let bar = ProgressBar::new(docs.len() as u64).with_style(
        ProgressStyle::with_template("suggesting {bar:40} {pos}/{len} documents")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let found = crate::parallel::map(&docs, |d| {
        let text = p.texts.read(&d.id).unwrap_or_default();
        let s = suggester.suggest(&d.id, &text, d.language);
        bar.inc(1);
        (text, s)
    });
    bar.finish_and_clear();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut count = 0;
    for (text, suggestions) in &found {
        let text = &**text;
        let index = crate::model::CharIndex::new(text);
        for s in suggestions.iter().filter(|s| s.score >= threshold) {
            count += 1;
            let line = crate::suggest::to_json(s, &index, text);
            let written = if json {
                writeln!(out, "{line}")
            } else {
                writeln!(
                    out,
                    "{}\t{}..{}\t{:?}\t{:.2}\t{}\t{}",
                    s.document,
                    s.span.start,
                    s.span.end,
                    s.kind,
                    s.score,
                    s.speaker.as_ref().map_or("-", |x| x.as_str()),
                    index.slice(text, s.span).unwrap_or("")
                )
            };
            written?;
        }
    }
    out.flush()?;
    if !json {
        eprintln!("{count} suggestions at or above {threshold:.2}");
    }
    Ok(ExitCode::SUCCESS)
}

fn new(dir: &Path, title: Option<String>) -> anyhow::Result<ExitCode> {
    let title = title.unwrap_or_else(|| {
        dir.file_name().map_or_else(
            || "Naql project".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        )
    });
    ProjectDir::create(dir, Manifest::new(title))?;
    println!("created {}", dir.display());
    Ok(ExitCode::SUCCESS)
}

fn resolve(project: &Path) -> anyhow::Result<ExitCode> {
    let report = crate::store::resolve::resolve(project)?;
    for line in &report {
        println!("{line}");
    }
    if report.is_empty() {
        println!("{}: nothing to resolve", project.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    project: &Path,
    paths: &[PathBuf],
    coder: Option<String>,
    columns: &import::Columns,
) -> anyhow::Result<ExitCode> {
    let mut loaded = ProjectDir::open(project)?;
    loaded.dir.set_owner(coder.map(PersonId::new));
    let files = import::collect_files(paths);
    if files.is_empty() {
        bail!(
            "no articles found in the given paths (.txt, .csv, .tsv, .jsonl, .json, .xlsx, .html)"
        );
    }
    let bar = ProgressBar::new(files.len() as u64).with_style(
        ProgressStyle::with_template("importing {bar:40} {pos}/{len} articles {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = import::import_files(
        &mut loaded.dir,
        &mut loaded.project,
        &files,
        columns,
        &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        },
    )?;
    bar.finish_and_clear();
    for (path, id) in &report.imported {
        println!("imported {} as {id}", path.display());
    }
    for (path, id) in &report.duplicates {
        println!("skipped {}: same text as document {id}", path.display());
    }
    for (path, why) in &report.refused {
        eprintln!("refused {}: {why}", path.display());
    }
    for (path, why) in &report.skipped {
        eprintln!("left out of {}: {why}", path.display());
    }
    if report.adopted > 0 {
        println!(
            "{} of them had been stored by an import that did not finish, and are adopted",
            report.adopted
        );
    }
    println!(
        "{} imported, {} duplicates skipped, {} refused",
        report.imported.len(),
        report.duplicates.len(),
        report.refused.len()
    );
    Ok(if report.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn check(project: &Path) -> anyhow::Result<ExitCode> {
    // The full check also verifies every text's SHA-256, which opening in the app skips.
    let loaded = kept_until_exit(ProjectDir::open_with(project, true)?);
    let problems = &loaded.problems;
    let quotes = loaded.project.quotes().count();
    let docs = loaded.project.manifest.documents.len();
    if problems.is_empty() {
        println!(
            "{}: ok ({docs} documents, {quotes} quotes)",
            project.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for p in problems {
        let tag = match p.kind {
            ProblemKind::Invalid => "error",
            ProblemKind::Orphan(_) => "orphan",
            ProblemKind::Conflict => "conflict",
            ProblemKind::Stray => "stray",
        };
        println!("{tag}: {}", p);
    }
    println!(
        "{}: {} problems ({docs} documents, {quotes} quotes)",
        project.display(),
        problems.len()
    );
    Ok(ExitCode::from(1))
}

fn export(
    project: &Path,
    format: export::Format,
    out: Option<&Path>,
    bom: bool,
    coders: &[String],
) -> anyhow::Result<ExitCode> {
    let coders: Vec<PersonId> = coders.iter().map(|c| PersonId::new(c.trim())).collect();
    // Every layer: the rows carry the editors' verdicts, which are in the editors' layers.
    let loaded = kept_until_exit(ProjectDir::open(project)?);
    for c in &coders {
        if !loaded.project.layers.contains_key(c) {
            bail!("{}: no layer of {:?}", project.display(), c.as_str());
        }
    }
    let p = &loaded.project;
    match format {
        export::Format::Brat => {
            let folder = out.context("--format brat needs --out FOLDER")?;
            let n = crate::exchange::brat::write(p, &coders, folder)
                .with_context(|| folder.display().to_string())?;
            eprintln!(
                "{n} documents written to {} (.txt and .ann, with annotation.conf)",
                folder.display()
            );
            return Ok(ExitCode::SUCCESS);
        }
        export::Format::Doccano | export::Format::LabelStudio => {
            let mut bytes = Vec::new();
            let n = if format == export::Format::Doccano {
                crate::exchange::doccano::write(p, &coders, &mut bytes)
            } else {
                crate::exchange::label_studio::write(p, &coders, &mut bytes)
            }
            .context("export failed")?;
            match out {
                Some(path) => {
                    crate::store::atomic::write_atomic(path, &bytes)
                        .with_context(|| path.display().to_string())?;
                    eprintln!("{n} documents written to {}", path.display());
                }
                None => io::stdout().write_all(&bytes).context("export failed")?,
            }
            return Ok(ExitCode::SUCCESS);
        }
        export::Format::Csv | export::Format::Jsonl => {}
    }
    // Rows are made as they are written, not held (0.6 GB at 2,000,000 quotes).
    let rows = loaded.project.quotes().count();
    let mut sink: Box<dyn Write> = match out {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| path.display().to_string())?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let written = match format {
        export::Format::Csv => export::write_csv(export::each_row(&loaded.project), &mut sink, bom),
        _ => export::write_jsonl(export::each_row(&loaded.project), &mut sink),
    };
    written.context("export failed")?;
    if let Some(path) = out {
        eprintln!("{rows} quotes written to {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn import_annotations(
    project: &Path,
    file: &Path,
    from: AnnotationsFrom,
    person: &str,
    map: &[String],
) -> anyhow::Result<ExitCode> {
    use crate::exchange::{LabelMap, doccano, label_studio, to_quotes};
    let person = PersonId::new(person.trim());
    if !crate::model::ids::is_valid_file_id(person.as_str()) {
        bail!(
            "--as {:?}: a person's id is ASCII letters, digits, - and _",
            person.as_str()
        );
    }
    // The person's own layer is all that is written; the others are not read, nor the
    // texts (the foreign file brings its own, matched to the project's by SHA-256).
    let scope = Scope {
        layers: Some(vec![person.clone()]),
        quick: true,
        ..Scope::default()
    };
    let loaded = kept_until_exit(ProjectDir::open_scoped(project, &scope)?);
    loaded.dir.set_owner(Some(person.clone()));
    let map = LabelMap::parse(map, &loaded.project)?;
    let bytes = std::fs::read(file).with_context(|| file.display().to_string())?;
    // Read and checked whole before anything is written: a bad file leaves the project as it is.
    // The file's bytes are read as its text where they lie, and let go of once read; its
    // documents once their quotes are made: held to the end, they were a third of the peak
    // (half a gigabyte each in a big export).
    let docs = match from {
        AnnotationsFrom::Doccano => doccano::read(&bytes),
        AnnotationsFrom::LabelStudio => label_studio::read(&bytes),
    }
    .with_context(|| file.display().to_string())?;
    drop(bytes);
    let imported = kept_until_exit(to_quotes(&loaded.project, &docs, &person, &map));
    drop(docs);
    // Their half a gigabyte of small allocations goes back to the system before the layer's
    // bytes are made (glibc would keep it, and the layer's 250 MB would come on top).
    crate::memory::give_back();
    let p = &mut loaded.project;
    let new_texts: Vec<(&str, &str)> = imported
        .new_documents
        .iter()
        .map(|(d, t)| (d.id.as_str(), t.as_str()))
        .collect();
    loaded.dir.write_articles(&new_texts)?;
    for (d, text) in &imported.new_documents {
        if !p.manifest.languages.contains(&d.language) {
            p.manifest.languages.push(d.language);
        }
        std::sync::Arc::make_mut(&mut p.manifest.documents).push(d.clone());
        p.texts.written(d.id.clone(), text.as_str());
    }
    if !p.manifest.people.iter().any(|x| x.id == person) {
        p.manifest.people.push(crate::model::Person {
            id: person.clone(),
            name: person.to_string(),
        });
    }
    let quotes = imported.quotes.len();
    let layer = p.layer_or_new(&person);
    layer.quotes.append(&mut imported.quotes);
    loaded
        .dir
        .save(p, &[FileKey::Manifest, FileKey::Layer(person.clone())])?;
    for why in &imported.problems {
        eprintln!("{}: {why}", file.display());
    }
    for (label, n) in &imported.unmapped {
        eprintln!(
            "label {label:?} ({n} spans) maps to no topic or kind: those quotes have none (give --map {label}=topic:ID)"
        );
    }
    if imported.utf16_spans > 0 {
        println!(
            "{} spans counted in UTF-16 units (a Label Studio export from before 2022), read as such",
            imported.utf16_spans
        );
    }
    println!(
        "{} quotes imported as {person}'s; {} new documents; {} spans left out",
        quotes,
        imported.new_documents.len(),
        imported.problems.len()
    );
    Ok(if imported.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn layout(file: &Path, width: f32, font_size: f32, json: bool) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| file.display().to_string())?;
    // Offsets count chars of the text as stored; a BOM is not part of it.
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        anyhow!(
            "{}: not valid UTF-8 at byte {}",
            file.display(),
            e.valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let style = crate::text::TextStyle {
        size: font_size,
        ..Default::default()
    };
    let doc = crate::text::TextEngine::new().layout(text, &style, width);
    let order = doc.visual_order();
    if json {
        let out = serde_json::json!({ "paragraphs": order });
        println!("{out}");
    } else {
        let chars: Vec<char> = text.chars().collect();
        for p in &order {
            for l in &p.lines {
                let shown: String = l.visual.iter().filter_map(|&i| chars.get(i)).collect();
                println!("{} {:>6}..{:<6} {shown}", p.direction, l.start, l.end);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
