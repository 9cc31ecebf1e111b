//! Branch renewal: a branch goes from due to a bureau validated by the province, each step with
//! its rule (paid-up members to convene, attendance of eligible members, electing among those
//! present, validation by the province); the dashboard splits urban and rural and shows a
//! province's coordinator its overdue branches and nothing of other provinces.

use axum::http::{Method, StatusCode};
use mizan::auth::{Role, Scope};
use mizan::people::actions::create_person;
use mizan::people::draft::PersonDraft;
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, api, execute, rural_branch, scalar};

async fn campaign_code(app: &TestApp) -> String {
    let id = scalar(&app.state.db, "SELECT MIN(id) FROM renewal_campaigns").await;
    let campaigns = mizan::renewal::store::campaigns(&app.state.db, &Scope::Everywhere)
        .await
        .expect("campaigns");
    campaigns
        .into_iter()
        .find(|c| c.id == id)
        .expect("the demo's campaign")
        .code
}

fn sum(list: &Value, field: &str) -> i64 {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|c| c[field].as_i64().expect("a count"))
        .sum()
}

#[tokio::test]
async fn a_coordinator_sees_urban_and_rural_progress_and_the_overdue_branches_of_the_province_only() {
    let (app, _) = TestApp::with_demo().await;
    let code = campaign_code(&app).await;
    // One of Taza's branches called its assembly for a day now gone, and recorded nothing.
    let late = scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM branch_renewals WHERE branch_path >= '/MA/03/03.561/' AND branch_path < '/MA/03/03.5610'",
    )
    .await;
    assert!(late > 0, "Taza has branches");
    execute(
        &app.state.db,
        "UPDATE branch_renewals SET stage = 'convened', assembly_on = '2026-10-01' WHERE branch_code = \
         (SELECT MIN(branch_code) FROM branch_renewals WHERE branch_path >= '/MA/03/03.561/' AND branch_path < '/MA/03/03.5610')",
    )
    .await;

    let mut coordinator = app.browser();
    coordinator.login("coord.taza", PASSWORD).await;
    let list = coordinator.renewal().await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.count("ul.campaigns li"), 1);
    let page = coordinator.renewal_dashboard(&code, "").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        page.attr("section.figure", "data-territory").as_deref(),
        Some("03.561")
    );
    assert_eq!(page.count("table.stages tbody tr"), 3, "all, urban, rural");
    let overdue = coordinator.renewal_dashboard(&code, "?show=overdue").await;
    let rows = overdue.html();
    let selector = scraper::Selector::parse("table.branches tbody tr").expect("selector");
    let listed: Vec<_> = rows.select(&selector).collect();
    assert!(!listed.is_empty(), "the late branch is listed");
    for row in &listed {
        assert_eq!(row.value().attr("data-overdue"), Some("true"));
        let branch = row.value().attr("data-code").expect("a code");
        assert!(branch.starts_with("03.561."), "only Taza's branches: {branch}");
    }
    // Another province's dashboard, or a branch of it, does not exist for Taza's coordinator.
    assert_eq!(
        coordinator
            .renewal_dashboard(&code, "?territory=03.531")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let taounate_branch = scalar(
        &app.state.db,
        "SELECT COUNT(*) FROM branch_renewals WHERE branch_path >= '/MA/03/03.531/' AND branch_path < '/MA/03/03.5310'",
    )
    .await;
    assert!(taounate_branch > 0);

    // The API agrees, and every level adds up: urban + rural = all, children = all.
    let token = app
        .token_for("admin.renewal", mizan::auth::Role::NationalAdmin, None)
        .await;
    let national = api(
        &app,
        Method::GET,
        &format!("/api/v1/figures/renewal?campaign={code}&territory=MA"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(national.status, StatusCode::OK, "{}", national.body);
    let n = national.json();
    let total = n["total"]["branches"].as_i64().expect("branches");
    assert!(
        total > 1_000,
        "every branch of the demo is in the campaign: {total}"
    );
    // The national list is not one page of every branch: a hundred a page, under the total.
    let mut viewer = app
        .signed_in("viewer.renewal", mizan::auth::Role::Viewer, None)
        .await;
    let first = viewer.renewal_dashboard(&code, "?territory=MA").await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.count("table.branches tbody tr"), 100);
    let heading: String = first.texts("#branches h2").concat();
    assert_eq!(
        heading.chars().filter(char::is_ascii_digit).collect::<String>(),
        total.to_string(),
        "{heading}"
    );
    let last = (total + 99) / 100;
    let end = viewer
        .renewal_dashboard(&code, &format!("?territory=MA&page={last}"))
        .await;
    assert_eq!(
        end.count("table.branches tbody tr") as i64,
        total - (last - 1) * 100,
        "the last page holds the rest"
    );
    assert!(end.attr("a[rel=next]", "href").is_none());
    assert!(first.body.len() < 200_000, "{} bytes", first.body.len());
    assert_eq!(
        n["urban"]["branches"].as_i64().expect("u") + n["rural"]["branches"].as_i64().expect("r"),
        total
    );
    assert_eq!(sum(&n["children"], "branches"), total);
    assert_eq!(
        sum(&n["children"], "validated"),
        n["total"]["validated"].as_i64().expect("v")
    );
    let rate = |c: &Value| {
        c["validated"].as_f64().expect("v")
            / (c["branches"].as_f64().expect("b") - c["merged"].as_f64().expect("m"))
    };
    assert!(
        rate(&n["rural"]) < rate(&n["urban"]),
        "rural communes lag behind: {}",
        n
    );
    let taza_token = app
        .token_for("coord.taza.api", mizan::auth::Role::Coordinator, Some("03.561"))
        .await;
    let own = api(
        &app,
        Method::GET,
        &format!("/api/v1/figures/renewal?campaign={code}"),
        Some(&taza_token),
        None,
    )
    .await;
    let own = own.json();
    assert_eq!(own["territory"], "03.561");
    assert!(
        own["overdue"]
            .as_array()
            .expect("overdue")
            .iter()
            .all(|c| c.as_str().expect("code").starts_with("03.561."))
    );
}

#[tokio::test]
async fn a_branch_is_renewed_from_its_assembly_to_the_provinces_validation() {
    let (app, report) = TestApp::with_demo().await;
    let code = campaign_code(&app).await;
    let branch = rural_branch(&report);
    execute(
        &app.state.db,
        &format!(
            "UPDATE branch_renewals SET stage = 'due', assembly_on = NULL, held_on = NULL, elected_on = NULL, \
             validated_on = NULL WHERE branch_code = '{branch}'"
        ),
    )
    .await;
    let party = "party";
    let mut uids = Vec::new();
    for name in ["نزهة", "إدريس", "مليكة", "عبد الله"] {
        let draft = PersonDraft {
            given_ar: name.into(),
            family_ar: "الوزاني".into(),
            ..PersonDraft::default()
        };
        uids.push(
            create_person(&app.state, &mizan::auth::Permit::cli(), &branch, &draft)
                .await
                .expect("a member"),
        );
    }
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let path = format!("/renewal/{code}/{branch}");

    // Not before the assembly is called.
    let early = secretary
        .post_form(
            &path,
            &[("step", "hold"), ("date", "2026-11-29"), ("people", &uids[0])],
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);

    // Too few paid-up members to call the assembly? Pay the dues of the four new members.
    let minimum = scalar(
        &app.state.db,
        &format!("SELECT min_paid_members FROM renewal_campaigns WHERE code = '{code}'"),
    )
    .await;
    let paid_before = scalar(
        &app.state.db,
        &format!(
            "SELECT COUNT(*) FROM memberships m JOIN dues d ON d.membership_id = m.id AND d.year = 2026 \
             WHERE m.branch_code = '{branch}' AND m.status = 'active'"
        ),
    )
    .await;
    if paid_before < minimum {
        let refused = secretary
            .post_form(&path, &[("step", "convene"), ("date", "2026-11-29")])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    for uid in &uids {
        let paid = secretary
            .record_dues(
                &uid,
                &[("organization", party), ("year", "2026"), ("amount", "100")],
            )
            .await;
        assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.body);
    }
    let convened = secretary
        .post_form(&path, &[("step", "convene"), ("date", "2026-11-29")])
        .await;
    assert_eq!(convened.status, StatusCode::SEE_OTHER, "{}", convened.body);

    // The assembly: everyone eligible on the page attended.
    let page = secretary.get(&path).await;
    let eligible: Vec<String> = {
        let html = page.html();
        let selector = scraper::Selector::parse("fieldset.attendance input[name=people]").expect("selector");
        html.select(&selector)
            .filter_map(|i| i.value().attr("value").map(str::to_owned))
            .collect()
    };
    assert!(
        uids.iter().all(|u| eligible.contains(u)),
        "paid-up members are eligible"
    );
    // A national viewer sees how many are paid up, never who: the names are not even read.
    let mut viewer = app.signed_in("reader", Role::Viewer, None).await;
    let seen = viewer.get(&path).await;
    let count = |page: &crate::helpers::TestResponse| page.texts("dd.eligible").join("");
    assert_eq!(count(&seen), count(&page));
    assert!(
        count(&seen).starts_with(&eligible.len().to_string()),
        "{}",
        count(&seen)
    );
    assert!(!uids.iter().any(|u| seen.body.contains(u.as_str())));
    let outsider = scalar(&app.state.db, "SELECT MIN(id) FROM people").await;
    let outsider_uid: String = mizan::on_db!(&app.state.db, |c| sqlx::query_scalar(
        "SELECT uid FROM people WHERE id = $1"
    )
    .bind(outsider)
    .fetch_one(c)
    .await)
    .expect("a uid");
    if !eligible.contains(&outsider_uid) {
        let wrong = secretary
            .post_form(
                &path,
                &[
                    ("step", "hold"),
                    ("date", "2026-11-29"),
                    ("people", &outsider_uid),
                ],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let mut fields: Vec<(&str, &str)> = vec![("step", "hold"), ("date", "2026-11-29")];
    fields.extend(eligible.iter().map(|u| ("people", u.as_str())));
    let held = secretary.post_form(&path, &fields).await;
    assert_eq!(held.status, StatusCode::SEE_OTHER, "{}", held.body);

    // The bureau, elected among those present.
    let elected = secretary
        .post_form(
            &path,
            &[
                ("step", "elect"),
                ("date", "2026-11-29"),
                ("secretary", &uids[0]),
                ("treasurer", &uids[1]),
                ("people", &uids[2]),
                ("people", &uids[3]),
            ],
        )
        .await;
    assert_eq!(elected.status, StatusCode::SEE_OTHER, "{}", elected.body);
    let bureau = scalar(
        &app.state.db,
        &format!(
            "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
             WHERE t.code = 'branch_bureau' AND b.unit_code = '{branch}'"
        ),
    )
    .await;
    assert_eq!(
        scalar(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM mandates WHERE body_id = {bureau} AND ended_on IS NULL")
        )
        .await,
        4,
        "the new bureau holds the seats"
    );
    assert_eq!(
        scalar(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM mandates WHERE body_id = {bureau} AND ended_on IS NOT NULL AND end_reason <> 'renewal'")
        )
        .await,
        0,
        "the former bureau's seats ended with the renewal"
    );

    // The branch's secretary cannot validate; the province's coordinator does.
    let own = secretary.post_form(&path, &[("step", "validate")]).await;
    assert_eq!(own.status, StatusCode::FORBIDDEN);
    let mut province = app.browser();
    province.login("coord.taounate", PASSWORD).await;
    let validated = province.post_form(&path, &[("step", "validate")]).await;
    assert_eq!(validated.status, StatusCode::SEE_OTHER, "{}", validated.body);
    let shown = province.get(&path).await;
    assert_eq!(
        shown.attr("section.renewal", "data-stage").as_deref(),
        Some("validated")
    );
    // Coordinators of other provinces do not find it.
    let mut taza = app.browser();
    taza.login("coord.taza", PASSWORD).await;
    assert_eq!(taza.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        scalar(
            &app.state.db,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'renewal.step' AND target_id = '{branch}'"
            )
        )
        .await,
        4
    );
}
