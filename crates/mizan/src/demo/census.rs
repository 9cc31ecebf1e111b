//! The 2024 census shares of every province (sex, adult age bands) that the demo's people follow.

use std::collections::HashMap;

/// Census shares of a province: percent male, and the age bands 15–19 … 75+.
#[derive(Clone, Debug)]
pub struct Census {
    pub(super) male_percent: f64,
    /// Weights of the bands 18–19, 20–24, …, 70–74, 75–84 (adults only).
    pub(super) adult_bands: Vec<u32>,
}

/// The census rows of every province (and the country, as a fallback).
pub fn census() -> anyhow::Result<HashMap<String, Census>> {
    let data = crate::territory::load::TerritoryFiles::get("population_2024.csv")
        .ok_or_else(|| anyhow::anyhow!("population_2024.csv is not embedded"))?;
    let mut reader = csv::Reader::from_reader(data.data.as_ref());
    let mut out = HashMap::new();
    for record in reader.records() {
        let r = record?;
        let (code, level, area) = (&r[0], &r[1], &r[2]);
        if area != "total" || !matches!(level, "province" | "country") {
            continue;
        }
        let number = |i: usize| r.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        // columns: 4 male%, 5 female%, 6.. bands 0-4, 5-9, 10-14, 15-19 (index 9), …, 75+ (index 21)
        let mut bands = vec![(number(9) * 40.0) as u32]; // 18 and 19 are two fifths of 15–19
        bands.extend((10..=21).map(|i| (number(i) * 100.0) as u32));
        let key = if level == "country" {
            "MA".to_owned()
        } else {
            code.to_owned()
        };
        out.insert(
            key,
            Census {
                male_percent: number(4),
                adult_bands: bands,
            },
        );
    }
    Ok(out)
}

pub(super) fn band_ages(band: usize) -> (i64, i64) {
    match band {
        0 => (18, 19),
        12 => (75, 84),
        b => (20 + 5 * (b as i64 - 1), 24 + 5 * (b as i64 - 1)),
    }
}
