//! The territory module's SQL, and the only place it lives. Every query that lists units takes the
//! caller's [`Scope`] and filters in SQL.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;

use super::load::depth;
use super::model::{Level, UNIT_COLUMNS, Unit};
use crate::auth::Scope;
use crate::store::{Db, SqlArgs, StoreResult, Tx, values_clause};
use crate::{on_db, on_tx};

pub async fn has_official_map(db: &Db) -> StoreResult<bool> {
    let n: i64 = on_db!(db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM territory_units WHERE official = TRUE"
    )
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// Inserts units (parents first), ignoring codes already present.
pub async fn insert_units(tx: &mut Tx, units: &[Unit], now: DateTime<Utc>) -> StoreResult<()> {
    const COLUMNS: usize = 17;
    for chunk in units.chunks(200) {
        let sql = format!(
            "INSERT INTO territory_units (code, parent_code, level, kind, path, depth, name_ar, \
             name_fr, population_2024, households_2024, population_2014, area_km2, official, \
             urban_communes, rural_communes, branches, created_at) VALUES {} \
             ON CONFLICT (code) DO NOTHING",
            values_clause(tx.backend(), chunk.len(), COLUMNS)
        );
        on_tx!(tx, |c| {
            let mut q = sqlx::query(AssertSqlSafe(sql.as_str()));
            for u in chunk {
                q = q
                    .bind(&u.code)
                    .bind(&u.parent_code)
                    .bind(u.level.code())
                    .bind(&u.kind)
                    .bind(&u.path)
                    .bind(depth(&u.path))
                    .bind(&u.name_ar)
                    .bind(&u.name_fr)
                    .bind(u.population_2024)
                    .bind(u.households_2024)
                    .bind(u.population_2014)
                    .bind(u.area_km2)
                    .bind(u.official)
                    .bind(u.urban_communes)
                    .bind(u.rural_communes)
                    .bind(u.branches)
                    .bind(now);
            }
            q.execute(c).await.map(|r| r.rows_affected())
        })?;
    }
    Ok(())
}

/// A unit the caller may see (inside the scope, or above it for navigation), by code.
pub async fn visible_unit(db: &Db, code: &str, scope: &Scope) -> StoreResult<Option<Unit>> {
    let mut args = SqlArgs::after(1);
    let sees = scope.sql_sees("path", &mut args);
    unit_where(db, code, &sees, args).await
}

/// A unit inside the caller's scope (one they may act on and whose records they may open), by code.
pub async fn unit_within(db: &Db, code: &str, scope: &Scope) -> StoreResult<Option<Unit>> {
    let mut args = SqlArgs::after(1);
    let within = scope.sql_contains("path", &mut args);
    unit_where(db, code, &within, args).await
}

/// A unit by code, whoever asks: a place named in the structure's settings, or the place of a
/// record the caller was already found to see.
pub async fn unit_by_code(db: &Db, code: &str) -> StoreResult<Option<Unit>> {
    unit_where(db, code, "1 = 1", SqlArgs::after(1)).await
}

/// The units above `unit` inside the caller's scope, from the top: the way back up from a figure.
pub async fn ancestors_within(db: &Db, unit: &Unit, scope: &Scope) -> StoreResult<Vec<Unit>> {
    let codes = unit.ancestor_codes();
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = SqlArgs::after(0);
    let list: Vec<String> = codes.iter().map(|c| args.push(*c)).collect();
    let within = scope.sql_contains("path", &mut args);
    let sql = format!(
        "SELECT {UNIT_COLUMNS} FROM territory_units WHERE code IN ({}) AND {within} ORDER BY LENGTH(path)",
        list.join(", ")
    );
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as::<_, Unit>(AssertSqlSafe(sql.as_str())))
            .fetch_all(c)
            .await
    })?)
}

async fn unit_where(db: &Db, code: &str, condition: &str, args: SqlArgs) -> StoreResult<Option<Unit>> {
    let sql = format!("SELECT {UNIT_COLUMNS} FROM territory_units WHERE code = $1 AND {condition}");
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as::<_, Unit>(AssertSqlSafe(sql.as_str())).bind(code))
            .fetch_optional(c)
            .await
    })?)
}

/// Units by code, in the order of `codes` (used for the chain of ancestors of a visible unit,
/// which are visible by definition).
pub async fn units_by_code(db: &Db, codes: &[&str]) -> StoreResult<Vec<Unit>> {
    if codes.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = SqlArgs::after(0);
    let list: Vec<String> = codes.iter().map(|c| args.push(*c)).collect();
    let sql = format!(
        "SELECT {UNIT_COLUMNS} FROM territory_units WHERE code IN ({})",
        list.join(", ")
    );
    let mut units: Vec<Unit> = on_db!(db, |c| {
        args.bind(sqlx::query_as::<_, Unit>(AssertSqlSafe(sql.as_str())))
            .fetch_all(c)
            .await
    })?;
    units.sort_by_key(|u| codes.iter().position(|c| *c == u.code));
    Ok(units)
}

