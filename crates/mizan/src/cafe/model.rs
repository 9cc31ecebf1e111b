//! Policy Café: a live Q&A session, its panel, the questions participants ask and what moderators
//! do with them. Pure types and rules, no I/O.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A live Q&A session of an event.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct Session {
    pub id: i64,
    /// The short code participants type (or scan) to join.
    pub code: String,
    pub title: String,
    pub event: String,
    pub place: String,
    pub unit_code: String,
    #[serde(skip)]
    pub unit_path: String,
    #[serde(skip)]
    pub organizer_body_id: Option<i64>,
    /// The organization whose event it is: its organizers and moderators run it.
    #[serde(skip)]
    pub organization_id: Option<i64>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub anonymous_allowed: bool,
    /// Questions wait for a moderator before they are shown.
    pub premoderation: bool,
    pub max_length: i64,
    /// How many questions one device may vote for; 0: no limit.
    pub votes_per_device: i64,
    /// The kill switch: no question and no vote is taken.
    pub paused: bool,
}

/// Whether a session takes questions and votes at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    NotYetOpen,
    Open,
    Paused,
    Closed,
}

impl Session {
    pub fn phase(&self, now: DateTime<Utc>) -> Phase {
        if now < self.opens_at {
            Phase::NotYetOpen
        } else if now >= self.closes_at {
            Phase::Closed
        } else if self.paused {
            Phase::Paused
        } else {
            Phase::Open
        }
    }
}

impl Phase {
    /// Its message key.
    pub fn key(self) -> &'static str {
        match self {
            Phase::NotYetOpen => "cafe-phase-not-yet-open",
            Phase::Open => "cafe-phase-open",
            Phase::Paused => "cafe-phase-paused",
            Phase::Closed => "cafe-phase-closed",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Phase::NotYetOpen => "not_yet_open",
            Phase::Open => "open",
            Phase::Paused => "paused",
            Phase::Closed => "closed",
        }
    }
}

#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct Panelist {
    pub id: i64,
    pub name_ar: String,
    pub name_latin: String,
    pub role: String,
    pub sectors: String,
    /// The panelist's record in the registry, when seated from it (for the organizers' console:
    /// never in the public answers).
    #[serde(skip)]
    pub person_uid: Option<String>,
}

impl Panelist {
    /// The codes of its sectors (kept comma-separated).
    pub fn sector_codes(&self) -> impl Iterator<Item = &str> {
        self.sectors.split(',').map(str::trim).filter(|s| !s.is_empty())
    }
}

/// Where a question stands. Only published questions are shown to participants and the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for a moderator (sessions moderated before publication).
    Pending,
    Published,
    /// Hidden by a moderator, with a reason in the moderation log.
    Hidden,
    /// A duplicate folded into another question, its votes carried over.
    Merged,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Published => "published",
            Status::Hidden => "hidden",
            Status::Merged => "merged",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Pending, Status::Published, Status::Hidden, Status::Merged]
            .into_iter()
            .find(|st| st.code() == s)
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct QuestionRow {
    pub id: i64,
    pub session_id: i64,
    pub body: String,
    pub first_name: String,
    pub age_band: String,
    pub status: String,
    pub hidden_reason: Option<String>,
    pub merged_into: Option<i64>,
    pub sector: String,
    pub pinned: bool,
    pub answered: bool,
    pub votes: i64,
    pub asked_at: DateTime<Utc>,
    pub answer: String,
    pub answered_by: Option<i64>,
}

/// A question as screens show it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Question {
    pub id: i64,
    pub body: String,
    /// Empty when the participant stayed anonymous.
    pub first_name: String,
    pub age_band: String,
    pub status: Status,
    pub sector: String,
    pub pinned: bool,
    pub answered: bool,
    pub votes: i64,
    pub asked_at: DateTime<Utc>,
    pub merged_into: Option<i64>,
    pub answer: String,
    /// For moderators only; the public sees the reason in the moderation log.
    #[serde(skip)]
    pub hidden_reason: Option<String>,
}

impl From<QuestionRow> for Question {
    fn from(r: QuestionRow) -> Question {
        Question {
            id: r.id,
            body: r.body,
            first_name: r.first_name,
            age_band: r.age_band,
            status: Status::parse(&r.status).unwrap_or(Status::Hidden),
            sector: r.sector,
            pinned: r.pinned,
            answered: r.answered,
            votes: r.votes,
            asked_at: r.asked_at,
            merged_into: r.merged_into,
            answer: r.answer,
            hidden_reason: r.hidden_reason,
        }
    }
}

impl Question {
    pub fn is_public(&self) -> bool {
        self.status == Status::Published
    }

    /// The message key of its age band (`35+` → `cafe-age-35-plus`).
    pub fn age_key(&self) -> String {
        format!("cafe-age-{}", self.age_band.replace('+', "-plus"))
    }

    pub fn sector_key(&self) -> String {
        format!("cafe-sector-{}", self.sector)
    }
}

/// A question's text in runs: `(true, link)` for an address (`http://…`, `https://…`, `www.…`,
/// to the next space, without the punctuation that ends a sentence), `(false, text)` for the rest.
/// Screens set a link apart left to right (`<bdi dir="ltr">`), so that an Arabic sentence does
/// not scramble it; it is never made clickable.
pub fn text_runs(text: &str) -> Vec<(bool, &str)> {
    let mut runs = Vec::new();
    let (mut plain, mut i) = (0, 0);
    while let Some(c) = text[i..].chars().next() {
        let rest = &text[i..];
        let begins_word = text[..i].chars().next_back().is_none_or(char::is_whitespace);
        let starts = |p: &str| {
            rest.as_bytes()
                .get(..p.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
        };
        if begins_word && ["http://", "https://", "www."].into_iter().any(starts) {
            let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let link = rest[..word].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '؟', '،', '؛']);
            if plain < i {
                runs.push((false, &text[plain..i]));
            }
            runs.push((true, link));
            i += link.len().max(1);
            plain = i;
            continue;
        }
        i += c.len_utf8();
    }
    if plain < text.len() {
        runs.push((false, &text[plain..]));
    }
    runs
}

