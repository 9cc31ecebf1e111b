//! Bodies and meetings: the meeting rate adds up at every level, with the edge cases a report
//! meets (a council that met twice, a meeting without quorum, a postponed meeting, a body formed
//! mid-period, one dissolved before it); a branch secretary records a bureau meeting with its
//! attendance in Arabic without JavaScript; changing a type's rules changes the figures.

mod mandates;
mod meetings;
mod rate;
mod types;

use axum::http::{Method, StatusCode};
use chrono::NaiveDate;
use mizan::auth::Role;
use mizan::bodies::model::{Body, BodyType, Position, Presence};
use mizan::bodies::store::{self, NewMeeting};
use mizan::people::actions::create_person;
use mizan::people::draft::PersonDraft;
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, api, execute, rural_branch, scalar};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

/// A provincial council type (majority, twice a year) and one council per province.
async fn councils(app: &TestApp) -> (BodyType, Vec<Body>) {
    let mut tx = app.state.db.begin().await.expect("tx");
    let now = app.state.clock.now();
    let party = mizan::organizations::Organization {
        id: 0,
        code: "party".into(),
        kind: "party".into(),
        name_ar: "الحزب".into(),
        name_fr: "Le parti".into(),
        name_en: "The party".into(),
        walled: false,
    };
    let party_id = mizan::organizations::insert(&mut tx, &party, now)
        .await
        .expect("party");
    let mut t = BodyType {
        id: 0,
        code: "provincial_council".into(),
        organization_id: party_id,
        name_ar: "المجلس الإقليمي".into(),
        name_fr: "Conseil provincial".into(),
        name_en: "Provincial council".into(),
        level: "province".into(),
        meetings_per_year: 2,
        quorum_rule: "majority".into(),
        quorum_numerator: 1,
        quorum_denominator: 2,
        one_per_unit: true,
        retired_on: None,
    };
    let member = Position {
        code: "member".into(),
        name_ar: "عضو".into(),
        name_fr: "Membre".into(),
        name_en: "Member".into(),
        single_seat: false,
        rank: 0,
    };
    t.id = mizan::bodies::types::store::insert_body_type(&mut tx, &t, &[member], now)
        .await
        .expect("type");
    store::create_bodies_for_level(&mut tx, &t, day("2021-11-01"), now)
        .await
        .expect("bodies");
    let bodies = store::bodies_of_type(&mut tx, t.id).await.expect("bodies");
    tx.commit().await.expect("commit");
    (t, bodies)
}

/// Ten people living in Taza, to fill attendance lists.
async fn people(app: &TestApp) -> Vec<i64> {
    let mut uids = Vec::new();
    for i in 0..10 {
        let draft = PersonDraft {
            given_ar: "سعيد".into(),
            family_ar: format!("الحاضر {i}"),
            ..PersonDraft::default()
        };
        uids.push(
            create_person(&app.state, &mizan::auth::Permit::cli(), "03.561.01.01", &draft)
                .await
                .expect("a person"),
        );
    }
    let mut ids = Vec::new();
    for u in &uids {
        ids.push(scalar(&app.state.db, &format!("SELECT id FROM people WHERE uid = '{u}'")).await);
    }
    ids
}

/// A meeting of `body`: `present` of the ten people present, the rest absent.
async fn meet(app: &TestApp, body: &Body, status: &'static str, on: &str, people: &[i64], present: usize) {
    let attendance: Vec<(i64, Presence)> = if status == "held" {
        people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    *p,
                    if i < present {
                        Presence::Present
                    } else {
                        Presence::Absent
                    },
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut tx = app.state.db.begin().await.expect("tx");
    store::insert_meeting(
        &mut tx,
        &NewMeeting {
            body,
            status,
            scheduled_on: day(on),
            held_on: (status == "held").then(|| day(on)),
            place: "",
            agenda: "",
            theme_id: None,
            attendance: &attendance,
            guests: &[],
            minutes: "",
            recorded_by: "test",
        },
        app.state.clock.now(),
    )
    .await
    .expect("meeting");
    tx.commit().await.expect("commit");
}

fn council<'b>(bodies: &'b [Body], province: &str) -> &'b Body {
    bodies
        .iter()
        .find(|b| b.unit_code == province)
        .unwrap_or_else(|| panic!("a council in {province}"))
}
