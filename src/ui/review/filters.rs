//! The left column: filters, accepting what is shown in bulk, and review progress.

use super::*;

/// Combo boxes for speaker, topic, kind, coder, document and verdict, and the free-text field.
pub(super) fn filters(
    ui: &mut egui::Ui,
    project: &Project,
    filter: &mut Filter,
    index: &ReviewIndex,
    kit: &mut crate::text::TextKit,
) {
    let m = &project.manifest;
    ui.strong("Filters");
    // Words and names in Persian and Arabic: Naql's own field.
    crate::text::TextField::new(&mut filter.text, egui::Id::unique("review-text-filter"), TEXT_FILTER)
        .hint("words, names; any spelling")
        .show(ui, kit)
        .on_hover_text("Words of the quote, its speaker's names or its note; ی/ي, ک/ك, ZWNJ and digits match their variants");
    /// A filter's combo box. The options are only listed while it is open: a project's
    /// documents may be thousands, and the closed box needs the chosen one's name only.
    fn combo<T: Clone + PartialEq>(
        ui: &mut egui::Ui,
        label: &str,
        value: &mut Option<T>,
        name: impl Fn(&T) -> String,
        options: impl FnOnce() -> Vec<(T, String)>,
    ) {
        let shown = value.as_ref().map_or_else(|| "any".to_owned(), &name);
        egui::ComboBox::new(label, label)
            .selected_text(shown)
            .width(150.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(value, None, "any");
                for (o, n) in options() {
                    ui.selectable_value(value, Some(o), n);
                }
            });
    }
    combo(
        ui,
        "by speaker",
        &mut filter.speaker,
        |id| {
            m.speaker(id)
                .map_or_else(|| id.to_string(), |s| s.name.clone())
        },
        || {
            m.speakers
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect()
        },
    );
    combo(
        ui,
        "by topic",
        &mut filter.topic,
        |id| {
            m.topic(id).map_or_else(
                || id.to_string(),
                |t| crate::ui::article::latin_half(&t.name).to_owned(),
            )
        },
        || {
            m.codebook
                .topics
                .iter()
                .map(|t| {
                    (
                        t.id.clone(),
                        crate::ui::article::latin_half(&t.name).to_owned(),
                    )
                })
                .collect()
        },
    );
    combo(
        ui,
        "by kind",
        &mut filter.kind,
        |k| k.name().to_owned(),
        || {
            [QuoteKind::Direct, QuoteKind::Indirect, QuoteKind::Mixed]
                .map(|k| (k, k.name().to_owned()))
                .into()
        },
    );
    combo(
        ui,
        "by coder",
        &mut filter.coder,
        |c| person_name(project, c),
        || {
            index
                .coders
                .iter()
                .map(|c| (c.clone(), person_name(project, c)))
                .collect()
        },
    );
    combo(
        ui,
        "by document",
        &mut filter.document,
        |id| {
            m.document(id)
                .map_or_else(|| id.to_string(), |d| crate::model::shorten(&d.title, 40))
        },
        || {
            m.documents
                .iter()
                .map(|d| (d.id.clone(), crate::model::shorten(&d.title, 40)))
                .collect()
        },
    );
    combo(
        ui,
        "by verdict",
        &mut filter.status,
        |s| status_name(*s).to_owned(),
        || {
            [
                Status::Unreviewed,
                Status::Reviewed(Verdict::Accepted),
                Status::Reviewed(Verdict::Rejected),
                Status::Reviewed(Verdict::NeedsChanges),
            ]
            .map(|s| (s, status_name(s).to_owned()))
            .into()
        },
    );
    if *filter != Filter::default() && ui.button("Clear filters").clicked() {
        *filter = Filter::default();
    }
}

/// How many of the `shown` rows no editor has decided on.
pub(super) fn unreviewed_count(index: &ReviewIndex, shown: &[u32]) -> usize {
    shown
        .iter()
        .filter(|&&i| index.rows[i as usize].status == Status::Unreviewed)
        .count()
}

