//! The map and the party's units in memory, each with the party's members counted at it: the
//! pages that draw the territory (the home page, a unit's page) read them here instead of asking
//! the store several small queries each. A copy is taken at the store's generations
//! (`store::generations`) and kept while they hold: a unit added, renamed or closed, or a member
//! counted, by any process, makes the next page take a new one. The copy holds what the map
//! holds (names, census, branch counts), never a person.

use std::collections::HashMap;
use std::sync::Arc;

use super::model::{Level, UNIT_COLUMNS, Unit};
use crate::app::AppState;
use crate::auth::Scope;
use crate::error::AppResult;
use crate::http::RequestCtx;
use crate::on_db;
use crate::store::{Db, Generations, StoreResult};

/// Every unit, with the party's active members at or below it.
#[derive(Debug)]
pub struct Tree {
    /// Sorted by path: a subtree is a range.
    units: Vec<Unit>,
    by_code: HashMap<String, usize>,
    /// Each unit's children, official ones first, by code.
    children: Vec<Vec<usize>>,
}

impl Tree {
    async fn load(db: &Db) -> StoreResult<Tree> {
        let sql = format!("SELECT {UNIT_COLUMNS} FROM territory_units");
        let mut units: Vec<Unit> = on_db!(db, |c| sqlx::query_as::<_, Unit>(sqlx::AssertSqlSafe(
            sql.as_str()
        ))
        .fetch_all(c)
        .await)?;
        let members: HashMap<String, i64> = on_db!(db, |c| sqlx::query_as::<_, (String, i64)>(
            "SELECT r.unit_code, r.active_members FROM membership_rollups r \
             JOIN organizations o ON o.id = r.organization_id AND o.kind = 'party'"
        )
        .fetch_all(c)
        .await)?
        .into_iter()
        .collect();
        for unit in &mut units {
            unit.members = Some(members.get(&unit.code).copied().unwrap_or(0));
        }
        Ok(Tree::new(units))
    }

    fn new(mut units: Vec<Unit>) -> Tree {
        // By path, byte by byte (a PostgreSQL collation may order '/' and '.' otherwise): the
        // subtree ranges of `descendants_at` depend on it.
        units.sort_by(|a, b| a.path.cmp(&b.path));
        let by_code: HashMap<String, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.clone(), i))
            .collect();
        let mut children = vec![Vec::new(); units.len()];
        for (i, unit) in units.iter().enumerate() {
            if let Some(parent) = unit.parent_code.as_deref().and_then(|p| by_code.get(p)) {
                children[*parent].push(i);
            }
        }
        for list in &mut children {
            list.sort_by(|a, b| {
                let (a, b) = (&units[*a], &units[*b]);
                b.official.cmp(&a.official).then_with(|| a.code.cmp(&b.code))
            });
        }
        Tree {
            units,
            by_code,
            children,
        }
    }

    fn index(&self, code: &str) -> Option<usize> {
        self.by_code.get(code).copied()
    }

    /// A unit by code, whoever asks (the map is public; what sits on a unit is not).
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.index(code).map(|i| &self.units[i])
    }

    /// A unit the caller may see: inside the scope, or above it for navigation.
    pub fn visible(&self, code: &str, scope: &Scope) -> Option<&Unit> {
        self.unit(code).filter(|u| scope.sees(&u.path))
    }

    /// The units above `unit`, from the top (visible to whoever sees `unit`).
    pub fn ancestors(&self, unit: &Unit) -> Vec<Unit> {
        self.by_codes(&unit.ancestor_codes())
    }

    /// Units by code, in the order asked, those that exist.
    pub fn by_codes(&self, codes: &[&str]) -> Vec<Unit> {
        codes.iter().filter_map(|c| self.unit(c)).cloned().collect()
    }

    /// The units directly below `code` that the caller may see: official ones first, by code.
    pub fn children(&self, code: &str, scope: &Scope) -> Vec<Unit> {
        self.index(code)
            .map(|i| {
                self.children[i]
                    .iter()
                    .map(|c| &self.units[*c])
                    .filter(|u| scope.sees(&u.path))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Units of one level anywhere below `unit` that the caller may see, by path.
    pub fn descendants_at(&self, unit: &Unit, level: Level, scope: &Scope) -> Vec<Unit> {
        let start = self
            .units
            .partition_point(|u| u.path.as_str() <= unit.path.as_str());
        self.units[start..]
            .iter()
            .take_while(|u| u.path.starts_with(&unit.path))
            .filter(|u| u.level == level && scope.sees(&u.path))
            .cloned()
            .collect()
    }
}

/// The copy for this request: at the generations read with the caller's session, or read now.
pub async fn of_request(state: &AppState, req: &RequestCtx) -> AppResult<Arc<Tree>> {
    Ok(at(state, state.generations(req).await?).await?)
}

/// A copy at least as recent as the store at `g`.
pub async fn at(state: &AppState, g: Generations) -> StoreResult<Arc<Tree>> {
    let db = &state.db;
    state
        .caches
        .tree
        .at([g.territory_generation, g.members_generation], || Tree::load(db))
        .await
}
