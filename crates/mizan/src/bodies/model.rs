//! Bodies and their meetings: the types and the pure rules (quorum, the expected pace of meetings).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// A kind of body, as configured: the provincial council, the branch bureau…
#[derive(Clone, Debug, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BodyType {
    #[serde(default)]
    pub id: i64,
    /// A short stable code (`provincial_council`).
    pub code: String,
    /// The organization's code in configuration files; its id in the store.
    #[serde(default)]
    pub organization_id: i64,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: String,
    /// The territory level its bodies sit at: `country`, `region`, `province`, `branch`.
    pub level: String,
    /// At least this many meetings a year are expected.
    pub meetings_per_year: i64,
    /// `majority` (more than half of the members) or `share` (at least numerator/denominator).
    pub quorum_rule: String,
    #[serde(default = "one")]
    pub quorum_numerator: i64,
    #[serde(default = "two")]
    pub quorum_denominator: i64,
    /// One body per unit of the level, made in bulk and with every new unit.
    pub one_per_unit: bool,
    /// Retired on this day: its bodies keep their history, no new one is made.
    #[serde(default)]
    pub retired_on: Option<chrono::NaiveDate>,
}

fn one() -> i64 {
    1
}

fn two() -> i64 {
    2
}

impl BodyType {
    pub fn name(&self, locale: Locale) -> &str {
        locale.pick(&self.name_ar, &self.name_fr, &self.name_en)
    }

    pub fn quorum(&self) -> Quorum {
        match self.quorum_rule.as_str() {
            "share" => Quorum::Share(self.quorum_numerator.max(0), self.quorum_denominator.max(1)),
            _ => Quorum::Majority,
        }
    }

    /// Meetings expected in a period of `days` days, at the type's yearly pace (at least one).
    pub fn expected_meetings(&self, days: i64) -> i64 {
        let expected = (self.meetings_per_year.max(0) * days.max(0) + 364) / 365;
        expected.max(1)
    }
}

/// How many members must be present for a meeting to decide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quorum {
    /// More than half of the members: half plus one, rounded down (5 of 9, 6 of 10).
    Majority,
    /// At least `numerator/denominator` of the members, rounded up (7 of 10 for two thirds).
    Share(i64, i64),
}

impl Quorum {
    /// Members who must be present, out of `members`.
    pub fn required(self, members: i64) -> i64 {
        match self {
            Quorum::Majority => members / 2 + 1,
            Quorum::Share(n, d) => (members * n + d - 1) / d,
        }
    }

    pub fn reached(self, members: i64, present: i64) -> bool {
        members > 0 && present >= self.required(members)
    }
}

/// A seat of a body type.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Position {
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: String,
    pub single_seat: bool,
    #[serde(default)]
    pub rank: i64,
}

impl Position {
    pub fn name(&self, locale: Locale) -> &str {
        locale.pick(&self.name_ar, &self.name_fr, &self.name_en)
    }
}

/// A body: one organ of one type at one unit.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct Body {
    pub id: i64,
    pub body_type_id: i64,
    pub unit_code: String,
    pub unit_path: String,
    pub formed_on: NaiveDate,
    pub dissolved_on: Option<NaiveDate>,
    pub meetings_held: i64,
    pub last_held_on: Option<NaiveDate>,
}

/// A seat held by a person, from a day to a day.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Mandate {
    pub id: i64,
    pub body_id: i64,
    pub person_id: i64,
    pub position_code: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
    /// The holder, as the registry names them.
    pub uid: String,
    pub given_ar: Option<String>,
    pub family_ar: Option<String>,
    pub given_latin: Option<String>,
    pub family_latin: Option<String>,
}

impl Mandate {
    /// The holder's name in the reader's script when it exists, else in the other.
    pub fn holder(&self, locale: Locale) -> String {
        crate::people::search::name_in(
            locale,
            [
                &self.given_ar,
                &self.family_ar,
                &self.given_latin,
                &self.family_latin,
            ],
        )
    }
}

/// A seat a person holds or held, for their file.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct MandateRecord {
    pub body_id: i64,
    pub body_type: String,
    #[serde(skip)]
    pub type_ar: String,
    #[serde(skip)]
    pub type_fr: String,
    #[serde(skip)]
    pub type_en: String,
    pub unit_code: String,
    pub position: String,
    #[serde(skip)]
    pub position_ar: String,
    #[serde(skip)]
    pub position_fr: String,
    #[serde(skip)]
    pub position_en: String,
    pub started_on: NaiveDate,
    pub ended_on: Option<NaiveDate>,
    pub end_reason: Option<String>,
}

/// A meeting a person was expected at, for their file.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct AttendanceRecord {
    pub meeting_id: i64,
    pub held_on: Option<NaiveDate>,
    pub presence: String,
}

