//! The page frame and what every page shares: the context a template gets ([`PageCtx`]), the
//! embedded assets, error pages, and small view helpers (field errors, the SVG map).

mod assets;
pub mod errors;
pub mod forms;
pub mod map;

pub use assets::{Assets, serve as serve_asset};

use std::sync::Arc;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{Html, IntoResponse, Response};
use fluent_bundle::FluentValue;

use crate::app::AppState;
use crate::error::{AppError, FieldError};
use crate::http::RequestCtx;
use crate::i18n::{I18n, Locale};

/// What a template knows about the request: language, user, anti-forgery token, assets.
#[derive(Clone, Debug)]
pub struct PageCtx {
    pub locale: Locale,
    pub i18n: Arc<I18n>,
    pub assets: Arc<Assets>,
    /// The signed-in user's display name and user name.
    pub user: Option<(String, String)>,
    /// May open personal records (shows the People menu).
    pub can_view_people: bool,
    /// May add and correct people (imports, duplicates).
    pub can_edit_people: bool,
    /// May watch and moderate Policy Café sessions (shows the Café menu).
    pub can_moderate_cafe: bool,
    pub csrf: String,
    /// The current path and query ("come back here" after switching language or signing in).
    pub uri: String,
    /// The party's logo version (its address is `/logo?v=…`), if it has one.
    pub logo: Option<i64>,
}

impl PageCtx {
    pub fn new(state: &AppState, ctx: &RequestCtx) -> PageCtx {
        PageCtx {
            locale: ctx.locale,
            i18n: state.i18n.clone(),
            assets: state.assets.clone(),
            user: ctx
                .caller
                .user()
                .map(|u| (u.display_name.clone(), u.username.clone())),
            can_view_people: ctx.caller.authorize(crate::auth::Action::ViewPeople).is_ok(),
            can_edit_people: ctx.caller.authorize(crate::auth::Action::EditPeople).is_ok(),
            can_moderate_cafe: ctx.caller.authorize(crate::auth::Action::ModerateCafe).is_ok(),
            csrf: ctx.csrf.clone(),
            uri: ctx.uri.clone(),
            logo: state.logo.get(),
        }
    }

    /// A unit's name in the reader's script, and in the other script.
    pub fn name<'u>(&self, unit: &'u crate::territory::Unit) -> &'u str {
        unit.name(self.locale)
    }

    pub fn other_name<'u>(&self, unit: &'u crate::territory::Unit) -> &'u str {
        unit.other_name(self.locale)
    }

    /// One of three texts, by the reader's language (data that carries its own translations).
    pub fn pick<'a>(&self, ar: &'a str, fr: &'a str, en: &'a str) -> &'a str {
        self.locale.pick(ar, fr, en)
    }

    /// A phone number (E.164) grouped as people read it: a Moroccan one `+212 6 61 23 98 77`,
    /// any other as it is stored.
    pub fn phone(&self, e164: &str) -> String {
        match e164.strip_prefix("+212") {
            Some(rest) if rest.len() == 9 && rest.bytes().all(|b| b.is_ascii_digit()) => {
                let (first, pairs) = rest.split_at(1);
                let pairs: Vec<&str> = (0..4).map(|i| &pairs[i * 2..i * 2 + 2]).collect();
                format!("+212 {first} {}", pairs.join(" "))
            }
            _ => e164.to_owned(),
        }
    }

    /// A month (`YYYY-MM`) in words, in the reader's language.
    pub fn month(&self, year_month: &str) -> String {
        self.i18n.formatters.month(self.locale, year_month)
    }

    /// A date in the reader's language.
    pub fn date(&self, date: &chrono::NaiveDate) -> String {
        self.i18n.formatters.date(self.locale, *date)
    }

    /// A moment in Morocco's time: its date in the reader's language and its hour (`09:53`).
    pub fn moment(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        let local = t.with_timezone(&crate::clock::LOCAL_OFFSET);
        format!("{} {}", self.date(&local.date_naive()), local.format("%H:%M"))
    }

    /// Whether this page belongs to the header's section at `path` (`/` only for the home page):
    /// the header marks it as the current page.
    pub fn at(&self, path: &str) -> bool {
        let here = self.uri.split(['?', '#']).next().unwrap_or_default();
        if path == "/" {
            return here == "/";
        }
        here == path || here.strip_prefix(path).is_some_and(|rest| rest.starts_with('/'))
    }

    pub fn is_current(&self, locale: impl std::borrow::Borrow<Locale>) -> bool {
        *locale.borrow() == self.locale
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.t(self.locale, key)
    }

    /// A message with a count (`$count`), choosing the plural form of the language.
    pub fn tn(&self, key: &str, count: impl Figure) -> String {
        let count = count.figure().unwrap_or(0.0);
        self.i18n
            .t_args(self.locale, key, &[("count", FluentValue::from(count))])
    }

    /// A message with one named text argument.
    pub fn ts(&self, key: &str, name: &str, value: &str) -> String {
        self.i18n
            .t_args(self.locale, key, &[(name, FluentValue::from(value))])
    }

    /// A whole number in the reader's conventions; `—` when there is none.
    pub fn num(&self, n: impl Figure) -> String {
        #[expect(clippy::cast_possible_truncation, reason = "counts are far below 2^53")]
        n.figure().map_or_else(
            || "—".to_owned(),
            |n| self.i18n.formatters.integer(self.locale, n.round() as i64),
        )
    }

    /// A number with one decimal.
    pub fn dec1(&self, n: impl Figure) -> String {
        n.figure().map_or_else(
            || "—".to_owned(),
            |n| self.i18n.formatters.decimal(self.locale, n, 1),
        )
    }

    /// A percentage with one decimal (`12.5%`, `12,5 %`).
    /// A share as a percentage, one decimal. In a right-to-left page it is isolated left to right,
    /// so that Arabic reads "90,4%" everywhere (not "%90,4" here and "90,4%" there).
    pub fn percent(&self, value: impl Figure) -> String {
        let n = self.dec1(value);
        let shown = self
            .i18n
            .t_args(self.locale, "percent", &[("value", FluentValue::from(n))]);
        if self.locale.dir() == "rtl" {
            format!("\u{2066}{shown}\u{2069}")
        } else {
            shown
        }
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    pub fn dir(&self) -> &'static str {
        self.locale.dir()
    }

    pub fn asset(&self, name: &str) -> String {
        self.assets.url(name)
    }

    pub fn locales(&self) -> [Locale; 3] {
        Locale::ALL
    }
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ctx = RequestCtx::from_request_parts(parts, state).await?;
        Ok(PageCtx::new(state, &ctx))
    }
}

