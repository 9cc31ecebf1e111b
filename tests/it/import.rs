//! Imports of the files branches keep: an .xlsx with a title above an Arabic header, a
//! Windows-1256 CSV with French headers, per-row reports, matching instead of duplicating,
//! all-or-nothing, a crash mid-way, and read = accepted + rejected + blank for any file.

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

#[tokio::test]
async fn an_xlsx_with_a_title_above_an_arabic_header_imports_with_a_per_row_report() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let path = branch_workbook(app.dir.path());
    let plan = proposed(&app, &path, Some(&branch)).await;
    assert_eq!(
        plan.header_row, 3,
        "the header sits below the title and a blank row"
    );
    let before = (people(&app).await, branch_members(&app, &branch).await);

    let dry = run(
        &app,
        &path,
        &Plan {
            dry_run: true,
            ..plan.clone()
        },
    )
    .await;
    assert_eq!(
        (people(&app).await, branch_members(&app, &branch).await),
        before,
        "a dry run writes nothing"
    );
    assert!(!dry.landed);

    let done = run(&app, &path, &plan).await;
    assert_eq!(done.format, "XLSX Sheet1");
    assert_eq!(
        (
            done.read,
            done.accepted,
            done.rejected,
            done.skipped_blank,
            done.matched
        ),
        (8, 5, 2, 1, 0),
        "{done:#?}"
    );
    assert_eq!(
        (dry.read, dry.accepted, dry.rejected, dry.skipped_blank),
        (done.read, done.accepted, done.rejected, done.skipped_blank),
        "the dry run said what the import did"
    );
    let bad_cin = done
        .rejections
        .iter()
        .find(|r| r.row == 6)
        .expect("row 6 is reported");
    assert_eq!(
        (bad_cin.column, bad_cin.value.as_str(), bad_cin.reason),
        (Some(4), "ZT-12A4", "field-cin-invalid")
    );
    assert_eq!(bad_cin.header, "رقم البطاقة الوطنية");
    let twice = done
        .rejections
        .iter()
        .find(|r| r.row == 8)
        .expect("row 8 is reported");
    assert_eq!(
        (twice.reason, twice.other_row),
        ("import-duplicate-in-file", Some(4))
    );
    assert!(done.landed);
    assert_eq!(people(&app).await, before.0 + 5);
    assert_eq!(
        branch_members(&app, &branch).await,
        before.1 + 5,
        "the branch's figure follows at once"
    );

    // Phones typed as numbers and Excel dates came through: the person is found by phone.
    let db = &app.state.db;
    let found = mizan::people::search::search(
        db,
        &app.state.key,
        &[mizan::auth::Reach {
            path: None,
            organization: None,
        }],
        &mizan::people::search::Filters {
            query: Some("9877".into()),
            ..Default::default()
        },
        20,
        0,
    )
    .await
    .expect("search");
    assert!(
        found.iter().any(|p| p.family_ar.as_deref() == Some("العلوي")),
        "{found:?}"
    );

    // The same file again: whoever has a CIN or a phone is recognised, already a member; the one
    // row with neither cannot be told from a namesake and is added (dedupe will show the pair).
    let again = run(&app, &path, &plan).await;
    assert_eq!((again.accepted, again.matched), (1, 0));
    assert_eq!(
        (again.already_members, again.unchanged),
        (4, 4),
        "already members are counted as such, not rejected: {again:?}"
    );
    assert!(
        again.rejections.iter().all(|r| r.row != 3),
        "{:?}",
        again.rejections
    );
    assert_eq!(people(&app).await, before.0 + 6);

    // Joining a parallel organization, the people already registered are matched, not created.
    let youth = mizan::organizations::all(db)
        .await
        .expect("organizations")
        .into_iter()
        .find(|o| o.kind != "party" && !o.walled)
        .expect("a parallel organization");
    let joined = run(
        &app,
        &path,
        &Plan {
            organization_id: Some(youth.id),
            ..plan.clone()
        },
    )
    .await;
    assert_eq!((joined.accepted, joined.matched), (5, 4), "{joined:#?}");
    assert_eq!(people(&app).await, before.0 + 7);

    // The report for Excel: a BOM, one line per rejection, reasons in Arabic, `;` as Arabic Excel
    // expects.
    let csv = import::report::table(&done, &app.state.i18n, mizan::i18n::Locale::Ar)
        .to_csv(mizan::i18n::Locale::Ar)
        .expect("report");
    let csv = String::from_utf8(csv).expect("utf-8");
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("6;D;رقم البطاقة الوطنية;ZT-12A4;"), "{csv}");
    assert!(csv.contains("نفس الشخص المذكور في السطر 4"), "{csv}");
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

