//! Files built to fill the server's memory (issue 22): a 2.4 MB workbook whose shared strings unpack to
//! 300 MiB, a 760 KB picture of 11,000 × 11,000 pixels. Sent to a real `mizan serve` at once (three
//! workbooks, four pictures), each is refused with the usual page, and the server's peak memory
//! stays within [`BOUND`] of what it used before them. (Before, each workbook cost about 0.7 GB
//! and each picture 0.77 GB.)

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

use crate::helpers::{PASSWORD, TestApp, multipart, rural_branch};

/// The most the server's peak memory may grow while refusing the bombs.
const BOUND: u64 = 150 * 1024 * 1024;

/// Bits written least significant first, as deflate packs them.
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.n;
        self.n += count;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, whose bits go most significant first.
    fn code(&mut self, code: u64, count: u32) {
        let reversed = (0..count).fold(0, |r, i| r | (((code >> i) & 1) << (count - 1 - i)));
        self.put(reversed, count);
    }

    /// A literal byte in the fixed code (ASCII and zero only: below 144).
    fn literal(&mut self, byte: u8) {
        assert!(byte < 144);
        self.code(0x30 + u64::from(byte), 8);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A raw deflate stream (one block, fixed codes) of `head`, `unit` repeated `repeats` times, then
/// `tail`: the repeats are copies of 258 bytes at the unit's distance, a few bits each.
fn deflate_periodic(head: &[u8], unit: &[u8], repeats: usize, tail: &[u8]) -> Vec<u8> {
    let distance = unit.len();
    assert!((1..=24).contains(&distance), "distance codes 0 to 8 only");
    let mut bits = Bits::default();
    bits.put(1, 1); // the final block
    bits.put(1, 2); // fixed codes
    head.iter().for_each(|b| bits.literal(*b));
    unit.iter().for_each(|b| bits.literal(*b));
    let mut left = unit.len() * repeats - unit.len();
    let mut at = 0usize;
    // Distance symbol and its extra bits, for distances up to 24.
    let (symbol, extra, base) = match distance {
        1..=4 => (distance - 1, 0, distance),
        5..=6 => (4, 1, 5),
        7..=8 => (5, 1, 7),
        9..=12 => (6, 2, 9),
        13..=16 => (7, 2, 13),
        _ => (8, 3, 17),
    };
    while left >= 258 {
        bits.code(0b1100_0101, 8); // length 258 (symbol 285)
        bits.code(symbol as u64, 5);
        bits.put((distance - base) as u64, extra);
        left -= 258;
        at += 258;
    }
    for i in 0..left {
        bits.literal(unit[(at + i) % unit.len()]);
    }
    tail.iter().for_each(|b| bits.literal(*b));
    bits.code(0, 7); // end of block (symbol 256)
    bits.finish()
}

fn crc32(bytes: &[u8]) -> u32 {
    let table: Vec<u32> = (0..256u32)
        .map(|n| {
            (0..8).fold(n, |c, _| {
                if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                }
            })
        })
        .collect();
    !bytes.iter().fold(!0u32, |c, b| {
        table[((c ^ u32::from(*b)) & 0xff) as usize] ^ (c >> 8)
    })
}

