//! The verdict bar and keys: accept, reject, needs changes, a comment; J/K to move.

use super::*;

/// The editor's own review of a quote, if they gave one.
pub(super) fn own_review<'p>(
    project: &'p Project,
    editor: &PersonId,
    id: &QuoteId,
) -> Option<&'p Review> {
    project.layers.get(editor)?.reviews_of(id).first()
}

pub(super) fn review_action(
    editor: &PersonId,
    id: &QuoteId,
    verdict: Verdict,
    comment: &str,
) -> Action {
    Action::SetReview {
        editor: editor.clone(),
        quote: id.clone(),
        review: Some(Review {
            quote: id.clone(),
            verdict,
            comment: comment.trim().to_owned(),
            editor: editor.clone(),
            time: jiff::Timestamp::now(),
        }),
    }
}

pub(super) fn decide(editor: &PersonId, id: &QuoteId, verdict: Verdict, comment: &str) -> Command {
    Command::edit(
        review_action(editor, id, verdict, comment),
        &format!("{} a quote", verdict_verb(verdict)),
    )
}

pub(super) fn verdict_verb(v: Verdict) -> &'static str {
    match v {
        Verdict::Accepted => "accept",
        Verdict::Rejected => "reject",
        Verdict::NeedsChanges => "ask changes to",
    }
}

/// J/K move through the shown rows; A/R/N decide on the current one.
pub(super) fn keys(
    ctx: &egui::Context,
    project: &Project,
    index: &ReviewIndex,
    state: &mut ReviewState,
    editor: &PersonId,
    queue: &mut Vec<Command>,
) {
    let quotes_revision = state.index_revision;
    let none = egui::Modifiers::NONE;
    let (next, prev, accept, reject, needs) = ctx.input_mut(|i| {
        (
            i.consume_key(none, Key::J),
            i.consume_key(none, Key::K),
            i.consume_key(none, Key::A),
            i.consume_key(none, Key::R),
            i.consume_key(none, Key::N),
        )
    });
    // A verdict by key, then on to the next quote, as in a queue of decisions; the buttons
    // stay on the quote (to read it again, or add a comment).
    let mut decided = false;
    for (pressed, verdict) in [
        (accept, Verdict::Accepted),
        (reject, Verdict::Rejected),
        (needs, Verdict::NeedsChanges),
    ] {
        if let (true, Some(id)) = (pressed, &state.current) {
            queue.push(decide(editor, id, verdict, &state.comment));
            decided = true;
        }
    }
    let next = next || decided;
    if next || prev {
        let row = match state.current_row {
            Some((r, row)) if r == quotes_revision => Some(row),
            // After a rebuild (or a quote chosen elsewhere): find it once by id.
            _ => state
                .current
                .as_ref()
                .and_then(|id| index.row_of(project, id)),
        };
        let position = row.and_then(|row| state.shown.iter().position(|&i| i == row));
        let len = state.shown.len() as isize;
        if len > 0 {
            let at = match position {
                Some(p) => (p as isize + if next { 1 } else { -1 }).clamp(0, len - 1),
                None => 0,
            };
            let row_index = state.shown[at as usize];
            if let Some(q) = index.quote(project, row_index) {
                queue.push(Command::SelectQuote(Some(q.id.clone())));
                state.current = Some(q.id.clone());
                state.current_row = Some((quotes_revision, row_index));
            }
        }
    }
}

/// Accept / reject / needs changes for the current quote, the comment, and what others said.
/// The current quote's verdicts: the editor's own, and every editor's as a line of text. Looked
/// up once per change, not every frame (an editor's layer may hold thousands of reviews).
#[derive(Clone, Default)]
pub struct Verdicts {
    mine: Option<Verdict>,
    lines: Vec<String>,
}

pub(super) fn verdicts_of(project: &Project, editor: &PersonId, id: &QuoteId) -> Verdicts {
    Verdicts {
        mine: own_review(project, editor, id).map(|r| r.verdict),
        lines: project
            .layers
            .values()
            .flat_map(|l| l.reviews_of(id))
            .map(|r| {
                let comment = if r.comment.is_empty() {
                    String::new()
                } else {
                    format!(": {}", r.comment)
                };
                format!(
                    "{} — {}{comment}",
                    person_name(project, &r.editor),
                    r.verdict.name()
                )
            })
            .collect(),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn verdict_bar(
    ui: &mut egui::Ui,
    project: &Project,
    editor: &PersonId,
    revision: u64,
    state: &mut ReviewState,
    kit: &mut crate::text::TextKit,
    queue: &mut Vec<Command>,
) {
    let Some(id) = state.current.clone() else {
        ui.label("Select a quote in the table (or press J) to review it in its article.");
        return;
    };
    let verdicts = state
        .verdicts
        .get_or_make((revision, id.clone()), |_| {
            verdicts_of(project, editor, &id)
        })
        .clone();
    ui.horizontal(|ui| {
        for (verdict, label, key) in [
            (Verdict::Accepted, "Accept", "A"),
            (Verdict::Rejected, "Reject", "R"),
            (Verdict::NeedsChanges, "Needs changes", "N"),
        ] {
            let mine = verdicts.mine == Some(verdict);
            let r = ui
                .selectable_label(mine, label)
                .on_hover_text(format!("{key}: {label} (with the comment)"));
            if r.clicked() {
                queue.push(decide(editor, &id, verdict, &state.comment));
            }
        }
        // Comments are Persian with names and numbers: Naql's own field.
        ui.label("comment (optional: why)");
        crate::text::TextField::new(
            &mut state.comment,
            egui::Id::unique("review-comment"),
            COMMENT_FIELD,
        )
        .width((ui.available_width() - 90.0).max(120.0))
        .own_undo()
        .show(ui, kit);
        if verdicts.mine.is_some() && ui.button("Withdraw").clicked() {
            queue.push(Command::edit(
                Action::SetReview {
                    editor: editor.clone(),
                    quote: id.clone(),
                    review: None,
                },
                "withdraw a verdict",
            ));
        }
    });
    if !verdicts.lines.is_empty() {
        ui.label(verdicts.lines.join(" · "));
    }
}