/// A commune of the branch's province: its French and Arabic names.
async fn commune_near(app: &TestApp, branch: &str) -> (String, String, String) {
    let unit = territory::units_by_code(&app.state.db, &[branch])
        .await
        .expect("query")
        .remove(0);
    let province: String = unit.path.split_inclusive('/').take(4).collect();
    let communes = territory::descendants_at(
        &app.state.db,
        &province,
        mizan::territory::Level::Commune,
        &Scope::Everywhere,
    )
    .await
    .expect("query");
    let c = communes
        .iter()
        .find(|c| c.code != unit.parent_code.clone().unwrap_or_default())
        .expect("another commune");
    (c.code.clone(), c.name_fr.clone(), c.name_ar.clone())
}

#[tokio::test]
async fn a_windows_1256_csv_with_french_headers_places_people_in_their_commune() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let (code, name_fr, name_ar) = commune_near(&app, &branch).await;
    let rows = vec![
        format!("El Alaoui;Mohamed;ZT923456;06 61 23 98 77;14/03/1984;H;{name_fr}"),
        format!("الإدريسي;خديجة;ZT923457;+212 677-889900;1975-12-25;F;{name_ar}"),
        "Tazi;Youssef;ZT923458;0655443322;31/02/2001;H;".to_owned(),
        "Fassi;Souad;ZT923459;0644556677;30/05/1968;F;Atlantis".to_owned(),
        ";;;;;;".to_owned(),
    ];
    let path = french_csv(app.dir.path(), &rows);
    let plan = proposed(&app, &path, Some(&branch)).await;
    assert_eq!(plan.header_row, 1);
    let done = run(&app, &path, &plan).await;
    assert_eq!(done.format, "CSV windows-1256 ;");
    assert_eq!(
        (done.read, done.accepted, done.rejected, done.skipped_blank),
        (5, 2, 2, 1),
        "{done:#?}"
    );
    let february = &done.rejections[0];
    assert_eq!(
        (february.row, february.column, february.reason),
        (4, Some(5), "field-date-nonexistent")
    );
    assert_eq!(february.value, "31/02/2001");
    let atlantis = &done.rejections[1];
    assert_eq!(
        (atlantis.row, atlantis.column, atlantis.reason),
        (5, Some(7), "import-commune-unknown")
    );
    assert_eq!(atlantis.header, "Commune");
    let placed = scalar(
        &app.state.db,
        &format!(
            "SELECT COUNT(*) FROM people WHERE residence_code = '{code}' AND family_latin = 'El Alaoui'"
        ),
    )
    .await;
    assert_eq!(placed, 1, "the French name of the commune placed the person");
    let arabic = scalar(
        &app.state.db,
        &format!("SELECT COUNT(*) FROM people WHERE residence_code = '{code}' AND family_ar = 'الإدريسي'"),
    )
    .await;
    assert_eq!(arabic, 1, "the Arabic name too, and the name kept its script");
}

#[tokio::test]
async fn all_or_nothing_imports_nothing_when_a_row_in_the_middle_is_broken() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let mut rows: Vec<String> = (0..40)
        .map(|i| format!("Alami;Ahmed;ZT8{i:05};06612{i:05};01/01/1990;H;"))
        .collect();
    rows[20] = "Alami;Ahmed;ZT800020;0661200020;01/01/1990;X;".to_owned();
    let path = french_csv(app.dir.path(), &rows);
    let plan = Plan {
        all_or_nothing: true,
        ..proposed(&app, &path, Some(&branch)).await
    };
    let before = (people(&app).await, branch_members(&app, &branch).await);
    let done = run(&app, &path, &plan).await;
    assert_eq!((done.accepted, done.rejected), (39, 1));
    let broken = &done.rejections[0];
    assert_eq!(
        (broken.row, broken.column, broken.reason),
        (22, Some(6), "field-invalid")
    );
    assert!(!done.landed);
    assert_eq!(
        (people(&app).await, branch_members(&app, &branch).await),
        before,
        "nothing landed"
    );

    // Without all-or-nothing, the 39 good rows land.
    let done = run(
        &app,
        &path,
        &Plan {
            all_or_nothing: false,
            ..plan
        },
    )
    .await;
    assert!(done.landed);
    assert_eq!(people(&app).await, before.0 + 39);
}

