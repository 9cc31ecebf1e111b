//! Morocco's map as shipped in `data/territory/` (HCP codes, 2024 census), turned into units.
//!
//! The CSV files are embedded in the binary and loaded into the store once, right after the first
//! migration (`ensure_loaded`). The HCP code is the identity; the parent chain gives the path:
//! country > region > province/prefecture > cercle (rural communes only) > commune > arrondissement.
//! Casablanca's eight prefectures of arrondissements sit inside the Casablanca prefecture, and its
//! arrondissements inside them (code `06.141.01.NX` lies in prefecture `06.141.01.N0`), because
//! that is how the party organizes the city: a provincial council per prefecture.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::model::{ABROAD, COUNTRY, Level, Unit};
use super::store;
use crate::store::{Db, StoreError, StoreResult};

#[derive(rust_embed::RustEmbed)]
#[folder = "../../data/territory/"]
pub struct TerritoryFiles;

#[derive(Deserialize)]
struct RegionRow {
    code: String,
    name_fr: String,
    name_ar: String,
    population_2024: i64,
    households_2024: i64,
}

#[derive(Deserialize)]
struct ProvinceRow {
    code: String,
    name_fr: String,
    name_ar: String,
    r#type: String,
    region_code: String,
    population_2024: i64,
    households_2024: i64,
}

#[derive(Deserialize)]
struct CercleRow {
    code: String,
    name_fr: String,
    name_ar: String,
    province_code: String,
    population_2024: i64,
    households_2024: i64,
}

#[derive(Deserialize)]
struct CommuneRow {
    code: String,
    name_fr: String,
    name_ar: String,
    r#type: String,
    province_code: String,
    cercle_code: String,
    population_2024: i64,
    households_2024: i64,
    population_2014: Option<i64>,
}

#[derive(Deserialize)]
struct ArrondissementRow {
    code: String,
    name_fr: String,
    name_ar: String,
    commune_code: String,
    population_2024: i64,
    households_2024: i64,
    area_km2: Option<f64>,
}

#[derive(Deserialize)]
struct PopulationRow {
    level: String,
    area: String,
    population_municipal: i64,
}

fn read<T: serde::de::DeserializeOwned>(file: &str) -> StoreResult<Vec<T>> {
    let data = TerritoryFiles::get(file)
        .ok_or_else(|| StoreError::Invalid(format!("territory file {file} is not embedded")))?;
    csv::Reader::from_reader(data.data.as_ref())
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| StoreError::Invalid(format!("{file}, row {}: {e}", i + 2))))
        .collect()
}

fn unit(code: &str, parent: Option<&str>, level: Level, kind: Option<&str>, ar: &str, fr: &str) -> Unit {
    Unit {
        code: code.to_owned(),
        parent_code: parent.map(str::to_owned),
        level,
        kind: kind.map(str::to_owned),
        path: String::new(),
        name_ar: ar.to_owned(),
        name_fr: fr.to_owned(),
        population_2024: None,
        households_2024: None,
        population_2014: None,
        area_km2: None,
        official: true,
        urban_communes: 0,
        rural_communes: 0,
        branches: 0,
        closed_on: None,
        members: None,
    }
}

/// The communes that are divided into arrondissements (the big cities): the party organizes
/// them by arrondissement.
pub fn communes_with_arrondissements() -> StoreResult<std::collections::HashSet<String>> {
    let rows: Vec<ArrondissementRow> = read("arrondissements.csv")?;
    Ok(rows.into_iter().map(|a| a.commune_code).collect())
}

