//! The first week of a real installation, played in Chromium on a phone in Arabic as its people
//! would, on a fresh store without the demo: nothing here goes through the CLI, SQL or the demo.
//! The national administrator signs in with the one-time password of the first start, chooses
//! their own, turns on two-factor sign-in, sets the party up from the template, imports three
//! branches of Taza from an .xlsx and invites Taza's coordinator; the coordinator signs up from
//! the link with two-factor sign-in, adds twenty members (by the form and by an import), seats
//! some on the provincial council, records its meeting as held and an activity with its
//! beneficiaries; back as administrator, the meeting rate and the activities dashboard show them.

use std::time::Duration;

use serde_json::Value;

use super::{DevTools, chromium, launch, serve, tab};
use crate::helpers::TestApp;
use mizan::clock::Clock;

const TAZA: &str = "03.561";
const ADMIN_PASSWORD: &str = "الأفق يبدأ من تازة 2026";
const COORDINATOR_PASSWORD: &str = "coordination de Taza, 2026";

/// A string as a JavaScript literal.
fn js(text: &str) -> String {
    serde_json::to_string(text).expect("a string")
}

impl DevTools {
    async fn path(&mut self) -> String {
        self.eval("location.pathname + location.search")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Where the browser is must start with `path`; else the test stops with what the page says.
    async fn expect_at(&mut self, path: &str) {
        let at = self.path().await;
        if !at.starts_with(path) {
            let text = self.eval("document.body.innerText").await;
            panic!("expected {path}, at {at}: {}", text.as_str().unwrap_or_default());
        }
    }

    /// Types into fields (inputs, text areas, selects by value), as a person would.
    async fn fill(&mut self, fields: &[(&str, &str)]) {
        for (selector, value) in fields {
            let done = self
                .eval(&format!(
                    "(() => {{ const e = document.querySelector({}); if (!e) return false; e.value = {}; return true; }})()",
                    js(selector),
                    js(value)
                ))
                .await;
            assert_eq!(done, true, "no field {selector} at {}", self.path().await);
        }
    }

    /// Ticks a radio button or a checkbox.
    async fn tick(&mut self, selector: &str) {
        let done = self
            .eval(&format!(
                "(() => {{ const e = document.querySelector({}); if (!e) return false; e.checked = true; return true; }})()",
                js(selector)
            ))
            .await;
        assert_eq!(
            done,
            true,
            "nothing to tick at {selector}, at {}",
            self.path().await
        );
    }

    /// Sends the form that holds `selector` (or is it), or follows the link it is; waits for the
    /// answer's page.
    async fn send(&mut self, selector: &str) {
        let found = self
            .eval(&format!("document.querySelector({}) !== null", js(selector)))
            .await;
        assert_eq!(found, true, "no {selector} at {}", self.path().await);
        self.navigate_by(&format!(
            "(e => e.form ? e.form.submit() : e.submit ? e.submit() : e.click())(document.querySelector({}))",
            js(selector)
        ))
        .await;
    }

    /// Chooses a file for a file input, as the phone's file picker would.
    async fn attach(&mut self, selector: &str, name: &str, bytes: &[u8]) {
        let bytes = serde_json::to_string(bytes).expect("bytes");
        let done = self
            .eval(&format!(
                "(() => {{ const input = document.querySelector({}); if (!input) return false; \
                 const files = new DataTransfer(); \
                 files.items.add(new File([new Uint8Array({bytes})], {})); \
                 input.files = files.files; return input.files.length === 1; }})()",
                js(selector),
                js(name)
            ))
            .await;
        assert_eq!(done, true, "no file input {selector}");
    }

    async fn count(&mut self, selector: &str) -> i64 {
        self.eval(&format!("document.querySelectorAll({}).length", js(selector)))
            .await
            .as_i64()
            .expect("a count")
    }

    async fn texts(&mut self, selector: &str) -> Vec<String> {
        let found: Value = self
            .eval(&format!(
                "Array.from(document.querySelectorAll({})).map(e => e.innerText.trim())",
                js(selector)
            ))
            .await;
        serde_json::from_value(found).expect("texts")
    }

    async fn attrs(&mut self, selector: &str, attr: &str) -> Vec<String> {
        let found: Value = self
            .eval(&format!(
                "Array.from(document.querySelectorAll({})).map(e => e.getAttribute({}))",
                js(selector),
                js(attr)
            ))
            .await;
        serde_json::from_value(found).expect("attributes")
    }

    /// Reloads the page until `selector` is on it (a background job's page refreshes itself).
    async fn reload_until(&mut self, base: &str, selector: &str) {
        let at = self.path().await;
        for _ in 0..100 {
            if self.count(selector).await > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            self.goto(&format!("{base}{at}")).await;
        }
        panic!("{selector} never came at {at}");
    }

    async fn sign_out(&mut self) {
        self.send("form[action='/logout']").await;
    }
}

/// A workbook of one sheet: a header row, then the rows.
fn workbook(header: &[&str], rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, title) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *title).expect("a cell");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet
                .write_string(r as u32 + 1, c as u16, cell.as_str())
                .expect("a cell");
        }
    }
    book.save_to_buffer().expect("a workbook")
}

