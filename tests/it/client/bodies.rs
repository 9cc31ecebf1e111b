//! Bodies and meetings, and the meeting rate: one method per endpoint.

use std::fmt::Display;

use crate::helpers::{Browser, TestResponse};

impl Browser<'_> {
    /// `GET /bodies/{body}`
    pub async fn body_page(&mut self, body: impl Display) -> TestResponse {
        self.get(&format!("/bodies/{body}")).await
    }

    /// `POST /bodies/{body}/mandates`
    pub async fn give_mandate(&mut self, body: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/bodies/{body}/mandates"), form).await
    }

    /// `POST /bodies/{body}/mandates/{mandate}/end`
    pub async fn end_mandate(
        &mut self,
        body: impl Display,
        mandate: impl Display,
        form: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form(&format!("/bodies/{body}/mandates/{mandate}/end"), form)
            .await
    }

    /// `GET /bodies/{body}/meetings/new` and its query (`""` for none, else starting with `?`)
    pub async fn meeting_form(&mut self, body: impl Display, query: &str) -> TestResponse {
        self.get(&format!("/bodies/{body}/meetings/new{query}")).await
    }

    /// `POST /bodies/{body}/meetings/new`
    pub async fn record_meeting(&mut self, body: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/bodies/{body}/meetings/new"), form)
            .await
    }

    /// `GET /figures/meeting-rate` and its query (`""` for none, else starting with `?`)
    pub async fn meeting_rate(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/figures/meeting-rate{query}")).await
    }

    /// `GET /figures/meeting-rate/export` and its query (`""` for none, else starting with `?`)
    pub async fn meeting_rate_export(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/figures/meeting-rate/export{query}")).await
    }

    /// `GET /meetings/{meeting}`
    pub async fn meeting_page(&mut self, meeting: impl Display) -> TestResponse {
        self.get(&format!("/meetings/{meeting}")).await
    }

    /// `POST /meetings/{meeting}/decisions`
    pub async fn record_decision(&mut self, meeting: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/meetings/{meeting}/decisions"), form)
            .await
    }

    /// `POST /meetings/{meeting}/status`
    pub async fn change_meeting_status(
        &mut self,
        meeting: impl Display,
        form: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form(&format!("/meetings/{meeting}/status"), form).await
    }
}
