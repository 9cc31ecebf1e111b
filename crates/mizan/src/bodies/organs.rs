//! The bodies and their types in memory, for the pages that list the bodies sitting at a unit:
//! a copy taken at the store's `bodies` generation (`store::generations`), which every body,
//! meeting count or type written anywhere moves on.

use std::collections::HashMap;
use std::sync::Arc;

use super::model::{Body, BodyType};
use super::store;
use crate::app::AppState;
use crate::error::AppResult;
use crate::http::RequestCtx;
use crate::store::{Db, StoreResult};

/// Every body, by unit, and every type.
#[derive(Debug)]
pub struct Organs {
    types: Vec<BodyType>,
    by_unit: HashMap<String, Vec<Body>>,
}

impl Organs {
    async fn load(db: &Db) -> StoreResult<Organs> {
        let types = super::types::store::body_types(db).await?;
        let mut by_unit: HashMap<String, Vec<Body>> = HashMap::new();
        for body in store::all_bodies(db).await? {
            by_unit.entry(body.unit_code.clone()).or_default().push(body);
        }
        Ok(Organs { types, by_unit })
    }

    /// Whether the party has any body type (before its setup, none).
    pub fn has_types(&self) -> bool {
        !self.types.is_empty()
    }

    /// A body by id, with its type: its name, whoever asks (an activity names its organizer).
    pub fn body(&self, id: i64) -> Option<(Body, BodyType)> {
        let body = self.by_unit.values().flatten().find(|b| b.id == id)?;
        let kind = self.types.iter().find(|t| t.id == body.body_type_id)?;
        Some((body.clone(), kind.clone()))
    }

    /// The bodies sitting at a unit, each with its type, in the types' order.
    pub fn at(&self, unit_code: &str) -> Vec<(Body, BodyType)> {
        self.by_unit
            .get(unit_code)
            .into_iter()
            .flatten()
            .filter_map(|b| {
                let t = self.types.iter().find(|t| t.id == b.body_type_id)?;
                Some((b.clone(), t.clone()))
            })
            .collect()
    }
}

/// The copy for this request.
pub async fn of_request(state: &AppState, req: &RequestCtx) -> AppResult<Arc<Organs>> {
    let g = state.generations(req).await?;
    let db = &state.db;
    Ok(state
        .caches
        .bodies
        .at([g.bodies_generation], || Organs::load(db))
        .await?)
}
