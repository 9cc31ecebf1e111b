//! Text arguments for SQL assembled at run time (a caller's scope is one `LIKE` per granted subtree).
//!
//! Placeholders are numbered: fixed arguments come first (`$1..$k`), then those pushed here, so a
//! query is bound as `.bind(fixed…)` followed by every value of [`SqlArgs::values`], in order.

#[derive(Debug, Default)]
pub struct SqlArgs {
    fixed: usize,
    values: Vec<String>,
}

impl SqlArgs {
    /// Arguments that follow `fixed` arguments the query binds itself.
    pub fn after(fixed: usize) -> Self {
        SqlArgs {
            fixed,
            values: Vec::new(),
        }
    }

    /// Adds a value and returns its placeholder (`$n`).
    pub fn push(&mut self, value: impl Into<String>) -> String {
        self.values.push(value.into());
        format!("${}", self.fixed + self.values.len())
    }

    pub fn values(&self) -> &[String] {
        &self.values
    }
}
