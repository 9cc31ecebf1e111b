//! Any bytes, as an uploaded file: the reader returns rows or an error, never panics, never
//! exceeds its limits, and numbers rows from 1 without gaps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mizan_sheet::{Limits, Next, read_bytes};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_file_bytes: 1 << 20,
        max_rows: 1_000,
        max_columns: 50,
        max_cell_chars: 500,
        max_unzipped_bytes: 16 << 20,
    };
    let mut expected = 1;
    let _ = read_bytes(data, &limits, |row| {
        assert_eq!(row.number, expected, "rows are numbered without gaps");
        assert!(row.number <= limits.max_rows);
        assert!(row.cells.len() <= limits.max_columns);
        assert!(
            row.cells
                .iter()
                .all(|c| c.chars().count() <= limits.max_cell_chars)
        );
        expected += 1;
        Next::More
    });
});
