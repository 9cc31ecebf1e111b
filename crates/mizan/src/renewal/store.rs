//! The renewal module's SQL, and the only place it lives. Lists of branches take the caller's
//! [`Scope`] and filter on the branch's path in SQL.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::model::{BranchRenewal, Campaign, Stage};
use crate::auth::{Held, Permit, Scope, Visible};
use crate::store::{Db, SqlArgs, StoreResult, Tx};
use crate::{on_db, on_tx};

const CAMPAIGN_COLUMNS: &str =
    "id, code, name_ar, name_fr, name_en, scope_code, scope_path, starts_on, ends_on, min_paid_members";
const RENEWAL_SELECT: &str = "SELECT r.campaign_id, r.branch_code, r.branch_path, u.name_ar, u.name_fr, r.rural, \
     r.new_branch, r.new_commune, r.stage, r.assembly_on, r.convocation_sent, r.eligible, r.present, \
     r.quorum_reached, r.held_on, r.elected_on, r.validated_on, r.validated_by, r.closed_reason, r.merged_into \
     FROM branch_renewals r JOIN territory_units u ON u.code = r.branch_code";

/// Campaigns whose scope meets the caller's (inside it, or around it), latest first.
pub async fn campaigns(db: &Db, scope: &Scope) -> StoreResult<Vec<Campaign>> {
    let mut args = SqlArgs::after(0);
    let sees = scope.sql_sees("scope_path", &mut args);
    let sql = format!(
        "SELECT {CAMPAIGN_COLUMNS} FROM renewal_campaigns WHERE {sees} ORDER BY starts_on DESC, id DESC"
    );
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as(AssertSqlSafe(sql.as_str())))
            .fetch_all(c)
            .await
    })?)
}

pub async fn campaign(db: &Db, code: &str) -> StoreResult<Option<Campaign>> {
    let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM renewal_campaigns WHERE code = $1");
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .bind(code)
        .fetch_optional(c)
        .await)?)
}

/// A new campaign, and one row at stage `due` for every branch of its scope.
pub async fn insert_campaign(tx: &mut Tx, c: &Campaign, now: DateTime<Utc>) -> StoreResult<i64> {
    let id: i64 = on_tx!(tx, |conn| {
        sqlx::query_scalar(
        "INSERT INTO renewal_campaigns (code, name_ar, name_fr, name_en, scope_code, scope_path, starts_on, \
         ends_on, min_paid_members, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"
    )
    .bind(&c.code)
    .bind(&c.name_ar)
    .bind(&c.name_fr)
    .bind(&c.name_en)
    .bind(&c.scope_code)
    .bind(&c.scope_path)
    .bind(c.starts_on)
    .bind(c.ends_on)
    .bind(c.min_paid_members)
    .bind(now)
    .fetch_one(conn)
    .await
    })?;
    let mut args = SqlArgs::after(2);
    let inside = Scope::Within(vec![c.scope_path.clone()]).sql_contains("b.path", &mut args);
    let sql = format!(
        "INSERT INTO branch_renewals (campaign_id, branch_code, branch_path, rural, new_branch, new_commune, stage, \
         updated_at) \
         SELECT $1, b.code, b.path, COALESCE(p.kind = 'rural', FALSE), FALSE, FALSE, 'due', $2 \
         FROM territory_units b LEFT JOIN territory_units p ON p.code = b.parent_code \
         WHERE b.level = 'branch' AND b.kind = 'branch' AND b.closed_on IS NULL AND {inside}"
    );
    on_tx!(tx, |conn| {
        args.bind(sqlx::query(AssertSqlSafe(sql.as_str())).bind(id).bind(now))
            .execute(conn)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(id)
}

/// A branch made during open campaigns joins them, due, marked new (and whether its commune had
/// no branch before).
pub async fn add_new_branch(
    tx: &mut Tx,
    branch: &crate::territory::Unit,
    rural: bool,
    new_commune: bool,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let campaigns: Vec<(i64, String)> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT id, scope_path FROM renewal_campaigns WHERE starts_on <= $1 AND ends_on >= $1"
    )
    .bind(today)
    .fetch_all(c)
    .await)?;
    let mut added = 0;
    for (id, _) in campaigns
        .into_iter()
        .filter(|(_, s)| branch.path.starts_with(s.as_str()))
    {
        added += on_tx!(tx, |c| {
            sqlx::query(
            "INSERT INTO branch_renewals (campaign_id, branch_code, branch_path, rural, new_branch, new_commune, \
             stage, updated_at) VALUES ($1, $2, $3, $4, TRUE, $5, 'due', $6)"
        )
        .bind(id)
        .bind(&branch.code)
        .bind(&branch.path)
        .bind(rural)
        .bind(new_commune)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected())
        })?;
    }
    Ok(added)
}