#[tokio::test]
async fn a_large_import_lands_whole_matches_who_is_registered_and_the_store_takes_the_next_write() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let (_, commune, _) = commune_near(&app, &branch).await;
    // Registered before: a member of the branch, a person met in the field (no membership), and
    // one known by phone and name only.
    let member = french_csv(
        app.dir.path(),
        &["Alami;Ahmed;ZL000001;;01/01/1990;H;".to_owned()],
    );
    assert!(
        run(&app, &member, &proposed(&app, &member, Some(&branch)).await)
            .await
            .landed
    );
    let met = french_csv(
        app.dir.path(),
        &[
            format!("Alami;Ahmed;ZL000002;;01/01/1990;H;{commune}"),
            format!("Bennani;Salma;;0612345678;01/01/1990;F;{commune}"),
        ],
    );
    assert!(run(&app, &met, &proposed(&app, &met, None).await).await.landed);

    // Large enough for a bulk load: indexes set aside and rebuilt; on SQLite the registry's keys
    // read once, and a connection of its own that leaves the checking of references to the import.
    let mut rows: Vec<String> = (0..90_000)
        .map(|i| format!("Alami;Ahmed;ZL{i:06};06{i:08};01/01/1990;H;"))
        .collect();
    rows[3] = "Bennani;Salma;;0612345678;01/01/1990;F;".to_owned();
    let path = french_csv(app.dir.path(), &rows);
    let before = (people(&app).await, branch_members(&app, &branch).await);
    let done = run(&app, &path, &proposed(&app, &path, Some(&branch)).await).await;
    assert!(done.landed);
    assert_eq!(
        (
            done.read,
            done.accepted,
            done.rejected,
            done.matched,
            done.already_members
        ),
        (90_000, 89_999, 0, 2, 1)
    );
    assert_eq!(
        (people(&app).await, branch_members(&app, &branch).await),
        (before.0 + 89_997, before.1 + 89_999)
    );
    let dangling = scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM memberships m LEFT JOIN people p ON p.id = m.person_id \
         LEFT JOIN territory_units u ON u.code = m.branch_code WHERE p.id IS NULL OR u.code IS NULL",
    )
    .await;
    assert_eq!(dangling, 0, "every membership has its person and its branch");
    // The next write goes through (the store's writing connection was given back), and a person
    // of the large file is found again, not added twice.
    let again = french_csv(
        app.dir.path(),
        &[
            "Alami;Ahmed;ZL000042;;01/01/1990;H;".to_owned(),
            "Alami;Ahmed;ZL999999;;01/01/1990;H;".to_owned(),
        ],
    );
    let done = run(&app, &again, &proposed(&app, &again, Some(&branch)).await).await;
    assert!(done.landed);
    assert_eq!((done.accepted, done.rejected, done.already_members), (1, 0, 1));
    assert_eq!(people(&app).await, before.0 + 89_998);
}

/// A branch's list with a profession column, as CSV.
fn list_with_professions(dir: &Path, rows: &[&str]) -> PathBuf {
    let mut text = String::from("Nom;Prénom;N° CIN;Téléphone;Date de naissance;Sexe;Profession\r\n");
    for row in rows {
        text.push_str(row);
        text.push_str("\r\n");
    }
    let path = dir.join("section-mise-a-jour.csv");
    std::fs::write(&path, text).expect("written");
    path
}

async fn found_by_phone_tail(app: &TestApp, tail: &str) -> bool {
    mizan::people::search::search(
        &app.state.db,
        &app.state.key,
        &[mizan::auth::Reach {
            path: None,
            organization: None,
        }],
        &mizan::people::search::Filters {
            query: Some(tail.into()),
            ..Default::default()
        },
        20,
        0,
    )
    .await
    .expect("search")
    .iter()
    .any(|p| p.family_latin.as_deref() == Some("Berrada"))
}

