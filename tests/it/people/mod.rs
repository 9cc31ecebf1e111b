//! The registry: search in either script within the caller's reach, a person's file (audited, CIN
//! masked until revealed for a reason), adding people with errors said field by field.

mod dedupe;
mod exports;
mod files;
mod memberships;
mod rights;
mod search;

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
    let page = browser.people_list(&format!("?q={}", urlencode(query))).await;
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
