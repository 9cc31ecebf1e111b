//! A person's file: adding, opening (audited), correcting field by field, the CIN shown for a reason.

use super::*;

#[tokio::test]
async fn opening_a_file_is_audited_and_the_cin_shows_only_for_a_reason() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let uid = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let file = secretary.person(&uid).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("cache-control"), Some("no-store"));
    assert_eq!(file.texts("dd.cin"), vec!["ZT***01"]);
    assert_eq!(
        file.texts("dd.phone"),
        vec!["+212 6 61 23 98 77"],
        "grouped to be read"
    );
    assert_eq!(
        file.attr("dd.phone a", "href").as_deref(),
        Some("tel:+212661239877"),
        "and a tap calls it"
    );
    assert!(!file.body.contains("ZT90001"));
    let memberships = file.texts("table.memberships tbody tr");
    assert_eq!(memberships.len(), 1, "joined the party at the branch");

    let refused = secretary.reveal_cin(&uid, &[("reason", "")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.texts("#reason-error"),
        vec!["اكتب سبباً (5 أحرف على الأقل)."]
    );
    let shown = secretary
        .reveal_cin(&uid, &[("reason", "تحقق من هوية المنخرط قبل الجمع العام")])
        .await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(shown.texts("dd.cin"), vec!["ZT90001"]);

    let entries = audit::latest(&app.state.db, 10).await.expect("audit");
    let reveal = entries
        .iter()
        .find(|e| e.action == "person.cin.reveal")
        .expect("the reveal is logged");
    assert_eq!(reveal.actor, "branch.rural");
    assert_eq!(reveal.target_id, uid);
    assert!(reveal.details.contains("الجمع العام"), "{}", reveal.details);
    let reads = entries
        .iter()
        .filter(|e| e.action == "person.read" && e.target_id == uid)
        .count();
    assert!(reads >= 2, "every opening is logged ({reads})");
}