/// Every official unit, parents before children, with paths and commune counts filled in.
pub fn official_units() -> StoreResult<Vec<Unit>> {
    let regions: Vec<RegionRow> = read("regions.csv")?;
    let provinces: Vec<ProvinceRow> = read("provinces.csv")?;
    let cercles: Vec<CercleRow> = read("cercles.csv")?;
    let communes: Vec<CommuneRow> = read("communes.csv")?;
    let arrondissements: Vec<ArrondissementRow> = read("arrondissements.csv")?;
    let population: Vec<PopulationRow> = read("population_2024.csv")?;

    let mut units = Vec::new();
    let mut country = unit(COUNTRY, None, Level::Country, None, "المغرب", "Maroc");
    country.population_2024 = population
        .iter()
        .find(|p| p.level == "country" && p.area == "total")
        .map(|p| p.population_municipal);
    country.households_2024 = Some(regions.iter().map(|r| r.households_2024).sum());
    units.push(country);
    units.push(unit(
        ABROAD,
        None,
        Level::Abroad,
        None,
        "الفروع بالخارج",
        "Sections à l'étranger",
    ));

    for r in &regions {
        let mut u = unit(
            &r.code,
            Some(COUNTRY),
            Level::Region,
            None,
            &r.name_ar,
            &r.name_fr,
        );
        u.population_2024 = Some(r.population_2024);
        u.households_2024 = Some(r.households_2024);
        units.push(u);
    }
    for p in &provinces {
        // A prefecture of arrondissements lies inside the province whose code prefixes its own.
        let parent = provinces
            .iter()
            .find(|outer| outer.code != p.code && p.code.starts_with(&format!("{}.", outer.code)))
            .map_or(p.region_code.as_str(), |outer| outer.code.as_str());
        let mut u = unit(
            &p.code,
            Some(parent),
            Level::Province,
            Some(&p.r#type),
            &p.name_ar,
            &p.name_fr,
        );
        u.population_2024 = Some(p.population_2024);
        u.households_2024 = Some(p.households_2024);
        units.push(u);
    }
    for c in &cercles {
        let mut u = unit(
            &c.code,
            Some(&c.province_code),
            Level::Cercle,
            None,
            &c.name_ar,
            &c.name_fr,
        );
        u.population_2024 = Some(c.population_2024);
        u.households_2024 = Some(c.households_2024);
        units.push(u);
    }
    for c in &communes {
        let parent = if c.cercle_code.is_empty() {
            &c.province_code
        } else {
            &c.cercle_code
        };
        let mut u = unit(
            &c.code,
            Some(parent),
            Level::Commune,
            Some(&c.r#type),
            &c.name_ar,
            &c.name_fr,
        );
        u.population_2024 = Some(c.population_2024);
        u.households_2024 = Some(c.households_2024);
        u.population_2014 = c.population_2014;
        units.push(u);
    }
    for a in &arrondissements {
        let prefecture = format!("{}0", &a.code[..a.code.len() - 1]);
        let parent = provinces
            .iter()
            .find(|p| p.r#type == "prefecture_of_arrondissements" && p.code == prefecture)
            .map_or(a.commune_code.as_str(), |p| p.code.as_str());
        let mut u = unit(
            &a.code,
            Some(parent),
            Level::Arrondissement,
            None,
            &a.name_ar,
            &a.name_fr,
        );
        u.population_2024 = Some(a.population_2024);
        u.households_2024 = Some(a.households_2024);
        u.area_km2 = a.area_km2;
        units.push(u);
    }

    fill_paths(&mut units)?;
    count_communes(&mut units);
    units.sort_by(|a, b| depth(&a.path).cmp(&depth(&b.path)).then(a.code.cmp(&b.code)));
    Ok(units)
}

pub fn depth(path: &str) -> i64 {
    path.matches('/').count() as i64 - 2
}

fn fill_paths(units: &mut [Unit]) -> StoreResult<()> {
    let parents: HashMap<String, Option<String>> = units
        .iter()
        .map(|u| (u.code.clone(), u.parent_code.clone()))
        .collect();
    for u in units.iter_mut() {
        let mut chain = vec![u.code.clone()];
        let mut cursor = u.parent_code.clone();
        while let Some(code) = cursor {
            if chain.len() > 10 {
                return Err(StoreError::Invalid(format!("territory cycle at {}", u.code)));
            }
            cursor = parents
                .get(&code)
                .ok_or_else(|| StoreError::Invalid(format!("{}: unknown parent {code}", u.code)))?
                .clone();
            chain.push(code);
        }
        chain.reverse();
        u.path = format!("/{}/", chain.join("/"));
    }
    Ok(())
}

fn count_communes(units: &mut [Unit]) {
    let mut urban: HashMap<String, i64> = HashMap::new();
    let mut rural: HashMap<String, i64> = HashMap::new();
    for u in units.iter().filter(|u| u.level == Level::Commune) {
        let counter = if u.kind.as_deref() == Some("urban") {
            &mut urban
        } else {
            &mut rural
        };
        for code in u.path.split('/').filter(|s| !s.is_empty()) {
            *counter.entry(code.to_owned()).or_default() += 1;
        }
    }
    for u in units.iter_mut() {
        u.urban_communes = urban.get(&u.code).copied().unwrap_or(0);
        u.rural_communes = rural.get(&u.code).copied().unwrap_or(0);
    }
}

/// Loads the map into a store that does not have it yet. Returns whether it loaded anything.
pub async fn ensure_loaded(db: &Db, now: DateTime<Utc>) -> StoreResult<bool> {
    if store::has_official_map(db).await? {
        return Ok(false);
    }
    let units = official_units()?;
    let mut tx = db.begin().await?;
    store::insert_units(&mut tx, &units, now).await?;
    tx.commit().await?;
    tracing::info!(units = units.len(), "loaded the territory of Morocco");
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_map_has_every_unit_of_the_census() {
        let units = official_units().expect("the embedded map loads");
        let count = |level| units.iter().filter(|u| u.level == level).count();
        assert_eq!(count(Level::Region), 12);
        assert_eq!(count(Level::Province), 83);
        assert_eq!(count(Level::Cercle), 213);
        assert_eq!(count(Level::Commune), 1503);
        assert_eq!(count(Level::Arrondissement), 41);
        let ma = units.iter().find(|u| u.code == COUNTRY).expect("MA");
        assert_eq!(ma.urban_communes + ma.rural_communes, 1503);
    }

    #[test]
    fn casablanca_arrondissements_sit_in_their_prefecture_and_rural_communes_in_their_cercle() {
        let units = official_units().expect("the embedded map loads");
        let path = |code: &str| units.iter().find(|u| u.code == code).map(|u| u.path.clone());
        assert_eq!(
            path("06.141.01.01").as_deref(),
            Some("/MA/06/06.141/06.141.01.00/06.141.01.01/")
        );
        // Tanger's arrondissements belong to the commune of Tanger.
        assert_eq!(
            path("01.511.01.05").as_deref(),
            Some("/MA/01/01.511/01.511.01.0/01.511.01.05/")
        );
        let rural = units
            .iter()
            .find(|u| u.level == Level::Commune && u.kind.as_deref() == Some("rural"))
            .expect("a rural commune");
        assert_eq!(depth(&rural.path), 4, "{}", rural.path);
    }
}
