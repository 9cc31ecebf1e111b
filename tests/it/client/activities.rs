//! Activities: recording, reviewing, the dashboard: one method per endpoint.

use std::fmt::Display;

use crate::helpers::{Browser, TestResponse};

impl Browser<'_> {
    /// `GET /activities` and its query (`""` for none, else starting with `?`)
    pub async fn activities_list(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/activities{query}")).await
    }

    /// `GET /figures/activities` and its query (`""` for none, else starting with `?`)
    pub async fn activities_dashboard(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/figures/activities{query}")).await
    }

    /// `GET /figures/activities.xlsx` and its query (`""` for none, else starting with `?`)
    pub async fn activities_dashboard_xlsx(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/figures/activities.xlsx{query}")).await
    }

    /// `GET /activities/{activity}`
    pub async fn activity_page(&mut self, activity: impl Display) -> TestResponse {
        self.get(&format!("/activities/{activity}")).await
    }

    /// `GET /activities/{activity}/edit`
    pub async fn activity_edit_form(&mut self, activity: impl Display) -> TestResponse {
        self.get(&format!("/activities/{activity}/edit")).await
    }

    /// `POST /activities/{activity}/edit`
    pub async fn correct_activity(&mut self, activity: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/activities/{activity}/edit"), form)
            .await
    }

    /// `POST /activities/{activity}/review`
    pub async fn review_activity(&mut self, activity: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/activities/{activity}/review"), form)
            .await
    }

    /// `POST /activities/{activity}/people`
    pub async fn link_beneficiaries(
        &mut self,
        activity: impl Display,
        form: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form(&format!("/activities/{activity}/people"), form)
            .await
    }

    /// `POST /activities/{activity}/volunteers`
    pub async fn add_volunteers(&mut self, activity: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/activities/{activity}/volunteers"), form)
            .await
    }

    /// `POST /activities/{activity}/delete`
    pub async fn delete_activity(&mut self, activity: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/activities/{activity}/delete"), form)
            .await
    }
}
