//! What an activity's page tells besides its counts: the places it went to, its partners, its
//! description.

use crate::activities::model::ActivityRow;
use crate::auth::Visible;
use crate::store::{Db, StoreResult, Tx};
use crate::{on_db, on_tx};

/// The other communes an activity went through, replaced by these (code, path).
pub async fn set_places(tx: &mut Tx, id: i64, places: &[(String, String)]) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM activity_places WHERE activity_id = $1"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))?;
    for (code, path) in places {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO activity_places (activity_id, commune_code, commune_path) VALUES ($1, $2, $3)"
        )
        .bind(id)
        .bind(code)
        .bind(path)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// The codes of the other communes an activity went through.
pub async fn places_of(db: &Db, activity: &Visible<ActivityRow>) -> StoreResult<Vec<String>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT commune_code FROM activity_places WHERE activity_id = $1 ORDER BY commune_path"
    )
    .bind(activity.id)
    .fetch_all(c)
    .await)?)
}

/// The partner organizations of an activity, replaced by these.
pub async fn set_partners(tx: &mut Tx, id: i64, partners: &[String]) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM activity_partners WHERE activity_id = $1"
    )
    .bind(id)
    .execute(c)
    .await
    .map(|_| ()))?;
    for name in partners {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO activity_partners (activity_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        )
        .bind(id)
        .bind(name)
        .execute(c)
        .await
        .map(|_| ()))?;
    }
    Ok(())
}

/// The partner organizations of an activity, by name.
pub async fn partners_of(db: &Db, activity: &Visible<ActivityRow>) -> StoreResult<Vec<String>> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT name FROM activity_partners WHERE activity_id = $1 ORDER BY name"
    )
    .bind(activity.id)
    .fetch_all(c)
    .await)?)
}

/// The description of an activity.
pub async fn description_of(db: &Db, activity: &Visible<ActivityRow>) -> StoreResult<String> {
    Ok(on_db!(db, |c| sqlx::query_scalar(
        "SELECT description FROM activities WHERE id = $1"
    )
    .bind(activity.id)
    .fetch_one(c)
    .await)?)
}

/// The description of an activity, corrected.
pub async fn set_description(tx: &mut Tx, id: i64, description: &str) -> StoreResult<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE activities SET description = $2 WHERE id = $1"
    )
    .bind(id)
    .bind(description)
    .execute(c)
    .await
    .map(|_| ()))?;
    Ok(())
}