/// The campaign's branches inside `territory` and the caller's scope, by path.
pub async fn renewals(
    db: &Db,
    campaign: i64,
    territory_path: &str,
    scope: &Scope,
) -> StoreResult<Vec<BranchRenewal>> {
    let mut args = SqlArgs::after(1);
    let inside = Scope::Within(vec![territory_path.to_owned()]).sql_contains("r.branch_path", &mut args);
    let reach = scope.sql_contains("r.branch_path", &mut args);
    let sql =
        format!("{RENEWAL_SELECT} WHERE r.campaign_id = $1 AND {inside} AND {reach} ORDER BY r.branch_path");
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as(AssertSqlSafe(sql.as_str())).bind(campaign))
            .fetch_all(c)
            .await
    })?)
}

/// One branch of a campaign, inside the caller's scope.
pub async fn renewal(
    db: &Db,
    campaign: i64,
    branch: &str,
    scope: &Scope,
) -> StoreResult<Option<Visible<BranchRenewal>>> {
    let mut args = SqlArgs::after(2);
    let reach = scope.sql_contains("r.branch_path", &mut args);
    Ok(renewal_where(db, campaign, branch, &reach, args)
        .await?
        .map(Visible::found))
}

/// A branch of a campaign whose records the permit covers: at its place, and of the party (a
/// renewal is the party's: a parallel organization's officer has no say in it).
pub async fn renewal_held(
    db: &Db,
    campaign: i64,
    branch: &str,
    permit: &Permit,
) -> StoreResult<Option<Held<BranchRenewal>>> {
    let mut args = SqlArgs::after(2);
    let held = permit.sql_holds("r.branch_path", PARTY, &mut args);
    Ok(renewal_where(db, campaign, branch, &held, args)
        .await?
        .map(Held::found))
}

/// One branch of a campaign, if it meets `condition` (whose arguments are `args`).
async fn renewal_where(
    db: &Db,
    campaign: i64,
    branch: &str,
    condition: &str,
    args: SqlArgs,
) -> StoreResult<Option<BranchRenewal>> {
    let sql = format!("{RENEWAL_SELECT} WHERE r.campaign_id = $1 AND r.branch_code = $2 AND {condition}");
    Ok(on_db!(db, |c| {
        args.bind(
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(campaign)
                .bind(branch),
        )
        .fetch_optional(c)
        .await
    })?)
}

/// The party's organization, as an SQL expression.
const PARTY: &str = "(SELECT id FROM organizations WHERE kind = 'party' ORDER BY id LIMIT 1)";

/// Active members of the party at the branch whose dues for `year` are paid: (id, uid, names).
pub type Eligible = (
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Names people: for a branch whose records the caller holds.
pub async fn eligible_members(
    db: &Db,
    renewal: &Held<BranchRenewal>,
    year: i32,
) -> StoreResult<Vec<Eligible>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT p.id, p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin \
         FROM memberships m JOIN organizations o ON o.id = m.organization_id AND o.kind = 'party' \
         JOIN dues d ON d.membership_id = m.id AND d.year = $2 JOIN people p ON p.id = m.person_id \
         WHERE m.branch_code = $1 AND m.status = 'active' ORDER BY p.id"
    )
    .bind(&renewal.branch_code)
    .bind(i64::from(year))
    .fetch_all(c)
    .await)?)
}

