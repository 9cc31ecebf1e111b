//! `mizan import people FILE`: a branch's file into the registry, with the same rules, report and
//! all-or-nothing transaction as the web import. Prints one summary line; exits 0 when the file
//! was processed (rejected rows included), non-zero when the file itself cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::Cli;
use crate::app::AppState;
use crate::auth::Permit;
use crate::i18n::Locale;
use crate::people::import::{self, ImportError, Plan, report};
use crate::territory::{Level, UnitCode, store as territory};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import people from a CSV (UTF-8, UTF-16 or Windows-1256; `,` `;` or tab) or .xlsx file.
    People(PeopleArgs),
}

#[derive(Debug, clap::Args)]
pub struct PeopleArgs {
    pub file: PathBuf,
    /// The organization people join (its code; default: the party). Needs --branch.
    #[arg(long)]
    pub organization: Option<String>,
    /// The branch people join (its code); they live in its commune unless a column says otherwise.
    #[arg(long)]
    pub branch: Option<String>,
    /// Check every row and report, without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Import nothing if any row is rejected.
    #[arg(long)]
    pub all_or_nothing: bool,
    /// What a row of someone already registered does to their record: skip (nothing), fill
    /// (the fields it leaves empty) or update (every field the file says otherwise).
    #[arg(long, value_enum, default_value = "skip")]
    pub on_existing: import::OnExisting,
    /// Write the rejected rows (row, column, header, value, reason) to this CSV file.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// The row of the headers, when Mizan should not look for it.
    #[arg(long)]
    pub header_row: Option<usize>,
    /// The language of the report's reasons: ar, fr or en.
    #[arg(long, default_value = "ar")]
    pub lang: String,
}

pub async fn run(cli: &Cli, command: &ImportCommand) -> anyhow::Result<ExitCode> {
    let ImportCommand::People(args) = command;
    let locale = Locale::parse(&args.lang).ok_or_else(|| anyhow::anyhow!("--lang: one of ar, fr, en"))?;
    let source = import::Source::File(args.file.clone());
    let inspection = match import::inspect(&source) {
        Ok(i) => i,
        Err(e) => return Ok(cannot_read(&args.file, &e)),
    };
    let (header_row, mapping) = match (args.header_row, inspection.header) {
        (Some(n), _) => {
            let cells = inspection
                .rows
                .iter()
                .find(|r| r.number == n)
                .map(|r| r.cells.clone())
                .unwrap_or_default();
            (n, import::columns::Mapping::from_headers(&cells))
        }
        (None, Some(found)) => found,
        (None, None) => return Ok(cannot_read(&args.file, &ImportError::NoHeader)),
    };
    let headers = inspection
        .rows
        .iter()
        .find(|r| r.number == header_row)
        .map(|r| r.cells.clone())
        .unwrap_or_default();
    let state = AppState::open(cli.load_config(None)?).await?;
    let result = async {
        let branch = match &args.branch {
            None => None,
            Some(code) => {
                let code = UnitCode::parse(code)
                    .ok_or_else(|| anyhow::anyhow!("--branch: {code:?} is not a unit code"))?;
                let unit = territory::units_by_code(&state.db, &[code.as_str()])
                    .await?
                    .into_iter()
                    .next();
                Some(
                    unit.filter(|u| u.level == Level::Branch)
                        .ok_or_else(|| anyhow::anyhow!("--branch: no branch has the code {code}"))?,
                )
            }
        };
        let organization_id = match &args.organization {
            None => None,
            Some(code) => Some(
                crate::organizations::all(&state.db)
                    .await?
                    .into_iter()
                    .find(|o| &o.code == code || o.id.to_string() == *code)
                    .map(|o| o.id)
                    .ok_or_else(|| {
                        anyhow::anyhow!("--organization: no organization has the code {code:?}")
                    })?,
            ),
        };
        if organization_id.is_some() && branch.is_none() {
            anyhow::bail!("--organization needs --branch: memberships are held at a branch");
        }
        let plan = Plan {
            header_row,
            mapping,
            organization_id,
            branch,
            residence: None,
            dry_run: args.dry_run,
            all_or_nothing: args.all_or_nothing,
            on_existing: args.on_existing,
            file_name: args
                .file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            headers,
        };
        let progress = |read: usize| {
            if read.is_multiple_of(10_000) {
                eprintln!("progress: read {read}");
            }
        };
        Ok(import::run(&state, &Permit::cli(), &source, &plan, &progress).await)
    }
    .await;
    state.db.close().await;
    let report = match result? {
        Ok(report) => report,
        Err(e @ (ImportError::Store(_) | ImportError::UnknownOrganization)) => return Err(e.into()),
        Err(e) => return Ok(cannot_read(&args.file, &e)),
    };
    if let Some(path) = &args.report {
        std::fs::write(path, report::table(&report, &state.i18n, locale).to_csv(locale)?)?;
    }
    println!("{}", report::summary(&report));
    if args.dry_run {
        println!("dry run: nothing was written");
    } else if !report.landed {
        println!(
            "nothing was imported: {} rows were rejected and --all-or-nothing was given",
            report.rejected
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn cannot_read(file: &std::path::Path, e: &ImportError) -> ExitCode {
    eprintln!("mizan: cannot import {}: {e}", file.display());
    ExitCode::from(2)
}
