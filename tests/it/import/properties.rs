//! For any file: every line read is accepted, already a member, rejected or blank.

use super::*;

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
