//! The real window under Xvfb, driven as a person drives it (xdotool) and read through the
//! system clipboard (xclip): what egui_kittest cannot reach. A Persian word double-clicked in
//! article 002 and copied with Ctrl+C is on the system clipboard; a Persian note put on the
//! clipboard and pasted with Ctrl+V into the note field is in the coder's layer file after
//! Ctrl+S.
//!
//! Ignored by a plain `cargo test` (it needs Debian's `xvfb`, `xdotool` and `xclip`, and a CPU
//! renderer, `mesa-vulkan-drivers`); `.ci/run` installs them and runs it with
//! `cargo test --test integration -- --ignored real_window`.

use naql::store::ProjectDir;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ARTICLE: &str = "002_c6b224872927b575";
const NOTE: &str = "این نقل قول از توییت Kayhan London است";

/// Children killed when the test ends, however it ends.
struct Reaper(Vec<Child>);

impl Drop for Reaper {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn run(display: &str, program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("{program} runs ({e}): apt-get install xvfb xdotool xclip"))
}

/// An X server on a display number it chooses itself, ready for clients.
///
/// Xvfb picks the number (`-displayfd`) rather than the test: a number the test picked by
/// looking for free lock files could be taken by another X server in the same moment (two CI
/// jobs on one machine), and then the window would connect to, or fail on, a server that is
/// not this test's. Xvfb writes the number only once it takes connections.
fn start_xvfb(reaper: &mut Reaper, log: &Path) -> String {
    use std::io::BufRead;
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(log).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("Xvfb runs ({e}): apt-get install xvfb"));
    let stdout = xvfb.stdout.take().unwrap();
    reaper.0.push(xvfb);
    // A reader thread, so that a server that never answers fails the test after a deadline
    // instead of blocking it.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
    let n: u32 = line.trim().parse().unwrap_or_else(|_| {
        panic!(
            "Xvfb gave no display number ({line:?}): {}",
            std::fs::read_to_string(log).unwrap_or_default()
        )
    });
    format!(":{n}")
}