#[tokio::test]
async fn a_branch_file_imported_again_fills_or_updates_known_members_and_lists_the_fields() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let first = list_with_professions(
        app.dir.path(),
        &[
            "Berrada;Nadia;ZT700001;0661700001;;F;",
            "Kettani;Omar;ZT700002;0661700002;12/04/1980;H;",
        ],
    );
    let plan = proposed(&app, &first, Some(&branch)).await;
    assert_eq!(run(&app, &first, &plan).await.accepted, 2);
    let rectified = || {
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'person.rectify'",
        )
    };
    let doctors = || {
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM people WHERE profession = 'Médecin' AND birth_year = 1983",
        )
    };

    // The branch's updated file: Nadia's birth date and profession known now, and a new phone;
    // Omar as before; one newcomer.
    let updated = list_with_professions(
        app.dir.path(),
        &[
            "Berrada;Nadia;ZT700001;0661700099;03/03/1983;F;Médecin",
            "Kettani;Omar;ZT700002;0661700002;12/04/1980;H;",
            "Amrani;Laila;ZT700003;0661700003;;F;",
        ],
    );
    let plan = proposed(&app, &updated, Some(&branch)).await;
    let fill = Plan {
        on_existing: import::OnExisting::Fill,
        ..plan.clone()
    };
    let checked = run(
        &app,
        &updated,
        &Plan {
            dry_run: true,
            ..fill.clone()
        },
    )
    .await;
    assert_eq!(
        (
            checked.accepted,
            checked.already_members,
            checked.unchanged,
            checked.rejected
        ),
        (1, 2, 1, 0),
        "{checked:?}"
    );
    assert_eq!(checked.updated.len(), 1);
    assert_eq!(
        (checked.updated[0].row, checked.updated[0].fields.clone()),
        (
            2,
            vec![
                import::columns::Field::BirthDate,
                import::columns::Field::Profession
            ]
        ),
        "the phone differs, but filling leaves what the record holds"
    );
    assert_eq!(
        (doctors().await, rectified().await),
        (0, 0),
        "a dry run writes nothing"
    );

    let filled = run(&app, &updated, &fill).await;
    assert!(filled.landed);
    assert_eq!((doctors().await, rectified().await), (1, 1));
    assert!(!found_by_phone_tail(&app, "0099").await, "the phone was kept");

    let update = Plan {
        on_existing: import::OnExisting::Update,
        ..plan.clone()
    };
    let changed = run(&app, &updated, &update).await;
    assert_eq!(
        (changed.accepted, changed.already_members, changed.unchanged),
        (0, 3, 2),
        "{changed:?}"
    );
    assert_eq!(changed.updated[0].fields, vec![import::columns::Field::Phone]);
    assert!(
        found_by_phone_tail(&app, "0099").await,
        "the file's phone replaced the old one"
    );
    assert_eq!(
        rectified().await,
        2,
        "each changed record is audited as a rectification"
    );

    // The same file once more changes nothing and says so.
    let again = run(&app, &updated, &update).await;
    assert_eq!(
        (again.already_members, again.unchanged, again.updated.len()),
        (3, 3, 0)
    );
    assert_eq!(rectified().await, 2);
}

fn mizan_command(app: &TestApp) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mizan"));
    command
        .arg("--data-dir")
        .arg(app.dir.path().join("data"))
        .env_remove("MIZAN_DATABASE_URL")
        .env("MIZAN_LOG", "warn");
    if let Some(url) = app.database_url() {
        command.arg("--database-url").arg(url);
    }
    command
}

#[tokio::test]
async fn the_command_line_prints_one_summary_line_and_fails_only_on_an_unreadable_file() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let path = branch_workbook(app.dir.path());
    let report_path = app.dir.path().join("report.csv");
    let output = mizan_command(&app)
        .args(["import", "people"])
        .arg(&path)
        .args(["--branch", &branch, "--lang", "fr", "--report"])
        .arg(&report_path)
        .output()
        .expect("mizan runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout.lines().next(),
        Some(
            "read 8, accepted 5, rejected 2, matched 0, already members 0 (unchanged 0), updated 0, skipped blank 1"
        )
    );
    let report = std::fs::read_to_string(&report_path).expect("the report");
    assert!(
        report.contains("La même personne que la ligne 4 du fichier."),
        "{report}"
    );

    let broken = app.dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 this is not a workbook").expect("written");
    let output = mizan_command(&app)
        .args(["import", "people"])
        .arg(&broken)
        .args(["--branch", &branch])
        .output()
        .expect("mizan runs");
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("cannot import"),
        "says why"
    );
}

