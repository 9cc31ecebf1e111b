//! Branch renewal: campaigns, the stages a branch goes through, and the rule of what is overdue.

use chrono::NaiveDate;
use serde::Serialize;

use crate::i18n::Locale;

/// Where a branch stands in a campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Its general assembly is still to be called.
    Due,
    /// The assembly is called (day set, convocation sent).
    Convened,
    /// The assembly met, with the attendance of eligible members.
    Held,
    /// The new bureau is elected (its seats given).
    Elected,
    /// The province validated the renewal.
    Validated,
    /// The branch did not renew and lapsed.
    Lapsed,
    /// The branch was merged into another.
    Merged,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Due,
        Stage::Convened,
        Stage::Held,
        Stage::Elected,
        Stage::Validated,
        Stage::Lapsed,
        Stage::Merged,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Due => "due",
            Stage::Convened => "convened",
            Stage::Held => "held",
            Stage::Elected => "elected",
            Stage::Validated => "validated",
            Stage::Lapsed => "lapsed",
            Stage::Merged => "merged",
        }
    }

    pub fn parse(code: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn message_key(self) -> String {
        format!("renewal-stage-{}", self.code())
    }

    /// Still on its way (not validated, lapsed or merged).
    pub fn open(self) -> bool {
        matches!(self, Stage::Due | Stage::Convened | Stage::Held | Stage::Elected)
    }
}

#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct Campaign {
    pub id: i64,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: String,
    pub scope_code: String,
    #[serde(skip)]
    pub scope_path: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub min_paid_members: i64,
}

impl Campaign {
    pub fn name(&self, locale: Locale) -> &str {
        locale.pick(&self.name_ar, &self.name_fr, &self.name_en)
    }
}

/// One branch in a campaign.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct BranchRenewal {
    pub campaign_id: i64,
    pub branch_code: String,
    #[serde(skip)]
    pub branch_path: String,
    pub name_ar: String,
    pub name_fr: String,
    pub rural: bool,
    pub new_branch: bool,
    pub new_commune: bool,
    #[sqlx(try_from = "String")]
    pub stage: Stage,
    pub assembly_on: Option<NaiveDate>,
    pub convocation_sent: bool,
    pub eligible: i64,
    pub present: i64,
    pub quorum_reached: bool,
    pub held_on: Option<NaiveDate>,
    pub elected_on: Option<NaiveDate>,
    pub validated_on: Option<NaiveDate>,
    pub validated_by: Option<String>,
    pub closed_reason: Option<String>,
    pub merged_into: Option<String>,
}

impl TryFrom<String> for Stage {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Stage::parse(&s).ok_or(s)
    }
}

impl BranchRenewal {
    /// Overdue: still open once the campaign has ended, or its assembly's day passed without the
    /// assembly being recorded as held.
    pub fn overdue(&self, campaign: &Campaign, today: NaiveDate) -> bool {
        let stage = self.stage;
        stage.open()
            && (today > campaign.ends_on
                || (stage == Stage::Convened && self.assembly_on.is_some_and(|d| d < today)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign() -> Campaign {
        Campaign {
            id: 1,
            code: "c".into(),
            name_ar: String::new(),
            name_fr: String::new(),
            name_en: String::new(),
            scope_code: "MA".into(),
            scope_path: "/MA/".into(),
            starts_on: NaiveDate::from_ymd_opt(2026, 1, 15).expect("a day"),
            ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).expect("a day"),
            min_paid_members: 3,
        }
    }

    fn branch(stage: Stage, assembly_on: Option<&str>) -> BranchRenewal {
        BranchRenewal {
            campaign_id: 1,
            branch_code: "B".into(),
            branch_path: "/MA/B/".into(),
            name_ar: String::new(),
            name_fr: String::new(),
            rural: false,
            new_branch: false,
            new_commune: false,
            stage,
            assembly_on: assembly_on.map(|d| d.parse().expect("a day")),
            convocation_sent: true,
            eligible: 0,
            present: 0,
            quorum_reached: false,
            held_on: None,
            elected_on: None,
            validated_on: None,
            validated_by: None,
            closed_reason: None,
            merged_into: None,
        }
    }

    #[test]
    fn overdue_means_open_after_the_end_or_an_assembly_day_gone_by() {
        let c = campaign();
        let june = NaiveDate::from_ymd_opt(2026, 6, 1).expect("a day");
        let after = NaiveDate::from_ymd_opt(2027, 1, 5).expect("a day");
        assert!(!branch(Stage::Due, None).overdue(&c, june));
        assert!(branch(Stage::Due, None).overdue(&c, after));
        assert!(branch(Stage::Convened, Some("2026-05-20")).overdue(&c, june));
        assert!(!branch(Stage::Convened, Some("2026-06-20")).overdue(&c, june));
        assert!(!branch(Stage::Validated, None).overdue(&c, after));
        assert!(!branch(Stage::Lapsed, None).overdue(&c, after));
    }
}
