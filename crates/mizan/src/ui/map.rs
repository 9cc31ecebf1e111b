//! Maps drawn on the server as inline SVG from the shipped boundaries: no script, no tiles, no
//! other host. The projection is equirectangular, scaled by the cosine of the middle latitude,
//! which is faithful enough at the scale of a country or a region.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::territory::load::TerritoryFiles;

/// One shape of a projected map.
#[derive(Debug)]
pub struct Shape {
    pub code: String,
    pub d: String,
}

#[derive(Debug)]
pub struct Projected {
    pub view_box: String,
    pub shapes: Vec<Shape>,
}

/// One shape as a page shows it: where it links, what it says, which colour class it takes.
#[derive(Debug)]
pub struct MapItem {
    pub d: &'static str,
    pub code: &'static str,
    pub href: Option<String>,
    pub title: String,
    pub class: &'static str,
}

/// A map ready for the `ui/map.html` template.
#[derive(Debug)]
pub struct MapView {
    pub view_box: &'static str,
    pub label: String,
    pub items: Vec<MapItem>,
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
struct Properties {
    code: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Geometry {
    fn rings(&self) -> Vec<&Vec<[f64; 2]>> {
        match self {
            Geometry::Polygon(rings) => rings.iter().collect(),
            Geometry::MultiPolygon(polys) => polys.iter().flatten().collect(),
        }
    }
}

fn features(file: &str) -> Vec<Feature> {
    let Some(data) = TerritoryFiles::get(file) else {
        tracing::error!(file, "boundary file not embedded");
        return Vec::new();
    };
    match serde_json::from_slice::<FeatureCollection>(&data.data) {
        Ok(fc) => fc.features,
        Err(e) => {
            tracing::error!(file, error = %e, "boundary file unreadable");
            Vec::new()
        }
    }
}

const WIDTH: f64 = 1000.0;

fn project(features: &[&Feature]) -> Projected {
    let points = || features.iter().flat_map(|f| f.geometry.rings()).flatten();
    let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for [lon, lat] in points() {
        min_lon = min_lon.min(*lon);
        max_lon = max_lon.max(*lon);
        min_lat = min_lat.min(*lat);
        max_lat = max_lat.max(*lat);
    }
    let k = ((min_lat + max_lat) / 2.0).to_radians().cos();
    let scale = WIDTH / ((max_lon - min_lon) * k).max(1e-9);
    let height = (max_lat - min_lat) * scale;
    let shapes = features
        .iter()
        .map(|f| {
            let mut d = String::new();
            for ring in f.geometry.rings() {
                for (i, [lon, lat]) in ring.iter().enumerate() {
                    let x = (lon - min_lon) * k * scale;
                    let y = (max_lat - lat) * scale;
                    d.push(if i == 0 { 'M' } else { 'L' });
                    d.push_str(&format!("{x:.1} {y:.1}"));
                }
                d.push('Z');
            }
            Shape {
                code: f.properties.code.clone(),
                d,
            }
        })
        .collect();
    Projected {
        view_box: format!("0 0 {WIDTH:.0} {height:.0}"),
        shapes,
    }
}

/// The 12 regions.
pub fn regions() -> &'static Projected {
    static MAP: OnceLock<Projected> = OnceLock::new();
    MAP.get_or_init(|| {
        let all = features("regions.geojson");
        project(&all.iter().collect::<Vec<_>>())
    })
}

/// The provinces and prefectures of one region, keyed by region code.
pub fn provinces_of(region: &str) -> Option<&'static Projected> {
    static MAPS: OnceLock<HashMap<String, Projected>> = OnceLock::new();
    MAPS.get_or_init(|| {
        let all = features("provinces.geojson");
        let mut by_region: HashMap<String, Vec<&Feature>> = HashMap::new();
        for f in &all {
            let region = f.properties.code.split('.').next().unwrap_or_default().to_owned();
            by_region.entry(region).or_default().push(f);
        }
        by_region
            .into_iter()
            .map(|(region, fs)| (region, project(&fs)))
            .collect()
    })
    .get(region)
}

