//! `kb4-setup preflight USERS.csv`: problems in a JumpCloud user export, before sync.
//!
//! Exit status: 0 no problem, 1 problems found, 2 the file could not be read completely
//! (the rows before the bad line are still checked and reported).

use std::fmt::Write as _;
use std::io::Write as _;

use super::PreflightArgs;
use super::failure::{Failure, Finished, Outcome};
use crate::provisioning::preflight::{
    PreflightOptions, PreflightReport, run_preflight, write_problems_csv,
};
use crate::provisioning::users_csv::read_users_csv_file;

/// Runs the pre-flight and prints the report.
pub fn run(args: &PreflightArgs) -> Outcome {
    let csv = read_users_csv_file(&args.file)
        .map_err(|error| Failure::input(format!("{}: {error}", args.file.display())))?;
    let options = args
        .allowed_domains
        .as_deref()
        .map(PreflightOptions::with_domains_list)
        .unwrap_or_default();
    let report = run_preflight(&csv, &options);
    if let Some(path) = &args.problems_csv {
        let written = std::fs::File::create(path)
            .map_err(|e| e.to_string())
            .and_then(|file| {
                write_problems_csv(&report.problems, std::io::BufWriter::new(file))
                    .map_err(|e| e.to_string())
            });
        if let Err(error) = written {
            return Err(Failure::input(format!(
                "cannot write {}: {error}",
                path.display()
            )));
        }
    }
    let output = if args.json {
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    } else {
        render_text(&report)
    };
    // A closed pipe (e.g. `| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout().lock(), "{output}");
    Ok(finished(&report))
}

fn finished(report: &PreflightReport) -> Finished {
    if report.read_error.is_some() {
        Finished::InputIncomplete
    } else {
        Finished::problems_if(!report.problems.is_empty())
    }
}

/// The text report: counts first, then one line per problem.
pub fn render_text(report: &PreflightReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} user row(s) read; {} problem(s) on {} user(s).",
        report.rows,
        report.problems.len(),
        report.users_with_problems
    );
    if let Some(error) = &report.read_error {
        let _ = writeln!(out, "Reading stopped: {}", error.message);
    }
    if let Some(risk) = crate::provisioning::preflight::username_risk(report.usernames_not_email) {
        let _ = writeln!(out, "Risk: {risk}");
    }
    for (kind, count) in report.counts.iter().filter(|(_, count)| **count > 0) {
        let _ = writeln!(out, "  {:<20} {count}", kind.code());
    }
    if !report.problems.is_empty() {
        let _ = writeln!(out);
    }
    for problem in &report.problems {
        let who = if problem.email.trim().is_empty() {
            &problem.username
        } else {
            &problem.email
        };
        let _ = writeln!(
            out,
            "line {}: {} [{}] {}",
            problem.line,
            who.trim(),
            problem.kind.code(),
            problem.detail
        );
    }
    out.trim_end().to_owned()
}
