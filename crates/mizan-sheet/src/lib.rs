//! Reads the spreadsheets branches keep as rows of text: CSV in UTF-8 (with or without a BOM),
//! UTF-16 or a legacy code page such as Windows-1256 (Arabic Excel's "CSV"), delimited by `,`, `;`
//! or tab; and Excel `.xlsx`, Excel dates given as `yyyy-mm-dd`.
//!
//! Files are streamed: rows are handed to the caller one by one, never the whole file at once, and
//! [`Limits`] stop a file before it costs the server more than it is worth (a huge file, too many
//! rows or columns, a zip bomb dressed as an .xlsx).

mod csv_file;
mod xlsx_file;

use std::fs::File;
use std::io::{Read, Seek};
use std::path::Path;

/// What one file may cost.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_rows: usize,
    pub max_columns: usize,
    /// Characters kept of one cell (longer cells are an error: nothing is silently cut).
    pub max_cell_chars: usize,
    /// Total uncompressed size of an .xlsx's parts.
    pub max_unzipped_bytes: u64,
    /// Uncompressed size of any one part of an .xlsx but its sheets: the shared strings above all,
    /// which are read whole into memory before the first row (a sheet is streamed).
    pub max_part_bytes: u64,
    /// Distinct texts of an .xlsx (its shared strings): each costs memory beyond its characters.
    pub max_shared_strings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            max_rows: 2_000_000,
            max_columns: 200,
            max_cell_chars: 2_000,
            max_unzipped_bytes: 1024 * 1024 * 1024,
            // Room for a registry of a million rows with a unique CIN and phone number each, and
            // at most a couple of hundred MiB for the texts of the largest workbook read.
            max_part_bytes: 64 * 1024 * 1024,
            max_shared_strings: 2_500_000,
        }
    }
}

/// What a file turned out to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Format {
    Csv {
        /// The WHATWG name of the encoding (`UTF-8`, `windows-1256`, …).
        encoding: &'static str,
        delimiter: u8,
    },
    Xlsx {
        sheet: String,
    },
}

impl Format {
    /// A short description: `CSV windows-1256 ;` or `XLSX Feuil1`.
    pub fn describe(&self) -> String {
        match self {
            Format::Csv { encoding, delimiter } => {
                let d = match delimiter {
                    b'\t' => "tab".to_owned(),
                    d => char::from(*d).to_string(),
                };
                format!("CSV {encoding} {d}")
            }
            Format::Xlsx { sheet } => format!("XLSX {sheet}"),
        }
    }
}

/// One row: its number as the user sees it (the spreadsheet's row, from 1) and its cells, trimmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }
}

/// Why a file cannot be read. Row-level problems are not errors: a row is handed over as it is.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("the file cannot be opened: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: u64 },
    #[error("the file has more than {limit} rows")]
    TooManyRows { limit: usize },
    #[error("row {row} has more than {limit} columns")]
    TooManyColumns { row: usize, limit: usize },
    #[error("row {row}, column {column}: a cell longer than {limit} characters")]
    CellTooLong { row: usize, column: usize, limit: usize },
    #[error("the workbook unpacks to more than {limit} bytes")]
    ZipBomb { limit: u64 },
    #[error("the workbook holds more than {limit} distinct texts")]
    TooManyTexts { limit: usize },
    #[error("the workbook is protected by a password")]
    Encrypted,
    #[error("the workbook has no sheet")]
    NoSheet,
    #[error("not a CSV or .xlsx file this reader understands: {0}")]
    Malformed(String),
}

impl ReadError {
    /// A stable code for messages in the user's language.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Io(_) => "import-file-unreadable",
            ReadError::TooLarge { .. } => "import-file-too-large",
            ReadError::TooManyRows { .. } => "import-too-many-rows",
            ReadError::TooManyColumns { .. } => "import-too-many-columns",
            ReadError::CellTooLong { .. } => "import-cell-too-long",
            ReadError::ZipBomb { .. } => "import-zip-bomb",
            ReadError::TooManyTexts { .. } => "import-too-many-texts",
            ReadError::Encrypted => "import-encrypted",
            ReadError::NoSheet => "import-no-sheet",
            ReadError::Malformed(_) => "import-malformed",
        }
    }
}

/// Whether the caller wants more rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    More,
    Stop,
}

/// Reads the file at `path` (format told by its content, not its name), handing each row to `emit`
/// until the end or until `emit` says stop. Returns the format found.
pub fn read_file(path: &Path, limits: &Limits, emit: impl FnMut(Row) -> Next) -> Result<Format, ReadError> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            limit: limits.max_file_bytes,
        });
    }
    read(file, limits, emit)
}

/// Reads a file held in memory (uploads, fuzzing); see [`read_file`].
pub fn read_bytes(bytes: &[u8], limits: &Limits, emit: impl FnMut(Row) -> Next) -> Result<Format, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            limit: limits.max_file_bytes,
        });
    }
    read(std::io::Cursor::new(bytes), limits, emit)
}

