//! Operations: health, metrics, file permissions, periodic maintenance.

pub mod files;
pub mod metrics;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;

use crate::app::AppState;
use crate::on_db;

/// `GET /healthz`: 200 when the store answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let ok: Result<i32, sqlx::Error> =
        on_db!(&state.db, |c| sqlx::query_scalar("SELECT 1").fetch_one(c).await);
    match ok {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: store unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "store unreachable")
        }
    }
}

/// Removes expired sessions and old failed logins, and keeps a checkpoint of the audit log's head
/// outside the store (`audit::checkpoints`), every ten minutes, until shutdown.
pub async fn maintenance(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
    loop {
        every.tick().await;
        let now = state.clock.now();
        let before = now - chrono::Duration::days(1);
        let result = async {
            let mut tx = state.db.begin().await?;
            crate::auth::store::sweep(&mut tx, now, before).await?;
            tx.commit().await
        }
        .await;
        if let Err(e) = result {
            tracing::warn!(error = %e, "maintenance failed");
        }
        if let Err(e) = crate::audit::checkpoints::keep(&state).await {
            tracing::warn!(error = %e, "could not keep a checkpoint of the audit log");
        }
    }
}
