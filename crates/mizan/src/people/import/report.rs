//! The per-row report of an import, as CSV for Excel: UTF-8 with a BOM (so Arabic shows), one
//! line per rejection, reasons in the user's language, cells that Excel would take for a formula
//! quoted away.

use std::io::Write;

use fluent_bundle::FluentValue;

use super::{ImportReport, Rejection};
use crate::i18n::{I18n, Locale};

/// The reason of a rejection in words.
pub fn reason(i18n: &I18n, locale: Locale, r: &Rejection) -> String {
    match r.other_row {
        Some(other) => i18n.t_plain(locale, r.reason, &[("row", FluentValue::from(other as i64))]),
        None => i18n.t_plain(locale, r.reason, &[]),
    }
}

/// The one-line summary: `read R, accepted A, rejected X, matched M` (and blank rows skipped).
pub fn summary(report: &ImportReport) -> String {
    format!(
        "read {}, accepted {}, rejected {}, matched {}, skipped blank {}",
        report.read, report.accepted, report.rejected, report.matched, report.skipped_blank
    )
}

pub fn write_csv(report: &ImportReport, i18n: &I18n, locale: Locale, out: impl Write) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::Writer::from_writer(out);
    let head = [
        "import-report-row",
        "import-report-column",
        "import-report-header",
        "import-report-value",
        "import-report-reason",
    ]
    .map(|k| i18n.t_plain(locale, k, &[]));
    writer.write_record(&head).map_err(std::io::Error::other)?;
    for r in &report.rejections {
        let column = r.column.map(mizan_sheet::column_letter).unwrap_or_default();
        writer
            .write_record([
                r.row.to_string(),
                column,
                defuse(&r.header),
                defuse(&r.value),
                reason(i18n, locale, r),
            ])
            .map_err(std::io::Error::other)?;
    }
    writer.flush()
}

/// A cell Excel would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe.
pub fn defuse(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}
