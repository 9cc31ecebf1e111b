//! A coordinator signs in, switches to Arabic and works on a phone; the coverage map reads in
//! the page's direction; nothing leaves the site.

use super::*;

#[tokio::test]
async fn a_coordinator_signs_in_switches_to_arabic_and_nothing_leaves_the_site() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    // The reduced demo party: the coordinator of Taza signs in with the demo password.
    let (app, _) = TestApp::with_demo().await;
    let base = serve(&app.state).await;
    let (mut child, endpoint, _profile) = launch(&chromium).await;
    let mut tools = tab(&endpoint).await;
    tools
        .call(
            "Network.setExtraHTTPHeaders",
            json!({"headers": {"Accept-Language": "fr-FR,fr;q=0.9"}}),
        )
        .await;

    tools.goto(&format!("{base}/login")).await;
    assert_eq!(
        tools.eval("document.documentElement.lang").await,
        "fr",
        "the browser's language first"
    );
    assert_eq!(tools.eval("document.documentElement.dir").await, "ltr");
    tools.sign_in("coord.taza").await;
    assert_eq!(tools.eval("location.pathname").await, "/");
    assert_eq!(
        tools
            .eval("document.querySelectorAll('ul.tasks a').length > 2")
            .await,
        true,
        "the coordinator lands on their tasks"
    );

    tools
        .navigate_by("document.querySelector('button[name=locale][value=ar]').click();")
        .await;
    assert_eq!(tools.eval("document.documentElement.lang").await, "ar");
    assert_eq!(tools.eval("document.documentElement.dir").await, "rtl");
    assert_eq!(
        tools.eval("getComputedStyle(document.body).direction").await,
        "rtl"
    );

    tools.goto(&format!("{base}/territory/03.561")).await;
    assert_eq!(tools.eval("document.querySelector('h1').innerText").await, "تازة");
    assert_eq!(tools.eval("document.documentElement.dir").await, "rtl");
    assert_eq!(
        tools.eval("String(document.scripts.length)").await,
        "0",
        "a territory page needs no script"
    );

    // The report's figures, in Arabic: the meeting rate of Taza's council, the renewal dashboard.
    tools.goto(&format!("{base}/figures/meeting-rate")).await;
    assert_eq!(
        tools.eval("document.querySelector('h1').innerText").await,
        "المجلس الإقليمي"
    );
    assert_eq!(
        tools
            .eval("getComputedStyle(document.querySelector('section.figure')).direction")
            .await,
        "rtl"
    );
    tools.goto(&format!("{base}/renewal")).await;
    tools
        .navigate_by("document.querySelector('ul.campaigns a').click();")
        .await;
    assert_eq!(
        tools
            .eval("document.querySelectorAll('table.stages tbody tr').length")
            .await,
        3,
        "all, urban and rural"
    );
    // Recording a branch bureau's meeting on a phone: the form fits the screen, no script needed.
    let bureau = crate::helpers::scalar(
        &app.state.db,
        "SELECT b.id FROM bodies b JOIN body_types t ON t.id = b.body_type_id WHERE t.code = 'branch_bureau' \
         AND b.unit_path >= '/MA/03/03.561/' AND b.unit_path < '/MA/03/03.5610' ORDER BY b.id LIMIT 1",
    )
    .await;
    tools
        .call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": true}),
        )
        .await;
    tools.goto(&format!("{base}/bodies/{bureau}/meetings/new")).await;
    assert_eq!(
        tools.eval("document.querySelector('form.stack') !== null").await,
        true
    );
    assert_eq!(
        tools
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true,
        "no sideways scrolling on a phone"
    );

    // The province's page on the phone: its tables become cards, no number leaves the screen, the
    // header's links fold under the menu, and the page it is on is marked there.
    for page in ["/territory/03.561".to_owned(), format!("/bodies/{bureau}")] {
        tools.goto(&format!("{base}{page}")).await;
        assert_eq!(
            tools
                .eval("document.documentElement.scrollWidth <= window.innerWidth")
                .await,
            true,
            "{page} does not scroll sideways on a phone"
        );
        assert_eq!(
            tools
                .eval(
                    "[...document.querySelectorAll('table.list td')].filter(td => {                        const r = td.getBoundingClientRect();                        return r.width > 0 && (r.left < 0 || r.right > window.innerWidth || td.scrollWidth > td.clientWidth + 1);                      }).length"
                )
                .await,
            0,
            "{page}: every cell of its tables whole on the screen"
        );
        assert_eq!(
            tools
                .eval(
                    "document.querySelector('header .menu summary').checkVisibility() \
                     && !document.querySelector('header .menu .nav').checkVisibility()"
                )
                .await,
            true,
            "the links wait under the menu button"
        );
    }
    tools.goto(&format!("{base}/territory/03.561")).await;
    assert_eq!(
        tools
            .eval("document.querySelectorAll('table.list td[data-label]').length > 100")
            .await,
        true,
        "the communes' table was there, as cards"
    );
    assert_eq!(
        tools
            .eval("document.querySelector('header .nav a[aria-current=page]').getAttribute('href')")
            .await,
        "/territory/MA",
        "the header marks the section the page is in"
    );

    // With scripts off, still on the phone: a volunteer's activity at a rural branch of Taza.
    let branch: String = mizan::on_db!(&app.state.db, |c| sqlx::query_scalar(
        "SELECT b.code FROM territory_units b JOIN territory_units c ON c.code = b.parent_code \
         WHERE b.kind = 'branch' AND c.kind = 'rural' AND b.path >= '/MA/03/03.561/' AND b.path < '/MA/03/03.5610' \
         ORDER BY b.code LIMIT 1"
    )
    .fetch_one(c)
    .await)
    .expect("a rural branch of Taza");
    tools
        .call("Emulation.setScriptExecutionDisabled", json!({"value": true}))
        .await;
    tools
        .goto(&format!("{base}/territory/{branch}/activities/new"))
        .await;
    assert_eq!(tools.eval("document.documentElement.dir").await, "rtl");
    assert_eq!(
        tools.eval("String(document.scripts.length)").await,
        "0",
        "the activity form is a plain form"
    );
    assert_eq!(
        tools
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true
    );
    tools
        .navigate_by(
            "document.querySelector('#type').value = 'medical_caravan';\
             document.querySelector('#count-women').value = '120';\
             document.querySelector('#count-men').value = '80';\
             document.querySelector('form.stack').submit();",
        )
        .await;
    assert_eq!(
        tools
            .eval("document.querySelector('section.activity').dataset.status")
            .await,
        "done",
        "recorded without any script of the page"
    );
    tools
        .call("Emulation.setScriptExecutionDisabled", json!({"value": false}))
        .await;

    let requested: Vec<String> = tools
        .events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str().map(str::to_owned))
        .collect();
    assert!(
        requested.len() >= 8,
        "the pages and their assets were seen: {requested:?}"
    );
    tools.assert_clean(&base);
    child.kill().await.ok();
}

