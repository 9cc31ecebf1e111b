//! The demo's organs, on the bodies its template made (one per unit): seats given to active
//! members (a branch bureau from its branch's members, councils from the bureaus below), and this
//! year's meetings with their attendance: about 90 % of provincial councils met, branch bureaus in
//! rural communes less often than in towns, some meetings postponed or cancelled, decisions with
//! owners and due dates.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::Rng;
use super::branches::Branch;
use crate::bodies::model::{Body, BodyType, Presence};
use crate::bodies::store::{self, NewMeeting};
use crate::organizations::Organization;
use crate::setup::template::Organs;
use crate::store::Tx;

/// What the demo's organs came to.
#[derive(Debug, Default)]
pub struct Made {
    pub bodies: u64,
    pub mandates: u64,
    pub meetings: u64,
}

/// The day the demo's bodies were formed (after the 2021 elections).
pub fn formed_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 11, 1).expect("a date")
}

/// Seats and this year's meetings of the bodies the template made (`setup::template`).
pub async fn create(
    tx: &mut Tx,
    rng: &mut Rng,
    organs: &Organs,
    orgs: &[Organization],
    branches: &[Branch],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<Made> {
    let mut made = Made {
        bodies: organs.bodies,
        ..Made::default()
    };
    let theme_ids = organs.theme_ids.clone();
    let mut types: BTreeMap<String, (BodyType, Vec<Body>)> = BTreeMap::new();
    for t in &organs.body_types {
        let bodies = store::bodies_of_type(tx, t.id).await?;
        types.insert(t.code.clone(), (t.clone(), bodies));
    }
    let Some(party) = orgs.iter().find(|o| o.kind == "party") else {
        return Ok(made);
    };

    // Up to seven active party members per branch, the longest-standing first.
    let picks: Vec<(String, i64, NaiveDate)> = crate::on_tx!(tx, |c| sqlx::query_as(
        "SELECT branch_code, person_id, joined_on FROM ( \
           SELECT branch_code, person_id, joined_on, \
                  ROW_NUMBER() OVER (PARTITION BY branch_code ORDER BY joined_on, person_id) AS n \
           FROM memberships WHERE organization_id = $1 AND status = 'active') ranked \
         WHERE n <= 7 ORDER BY branch_code, n"
    )
    .bind(party.id)
    .fetch_all(c)
    .await)?;
    let mut by_branch: BTreeMap<&str, Vec<(i64, NaiveDate)>> = BTreeMap::new();
    for (branch, person, joined) in &picks {
        by_branch
            .entry(branch.as_str())
            .or_default()
            .push((*person, *joined));
    }
    let start = |joined: NaiveDate| joined.max(formed_on());

    let mut mandates: Vec<(i64, i64, &str, NaiveDate)> = Vec::new();
    // Members of each body, for the attendance.
    let mut members: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut seat = |body: &Body, list: &[(i64, NaiveDate)], head: &'static str, mandates: &mut Vec<_>| {
        for (i, (person, joined)) in list.iter().enumerate() {
            let position = match i {
                0 => head,
                1 if head == "secretary" => "treasurer",
                _ => "member",
            };
            mandates.push((body.id, *person, position, start(*joined)));
            members.entry(body.id).or_default().push(*person);
        }
    };
    let branch_of: BTreeMap<&str, &Branch> = branches.iter().map(|b| (b.unit.code.as_str(), b)).collect();
    // Branch bureaus: their branch's members. Councils above: the first two of each bureau below.
    let mut by_province: BTreeMap<String, Vec<(i64, NaiveDate)>> = BTreeMap::new();
    let mut by_region: BTreeMap<String, Vec<(i64, NaiveDate)>> = BTreeMap::new();
    let mut national: Vec<(i64, NaiveDate)> = Vec::new();
    if let Some((_, bureaus)) = types.get("branch_bureau") {
        for body in bureaus {
            let list = by_branch
                .get(body.unit_code.as_str())
                .cloned()
                .unwrap_or_default();
            seat(body, &list, "secretary", &mut mandates);
            if let Some(branch) = branch_of.get(body.unit_code.as_str()) {
                let firsts = list.iter().take(2).copied();
                by_province
                    .entry(branch.province.clone())
                    .or_default()
                    .extend(firsts.clone());
                by_region
                    .entry(branch.region.clone())
                    .or_default()
                    .extend(firsts.take(1));
            }
            if let Some(first) = list.first() {
                national.push(*first);
            }
        }
    }
    for (code, pool, size) in [
        ("provincial_council", &by_province, 25usize),
        ("regional_council", &by_region, 30),
    ] {
        if let Some((_, bodies)) = types.get(code) {
            for body in bodies {
                let list: Vec<_> = pool
                    .get(&body.unit_code)
                    .map(|l| l.iter().take(size).copied().collect())
                    .unwrap_or_default();
                seat(body, &list, "coordinator", &mut mandates);
            }
        }
    }
    for (code, size, head) in [
        ("national_council", 60usize, "president"),
        ("executive_committee", 15, "secretary_general"),
    ] {
        if let Some((_, bodies)) = types.get(code) {
            let step = (national.len() / size).max(1);
            let list: Vec<_> = national.iter().step_by(step).take(size).copied().collect();
            for body in bodies {
                seat(body, &list, head, &mut mandates);
            }
        }
    }
    crate::bodies::mandates::store::insert_mandates(tx, &mandates, now).await?;
    made.mandates = mandates.len() as u64;

    // This year's meetings: how likely a body met, and how many times at most.
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).expect("a date");
    let days = (today - year_start).num_days().max(0);
    // The report's figure: 90 % of provincial councils met this year, drawn among those with members.
    let mut councils_met = std::collections::BTreeSet::new();
    if let Some((_, councils)) = types.get("provincial_council") {
        let mut seated: Vec<i64> = councils
            .iter()
            .map(|b| b.id)
            .filter(|id| members.contains_key(id))
            .collect();
        for i in (1..seated.len()).rev() {
            seated.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let target = (councils.len() * 9).div_ceil(10);
        councils_met.extend(seated.into_iter().take(target));
    }
    for (code, (_, bodies)) in &types {
        for body in bodies {
            let Some(list) = members.get(&body.id) else {
                continue;
            };
            let rural = branch_of.get(body.unit_code.as_str()).is_some_and(|b| b.rural);
            let (p_met, most) = match code.as_str() {
                "provincial_council" if councils_met.contains(&body.id) => (1.0, 2),
                "provincial_council" => (0.0, 0),
                "regional_council" => (0.9, 2),
                "branch_bureau" if rural => (0.45, 2),
                "branch_bureau" => (0.75, 4),
                "executive_committee" => (1.0, 10),
                _ => (0.95, 2),
            };
            let mut plan: Vec<(&'static str, NaiveDate)> = Vec::new();
            if rng.chance(p_met) {
                for _ in 0..rng.between(1, most) {
                    plan.push(("held", year_start + Duration::days(rng.between(0, days))));
                }
            }
            if rng.chance(0.1) {
                plan.push(("postponed", year_start + Duration::days(rng.between(0, days))));
            }
            if rng.chance(0.05) {
                plan.push(("cancelled", year_start + Duration::days(rng.between(0, days))));
            }
            if rng.chance(0.3) {
                plan.push(("scheduled", today + Duration::days(rng.between(7, 60))));
            }
            for (status, day) in plan {
                let attendance: Vec<(i64, Presence)> = if status == "held" {
                    let mut a: Vec<(i64, Presence)> = list
                        .iter()
                        .map(|p| (*p, Presence::ALL[rng.weighted(&[72, 16, 12])]))
                        .collect();
                    if !a.iter().any(|(_, p)| *p == Presence::Present) {
                        a[0].1 = Presence::Present;
                    }
                    a
                } else {
                    Vec::new()
                };
                let theme = (!theme_ids.is_empty() && rng.chance(0.6)).then(|| *rng.pick(&theme_ids));
                let id = store::insert_meeting(
                    tx,
                    &NewMeeting {
                        body,
                        status,
                        scheduled_on: day,
                        held_on: (status == "held").then_some(day),
                        place: "",
                        agenda: "",
                        theme_id: theme,
                        attendance: &attendance,
                        guests: &[],
                        minutes: "",
                        recorded_by: "demo",
                    },
                    now,
                )
                .await?;
                made.meetings += 1;
                if status == "held" && rng.chance(0.6) {
                    let present: Vec<i64> = attendance
                        .iter()
                        .filter(|(_, p)| *p == Presence::Present)
                        .map(|(id, _)| *id)
                        .collect();
                    for text in DECISIONS.iter().take(rng.between(1, 2) as usize) {
                        let due = day + Duration::days(rng.between(20, 120));
                        let owner = Some(*rng.pick(&present));
                        let decision = crate::bodies::decisions::store::insert_decision(
                            tx,
                            (id, &body.unit_path),
                            text,
                            owner,
                            due,
                            now,
                        )
                        .await?;
                        if due < today && rng.chance(0.6) {
                            crate::bodies::decisions::store::decision_done(tx, id, decision, due).await?;
                        }
                    }
                }
            }
        }
    }
    Ok(made)
}

const DECISIONS: [&str; 2] = [
    "تنظيم لقاء تواصلي مع المنخرطين الجدد",
    "إعداد تقرير عن وضعية الفروع قبل الدورة المقبلة",
];
