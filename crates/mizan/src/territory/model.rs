//! Territory units and the pure rules about them; no I/O.

use serde::Serialize;

use crate::i18n::Locale;

/// The code of the country; the root of the official map.
pub const COUNTRY: &str = "MA";
/// The code of the root under which sections abroad sit (beside the country, not inside it).
pub const ABROAD: &str = "ABROAD";

/// Where a unit sits in the hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Country,
    Region,
    /// A province or prefecture (including Casablanca's prefectures of arrondissements).
    Province,
    Cercle,
    Commune,
    Arrondissement,
    /// A local branch of the party (in Morocco) or a section abroad.
    Branch,
    Abroad,
    AbroadCountry,
    AbroadCity,
}

impl Level {
    pub const ALL: [Level; 10] = [
        Level::Country,
        Level::Region,
        Level::Province,
        Level::Cercle,
        Level::Commune,
        Level::Arrondissement,
        Level::Branch,
        Level::Abroad,
        Level::AbroadCountry,
        Level::AbroadCity,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Level::Country => "country",
            Level::Region => "region",
            Level::Province => "province",
            Level::Cercle => "cercle",
            Level::Commune => "commune",
            Level::Arrondissement => "arrondissement",
            Level::Branch => "branch",
            Level::Abroad => "abroad",
            Level::AbroadCountry => "abroad_country",
            Level::AbroadCity => "abroad_city",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.code() == s)
    }

    /// The kind of party unit that may be created directly below a unit of this level, if any.
    pub fn party_child(self) -> Option<Level> {
        match self {
            Level::Commune | Level::Arrondissement | Level::AbroadCity => Some(Level::Branch),
            Level::Abroad => Some(Level::AbroadCountry),
            Level::AbroadCountry => Some(Level::AbroadCity),
            _ => None,
        }
    }
}

impl TryFrom<String> for Level {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Level::parse(&s).ok_or_else(|| format!("unknown territory level {s:?}"))
    }
}

/// A unit of the map or of the party, with the figures kept current on write.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct Unit {
    pub code: String,
    pub parent_code: Option<String>,
    #[sqlx(try_from = "String")]
    pub level: Level,
    /// province | prefecture | prefecture_of_arrondissements; urban | rural; branch | section.
    pub kind: Option<String>,
    #[serde(skip)]
    pub path: String,
    pub name_ar: String,
    pub name_fr: String,
    pub population_2024: Option<i64>,
    pub households_2024: Option<i64>,
    pub population_2014: Option<i64>,
    pub area_km2: Option<f64>,
    /// From the official map (HCP), as opposed to a unit the party created.
    pub official: bool,
    /// Urban communes at or below this unit.
    pub urban_communes: i64,
    /// Rural communes at or below this unit.
    pub rural_communes: i64,
    /// Party branches and sections at or below this unit (open ones).
    pub branches: i64,
    /// A party unit closed (or merged into another) on this day: its history stays, it counts
    /// nowhere and takes no new record.
    pub closed_on: Option<chrono::NaiveDate>,
    /// Active members of the party at or below this unit (from the membership rollups; filled in
    /// by the pages that show it, `None` elsewhere).
    #[sqlx(skip)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<i64>,
}

/// The columns of [`Unit`], for SELECTs (prefix with an alias where needed).
pub const UNIT_COLUMNS: &str = "code, parent_code, level, kind, path, name_ar, name_fr, \
    population_2024, households_2024, population_2014, area_km2, official, urban_communes, \
    rural_communes, branches, closed_on";

impl Unit {
    /// A unit the party creates below `parent` (a branch, a country or city abroad, a section).
    pub fn party(
        parent: &Unit,
        code: String,
        level: Level,
        kind: Option<&str>,
        name_ar: String,
        name_fr: String,
    ) -> Unit {
        Unit {
            path: format!("{}{code}/", parent.path),
            code,
            parent_code: Some(parent.code.clone()),
            level,
            kind: kind.map(str::to_owned),
            name_ar,
            name_fr,
            population_2024: None,
            households_2024: None,
            population_2014: None,
            area_km2: None,
            official: false,
            urban_communes: 0,
            rural_communes: 0,
            branches: 0,
            closed_on: None,
            members: None,
        }
    }

    /// The code of the unit one level below this one on the way to `path` (a unit at or below this
    /// one), or the last code of `path` when it is this unit itself: how figures break down by child.
    pub fn child_toward<'p>(&self, path: &'p str) -> &'p str {
        let depth = self.path.split('/').filter(|s| !s.is_empty()).count();
        path.split('/')
            .filter(|s| !s.is_empty())
            .nth(depth)
            .or_else(|| path.split('/').rfind(|s| !s.is_empty()))
            .unwrap_or("")
    }

    /// The name in the reader's script: Arabic for Arabic, Latin otherwise.
    /// The unit's name in the reader's language. The shipped map (HCP) names places in Arabic and
    /// French; English reads the French names, but for the country itself.
    pub fn name(&self, locale: Locale) -> &str {
        match locale {
            Locale::Ar => &self.name_ar,
            Locale::En if self.level == Level::Country => "Morocco",
            Locale::Fr | Locale::En => &self.name_fr,
        }
    }

    /// The name in the other script, shown beside the main one.
    pub fn other_name(&self, locale: Locale) -> &str {
        match locale {
            Locale::Ar => &self.name_fr,
            Locale::Fr | Locale::En => &self.name_ar,
        }
    }

    /// Codes of the units above this one, from the root down (not including this one).
    pub fn ancestor_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.path.split('/').filter(|s| !s.is_empty()).collect();
        codes.pop();
        codes
    }

    /// The message key naming this unit's level or kind ("prefecture", "rural commune", …).
    pub fn kind_key(&self) -> String {
        match (&self.level, self.kind.as_deref()) {
            (_, Some(kind)) => format!("kind-{}", kind.replace('_', "-")),
            (level, None) => format!("level-{}", level.code().replace('_', "-")),
        }
    }

    /// Population change since 2014, in percent (communes only).
    pub fn change_since_2014(&self) -> Option<f64> {
        let (now, then) = (self.population_2024?, self.population_2014?);
        (then > 0).then(|| (now - then) as f64 * 100.0 / then as f64)
    }
}

/// A territory code as typed in a URL or on the command line: checked once, then trusted.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UnitCode(String);

impl UnitCode {
    /// Codes are short strings of capital letters, digits, dots and dashes (`03.561.05.03`,
    /// `MA`, `FR.1-2`); anything else cannot name a unit.
    pub fn parse(s: &str) -> Option<UnitCode> {
        let ok = !s.is_empty()
            && s.len() <= 40
            && s.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        ok.then(|| UnitCode(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for UnitCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_with_anything_but_capitals_digits_dots_and_dashes_are_refused() {
        assert!(UnitCode::parse("03.561.05.03").is_some());
        assert!(UnitCode::parse("MA").is_some());
        assert!(UnitCode::parse("ma").is_none());
        assert!(UnitCode::parse("03/561").is_none());
        assert!(UnitCode::parse("%").is_none());
        assert!(UnitCode::parse("").is_none());
    }
}
