//! The registry: search in either script within the caller's reach, a person's file (audited, CIN
//! masked until revealed for a reason), adding people with errors said field by field.

use axum::http::{Method, StatusCode};
use mizan::audit::{self, Actor};
use mizan::auth::Role;
use mizan::people::actions::create_person;
use mizan::people::draft::PersonDraft;
use mizan::store::Db;

use crate::helpers::{PASSWORD, TestApp, api, rural_branch, scalar};

async fn add(app: &TestApp, place: &str, draft: PersonDraft) -> String {
    create_person(&app.state, &mizan::auth::Permit::cli(), place, &draft)
        .await
        .expect("created")
}

fn alaoui(phone: &str, cin: &str) -> PersonDraft {
    PersonDraft {
        given_ar: "محمد".into(),
        family_ar: "العلوي".into(),
        given_latin: "Mohammed".into(),
        family_latin: "El Alaoui".into(),
        phone: phone.into(),
        cin: cin.into(),
        sex: "m".into(),
        birth_date: "14/03/1984".into(),
        ..PersonDraft::default()
    }
}

async fn uids_on_page(browser: &mut crate::helpers::Browser<'_>, query: &str) -> Vec<String> {
    let page = browser.get(&format!("/people?q={}", urlencode(query))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let selector = scraper::Selector::parse("tr[data-uid]").expect("selector");
    page.html()
        .select(&selector)
        .filter_map(|r| r.value().attr("data-uid").map(str::to_owned))
        .collect()
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("q", s)])
        .expect("encodable")
        .trim_start_matches("q=")
        .to_owned()
}

#[tokio::test]
async fn a_branch_secretary_finds_mohamed_alaoui_however_it_is_typed_and_only_in_their_branch() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let ours = add(&app, &branch, alaoui("06 61 23 98 77", "ZT90001")).await;
    // The same name elsewhere, outside the secretary's branch.
    let theirs = add(&app, "03.561.01.01", alaoui("0661239877", "CD90002")).await;

    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    for typed in [
        "mohamed alaoui",
        "محمد العلوى",
        "Muhammad Alaoui",
        "مُحمّد",
        "9877",
        "0661239877",
        "zt 90001",
    ] {
        let found = uids_on_page(&mut secretary, typed).await;
        assert!(
            found.contains(&ours),
            "{typed:?} finds the member of the branch: {found:?}"
        );
        assert!(
            !found.contains(&theirs),
            "{typed:?} never shows someone outside the branch"
        );
    }
    // Nobody outside the branch's reach appears, whatever is searched.
    let everyone = uids_on_page(&mut secretary, "").await;
    assert!(!everyone.is_empty());
    let db = &app.state.db;
    for uid in everyone {
        let sql = "SELECT COUNT(*) FROM people p WHERE p.uid = $1 AND (p.residence_path LIKE $2 OR p.id IN \
                   (SELECT person_id FROM memberships WHERE branch_path LIKE $2))";
        let place = format!(
            "%/{}/%",
            branch.rsplit_once('-').map_or(branch.as_str(), |(c, _)| c)
        );
        let n: i64 = match db {
            Db::Sqlite { reader, .. } => {
                sqlx::query_scalar(sql)
                    .bind(&uid)
                    .bind(&place)
                    .fetch_one(reader)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar(sql)
                    .bind(&uid)
                    .bind(&place)
                    .fetch_one(pool)
                    .await
            }
        }
        .expect("query");
        assert_eq!(n, 1, "{uid} belongs to the branch's commune");
    }
}

#[tokio::test]
async fn opening_a_file_is_audited_and_the_cin_shows_only_for_a_reason() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let uid = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let file = secretary.get(&format!("/people/{uid}")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("cache-control"), Some("no-store"));
    assert_eq!(file.texts("dd.cin"), vec!["ZT***01"]);
    assert_eq!(
        file.texts("dd.phone"),
        vec!["+212 6 61 23 98 77"],
        "grouped to be read"
    );
    assert_eq!(
        file.attr("dd.phone a", "href").as_deref(),
        Some("tel:+212661239877"),
        "and a tap calls it"
    );
    assert!(!file.body.contains("ZT90001"));
    let memberships = file.texts("table.memberships tbody tr");
    assert_eq!(memberships.len(), 1, "joined the party at the branch");

    let refused = secretary
        .post_form(&format!("/people/{uid}/cin"), &[("reason", "")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.texts("#reason-error"),
        vec!["اكتب سبباً (5 أحرف على الأقل)."]
    );
    let shown = secretary
        .post_form(
            &format!("/people/{uid}/cin"),
            &[("reason", "تحقق من هوية المنخرط قبل الجمع العام")],
        )
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.texts("dd.cin"), vec!["ZT90001"]);

    let entries = audit::latest(&app.state.db, 10).await.expect("audit");
    let reveal = entries
        .iter()
        .find(|e| e.action == "person.cin.reveal")
        .expect("the reveal is logged");
    assert_eq!(reveal.actor, "branch.rural");
    assert_eq!(reveal.target_id, uid);
    assert!(reveal.details.contains("الجمع العام"), "{}", reveal.details);
    let reads = entries
        .iter()
        .filter(|e| e.action == "person.read" && e.target_id == uid)
        .count();
    assert!(reads >= 2, "every opening is logged ({reads})");
}

