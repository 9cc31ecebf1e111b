//! The demo's year of volunteering: about 1,300 activities across the map, more in the provinces
//! the report names (Taounate, Taza, Es-Semara, Boujdour), about 1.3 million counted beneficiaries,
//! most verified, a few planned or rejected.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::Rng;
use super::branches::Branch;
use crate::activities::settings::store::{self as settings, NewCampaign};
use crate::activities::store::{self, NewActivity};
use crate::store::{Db, Tx};

/// Provinces the report names, where the party worked more.
const NAMED: [&str; 4] = ["03.531", "03.561", "11.221", "11.121"];

pub async fn create(
    db: &Db,
    tx: &mut Tx,
    rng: &mut Rng,
    branches: &[Branch],
    bureaus: &[(String, i64)],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    // The shipped types and categories (migration 0016).
    let types = settings::types(db).await?;
    let counted = settings::type_categories(db).await?;
    let categories = settings::categories(db).await?;
    let year = today.year();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("a day");
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("a day");
    let campaign = settings::insert_campaign(
        tx,
        &NewCampaign {
            code: &format!("volunteering-{year}"),
            names: [
                &format!("{year}، سنة العمل التطوعي"),
                &format!("{year}, année du volontariat"),
                &format!("{year}, year of volunteering"),
            ],
            scope: ("MA", "/MA/"),
            period: (first, last),
            target_activities: 1_300,
            target_beneficiaries: 1_300_000,
        },
        now,
    )
    .await?;

    // Targets where the party means to do more: the provinces the report names, and medical
    // caravans in Taounate.
    let caravans = types
        .iter()
        .find(|t| t.code == "medical_caravan")
        .map_or(0, |t| t.id);
    for (code, type_id, activities, beneficiaries) in [
        ("03.531", 0, 120, 120_000),
        ("03.561", 0, 120, 120_000),
        ("11.221", 0, 100, 100_000),
        ("11.121", 0, 100, 100_000),
        ("03.531", caravans, 30, 30_000),
    ] {
        let target = settings::Target {
            territory_code: code.into(),
            type_id,
            activities,
            beneficiaries,
        };
        settings::set_target(tx, campaign, &target).await?;
    }

    let home: Vec<&Branch> = branches.iter().filter(|b| !b.abroad).collect();
    let weights: Vec<u32> = home
        .iter()
        .map(|b| {
            if NAMED.contains(&b.province.as_str()) {
                12
            } else {
                1
            }
        })
        .collect();
    let days = (today - first).num_days().max(0);
    let consent = crate::people::rights::ConsentForm {
        purpose: "beneficiary_records".into(),
        answer: "given".into(),
        method: "paper".into(),
        collected_by: String::new(),
        notice_version: crate::people::rights::NOTICE_VERSION.into(),
    };
    let mut made = 0;
    // About 1,300 of them counted (done or verified) once planned and rejected ones are set aside.
    for n in 0..1_380 {
        let branch = home[rng.weighted(&weights)];
        let kind = &types[rng.below(types.len() as u64) as usize];
        // The categories this type counts (a women's project counts no men).
        let id_of = |code: &str| {
            categories
                .iter()
                .find(|c| c.code == code)
                .map(|c| c.id)
                .filter(|id| !counted.iter().any(|(t, _)| *t == kind.id) || counted.contains(&(kind.id, *id)))
        };
        let status = ["verified", "done", "planned", "rejected"][rng.weighted(&[70, 24, 3, 3])];
        let starts_on = if status == "planned" {
            today + Duration::days(rng.between(3, 40))
        } else {
            first + Duration::days(rng.between(0, days))
        };
        let mut counts: Vec<(i64, i64)> = Vec::new();
        if status != "planned" {
            // The total shared among the categories that make it, then the "of whom".
            let total = rng.between(300, 1_700);
            let shares: Vec<(i64, i64)> = [
                ("women", rng.between(35, 50)),
                ("men", rng.between(30, 45)),
                ("children", rng.between(15, 30)),
            ]
            .into_iter()
            .filter_map(|(code, weight)| id_of(code).map(|id| (id, weight)))
            .collect();
            let weights: i64 = shares.iter().map(|(_, w)| w).sum();
            let mut left = total;
            for (i, (id, weight)) in shares.iter().enumerate() {
                let n = if i + 1 == shares.len() {
                    left
                } else {
                    total * weight / weights
                };
                left -= n;
                counts.push((*id, n));
            }
            let adults: i64 = counts
                .iter()
                .filter(|(id, _)| Some(*id) != id_of("children"))
                .map(|(_, n)| n)
                .sum();
            let youth = if adults > 0 {
                adults * rng.between(20, 40)
            } else {
                total * rng.between(5, 15)
            } / 100;
            let of_whom = [
                ("youth", youth),
                ("elderly", adults * rng.between(5, 15) / 100),
                ("disabled", total * rng.between(1, 4) / 100),
            ];
            counts.extend(
                of_whom
                    .into_iter()
                    .filter_map(|(code, n)| id_of(code).map(|id| (id, n))),
            );
        }
        let organizer = bureaus
            .binary_search_by(|(code, _)| code.as_str().cmp(branch.unit.code.as_str()))
            .ok()
            .map(|i| bureaus[i].1);
        let uid = format!("demo-activity-{n:05}");
        let activity = store::insert(
            tx,
            &NewActivity {
                uid: &uid,
                type_id: kind.id,
                campaign_id: Some(campaign),
                title: &kind.name_ar,
                starts_on,
                ends_on: starts_on,
                commune: (&branch.place, &branch.place_path),
                rural: branch.rural,
                organizer: (organizer, &branch.unit.path),
                description: "",
                status,
                recorded_by: "demo",
            },
            &counts,
            now,
        )
        .await?;
        made += 1;
        // Some caravans go through a douar or two of neighbouring communes.
        if kind.code == "medical_caravan" && status != "planned" && rng.chance(0.3) {
            let neighbours: Vec<(String, String)> = home
                .iter()
                .filter(|b| b.province == branch.province && b.place != branch.place)
                .map(|b| (b.place.clone(), b.place_path.clone()))
                .collect();
            if !neighbours.is_empty() {
                let mut places = vec![rng.pick(&neighbours).clone(), rng.pick(&neighbours).clone()];
                places.dedup();
                store::details::set_places(tx, activity.id, &places).await?;
            }
        }
        // Some beneficiaries registered by name, with their consent: people of the commune.
        if matches!(status, "done" | "verified") && rng.chance(0.3) {
            for person in store::residents(tx, &branch.place_path, rng.between(5, 25)).await? {
                crate::people::rights::insert_consent(
                    tx,
                    person,
                    &consent,
                    true,
                    &consent.notice_version,
                    None,
                    "demo",
                    now,
                )
                .await?;
                crate::activities::links::store::link(
                    tx,
                    crate::activities::links::store::Link::Beneficiary,
                    activity.id,
                    person,
                    "demo",
                    now,
                )
                .await?;
            }
        }
    }
    Ok(made)
}
