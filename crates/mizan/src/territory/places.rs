//! Places named in a file: a commune or arrondissement (or a city abroad) given by its Arabic or
//! French name or its HCP code, looked for first in the province of the unit the file is
//! imported at (where the people of a branch live; where new branches open).

use std::collections::HashMap;

use super::{Level, Unit, store as territory};
use crate::auth::Scope;
use crate::store::Db;
use crate::store::StoreError;

/// A place of residence: its code and path.
pub type Place = (String, String);

/// The places a file may name, within the importer's scope.
pub struct Places {
    by_code: HashMap<String, Place>,
    by_name: HashMap<String, Vec<Place>>,
    /// The province (path) of the unit imported at, where a name is looked for first.
    near: Option<String>,
}

impl Places {
    pub async fn load(db: &Db, scope: &Scope, near: Option<&Unit>) -> Result<Places, StoreError> {
        let mut places = Places {
            by_code: HashMap::new(),
            by_name: HashMap::new(),
            // `/MA/03/03.561/…`: the first three codes are the country, the region and the province.
            near: near.map(|u| u.path.split_inclusive('/').take(4).collect()),
        };
        {
            for level in [Level::Commune, Level::Arrondissement, Level::AbroadCity] {
                for unit in territory::descendants_at(db, "/", level, scope).await? {
                    let place = (unit.code.clone(), unit.path.clone());
                    for name in [&unit.name_ar, &unit.name_fr] {
                        let folded = mizan_text::fold(name);
                        let list = places.by_name.entry(folded).or_default();
                        if !list.contains(&place) {
                            list.push(place.clone());
                        }
                    }
                    places.by_code.insert(unit.code, place);
                }
            }
        }
        Ok(places)
    }

    /// The place `text` names, or the message key of why not.
    pub fn resolve(&self, text: &str) -> Result<Place, &'static str> {
        if let Some(place) = self.by_code.get(text.trim()) {
            return Ok(place.clone());
        }
        let all = self
            .by_name
            .get(&mizan_text::fold(text))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let near: Vec<&Place> = match &self.near {
            Some(province) => all
                .iter()
                .filter(|(_, path)| path.starts_with(province.as_str()))
                .collect(),
            None => Vec::new(),
        };
        match (near.as_slice(), all) {
            ([one], _) => Ok((*one).clone()),
            ([], [one]) => Ok(one.clone()),
            ([], []) => Err("import-commune-unknown"),
            _ => Err("import-commune-ambiguous"),
        }
    }
}

/// Where a branch's members live by default: the commune (or arrondissement, or city) it sits in.
pub fn branch_commune(branch: &Unit) -> Place {
    (
        branch.parent_code.clone().unwrap_or_default(),
        branch
            .path
            .trim_end_matches(&format!("{}/", branch.code))
            .to_owned(),
    )
}