#[tokio::test]
async fn killing_the_process_during_a_large_import_leaves_the_store_as_before() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let rows: Vec<String> = (0..300_000)
        .map(|i| format!("Alami;Ahmed;ZX{i:06};;01/01/1990;H;"))
        .collect();
    let path = french_csv(app.dir.path(), &rows);
    let before = (people(&app).await, branch_members(&app, &branch).await);
    let mut child = mizan_command(&app)
        .args(["import", "people"])
        .arg(&path)
        .args(["--branch", &branch])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("mizan starts");
    // Wait until rows are being written, then kill it without warning.
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    let progress = lines.find(|l| l.as_ref().is_ok_and(|l| l.starts_with("progress: read 20000")));
    assert!(progress.is_some(), "the import got under way");
    child.kill().expect("killed");
    child.wait().expect("reaped");
    assert_eq!(
        (people(&app).await, branch_members(&app, &branch).await),
        before,
        "no partial import"
    );
    // The store is whole and writable: an import right after goes through.
    let small = french_csv(
        app.dir.path(),
        &["Alami;Ahmed;ZX999999;;01/01/1990;H;".to_owned()],
    );
    let done = run(&app, &small, &proposed(&app, &small, Some(&branch)).await).await;
    assert!(done.landed);
    assert_eq!(people(&app).await, before.0 + 1);
}

/// Cells a branch file may hold: good values, bad ones, empty ones.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("العلوي".to_owned()),
        Just("Bennani".to_owned()),
        Just("ZT123456".to_owned()),
        Just("C 12".to_owned()),
        Just("0612345678".to_owned()),
        Just("31/02/1990".to_owned()),
        Just("14/03/1984".to_owned()),
        Just("\"quoted; with delimiter\"".to_owned()),
        "[a-zA-Z0-9 éابتثجحخدذرسشصضطظعغفقكلمنهوي]{0,12}",
    ]
}

#[test]
fn for_any_file_read_is_accepted_plus_already_members_plus_rejected_plus_blank() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let app = runtime.block_on(TestApp::new());
    let branch: String = runtime.block_on(async {
        mizan::demo::run(&app.state, &crate::helpers::demo_options())
            .await
            .expect("demo");
        let db = &app.state.db;
        territory::descendants_at(db, "/", mizan::territory::Level::Branch, &Scope::Everywhere)
            .await
            .expect("branches")
            .remove(0)
            .code
    });
    let config = ProptestConfig {
        cases: 40,
        ..ProptestConfig::default()
    };
    proptest!(config, |(rows in prop::collection::vec(prop::collection::vec(cell(), 0..8), 0..30))| {
        let lines: Vec<String> = rows.iter().map(|r| r.join(";")).collect();
        let path = french_csv(app.dir.path(), &lines);
        runtime.block_on(async {
            let plan = Plan { dry_run: true, ..proposed(&app, &path, Some(&branch)).await };
            let done = run(&app, &path, &plan).await;
            prop_assert_eq!(done.read, done.accepted + done.already_members + done.rejected + done.skipped_blank, "{:?}", done);
            // Blank lines at the very end of a text file are no rows; blank lines before are.
            let trailing = lines.iter().rev().take_while(|l| l.is_empty()).count();
            prop_assert_eq!(done.read, rows.len() - trailing);
            Ok(())
        })?;
    });
}

