//! A text field on Naql's own text engine, for wherever people type Persian or Arabic: egui's
//! `TextEdit` reorders a mixed line before wrapping it and never right-aligns, so a Persian
//! note with a Latin name reads in the wrong order.
//!
//! parley's `PlainEditor` keeps the text, the selection and the IME preedit, and does the
//! editing (grapheme deletes, word moves, caret moves in visual order, hit testing); this
//! module turns egui's input events into its calls and paints its layout with the glyph atlas,
//! as the article is painted. Each paragraph takes its direction from its first strong letter;
//! right-to-left ones are right-aligned. Focus, Tab order and Enter/Esc stay egui's.

use super::atlas::GlyphAtlas;
use super::view::paint_layout;
use super::{FontChoice, TextKit};
use egui::{Color32, Event, Key, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};
use parley::editing::PlainEditor;
use parley::{FontFamily, StyleProperty};
use std::collections::HashMap;

/// The editing state of every field, by egui id: what stays between frames.
#[derive(Default)]
pub struct Fields {
    states: HashMap<egui::Id, FieldState>,
}

struct FieldState {
    editor: PlainEditor<()>,
    /// The caller's text as last seen: a change from outside (another quote selected, an
    /// undo) replaces the editor's text.
    seen: String,
    /// Earlier texts of this field, for Ctrl+Z while it has the keyboard.
    undo: Vec<String>,
    redo: Vec<String>,
    /// Whether the last edit was typing (consecutive typing is one undo step).
    typing: bool,
    /// Whether Ctrl+Z undoes within the field (a field whose every change is already an
    /// undoable edit of the project leaves Ctrl+Z to the project's history).
    own_undo: bool,
    /// The egui pass it was last drawn in: fields out of sight for long are forgotten (there
    /// is one note field per quote visited).
    last_shown: u64,
}

/// How many passes a field may go undrawn before its editor is dropped.
const FORGET_AFTER_PASSES: u64 = 600;

impl Fields {
    /// Whether the field `id` has typing of its own to undo (or redo): then the app leaves
    /// Ctrl+Z (Ctrl+Shift+Z) to it while it has the keyboard.
    pub fn undoes(&self, id: egui::Id, redo: bool) -> bool {
        self.states
            .get(&id)
            .is_some_and(|s| s.own_undo && !(if redo { &s.redo } else { &s.undo }).is_empty())
    }

    /// The text and the selected byte range of the field `id`, for tests and accessibility.
    pub fn state_of(&self, id: egui::Id) -> Option<(String, std::ops::Range<usize>)> {
        let s = self.states.get(&id)?;
        Some((
            s.editor.raw_text().to_owned(),
            s.editor.raw_selection().text_range(),
        ))
    }

    /// The layout of the field `id` as last drawn, in points from the text's top left.
    pub fn layout_of(&self, id: egui::Id) -> Option<&parley::Layout<()>> {
        self.states.get(&id)?.editor.try_layout()
    }

    /// Where the caret of the field `id` is, in points from the text's left edge.
    pub fn caret_x(&self, id: egui::Id) -> Option<f32> {
        let b = self.states.get(&id)?.editor.cursor_geometry(1.0)?;
        Some(b.x0 as f32)
    }
}

/// A field's look and behaviour.
pub struct TextField<'t> {
    text: &'t mut String,
    id: egui::Id,
    /// The accessible name (and what the field is for).
    name: &'t str,
    multiline: bool,
    rows: usize,
    width: Option<f32>,
    size: f32,
    own_undo: bool,
    hint: &'t str,
}

impl<'t> TextField<'t> {
    pub fn new(text: &'t mut String, id: egui::Id, name: &'t str) -> Self {
        Self {
            text,
            id,
            name,
            multiline: false,
            rows: 1,
            width: None,
            size: 15.0,
            own_undo: false,
            hint: "",
        }
    }

    /// A greyed text shown while the field is empty (what to type there).
    pub fn hint(mut self, hint: &'t str) -> Self {
        self.hint = hint;
        self
    }

    /// Ctrl+Z undoes the field's own typing while it has the keyboard: for a field whose text
    /// is not (yet) an edit of the project, such as a comment typed before its verdict.
    pub fn own_undo(mut self) -> Self {
        self.own_undo = true;
        self
    }