#[tokio::test]
async fn a_person_typed_wrong_comes_back_with_each_error_beside_its_field() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    secretary.accept_language = Some("fr".into());
    // The account's language wins over the browser's: switch the account to French first.
    secretary
        .choose_language(&[("locale", "fr"), ("next", "/")])
        .await;
    let response = secretary
        .add_person(
            &branch,
            &[
                ("family_ar", "Benali"),
                ("given_ar", ""),
                ("given_latin", "Karim"),
                ("cin", "123456"),
                ("phone", "04 12"),
                ("birth_date", "31/02/1990"),
                ("email", "karim@"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.texts("#family_ar-error"),
        vec!["Écrivez ce nom en caractères arabes."]
    );
    assert_eq!(
        response.texts("#cin-error"),
        vec!["CIN : une ou deux lettres puis des chiffres, comme AB123456."]
    );
    assert_eq!(
        response.texts("#phone-error"),
        vec!["Numéro de téléphone invalide, par exemple 0612345678."]
    );
    assert_eq!(
        response.texts("#birth_date-error"),
        vec!["Cette date n’existe pas (vérifiez le jour et le mois)."]
    );
    assert_eq!(
        response.texts("#email-error"),
        vec!["Adresse électronique invalide."]
    );
    assert_eq!(
        response.attr("#given_latin", "value").as_deref(),
        Some("Karim"),
        "what was typed is kept"
    );
    // Above the form, once: every mistake, each a link to its field, and the focus on the list.
    assert_eq!(
        response.count(".error-summary[autofocus][role=alert]"),
        1,
        "the summary takes the focus"
    );
    let links: Vec<String> = ["family_ar", "cin", "phone", "birth_date", "email"]
        .iter()
        .map(|f| format!("#{f}"))
        .collect();
    let hrefs: Vec<String> = links
        .iter()
        .filter_map(|l| response.attr(&format!(".error-summary a[href='{l}']"), "href"))
        .collect();
    assert_eq!(hrefs, links, "each field's mistake links to it");
    assert_eq!(
        response.texts(".error-summary a[href='#email']"),
        vec!["Adresse électronique invalide."]
    );

    let taken = secretary
        .add_person(
            &branch,
            &[
                ("family_latin", "Benali"),
                ("given_latin", "Karim"),
                ("cin", "zt 90001"),
            ],
        )
        .await;
    assert_eq!(
        taken.texts("#cin-error"),
        vec!["Cette CIN appartient déjà à une autre personne."]
    );
    let before = mizan::people::store::count_people(&app.state.db)
        .await
        .expect("count");
    let ok = secretary
        .add_person(
            &branch,
            &[
                ("family_latin", "Benali"),
                ("given_latin", "Karim"),
                ("phone", "0612 34 56 78"),
                ("sex", "m"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert_eq!(
        mizan::people::store::count_people(&app.state.db)
            .await
            .expect("count"),
        before + 1
    );
    let file = secretary.get(ok.location().expect("the new file")).await;
    assert_eq!(file.texts("dd.phone"), vec!["+212 6 12 34 56 78"]);
}

#[tokio::test]
async fn a_new_member_counts_at_once_in_the_branch_and_above() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let count = |code: String| {
        let state = app.state.clone();
        async move { crate::helpers::members_at(&state, &code).await }
    };
    let before = (
        count(branch.clone()).await,
        count("03.531".into()).await,
        count("MA".into()).await,
    );
    add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let after = (
        count(branch.clone()).await,
        count("03.531".into()).await,
        count("MA".into()).await,
    );
    assert_eq!(after, (before.0 + 1, before.1 + 1, before.2 + 1));
}

#[tokio::test]
async fn a_person_is_corrected_field_by_field_and_the_change_is_audited() {
    let (app, report) = TestApp::with_demo().await;
    let branch = rural_branch(&report);
    let uid = add(&app, &branch, alaoui("0661239877", "ZT90001")).await;
    let other = add(&app, &branch, alaoui("0661230000", "ZT90002")).await;
    let mut secretary = app.browser();
    secretary.login("branch.rural", PASSWORD).await;
    let form = secretary.person_form(&uid).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(
        form.attr("input[name=phone]", "value").as_deref(),
        Some("+212661239877")
    );
    assert_eq!(
        form.attr("input[name=cin]", "value").as_deref(),
        Some(""),
        "the CIN is not shown"
    );
    let fields = |phone: &'static str, cin: &'static str| {
        vec![
            ("given_ar", "محمد"),
            ("family_ar", "العلوي"),
            ("given_latin", "Mohamed"),
            ("family_latin", "Alaoui"),
            ("sex", "m"),
            ("birth_date", "1984-03-14"),
            ("cin", cin),
            ("phone", phone),
            ("email", ""),
            ("profession", "أستاذ"),
            ("education", "جامعي"),
            ("address", "12 زنقة الأطلس، حي السلام"),
            ("notes", "متطوع في الحملات\nيفضّل الاتصال مساءً"),
        ]
    };
    // Another person's CIN is refused beside the field.
    let taken = secretary
        .correct_person(&uid, &fields("0661239877", "ZT90002"))
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(taken.count("#cin-error"), 1);
    let _ = other;
    // A new phone and a Latin spelling; the CIN left empty stays.
    let saved = secretary.correct_person(&uid, &fields("0700112233", "")).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let file = secretary.person(&uid).await;
    assert_eq!(file.texts("dd.phone"), vec!["+212 7 00 11 22 33"]);
    assert_eq!(file.texts("dd.cin"), vec!["ZT***01"]);
    assert_eq!(file.texts("dd.address"), vec!["12 زنقة الأطلس، حي السلام"]);
    assert!(file.texts("p.notes").join("").contains("يفضّل الاتصال مساءً"));
    assert!(file.body.contains("أستاذ") && file.body.contains("جامعي"));
    assert_eq!(
        scalar(
            &app.state.db,
            &format!(
                "SELECT COUNT(*) FROM people WHERE uid = '{uid}' AND address_sealed IS NOT NULL \
                 AND LENGTH(address_sealed) > 40"
            ),
        )
        .await,
        1,
        "the address is kept sealed (nonce and tag around it), in no column of its own"
    );
    let form = secretary.person_form(&uid).await;
    assert_eq!(
        form.attr("input[name=address]", "value").as_deref(),
        Some("12 زنقة الأطلس، حي السلام"),
        "kept for the next correction"
    );
    let too_long = "أ".repeat(2_001);
    let mut long_notes = fields("0700112233", "");
    long_notes.retain(|(k, _)| *k != "notes");
    long_notes.push(("notes", &too_long));
    let refused = secretary.correct_person(&uid, &long_notes).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.count("#notes-error"), 1);
    assert!(
        uids_on_page(&mut secretary, "2233").await.contains(&uid),
        "found by the new phone"
    );
    assert!(
        !uids_on_page(&mut secretary, "9877").await.contains(&uid),
        "no longer by the old one"
    );
    let rectified = audit::latest(&app.state.db, 10)
        .await
        .expect("audit")
        .into_iter()
        .find(|e| e.action == "person.rectify")
        .expect("audited");
    assert_eq!(rectified.target_id, uid);
    assert!(
        rectified.details.contains("phone")
            && rectified.details.contains("family_latin")
            && rectified.details.contains("address")
            && !rectified.details.contains("cin")
            && !rectified.details.contains("الأطلس"),
        "{}",
        rectified.details
    );
}
