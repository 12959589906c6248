//! Spacing, colours and the shared widgets every screen uses, so no step hard-codes them.

use egui::{Color32, CornerRadius, Response, RichText, Stroke, Ui, Vec2};

use crate::steps::{StepId, StepStatus};
use crate::verdict::Verdict;

/// Space between sections of a step.
pub const SECTION_GAP: f32 = 14.0;
/// Space between lines inside a section.
pub const ITEM_GAP: f32 = 6.0;
/// Width of the step list.
pub const STEP_LIST_WIDTH: f32 = 290.0;
/// Width the content column never exceeds, so lines stay readable on wide screens.
pub const CONTENT_MAX_WIDTH: f32 = 760.0;
/// Text size of a sub-heading inside a step.
pub const HEADING_SIZE: f32 = 15.0;
/// Text size of a verdict's headline (the response inspector's "n of m checks pass").
pub const HEADLINE_SIZE: f32 = 16.0;
/// Width of the label column in front of a field.
pub const LABEL_WIDTH: f32 = 170.0;

/// Sets spacing once at start-up; colours follow the system's light or dark theme.
pub fn install(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = Vec2::new(8.0, ITEM_GAP);
        style.spacing.button_padding = Vec2::new(10.0, 4.0);
        style.spacing.interact_size.y = 24.0;
    });
}

/// The colour of a status, readable on the current background.
pub fn status_colour(ui: &Ui, status: StepStatus) -> Color32 {
    let dark = ui.visuals().dark_mode;
    match (status, dark) {
        (StepStatus::NotStarted, _) => ui.visuals().weak_text_color(),
        (StepStatus::InProgress, false) => Color32::from_rgb(0x1f, 0x5f, 0xbf),
        (StepStatus::InProgress, true) => Color32::from_rgb(0x6f, 0xa8, 0xff),
        (StepStatus::Done, false) => Color32::from_rgb(0x1e, 0x7d, 0x32),
        (StepStatus::Done, true) => Color32::from_rgb(0x6c, 0xcf, 0x7a),
        (StepStatus::NeedsAttention, false) => Color32::from_rgb(0xb3, 0x3a, 0x00),
        (StepStatus::NeedsAttention, true) => Color32::from_rgb(0xff, 0xa0, 0x5a),
    }
}

/// The colour of a verdict: pass as done, warn and fail as needing attention, skip as not
/// started.
pub fn verdict_colour(ui: &Ui, verdict: Verdict) -> Color32 {
    match verdict {
        Verdict::Pass => status_colour(ui, StepStatus::Done),
        Verdict::Warn | Verdict::Fail => status_colour(ui, StepStatus::NeedsAttention),
        Verdict::Skip => status_colour(ui, StepStatus::NotStarted),
    }
}

/// [`success_colour`] when `good`, else [`warning_colour`].
pub fn outcome_colour(ui: &Ui, good: bool) -> Color32 {
    if good {
        success_colour(ui)
    } else {
        warning_colour(ui)
    }
}

/// A sub-heading's text, at [`HEADING_SIZE`].
pub fn heading_text(title: &str) -> RichText {
    RichText::new(title).strong().size(HEADING_SIZE)
}

/// Colour for warnings and errors in text.
pub fn warning_colour(ui: &Ui) -> Color32 {
    status_colour(ui, StepStatus::NeedsAttention)
}

/// Colour for confirmations in text.
pub fn success_colour(ui: &Ui) -> Color32 {
    status_colour(ui, StepStatus::Done)
}

/// Paints the small status icon used in the step list and in badges.
pub fn status_icon(ui: &mut Ui, status: StepStatus) {
    let size = Vec2::splat(14.0);
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let colour = status_colour(ui, status);
    let painter = ui.painter();
    let centre = rect.center();
    match status {
        StepStatus::NotStarted => {
            painter.circle_stroke(centre, 5.0, Stroke::new(1.5, colour));
        }
        StepStatus::InProgress => {
            painter.circle_stroke(centre, 5.0, Stroke::new(1.5, colour));
            painter.circle_filled(centre, 2.5, colour);
        }
        StepStatus::Done => {
            painter.circle_filled(centre, 6.0, colour);
            let tick = [
                centre + Vec2::new(-3.0, 0.0),
                centre + Vec2::new(-1.0, 2.5),
                centre + Vec2::new(3.0, -2.5),
            ];
            let stroke = Stroke::new(1.6, ui.visuals().panel_fill);
            painter.line_segment([tick[0], tick[1]], stroke);
            painter.line_segment([tick[1], tick[2]], stroke);
        }
        StepStatus::NeedsAttention => {
            painter.circle_filled(centre, 6.0, colour);
            let stroke = Stroke::new(1.8, ui.visuals().panel_fill);
            painter.line_segment(
                [centre + Vec2::new(0.0, -3.5), centre + Vec2::new(0.0, 1.0)],
                stroke,
            );
            painter.circle_filled(centre + Vec2::new(0.0, 3.2), 1.0, ui.visuals().panel_fill);
        }
    }
}

/// A status badge: icon and the status in words.
pub fn status_badge(ui: &mut Ui, status: StepStatus) -> Response {
    let colour = status_colour(ui, status);
    egui::Frame::new()
        .stroke(Stroke::new(1.0, colour))
        .corner_radius(CornerRadius::same(10))
        .inner_margin(egui::Margin::symmetric(8, 2))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                status_icon(ui, status);
                ui.label(RichText::new(status.label()).color(colour));
            });
        })
        .response
}

/// A message line: a problem (warning colour) or a confirmation.
pub fn message(ui: &mut Ui, text: &str, is_problem: bool) {
    let colour = if is_problem {
        warning_colour(ui)
    } else {
        success_colour(ui)
    };
    ui.label(RichText::new(text).color(colour));
}

/// A line in the weak colour, for what is said about a value rather than the value.
pub fn note(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).weak());
}

/// The keyboard shortcut for Next, from anywhere in the window.
pub const NEXT_SHORTCUT: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Enter);

/// Which way the operator asked to move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Navigation {
    Back,
    Next,
}

/// The Back / Next controls, the same on every step.
pub fn step_controls(ui: &mut Ui, step: StepId) -> Option<Navigation> {
    let mut chosen = None;
    ui.horizontal(|ui| {
        let back = ui
            .add_enabled(step.previous().is_some(), egui::Button::new("Back"))
            .on_hover_text("Go to the previous step");
        if back.clicked() {
            chosen = Some(Navigation::Back);
        }
        ui.label(
            RichText::new(format!(
                "Step {} of {}",
                step.index() + 1,
                StepId::ALL.len()
            ))
            .color(ui.visuals().weak_text_color()),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let shortcut = ui.ctx().format_shortcut(&NEXT_SHORTCUT);
            let next = ui
                .add_enabled(step.next().is_some(), egui::Button::new("Next"))
                .on_hover_text(format!("Go to the next step ({shortcut})"));
            if next.clicked() {
                chosen = Some(Navigation::Next);
            }
        });
    });
    chosen
}