/// The units directly below `code` that the caller may see: official ones first, by code.
pub async fn children(db: &Db, code: &str, scope: &Scope) -> StoreResult<Vec<Unit>> {
    let mut args = SqlArgs::after(1);
    let sees = scope.sql_sees("path", &mut args);
    let sql = format!(
        "SELECT {UNIT_COLUMNS} FROM territory_units WHERE parent_code = $1 AND {sees} \
         ORDER BY official DESC, code"
    );
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as::<_, Unit>(AssertSqlSafe(sql.as_str())).bind(code))
            .fetch_all(c)
            .await
    })?)
}

/// Units of one level anywhere below `path` that the caller may see (the communes of a province;
/// for a caller whose scope is a branch, its commune too).
pub async fn descendants_at(db: &Db, path: &str, level: Level, scope: &Scope) -> StoreResult<Vec<Unit>> {
    let mut args = SqlArgs::after(1);
    let sees = scope.sql_sees("path", &mut args);
    descendants_where(db, path, level, &sees, args).await
}

/// Units of one level anywhere below `path`, whoever asks: the map is public (the communes an
/// activity may also have gone through, the demo's places); what sits on a unit is not.
pub async fn map_at(db: &Db, path: &str, level: Level) -> StoreResult<Vec<Unit>> {
    descendants_where(db, path, level, "1 = 1", SqlArgs::after(1)).await
}

/// The regions and provinces within the scope, in that order: the places a form offers to choose
/// from (a user's grant, a café session's event).
pub async fn places_within(db: &Db, scope: &Scope) -> StoreResult<Vec<Unit>> {
    let mut places = descendants_within(db, "/MA/", Level::Region, scope).await?;
    places.extend(descendants_within(db, "/MA/", Level::Province, scope).await?);
    Ok(places)
}

/// Units of one level anywhere below `path` inside the caller's scope (the branches they manage).
pub async fn descendants_within(db: &Db, path: &str, level: Level, scope: &Scope) -> StoreResult<Vec<Unit>> {
    let mut args = SqlArgs::after(1);
    let within = scope.sql_contains("path", &mut args);
    descendants_where(db, path, level, &within, args).await
}

async fn descendants_where(
    db: &Db,
    path: &str,
    level: Level,
    condition: &str,
    mut args: SqlArgs,
) -> StoreResult<Vec<Unit>> {
    let below = Scope::Within(vec![path.to_owned()]).sql_contains("path", &mut args);
    let sql = format!(
        "SELECT {UNIT_COLUMNS} FROM territory_units WHERE level = $1 AND {below} AND {condition} ORDER BY path"
    );
    Ok(on_db!(db, |c| {
        args.bind(sqlx::query_as::<_, Unit>(AssertSqlSafe(sql.as_str())).bind(level.code()))
            .fetch_all(c)
            .await
    })?)
}

/// How many units of each level exist (for the start-up line and the tests).
pub async fn count_level(db: &Db, level: Level) -> StoreResult<i64> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM territory_units WHERE level = $1"
    )
    .bind(level.code())
    .fetch_one(c)
    .await)?)
}

/// The next free number for a party unit below `parent` (codes `PARENT-n` or `PARENT.n`).
pub async fn count_children(tx: &mut Tx, parent: &str) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM territory_units WHERE parent_code = $1"
    )
    .bind(parent)
    .fetch_one(c)
    .await)?)
}

pub async fn code_exists(tx: &mut Tx, code: &str) -> StoreResult<bool> {
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM territory_units WHERE code = $1"
    )
    .bind(code)
    .fetch_one(c)
    .await)?;
    Ok(n > 0)
}

/// When a party unit was founded.
pub async fn set_founded_on(tx: &mut Tx, code: &str, day: NaiveDate) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE territory_units SET founded_on = $2 WHERE code = $1"
    )
    .bind(code)
    .bind(day)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// The branch rollup of one unit, as this transaction sees it.
pub async fn branches_under(tx: &mut Tx, code: &str) -> StoreResult<i64> {
    Ok(on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT branches FROM territory_units WHERE code = $1"
    )
    .bind(code)
    .fetch_one(c)
    .await)?)
}

/// Adds one to the branch rollup of a new branch and of every unit above it, in the same
/// transaction as the insert, so that figures are current the moment it commits.
pub async fn count_new_branch(tx: &mut Tx, branch: &Unit) -> StoreResult<()> {
    let codes: Vec<&str> = branch.path.split('/').filter(|s| !s.is_empty()).collect();
    let mut args = SqlArgs::after(0);
    let list: Vec<String> = codes.iter().map(|c| args.push(*c)).collect();
    let sql = format!(
        "UPDATE territory_units SET branches = branches + 1 WHERE code IN ({})",
        list.join(", ")
    );
    on_tx!(tx, |c| {
        args.bind(sqlx::query(AssertSqlSafe(sql.as_str())))
            .execute(c)
            .await
            .map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// Recounts every unit's branch rollup from the branches themselves (after a bulk load, and the
/// reference the incremental counts must always equal).
pub async fn recount_branches(tx: &mut Tx) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        // A range on the path (see `Scope::sql_contains`) so that each count is an index scan.
        "UPDATE territory_units SET branches = (SELECT COUNT(*) FROM territory_units b \
         WHERE b.level = 'branch' AND b.path >= territory_units.path \
         AND b.path < substr(territory_units.path, 1, length(territory_units.path) - 1) || '0')"
    )
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
