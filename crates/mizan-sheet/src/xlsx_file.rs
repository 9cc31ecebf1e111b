//! .xlsx through calamine's streaming cell reader (no sheet-sized allocation, whatever the
//! `<dimension>` claims), after the zip's declared sizes were checked against the limits.

use std::io::{Read, Seek};

use calamine::{DataRef, Reader, Xlsx, XlsxError};

use crate::{Format, Limits, Next, ReadError, Row, finish_row};

pub fn read<R: Read + Seek>(
    mut input: R,
    limits: &Limits,
    mut emit: impl FnMut(Row) -> Next,
) -> Result<Format, ReadError> {
    check_zip(&mut input, limits)?;
    input.rewind()?;
    let mut workbook: Xlsx<R> = Xlsx::new(input).map_err(xlsx_error)?;
    let sheet = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or(ReadError::NoSheet)?;
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(xlsx_error)?;
    // Cells come row by row, left to right; empty rows and cells are simply absent.
    let mut row_index: Option<u32> = None;
    let mut current: Vec<String> = Vec::new();
    let mut emitted = 0usize;
    loop {
        let cell = cells.next_cell().map_err(xlsx_error)?;
        let position = cell.as_ref().map(|c| c.get_position());
        if let Some(r) = row_index
            && position.is_none_or(|(row, _)| row != r)
        {
            // Rows the sheet skips are blank rows for the reader, so that numbers match Excel's.
            let number = r as usize + 1;
            while emitted + 1 < number {
                emitted += 1;
                if emit(finish_row(emitted, Vec::new(), limits)?) == Next::Stop {
                    return Ok(Format::Xlsx { sheet });
                }
            }
            emitted = number;
            if emit(finish_row(number, std::mem::take(&mut current), limits)?) == Next::Stop {
                return Ok(Format::Xlsx { sheet });
            }
        }
        let Some(cell) = cell else { break };
        let (row, column) = cell.get_position();
        if row as usize >= limits.max_rows {
            return Err(ReadError::TooManyRows {
                limit: limits.max_rows,
            });
        }
        if column as usize >= limits.max_columns {
            if matches!(cell.get_value(), DataRef::Empty) {
                continue;
            }
            return Err(ReadError::TooManyColumns {
                row: row as usize + 1,
                limit: limits.max_columns,
            });
        }
        row_index = Some(row);
        let column = column as usize;
        if current.len() <= column {
            current.resize(column + 1, String::new());
        }
        current[column] = text(cell.get_value());
    }
    Ok(Format::Xlsx { sheet })
}

/// A cell as text: dates as `yyyy-mm-dd`, whole numbers without `.0` (phones, CINs typed as numbers).
fn text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => match d.as_datetime() {
            Some(dt) if d.is_datetime() => dt.date().to_string(),
            _ => d.as_f64().to_string(),
        },
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
    }
}

fn check_zip<R: Read + Seek>(input: &mut R, limits: &Limits) -> Result<(), ReadError> {
    let mut archive = zip::ZipArchive::new(input).map_err(|e| ReadError::Malformed(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ReadError::Malformed(e.to_string()))?;
        total = total.saturating_add(entry.size());
        if total > limits.max_unzipped_bytes {
            return Err(ReadError::ZipBomb {
                limit: limits.max_unzipped_bytes,
            });
        }
    }
    Ok(())
}

fn xlsx_error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Io(io) => ReadError::Io(io),
        XlsxError::Password => ReadError::Encrypted,
        other => ReadError::Malformed(other.to_string()),
    }
}
