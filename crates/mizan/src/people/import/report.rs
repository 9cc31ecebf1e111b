//! The per-row report of an import: one line per rejection (then per known record updated), reasons in the user's language, as a
//! table for Excel (`crate::export`).

use fluent_bundle::FluentValue;

use super::{ImportReport, Rejection};
use crate::export::Table;
use crate::i18n::{I18n, Locale};

/// The reason of a rejection in words.
pub fn reason(i18n: &I18n, locale: Locale, r: &Rejection) -> String {
    match r.other_row {
        Some(other) => i18n.t_plain(locale, r.reason, &[("row", FluentValue::from(other as i64))]),
        None => i18n.t_plain(locale, r.reason, &[]),
    }
}

/// The one-line summary: `read R, accepted A, rejected X, matched M, already members K
/// (unchanged U), updated N, skipped blank B`.
pub fn summary(report: &ImportReport) -> String {
    format!(
        "read {}, accepted {}, rejected {}, matched {}, already members {} (unchanged {}), updated {}, skipped blank {}",
        report.read,
        report.accepted,
        report.rejected,
        report.matched,
        report.already_members,
        report.unchanged,
        report.updated.len(),
        report.skipped_blank
    )
}

/// The report as a table for Excel: one line per rejection.
pub fn table(report: &ImportReport, i18n: &I18n, locale: Locale) -> Table {
    Table {
        headers: [
            "import-report-row",
            "import-report-column",
            "import-report-header",
            "import-report-value",
            "import-report-reason",
        ]
        .iter()
        .map(|k| i18n.t_plain(locale, k, &[]))
        .collect(),
        rows: report
            .rejections
            .iter()
            .map(|r| {
                vec![
                    r.row.to_string(),
                    r.column.map(mizan_sheet::column_letter).unwrap_or_default(),
                    r.header.clone(),
                    r.value.clone(),
                    reason(i18n, locale, r),
                ]
            })
            .chain(report.updated.iter().map(|u| {
                let fields: Vec<String> = u
                    .fields
                    .iter()
                    .map(|f| i18n.t_plain(locale, &f.label_key(), &[]))
                    .collect();
                let changed = i18n.t_plain(locale, "import-updated-fields", &[]);
                vec![
                    u.row.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    format!("{changed}: {}", fields.join(", ")),
                ]
            }))
            .collect(),
        // The row numbers.
        numbers: vec![0],
    }
}
