//! Tables handed to Excel: CSV in UTF-8 with a BOM (without it Excel shows Arabic as mojibake),
//! separated as the reader's Excel expects (`;` in French and Arabic, `,` in English), and .xlsx with a right-to-left sheet for Arabic readers. Every cell is text (a phone number
//! keeps its `+` and its zeros), except in the columns a table names as counts, which a workbook
//! holds as numbers (to sum and sort); a CSV cell Excel would run as a formula is defused.

/// A table: its header and its rows, all text.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The columns (from 0) of counts and figures: numbers in a workbook.
    pub numbers: Vec<usize>,
}

/// A cell Excel would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe.
pub fn defuse(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

impl Table {
    /// The table as CSV for a reader of `locale`.
    pub fn to_csv(&self, locale: crate::i18n::Locale) -> std::io::Result<Vec<u8>> {
        let delimiter = if locale == crate::i18n::Locale::En {
            b','
        } else {
            b';'
        };
        let mut out = "\u{feff}".as_bytes().to_vec();
        {
            let mut writer = csv::WriterBuilder::new()
                .delimiter(delimiter)
                .from_writer(&mut out);
            writer
                .write_record(&self.headers)
                .map_err(std::io::Error::other)?;
            for row in &self.rows {
                writer
                    .write_record(row.iter().map(|c| defuse(c)))
                    .map_err(std::io::Error::other)?;
            }
            writer.flush()?;
        }
        Ok(out)
    }

    /// The table as a workbook of one sheet; `right_to_left` for Arabic readers.
    pub fn to_xlsx(
        &self,
        sheet_name: &str,
        right_to_left: bool,
    ) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let sheet = workbook.add_worksheet();
        sheet.set_name(sheet_name)?;
        sheet.set_right_to_left(right_to_left);
        for (c, header) in self.headers.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, c, header, &bold)?;
            sheet.set_column_width(c, 18)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let column = u16::try_from(c).unwrap_or(u16::MAX);
                match cell.parse::<f64>() {
                    Ok(n) if self.numbers.contains(&c) => {
                        sheet.write_number(r, column, n)?;
                    }
                    _ if cell.is_empty() => {}
                    _ => {
                        sheet.write_string(r, column, cell)?;
                    }
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        workbook.save_to_buffer()
    }
}

/// A table handed over as a file, and what its audit entry says: what was exported, for whom, in
/// which format and how many rows, never a cell of it.
pub struct Export<'a> {
    pub table: Table,
    pub xlsx: bool,
    /// The workbook's sheet, in the reader's language.
    pub sheet: &'a str,
    /// The file's name before its day and extension.
    pub stem: &'a str,
    pub action: &'static str,
    pub target_kind: &'static str,
    pub target_id: &'a str,
    /// What the reader asked for (filters, period); the format and the rows are added.
    pub details: serde_json::Value,
}

/// Every export's one way out: the file in the reader's language, and its audit entry.
pub async fn deliver(
    state: &crate::app::AppState,
    req: &crate::http::RequestCtx,
    export: Export<'_>,
) -> Result<axum::response::Response, crate::error::AppError> {
    let (response, extension) = download(
        &export.table,
        req.locale,
        export.xlsx,
        export.sheet,
        export.stem,
        state.clock.today(),
    )?;
    let mut details = match export.details {
        serde_json::Value::Object(map) => map,
        _ => serde_json::Map::new(),
    };
    details.insert("format".into(), extension.into());
    details.insert("rows".into(), export.table.rows.len().into());
    crate::audit::record_alone(
        &state.db,
        &state.key,
        state.clock.now(),
        &req.actor(),
        crate::audit::Event {
            action: export.action,
            target_kind: export.target_kind,
            target_id: export.target_id,
            details: serde_json::Value::Object(details),
        },
    )
    .await?;
    Ok(response)
}

/// A file to download: the table as .xlsx (a sheet named `sheet`, right to left for Arabic) or
/// CSV, named `<stem>-<day>.<ext>`. Returns the response and the format's extension.
fn download(
    table: &Table,
    locale: crate::i18n::Locale,
    xlsx: bool,
    sheet: &str,
    stem: &str,
    day: chrono::NaiveDate,
) -> Result<(axum::response::Response, &'static str), crate::error::AppError> {
    use axum::response::IntoResponse;
    let (body, content_type, extension) = if xlsx {
        let bytes = table
            .to_xlsx(sheet, locale == crate::i18n::Locale::Ar)
            .map_err(|e| crate::error::AppError::Internal(anyhow::anyhow!("xlsx: {e}")))?;
        (
            bytes,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        )
    } else {
        let bytes = table
            .to_csv(locale)
            .map_err(|e| crate::error::AppError::Internal(e.into()))?;
        (bytes, "text/csv; charset=utf-8", "csv")
    };
    let name = format!("{stem}-{day}.{extension}");
    let response = (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_owned()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response();
    Ok((response, extension))
}