#[tokio::test]
async fn a_viewer_never_opens_a_personal_record_and_a_coordinator_not_outside_their_province() {
    let (app, report) = TestApp::with_demo().await;
    let uid = add(&app, &rural_branch(&report), alaoui("0661239877", "ZT90001")).await;
    let mut viewer = app.browser();
    viewer.login("viewer", PASSWORD).await;
    assert_eq!(viewer.get("/people").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.get(&format!("/people/{uid}")).await.status,
        StatusCode::FORBIDDEN
    );
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    assert_eq!(
        taza.get(&format!("/people/{uid}")).await.status,
        StatusCode::NOT_FOUND
    );
    let mut taounate = app.browser();
    taounate.login("coord.taounate", PASSWORD).await;
    assert_eq!(
        taounate.get(&format!("/people/{uid}")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_officer_of_the_youth_wing_sees_its_members_only_and_the_union_stays_walled() {
    let (app, _) = TestApp::with_demo().await;
    let token = {
        let mut browser = app.browser();
        browser.login("youth.officer", PASSWORD).await;
        mizan::auth::actions::create_token(&app.state, &Actor::cli(), "youth.officer", "t", None)
            .await
            .expect("token")
    };
    let listed = api(&app, Method::GET, "/api/v1/people?limit=200", Some(&token), None).await;
    assert_eq!(listed.status, StatusCode::OK);
    let items = listed.json()["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    for item in &items {
        let uid = item["uid"].as_str().expect("uid");
        let file = api(
            &app,
            Method::GET,
            &format!("/api/v1/people/{uid}"),
            Some(&token),
            None,
        )
        .await
        .json();
        let orgs: Vec<&str> = file["memberships"]
            .as_array()
            .expect("memberships")
            .iter()
            .filter_map(|m| m["organization_code"].as_str())
            .collect();
        assert!(orgs.contains(&"youth"), "{uid} is a youth member: {orgs:?}");
        assert!(
            !orgs.contains(&"union"),
            "the union's memberships stay walled: {orgs:?}"
        );
    }
    // The national administrator sees union memberships.
    let admin = mizan::auth::actions::create_token(&app.state, &Actor::cli(), "admin", "t", None)
        .await
        .expect("token");
    let union_member: String = {
        let sql = "SELECT p.uid FROM people p JOIN memberships m ON m.person_id = p.id \
                   JOIN organizations o ON o.id = m.organization_id WHERE o.code = 'union' LIMIT 1";
        match &app.state.db {
            Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_one(reader).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .expect("a union member")
    };
    let file = api(
        &app,
        Method::GET,
        &format!("/api/v1/people/{union_member}"),
        Some(&admin),
        None,
    )
    .await
    .json();
    assert!(
        file["memberships"]
            .as_array()
            .expect("list")
            .iter()
            .any(|m| m["organization_code"] == "union")
    );
}

#[tokio::test]
async fn a_person_typed_wrong_comes_back_with_each_error_beside_its_field() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    secretary.accept_language = Some("fr".into());
    // The account's language wins over the browser's: switch the account to French first.
    secretary
        .post_form("/language", &[("locale", "fr"), ("next", "/")])
        .await;
    let response = secretary
        .post_form(
            &format!("/territory/{branch}/people/new"),
            &[
                ("family_ar", "Benali"),
                ("given_ar", ""),
                ("given_latin", "Karim"),
                ("cin", "123456"),
                ("phone", "04 12"),
                ("birth_date", "31/02/1990"),
                ("email", "karim@"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.texts("#family_ar-error"),
        vec!["Écrivez ce nom en caractères arabes."]
    );
    assert_eq!(
        response.texts("#cin-error"),
        vec!["CIN : une ou deux lettres puis des chiffres, comme AB123456."]
    );
    assert_eq!(
        response.texts("#phone-error"),
        vec!["Numéro de téléphone invalide, par exemple 0612345678."]
    );
    assert_eq!(
        response.texts("#birth_date-error"),
        vec!["Cette date n’existe pas (vérifiez le jour et le mois)."]
    );
    assert_eq!(
        response.texts("#email-error"),
        vec!["Adresse électronique invalide."]
    );
    assert_eq!(
        response.attr("#given_latin", "value").as_deref(),
        Some("Karim"),
        "what was typed is kept"
    );
    // Above the form, once: every mistake, each a link to its field, and the focus on the list.
    assert_eq!(
        response.count(".error-summary[autofocus][role=alert]"),
        1,
        "the summary takes the focus"
    );
    let links: Vec<String> = ["family_ar", "cin", "phone", "birth_date", "email"]
        .iter()
        .map(|f| format!("#{f}"))
        .collect();
    let hrefs: Vec<String> = links
        .iter()
        .filter_map(|l| response.attr(&format!(".error-summary a[href='{l}']"), "href"))
        .collect();
    assert_eq!(hrefs, links, "each field's mistake links to it");
    assert_eq!(
        response.texts(".error-summary a[href='#email']"),
        vec!["Adresse électronique invalide."]
    );

    let taken = secretary
        .post_form(
            &format!("/territory/{branch}/people/new"),
            &[
                ("family_latin", "Benali"),
                ("given_latin", "Karim"),
                ("cin", "zt 90001"),
            ],
        )
        .await;
    assert_eq!(
        taken.texts("#cin-error"),
        vec!["Cette CIN appartient déjà à une autre personne."]
    );
    let before = mizan::people::store::count_people(&app.state.db)
        .await
        .expect("count");
    let ok = secretary
        .post_form(
            &format!("/territory/{branch}/people/new"),
            &[
                ("family_latin", "Benali"),
                ("given_latin", "Karim"),
                ("phone", "0612 34 56 78"),
                ("sex", "m"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(
        mizan::people::store::count_people(&app.state.db)
            .await
            .expect("count"),
        before + 1
    );
    let file = secretary.get(ok.location().expect("the new file")).await;
    assert_eq!(file.texts("dd.phone"), vec!["+212 6 12 34 56 78"]);
}

#[tokio::test]
async fn a_new_member_counts_at_once_in_the_branch_and_above() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let count = |code: String| {
        let state = app.state.clone();
        async move { crate::helpers::members_at(&state, &code).await }
    };
    let before = (
        count(branch.clone()).await,
        count("03.531".into()).await,
        count("MA".into()).await,
    );
    add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let after = (
        count(branch.clone()).await,
        count("03.531".into()).await,
        count("MA".into()).await,
    );
    assert_eq!(after, (before.0 + 1, before.1 + 1, before.2 + 1));
}

#[tokio::test]
async fn the_search_page_works_for_a_user_created_with_a_role() {
    let app = TestApp::new().await;
    let mut browser = app.signed_in("entry", Role::DataEntry, Some("03.561")).await;
    let page = browser.get("/people?q=nobody").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("tr[data-uid]"), 0);
    assert!(page.texts(".muted").iter().any(|t| t.contains("لا أحد")));
}

#[tokio::test]
async fn a_list_exports_to_csv_and_xlsx_within_reach_with_contacts_only_for_editors_and_audited() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let ours = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let csv = secretary.get("/people.csv?q=alaoui").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(
        csv.body.starts_with('\u{feff}'),
        "a BOM, so that Excel shows Arabic"
    );
    let mut lines = csv.body.trim_start_matches('\u{feff}').lines();
    let header = lines.next().expect("a header");
    assert!(
        header.starts_with("الاسم العائلي بالعربية;الاسم الشخصي بالعربية"),
        "{header}"
    );
    assert!(
        header.contains("الهاتف"),
        "a branch secretary sees contacts: {header}"
    );
    let ours_line = lines
        .clone()
        .find(|l| l.ends_with(&ours))
        .expect("the member is exported");
    assert!(
        ours_line.contains("العلوي") && ours_line.contains("'+212661239877"),
        "{ours_line}"
    );
    assert!(!csv.body.contains("ZT90001"), "never the CIN");
    // Only people within the branch's reach (the whole export, not a page).
    let all = secretary.get("/people.csv").await;
    let uids: Vec<&str> = all
        .body
        .lines()
        .skip(1)
        .filter_map(|l| l.rsplit(';').next())
        .collect();
    assert!(uids.contains(&ours.as_str()));
    let db = &app.state.db;
    let place = format!(
        "%/{}/%",
        branch.rsplit_once('-').map_or(branch.as_str(), |(c, _)| c)
    );
    for uid in &uids {
        let n = crate::helpers::scalar(
            db,
            &format!(
                "SELECT COUNT(*) FROM people p WHERE p.uid = '{uid}' AND (p.residence_path LIKE '{place}' \
                 OR p.id IN (SELECT person_id FROM memberships WHERE branch_path LIKE '{place}'))"
            ),
        )
        .await;
        assert_eq!(n, 1, "{uid} is within the branch's reach");
    }

    // A workbook: right to left for an Arabic reader, phones as text.
    let xlsx = secretary.get("/people.xlsx?q=alaoui").await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let raw = xlsx.bytes;
    let mut rows = Vec::new();
    mizan_sheet::read_bytes(&raw, &mizan_sheet::Limits::default(), |r| {
        rows.push(r.cells);
        mizan_sheet::Next::More
    })
    .expect("a workbook");
    assert!(
        rows.iter().any(|r| r.contains(&"+212661239877".to_owned())),
        "{rows:?}"
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(raw)).expect("a zip");
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").expect("a sheet"),
        &mut sheet,
    )
    .expect("xml");
    assert!(sheet.contains("rightToLeft=\"1\""), "right to left for Arabic");

    // A data-protection officer may read the registry but not edit it: no contact columns.
    let mut reviewer = app
        .signed_in("reviewer", Role::DataProtectionOfficer, Some(&branch))
        .await;
    let csv = reviewer.get("/people.csv?q=alaoui").await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.body);
    assert!(
        !csv.body.contains("الهاتف") && !csv.body.contains("+212"),
        "{}",
        csv.body
    );

    let exports: Vec<String> = audit::latest(&app.state.db, 20)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == "people.export")
        .map(|e| e.actor)
        .collect();
    assert_eq!(
        exports.iter().filter(|a| *a == "branch.rural").count(),
        3,
        "{exports:?}"
    );
    assert!(exports.iter().any(|a| a == "reviewer"));
}

#[tokio::test]
async fn duplicates_are_found_within_reach_and_merged_field_by_field_with_nothing_lost() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    // The same woman twice: in Arabic with her CIN, and in Latin with the same phone and an e-mail.
    let kept = add(
        &app,
        &branch,
        PersonDraft {
            given_ar: "خديجة".into(),
            family_ar: "الإدريسي".into(),
            phone: "0677889900".into(),
            cin: "ZT70001".into(),
            sex: "f".into(),
            ..PersonDraft::default()
        },
    )
    .await;
    let merged = add(
        &app,
        &branch,
        PersonDraft {
            given_latin: "Khadija".into(),
            family_latin: "El Idrissi".into(),
            phone: "+212 677-889900".into(),
            email: "k.idrissi@example.com".into(),
            ..PersonDraft::default()
        },
    )
    .await;
    // And a man written once in each script, without a phone: similar names in one commune.
    let arabic = add(
        &app,
        &branch,
        PersonDraft {
            given_ar: "محمد".into(),
            family_ar: "التازي".into(),
            ..PersonDraft::default()
        },
    )
    .await;
    let latin = add(
        &app,
        &branch,
        PersonDraft {
            given_latin: "Mohammed".into(),
            family_latin: "Tazi".into(),
            ..PersonDraft::default()
        },
    )
    .await;

    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let list = secretary.get("/people/duplicates").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let pairs: Vec<String> = {
        let selector = scraper::Selector::parse("tr[data-pair]").expect("selector");
        list.html()
            .select(&selector)
            .filter_map(|r| r.value().attr("data-pair").map(str::to_owned))
            .collect()
    };
    assert!(
        pairs.contains(&format!("{kept} {merged}")),
        "same phone: {pairs:?}"
    );
    assert!(
        pairs.contains(&format!("{arabic} {latin}")),
        "similar names: {pairs:?}"
    );
    let mut taza = app.signed_in("taza", Role::Coordinator, Some("03.561")).await;
    let elsewhere = taza.get("/people/duplicates").await;
    assert!(
        !elsewhere.body.contains(&kept),
        "never outside the caller's reach"
    );
    assert_eq!(
        taza.post_form(&format!("/people/{kept}/merge/{merged}"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let screen = secretary.get(&format!("/people/{kept}/merge/{merged}")).await;
    assert_eq!(screen.status, StatusCode::OK, "{}", screen.body);
    assert_eq!(
        screen.attr("input[name=take_email][checked]", "value").as_deref(),
        Some("other"),
        "where the kept record has nothing, the other's value is proposed"
    );
    let before = crate::helpers::scalar(&app.state.db, "SELECT COUNT(*) FROM people").await;
    let done = secretary
        .post_form(
            &format!("/people/{kept}/merge/{merged}"),
            &[
                ("take_given_latin", "other"),
                ("take_family_latin", "other"),
                ("take_email", "other"),
                ("take_cin", "keep"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), Some(format!("/people/{kept}").as_str()));
    let after = crate::helpers::scalar(&app.state.db, "SELECT COUNT(*) FROM people").await;
    assert_eq!(after, before - 1);

    // One record now, with the fields chosen from each and both memberships.
    let file = api(
        &app,
        Method::GET,
        &format!("/api/v1/people/{kept}"),
        Some(&app.token_for("dpo.check", Role::NationalAdmin, None).await),
        None,
    )
    .await;
    let file = file.json();
    assert_eq!(file["given_ar"], "خديجة");
    assert_eq!(file["given_latin"], "Khadija");
    assert_eq!(file["email"], "k.idrissi@example.com");
    assert_eq!(file["cin_masked"], "ZT***01");
    assert_eq!(file["memberships"].as_array().map(Vec::len), Some(2), "{file}");
    // The old address leads to the survivor, and search finds her under either spelling.
    let old = secretary.get(&format!("/people/{merged}")).await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(old.location(), Some(format!("/people/{kept}").as_str()));
    assert!(
        uids_on_page(&mut secretary, "khadija idrissi")
            .await
            .contains(&kept)
    );
    // The merged record is kept whole, sealed, in the history of the merge.
    let sealed: Vec<u8> = match &app.state.db {
        Db::Sqlite { reader, .. } => {
            sqlx::query_scalar("SELECT merged_record FROM person_merges WHERE merged_uid = $1")
                .bind(&merged)
                .fetch_one(reader)
                .await
        }
        Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT merged_record FROM person_merges WHERE merged_uid = $1")
                .bind(&merged)
                .fetch_one(pool)
                .await
        }
    }
    .expect("the merge's history");
    let history = app
        .state
        .key
        .open_text(&format!("person_merges/{merged}"), &sealed)
        .expect("opens with its uid");
    assert!(
        history.contains("Khadija") && history.contains("+212677889900"),
        "{history}"
    );
    let merges: Vec<String> = audit::latest(&app.state.db, 20)
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == "person.merge")
        .map(|e| e.details)
        .collect();
    assert!(merges.iter().any(|d| d.contains(&merged)), "{merges:?}");
}

#[tokio::test]
async fn a_person_gets_everything_held_about_them_their_consents_and_a_real_erasure() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let uid = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    assert_eq!(
        secretary.get(&format!("/people/{uid}")).await.status,
        StatusCode::OK
    );
    let consent = [
        ("purpose", "convocations"),
        ("answer", "given"),
        ("method", "paper"),
        ("collected_by", "فاطمة، كاتبة الفرع"),
        ("notice_version", "2026-01"),
    ];
    let recorded = secretary
        .post_form(&format!("/people/{uid}/consents"), &consent)
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    let page = secretary.get(&format!("/people/{uid}")).await;
    assert_eq!(page.count("tr[data-purpose=convocations]"), 1);
    let unanswered = secretary
        .post_form(
            &format!("/people/{uid}/consents"),
            &[
                ("purpose", "news"),
                ("method", "web"),
                ("notice_version", "2026-01"),
            ],
        )
        .await;
    assert_eq!(unanswered.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unanswered.count("#answer-error"), 1, "said beside the field");

    // The data-protection officer hands the person everything held about them.
    let mut dpo = app.signed_in("dpo", Role::DataProtectionOfficer, None).await;
    let export = dpo.get(&format!("/people/{uid}/subject.json")).await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    let file = export.json();
    assert_eq!(file["cin"], "ZT90001");
    assert_eq!(file["person"]["phone"], "+212661239877");
    assert_eq!(file["person"]["memberships"].as_array().map(Vec::len), Some(1));
    assert_eq!(file["consents"][0]["purpose"], "convocations");
    assert_eq!(file["consents"][0]["given"], true);
    let accesses: Vec<(String, String)> = file["accesses"]
        .as_array()
        .expect("accesses")
        .iter()
        .map(|a| {
            (
                a["actor"].as_str().unwrap_or("").to_owned(),
                a["action"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(
        accesses.contains(&("branch.rural".to_owned(), "person.read".to_owned())),
        "{accesses:?}"
    );
    assert!(
        accesses.contains(&("branch.rural".to_owned(), "consent.given".to_owned())),
        "{accesses:?}"
    );
    assert_eq!(
        secretary.get(&format!("/people/{uid}/subject.json")).await.status,
        StatusCode::FORBIDDEN
    );

    // Erasure: nothing of them remains but audit entries under their random identifier.
    let db = &app.state.db;
    let members = |db: &Db| {
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(r.active_members), 0) AS BIGINT) FROM membership_rollups r JOIN organizations o \
             ON o.id = r.organization_id AND o.kind = 'party' WHERE r.unit_code = '{branch}'"
        );
        let db = db.clone();
        async move { crate::helpers::scalar(&db, &sql).await }
    };
    let before = members(db).await;
    let refused = dpo
        .post_form(&format!("/people/{uid}/erase"), &[("reason", "")])
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let erased = dpo
        .post_form(
            &format!("/people/{uid}/erase"),
            &[("reason", "request of 2026-11-20, by letter")],
        )
        .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.body);
    assert_eq!(members(db).await, before - 1, "the branch's figure follows");
    for sql in [
        format!("SELECT COUNT(*) FROM people WHERE uid = '{uid}'"),
        "SELECT COUNT(*) FROM consents WHERE person_id NOT IN (SELECT id FROM people)".to_owned(),
        "SELECT COUNT(*) FROM memberships WHERE person_id NOT IN (SELECT id FROM people)".to_owned(),
    ] {
        assert_eq!(crate::helpers::scalar(db, &sql).await, 0, "{sql}");
    }
    assert_eq!(
        secretary.get(&format!("/people/{uid}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        uids_on_page(&mut secretary, "alaoui")
            .await
            .iter()
            .all(|u| *u != uid)
    );
    let left = audit::about(db, "person", &uid).await.expect("audit");
    assert!(left.iter().any(|e| e.action == "person.erase"));
    assert!(
        left.iter()
            .all(|e| !e.details.contains("0661239877") && !e.details.contains("ZT90001")),
        "the entries that remain say nothing of the person"
    );
    assert!(matches!(app.audit_verdict().await, audit::Verdict::Intact { .. }));
}

#[tokio::test]
async fn a_person_is_corrected_field_by_field_and_the_change_is_audited() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let uid = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let other = add(&app, &branch, alaoui("0661230000", "ZT90002")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let form = secretary.get(&format!("/people/{uid}/edit")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(
        form.attr("input[name=phone]", "value").as_deref(),
        Some("+212661239877")
    );
    assert_eq!(
        form.attr("input[name=cin]", "value").as_deref(),
        Some(""),
        "the CIN is not shown"
    );
    let fields = |phone: &'static str, cin: &'static str| {
        vec![
            ("given_ar", "محمد"),
            ("family_ar", "العلوي"),
            ("given_latin", "Mohamed"),
            ("family_latin", "Alaoui"),
            ("sex", "m"),
            ("birth_date", "1984-03-14"),
            ("cin", cin),
            ("phone", phone),
            ("email", ""),
            ("profession", "أستاذ"),
            ("education", "جامعي"),
            ("address", "12 زنقة الأطلس، حي السلام"),
            ("notes", "متطوع في الحملات\nيفضّل الاتصال مساءً"),
        ]
    };
    // Another person's CIN is refused beside the field.
    let taken = secretary
        .post_form(&format!("/people/{uid}/edit"), &fields("0661239877", "ZT90002"))
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.count("#cin-error"), 1);
    let _ = other;
    // A new phone and a Latin spelling; the CIN left empty stays.
    let saved = secretary
        .post_form(&format!("/people/{uid}/edit"), &fields("0700112233", ""))
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let file = secretary.get(&format!("/people/{uid}")).await;
    assert_eq!(file.texts("dd.phone"), vec!["+212 7 00 11 22 33"]);
    assert_eq!(file.texts("dd.cin"), vec!["ZT***01"]);
    assert_eq!(file.texts("dd.address"), vec!["12 زنقة الأطلس، حي السلام"]);
    assert!(file.texts("p.notes").join("").contains("يفضّل الاتصال مساءً"));
    assert!(file.body.contains("أستاذ") && file.body.contains("جامعي"));
    assert_eq!(
        scalar(
            &app.state.db,
            &format!(
                "SELECT COUNT(*) FROM people WHERE uid = '{uid}' AND address_sealed IS NOT NULL \
                 AND LENGTH(address_sealed) > 40"
            ),
        )
        .await,
        1,
        "the address is kept sealed (nonce and tag around it), in no column of its own"
    );
    let form = secretary.get(&format!("/people/{uid}/edit")).await;
    assert_eq!(
        form.attr("input[name=address]", "value").as_deref(),
        Some("12 زنقة الأطلس، حي السلام"),
        "kept for the next correction"
    );
    let too_long = "أ".repeat(2_001);
    let mut long_notes = fields("0700112233", "");
    long_notes.retain(|(k, _)| *k != "notes");
    long_notes.push(("notes", &too_long));
    let refused = secretary
        .post_form(&format!("/people/{uid}/edit"), &long_notes)
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.count("#notes-error"), 1);
    assert!(
        uids_on_page(&mut secretary, "2233").await.contains(&uid),
        "found by the new phone"
    );
    assert!(
        !uids_on_page(&mut secretary, "9877").await.contains(&uid),
        "no longer by the old one"
    );
    let rectified = audit::latest(&app.state.db, 10)
        .await
        .expect("audit")
        .into_iter()
        .find(|e| e.action == "person.rectify")
        .expect("audited");
    assert_eq!(rectified.target_id, uid);
    assert!(
        rectified.details.contains("phone")
            && rectified.details.contains("family_latin")
            && rectified.details.contains("address")
            && !rectified.details.contains("cin")
            && !rectified.details.contains("الأطلس"),
        "{}",
        rectified.details
    );
}

#[tokio::test]
async fn dues_are_kept_per_year_filtered_and_bring_a_lapsed_member_back_into_the_figures() {
    let (app, _) = TestApp::with_demo().await;
    let db = &app.state.db;
    let count = |sql: &'static str| crate::helpers::scalar(db, sql);
    assert!(
        count("SELECT COUNT(*) FROM dues").await > 1_000,
        "the demo has dues"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM memberships m WHERE m.status = 'active' AND m.id NOT IN (SELECT membership_id FROM dues WHERE year = 2026)").await,
        0,
        "every active member paid this year"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM memberships m WHERE m.status = 'lapsed' AND m.id IN (SELECT membership_id FROM dues WHERE year = 2026)").await,
        0,
        "a lapsed member has not"
    );
    // A lapsed party member of Taounate.
    let sql = "SELECT p.uid || '|' || COALESCE(p.given_latin, '') || ' ' || COALESCE(p.family_latin, '') || '|' || o.code \
               FROM memberships m JOIN people p ON p.id = m.person_id \
               JOIN organizations o ON o.id = m.organization_id AND o.kind = 'party' \
               WHERE m.status = 'lapsed' AND m.branch_path LIKE '%/03.531/%' ORDER BY m.id LIMIT 1";
    let found: String = match db {
        Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_one(reader).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .expect("a lapsed member in Taounate");
    let mut parts = found.split('|');
    let (uid, name, party) = (
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
        parts.next().unwrap_or_default().to_owned(),
    );
    let province_members = || {
        crate::helpers::scalar(
            db,
            "SELECT CAST(COALESCE(SUM(r.active_members), 0) AS BIGINT) FROM membership_rollups r JOIN organizations o \
             ON o.id = r.organization_id AND o.kind = 'party' WHERE r.unit_code = '03.531'",
        )
    };
    let before = province_members().await;
    let mut coordinator = app.browser();
    coordinator.login("coord.taounate", PASSWORD).await;
    let listed = |filter: &'static str| format!("/people?q={}&dues={filter}", urlencode(&name));
    let unpaid = coordinator.get(&listed("unpaid")).await;
    assert!(unpaid.body.contains(&uid), "among the unpaid");
    assert!(!coordinator.get(&listed("paid")).await.body.contains(&uid));

    let paid = coordinator
        .post_form(
            &format!("/people/{uid}/dues"),
            &[("organization", &party), ("year", "2026"), ("amount", "120")],
        )
        .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
    let again = coordinator
        .post_form(
            &format!("/people/{uid}/dues"),
            &[("organization", &party), ("year", "2026"), ("amount", "120")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        again.count("#year-error"),
        1,
        "already paid, said beside the year"
    );
    assert_eq!(
        province_members().await,
        before + 1,
        "active again, and counted at once"
    );
    assert!(coordinator.get(&listed("paid")).await.body.contains(&uid));
    let file = coordinator.get(&format!("/people/{uid}")).await;
    assert_eq!(file.texts(&format!("td[data-dues={party}]")), vec!["2026"]);
    assert!(
        audit::latest(db, 5)
            .await
            .expect("audit")
            .iter()
            .any(|e| e.action == "membership.dues" && e.target_id == uid),
        "audited"
    );
}

#[tokio::test]
async fn every_column_that_points_at_a_person_is_handled_by_the_merge_and_the_erasure() {
    let app = TestApp::new().await;
    let sql = match &app.state.db {
        Db::Sqlite { .. } => {
            "SELECT m.name || '.' || f.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f \
             WHERE m.type = 'table' AND f.\"table\" = 'people' ORDER BY 1"
        }
        Db::Postgres(_) => {
            "SELECT c.relname || '.' || a.attname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid \
             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) \
             WHERE k.contype = 'f' AND k.confrelid = 'people'::regclass ORDER BY 1"
        }
    };
    let pointing: Vec<String> = match &app.state.db {
        Db::Sqlite { reader, .. } => sqlx::query_scalar(sql).fetch_all(reader).await,
        Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
    }
    .expect("the foreign keys");
    assert!(pointing.len() >= 9, "{pointing:?}");
    let handled: Vec<String> = mizan::people::references::REFERENCES
        .iter()
        .map(|r| format!("{}.{}", r.table, r.column))
        .collect();
    let forgotten: Vec<&String> = pointing.iter().filter(|p| !handled.contains(p)).collect();
    assert!(
        forgotten.is_empty(),
        "columns pointing at people that neither the merge nor the erasure handles: {forgotten:?}"
    );
}

/// The rows of `table` that hang on the person `uid` (dues through their memberships).
async fn held(db: &Db, table: &str, uid: &str) -> i64 {
    let person = format!("(SELECT id FROM people WHERE uid = '{uid}')");
    let sql = match table {
        "dues" => format!(
            "SELECT COUNT(*) FROM dues WHERE membership_id IN (SELECT id FROM memberships WHERE person_id = {person})"
        ),
        _ => format!("SELECT COUNT(*) FROM {table} WHERE person_id = {person}"),
    };
    scalar(db, &sql).await
}

#[tokio::test]
async fn a_merge_keeps_consents_dues_mandates_attendance_activity_links_and_panel_seats_on_the_survivor() {
    let (app, _) = TestApp::with_demo().await;
    let db = &app.state.db;
    // A branch secretary (a seat, meetings attended) and a member who benefited from an activity
    // and paid dues: each gets a consent too.
    let secretary = crate::helpers::text(
        db,
        "SELECT p.uid FROM people p JOIN mandates m ON m.person_id = p.id \
         WHERE m.ended_on IS NULL AND p.id IN (SELECT person_id FROM meeting_attendance) ORDER BY p.id LIMIT 1",
    )
    .await;
    let beneficiary = crate::helpers::text(
        db,
        &format!(
            "SELECT p.uid FROM people p JOIN activity_people l ON l.person_id = p.id \
             JOIN memberships m ON m.person_id = p.id JOIN dues d ON d.membership_id = m.id \
             WHERE p.uid <> '{secretary}' ORDER BY p.id LIMIT 1"
        ),
    )
    .await;
    for (uid, purpose) in [(&secretary, "convocations"), (&beneficiary, "news")] {
        mizan::people::rights::record_consent(
            &app.state,
            &mizan::auth::Permit::cli(),
            uid,
            &mizan::people::rights::ConsentForm {
                purpose: purpose.into(),
                answer: "given".into(),
                method: "paper".into(),
                collected_by: String::new(),
                notice_version: mizan::people::rights::NOTICE_VERSION.into(),
            },
        )
        .await
        .expect("a consent");
    }
    // The secretary sat on a café panel.
    let session = crate::helpers::scalar(db, "SELECT MIN(id) FROM cafe_sessions").await;
    let session = mizan::cafe::store::session_by_id(db, session)
        .await
        .expect("read")
        .expect("a café session");
    mizan::cafe::panel::add_panelist(
        &app.state,
        &mizan::auth::Permit::cli(),
        &session,
        &mizan::cafe::panel::PanelistDraft {
            person: secretary.clone(),
            role: "عضو المكتب".into(),
            ..Default::default()
        },
    )
    .await
    .expect("seated");
    let tables = [
        "consents",
        "dues",
        "mandates",
        "meeting_attendance",
        "activity_people",
        "memberships",
        "cafe_panelists",
    ];
    let mut before = Vec::new();
    for table in tables {
        before.push((
            held(db, table, &secretary).await,
            held(db, table, &beneficiary).await,
        ));
    }
    assert!(before.iter().all(|(a, b)| a + b > 0), "{before:?}");
    mizan::people::dedupe::merge(
        &app.state,
        &mizan::auth::Permit::cli(),
        &secretary,
        &beneficiary,
        &[],
    )
    .await
    .expect("merged");
    for (table, (a, b)) in tables.iter().zip(before) {
        let after = (
            held(db, table, &secretary).await,
            held(db, table, &beneficiary).await,
        );
        assert_eq!(after, (a + b, 0), "{table}");
    }
    assert!(matches!(app.audit_verdict().await, audit::Verdict::Intact { .. }));
}

#[tokio::test]
async fn a_member_joins_the_youth_wing_changes_role_and_leaves_with_the_figures_following() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let uid = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let youth_members = |app: &TestApp, unit: String| {
        let db = app.state.db.clone();
        async move {
            scalar(
                &db,
                &format!(
                    "SELECT CAST(COALESCE(SUM(r.active_members), 0) AS BIGINT) FROM membership_rollups r \
                     JOIN organizations o ON o.id = r.organization_id AND o.code = 'youth' WHERE r.unit_code = '{unit}'"
                ),
            )
            .await
        }
    };
    let before = youth_members(&app, branch.clone()).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let file = secretary.get(&format!("/people/{uid}")).await;
    assert_eq!(file.count(&format!("a[href='/people/{uid}/memberships']")), 1);
    let page = secretary.get(&format!("/people/{uid}/memberships")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.count("li[data-membership]"), 1, "the party membership");
    assert!(page.count(&format!("select#branch option[value='{branch}']")) == 1);

    let twice = secretary
        .post_form(
            &format!("/people/{uid}/memberships"),
            &[("organization", "party"), ("branch", &branch), ("role", "member")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        twice.count("#organization-error"),
        1,
        "already a member of the party"
    );
    let joined = secretary
        .post_form(
            &format!("/people/{uid}/memberships"),
            &[
                ("organization", "youth"),
                ("branch", &branch),
                ("role", "officer"),
                ("joined_on", "2026-10-01"),
            ],
        )
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);
    assert_eq!(youth_members(&app, branch.clone()).await, before + 1);
    let page = secretary.get(&format!("/people/{uid}/memberships")).await;
    let youth = page
        .html()
        .select(&scraper::Selector::parse("li[data-membership]").expect("selector"))
        .filter(|li| li.text().collect::<String>().contains("شبيبة"))
        .filter_map(|li| li.value().attr("data-membership").map(str::to_owned))
        .next()
        .expect("the youth membership");

    let role = secretary
        .post_form(
            &format!("/people/{uid}/memberships/{youth}"),
            &[("do", "role"), ("role", "member")],
        )
        .await;
    assert_eq!(role.status, StatusCode::SEE_OTHER);
    let early = secretary
        .post_form(
            &format!("/people/{uid}/memberships/{youth}"),
            &[("do", "end"), ("ended_on", "2026-09-01"), ("reason", "resigned")],
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ended = secretary
        .post_form(
            &format!("/people/{uid}/memberships/{youth}"),
            &[("do", "end"), ("ended_on", "2026-11-20"), ("reason", "resigned")],
        )
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);
    assert_eq!(
        youth_members(&app, branch.clone()).await,
        before,
        "out of the figures"
    );
    let page = secretary.get(&format!("/people/{uid}/memberships")).await;
    assert_eq!(
        page.count("li[data-status=ended]"),
        1,
        "the ended membership stays, as history"
    );
    assert!(page.texts("li[data-status=ended]").join(" ").contains("استقالة"));
    assert_eq!(
        scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('membership.join', 'membership.role', 'membership.end')"
        )
        .await,
        3
    );
    // A coordinator of another province sees none of it.
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    assert_eq!(
        taza.get(&format!("/people/{uid}/memberships")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        taza.post_form(
            &format!("/people/{uid}/memberships/{youth}"),
            &[("do", "role"), ("role", "officer")],
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}