/// One line of the moderation log, public with the session.
#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct LogEntry {
    pub id: i64,
    pub question_id: Option<i64>,
    pub action: String,
    pub reason: String,
    #[serde(skip)]
    pub moderator: String,
    pub at: DateTime<Utc>,
}

impl LogEntry {
    pub fn action_key(&self) -> String {
        format!("cafe-action-{}", self.action)
    }

    /// The sector a question was tagged with, for a tag (its reason holds the sector's code;
    /// none when the tag was taken off).
    pub fn tagged(&self) -> Option<&str> {
        (self.action == "tag" && !self.reason.is_empty()).then_some(self.reason.as_str())
    }

    /// The message key of the reason, when it is one of the list's.
    pub fn reason_key(&self) -> Option<String> {
        hide_reason_key(&self.reason)
    }
}

#[derive(Clone, Debug, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct Commitment {
    pub id: i64,
    pub question_id: i64,
    pub panelist_id: Option<i64>,
    pub commitment: String,
    pub sector: String,
    pub due_on: Option<NaiveDate>,
}

/// The age bands a participant may give (or none).
pub const AGE_BANDS: [&str; 4] = ["15-17", "18-24", "25-34", "35+"];

/// The sectors questions are tagged with (message keys `cafe-sector-…`).
pub const SECTORS: [&str; 9] = [
    "education",
    "employment",
    "health",
    "housing",
    "digital",
    "culture",
    "sport",
    "environment",
    "governance",
];

/// The reasons a moderator hides a question for, offered as a list (message keys
/// `cafe-hide-reason-…`). The log keeps the code; a reason typed through the API is kept as typed.
pub const HIDE_REASONS: [&str; 5] = ["off-topic", "abuse", "personal-data", "advertising", "unclear"];

/// The message key of a hiding reason from the list; none for a reason typed otherwise.
pub fn hide_reason_key(reason: &str) -> Option<String> {
    HIDE_REASONS
        .contains(&reason)
        .then(|| format!("cafe-hide-reason-{reason}"))
}

/// Moderation actions, as written in the log.
pub const ACTIONS: [&str; 9] = [
    "approve", "hide", "merge", "tag", "pin", "unpin", "answered", "pause", "resume",
];

/// The letters of join codes: no look-alikes (0/O, 1/I/L), easy to read aloud and to type.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LENGTH: usize = 6;

/// A fresh join code (31⁶ ≈ 890 million).
pub fn new_code() -> String {
    let mut bytes = [0u8; CODE_LENGTH];
    rand::fill(&mut bytes);
    bytes
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

/// A code as typed: case, spaces and dashes ignored.
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A question's text as the participant typed it: trimmed, control characters dropped (line
/// breaks kept), never HTML (pages escape it; screens set it as text).
pub fn clean_question(text: &str) -> String {
    let kept: String = text.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    kept.trim().to_owned()
}

/// Abuse limits: per device in a fixed minute or second; votes per address in a token bucket.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub questions_per_minute_per_device: u32,
    pub questions_per_minute_per_address: u32,
    pub votes_per_second_per_device: u32,
    /// Votes one address may cast a second, sustained (configuration:
    /// `cafe_votes_per_second_per_address`)…
    pub votes_per_second_per_address: u32,
    /// …and at once after a quiet spell (`cafe_vote_burst_per_address`).
    pub vote_burst_per_address: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            questions_per_minute_per_device: 3,
            // A hall on one Wi-Fi shares one public address: generous, it only stops a script.
            questions_per_minute_per_address: 120,
            votes_per_second_per_device: 5,
            // A hall of a thousand phones behind one address votes in waves of a few hundred;
            // a script is held to fifty a second.
            votes_per_second_per_address: 50,
            vote_burst_per_address: 600,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_codes_use_the_readable_alphabet() {
        for _ in 0..100 {
            let code = new_code();
            assert_eq!(code.len(), CODE_LENGTH);
            assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)), "{code}");
        }
        assert_eq!(normalize_code(" ab3 k-9x "), "AB3K9X");
    }

    #[test]
    fn addresses_in_a_question_are_set_apart_from_its_words() {
        assert_eq!(
            text_runs("شوفو https://example.ma/a?b=1، وwww.x.ma."),
            vec![
                (false, "شوفو "),
                (true, "https://example.ma/a?b=1"),
                (false, "، وwww.x.ma.")
            ],
            "an address inside a word is a word"
        );
        assert_eq!(
            text_runs("WWW.Gov.ma\nhttp://a.b"),
            vec![(true, "WWW.Gov.ma"), (false, "\n"), (true, "http://a.b")]
        );
        assert_eq!(text_runs("بلا رابط"), vec![(false, "بلا رابط")]);
        assert_eq!(text_runs(""), Vec::<(bool, &str)>::new());
    }

    #[test]
    fn questions_keep_their_text_and_lose_control_characters() {
        assert_eq!(clean_question("  متى؟\u{0007}\nwhen?  "), "متى؟\nwhen?");
        assert_eq!(
            clean_question("<b>bold</b>"),
            "<b>bold</b>",
            "escaped when shown, not altered"
        );
    }
}
