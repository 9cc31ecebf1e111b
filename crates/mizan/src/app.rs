//! The application's state, shared by every request, and how it is assembled.

use std::sync::Arc;

use crate::auth::secret::PasswordHashing;
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::i18n::I18n;
use crate::keys::MasterKey;
use crate::store::generations::Cached;
use crate::store::{self, Db, Generations, StoreResult};
use crate::ui::Assets;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    pub i18n: Arc<I18n>,
    pub hashing: PasswordHashing,
    pub assets: Arc<Assets>,
    pub metrics: Option<metrics_exporter_prometheus::PrometheusHandle>,
    pub key: MasterKey,
    /// Imports started from the web, waiting or running (`people::import::jobs`).
    pub imports: Arc<crate::people::import::jobs::Jobs>,
    /// The Policy Café's live channels, vote writer and abuse limits (`cafe`).
    pub cafe: Arc<crate::cafe::Cafe>,
    /// Uploaded files being unpacked at once (photos decoded, spreadsheets inspected or
    /// imported): [`UNPACKED_AT_ONCE`], so that memory stays bounded whatever arrives together.
    pub unpacking: Arc<tokio::sync::Semaphore>,
    /// The party's logo version, for the pages' header (`setup::logo`).
    pub logo: Arc<crate::setup::logo::LogoVersion>,
    /// Copies of tables kept in memory while the store's generations hold.
    pub caches: Arc<Caches>,
    /// Whether the party is set up, once it is (`setup::actions::SetUp`).
    pub set_up: Arc<crate::setup::actions::SetUp>,
}

/// Copies of tables kept in memory while their generations hold (`store::generations`): what
/// nearly every page of the territory reads, in no query.
#[derive(Debug, Default)]
pub struct Caches {
    /// The map and the party's units, with their members (`territory::tree`).
    pub tree: Cached<crate::territory::tree::Tree, 2>,
    /// The bodies and their types (`bodies::organs`).
    pub bodies: Cached<crate::bodies::organs::Organs, 1>,
    /// The renewal campaigns, the latest first.
    pub campaigns: Cached<Vec<crate::renewal::Campaign>, 1>,
}

impl AppState {
    /// The generations of the tables kept in memory, for this request: read with the caller's
    /// session, or now.
    pub async fn generations(&self, req: &crate::http::RequestCtx) -> StoreResult<Generations> {
        match req.generations {
            Some(g) => Ok(g),
            None => crate::store::generations::read(&self.db).await,
        }
    }
}

/// Uploaded files unpacked at once; more wait their turn. Each costs at most what its reader's
/// limits allow (`mizan_photo::MAX_MEMORY_PER_PHOTO`, `mizan_sheet::Limits`).
pub const UNPACKED_AT_ONCE: usize = 2;

impl AppState {
    /// Opens the store named by the configuration, brings it up to date (migrations, the map),
    /// and loads the message catalogues and assets.
    pub async fn open(config: Config) -> anyhow::Result<AppState> {
        Self::open_with_clock(config, Arc::new(SystemClock)).await
    }

    pub async fn open_with_clock(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<AppState> {
        if !config.data_dir.exists() {
            std::fs::create_dir_all(&config.data_dir)?;
            crate::ops::files::restrict_dir(&config.data_dir)?;
        }
        let (key, _) = MasterKey::load_or_create(&config.data_dir)?;
        let db = store::connect(&config.store_url()).await?;
        if config.database_url.is_none() {
            crate::ops::files::restrict_file(&config.data_dir.join("mizan.db"))?;
        }
        prepare(&db, clock.as_ref()).await?;
        crate::audit::ensure_keyed(&db, &key).await?;
        let cafe = Arc::new(crate::cafe::Cafe::new(&config));
        let logo = Arc::new(crate::setup::logo::LogoVersion::load(&db).await?);
        Ok(AppState {
            db,
            config: Arc::new(config),
            clock,
            i18n: Arc::new(I18n::load()?),
            hashing: PasswordHashing::new(),
            assets: Arc::new(Assets::load()),
            metrics: crate::ops::metrics::handle(),
            key,
            imports: Arc::default(),
            cafe,
            unpacking: Arc::new(tokio::sync::Semaphore::new(UNPACKED_AT_ONCE)),
            logo,
            caches: Arc::default(),
            set_up: Arc::default(),
        })
    }
}

/// Migrations, then the data shipped with the binary.
pub async fn prepare(db: &Db, clock: &dyn Clock) -> anyhow::Result<()> {
    store::migrate(db).await?;
    crate::territory::load::ensure_loaded(db, clock.now()).await?;
    let refreshed = crate::people::search_keys::refresh_search_keys(db).await?;
    if refreshed > 0 {
        tracing::info!(people = refreshed, "search keys recomputed");
    }
    Ok(())
}
