//! The demo's renewal campaign: every branch at some stage, rural communes behind urban ones, a few
//! assemblies whose day has passed unrecorded (overdue), and some branches new this year.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::Rng;
use super::branches::Branch;
use crate::renewal::model::{Campaign, Stage};
use crate::renewal::store::{self, DemoStage};
use crate::store::Tx;

pub async fn create(
    tx: &mut Tx,
    rng: &mut Rng,
    branches: &[Branch],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let starts_on = NaiveDate::from_ymd_opt(today.year(), 1, 15)
        .expect("a day")
        .min(today);
    let mut campaign = Campaign {
        id: 0,
        code: format!("renewal-{}", today.year()),
        name_ar: format!("تجديد الفروع {}", today.year()),
        name_fr: format!("Renouvellement des sections {}", today.year()),
        name_en: format!("Branch renewal {}", today.year()),
        scope_code: "MA".into(),
        scope_path: "/MA/".into(),
        starts_on,
        ends_on: NaiveDate::from_ymd_opt(today.year(), 12, 31).expect("a day"),
        min_paid_members: 3,
    };
    campaign.id = store::insert_campaign(tx, &campaign, now).await?;
    let span = (today - starts_on).num_days().max(1);
    let mut rows = Vec::new();
    for b in branches.iter().filter(|b| !b.abroad) {
        // due, convened, held, elected, validated, lapsed, merged
        let weights: &[u32] = if b.rural {
            &[26, 18, 10, 16, 24, 5, 1]
        } else {
            &[8, 12, 8, 22, 44, 4, 2]
        };
        let stage = Stage::ALL[rng.weighted(weights)];
        let step = |rng: &mut Rng, after: NaiveDate| {
            let left = (today - after).num_days().max(0);
            after + Duration::days(rng.between(0, left))
        };
        let reached = |s: Stage| stage >= s && stage <= Stage::Validated;
        let assembly_on = if stage == Stage::Convened {
            // Some assemblies are still ahead, some passed unrecorded (overdue).
            Some(starts_on + Duration::days(rng.between(span / 2, span + 45)))
        } else if reached(Stage::Held) {
            Some(starts_on + Duration::days(rng.between(0, span * 2 / 3)))
        } else {
            None
        };
        let held_on = assembly_on.filter(|_| reached(Stage::Held));
        let elected_on = held_on.filter(|_| reached(Stage::Elected));
        let validated_on = elected_on
            .filter(|_| stage == Stage::Validated)
            .map(|d| step(rng, d));
        let eligible = rng.between(3, 40);
        let present = if held_on.is_some() {
            // Elected bureaus had their quorum; a held assembly waiting may not have.
            if stage == Stage::Held {
                (eligible * rng.between(35, 90) / 100).max(1)
            } else {
                (eligible * rng.between(55, 95) / 100).max(eligible / 2 + 1)
            }
        } else {
            0
        };
        rows.push(DemoStage {
            branch: b.unit.code.clone(),
            stage,
            assembly_on,
            held_on,
            elected_on,
            validated_on,
            eligible,
            present,
            new_branch: rng.chance(if b.rural { 0.05 } else { 0.02 }),
        });
    }
    store::demo_stages(tx, campaign.id, &rows).await?;
    Ok(())
}
