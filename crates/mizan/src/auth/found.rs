//! Records found within the caller's reach, as types. A module's scoped lookup returns
//! [`Visible<T>`] (inside the caller's territory: its page may be shown) or [`Held<T>`] (the
//! caller's permit for an action covers its place and its organization: it may be changed, or
//! its people named). The queries for a record's children take one of these, never a bare id: no
//! child is read for a record the caller was not found to reach, and a query that names people
//! asks for `Held`.

use std::ops::Deref;

/// A record found by a query filtered by the caller's scope.
#[derive(Clone, Debug)]
pub struct Visible<T>(T);

/// A record found by a query filtered by the caller's permit for an action (place and
/// organization); whoever holds a record sees it, hence the [`Deref`] to [`Visible`].
#[derive(Clone, Debug)]
pub struct Held<T>(Visible<T>);

impl<T> Visible<T> {
    /// For the stores' scoped lookups alone: `record` came out of a query filtered by the caller's
    /// scope.
    pub(crate) fn found(record: T) -> Self {
        Visible(record)
    }

    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Held<T> {
    /// For the stores' lookups alone: `record` came out of a query filtered by the caller's
    /// permit.
    pub(crate) fn found(record: T) -> Self {
        Held(Visible(record))
    }

    pub fn into_inner(self) -> T {
        self.0.0
    }
}

impl<T> Deref for Visible<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Deref for Held<T> {
    type Target = Visible<T>;
    fn deref(&self) -> &Visible<T> {
        &self.0
    }
}
