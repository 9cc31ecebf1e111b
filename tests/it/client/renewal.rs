//! The branches' renewal: one method per endpoint.

use std::fmt::Display;

use crate::helpers::{Browser, TestResponse};

impl Browser<'_> {
    /// `GET /renewal`
    pub async fn renewal(&mut self) -> TestResponse {
        self.get("/renewal").await
    }

    /// `GET /renewal/{campaign}` and its query (`""` for none, else starting with `?`)
    pub async fn renewal_dashboard(&mut self, campaign: impl Display, query: &str) -> TestResponse {
        self.get(&format!("/renewal/{campaign}{query}")).await
    }

    /// `GET /renewal/{campaign}/export` and its query (`""` for none, else starting with `?`)
    pub async fn renewal_export(&mut self, campaign: impl Display, query: &str) -> TestResponse {
        self.get(&format!("/renewal/{campaign}/export{query}")).await
    }

    /// `POST /renewal/{campaign}/{branch}`
    pub async fn record_renewal_step(
        &mut self,
        campaign: impl Display,
        branch: impl Display,
        form: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form(&format!("/renewal/{campaign}/{branch}"), form)
            .await
    }
}
