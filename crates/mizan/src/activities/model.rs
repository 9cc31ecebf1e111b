//! Volunteer activities: types and beneficiary categories as data, an activity's status, and what
//! one activity adds to the rollups.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

#[derive(Clone, Debug, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActivityType {
    #[serde(default)]
    pub id: i64,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: String,
    /// The name of an icon of the stylesheet's set.
    pub icon: String,
}

#[derive(Clone, Debug, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Category {
    #[serde(default)]
    pub id: i64,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: String,
    /// Part of the total (women, men, children), or "of whom" (youth, elderly, disabilities).
    pub in_total: bool,
}

impl ActivityType {
    pub fn name(&self, locale: Locale) -> &str {
        locale.pick(&self.name_ar, &self.name_fr, &self.name_en)
    }
}

impl Category {
    pub fn name(&self, locale: Locale) -> &str {
        locale.pick(&self.name_ar, &self.name_fr, &self.name_en)
    }
}

/// A volunteer campaign: its period, scope and targets.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Campaign {
    pub id: i64,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: String,
    pub scope_code: String,
    pub scope_path: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub target_activities: i64,
    pub target_beneficiaries: i64,
}

impl Campaign {
    pub fn name(&self, locale: Locale) -> &str {
        locale.pick(&self.name_ar, &self.name_fr, &self.name_en)
    }
}

/// Where an activity stands. Only done and verified activities count in the figures; rejected
/// ones keep their reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    Done,
    Verified,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Planned, Status::Done, Status::Verified, Status::Rejected];

    pub fn code(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Done => "done",
            Status::Verified => "verified",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Counted in the figures.
    pub fn counts(self) -> bool {
        matches!(self, Status::Done | Status::Verified)
    }
}

/// An activity as stored, with what the rollups need.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ActivityRow {
    pub id: i64,
    pub uid: String,
    pub type_id: i64,
    pub campaign_id: Option<i64>,
    pub title: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub commune_code: String,
    pub commune_path: String,
    /// The body that organized it, when one was named.
    pub organizer_body_id: Option<i64>,
    pub organizer_path: String,
    pub status: String,
}

/// What one activity adds to `activity_rollups`: (category, amount) rows under its commune, day,
/// type, campaign and status; category 0 is the activity itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contribution {
    pub commune_code: String,
    pub commune_path: String,
    pub day: NaiveDate,
    pub type_id: i64,
    pub campaign_id: i64,
    pub status: String,
    pub amounts: Vec<(i64, i64)>,
}

impl Contribution {
    pub fn of(activity: &ActivityRow, counts: &[(i64, i64)]) -> Contribution {
        let mut amounts = vec![(0, 1)];
        amounts.extend(counts.iter().filter(|(_, n)| *n != 0).copied());
        Contribution {
            commune_code: activity.commune_code.clone(),
            commune_path: activity.commune_path.clone(),
            day: activity.starts_on,
            type_id: activity.type_id,
            campaign_id: activity.campaign_id.unwrap_or(0),
            status: activity.status.clone(),
            amounts,
        }
    }
}

/// The path of the province a commune lies in: the first three units of its path (abroad, the
/// city itself).
pub fn province_path(commune_path: &str) -> String {
    commune_path
        .split('/')
        .filter(|s| !s.is_empty())
        .take(3)
        .fold(String::from("/"), |p, code| p + code + "/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_commune_lies_in_the_first_three_units_of_its_path() {
        assert_eq!(
            super::province_path("/MA/03/03.561/03.561.05/03.561.05.03/"),
            "/MA/03/03.561/"
        );
        assert_eq!(
            super::province_path("/MA/06/06.141/06.141.01.05/"),
            "/MA/06/06.141/"
        );
    }
}