/// How many active members of the party at the branch have paid their dues for `year`: a
/// figure for whoever sees the branch.
pub async fn paid_up_count(db: &Db, renewal: &Visible<BranchRenewal>, year: i32) -> StoreResult<i64> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN organizations o ON o.id = m.organization_id \
         AND o.kind = 'party' JOIN dues d ON d.membership_id = m.id AND d.year = $2 \
         WHERE m.branch_code = $1 AND m.status = 'active'"
    )
    .bind(&renewal.branch_code)
    .bind(i64::from(year))
    .fetch_one(c)
    .await)?)
}

/// Moves a branch from `from` to `to`, with the columns of the step; false when it was no longer
/// at `from` (someone else moved it).
pub async fn advance(
    tx: &mut Tx,
    campaign: i64,
    branch: &str,
    from: &[Stage],
    to: Stage,
    step: &Step<'_>,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let from: Vec<String> = from.iter().map(|s| format!("'{}'", s.code())).collect();
    let (set, binds): (&str, Vec<StepValue>) = match step {
        Step::Convene { assembly_on } => (
            "assembly_on = $5, convocation_sent = TRUE",
            vec![StepValue::Day(*assembly_on)],
        ),
        Step::Hold {
            held_on,
            eligible,
            present,
            quorum_reached,
        } => (
            "held_on = $5, eligible = $6, present = $7, quorum_reached = $8",
            vec![
                StepValue::Day(*held_on),
                StepValue::Int(*eligible),
                StepValue::Int(*present),
                StepValue::Flag(*quorum_reached),
            ],
        ),
        Step::Elect { elected_on } => ("elected_on = $5", vec![StepValue::Day(*elected_on)]),
        Step::Validate { on, by } => (
            "validated_on = $5, validated_by = $6",
            vec![StepValue::Day(*on), StepValue::Text(by)],
        ),
        Step::Close { reason, merged_into } => (
            "closed_reason = $5, merged_into = $6",
            vec![
                StepValue::Text(reason),
                StepValue::OptText(merged_into.map(str::to_owned)),
            ],
        ),
    };
    let sql = format!(
        "UPDATE branch_renewals SET stage = $3, updated_at = $4, {set} \
         WHERE campaign_id = $1 AND branch_code = $2 AND stage IN ({})",
        from.join(", ")
    );
    let n = on_tx!(tx, |c| {
        let mut q = sqlx::query(AssertSqlSafe(sql.as_str()))
            .bind(campaign)
            .bind(branch)
            .bind(to.code())
            .bind(now);
        for v in &binds {
            q = match v {
                StepValue::Day(d) => q.bind(*d),
                StepValue::Int(n) => q.bind(*n),
                StepValue::Flag(b) => q.bind(*b),
                StepValue::Text(t) => q.bind(t.to_string()),
                StepValue::OptText(t) => q.bind(t.clone()),
            };
        }
        q.execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(n == 1)
}

/// What a step writes besides the stage.
pub enum Step<'a> {
    Convene {
        assembly_on: NaiveDate,
    },
    Hold {
        held_on: NaiveDate,
        eligible: i64,
        present: i64,
        quorum_reached: bool,
    },
    Elect {
        elected_on: NaiveDate,
    },
    Validate {
        on: NaiveDate,
        by: &'a str,
    },
    Close {
        reason: &'a str,
        merged_into: Option<&'a str>,
    },
}

enum StepValue<'a> {
    Day(NaiveDate),
    Int(i64),
    Flag(bool),
    Text(&'a str),
    OptText(Option<String>),
}

/// The eligible members present at the assembly.
pub async fn record_attendance(tx: &mut Tx, campaign: i64, branch: &str, people: &[i64]) -> StoreResult<()> {
    for chunk in people.chunks(300) {
        let sql = format!(
            "INSERT INTO renewal_attendance (campaign_id, branch_code, person_id) VALUES {}",
            crate::store::values_clause(tx.backend(), chunk.len(), 3)
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for person in chunk {
                q = q.bind(campaign).bind(branch).bind(*person);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// For the demo: stages written directly, (branch, stage, assembly, held, elected, validated,
/// eligible, present, new branch).
pub async fn demo_stages(tx: &mut Tx, campaign: i64, rows: &[DemoStage]) -> StoreResult<()> {
    for r in rows {
        on_tx!(tx, |c| sqlx::query(
            "UPDATE branch_renewals SET stage = $3, assembly_on = $4, convocation_sent = $5, held_on = $6, \
             eligible = $7, present = $8, quorum_reached = $9, elected_on = $10, validated_on = $11, \
             validated_by = $12, new_branch = $13, new_commune = $13, closed_reason = $14 \
             WHERE campaign_id = $1 AND branch_code = $2"
        )
        .bind(campaign)
        .bind(&r.branch)
        .bind(r.stage.code())
        .bind(r.assembly_on)
        .bind(r.assembly_on.is_some())
        .bind(r.held_on)
        .bind(r.eligible)
        .bind(r.present)
        .bind(r.present * 2 > r.eligible)
        .bind(r.elected_on)
        .bind(r.validated_on)
        .bind(r.validated_on.map(|_| "demo"))
        .bind(r.new_branch)
        .bind(matches!(r.stage, Stage::Lapsed | Stage::Merged).then_some("demo"))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

pub struct DemoStage {
    pub branch: String,
    pub stage: Stage,
    pub assembly_on: Option<NaiveDate>,
    pub held_on: Option<NaiveDate>,
    pub elected_on: Option<NaiveDate>,
    pub validated_on: Option<NaiveDate>,
    pub eligible: i64,
    pub present: i64,
    pub new_branch: bool,
}

/// The eligible members recorded present at the branch's assembly: (id, uid).
pub async fn attendees(tx: &mut Tx, campaign: i64, branch: &str) -> StoreResult<Vec<(i64, String)>> {
    Ok(on_tx!(tx, |c| sqlx::query_as(
        "SELECT p.id, p.uid FROM renewal_attendance a JOIN people p ON p.id = a.person_id \
         WHERE a.campaign_id = $1 AND a.branch_code = $2 ORDER BY p.id"
    )
    .bind(campaign)
    .bind(branch)
    .fetch_all(c)
    .await)?)
}

/// The branch's bureau: its body of the party's branch-level type made one per branch.
pub async fn bureau_of(tx: &mut Tx, branch: &str) -> StoreResult<Option<i64>> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id \
         JOIN organizations o ON o.id = t.organization_id AND o.kind = 'party' \
         WHERE b.unit_code = $1 AND t.level = 'branch' AND t.one_per_unit = TRUE ORDER BY t.id LIMIT 1"
    )
    .bind(branch)
    .fetch_optional(c)
    .await)?)
}

/// The members recorded present at the branch's assembly, with their names.
pub async fn present_at(db: &Db, renewal: &Held<BranchRenewal>) -> StoreResult<Vec<Eligible>> {
    Ok(on_db!(db, |c| sqlx::query_as(
        "SELECT p.id, p.uid, p.given_ar, p.family_ar, p.given_latin, p.family_latin \
         FROM renewal_attendance a JOIN people p ON p.id = a.person_id \
         WHERE a.campaign_id = $1 AND a.branch_code = $2 ORDER BY p.id"
    )
    .bind(renewal.campaign_id)
    .bind(&renewal.branch_code)
    .fetch_all(c)
    .await)?)
}

/// Every campaign, the latest first (the copy kept in memory: `renewal::current`).
pub async fn all_campaigns(db: &Db) -> StoreResult<Vec<Campaign>> {
    let sql = format!("SELECT {CAMPAIGN_COLUMNS} FROM renewal_campaigns ORDER BY starts_on DESC, id DESC");
    Ok(on_db!(db, |c| sqlx::query_as(AssertSqlSafe(sql.as_str()))
        .fetch_all(c)
        .await)?)
}

/// A branch's stage in a campaign, if the campaign counts it.
pub async fn stage_of(db: &Db, campaign_id: i64, branch: &str) -> StoreResult<Option<String>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT stage FROM branch_renewals WHERE campaign_id = $1 AND branch_code = $2"
    )
    .bind(campaign_id)
    .bind(branch)
    .fetch_optional(c)
    .await)?)
}
