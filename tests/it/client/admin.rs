//! The structure and its users: setup, organizations, users, body and activity types, themes: one method per endpoint.

use std::fmt::Display;

use crate::helpers::{Browser, TestResponse};

impl Browser<'_> {
    /// `GET /activity-types`
    pub async fn activity_types(&mut self) -> TestResponse {
        self.get("/activity-types").await
    }

    /// `POST /activity-types`
    pub async fn add_activity_type(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/activity-types", form).await
    }

    /// `POST /activity-types/{code}`
    pub async fn change_activity_type(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/activity-types/{code}"), form).await
    }

    /// `GET /admin/organizations`
    pub async fn organizations(&mut self) -> TestResponse {
        self.get("/admin/organizations").await
    }

    /// `POST /admin/organizations`
    pub async fn add_organization(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/admin/organizations", form).await
    }

    /// `POST /admin/organizations/{code}`
    pub async fn change_organization(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/admin/organizations/{code}"), form)
            .await
    }

    /// `GET /admin/users`
    pub async fn users(&mut self) -> TestResponse {
        self.get("/admin/users").await
    }

    /// `POST /admin/users`
    pub async fn invite_user(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/admin/users", form).await
    }

    /// `GET /admin/users/export`
    pub async fn users_export(&mut self) -> TestResponse {
        self.get("/admin/users/export").await
    }

    /// `GET /admin/users/{name}`
    pub async fn user_page(&mut self, name: impl Display) -> TestResponse {
        self.get(&format!("/admin/users/{name}")).await
    }

    /// `POST /admin/users/{name}`
    pub async fn manage_user(&mut self, name: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/admin/users/{name}"), form).await
    }

    /// `GET /body-types`
    pub async fn body_types(&mut self) -> TestResponse {
        self.get("/body-types").await
    }

    /// `POST /body-types`
    pub async fn add_body_type(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/body-types", form).await
    }

    /// `POST /body-types/{code}`
    pub async fn change_body_type(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/body-types/{code}"), form).await
    }

    /// `POST /campaigns`
    pub async fn add_campaign(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/campaigns", form).await
    }

    /// `GET /campaigns/{campaign}`
    pub async fn campaign_page(&mut self, campaign: impl Display) -> TestResponse {
        self.get(&format!("/campaigns/{campaign}")).await
    }

    /// `POST /campaigns/{campaign}/targets`
    pub async fn set_campaign_targets(
        &mut self,
        campaign: impl Display,
        form: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form(&format!("/campaigns/{campaign}/targets"), form)
            .await
    }

    /// `POST /meeting-themes`
    pub async fn add_meeting_theme(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/meeting-themes", form).await
    }

    /// `POST /meeting-themes/{code}`
    pub async fn change_meeting_theme(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/meeting-themes/{code}"), form).await
    }

    /// `GET /setup`
    pub async fn setup_page(&mut self) -> TestResponse {
        self.get("/setup").await
    }

    /// `POST /setup`
    pub async fn set_up(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/setup", form).await
    }
}
