//! The window's provisioning tools: the attribute-mapping preview, the pre-flight of
//! a JumpCloud user export, and the reconciliation of that export with the KnowBe4 tenant.
//! The domain work lives in `crate::provisioning`; these files draw it and run it off the
//! UI thread.

pub mod csv_files;
pub mod mapping_preview;
pub mod preflight_panel;
pub mod reconcile_lists;
pub mod reconcile_panel;
pub mod scope_choice;
pub mod table;
pub mod users_export;

use mapping_preview::MappingPreview;
use preflight_panel::PreflightPanel;
use reconcile_panel::ReconcilePanel;
use users_export::UsersExport;

/// Everything the provisioning tools hold while the window is open. Only summaries go to the
/// settings (`last_preflight`, `last_reconcile`); user lists never leave memory.
#[derive(Default)]
pub struct Provisioning {
    pub mapping: MappingPreview,
    /// The loaded JumpCloud export, shared by the pre-flight and the reconciliation.
    pub export: UsersExport,
    pub preflight: PreflightPanel,
    pub reconcile: ReconcilePanel,
}

impl Provisioning {
    /// True while any background work runs (the window then repaints every 100 ms).
    pub fn busy(&self) -> bool {
        self.export.busy()
            || self.preflight.running()
            || self.reconcile.running()
            || self.reconcile.scope.busy()
    }
}

/// A domain note ("stopped after 3 pages") as a sentence: capital first letter, final stop.
pub fn sentence(note: &str) -> String {
    let note = note.trim();
    let mut chars = note.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut text: String = first.to_uppercase().chain(chars).collect();
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    text
}

/// A reading note from the domain, kept as written (it may start with a SCIM attribute name
/// such as `totalResults`), after "Note:".
pub fn note(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) {
        format!("Note: {text}")
    } else {
        format!("Note: {text}.")
    }
}

#[cfg(test)]
mod tests {
    use super::{note, sentence};

    #[test]
    fn notes_keep_attribute_names() {
        assert_eq!(
            note("totalResults changed from 1 to 2"),
            "Note: totalResults changed from 1 to 2."
        );
    }

    #[test]
    fn notes_become_sentences() {
        assert_eq!(sentence("stopped after 3 pages"), "Stopped after 3 pages.");
        assert_eq!(sentence(" Done. "), "Done.");
        assert_eq!(sentence(""), "");
    }
}