/// Anything a template may print as a number: counts, populations, ratios, possibly absent.
/// (Templates pass values by reference, sometimes twice over; this takes them all.)
pub trait Figure {
    fn figure(&self) -> Option<f64>;
}

impl Figure for i64 {
    #[expect(clippy::cast_precision_loss, reason = "figures stay far below 2^53")]
    fn figure(&self) -> Option<f64> {
        Some(*self as f64)
    }
}

impl Figure for i32 {
    fn figure(&self) -> Option<f64> {
        Some(f64::from(*self))
    }
}

impl Figure for usize {
    #[expect(clippy::cast_precision_loss, reason = "figures stay far below 2^53")]
    fn figure(&self) -> Option<f64> {
        Some(*self as f64)
    }
}

impl Figure for f64 {
    fn figure(&self) -> Option<f64> {
        Some(*self)
    }
}

impl<T: Figure> Figure for Option<T> {
    fn figure(&self) -> Option<f64> {
        self.as_ref().and_then(Figure::figure)
    }
}

impl<T: Figure + ?Sized> Figure for &T {
    fn figure(&self) -> Option<f64> {
        (**self).figure()
    }
}

/// Field errors of a submitted form, looked up by field name in templates.
#[derive(Clone, Debug, Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    /// The message key of the first error on `field`.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.code)
    }

    /// Whether the form has something to correct (a person to choose among those found is a
    /// step, not a mistake).
    pub fn any(&self) -> bool {
        self.to_correct().next().is_some()
    }

    /// The errors to correct, the first of each field, in the form's order: the summary above a
    /// form links each to its field.
    pub fn to_correct(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter().enumerate().filter_map(|(n, e)| {
            let first = !self.0[..n].iter().any(|before| before.field == e.field);
            (first && e.code != crate::people::picker::CHOOSE).then_some(e)
        })
    }
}

/// The answer to a form that worked: go to `location` (and a reload does not post again).
pub fn see_other(location: &str) -> Response {
    use axum::response::IntoResponse;
    (
        axum::http::StatusCode::SEE_OTHER,
        [(axum::http::header::LOCATION, location.to_owned())],
    )
        .into_response()
}

/// Renders a template into an HTML response.
pub fn render(page: &impl Template) -> Result<Response, AppError> {
    let html = page
        .render()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("template: {e}")))?;
    Ok(Html(html).into_response())
}

#[derive(Template)]
#[template(path = "pages/cookies.html")]
struct CookiesPage {
    ctx: PageCtx,
}

/// `GET /cookies`: the cookies Mizan sets, all strictly necessary.
pub async fn cookies_page(ctx: PageCtx) -> Result<Response, AppError> {
    render(&CookiesPage { ctx })
}
