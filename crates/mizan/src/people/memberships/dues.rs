//! Dues paid per membership and year: a payment recorded within the caller's reach, and the demo's
//! years of dues.

use chrono::NaiveDate;
use sqlx::AssertSqlSafe;

use crate::auth::Reach;
use crate::on_tx;
use crate::people::store::count_new_member;
use crate::store::{SqlArgs, StoreResult, Tx};

/// The demo's dues, written by the store itself from the memberships (millions of rows at a
/// million people, in three statements): active members paid this year; of those who joined
/// earlier, most paid the two years before, and every other lapsed member paid last year.
pub async fn demo_dues(tx: &mut Tx, today: NaiveDate) -> StoreResult<()> {
    let year = i64::from(chrono::Datelike::year(&today));
    let day = |y: i64| NaiveDate::from_ymd_opt(i32::try_from(y).unwrap_or(2026), 1, 15).unwrap_or(today);
    let plans = [
        (year, "m.status = 'active'"),
        (
            year - 1,
            "m.joined_on < $4 AND (m.status = 'active' OR m.id % 2 = 0)",
        ),
        (year - 2, "m.joined_on < $4 AND m.id % 3 <> 0"),
    ];
    for (y, which) in plans {
        let sql = format!(
            "INSERT INTO dues (membership_id, year, amount, paid_on, recorded_by) \
             SELECT m.id, $1, CASE WHEN o.kind = 'party' THEN 120 ELSE 60 END, \
             CASE WHEN m.joined_on > $2 THEN m.joined_on ELSE $2 END, $3 \
             FROM memberships m JOIN organizations o ON o.id = m.organization_id \
             WHERE m.status <> 'ended' AND m.joined_on <= $5 AND {which}"
        );
        let first_day = NaiveDate::from_ymd_opt(i32::try_from(y).unwrap_or(2026), 1, 1).unwrap_or(today);
        let last_day = NaiveDate::from_ymd_opt(i32::try_from(y).unwrap_or(2026), 12, 31).unwrap_or(today);
        on_tx!(tx, |c| sqlx::query(AssertSqlSafe(sql.as_str()))
            .bind(y)
            .bind(day(y))
            .bind("demo")
            .bind(first_day)
            .bind(last_day)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// A year of dues paid.
#[derive(Clone, Debug)]
pub struct Payment {
    pub organization: i64,
    pub year: i64,
    /// In dirhams.
    pub amount: i64,
    pub paid_on: NaiveDate,
}

/// Records a year of dues for one of the person's memberships (by organization) held within the
/// reaches; a membership paid up for the current year is active again, and counted so. None: no
/// such membership within reach; false: that year was already paid.
pub async fn pay_dues(
    tx: &mut Tx,
    reaches: &[Reach],
    person: i64,
    payment: &Payment,
    by: &str,
) -> StoreResult<Option<bool>> {
    let Payment {
        organization,
        year,
        amount,
        paid_on,
    } = payment.clone();
    let this_year = i64::from(chrono::Datelike::year(&paid_on));
    // Only a membership held where the caller may act: a person living in Taza may be a member
    // at a Taounate branch, whose dues are Taounate's to record.
    let mut args = SqlArgs::after(2);
    let within = crate::auth::policy::sql_holds(reaches, "branch_path", "organization_id", &mut args);
    let sql = format!(
        "SELECT id, status, branch_path FROM memberships WHERE person_id = $1 AND organization_id = $2 \
         AND status <> 'ended' AND {within} ORDER BY id LIMIT 1"
    );
    let membership: Option<(i64, String, String)> = on_tx!(tx, |c| {
        args.bind(
            sqlx::query_as(AssertSqlSafe(sql.as_str()))
                .bind(person)
                .bind(organization),
        )
        .fetch_optional(c)
        .await
    })?;
    let Some((id, status, branch_path)) = membership else {
        return Ok(None);
    };
    let inserted = on_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO dues (membership_id, year, amount, paid_on, recorded_by) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (membership_id, year) DO NOTHING"
    )
    .bind(id)
    .bind(year)
    .bind(amount)
    .bind(paid_on)
    .bind(by)
    .execute(c)
    .await
    .map(|r| r.rows_affected())
    })?;
    if inserted == 0 {
        return Ok(Some(false));
    }
    if year == this_year && status == "lapsed" {
        on_tx!(tx, |c| sqlx::query(
            "UPDATE memberships SET status = 'active' WHERE id = $1"
        )
        .bind(id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        count_new_member(tx, &branch_path, organization).await?;
    }
    Ok(Some(true))
}
