//! CSV: the encoding is told by a BOM, by the bytes being valid UTF-8, or else guessed (chardetng,
//! which tells Windows-1256 Arabic from Windows-1252 French); the delimiter is the one of `,` `;`
//! tab that splits the first lines most consistently.

use std::io::{Read, Seek};

use encoding_rs::Encoding;

use crate::{Format, Limits, Next, ReadError, Row, finish_row, read_up_to};

const SAMPLE_BYTES: usize = 64 * 1024;
const SAMPLE_LINES: usize = 30;

pub fn read<R: Read + Seek>(
    mut input: R,
    limits: &Limits,
    mut emit: impl FnMut(Row) -> Next,
) -> Result<Format, ReadError> {
    let mut sample = vec![0u8; SAMPLE_BYTES];
    let n = read_up_to(&mut input, &mut sample)?;
    sample.truncate(n);
    input.rewind()?;
    let encoding = detect_encoding(&sample, n < SAMPLE_BYTES);
    let (text, _, _) = encoding.decode(&sample);
    let delimiter = detect_delimiter(&text);
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_sniffing(true)
        .build(input);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(LineCounter::new(decoded));
    let mut record = csv::StringRecord::new();
    // Row numbers as a spreadsheet shows them: blank lines (which the csv crate skips) count.
    let mut number = 0;
    let mut next_line = 1;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(match e.into_kind() {
                    csv::ErrorKind::Io(io) => ReadError::Io(io),
                    other => ReadError::Malformed(format!("{other:?}")),
                });
            }
        }
        // The csv crate places a record's start where the previous one ended (blank lines
        // included), so the record's line is worked out back from its end.
        let end = reader.position().byte();
        let inner = record.iter().map(|f| f.matches('\n').count() as u64).sum::<u64>();
        let (newlines, terminated) = reader.get_mut().newlines_before(end);
        let line = (newlines + 1)
            .saturating_sub(inner + u64::from(terminated))
            .max(1);
        for _ in next_line..line {
            number += 1;
            if emit(finish_row(number, Vec::new(), limits)?) == Next::Stop {
                return Ok(Format::Csv {
                    encoding: encoding.name(),
                    delimiter,
                });
            }
        }
        next_line = line + 1 + inner;
        number += 1;
        let cells = record.iter().map(str::to_owned).collect();
        if emit(finish_row(number, cells, limits)?) == Next::Stop {
            break;
        }
    }
    Ok(Format::Csv {
        encoding: encoding.name(),
        delimiter,
    })
}

fn detect_encoding(sample: &[u8], whole_file: bool) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(sample) {
        return encoding;
    }
    match std::str::from_utf8(sample) {
        Ok(_) => return encoding_rs::UTF_8,
        // A sample cut in the middle of a character is still UTF-8.
        Err(e) if !whole_file && e.error_len().is_none() => return encoding_rs::UTF_8,
        Err(_) => {}
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, whole_file);
    detector.guess(Some(b"ma"), chardetng::Utf8Detection::Allow)
}

fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SAMPLE_LINES)
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for candidate in [b',', b';', b'\t'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, candidate)).collect();
        // The most frequent non-zero count, and how many lines have it.
        let mut mode = (0usize, 0usize);
        for &c in counts.iter().filter(|&&c| c > 0) {
            let agree = counts.iter().filter(|&&x| x == c).count();
            if agree > mode.1 || (agree == mode.1 && c > mode.0) {
                mode = (c, agree);
            }
        }
        if (mode.1, mode.0) > (best.1, best.2) {
            best = (candidate, mode.1, mode.0);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            n += 1;
        }
    }
    n
}

/// Notes where the lines of a stream start, so that a record's line can be told from its byte
/// offset (the csv crate skips blank lines and does not count them).
struct LineCounter<R> {
    inner: R,
    /// Bytes passed so far.
    offset: u64,
    /// Offsets of the newlines read but not yet asked about.
    newlines: std::collections::VecDeque<u64>,
    /// Newlines before the last offset asked about, and the last of them.
    counted: u64,
    last: Option<u64>,
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> Self {
        LineCounter {
            inner,
            offset: 0,
            newlines: Default::default(),
            counted: 0,
            last: None,
        }
    }

    /// How many newlines come before `offset`, and whether the byte just before it is one;
    /// offsets must be asked in order.
    fn newlines_before(&mut self, offset: u64) -> (u64, bool) {
        while self.newlines.front().is_some_and(|&n| n < offset) {
            self.last = self.newlines.pop_front();
            self.counted += 1;
        }
        (self.counted, offset > 0 && self.last == Some(offset - 1))
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            if b == b'\n' {
                self.newlines.push_back(self.offset + i as u64);
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}
