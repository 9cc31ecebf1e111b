//! People: the list, a file, memberships, dues, consents, duplicates and rights: one method per endpoint.

use std::fmt::Display;

use crate::helpers::{Browser, TestResponse};

impl Browser<'_> {
    /// `GET /people` and its query (`""` for none, else starting with `?`)
    pub async fn people_list(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/people{query}")).await
    }

    /// `GET /people.csv` and its query (`""` for none, else starting with `?`)
    pub async fn people_csv(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/people.csv{query}")).await
    }

    /// `GET /people.xlsx` and its query (`""` for none, else starting with `?`)
    pub async fn people_xlsx(&mut self, query: &str) -> TestResponse {
        self.get(&format!("/people.xlsx{query}")).await
    }

    /// `GET /people/duplicates`
    pub async fn duplicates(&mut self) -> TestResponse {
        self.get("/people/duplicates").await
    }

    /// `GET /people/duplicates/export`
    pub async fn duplicates_export(&mut self) -> TestResponse {
        self.get("/people/duplicates/export").await
    }

    /// `GET /people/{uid}`
    pub async fn person(&mut self, uid: impl Display) -> TestResponse {
        self.get(&format!("/people/{uid}")).await
    }

    /// `POST /people/{uid}/cin`
    pub async fn reveal_cin(&mut self, uid: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/people/{uid}/cin"), form).await
    }

    /// `POST /people/{uid}/consents`
    pub async fn record_consent(&mut self, uid: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/people/{uid}/consents"), form).await
    }

    /// `POST /people/{uid}/dues`
    pub async fn record_dues(&mut self, uid: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/people/{uid}/dues"), form).await
    }

    /// `GET /people/{uid}/edit`
    pub async fn person_form(&mut self, uid: impl Display) -> TestResponse {
        self.get(&format!("/people/{uid}/edit")).await
    }

    /// `POST /people/{uid}/edit`
    pub async fn correct_person(&mut self, uid: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/people/{uid}/edit"), form).await
    }

    /// `POST /people/{uid}/erase`
    pub async fn erase_person(&mut self, uid: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/people/{uid}/erase"), form).await
    }

    /// `GET /people/{uid}/memberships`
    pub async fn memberships(&mut self, uid: impl Display) -> TestResponse {
        self.get(&format!("/people/{uid}/memberships")).await
    }

    /// `POST /people/{uid}/memberships`
    pub async fn join_organization(&mut self, uid: impl Display, form: &[(&str, &str)]) -> TestResponse {
        self.post_form(&format!("/people/{uid}/memberships"), form).await
    }

    /// `POST /people/{uid}/memberships/{membership}`
    pub async fn change_membership(
        &mut self,
        uid: impl Display,
        membership: impl Display,
        form: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form(&format!("/people/{uid}/memberships/{membership}"), form)
            .await
    }

    /// `GET /people/{uid}/merge/{other}`
    pub async fn merge_page(&mut self, uid: impl Display, other: impl Display) -> TestResponse {
        self.get(&format!("/people/{uid}/merge/{other}")).await
    }

    /// `POST /people/{uid}/merge/{other}`
    pub async fn merge_people(
        &mut self,
        uid: impl Display,
        other: impl Display,
        form: &[(&str, &str)],
    ) -> TestResponse {
        self.post_form(&format!("/people/{uid}/merge/{other}"), form)
            .await
    }

    /// `GET /people/{uid}/subject.json`
    pub async fn subject_file_json(&mut self, uid: impl Display) -> TestResponse {
        self.get(&format!("/people/{uid}/subject.json")).await
    }
}