pub(super) fn bulk_accept(
    ui: &mut egui::Ui,
    project: &Project,
    index: &ReviewIndex,
    shown: &[u32],
    count: usize,
    editor: &PersonId,
    queue: &mut Vec<Command>,
) {
    let unreviewed = |i: &&u32| index.rows[**i as usize].status == Status::Unreviewed;
    // Counted once per change (`unreviewed_count`); the quotes are looked up on the click.
    let r = ui
        .add_enabled(
            count > 0,
            egui::Button::new(format!("Accept the {count} unreviewed shown")),
        )
        .on_hover_text("Accept every shown quote no editor has decided on yet, as one undo step");
    if r.clicked() {
        let actions: Vec<Action> = shown
            .iter()
            .filter(unreviewed)
            .filter_map(|&i| index.quote(project, i))
            .map(|q| review_action(editor, &q.id, Verdict::Accepted, ""))
            .collect();
        queue.push(Command::edit(
            Action::Batch(actions),
            &format!("accept {count} quotes"),
        ));
    }
}

/// Documents listed under "by document": the least reviewed first.
pub(super) const PROGRESS_DOCUMENTS: usize = 40;

/// The review's progress with its least reviewed documents picked out: counted once per
/// change, not sorted again each frame (a big project has 100,000 documents).
pub struct ProgressShown {
    counts: crate::review::Progress,
    least: Vec<(u32, (usize, usize))>,
    more: usize,
}

impl ProgressShown {
    pub(super) fn of(index: &ReviewIndex) -> Self {
        let mut shown = Self {
            counts: index.progress(),
            least: Vec::new(),
            more: 0,
        };
        shown.pick_least();
        shown
    }

    /// The counts after verdicts changed the status of the rows `moved` (see
    /// `ReviewIndex::refresh_status_of`), without counting every row again.
    pub(super) fn moved(&mut self, index: &ReviewIndex, moved: &[(u32, Status)]) {
        if moved.is_empty() {
            return;
        }
        self.counts.apply(index, moved);
        self.pick_least();
    }

    /// The least reviewed documents, by share reviewed (ties by place in the manifest).
    fn pick_least(&mut self) {
        let mut documents: Vec<(u32, (usize, usize))> = self
            .counts
            .per_document
            .iter()
            .map(|(d, c)| (*d, *c))
            .collect();
        let share = |(done, total): &(usize, usize)| *done as f64 / (*total).max(1) as f64;
        let order = |a: &(u32, (usize, usize)), b: &(u32, (usize, usize))| {
            share(&a.1).total_cmp(&share(&b.1)).then(a.0.cmp(&b.0))
        };
        self.more = documents.len().saturating_sub(PROGRESS_DOCUMENTS);
        if self.more > 0 {
            documents.select_nth_unstable_by(PROGRESS_DOCUMENTS, order);
            documents.truncate(PROGRESS_DOCUMENTS);
        }
        documents.sort_by(order);
        self.least = documents;
    }
}

/// Reviewed / total, overall, per coder and per document (the least reviewed documents).
pub(super) fn progress(
    ui: &mut egui::Ui,
    project: &Project,
    index: &ReviewIndex,
    shown: &ProgressShown,
) {
    let p = &shown.counts;
    ui.strong("Progress");
    let bar = |ui: &mut egui::Ui, label: String, (done, total): (usize, usize)| {
        let f = if total == 0 {
            0.0
        } else {
            done as f32 / total as f32
        };
        ui.add(egui::ProgressBar::new(f).text(format!("{label}: {done}/{total}")));
    };
    bar(ui, "reviewed".into(), (p.reviewed, p.total));
    ui.label("by coder");
    for (c, counts) in &p.per_coder {
        let name = index
            .coders
            .get(*c as usize)
            .map_or_else(String::new, |c| c.to_string());
        bar(ui, name, *counts);
    }
    ui.label("by document, least reviewed first");
    for (d, counts) in &shown.least {
        let id = project
            .manifest
            .documents
            .get(*d as usize)
            .map_or_else(String::new, |d| d.id.to_string());
        bar(ui, crate::model::shorten(&id, 14), *counts);
    }
    let more = shown.more;
    if more > 0 {
        ui.weak(format!("and {more} more documents"));
    }
}
