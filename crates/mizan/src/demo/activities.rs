//! The demo's year of volunteering: about 1,300 activities across the map, more in the provinces
//! the report names (Taounate, Taza, Es-Semara, Boujdour), about 1.3 million counted beneficiaries,
//! most verified, a few planned or rejected.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::Rng;
use super::branches::Branch;
use crate::activities::model::{ActivityType, Category};
use crate::activities::store::{self, NewActivity, NewCampaign};
use crate::store::Tx;

const TYPES: [(&str, &str, &str, &str, &str); 6] = [
    (
        "medical_caravan",
        "قافلة طبية",
        "Caravane médicale",
        "Medical caravan",
        "caravan",
    ),
    (
        "women_projects",
        "دعم النساء حاملات المشاريع",
        "Appui aux femmes porteuses de projets",
        "Support to women carrying projects",
        "women",
    ),
    (
        "digital_support",
        "حملة الدعم الرقمي",
        "Campagne d'appui numérique",
        "Digital-support campaign",
        "digital",
    ),
    (
        "youth_training",
        "تكوين الشباب",
        "Formation des jeunes",
        "Youth training",
        "training",
    ),
    (
        "rural_solidarity",
        "التضامن القروي",
        "Solidarité rurale",
        "Rural solidarity",
        "solidarity",
    ),
    (
        "school_support",
        "الدعم المدرسي",
        "Soutien scolaire",
        "School support",
        "school",
    ),
];

/// (code, ar, fr, en, part of the total)
const CATEGORIES: [(&str, &str, &str, &str, bool); 6] = [
    ("women", "نساء", "Femmes", "Women", true),
    ("men", "رجال", "Hommes", "Men", true),
    ("children", "أطفال", "Enfants", "Children", true),
    (
        "youth",
        "منهم شباب (15–34)",
        "dont jeunes (15–34 ans)",
        "of whom youth (15–34)",
        false,
    ),
    (
        "elderly",
        "منهم مسنون",
        "dont personnes âgées",
        "of whom elderly",
        false,
    ),
    (
        "disabled",
        "منهم أشخاص في وضعية إعاقة",
        "dont personnes en situation de handicap",
        "of whom people with disabilities",
        false,
    ),
];

/// Provinces the report names, where the party worked more.
const NAMED: [&str; 4] = ["03.531", "03.561", "11.221", "11.121"];

pub async fn create(
    tx: &mut Tx,
    rng: &mut Rng,
    branches: &[Branch],
    bureaus: &[(String, i64)],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let mut types = Vec::new();
    for (code, ar, fr, en, icon) in TYPES {
        let t = ActivityType {
            id: 0,
            code: code.into(),
            name_ar: ar.into(),
            name_fr: fr.into(),
            name_en: en.into(),
            icon: icon.into(),
        };
        types.push(store::insert_type(tx, &t).await?);
    }
    let mut categories = Vec::new();
    for (rank, (code, ar, fr, en, in_total)) in CATEGORIES.into_iter().enumerate() {
        let c = Category {
            id: 0,
            code: code.into(),
            name_ar: ar.into(),
            name_fr: fr.into(),
            name_en: en.into(),
            in_total,
        };
        categories.push(store::insert_category(tx, &c, rank as i64).await?);
    }
    let year = today.year();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).expect("a day");
    let last = NaiveDate::from_ymd_opt(year, 12, 31).expect("a day");
    let campaign = store::insert_campaign(
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
        let kind = rng.below(types.len() as u64) as usize;
        let status = ["verified", "done", "planned", "rejected"][rng.weighted(&[70, 24, 3, 3])];
        let starts_on = if status == "planned" {
            today + Duration::days(rng.between(3, 40))
        } else {
            first + Duration::days(rng.between(0, days))
        };
        let counts: Vec<(i64, i64)> = if status == "planned" {
            Vec::new()
        } else {
            let total = rng.between(300, 1_700);
            let children = total * rng.between(15, 30) / 100;
            let women = (total - children) * rng.between(40, 60) / 100;
            let men = total - children - women;
            let youth = (women + men) * rng.between(20, 40) / 100;
            let elderly = (women + men) * rng.between(5, 15) / 100;
            let disabled = total * rng.between(1, 4) / 100;
            categories
                .iter()
                .copied()
                .zip([women, men, children, youth, elderly, disabled])
                .collect()
        };
        let organizer = bureaus
            .binary_search_by(|(code, _)| code.as_str().cmp(branch.unit.code.as_str()))
            .ok()
            .map(|i| bureaus[i].1);
        let uid = format!("demo-activity-{n:05}");
        let activity = store::insert(
            tx,
            &NewActivity {
                uid: &uid,
                type_id: types[kind],
                campaign_id: Some(campaign),
                title: TYPES[kind].1,
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
                store::link(tx, store::Link::Beneficiary, activity.id, person, "demo", now).await?;
            }
        }
    }
    Ok(made)
}
