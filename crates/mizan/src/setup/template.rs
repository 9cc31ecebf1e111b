//! Templates of a party's structure: its organizations, the body types of its organs with their
//! positions, pace and quorum rule, and the national themes of its meetings. "A Moroccan party
//! (typical)" ships in `data/templates/moroccan-party.toml`; the setup applies it (or starts
//! blank), and the demo lays its fictional party on it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::bodies::model::{BodyType, Position, Theme};
use crate::bodies::store as bodies;
use crate::organizations::{self, Organization};
use crate::store::{StoreResult, Tx};

/// A template: organizations, organs and themes.
#[derive(Clone, Debug, Deserialize)]
pub struct Template {
    pub organization: Vec<Organization>,
    #[serde(default)]
    pub body_type: Vec<BodyTypeSeed>,
    #[serde(default)]
    pub theme: Vec<Theme>,
}

/// A body type as a template describes it.
#[derive(Clone, Debug, Deserialize)]
pub struct BodyTypeSeed {
    pub code: String,
    /// The organization's code.
    pub organization: String,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: String,
    pub level: String,
    pub meetings_per_year: i64,
    pub quorum_rule: String,
    #[serde(default = "one")]
    pub quorum_numerator: i64,
    #[serde(default = "two")]
    pub quorum_denominator: i64,
    #[serde(default = "yes")]
    pub one_per_unit: bool,
    pub positions: Vec<Position>,
}

fn one() -> i64 {
    1
}
fn two() -> i64 {
    2
}
fn yes() -> bool {
    true
}

/// The templates shipped with Mizan: (code, message key of its name).
pub const TEMPLATES: &[(&str, &str)] = &[(MOROCCAN_PARTY, "setup-template-moroccan-party")];

/// "A Moroccan party (typical)".
pub const MOROCCAN_PARTY: &str = "moroccan-party";

/// A shipped template by its code.
pub fn builtin(code: &str) -> Option<Template> {
    let text = match code {
        MOROCCAN_PARTY => include_str!("../../../../data/templates/moroccan-party.toml"),
        _ => return None,
    };
    parse(text).ok()
}

/// A template from its TOML text.
pub fn parse(text: &str) -> anyhow::Result<Template> {
    use figment::providers::Format;
    let parsed: Template = figment::Figment::from(figment::providers::Toml::string(text))
        .extract()
        .map_err(|e| anyhow::anyhow!("template: {e}"))?;
    if parsed.organization.iter().filter(|o| o.kind == "party").count() != 1 {
        anyhow::bail!("a template needs exactly one organization of kind \"party\"");
    }
    for t in &parsed.body_type {
        if !parsed.organization.iter().any(|o| o.code == t.organization) {
            anyhow::bail!("body type {}: unknown organization {}", t.code, t.organization);
        }
    }
    Ok(parsed)
}

/// Writes organizations; fills in their ids.
pub async fn insert_organizations(
    tx: &mut Tx,
    organizations: &mut [Organization],
    now: DateTime<Utc>,
) -> StoreResult<()> {
    for org in organizations {
        org.id = organizations::insert(tx, org, now).await?;
    }
    Ok(())
}

/// What a template's organs came to.
#[derive(Debug, Default)]
pub struct Organs {
    pub body_types: Vec<BodyType>,
    /// Bodies made, one per unit of each type's level (branches included) that exists now.
    pub bodies: u64,
    pub theme_ids: Vec<i64>,
}

/// Writes the template's body types (with their positions and one body per unit of their level,
/// formed on `formed_on`) and themes, for organizations already written.
pub async fn insert_organs(
    tx: &mut Tx,
    template: &Template,
    organizations: &[Organization],
    formed_on: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<Organs> {
    let mut organs = Organs::default();
    for t in &template.theme {
        organs
            .theme_ids
            .push(crate::bodies::types::store::insert_theme(tx, t).await?);
    }
    for seed in &template.body_type {
        let organization_id = organizations
            .iter()
            .find(|o| o.code == seed.organization)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "body type {}: unknown organization {}",
                    seed.code,
                    seed.organization
                )
            })?
            .id;
        let mut t = BodyType {
            id: 0,
            code: seed.code.clone(),
            organization_id,
            name_ar: seed.name_ar.clone(),
            name_fr: seed.name_fr.clone(),
            name_en: seed.name_en.clone(),
            level: seed.level.clone(),
            meetings_per_year: seed.meetings_per_year,
            quorum_rule: seed.quorum_rule.clone(),
            quorum_numerator: seed.quorum_numerator,
            quorum_denominator: seed.quorum_denominator,
            one_per_unit: seed.one_per_unit,
            retired_on: None,
        };
        t.id = crate::bodies::types::store::insert_body_type(tx, &t, &seed.positions, now).await?;
        if t.one_per_unit {
            organs.bodies += bodies::create_bodies_for_level(tx, &t, formed_on, now).await?;
        }
        organs.body_types.push(t);
    }
    Ok(organs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_template_holds_a_party_its_organizations_and_their_organs() {
        let t = builtin(MOROCCAN_PARTY).expect("the shipped template reads");
        assert_eq!(t.organization[0].kind, "party");
        assert!(t.organization.iter().any(|o| o.code == "youth"));
        let levels: Vec<&str> = t.body_type.iter().map(|b| b.level.as_str()).collect();
        for level in ["country", "region", "province", "branch"] {
            assert!(levels.contains(&level), "{level}");
        }
        assert!(t.body_type.iter().all(|b| !b.positions.is_empty()));
        assert!(builtin("nothing").is_none());
        assert!(parse("[[organization]]\ncode = \"x\"\nkind = \"parallel\"\nname_ar = \"س\"\nname_fr = \"x\"\nname_en = \"x\"").is_err());
    }
}
