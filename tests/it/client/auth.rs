//! Signing in, the account and its language: one method per endpoint.

use crate::helpers::{Browser, TestResponse};

impl Browser<'_> {
    /// `GET /`
    pub async fn home(&mut self) -> TestResponse {
        self.get("/").await
    }

    /// `GET /account`
    pub async fn account(&mut self) -> TestResponse {
        self.get("/account").await
    }

    /// `POST /account/password`
    pub async fn change_password(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/account/password", form).await
    }

    /// `POST /account/tokens`
    pub async fn create_token(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/account/tokens", form).await
    }

    /// `GET /account/two-factor`
    pub async fn two_factor_page(&mut self) -> TestResponse {
        self.get("/account/two-factor").await
    }

    /// `POST /account/two-factor`
    pub async fn set_two_factor(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/account/two-factor", form).await
    }

    /// `GET /cookies`
    pub async fn cookies_page(&mut self) -> TestResponse {
        self.get("/cookies").await
    }

    /// `POST /language`
    pub async fn choose_language(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/language", form).await
    }

    /// `GET /login`
    pub async fn login_page(&mut self) -> TestResponse {
        self.get("/login").await
    }

    /// `POST /login`
    pub async fn post_login(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/login", form).await
    }

    /// `GET /login/second-factor` and its query (`""` for none, else starting with `?`)
    pub async fn second_factor_page(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/login/second-factor{query}")).await
    }

    /// `POST /login/second-factor`
    pub async fn second_factor(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/login/second-factor", form).await
    }

    /// `POST /logout`
    pub async fn logout(&mut self, form: &[(&str, &str)]) -> TestResponse {
        self.post_form("/logout", form).await
    }
}