    /// Enter starts a new line instead of leaving the field; at least `rows` lines tall.
    pub fn multiline(mut self, rows: usize) -> Self {
        self.multiline = true;
        self.rows = rows.max(1);
        self
    }

    pub fn width(mut self, width: f32) -> Self {
        self.width = Some(width);
        self
    }

    pub fn font_size(mut self, size: f32) -> Self {
        self.size = size;
        self
    }

    /// Draws the field and applies this frame's input to it; `changed()` on the response says
    /// whether the text changed.
    pub fn show(self, ui: &mut Ui, kit: &mut TextKit) -> egui::Response {
        const PAD: f32 = 3.0;
        let id = self.id;
        let width = self.width.unwrap_or_else(|| ui.available_width()).max(40.0);
        let inner_width = width - 2.0 * PAD;
        let size = self.size;
        let pass = ui.ctx().cumulative_pass_nr();
        if !kit.fields.states.contains_key(&id) {
            kit.fields
                .states
                .retain(|_, s| s.last_shown + FORGET_AFTER_PASSES > pass);
        }
        let state = kit.fields.states.entry(id).or_insert_with(|| {
            let mut editor = PlainEditor::new(size);
            editor.set_text(self.text);
            let styles = editor.edit_styles();
            styles.insert(StyleProperty::FontFamily(FontFamily::Source(
                FontChoice::default().family_stack().into(),
            )));
            styles.insert(StyleProperty::LineHeight(
                parley::LineHeight::FontSizeRelative(1.4),
            ));
            editor.set_alignment(parley::Alignment::Start);
            FieldState {
                editor,
                seen: self.text.clone(),
                undo: Vec::new(),
                redo: Vec::new(),
                typing: false,
                own_undo: self.own_undo,
                last_shown: pass,
            }
        });
        state.last_shown = pass;
        if *self.text != state.seen {
            state.editor.set_text(self.text);
            state.seen = self.text.clone();
            state.undo.clear();
            state.redo.clear();
        }
        state.editor.set_width(Some(inner_width));
        let (fonts, layouts) = kit.engine.contexts();

        // The size: the text's height, at least `rows` lines.
        let line = size * 1.4;
        let text_height = state.editor.layout(fonts, layouts).height();
        let height = text_height.max(line * self.rows as f32) + 2.0 * PAD;
        let (_, rect) = ui.allocate_space(vec2(width, height));
        let response = ui.interact(rect, id, Sense::click_and_drag());
        let origin = rect.min + vec2(PAD, PAD);
        let to_layout = |p: Pos2| (p.x - origin.x, p.y - origin.y);

        if response.clicked() || response.drag_started() {
            response.request_focus();
        }
        let focused = response.has_focus();
        // Only typing changes the text, and only with the keyboard: no copy otherwise.
        let before = focused.then(|| state.editor.raw_text().to_owned());
        // Focus from the keyboard (Tab) or a screen reader puts the caret at the end, as in
        // egui's own fields; a click places it where the pointer is (below).
        if response.gained_focus() && response.interact_pointer_pos().is_none() {
            state.editor.driver(fonts, layouts).move_to_text_end();
        }

        // Pointer: place the caret, drag a selection, double-click a word.
        if let Some(p) = response.interact_pointer_pos() {
            let (x, y) = to_layout(p);
            let mut d = state.editor.driver(fonts, layouts);
            if response.double_clicked() {
                d.select_word_at_point(x, y);
            } else if response.drag_started() || response.clicked() {
                if ui.input(|i| i.modifiers.shift) {
                    d.shift_click_extension(x, y);
                } else {
                    d.move_to_point(x, y);
                }
            } else if response.dragged() {
                d.extend_selection_to_point(x, y);
            }
        }

        if focused {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    id,
                    egui::EventFilter {
                        tab: false,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: false,
                    },
                )
            });
            let events = ui.input(|i| i.events.clone());
            for event in events {
                apply_event(ui, id, state, fonts, layouts, event, self.multiline);
            }
        }

        let mut response = response;
        if let Some(before) = &before
            && state.editor.raw_text() != before
            && !state.editor.is_composing()
        {
            *self.text = state.editor.raw_text().to_owned();
            state.seen = self.text.clone();
            response.mark_changed();
        }

        // Paint: frame, selection, text, caret.
        let visuals = ui.visuals();
        let frame_stroke = if focused {
            visuals.selection.stroke
        } else {
            visuals.widgets.inactive.bg_stroke
        };
        let painter = ui.painter_at(rect.expand(1.0));
        painter.rect(
            rect,
            2.0,
            visuals.extreme_bg_color,
            frame_stroke,
            egui::StrokeKind::Inside,
        );
        let text_colour = visuals.text_color();
        let selection_colour = visuals.selection.bg_fill.gamma_multiply(0.6);
        state.editor.refresh_layout(fonts, layouts);
        if focused {
            for (b, _) in state.editor.selection_geometry() {
                painter.rect_filled(to_screen(origin, b), 0.0, selection_colour);
            }
        }
        if let (Some(compose), Some(layout)) = (
            state.editor.raw_compose().clone(),
            state.editor.try_layout(),
        ) {
            // The preedit, underlined while the input method composes it.
            use parley::editing::{Cursor, Selection};
            let sel = Selection::new(
                Cursor::from_byte_index(layout, compose.start, parley::Affinity::Downstream),
                Cursor::from_byte_index(layout, compose.end, parley::Affinity::Upstream),
            );
            for (b, _) in sel.geometry(layout) {
                let r = to_screen(origin, b);
                painter.line_segment(
                    [r.left_bottom(), r.right_bottom()],
                    Stroke::new(1.5, text_colour),
                );
            }
        }
        if let Some(layout) = state.editor.try_layout() {
            paint_field_text(ui, &painter, layout, origin, text_colour, &mut kit.atlas);
        }
        if state.editor.raw_text().is_empty() && !self.hint.is_empty() {
            // The hint is a short English phrase: egui's own text draws it.
            painter.text(
                origin,
                egui::Align2::LEFT_TOP,
                self.hint,
                egui::FontId::proportional(size * 0.9),
                visuals.weak_text_color(),
            );
        }
        let caret = state
            .editor
            .cursor_geometry(1.5)
            .map(|b| to_screen(origin, b));
        if focused && let Some(c) = caret {
            painter.rect_filled(c, 0.0, text_colour);
            // Where the input method's candidate window goes.
            let to_global = ui
                .ctx()
                .layer_transform_to_global(ui.layer_id())
                .unwrap_or_default();
            ui.output_mut(|o| {
                o.ime = Some(egui::output::IMEOutput {
                    purpose: egui::IMEPurpose::Normal,
                    rect: to_global * rect,
                    cursor_rect: to_global * c,
                    should_interrupt_composition: false,
                })
            });
        }
        let text = state.editor.raw_text();
        let name = self.name;
        response.widget_info(|| {
            let prev = before.as_deref().unwrap_or(text);
            let mut info = egui::WidgetInfo::text_edit(true, prev, text, "");
            info.label = Some(name.to_owned());
            info
        });
        response
    }
}

