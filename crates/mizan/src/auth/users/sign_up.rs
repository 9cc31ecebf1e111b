//! An invited user's sign-up: the link's token checked, a password chosen, the first session opened.

use serde::Deserialize;
use serde_json::json;

use super::store::{self};
use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::auth::passwords::new_password_problems;
use crate::auth::secret::digest;
use crate::auth::sign_in::open_session;
use crate::auth::store as accounts;
use crate::error::{AppError, AppResult};

/// The password an invited (or reset) user chooses from their link.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct SignUp {
    #[serde(default)]
    pub new: String,
    #[serde(default)]
    pub confirm: String,
}

/// The user a link is for, if it is still good.
pub async fn invited(state: &AppState, token: &str) -> AppResult<Option<String>> {
    Ok(store::invitation(&state.db, &digest(token), state.clock.now())
        .await?
        .map(|(_, username)| username))
}

/// Sets the password chosen from a link and signs the user in; the new session's cookie value.
pub async fn sign_up(
    state: &AppState,
    token: &str,
    form: &SignUp,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> AppResult<String> {
    let now = state.clock.now();
    let (id, username) = store::invitation(&state.db, &digest(token), now)
        .await?
        .ok_or(AppError::NotFound)?;
    let errors = new_password_problems(&form.new, &form.confirm, &username, None);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let hash = state.hashing.hash(form.new.clone()).await?;
    let mut tx = state.db.begin().await?;
    if !store::use_invitation(&mut tx, &digest(token), now).await? {
        return Err(AppError::NotFound);
    }
    accounts::set_password(&mut tx, id, &hash, false, now).await?;
    let session = open_session(state, &mut tx, id, ip, user_agent).await?;
    store::signed_in(&mut tx, id, now).await?;
    let actor = Actor {
        user_id: Some(id),
        label: username.clone(),
        ip: ip.map(str::to_owned),
        request_id: None,
    };
    audit::record(
        &mut tx,
        &state.key,
        now,
        &actor,
        Event {
            action: "user.sign_up",
            target_kind: "user",
            target_id: &username,
            details: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(session)
}
