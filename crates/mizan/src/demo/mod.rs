//! The demo party: a fictional party on Morocco's real map, at any scale, from a seed.
//!
//! `mizan demo` (or `mizan serve --demo` on first start) fills a fresh store with the party and its
//! parallel organizations, ~1,600 branches and a few sections abroad, N synthetic people with their
//! memberships, and one login per role. The same seed gives the same content: `digest` hashes the
//! content in clear (sealed fields opened), leaving out what is random by design (salts, nonces,
//! keyed digests, timestamps of writing), and two runs print the same digest.
//!
//! Each module adds its own file here and its records to [`run`].

mod activities;
mod bodies;
mod branches;
mod cafe;
mod census;
mod digest;
mod logins;
mod names;
mod people;
mod renewal;
mod rng;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use crate::app::AppState;
use crate::audit::{self, Actor, Event};
use crate::organizations::{self, Organization};
use crate::people::store as people_store;
use crate::setup::template::{self, Template};
pub use digest::digest;
pub use logins::Login;
pub use rng::Rng;

/// The default seed: the same demo for everyone unless asked otherwise.
pub const DEFAULT_SEED: u64 = 2026;
pub const DEFAULT_PEOPLE: u64 = 50_000;

#[derive(Clone, Debug)]
pub struct DemoOptions {
    pub seed: u64,
    pub people: u64,
    /// A TOML file describing the party and its organizations (see `demo/party.toml`).
    pub party: Option<PathBuf>,
    /// The password of every demo login; random (and printed) when not given.
    pub password: Option<String>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            seed: DEFAULT_SEED,
            people: DEFAULT_PEOPLE,
            party: None,
            password: None,
        }
    }
}

/// What the demo made.
#[derive(Debug)]
pub struct DemoReport {
    pub organizations: Vec<Organization>,
    pub branches: usize,
    pub sections_abroad: usize,
    pub people: u64,
    pub duplicates: u64,
    pub memberships: u64,
    pub bodies: u64,
    pub mandates: u64,
    pub meetings: u64,
    pub activities: u64,
    /// Policy Café sessions, their questions and votes.
    pub cafe: (u64, u64, u64),
    pub logins: Vec<Login>,
    pub seconds: f64,
}

/// The demo's party: its organizations (fictional names) from the party file, its organs and
/// themes from the file if it has any, else from the shipped template "a Moroccan party".
fn party(file: Option<&PathBuf>) -> anyhow::Result<Template> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?,
        None => include_str!("party.toml").to_owned(),
    };
    let mut party = template::parse(&text).map_err(|e| anyhow::anyhow!("party file: {e}"))?;
    if party.body_type.is_empty() {
        let usual = template::builtin(template::MOROCCAN_PARTY)
            .ok_or_else(|| anyhow::anyhow!("the shipped template does not read"))?;
        party.body_type = usual.body_type;
        party.theme = usual.theme;
    }
    Ok(party)
}

/// Whether the store holds no party yet (no organization, no party unit).
pub async fn is_fresh(state: &AppState) -> anyhow::Result<bool> {
    let orgs = organizations::all(&state.db).await?;
    let units: i64 = crate::on_db!(&state.db, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM territory_units WHERE official = FALSE"
    )
    .fetch_one(c)
    .await)?;
    Ok(orgs.is_empty() && units == 0)
}

/// People are written in batches of this many.
const BATCH: usize = 20_000;