fn read<R: Read + Seek>(
    mut input: R,
    limits: &Limits,
    emit: impl FnMut(Row) -> Next,
) -> Result<Format, ReadError> {
    let mut magic = [0u8; 4];
    let got = read_up_to(&mut input, &mut magic)?;
    input.rewind()?;
    if magic[..got] == *b"PK\x03\x04" {
        xlsx_file::read(input, limits, emit)
    } else if magic[..got] == [0xD0, 0xCF, 0x11, 0xE0] {
        // OLE2: an old .xls, or an .xlsx encrypted with a password.
        Err(ReadError::Malformed("xls".into()))
    } else {
        csv_file::read(input, limits, emit)
    }
}

fn read_up_to(input: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Checks a row against the limits and trims its cells.
fn finish_row(number: usize, mut cells: Vec<String>, limits: &Limits) -> Result<Row, ReadError> {
    if number > limits.max_rows {
        return Err(ReadError::TooManyRows {
            limit: limits.max_rows,
        });
    }
    if cells.len() > limits.max_columns {
        // Trailing empty cells (a spreadsheet's stray formatting) do not count.
        while cells.last().is_some_and(|c| c.trim().is_empty()) {
            cells.pop();
        }
        if cells.len() > limits.max_columns {
            return Err(ReadError::TooManyColumns {
                row: number,
                limit: limits.max_columns,
            });
        }
    }
    for (i, cell) in cells.iter_mut().enumerate() {
        let trimmed = cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if trimmed.chars().count() > limits.max_cell_chars {
            return Err(ReadError::CellTooLong {
                row: number,
                column: i + 1,
                limit: limits.max_cell_chars,
            });
        }
        if trimmed.len() != cell.len() {
            *cell = trimmed.to_owned();
        }
    }
    Ok(Row { number, cells })
}

/// The spreadsheet name of a column: 1 → A, 27 → AA.
pub fn column_letter(mut column: usize) -> String {
    let mut out = Vec::new();
    while column > 0 {
        let rem = (column - 1) % 26;
        out.push(b'A' + rem as u8);
        column = (column - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_rows(bytes: &[u8]) -> (Format, Vec<Vec<String>>) {
        let mut rows = Vec::new();
        let format = read_bytes(bytes, &Limits::default(), |r| {
            rows.push(r.cells);
            Next::More
        })
        .expect("readable");
        (format, rows)
    }

    #[test]
    fn utf8_with_bom_and_semicolons() {
        let (format, rows) = all_rows("\u{feff}Nom;Prénom\nEl Alaoui;Mohamed\n".as_bytes());
        assert_eq!(
            format,
            Format::Csv {
                encoding: "UTF-8",
                delimiter: b';'
            }
        );
        assert_eq!(rows, vec![vec!["Nom", "Prénom"], vec!["El Alaoui", "Mohamed"]]);
    }

    #[test]
    fn windows_1256_arabic_is_decoded() {
        let text = "الاسم العائلي,الاسم الشخصي\r\nالعلوي,محمد\r\nالإدريسي,فاطمة\r\n";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let (format, rows) = all_rows(&bytes);
        assert_eq!(
            format,
            Format::Csv {
                encoding: "windows-1256",
                delimiter: b','
            }
        );
        assert_eq!(rows[1], vec!["العلوي", "محمد"]);
        assert_eq!(rows[2], vec!["الإدريسي", "فاطمة"]);
    }

    #[test]
    fn blank_lines_keep_their_row_numbers() {
        let mut numbers = Vec::new();
        read_bytes(b"a,b\n\n\"x\ny\",1\n\nc,2\n", &Limits::default(), |r| {
            numbers.push((r.number, r.is_blank()));
            Next::More
        })
        .expect("readable");
        assert_eq!(
            numbers,
            vec![(1, false), (2, true), (3, false), (4, true), (5, false)]
        );
        numbers.clear();
        read_bytes(b"a;b\r\n\r\n;\r\n", &Limits::default(), |r| {
            numbers.push((r.number, r.is_blank()));
            Next::More
        })
        .expect("readable");
        assert_eq!(numbers, vec![(1, false), (2, true), (3, true)]);
    }

    #[test]
    fn tabs_and_quoted_delimiters() {
        let (format, rows) = all_rows(b"a\tb\n\"x, y; z\"\t2\n");
        assert_eq!(
            format,
            Format::Csv {
                encoding: "UTF-8",
                delimiter: b'\t'
            }
        );
        assert_eq!(rows[1], vec!["x, y; z", "2"]);
    }

    #[test]
    fn limits_stop_a_file() {
        let limits = Limits {
            max_rows: 2,
            ..Limits::default()
        };
        let err = read_bytes(b"a\nb\nc\n", &limits, |_| Next::More).expect_err("too many rows");
        assert!(matches!(err, ReadError::TooManyRows { limit: 2 }));
        let limits = Limits {
            max_cell_chars: 3,
            ..Limits::default()
        };
        let err = read_bytes(b"a,b\nc,dddd\n", &limits, |_| Next::More).expect_err("cell too long");
        assert!(matches!(
            err,
            ReadError::CellTooLong {
                row: 2,
                column: 2,
                ..
            }
        ));
    }

    #[test]
    fn a_workbook_is_read_row_by_row_and_stopped_at_its_limits() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "النسب").expect("cell");
        sheet.write_number(1, 1, 612345678.0).expect("cell");
        sheet.write_string(3, 0, "far").expect("cell");
        let bytes = workbook.save_to_buffer().expect("saved");
        let (format, rows) = all_rows(&bytes);
        assert_eq!(
            format,
            Format::Xlsx {
                sheet: "Sheet1".into()
            }
        );
        assert_eq!(
            rows,
            vec![
                vec!["النسب".to_owned()],
                vec![String::new(), "612345678".to_owned()],
                vec![],
                vec!["far".to_owned()]
            ]
        );

        // One cell far to the side: refused, without allocating the sheet it pretends to be.
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook
            .add_worksheet()
            .write_string(0, 16_000, "x")
            .expect("cell");
        let bytes = workbook.save_to_buffer().expect("saved");
        let err = read_bytes(&bytes, &Limits::default(), |_| Next::More).expect_err("too wide");
        assert!(matches!(err, ReadError::TooManyColumns { row: 1, .. }), "{err:?}");
    }

    /// A workbook of one part, `xl/sharedStrings.xml`, made of `head` then `body` repeated.
    fn shared_strings_part(head: &str, body: &str, times: usize) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/sharedStrings.xml", options).expect("entry");
        zip.write_all(head.as_bytes()).expect("written");
        let chunk = body.repeat(4096);
        for _ in 0..times / 4096 {
            zip.write_all(chunk.as_bytes()).expect("written");
        }
        zip.write_all(b"</sst>").expect("written");
        zip.finish().expect("zip").into_inner()
    }

    #[test]
    fn shared_strings_that_would_fill_the_memory_are_refused_before_they_are_read() {
        // A part that unpacks to ~150 MiB of texts, under the workbook's whole limit (1 GiB).
        let big = shared_strings_part(
            "<sst>",
            "<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>",
            3_500_000,
        );
        assert!(big.len() < 2 * 1024 * 1024, "small on disk: {}", big.len());
        let err = read_bytes(&big, &Limits::default(), |_| Next::More).expect_err("refused");
        assert!(matches!(err, ReadError::ZipBomb { .. }), "{err:?}");

        // A few bytes that claim a billion texts (calamine would reserve room for them all).
        let claim = shared_strings_part(
            r#"<?xml version="1.0"?><sst xmlns="x" count="1000000000" uniqueCount="1000000000">"#,
            "<si><t>a</t></si>",
            4096,
        );
        let err = read_bytes(&claim, &Limits::default(), |_| Next::More).expect_err("refused");
        assert!(matches!(err, ReadError::TooManyTexts { .. }), "{err:?}");
        assert_eq!(err.code(), "import-too-many-texts");

        // More texts than allowed, whatever the part claims (here nothing), prefixed or not.
        let limits = Limits {
            max_shared_strings: 10_000,
            ..Limits::default()
        };
        let many = shared_strings_part("<x:sst>", "<x:si><x:t/></x:si>", 12_288);
        let err = read_bytes(&many, &limits, |_| Next::More).expect_err("refused");
        assert!(matches!(err, ReadError::TooManyTexts { .. }), "{err:?}");
        let fewer = shared_strings_part("<sst uniqueCount='8192'>", "<si><t>a</t></si>", 8_192);
        let err = read_bytes(&fewer, &limits, |_| Next::More).expect_err("no sheet");
        assert!(!matches!(err, ReadError::TooManyTexts { .. }), "{err:?}");
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_unpacks() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options =
            zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options)
            .expect("entry");
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..64 {
            zip.write_all(&zeros).expect("written");
        }
        let bytes = zip.finish().expect("zip").into_inner();
        assert!(bytes.len() < 1024 * 1024, "small on disk");
        let limits = Limits {
            max_unzipped_bytes: 32 * 1024 * 1024,
            ..Limits::default()
        };
        let err = read_bytes(&bytes, &limits, |_| Next::More).expect_err("refused");
        assert!(matches!(err, ReadError::ZipBomb { .. }), "{err:?}");
        let err =
            read_bytes(b"PK\x03\x04garbage", &Limits::default(), |_| Next::More).expect_err("not a zip");
        assert_eq!(err.code(), "import-malformed");
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(1), "A");
        assert_eq!(column_letter(26), "Z");
        assert_eq!(column_letter(27), "AA");
    }
}
