//! "Use the certificate from JumpCloud": the certificate JumpCloud holds for the application
//! goes into the same certificate slot, with the same checks, as a loaded certificate.pem. A
//! copy (public data) is kept in the app's data folder so it is loaded again after a restart.

use crate::certificate::{first_certificate_der, pem_copy};
use crate::ui::state::AppState;

/// The kept copy's file name, in the app's data folder.
pub const COPY_NAME: &str = "jumpcloud-idp-certificate.pem";

/// Loads `pem` as the IdP certificate, and says how that went beside the button.
pub fn load(state: &mut AppState, pem: &str) {
    state.jumpcloud.certificate_note = Some(match load_copy(state, pem) {
        Ok(()) => (
            "The certificate from JumpCloud is now the loaded IdP certificate (see the IdP \
             certificate step)."
                .to_owned(),
            false,
        ),
        Err(problem) => (problem, true),
    });
}

/// Keeps a copy of `pem` and loads it as a file; the slot's own refusal when it is refused.
fn load_copy(state: &mut AppState, pem: &str) -> Result<(), String> {
    let copy = state.paths.data_dir.join(COPY_NAME);
    let written = first_certificate_der(pem.as_bytes())
        .map_err(|error| error.to_string())
        .and_then(|der| {
            pem_copy::write_pem_copy(&der, &copy).map_err(|error| {
                format!(
                    "The certificate from JumpCloud could not be kept in {}: {error}",
                    copy.display()
                )
            })
        });
    written?;
    state
        .certificate
        .load_file(&copy, &mut state.settings.values);
    match &state.certificate.problem {
        Some(problem) => Err(problem.message.clone()),
        None => Ok(()),
    }
}
