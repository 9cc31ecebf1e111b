//! Copies of a few tables kept in memory, and how they know they are still good: a number per
//! group of tables, bumped by the store's own triggers in the writing transaction (migration
//! 0029), whoever writes (a page, the command line, another `mizan serve`). A copy taken at
//! generation `g` is good while the store says `g`; the caller's session query reads the numbers at
//! no extra cost (`auth::store`), other requests ask [`read`].

use std::future::Future;
use std::sync::{Arc, Mutex};

use super::{Db, StoreResult};
use crate::locks::locked;
use crate::on_db;

/// The generations of the tables copied in memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct Generations {
    /// `territory_units`: the map, the party's units, their names, branch counts, closings.
    pub territory_generation: i64,
    /// `membership_rollups`: the members counted at each unit.
    pub members_generation: i64,
    /// `bodies` and `body_types`: the organs, their types and their meetings' count.
    pub bodies_generation: i64,
    /// `renewal_campaigns`.
    pub renewal_generation: i64,
}

/// The columns that read [`Generations`], to add to a query that runs anyway.
pub const COLUMNS: &str = "\
    (SELECT generation FROM store_generations WHERE name = 'territory') AS territory_generation, \
    (SELECT generation FROM store_generations WHERE name = 'members') AS members_generation, \
    (SELECT generation FROM store_generations WHERE name = 'bodies') AS bodies_generation, \
    (SELECT generation FROM store_generations WHERE name = 'renewal') AS renewal_generation";

/// The generations now, for a request that has no session to read them with.
pub async fn read(db: &Db) -> StoreResult<Generations> {
    let sql = format!("SELECT {COLUMNS}");
    Ok(on_db!(db, |c| sqlx::query_as::<_, Generations>(
        sqlx::AssertSqlSafe(sql.as_str())
    )
    .fetch_one(c)
    .await)?)
}

/// A copy in memory of what `N` groups of tables hold, with the generations it was taken at.
#[derive(Debug)]
pub struct Cached<T, const N: usize> {
    current: Mutex<Option<([i64; N], Arc<T>)>>,
    /// The turn to take a new copy: one at a time, the others wait for it rather than each read
    /// the same tables.
    loading: tokio::sync::Mutex<()>,
}

impl<T, const N: usize> Default for Cached<T, N> {
    fn default() -> Self {
        Cached {
            current: Mutex::new(None),
            loading: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T, const N: usize> Cached<T, N> {
    /// A copy at least as recent as the store at `generations`: the one kept, or a new one from
    /// `load` (read after the generations were, so never older than they say).
    pub async fn at<F, Fut>(&self, generations: [i64; N], load: F) -> StoreResult<Arc<T>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = StoreResult<T>>,
    {
        if let Some(copy) = self.fresh(generations) {
            return Ok(copy);
        }
        let _turn = self.loading.lock().await;
        if let Some(copy) = self.fresh(generations) {
            return Ok(copy);
        }
        let copy = Arc::new(load().await?);
        *locked(&self.current) = Some((generations, Arc::clone(&copy)));
        Ok(copy)
    }

    fn fresh(&self, generations: [i64; N]) -> Option<Arc<T>> {
        locked(&self.current)
            .as_ref()
            .filter(|(taken, _)| taken.iter().zip(generations).all(|(t, g)| *t >= g))
            .map(|(_, copy)| Arc::clone(copy))
    }
}