/// One territory's share (0–100) on a choropleth, with its tooltip and link.
pub struct Share {
    pub code: String,
    pub percent: Option<f64>,
    pub title: String,
    pub href: String,
}

/// The map of a territory's children coloured by a share (fifths of 100 %): the regions for the
/// country, a region's provinces; none below (no shapes are shipped for communes).
pub fn choropleth(territory: &str, label: String, shares: &[Share]) -> Option<MapView> {
    let projected = if territory == "MA" {
        regions()
    } else {
        provinces_of(territory)?
    };
    let items = projected
        .shapes
        .iter()
        .map(|shape| {
            let share = shares.iter().find(|s| s.code == shape.code);
            #[expect(clippy::cast_possible_truncation, reason = "a percentage")]
            let class = share
                .and_then(|s| s.percent)
                .map_or("q0", |p| bucket((p.round() as i64).max(1), 100));
            MapItem {
                d: &shape.d,
                code: &shape.code,
                href: share.map(|s| s.href.clone()),
                title: share.map_or_else(String::new, |s| s.title.clone()),
                class,
            }
        })
        .collect();
    Some(MapView {
        view_box: &projected.view_box,
        label,
        items,
    })
}

/// Class breaks drawn from the values themselves (quantiles): the upper bounds of the classes
/// but the last, each class holding about as many places; places without a value count in none.
/// Five classes at most, fewer when the values are fewer or equal.
pub fn quantile_breaks(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values
        .iter()
        .copied()
        .filter(|x| x.is_finite() && *x > 0.0)
        .collect();
    v.sort_by(f64::total_cmp);
    let mut breaks: Vec<f64> = (1..5)
        .filter_map(|k| v.get(v.len() * k / 5).copied())
        .filter(|b| v.last().is_some_and(|top| b < top))
        .collect();
    breaks.dedup();
    breaks
}

/// The class (1 for the lowest) of a value among quantile breaks, as the share `choropleth`
/// colours with that class.
pub fn quantile_share(value: f64, breaks: &[f64]) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "at most five classes")]
    let class = (1 + breaks.iter().filter(|b| value > **b).count()) as f64;
    class * 20.0
}

/// Colour classes for values, by fifths of the largest value: `q0` (none) to `q5`.
pub fn bucket(value: i64, max: i64) -> &'static str {
    if value <= 0 || max <= 0 {
        return "q0";
    }
    match (value * 5 + max - 1) / max {
        1 => "q1",
        2 => "q2",
        3 => "q3",
        4 => "q4",
        _ => "q5",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_classes_spread_the_places_over_every_colour() {
        // Twelve regions all above any fixed scale: still five colours, two or three each.
        let values: Vec<f64> = (1..=12).map(|i| 2_500.0 + f64::from(i) * 150.0).collect();
        let breaks = quantile_breaks(&values);
        assert_eq!(breaks.len(), 4);
        let classes: Vec<&str> = values
            .iter()
            .map(|v| bucket(quantile_share(*v, &breaks).round() as i64, 100))
            .collect();
        for class in ["q1", "q2", "q3", "q4", "q5"] {
            let n = classes.iter().filter(|c| **c == class).count();
            assert!((2..=3).contains(&n), "{class}: {n} of {classes:?}");
        }
        // Equal values make one class; none, none.
        assert!(quantile_breaks(&[7.0, 7.0, 7.0]).is_empty());
        assert!(quantile_breaks(&[]).is_empty());
        assert_eq!(bucket(quantile_share(7.0, &[]).round() as i64, 100), "q1");
    }

    #[test]
    fn the_region_map_draws_twelve_regions_within_a_light_page() {
        let map = regions();
        assert_eq!(map.shapes.len(), 12);
        let bytes: usize = map.shapes.iter().map(|s| s.d.len()).sum();
        assert!(bytes < 60_000, "region paths weigh {bytes} bytes");
    }

    #[test]
    fn every_region_has_its_provinces_map() {
        for shape in &regions().shapes {
            let provinces = provinces_of(&shape.code).expect("provinces of a region");
            assert!(!provinces.shapes.is_empty());
        }
    }
}
