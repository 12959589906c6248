//! A plain, virtualized table: only the rows in view are laid out, so a list of 100,000
//! users scrolls as smoothly as one of ten.

use egui::{Align, Layout, Rect, RichText, Sense, Ui, UiBuilder, Vec2};

/// Height of one row: every row is allocated exactly this, so the virtualized scroll area
/// knows where each row is without laying it out.
const ROW_HEIGHT: f32 = 20.0;
/// The most rows shown before the table scrolls.
const VISIBLE_ROWS: usize = 12;

/// A column: its heading and width in points (the last column takes what is left).
pub struct Column {
    pub heading: &'static str,
    pub width: f32,
}

pub const fn column(heading: &'static str, width: f32) -> Column {
    Column { heading, width }
}

/// Draws `rows` rows under `columns`; `cells(row)` gives the cells of one row. Long cells are
/// cut with an ellipsis; egui shows them whole on hover.
pub fn show(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    columns: &[Column],
    rows: usize,
    cells: impl Fn(usize) -> Vec<String>,
) {
    draw(ui, id_salt, columns, rows, None, cells);
}

/// Like [`show`], and a click on a row selects it (the caller shows the selected row in full
/// below the table: cells are cut to their column).
pub fn show_selectable(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    columns: &[Column],
    rows: usize,
    selected: &mut Option<usize>,
    cells: impl Fn(usize) -> Vec<String>,
) {
    draw(ui, id_salt, columns, rows, Some(selected), cells);
}

/// The headings, then the rows in a scroll area of at most [`VISIBLE_ROWS`] rows; with
/// `selected`, rows can be clicked to select them.
fn draw(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    columns: &[Column],
    rows: usize,
    mut selected: Option<&mut Option<usize>>,
    cells: impl Fn(usize) -> Vec<String>,
) {
    let headings: Vec<RichText> = columns
        .iter()
        .map(|c| RichText::new(c.heading).strong())
        .collect();
    row(ui, columns, headings);
    let spacing = ui.spacing().item_spacing.y;
    let visible = rows.min(VISIBLE_ROWS) as f32;
    egui::ScrollArea::vertical()
        .id_salt(id_salt)
        .max_height(visible * (ROW_HEIGHT + spacing))
        .auto_shrink([false, true])
        .show_rows(ui, ROW_HEIGHT, rows, |ui, range| {
            for index in range {
                let texts = cells(index).into_iter().map(RichText::new).collect();
                match selected.as_deref_mut() {
                    None => row(ui, columns, texts),
                    Some(selected) => {
                        let is_selected = *selected == Some(index);
                        if row_with(ui, columns, texts, Some(is_selected)).clicked() {
                            *selected = Some(index);
                        }
                    }
                }
            }
        });
}

/// One row of exactly [`ROW_HEIGHT`], each cell clipped to its column.
fn row(ui: &mut Ui, columns: &[Column], texts: Vec<RichText>) {
    row_with(ui, columns, texts, None);
}

fn row_with(
    ui: &mut Ui,
    columns: &[Column],
    texts: Vec<RichText>,
    // `None`: a row that cannot be selected; `Some(selected)`: one that can, and whether it is.
    selection: Option<bool>,
) -> egui::Response {
    let width = ui.available_width();
    let sense = if selection.is_some() {
        Sense::click()
    } else {
        Sense::hover()
    };
    let (rect, response) = ui.allocate_exact_size(Vec2::new(width, ROW_HEIGHT), sense);
    if selection == Some(true) {
        ui.painter().rect_filled(
            rect,
            2.0,
            ui.visuals().selection.bg_fill.gamma_multiply(0.5),
        );
    } else if selection.is_some() && response.hovered() {
        ui.painter()
            .rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let mut left = rect.left();
    for (position, (column, text)) in columns.iter().zip(texts).enumerate() {
        let last = position + 1 == columns.len();
        let right = if last {
            rect.right()
        } else {
            (left + column.width).min(rect.right())
        };
        let cell = Rect::from_min_max(
            egui::pos2(left, rect.top()),
            egui::pos2(right - 6.0, rect.bottom()),
        );
        if cell.width() > 0.0 {
            let builder = UiBuilder::new()
                .max_rect(cell)
                .layout(Layout::left_to_right(Align::Center));
            // In a selectable row a click selects the row, not the cell's text.
            let label = egui::Label::new(text)
                .truncate()
                .selectable(selection.is_none());
            ui.scope_builder(builder, |ui| ui.add(label));
        }
        left = right;
    }
    response
}