/// A workbook of one part, `xl/sharedStrings.xml`, that unpacks to 300 MiB of thirteen million
/// texts and weighs 2.4 MB. (Its checksum is not computed: a reader finds it wrong only at the end.)
fn shared_strings_bomb() -> Vec<u8> {
    let unit = b"<si><t>aaaaaaaa</t></si>".to_vec();
    let repeats = 300 * 1024 * 1024 / unit.len();
    let head = b"<?xml version=\"1.0\"?><sst>";
    let tail = b"</sst>";
    let data = deflate_periodic(head, &unit, repeats, tail);
    let size = (head.len() + unit.len() * repeats + tail.len()) as u32;
    let name = b"xl/sharedStrings.xml";
    let mut zip = Vec::new();
    let header = |zip: &mut Vec<u8>, central: bool| {
        zip.extend_from_slice(if central { b"PK\x01\x02" } else { b"PK\x03\x04" });
        if central {
            zip.extend_from_slice(&20u16.to_le_bytes()); // made by
        }
        for v in [20u16, 0, 8, 0, 0] {
            zip.extend_from_slice(&v.to_le_bytes()); // version, flags, deflate, time, date
        }
        zip.extend_from_slice(&0u32.to_le_bytes()); // checksum
        zip.extend_from_slice(&(data.len() as u32).to_le_bytes());
        zip.extend_from_slice(&size.to_le_bytes());
        zip.extend_from_slice(&(name.len() as u16).to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes());
        if central {
            for v in [0u16, 0, 0] {
                zip.extend_from_slice(&v.to_le_bytes()); // comment, disk, internal attributes
            }
            zip.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            zip.extend_from_slice(&0u32.to_le_bytes()); // offset of the local header
        }
        zip.extend_from_slice(name);
    };
    header(&mut zip, false);
    zip.extend_from_slice(&data);
    let directory = zip.len() as u32;
    header(&mut zip, true);
    let directory_size = zip.len() as u32 - directory;
    zip.extend_from_slice(b"PK\x05\x06");
    for v in [0u16, 0, 1, 1] {
        zip.extend_from_slice(&v.to_le_bytes());
    }
    zip.extend_from_slice(&directory_size.to_le_bytes());
    zip.extend_from_slice(&directory.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

/// A grey PNG of 11,000 × 11,000 pixels, all black: 760 KB.
fn picture_bomb() -> Vec<u8> {
    let side: u32 = 11_000;
    let raw = (side as usize + 1) * side as usize; // a filter byte per row, then the pixels
    let mut zlib = vec![0x78, 0x01];
    zlib.extend(deflate_periodic(&[], &[0], raw, &[]));
    let adler = (raw % 65_521) as u32; // a = 1 throughout; b sums it
    zlib.extend_from_slice(&((adler << 16) | 1).to_be_bytes());
    let chunk = |png: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = side.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&side.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A line of `/proc/PID/status`, in bytes (`VmRSS`, `VmHWM`).
fn memory(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the server's status");
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .expect("a size in kB")
        * 1024
}

/// One request on a connection of its own: the answer's status, cookies set, and body.
async fn request(
    addr: &str,
    method: &str,
    path: &str,
    cookie: &str,
    content_type: &str,
    body: &[u8],
) -> (u16, Vec<String>, String) {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("the server answers");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("sent");
    stream.write_all(body).await.expect("sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("an answer");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let cookies = head
        .lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .filter_map(|c| c.split(';').next().map(str::to_owned))
        .collect();
    (status, cookies, body.to_owned())
}

/// The anti-forgery token a page carries.
fn csrf_of(page: &str) -> String {
    let html = scraper::Html::parse_document(page);
    let input = scraper::Selector::parse("input[name=_csrf]").expect("a selector");
    html.select(&input)
        .next()
        .and_then(|e| e.value().attr("value"))
        .expect("a token")
        .to_owned()
}

/// Signs in on the server: its session cookie (with the visitor's), and its anti-forgery token.
async fn sign_in(addr: &str, username: &str) -> (String, String) {
    let (_, visitor, page) = request(addr, "GET", "/cookies", "", "text/plain", b"").await;
    let cookie = visitor.join("; ");
    let form = serde_urlencoded::to_string([
        ("_csrf", csrf_of(&page).as_str()),
        ("username", username),
        ("password", PASSWORD),
        ("next", "/"),
    ])
    .expect("encodable");
    let (status, session, _) = request(
        addr,
        "POST",
        "/login",
        &cookie,
        "application/x-www-form-urlencoded",
        form.as_bytes(),
    )
    .await;
    assert_eq!(status, 303, "signed in");
    let cookie = session.join("; ");
    let (_, _, page) = request(addr, "GET", "/cookies", &cookie, "text/plain", b"").await;
    (cookie, csrf_of(&page))
}

/// Posts a multipart upload; the status code of the answer.
async fn upload(addr: &str, path: &str, cookie: &str, field: &str, name: &str, bytes: &[u8]) -> u16 {
    let (content_type, body) = multipart(field, name, bytes);
    request(addr, "POST", path, cookie, &content_type, &body).await.0
}

#[tokio::test]
async fn workbooks_and_pictures_built_to_fill_the_memory_are_refused_within_a_bound() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let recorded = secretary
        .record_activity(
            &branch,
            &[
                ("type", "medical_caravan"),
                ("status", "done"),
                ("date", "2026-11-21"),
                ("count-women", "20"),
                ("count-men", "10"),
            ],
        )
        .await;
    let activity = recorded.location().expect("an activity").to_owned();

    let workbook = shared_strings_bomb();
    let picture = picture_bomb();
    assert!(
        workbook.len() < 3_000_000 && picture.len() < 800_000,
        "{} and {} bytes",
        workbook.len(),
        picture.len()
    );
    assert!(
        image_dimensions(&picture) == (11_000, 11_000),
        "the picture says what it is"
    );

    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_mizan"));
    server
        .arg("--data-dir")
        .arg(app.dir.path().join("data"))
        .args(["serve", "--bind", "127.0.0.1:0"])
        .env_remove("MIZAN_DATABASE_URL")
        .env("MIZAN_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true);
    if let Some(url) = app.database_url() {
        server.arg("--database-url").arg(url);
    }
    let mut server = server.spawn().expect("mizan serve starts");
    let pid = server.id().expect("a process");
    let mut lines = BufReader::new(server.stdout.take().expect("its output")).lines();
    let addr = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.expect("a line") {
            if let Some(rest) = line.strip_prefix("Mizan is listening on http://") {
                return rest.trim_end_matches('/').to_owned();
            }
        }
        panic!("the server stopped before listening");
    })
    .await
    .expect("the server listens");
    // The server's clock is the machine's, not the tests': sign in there.
    let (cookie, token) = sign_in(&addr, "branch.rural").await;
    // Warm: a page of each kind once, so that what is measured is the bombs alone.
    let _ = upload(
        &addr,
        &format!("/territory/{branch}/people/import?_csrf={token}"),
        &cookie,
        "file",
        "x.csv",
        b"a,b\n1,2\n",
    )
    .await;
    let before = memory(pid, "VmRSS:");
    // The peak from now on (Linux forgets the one of the start-up).
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").expect("the peak is reset");

    let import = format!("/territory/{branch}/people/import?_csrf={token}");
    let photos = format!("{activity}/photos?_csrf={token}");
    let mut sent = Vec::new();
    for _ in 0..3 {
        sent.push(upload(
            &addr,
            &import,
            &cookie,
            "file",
            "adherents.xlsx",
            &workbook,
        ));
    }
    for _ in 0..4 {
        sent.push(upload(&addr, &photos, &cookie, "photo", "IMG_0001.png", &picture));
    }
    let statuses = futures_util::future::join_all(sent).await;
    assert_eq!(statuses, vec![422; 7], "each refused, said on its page");
    let peak = memory(pid, "VmHWM:");
    assert!(
        peak < before + BOUND,
        "peak {} MiB, {} MiB before",
        peak / 1024 / 1024,
        before / 1024 / 1024
    );
    server.kill().await.expect("stopped");
}

/// The width and height a PNG's header claims.
fn image_dimensions(png: &[u8]) -> (u32, u32) {
    let word = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    (word(16), word(20))
}