#[tokio::test]
async fn the_first_week_of_a_real_party_is_played_from_the_browser_alone() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    let app = TestApp::new().await;
    // What `mizan serve` does at its first start: the administrator and a one-time password.
    let one_time = mizan::auth::actions::ensure_first_admin(&app.state)
        .await
        .expect("the first start")
        .expect("a one-time password");
    let base = serve(&app.state).await;
    let (mut child, endpoint, _profile) = launch(&chromium).await;
    let mut tools = tab(&endpoint).await;
    tools.arabic_on(390, 844, true).await;
    let today = app.clock.today().to_string();

    // Day one, the national administrator: their own password, then two-factor sign-in.
    tools.goto(&format!("{base}/login")).await;
    tools
        .fill(&[("#username", "admin"), ("#password", &one_time)])
        .await;
    tools.send("#password").await;
    tools.expect_at("/account/password").await;
    tools
        .fill(&[
            ("#current", &one_time),
            ("#new", ADMIN_PASSWORD),
            ("#confirm", ADMIN_PASSWORD),
        ])
        .await;
    tools.send("#new").await;
    tools.expect_at("/account/two-factor").await;
    let admin_secret = tools.set_up_two_factor(app.clock.now()).await;

    // The setup, with the template of a typical Moroccan party.
    tools.goto(&format!("{base}/")).await;
    tools.expect_at("/setup").await;
    assert_eq!(
        tools
            .count("input[name=template][value=moroccan-party]:checked")
            .await,
        1
    );
    tools
        .fill(&[
            ("#name_ar", "حزب الأفق"),
            ("#name_fr", "Parti de l'Horizon"),
            ("#short_name", "PH"),
        ])
        .await;
    tools.send("#name_ar").await;
    tools.expect_at("/admin/organizations").await;
    assert!(
        tools.count("ul.organizations li").await >= 3,
        "the party and its organizations"
    );

    // Three branches of Taza, from the province's list in a spreadsheet.
    tools.goto(&format!("{base}/territory/{TAZA}")).await;
    let communes = tools.attrs("tr[data-code]", "data-code").await;
    assert!(communes.len() >= 3, "Taza's communes: {communes:?}");
    tools
        .send(&format!("a[href='/territory/{TAZA}/branches/import']"))
        .await;
    tools
        .expect_at(&format!("/territory/{TAZA}/branches/import"))
        .await;
    let branches = workbook(
        &["الجماعة", "الاسم بالعربية", "الاسم بالفرنسية", "تاريخ التأسيس"],
        &[
            vec![
                communes[0].clone(),
                "فرع الأمل".into(),
                "Al Amal".into(),
                "2015-03-01".into(),
            ],
            vec![
                communes[1].clone(),
                "فرع النور".into(),
                "Annour".into(),
                String::new(),
            ],
            vec![
                communes[2].clone(),
                "فرع الوحدة".into(),
                "Al Wahda".into(),
                "2019-05-12".into(),
            ],
        ],
    );
    tools.attach("#file", "فروع تازة.xlsx", &branches).await;
    tools.send("#file").await;
    assert_eq!(
        tools.count("tr[data-verdict=ready]").await,
        3,
        "three branches ready"
    );
    tools.send("form[action$='/branches/import/apply']").await;
    assert_eq!(tools.count("ul.made li").await, 3, "three branches made");
    let made: Vec<String> = tools
        .attrs("ul.made a", "href")
        .await
        .into_iter()
        .filter_map(|href| href.strip_prefix("/territory/").map(str::to_owned))
        .collect();
    let branch = made.first().expect("a branch").clone();

    // Taza's coordinator is invited; the link is shown once.
    tools.goto(&format!("{base}/admin/users")).await;
    tools
        .fill(&[
            ("#username", "coord.taza"),
            ("#display_name", "منسق تازة"),
            ("#role", "coordinator"),
            ("#scope", TAZA),
        ])
        .await;
    tools.send("#username").await;
    let link = tools.texts(".signup-link").await.concat();
    let signup = &link[link.find("/signup/").expect("a sign-up link")..];
    tools.sign_out().await;

    // The coordinator signs up from the link, and turns two-factor sign-in on.
    tools.goto(&format!("{base}{signup}")).await;
    tools
        .fill(&[("#new", COORDINATOR_PASSWORD), ("#confirm", COORDINATOR_PASSWORD)])
        .await;
    tools.send("#new").await;
    tools.expect_at("/").await;
    tools.goto(&format!("{base}/account/two-factor")).await;
    tools.set_up_two_factor(app.clock.now()).await;

    // Twenty members of the first branch: five by the form, fifteen from the branch's file.
    let given = ["سعيد", "ليلى", "حسن", "مريم", "يوسف"];
    for (n, name) in given.iter().enumerate() {
        tools.goto(&format!("{base}/territory/{branch}/people/new")).await;
        tools
            .fill(&[
                ("#given_ar", name),
                ("#family_ar", "التازي"),
                (
                    "#given_latin",
                    ["Said", "Leila", "Hassan", "Meryem", "Youssef"][n],
                ),
                ("#family_latin", "Tazi"),
                ("#phone", &format!("06612300{n:02}")),
            ])
            .await;
        tools.send("#given_ar").await;
        tools.expect_at("/people/").await;
    }
    tools
        .goto(&format!("{base}/territory/{branch}/people/import"))
        .await;
    let members: Vec<Vec<String>> = (0..15)
        .map(|n| {
            vec![
                format!("عضو {}", n + 1),
                "الإدريسي".to_owned(),
                format!("0662{:06}", 450_000 + n),
            ]
        })
        .collect();
    let file = workbook(&["الاسم الشخصي", "الاسم العائلي", "الهاتف"], &members);
    tools.attach("#file", "أعضاء الفرع.xlsx", &file).await;
    tools.send("#file").await;
    tools
        .expect_at(&format!("/territory/{branch}/people/import/"))
        .await;
    tools.send("input[name=step][value=check]").await;
    tools.reload_until(&base, "input[name=step][value=import]").await;
    tools.send("input[name=step][value=import]").await;
    tools.reload_until(&base, "#report dd[data-count=accepted]").await;
    tools
        .reload_until(&base, "#report:not(:has(input[name=step]))")
        .await;
    assert_eq!(
        tools.texts("#report dd[data-count=accepted]").await,
        vec!["15"],
        "{:?}",
        tools.texts("#report").await
    );

    // The provincial council: three of them seated by searching their names, then its meeting.
    tools.goto(&format!("{base}/territory/{TAZA}")).await;
    tools.send("li[data-type=provincial_council] a").await;
    let council = tools.path().await;
    assert!(council.starts_with("/bodies/"), "{council}");
    for name in ["Leila", "Hassan", "Meryem"] {
        tools.fill(&[("#person", name), ("#position", "member")]).await;
        tools.send("#person").await;
        assert_eq!(
            tools.count("fieldset.choices input[name=person]").await,
            1,
            "{name}, found by name"
        );
        tools.tick("fieldset.choices input[name=person]").await;
        tools.fill(&[("#position", "member")]).await;
        tools.send("fieldset.choices input[name=person]").await;
        tools.expect_at(&council).await;
    }
    assert_eq!(tools.count("tr[data-uid]").await, 3, "three seated");
    tools.send(&format!("a[href='{council}/meetings/new']")).await;
    tools.tick("input[name=status][value=held]").await;
    tools
        .fill(&[
            ("#date", &today),
            ("#place", "مقر الإقليم"),
            ("#agenda", "برنامج السنة"),
        ])
        .await;
    tools
        .eval("document.querySelectorAll('input[type=radio][value=present]').forEach(r => r.checked = true)")
        .await;
    tools.send("#place").await;
    tools.expect_at("/meetings/").await;
    assert_eq!(tools.count("ul.attendance li[data-presence=present]").await, 3);

    // An activity of the branch, with its beneficiaries.
    tools
        .goto(&format!("{base}/territory/{branch}/activities/new"))
        .await;
    tools.tick("input[name=status][value=done]").await;
    tools
        .fill(&[
            ("#type", "medical_caravan"),
            ("#date", &today),
            ("#title", "قافلة طبية بتازة"),
            ("#count-women", "120"),
            ("#count-men", "80"),
        ])
        .await;
    tools.send("#title").await;
    tools.expect_at("/activities/").await;
    tools.sign_out().await;

    // Back as the administrator, an hour later: the figures show the week's work.
    app.clock.advance(chrono::Duration::hours(1));
    tools.goto(&format!("{base}/login")).await;
    tools
        .fill(&[("#username", "admin"), ("#password", ADMIN_PASSWORD)])
        .await;
    tools.send("#password").await;
    tools.expect_at("/login/second-factor").await;
    let code = mizan::auth::two_factor::totp::code_at(&admin_secret, app.clock.now());
    tools.fill(&[("#code", &code)]).await;
    tools.send("#code").await;
    tools.expect_at("/").await;
    tools.goto(&format!("{base}/territory/{branch}")).await;
    assert_eq!(tools.texts("dd.members").await, vec!["20"], "twenty members");
    tools
        .goto(&format!("{base}/figures/meeting-rate?territory={TAZA}"))
        .await;
    let body = council.trim_start_matches("/bodies/").to_owned();
    assert_eq!(
        tools.count(&format!("table.met tr[data-body='{body}']")).await,
        1,
        "Taza's council met: {:?}",
        tools.texts("section.figure").await
    );
    tools
        .goto(&format!("{base}/figures/activities?territory={TAZA}"))
        .await;
    assert_eq!(tools.count("tr[data-type=medical_caravan]").await, 1);
    assert_eq!(tools.texts("div[data-category=women] dd").await, vec!["120"]);
    tools.assert_clean(&base);
    child.kill().await.ok();
}
