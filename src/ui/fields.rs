//! The shared field widgets: a labelled input, a read-only value with its Copy button, and a
//! fingerprint shown byte by byte. Values are shown whole at any window width: they wrap, they
//! are never cut at the panel's edge.

use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, Id, Layout, Response, RichText, TextEdit, Ui, Vec2, Widget};

use crate::saml::fingerprint_diff::compare_bytes;

use crate::ui::theme::LABEL_WIDTH;
/// Room kept right of a value for its Copy button and the "Copied" note.
const COPY_ROOM: f32 = 130.0;
/// How long "Copied" stays beside the button that was pressed, in seconds.
const COPIED_FOR: f64 = 2.5;
/// The last part of that time, during which it fades out.
const COPIED_FADE: f64 = 1.0;

/// A field's label: left-aligned at the top of its row, wrapped within the label column.
pub fn field_label(ui: &mut Ui, text: &str) -> Response {
    let height = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        Vec2::new(LABEL_WIDTH, height),
        Layout::top_down(Align::Min),
        |ui| {
            ui.set_width(LABEL_WIDTH);
            ui.add(egui::Label::new(text).wrap())
        },
    )
    .inner
}

/// A read-only value with a Copy button. The value wraps (URLs break at `/` and `.`), can be
/// selected, and is copied only when the button is clicked.
pub fn copy_field(ui: &mut Ui, label: &str, value: &str) {
    ui.horizontal_top(|ui| {
        let label_response = field_label(ui, label);
        let width = (ui.available_width() - COPY_ROOM).max(80.0);
        let mut shown = value;
        let response = TextEdit::multiline(&mut shown)
            .font(egui::TextStyle::Monospace)
            .desired_rows(1)
            .desired_width(width)
            .ui(ui)
            .labelled_by(label_response.id);
        // One value, not a paragraph: screen readers and tests hear a single-line field.
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_role(egui::accesskit::Role::TextInput);
        });
        copy_button(ui, label, value);
    });
}

/// A fingerprint in full: every byte, monospace, wrapping between bytes, with a Copy button.
/// When `pasted` holds another fingerprint of the same kind, the bytes that differ from it are
/// marked (warning colour, underlined), so the operator sees where two fingerprints part.
pub fn fingerprint_field(ui: &mut Ui, label: &str, value: &str, pasted: Option<&str>) {
    ui.horizontal_top(|ui| {
        let label_response = field_label(ui, label);
        let width = (ui.available_width() - COPY_ROOM).max(80.0);
        let job = fingerprint_job(ui, value, pasted, width - 8.0);
        let response = ui
            .allocate_ui_with_layout(Vec2::new(width, 0.0), Layout::top_down(Align::Min), |ui| {
                ui.set_width(width);
                // The same inset as the text of the values above and below it.
                egui::Frame::new()
                    .inner_margin(egui::Margin::symmetric(4, 2))
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(job).wrap().selectable(true))
                    })
                    .inner
            })
            .inner;
        response.widget_info(|| egui::WidgetInfo::text_edit(true, value, value, ""));
        response.labelled_by(label_response.id);
        copy_button(ui, label, value);
    });
}

fn fingerprint_job(ui: &Ui, value: &str, pasted: Option<&str>, width: f32) -> LayoutJob {
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    let plain = TextFormat::simple(font.clone(), ui.visuals().text_color());
    let marked = TextFormat {
        color: super::theme::warning_colour(ui),
        underline: egui::Stroke::new(1.5, super::theme::warning_colour(ui)),
        ..TextFormat::simple(font, Color32::PLACEHOLDER)
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = width;
    let bytes = compare_bytes(value, pasted);
    let last = bytes.len().saturating_sub(1);
    for (index, byte) in bytes.iter().enumerate() {
        let format = if byte.differs { &marked } else { &plain };
        job.append(&byte.hex, 0.0, format.clone());
        if index < last {
            // The colon is where a line may break, so a byte is never split across lines.
            job.append(":", 0.0, plain.clone());
        }
    }
    job
}

/// A Copy button for `value`. "Copied" appears beside the button that was pressed, then fades.
pub fn copy_button(ui: &mut Ui, label: &str, value: &str) -> Response {
    let button = ui
        .button("Copy")
        .on_hover_text(format!("Copy the {label} to the clipboard"));
    button.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Copy {label}"))
    });
    if button.clicked() {
        ui.ctx().copy_text(value.to_owned());
        mark_copied(ui, button.id);
    }
    copied_note(ui, button.id);
    button
}

/// Remembers that the button `id` copied something just now.
pub fn mark_copied(ui: &Ui, id: Id) {
    let now = ui.input(|input| input.time);
    ui.ctx()
        .data_mut(|data| data.insert_temp(copied_key(), (id, now)));
}

/// "Copied" beside the button `id` for a moment after it was pressed, fading out.
pub fn copied_note(ui: &mut Ui, id: Id) {
    let Some((copied_by, at)) = ui
        .ctx()
        .data(|data| data.get_temp::<(Id, f64)>(copied_key()))
    else {
        return;
    };
    if copied_by != id {
        return;
    }
    let elapsed = ui.input(|input| input.time) - at;
    let opacity = copied_opacity(elapsed);
    if opacity <= 0.0 {
        return;
    }
    let colour = super::theme::success_colour(ui).gamma_multiply(opacity);
    ui.label(RichText::new("Copied").color(colour));
    // Repaint while it shows and fades; nothing is asked once it is gone.
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(50));
}

fn copied_key() -> Id {
    Id::unique("kb4_last_copied")
}

/// How visible "Copied" is, `elapsed` seconds after the click: fully, then fading to nothing.
fn copied_opacity(elapsed: f64) -> f32 {
    let fade_from = COPIED_FOR - COPIED_FADE;
    if elapsed < fade_from {
        1.0
    } else if elapsed < COPIED_FOR {
        ((COPIED_FOR - elapsed) / COPIED_FADE) as f32
    } else {
        0.0
    }
}

/// A labelled single-line text input. Returns the input's response.
pub fn text_input(ui: &mut Ui, label: &str, value: &mut String, hint: &str) -> Response {
    ui.horizontal_top(|ui| {
        let label_response = field_label(ui, label);
        TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width((ui.available_width() - 8.0).max(120.0))
            .ui(ui)
            .labelled_by(label_response.id)
    })
    .inner
}

#[cfg(test)]
mod tests {
    use super::copied_opacity;

    #[test]
    fn copied_shows_then_fades_then_is_gone() {
        assert_eq!(copied_opacity(0.0), 1.0);
        let fading = copied_opacity(2.0);
        assert!(fading > 0.0 && fading < 1.0, "{fading}");
        assert_eq!(copied_opacity(3.0), 0.0);
    }
}