#[tokio::test]
async fn the_coverage_map_and_its_legend_read_left_to_right_in_french_and_right_to_left_in_arabic() {
    let Some(chromium) = chromium() else {
        eprintln!("SKIPPED: no Chromium (install Debian's chromium or set MIZAN_TEST_CHROMIUM)");
        return;
    };
    let (app, _) = TestApp::with_demo().await;
    let base = serve(&app.state).await;
    let (mut child, endpoint, _profile) = launch(&chromium).await;
    let mut tools = tab(&endpoint).await;
    tools
        .call(
            "Network.setExtraHTTPHeaders",
            json!({"headers": {"Accept-Language": "fr-FR,fr;q=0.9"}}),
        )
        .await;
    tools.goto(&format!("{base}/login")).await;
    tools.sign_in("admin").await;
    tools.set_up_two_factor(app.clock.now()).await;
    // Fès-Meknès: its provinces coloured by beneficiaries per 100,000 inhabitants.
    tools
        .goto(&format!("{base}/figures/activities?territory=03"))
        .await;
    let provinces = tools
        .eval("document.querySelectorAll('figure.map path').length")
        .await;
    assert!(
        provinces.as_u64().is_some_and(|n| n >= 8),
        "the region's provinces: {provinces}"
    );
    assert_eq!(
        tools
            .eval("document.querySelectorAll('figure.map path[class^=q]:not(.q0)').length > 0")
            .await,
        true,
        "provinces are coloured"
    );
    // The legend may wrap on a phone: its first two colours share a line, in the page's direction.
    let legend_order = "(function () {\
        var s = document.querySelectorAll('.legend .swatch');\
        var a = s[0].getBoundingClientRect(), b = s[1].getBoundingClientRect();\
        return s.length === 5 && a.top === b.top && a.left < b.left;\
    })()";
    assert_eq!(tools.eval("document.documentElement.dir").await, "ltr");
    assert_eq!(
        tools.eval(legend_order).await,
        true,
        "in French the legend runs from the lowest on the left"
    );
    tools
        .navigate_by("document.querySelector('button[name=locale][value=ar]').click();")
        .await;
    assert_eq!(tools.eval("document.documentElement.dir").await, "rtl");
    assert_eq!(
        tools.eval(legend_order).await,
        false,
        "in Arabic it runs from the lowest on the right"
    );
    assert_eq!(
        tools
            .eval("document.querySelectorAll('.legend .swatch').length")
            .await,
        5
    );
    assert_eq!(
        tools
            .eval("document.documentElement.scrollWidth <= window.innerWidth")
            .await,
        true,
        "the map fits the page"
    );
    tools.assert_clean(&base);
    child.kill().await.ok();
}
