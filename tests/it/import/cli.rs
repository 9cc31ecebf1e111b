//! `mizan import people`: one summary line, and a killed process leaves the store as before.

use super::*;

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
