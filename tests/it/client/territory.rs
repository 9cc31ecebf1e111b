//! The territory: units, branches and their imports: one method per endpoint.

use std::fmt::Display;

use crate::helpers::{Browser, TestResponse};

impl Browser<'_> {
    /// `GET /territory/{code}`
    pub async fn territory(&mut self, code: impl Display) -> TestResponse {
        self.get(&format!("/territory/{code}")).await
    }

    /// `GET /territory/{code}/activities/new`
    pub async fn activity_form(&mut self, code: impl Display) -> TestResponse {
        self.get(&format!("/territory/{code}/activities/new")).await
    }

    /// `POST /territory/{code}/activities/new`
    pub async fn record_activity(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/territory/{code}/activities/new"), form)
            .await
    }

    /// `GET /territory/{code}/branches/import`
    pub async fn branches_import_page(&mut self, code: impl Display) -> TestResponse {
        self.get(&format!("/territory/{code}/branches/import")).await
    }

    /// `POST /territory/{code}/branches/import/apply`
    pub async fn import_branches(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/territory/{code}/branches/import/apply"), form)
            .await
    }

    /// `POST /territory/{code}/close`
    pub async fn close_branch(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/territory/{code}/close"), form).await
    }

    /// `GET /territory/{code}/manage`
    pub async fn branch_manage_page(&mut self, code: impl Display) -> TestResponse {
        self.get(&format!("/territory/{code}/manage")).await
    }

    /// `GET /territory/{code}/new`
    pub async fn new_unit_form(&mut self, code: impl Display) -> TestResponse {
        self.get(&format!("/territory/{code}/new")).await
    }

    /// `POST /territory/{code}/new`
    pub async fn create_unit(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/territory/{code}/new"), form).await
    }

    /// `GET /territory/{code}/people/import`
    pub async fn people_import_page(&mut self, code: impl Display) -> TestResponse {
        self.get(&format!("/territory/{code}/people/import")).await
    }

    /// `POST /territory/{code}/people/new`
    pub async fn add_person(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/territory/{code}/people/new"), form)
            .await
    }

    /// `POST /territory/{code}/rename`
    pub async fn rename_branch(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/territory/{code}/rename"), form).await
    }
}
