//! Files as parties have them: an .xlsx with a title row, a Windows-1256 CSV, all or nothing, a
//! large file, a branch's file imported again.

use super::*;

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