/// A file as a browser uploads it.
fn multipart(file_name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----mizan-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Reads the job's page until its step has finished.
async fn settled(browser: &mut crate::helpers::Browser<'_>, url: &str) -> crate::helpers::TestResponse {
    for _ in 0..400 {
        let page = browser.get(url).await;
        assert_eq!(page.status, axum::http::StatusCode::OK, "{}", page.body);
        if page.count("progress") == 0 {
            return page;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the import step did not finish");
}

#[tokio::test]
async fn a_branch_secretary_uploads_checks_and_imports_a_workbook_in_the_browser() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let mut browser = app.browser();
    browser.login("branch.rural", PASSWORD).await;
    let form = browser.get(&format!("/territory/{branch}/people/import")).await;
    assert_eq!(form.status, axum::http::StatusCode::OK, "{}", form.body);
    let action = form
        .attr("form[enctype='multipart/form-data']", "action")
        .expect("an upload form");
    let bytes = std::fs::read(branch_workbook(app.dir.path())).expect("the workbook");
    let (content_type, body) = multipart("فرع.xlsx", &bytes);

    // Without its anti-forgery token, an upload is refused.
    let path = format!("/territory/{branch}/people/import");
    let refused = browser
        .request(axum::http::Method::POST, &path, Some(&content_type), body.clone())
        .await;
    assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN);

    let uploaded = browser
        .request(axum::http::Method::POST, &action, Some(&content_type), body)
        .await;
    assert_eq!(
        uploaded.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        uploaded.body
    );
    let job = uploaded.location().expect("the job's page").to_owned();
    let page = browser.get(&job).await;
    assert_eq!(
        page.attr("input[name=header_row]", "value").as_deref(),
        Some("3"),
        "the header was found"
    );
    assert_eq!(
        page.attr("select[name=col_1] option[selected]", "value")
            .as_deref(),
        Some("family_name")
    );
    assert_eq!(
        page.attr("select[name=col_3] option[selected]", "value")
            .as_deref(),
        Some("cin")
    );
    assert_eq!(
        page.attr("select[name=col_0] option[selected]", "value")
            .as_deref(),
        None,
        "the row number is left out"
    );
    assert_eq!(
        page.attr("select#on_existing option[selected]", "value")
            .as_deref(),
        Some("skip"),
        "people already registered are left as they are unless the secretary says otherwise"
    );

    // Check: the per-row report, and nothing written.
    let before = people(&app).await;
    let fields = [
        ("step", "check"),
        ("header_row", "3"),
        ("col_1", "family_name"),
        ("col_2", "given_name"),
        ("col_3", "cin"),
        ("col_4", "phone"),
        ("col_5", "birth_date"),
    ];
    // Two columns into one field: said on the page, nothing runs.
    let twice: Vec<(&str, &str)> = fields.iter().copied().chain([("col_0", "phone")]).collect();
    browser.post_form(&job, &twice).await;
    let page = browser.get(&job).await;
    assert!(page.body.contains("عمودان يذهبان إلى نفس الحقل"), "{}", page.body);
    assert_eq!(page.count("progress"), 0);

    // All or nothing, with rejected rows: nothing could land, so there is nothing to confirm.
    let strict: Vec<(&str, &str)> = fields.iter().copied().chain([("all_or_nothing", "on")]).collect();
    browser.post_form(&job, &strict).await;
    let page = settled(&mut browser, &job).await;
    assert_eq!(page.texts("dd[data-count=rejected]"), vec!["2"], "{}", page.body);
    assert_eq!(
        page.count("input[name=step][value=import]"),
        0,
        "no import to confirm"
    );
    assert_eq!(
        page.count("input[name=step][value=check]"),
        1,
        "the columns can be changed and checked again"
    );

    let checked = browser.post_form(&job, &fields).await;
    assert_eq!(
        checked.status,
        axum::http::StatusCode::SEE_OTHER,
        "{}",
        checked.body
    );
    let page = settled(&mut browser, &job).await;
    assert_eq!(page.count("input[name=step][value=import]"), 1);
    assert_eq!(page.texts("dd[data-count=accepted]"), vec!["5"], "{}", page.body);
    assert_eq!(page.texts("dd[data-count=rejected]"), vec!["2"]);
    let rows: Vec<String> = page.texts("tr[data-row] td:first-child");
    assert_eq!(rows, vec!["6", "8"]);
    assert!(
        page.body.contains("نفس الشخص المذكور في السطر 4"),
        "reasons in Arabic"
    );
    assert_eq!(people(&app).await, before, "a check writes nothing");

    // Someone else cannot see this upload.
    let mut other = app.browser();
    other.login("coord.taounate", PASSWORD).await;
    assert_eq!(other.get(&job).await.status, axum::http::StatusCode::NOT_FOUND);

    // Import what was checked.
    let imported = browser.post_form(&job, &[("step", "import")]).await;
    assert_eq!(imported.status, axum::http::StatusCode::SEE_OTHER);
    let page = settled(&mut browser, &job).await;
    assert_eq!(page.texts("dd[data-count=accepted]"), vec!["5"], "{}", page.body);
    assert_eq!(people(&app).await, before + 5);

    // The report of rejected rows is an audited export.
    let csv = browser.get(&format!("{job}/report.csv")).await;
    assert_eq!(csv.status, axum::http::StatusCode::OK);
    assert!(
        csv.body.starts_with('\u{feff}') && csv.body.contains("ZT-12A4"),
        "{}",
        csv.body
    );
    let actions: Vec<String> = mizan::audit::latest(&app.state.db, 10)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.iter().any(|a| a == "people.import.report"), "{actions:?}");
    assert!(actions.iter().any(|a| a == "people.import"), "{actions:?}");
}