/// The id of Naql's window, once it is mapped and has drawn a few frames.
/// A window that exits before it draws is an error, to be described and tried again.
fn wait_for_window(display: &str, naql: &mut Child, log: &Path) -> Result<String, String> {
    let until = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(Some(status)) = naql.try_wait() {
            return Err(format!(
                "naql exited ({status}): {}",
                std::fs::read_to_string(log).unwrap_or_default()
            ));
        }
        let out = run(
            display,
            "xdotool",
            &["search", "--onlyvisible", "--name", "Naql"],
        );
        if let Some(id) = String::from_utf8_lossy(&out.stdout).lines().next() {
            // The title names the project once it is open: the window is drawing.
            let name = run(display, "xdotool", &["getwindowname", id]);
            if String::from_utf8_lossy(&name.stdout).contains("— tester — Naql") {
                std::thread::sleep(Duration::from_secs(3));
                return Ok(id.to_owned());
            }
        }
        assert!(
            Instant::now() < until,
            "no Naql window: {}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn key(display: &str, keys: &str) {
    let out = run(display, "xdotool", &["key", "--clearmodifiers", keys]);
    assert!(out.status.success(), "xdotool key {keys}");
    std::thread::sleep(Duration::from_millis(400));
}

/// What the system clipboard holds (nothing when nobody owns it).
fn clipboard(display: &str) -> String {
    let out = run(display, "xclip", &["-o", "-selection", "clipboard"]);
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn arabic_script(s: &str) -> bool {
    s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// A screenshot for a person to look at when the test fails.
fn screenshot(display: &str, name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = run(
        display,
        "import",
        &["-window", "root", path.to_str().unwrap_or_default()],
    );
    path
}

#[test]
#[ignore = "needs Xvfb, xdotool and xclip (Debian: xvfb xdotool xclip); .ci/run runs it"]
fn copy_from_the_article_and_paste_into_the_note_through_the_system_clipboard() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("belarus-iran");
    naql::sample::install(&root).unwrap();
    // A home of its own: no remembered project, preferences or portal of the machine's.
    let home = tmp.path().join("home");
    let runtime = tmp.path().join("run");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&runtime).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700)).unwrap();
    }

    // A launch that never answers the keyboard (seen now and then on CI's cold first start,
    // and not understood yet), or that exits before it draws (once on CI: "Failed to open
    // connection to X server"), is killed and started again on a new X server, up to three
    // times; each failure is described. Without the system clipboard every launch fails, so the test still fails.
    let mut failures: Vec<String> = Vec::new();
    let (mut reaper, display, word) = loop {
        let mut reaper = Reaper(Vec::new());
        let xvfb_log = tmp.path().join(format!("xvfb-{}.log", failures.len()));
        let display = start_xvfb(&mut reaper, &xvfb_log);
        let log = tmp.path().join(format!("naql-{}.log", failures.len()));
        let naql = Command::new(env!("CARGO_BIN_EXE_naql"))
            .args(["open", root.to_str().unwrap(), "--document", ARTICLE])
            .args(["--coder", "tester"])
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        reaper.0.push(naql);
        let window = match wait_for_window(&display, reaper.0.last_mut().unwrap(), &log) {
            Ok(window) => window,
            Err(why) => {
                failures.push(format!(
                    "{why}; Xvfb on {display} said: {}",
                    std::fs::read_to_string(&xvfb_log).unwrap_or_default()
                ));
                assert!(failures.len() < 3, "{failures:#?}");
                eprintln!(
                    "launch {} of naql failed; starting again: {why}",
                    failures.len()
                );
                continue;
            }
        };
        // No window manager gives it the keyboard: winit takes keys only once it is focused.
        let focus = run(&display, "xdotool", &["windowfocus", "--sync", &window]);
        assert!(focus.status.success(), "xdotool windowfocus");
        let geometry = run(
            &display,
            "xdotool",
            &["getwindowgeometry", "--shell", &window],
        );
        let geometry = String::from_utf8_lossy(&geometry.stdout).into_owned();
        let value = |k: &str| -> i32 {
            geometry
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{k}=")))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0)
        };
        let (wx, wy) = (value("X"), value("Y"));

        // Double-click words of the article (between the document list and the inspector) until
        // one that is Persian or Arabic is selected, and copy it. A first start on a cold machine
        // can take a while to answer, so points are tried until a deadline, and the window is
        // given the keyboard again before each try.
        let mut copied = None;
        let mut tries = Vec::new();
        let points: Vec<(i32, i32)> = (140..420)
            .step_by(28)
            .flat_map(|y| [620, 520, 720, 420].map(|x| (x, y)))
            .collect();
        let until = Instant::now() + Duration::from_secs(60);
        for (x, y) in points.iter().cycle() {
            if Instant::now() > until {
                break;
            }
            run(&display, "xdotool", &["windowfocus", "--sync", &window]);
            let (x, y) = ((wx + x).to_string(), (wy + y).to_string());
            run(&display, "xdotool", &["mousemove", &x, &y]);
            run(
                &display,
                "xdotool",
                &["click", "--repeat", "2", "--delay", "60", "1"],
            );
            std::thread::sleep(Duration::from_millis(300));
            key(&display, "ctrl+c");
            let got = clipboard(&display);
            if arabic_script(&got) && !got.trim().contains(' ') {
                copied = Some(got);
                break;
            }
            tries.push(got);
        }
        // Clicks and keys of earlier tries may still be on their way on a slow start: once one
        // copy worked, let the window settle and copy again, so that the word copied is the
        // selection the quote is made from.
        if copied.is_some() {
            std::thread::sleep(Duration::from_secs(2));
            key(&display, "ctrl+c");
            let again = clipboard(&display);
            copied = Some(again).filter(|w| arabic_script(w));
        }
        if let Some(word) = copied {
            break (reaper, display, word);
        }
        let shot = screenshot(
            &display,
            &format!("real_window_copy_{}.png", failures.len()),
        );
        let focus = run(&display, "xdotool", &["getwindowfocus"]);
        failures.push(format!(
            "Ctrl+C put no Persian word on the system clipboard in {} tries (clipboard after \
             each: {:?}; focus on {} where the window is {window}; screenshot: {}); naql said: {}",
            tries.len(),
            tries.iter().take(8).collect::<Vec<_>>(),
            String::from_utf8_lossy(&focus.stdout).trim(),
            shot.display(),
            std::fs::read_to_string(&log).unwrap_or_default()
        ));
        assert!(failures.len() < 3, "{failures:#?}");
        eprintln!(
            "launch {} of naql did not copy; starting it again: {}",
            failures.len(),
            failures[failures.len() - 1]
        );
        drop(reaper);
    };

    // The selection becomes a quote (Q), the speaker field that takes the keyboard is left
    // (Esc), N goes to the note; the clipboard's Persian note is pasted there and saved.
    key(&display, "q");
    key(&display, "Escape");
    key(&display, "n");
    let mut xclip = Command::new("xclip")
        .args(["-selection", "clipboard", "-loops", "0"])
        .env("DISPLAY", &display)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        xclip
            .stdin
            .take()
            .unwrap()
            .write_all(NOTE.as_bytes())
            .unwrap();
    }
    reaper.0.push(xclip);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(clipboard(&display), NOTE, "xclip holds the note");
    key(&display, "ctrl+v");
    key(&display, "ctrl+s");

    let layer = root.join("annotations/tester.ron");
    let until = Instant::now() + Duration::from_secs(20);
    while !std::fs::read_to_string(&layer).is_ok_and(|t| t.contains(NOTE)) {
        if Instant::now() > until {
            let shot = screenshot(&display, "real_window_paste.png");
            panic!(
                "the pasted note is not in {} (screenshot: {}): {}",
                layer.display(),
                shot.display(),
                std::fs::read_to_string(&layer).unwrap_or_else(|e| e.to_string())
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let loaded = ProjectDir::open(&root).unwrap();
    let quotes: Vec<_> = loaded
        .project
        .quotes()
        .filter(|(p, _)| p.as_str() == "tester")
        .map(|(_, q)| q.clone())
        .collect();
    assert_eq!(quotes.len(), 1, "one quote made in the window");
    let q = &quotes[0];
    assert_eq!(q.note, NOTE, "the note is the clipboard's text, exactly");
    assert_eq!(
        q.anchor.text,
        word.trim(),
        "what Ctrl+C copied is the selection the quote was made from"
    );
    assert_eq!(q.document.as_str(), ARTICLE);
}