fn to_screen(origin: Pos2, b: parley::BoundingBox) -> Rect {
    Rect::from_min_max(
        pos2(origin.x + b.x0 as f32, origin.y + b.y0 as f32),
        pos2(origin.x + b.x1 as f32, origin.y + b.y1 as f32),
    )
}

fn paint_field_text(
    ui: &Ui,
    painter: &egui::Painter,
    layout: &parley::Layout<()>,
    origin: Pos2,
    colour: Color32,
    atlas: &mut GlyphAtlas,
) {
    let mut mesh = egui::Mesh::with_texture(atlas.texture_id(ui.ctx()));
    paint_layout(ui.ctx(), &mut mesh, layout, origin, colour, atlas);
    painter.add(egui::Shape::mesh(mesh));
}

/// One input event applied to a focused field.
#[allow(clippy::too_many_arguments)]
fn apply_event(
    ui: &Ui,
    id: egui::Id,
    state: &mut FieldState,
    fonts: &mut parley::FontContext,
    layouts: &mut parley::LayoutContext<()>,
    event: Event,
    multiline: bool,
) {
    let text_before = state.editor.raw_text().to_owned();
    let mut typed = false;
    let mut edited = true;
    {
        let mut d = state.editor.driver(fonts, layouts);
        match event {
            Event::Text(t) => {
                let t = if multiline { t } else { t.replace('\n', " ") };
                if !t.is_empty() {
                    d.insert_or_replace_selection(&t);
                    typed = true;
                }
            }
            Event::Paste(t) => {
                let t = if multiline { t } else { t.replace('\n', " ") };
                d.insert_or_replace_selection(&t);
            }
            Event::Copy => {
                if let Some(s) = d.editor.selected_text() {
                    ui.ctx().copy_text(s.to_owned());
                }
                edited = false;
            }
            Event::Cut => {
                if let Some(s) = d.editor.selected_text() {
                    ui.ctx().copy_text(s.to_owned());
                    d.delete_selection();
                }
            }
            Event::Ime(egui::ImeEvent::Preedit { text, .. }) => {
                if text.is_empty() {
                    d.clear_compose();
                } else {
                    d.set_compose(&text, None);
                }
                edited = false;
            }
            Event::Ime(egui::ImeEvent::Commit(text)) => {
                d.clear_compose();
                if !text.is_empty() {
                    d.insert_or_replace_selection(&text);
                    typed = true;
                }
            }
            Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                let word = modifiers.command || modifiers.alt;
                let shift = modifiers.shift;
                match key {
                    Key::Backspace if word => d.backdelete_word(),
                    Key::Backspace => d.backdelete(),
                    Key::Delete if word => d.delete_word(),
                    Key::Delete => d.delete(),
                    Key::Enter if multiline && !modifiers.command => {
                        d.insert_or_replace_selection("\n")
                    }
                    // Enter leaves a one-line field, as in egui's own.
                    Key::Enter => {
                        ui.memory_mut(|m| m.surrender_focus(id));
                        edited = false;
                    }
                    // Arrows move in screen order (in a Persian line ← moves forward).
                    Key::ArrowLeft => match (shift, word) {
                        (true, true) => d.select_word_left(),
                        (true, false) => d.select_left(),
                        (false, true) => d.move_word_left(),
                        (false, false) => d.move_left(),
                    },
                    Key::ArrowRight => match (shift, word) {
                        (true, true) => d.select_word_right(),
                        (true, false) => d.select_right(),
                        (false, true) => d.move_word_right(),
                        (false, false) => d.move_right(),
                    },
                    Key::ArrowUp if shift => d.select_up(),
                    Key::ArrowUp => d.move_up(),
                    Key::ArrowDown if shift => d.select_down(),
                    Key::ArrowDown => d.move_down(),
                    Key::Home if shift => d.select_to_line_start(),
                    Key::Home => d.move_to_line_start(),
                    Key::End if shift => d.select_to_line_end(),
                    Key::End => d.move_to_line_end(),
                    Key::A if modifiers.command => d.select_all(),
                    Key::Z if modifiers.command && state.own_undo => {
                        let redo = shift;
                        undo_redo(state, fonts, layouts, redo);
                        return;
                    }
                    Key::Y if modifiers.command && state.own_undo => {
                        undo_redo(state, fonts, layouts, true);
                        return;
                    }
                    _ => edited = false,
                }
            }
            _ => edited = false,
        }
    }
    if edited && state.editor.raw_text() != text_before && !state.editor.is_composing() {
        // A run of typing is one undo step; anything else is a step of its own.
        if !(typed && state.typing) {
            state.undo.push(text_before);
            state.redo.clear();
        }
        state.typing = typed;
    }
}

/// Ctrl+Z / Ctrl+Shift+Z inside the field.
fn undo_redo(
    state: &mut FieldState,
    fonts: &mut parley::FontContext,
    layouts: &mut parley::LayoutContext<()>,
    redo: bool,
) {
    let (from, to) = if redo {
        (&mut state.redo, &mut state.undo)
    } else {
        (&mut state.undo, &mut state.redo)
    };
    let Some(text) = from.pop() else {
        return;
    };
    to.push(state.editor.raw_text().to_owned());
    state.editor.set_text(&text);
    state.typing = false;
    state.editor.driver(fonts, layouts).move_to_text_end();
}
