//! The Policy Café: phones and staff: one method per endpoint.

use std::fmt::Display;

use crate::helpers::{Browser, TestResponse};

impl Browser<'_> {
    /// `GET /cafe`
    pub async fn cafe_sessions(&mut self) -> TestResponse {
        self.get("/cafe").await
    }

    /// `POST /cafe`
    pub async fn open_cafe_session(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/cafe", form).await
    }

    /// `GET /cafe/{session}`
    pub async fn cafe_console(&mut self, session: impl Display) -> TestResponse {
        self.get(&format!("/cafe/{session}")).await
    }

    /// `GET /cafe/{session}/export` and its query (`""` for none, else starting with `?`)
    pub async fn cafe_export(&mut self, session: impl Display, query: &str) -> TestResponse {
        self.get(&format!("/cafe/{session}/export{query}")).await
    }

    /// `POST /cafe/{session}/panel`
    pub async fn seat_panelist(&mut self, session: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/cafe/{session}/panel"), form).await
    }

    /// `POST /cafe/{session}/pause`
    pub async fn pause_cafe(&mut self, session: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/cafe/{session}/pause"), form).await
    }

    /// `POST /cafe/{session}/questions/{question}`
    pub async fn moderate_question(
        &mut self,
        session: impl Display,
        question: impl Display,
        form: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form(&format!("/cafe/{session}/questions/{question}"), form)
            .await
    }

    /// `POST /cafe/{session}/questions/{question}/answer`
    pub async fn answer_question(
        &mut self,
        session: impl Display,
        question: impl Display,
        form: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form(&format!("/cafe/{session}/questions/{question}/answer"), form)
            .await
    }

    /// `GET /q` and its query (`""` for none, else starting with `?`)
    pub async fn cafe_join(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/q{query}")).await
    }

    /// `GET /q/{code}`
    pub async fn cafe_phone(&mut self, code: impl Display) -> TestResponse {
        self.get(&format!("/q/{code}")).await
    }

    /// `GET /q/{code}/archive` and its query (`""` for none, else starting with `?`)
    pub async fn cafe_archive(&mut self, code: impl Display, query: &str) -> TestResponse {
        self.get(&format!("/q/{code}/archive{query}")).await
    }

    /// `GET /q/{code}/qr.svg`
    pub async fn cafe_qr(&mut self, code: impl Display) -> TestResponse {
        self.get(&format!("/q/{code}/qr.svg")).await
    }

    /// `POST /q/{code}/questions`
    pub async fn ask_question(&mut self, code: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/q/{code}/questions"), form).await
    }

    /// `GET /q/{code}/stage`
    pub async fn cafe_stage(&mut self, code: impl Display) -> TestResponse {
        self.get(&format!("/q/{code}/stage")).await
    }
}
