//! Pages of the Policy Café. Public, joined by the code: the participant's phone page (ask, vote,
//! see the top and newest questions and the one being answered), the stage screen, the archive,
//! the QR code and the live streams. Staff: the sessions, a session's console (panel, moderation
//! queue, kill switch, answers), its live stream and its export. Every page works without
//! JavaScript (forms, and a periodic refresh); with it, `cafe.js` applies the pushed events.

pub mod console;
pub mod public;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_TYPE, HOST, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use super::actions::{self, SessionDraft};
use super::live::{self, Audience};
use super::model::{AGE_BANDS, Commitment, LogEntry, Panelist, Phase, Question, SECTORS, Session, Status};
use super::panel::{self, PanelistDraft};
use super::participate::{self, Participant, QuestionDraft};
use super::store;
use crate::app::AppState;
use crate::auth::Action;
use crate::auth::secret::{digest, random_token};
use crate::auth::session::cookie;
use crate::error::{AppError, AppResult};
use crate::http::{Authorized, Form, RequestCtx};
use crate::ui::{FormErrors, PageCtx, render, see_other};

/// The strictly necessary cookie that tells one participant's device from another.
pub const DEVICE_COOKIE: &str = "mizan_device";

/// How often a screen without JavaScript reloads itself, in seconds.
const REFRESH_SECONDS: u32 = 10;

/// Times of events, in Morocco's time.
pub fn local_time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&crate::clock::LOCAL_OFFSET)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The address participants open: the configured public URL, else the host the request came to.
fn join_url(state: &AppState, headers: &HeaderMap, code: &str) -> String {
    let base = state.config.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}")
    });
    format!("{}/q/{code}", base.trim_end_matches('/'))
}

/// The message key of an age band (`35+` → `cafe-age-35-plus`).
pub fn age_band_key(band: &str) -> String {
    format!("cafe-age-{}", band.replace('+', "-plus"))
}

pub fn sector_key(sector: &str) -> String {
    format!("cafe-sector-{sector}")
}

/// What the live screens' script needs to draw a question in the reader's language, as JSON.
fn screen_labels(ctx: &PageCtx) -> String {
    let ages: serde_json::Map<String, serde_json::Value> = AGE_BANDS
        .iter()
        .map(|b| ((*b).to_owned(), ctx.t(&age_band_key(b)).into()))
        .collect();
    // A count's words in each plural category, the script picking one by the count: the word
    // after a count (`votes`), and the whole phrase with `#` for the count (`vote_count`).
    let categories = [
        ("zero", 0),
        ("one", 1),
        ("two", 2),
        ("few", 3),
        ("many", 11),
        ("other", 100),
    ];
    let votes: serde_json::Map<String, serde_json::Value> = categories
        .iter()
        .map(|(category, count)| ((*category).to_owned(), ctx.tn("cafe-votes", *count).into()))
        .collect();
    let vote_count: serde_json::Map<String, serde_json::Value> = categories
        .iter()
        .map(|(category, count)| {
            let phrase = ctx.tn("cafe-vote-count", *count).replace(&count.to_string(), "#");
            ((*category).to_owned(), phrase.into())
        })
        .collect();
    serde_json::json!({
        "anonymous": ctx.t("cafe-anonymous"),
        "vote": ctx.t("cafe-vote"),
        "withdraw": ctx.t("cafe-withdraw-vote"),
        "votes": votes,
        "vote_count": vote_count,
        "answered": ctx.t("cafe-answered"),
        "ages": ages,
        "phases": {
            "not_yet_open": ctx.t(Phase::NotYetOpen.key()),
            "open": ctx.t(Phase::Open.key()),
            "paused": ctx.t(Phase::Paused.key()),
            "closed": ctx.t(Phase::Closed.key()),
        },
    })
    .to_string()
}

// ---------------------------------------------------------------------------------------------
// Participants

/// What a page showing the answers given (the archive, the console) draws a commitment with
/// (`cafe/commitment.html`).
trait Answers {
    /// The page's context, the session's panel and its commitments.
    fn parts(&self) -> (&PageCtx, &[Panelist], &[Commitment]);

    fn commitments_of(&self, id: &i64) -> Vec<&Commitment> {
        self.parts().2.iter().filter(|c| c.question_id == *id).collect()
    }

    /// The name of the panelist who made a commitment, in the reader's script; empty if none.
    fn panelist(&self, id: &Option<i64>) -> String {
        let (ctx, panel, _) = self.parts();
        id.and_then(|id| panel.iter().find(|p| p.id == id))
            .map(|p| panelist_name(ctx, p))
            .unwrap_or_default()
    }
}

fn panelist_name(ctx: &PageCtx, p: &Panelist) -> String {
    match (p.name_ar.is_empty(), p.name_latin.is_empty()) {
        (false, true) => p.name_ar.clone(),
        (true, false) => p.name_latin.clone(),
        _ if ctx.locale == crate::i18n::Locale::Ar => p.name_ar.clone(),
        _ => p.name_latin.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Staff

/// What every café template calls: the forms' choices and their keys.
trait Screen {
    fn age_band_key(&self, band: &str) -> String {
        age_band_key(band)
    }

    fn sector_key(&self, sector: &str) -> String {
        sector_key(sector)
    }

    fn text_runs<'a>(&self, text: &'a str) -> Vec<(bool, &'a str)> {
        super::model::text_runs(text)
    }

    /// The start of a question, `chars` characters at most (whole words, then `…`), in any
    /// script.
    fn excerpt(&self, text: &str, chars: usize) -> String {
        if text.chars().count() <= chars {
            return text.to_owned();
        }
        let cut: String = text.chars().take(chars).collect();
        let words = cut
            .rsplit_once(char::is_whitespace)
            .map_or(cut.as_str(), |(w, _)| w);
        format!("{}…", words.trim_end())
    }

    fn age_bands(&self) -> &'static [&'static str] {
        &AGE_BANDS
    }

    fn sectors(&self) -> &'static [&'static str] {
        &SECTORS
    }

    fn hide_reasons(&self) -> &'static [&'static str] {
        &super::model::HIDE_REASONS
    }

    /// The message key of a hiding reason from the list (none for one typed through the API).
    fn hide_reason_key(&self, reason: &str) -> Option<String> {
        super::model::hide_reason_key(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::Screen;

    struct Page;
    impl Screen for Page {}

    #[test]
    fn an_excerpt_counts_characters_not_bytes_and_ends_on_a_word() {
        let arabic = "متى سيتم فتح مركز للتكوين المهني في تاونات لفائدة الشباب العاطلين عن العمل؟";
        let cut = Page.excerpt(arabic, 30);
        assert_eq!(cut, "متى سيتم فتح مركز للتكوين…");
        assert!(cut.chars().count() <= 31, "{cut}");
        assert_eq!(Page.excerpt("Short one", 30), "Short one", "whole when it fits");
    }
}
