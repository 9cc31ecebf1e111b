//! Imports of the files branches keep: an .xlsx with a title above an Arabic header, a
//! Windows-1256 CSV with French headers, per-row reports, matching instead of duplicating,
//! all-or-nothing, a crash mid-way, and read = accepted + rejected + blank for any file.

mod cli;
mod files;
mod properties;
mod upload;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mizan::auth::Scope;
use mizan::people::import::{self, ImportReport, Plan};
use mizan::territory::store as territory;
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::helpers::{PASSWORD, TestApp, rural_branch, scalar};

/// The plan Mizan proposes for a file (header and columns found by themselves).
async fn proposed(app: &TestApp, path: &Path, branch: Option<&str>) -> Plan {
    let inspection = import::inspect(&import::Source::File(path.to_owned())).expect("the file opens");
    let (header_row, mapping) = inspection.header.expect("a header row is found");
    let branch = match branch {
        Some(code) => territory::units_by_code(&app.state.db, &[code])
            .await
            .expect("query")
            .into_iter()
            .next(),
        None => None,
    };
    Plan {
        header_row,
        headers: inspection
            .rows
            .iter()
            .find(|r| r.number == header_row)
            .map(|r| r.cells.clone())
            .unwrap_or_default(),
        mapping,
        organization_id: None,
        branch,
        residence: None,
        dry_run: false,
        all_or_nothing: false,
        on_existing: import::OnExisting::Skip,
        file_name: "test".into(),
    }
}

async fn run(app: &TestApp, path: &Path, plan: &Plan) -> ImportReport {
    import::run(
        &app.state,
        &mizan::auth::Permit::cli(),
        &import::Source::File(path.to_owned()),
        plan,
        &|_| {},
    )
    .await
    .expect("the file is processed")
}

async fn people(app: &TestApp) -> i64 {
    scalar(&app.state.db, "SELECT COUNT(*) FROM people").await
}

async fn branch_members(app: &TestApp, branch: &str) -> i64 {
    scalar(
        &app.state.db,
        &format!(
            "SELECT CAST(COALESCE(SUM(r.active_members), 0) AS BIGINT) FROM membership_rollups r JOIN organizations o \
             ON o.id = r.organization_id AND o.kind = 'party' WHERE r.unit_code = '{branch}'"
        ),
    )
    .await
}

/// A branch's list as kept in Excel: a title, a blank row, then an Arabic header; birth dates as
/// Excel dates, phones as numbers (the leading 0 lost), one bad CIN, one person twice.
fn branch_workbook(dir: &Path) -> PathBuf {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    sheet
        .write_string(0, 0, "لائحة المنخرطين - فرع تاونات 2026")
        .expect("cell");
    let header = [
        "الرقم",
        "الاسم العائلي",
        "الاسم الشخصي",
        "رقم البطاقة الوطنية",
        "الهاتف",
        "تاريخ الازدياد",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).expect("cell");
    }
    type Member<'a> = (&'a str, &'a str, &'a str, f64, (u16, u8, u8));
    let rows: [Member; 6] = [
        ("العلوي", "محمد", "ZT123456", 661239877.0, (1984, 3, 14)),
        ("Bennani", "Fatima Zahra", "ZT234567", 612345678.0, (1990, 7, 1)),
        ("الإدريسي", "خديجة", "ZT-12A4", 677889900.0, (1975, 12, 25)),
        ("التازي", "يوسف", "ZT345678", 655443322.0, (2001, 1, 9)),
        ("العلوي", "محمد", "zt 123456", 661239877.0, (1984, 3, 14)),
        ("الفاسي", "سعاد", "ZT456789", 644556677.0, (1968, 5, 30)),
    ];
    for (i, (family, given, cin, phone, (y, m, d))) in rows.into_iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_number(r, 0, (i + 1) as f64).expect("cell");
        sheet.write_string(r, 1, family).expect("cell");
        sheet.write_string(r, 2, given).expect("cell");
        sheet.write_string(r, 3, cin).expect("cell");
        sheet.write_number(r, 4, phone).expect("cell");
        let when = ExcelDateTime::from_ymd(y, m, d).expect("date");
        sheet
            .write_datetime_with_format(r, 5, &when, &date)
            .expect("cell");
    }
    // A blank row, then one more member.
    sheet.write_string(10, 1, "الحسني").expect("cell");
    sheet.write_string(10, 2, "عمر").expect("cell");
    let path = dir.join("branch.xlsx");
    workbook.save(&path).expect("saved");
    path
}

/// A French branch file as Arabic Excel saves "CSV": Windows-1256, `;`, a commune column.
fn french_csv(dir: &Path, rows: &[String]) -> PathBuf {
    let mut text = String::from("Nom;Prénom;N° CIN;Téléphone;Date de naissance;Sexe;Commune\r\n");
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(&text);
    assert!(!unmappable);
    let path = dir.join("section.csv");
    std::fs::write(&path, bytes).expect("written");
    path
}