/// Fills a fresh store with the demo party; everything lands in one transaction.
pub async fn run(state: &AppState, options: &DemoOptions) -> anyhow::Result<DemoReport> {
    let started = Instant::now();
    if !is_fresh(state).await? {
        anyhow::bail!(
            "this store already holds a party; the demo fills a fresh store (use another --data-dir)"
        );
    }
    let root = Rng::new(options.seed);
    let now = state.clock.now();
    let today = state.clock.today();
    let mut party = party(options.party.as_ref())?;

    let mut tx = state.db.begin().await?;
    template::insert_organizations(&mut tx, &mut party.organization, now).await?;
    let orgs = party.organization.clone();
    let branches = Arc::new(branches::create(&state.db, &mut tx, &mut root.fork("branches"), now).await?);
    tracing::debug!(elapsed = ?started.elapsed(), "demo: branches placed");

    // People: generated on a blocking thread, written here, batch by batch, into tables whose
    // indexes are rebuilt once at the end.
    let mut load = crate::store::bulk::BulkLoad::start(&mut tx, &["people", "memberships"]).await?;
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<people::Batch>(2);
    let mut generator = people::Generator::new(
        root.fork("people"),
        state.key.clone(),
        today,
        branches.clone(),
        &orgs,
    )?;
    let total = options.people;
    let producer = tokio::task::spawn_blocking(move || {
        let mut made = 0u64;
        while made < total {
            let size = BATCH.min((total - made) as usize);
            if sender.blocking_send(generator.batch(size)).is_err() {
                break;
            }
            made += size as u64;
        }
        generator
    });
    let mut memberships = 0u64;
    while let Some(batch) = receiver.recv().await {
        memberships += batch.memberships.len() as u64;
        people_store::insert_rows(&mut tx, batch.people, batch.memberships, now).await?;
    }
    let generator = producer.await?;
    tracing::debug!(elapsed = ?started.elapsed(), "demo: people written");
    load.finish(&mut tx).await?;
    crate::people::search_keys::rebuild_search(&mut tx).await?;
    tracing::debug!(elapsed = ?started.elapsed(), "demo: indexes rebuilt");
    people_store::advance_sequences(&mut tx).await?;
    people_store::write_rollups(&mut tx, &generator.rollups()).await?;
    crate::people::memberships::dues::demo_dues(&mut tx, today).await?;
    let made = template::insert_organs(&mut tx, &party, &orgs, bodies::formed_on(), now).await?;
    let organs = bodies::create(
        &mut tx,
        &mut root.fork("bodies"),
        &made,
        &orgs,
        &branches,
        today,
        now,
    )
    .await?;
    renewal::create(&mut tx, &mut root.fork("renewal"), &branches, today, now).await?;
    let bureaus = crate::bodies::store::bodies_by_unit(&mut tx, "branch_bureau").await?;
    let activities = activities::create(
        &state.db,
        &mut tx,
        &mut root.fork("activities"),
        &branches,
        &bureaus,
        today,
        now,
    )
    .await?;
    // The café is the youth forum's: the youth wing runs its sessions (the party, without one).
    let forum = orgs
        .iter()
        .find(|o| o.code == "youth")
        .or_else(|| orgs.iter().find(|o| o.kind == "party"))
        .map(|o| o.id)
        .ok_or_else(|| anyhow::anyhow!("the demo party has no organization"))?;
    let cafe = cafe::create(&mut tx, &mut root.fork("cafe"), forum, now).await?;
    tracing::debug!(elapsed = ?started.elapsed(), "demo: bodies, meetings and renewal made");

    let branch_count = branches.iter().filter(|b| !b.abroad).count();
    let sections = branches.len() - branch_count;
    audit::record(
        &mut tx,
        &state.key,
        now,
        &Actor::cli(),
        Event {
            action: "demo.generate",
            target_kind: "store",
            target_id: "demo",
            details: serde_json::json!({
                "seed": options.seed,
                "people": total,
                "branches": branch_count,
                "sections_abroad": sections,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::debug!(elapsed = ?started.elapsed(), "demo: committed");
    // Statistics for the query planner: with them, a search checks each candidate's reach by
    // person (a few rows) rather than by branch (a whole province's memberships).
    let mut tx = state.db.begin().await?;
    if let crate::store::Tx::Sqlite(t) = &mut tx {
        // Sample rather than read every row: the planner needs proportions, not exact counts.
        sqlx::query("PRAGMA analysis_limit = 1000")
            .execute(&mut **t)
            .await?;
    }
    crate::on_tx!(&mut tx, |c| sqlx::query("ANALYZE")
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    tx.commit().await?;

    let logins = logins::create(state, &orgs, &branches, options.password.as_deref()).await?;
    Ok(DemoReport {
        organizations: orgs,
        branches: branch_count,
        sections_abroad: sections,
        people: total,
        duplicates: generator.duplicates,
        memberships,
        bodies: organs.bodies,
        mandates: organs.mandates,
        meetings: organs.meetings,
        activities,
        cafe: (cafe.sessions, cafe.questions, cafe.votes),
        logins,
        seconds: started.elapsed().as_secs_f64(),
    })
}

impl DemoReport {
    /// The lines `mizan demo` prints.
    pub fn describe(&self) -> String {
        let party = self.organizations.iter().find(|o| o.kind == "party");
        let mut out = String::new();
        out.push_str(&format!(
            "Demo party \"{}\" / \"{}\" made in {:.1} s:\n",
            party.map_or("", |p| p.name_ar.as_str()),
            party.map_or("", |p| p.name_fr.as_str()),
            self.seconds
        ));
        out.push_str(&format!(
            "  {} organizations, {} branches, {} sections abroad\n",
            self.organizations.len(),
            self.branches,
            self.sections_abroad
        ));
        out.push_str(&format!(
            "  {} people ({} planted near-duplicates), {} memberships\n",
            self.people, self.duplicates, self.memberships
        ));
        out.push_str(&format!(
            "  {} bodies, {} seats held, {} meetings this year; {} volunteer activities\n",
            self.bodies, self.mandates, self.meetings, self.activities
        ));
        out.push_str(&format!(
            "  {} Policy Café sessions: {} questions, {} votes\n",
            self.cafe.0, self.cafe.1, self.cafe.2
        ));
        out.push_str("Logins (user name / password / role / scope):\n");
        for login in &self.logins {
            out.push_str(&format!(
                "  {:<15} {}  {} @ {}\n",
                login.username, login.password, login.role, login.scope
            ));
        }
        out
    }
}
