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

/// Checks what the workbook would cost before calamine opens it: the parts' sizes as the archive
/// declares them (the zip reader refuses a part that unpacks to more than it declared, so they
/// hold), each part but the sheets on its own (calamine reads those whole), and the number of
/// shared strings, counted in their part (calamine reserves room for as many as the part claims,
/// and keeps each one).
fn check_zip<R: Read + Seek>(input: &mut R, limits: &Limits) -> Result<(), ReadError> {
    let mut archive = zip::ZipArchive::new(input).map_err(|e| ReadError::Malformed(e.to_string()))?;
    let mut total: u64 = 0;
    let mut shared_strings = None;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ReadError::Malformed(e.to_string()))?;
        total = total.saturating_add(entry.size());
        let name = entry.name().map_err(|e| ReadError::Malformed(e.to_string()))?;
        let streamed = name.starts_with("xl/worksheets/");
        if total > limits.max_unzipped_bytes || (!streamed && entry.size() > limits.max_part_bytes) {
            return Err(ReadError::ZipBomb {
                limit: limits.max_unzipped_bytes,
            });
        }
        if name.ends_with("sharedStrings.xml") {
            shared_strings = Some(i);
        }
    }
    if let Some(i) = shared_strings {
        let part = archive
            .by_index(i)
            .map_err(|e| ReadError::Malformed(e.to_string()))?;
        let (declared, counted) = count_shared_strings(part)?;
        if declared.max(counted) > limits.max_shared_strings {
            return Err(ReadError::TooManyTexts {
                limit: limits.max_shared_strings,
            });
        }
    }
    Ok(())
}

/// The number of shared strings a part declares (`uniqueCount`) and the number it holds (`<si>`
/// elements, with or without a namespace prefix), read in one pass over the part (at most
/// `max_part_bytes`). The `<sst>` start tag must come within the first MiB, as Excel and every
/// library write it.
fn count_shared_strings(mut part: impl Read) -> Result<(usize, usize), ReadError> {
    const HEAD: usize = 1024 * 1024;
    let mut declared = None;
    let mut counted = 0usize;
    let mut buffer = vec![0u8; 64 * 1024];
    let mut head: Vec<u8> = Vec::new();
    // The end of the previous chunk, so that an element split between two reads is still found.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = part.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        if declared.is_none() {
            head.extend_from_slice(&buffer[..n]);
            declared = unique_count(&head);
            if declared.is_none() && head.len() > HEAD {
                return Err(ReadError::Malformed(
                    "the shared strings do not begin where they should".to_owned(),
                ));
            }
        }
        let mut window = std::mem::take(&mut carry);
        window.extend_from_slice(&buffer[..n]);
        counted += window
            .windows(4)
            .filter(|w| {
                matches!(w[0], b'<' | b':') && w[1..3] == *b"si" && matches!(w[3], b'>' | b' ' | b'/')
            })
            .count();
        // The last three bytes cannot hold a whole match: none is counted twice.
        let keep = window.len().min(3);
        carry = window[window.len() - keep..].to_vec();
    }
    Ok((declared.unwrap_or(0), counted))
}

/// `uniqueCount="N"` of the `<sst>` start tag (its local name, whatever its prefix), once that tag
/// has been read whole: 0 when the tag has no such attribute.
fn unique_count(text: &[u8]) -> Option<usize> {
    let start = text
        .windows(4)
        .position(|w| matches!(w[0], b'<' | b':') && w[1..] == *b"sst")?;
    let end = start + text[start..].iter().position(|b| *b == b'>')?;
    let tag = String::from_utf8_lossy(&text[start..end]);
    let Some(value) = tag.split("uniqueCount").nth(1) else {
        return Some(0);
    };
    let digits: String = value
        .trim_start_matches(|c: char| c == '=' || c == '"' || c == '\'' || c.is_whitespace())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    // A number too long for a usize claims more than any limit.
    Some(digits.parse().unwrap_or(usize::MAX))
}

fn xlsx_error(e: XlsxError) -> ReadError {
    match e {
        XlsxError::Io(io) => ReadError::Io(io),
        XlsxError::Password => ReadError::Encrypted,
        other => ReadError::Malformed(other.to_string()),
    }
}
