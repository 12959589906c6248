//! How one check came out, in one vocabulary for every kind of check: the SCIM connection
//! checks, the JumpCloud verification's findings, the SAML inspector's verdicts (and, next, the
//! watch). Its one text form is [`Verdict::label`]; its saved and printed JSON form is the
//! lower-case word (`pass`, `warn`, `fail`, `skipped`), as every JSON output and settings file
//! has spelled it so far.

use serde::{Deserialize, Serialize};

/// How one check came out. A warning does not fail a run; a skipped check had nothing to
/// compare with (or could not be run) and says neither pass nor fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
    /// Saved as `skipped`: the spelling of every earlier version.
    #[serde(rename = "skipped")]
    Skip,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [Verdict::Pass, Verdict::Warn, Verdict::Fail, Verdict::Skip];

    /// The word in front of a result line, on screen, in text output and in the report.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Warn => "WARN",
            Verdict::Fail => "FAIL",
            Verdict::Skip => "SKIP",
        }
    }

    /// The state a scheduled check reports for this verdict. A skipped check maps to
    /// [`WatchState::Unknown`], not OK: nothing was compared, so the watch must not claim
    /// health from it (Nagios keeps UNKNOWN for "the check itself could not tell").
    pub fn watch_state(self) -> WatchState {
        match self {
            Verdict::Pass => WatchState::Ok,
            Verdict::Warn => WatchState::Warning,
            Verdict::Fail => WatchState::Critical,
            Verdict::Skip => WatchState::Unknown,
        }
    }
}

/// The states of the Nagios / Icinga plugin convention, which a scheduled check reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WatchState {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl WatchState {
    /// The word a plugin prints first on its status line.
    pub fn label(self) -> &'static str {
        match self {
            WatchState::Ok => "OK",
            WatchState::Warning => "WARNING",
            WatchState::Critical => "CRITICAL",
            WatchState::Unknown => "UNKNOWN",
        }
    }

    /// The plugin's exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
    pub fn exit_code(self) -> u8 {
        match self {
            WatchState::Ok => 0,
            WatchState::Warning => 1,
            WatchState::Critical => 2,
            WatchState::Unknown => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_verdict_has_one_word() {
        let words: Vec<_> = Verdict::ALL.iter().map(|v| v.label()).collect();
        assert_eq!(words, ["PASS", "WARN", "FAIL", "SKIP"]);
    }

    #[test]
    fn verdicts_keep_the_json_spelling_of_earlier_versions() {
        for (verdict, json) in [
            (Verdict::Pass, "\"pass\""),
            (Verdict::Warn, "\"warn\""),
            (Verdict::Fail, "\"fail\""),
            (Verdict::Skip, "\"skipped\""),
        ] {
            assert_eq!(serde_json::to_string(&verdict).unwrap(), json);
            assert_eq!(serde_json::from_str::<Verdict>(json).unwrap(), verdict);
        }
        assert!(serde_json::from_str::<Verdict>("\"skip\"").is_err());
        assert!(serde_json::from_str::<Verdict>("\"PASS\"").is_err());
    }

    #[test]
    fn verdicts_map_to_the_plugin_states_and_exit_codes() {
        let mapped: Vec<_> = Verdict::ALL
            .iter()
            .map(|v| (v.watch_state().label(), v.watch_state().exit_code()))
            .collect();
        assert_eq!(
            mapped,
            [("OK", 0), ("WARNING", 1), ("CRITICAL", 2), ("UNKNOWN", 3)]
        );
    }
}