/// Where a meeting stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    Scheduled,
    Held,
    Postponed,
    Cancelled,
}

impl MeetingStatus {
    pub const ALL: [MeetingStatus; 4] = [
        MeetingStatus::Scheduled,
        MeetingStatus::Held,
        MeetingStatus::Postponed,
        MeetingStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MeetingStatus::Scheduled => "scheduled",
            MeetingStatus::Held => "held",
            MeetingStatus::Postponed => "postponed",
            MeetingStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<MeetingStatus> {
        MeetingStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn message_key(self) -> String {
        format!("meeting-status-{}", self.code())
    }
}

/// Whether a member attended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Present,
    Excused,
    Absent,
}

impl Presence {
    pub const ALL: [Presence; 3] = [Presence::Present, Presence::Excused, Presence::Absent];

    pub fn code(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Excused => "excused",
            Presence::Absent => "absent",
        }
    }

    pub fn parse(code: &str) -> Option<Presence> {
        Presence::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn message_key(self) -> String {
        format!("presence-{}", self.code())
    }
}

/// A meeting as listed and shown.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct Meeting {
    pub id: i64,
    pub body_id: i64,
    pub unit_path: String,
    pub status: String,
    pub scheduled_on: NaiveDate,
    pub held_on: Option<NaiveDate>,
    pub place: String,
    pub agenda: String,
    pub theme_id: Option<i64>,
    pub members: i64,
    pub present: i64,
    pub excused: i64,
    pub absent: i64,
    pub guests: i64,
    pub minutes: String,
    pub recorded_by: String,
}

impl Meeting {
    pub fn status(&self) -> MeetingStatus {
        MeetingStatus::parse(&self.status).unwrap_or(MeetingStatus::Scheduled)
    }
}

/// A member expected at a meeting, and whether they came.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Attendee {
    pub id: i64,
    pub uid: String,
    pub given_ar: Option<String>,
    pub family_ar: Option<String>,
    pub given_latin: Option<String>,
    pub family_latin: Option<String>,
    pub presence: String,
}

impl Attendee {
    pub fn name(&self, locale: Locale) -> String {
        crate::people::search::name_in(
            locale,
            [
                &self.given_ar,
                &self.family_ar,
                &self.given_latin,
                &self.family_latin,
            ],
        )
    }
}

/// A national theme meetings are asked to discuss.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, Deserialize)]
pub struct Theme {
    #[serde(default)]
    pub id: i64,
    pub code: String,
    pub name_ar: String,
    pub name_fr: String,
    pub name_en: String,
}

impl Theme {
    pub fn name(&self, locale: Locale) -> &str {
        locale.pick(&self.name_ar, &self.name_fr, &self.name_en)
    }
}

/// A decision and how it stands.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Decision {
    pub id: i64,
    pub meeting_id: i64,
    pub text: String,
    pub owner_person_id: Option<i64>,
    pub due_on: NaiveDate,
    pub status: String,
    pub done_on: Option<NaiveDate>,
}

impl Decision {
    /// `open`, `done` or `overdue` (open past its due day).
    pub fn standing(&self, today: NaiveDate) -> &'static str {
        match (self.status.as_str(), self.due_on < today) {
            ("done", _) => "done",
            (_, true) => "overdue",
            _ => "open",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_majority_is_half_plus_one_rounded_down() {
        assert_eq!(Quorum::Majority.required(10), 6);
        assert_eq!(Quorum::Majority.required(9), 5);
        assert_eq!(Quorum::Majority.required(1), 1);
        assert!(!Quorum::Majority.reached(10, 5));
        assert!(Quorum::Majority.reached(10, 6));
        assert!(
            !Quorum::Majority.reached(0, 0),
            "a body without members never has a quorum"
        );
    }

    #[test]
    fn a_share_is_rounded_up() {
        assert_eq!(Quorum::Share(2, 3).required(10), 7);
        assert_eq!(Quorum::Share(2, 3).required(9), 6);
        assert_eq!(Quorum::Share(1, 3).required(10), 4);
    }

    #[test]
    fn the_expected_pace_is_prorated_to_the_period() {
        let mut t = BodyType {
            id: 1,
            code: "c".into(),
            organization_id: 1,
            name_ar: String::new(),
            name_fr: String::new(),
            name_en: String::new(),
            level: "province".into(),
            meetings_per_year: 2,
            quorum_rule: "majority".into(),
            quorum_numerator: 1,
            quorum_denominator: 2,
            one_per_unit: true,
            retired_on: None,
        };
        assert_eq!(t.expected_meetings(365), 2);
        assert_eq!(t.expected_meetings(180), 1);
        assert_eq!(t.expected_meetings(30), 1, "at least one whatever the period");
        t.meetings_per_year = 12;
        assert_eq!(t.expected_meetings(90), 3);
    }
}
