//! The walk's records: one of every kind in a commune of Taza and one of Taounate, made through
//! the same actions and store functions as the application's, so that every route that names a
//! record names a real one.

use mizan::audit::Actor;
use mizan::auth::{Permit, Role, Scope};

use crate::helpers::{TestApp, execute, scalar};

/// The walk's renewal campaign (every branch of the country due) and activity campaign (the
/// whole country's) share their code.
pub const CAMPAIGN: &str = "walk-2026";

/// The code of the walk's meeting theme.
pub const THEME: &str = "walk_theme";

/// Records to act on in one province. A write that succeeds may use up its record (a merge, an
/// erasure, a decision marked done): those come one per caller, indexed like the callers.
pub struct Place {
    /// An urban commune: units, people and activities are created there.
    pub commune: String,
    /// Someone living in the commune, member of the party at `branch`, with a mandate.
    pub person: String,
    /// The person's membership of the party.
    pub membership: i64,
    /// Records of someone else in the commune, each caller's own: merged into `person`, erased.
    pub merge_partners: Vec<String>,
    pub erasable: Vec<String>,
    /// A branch below the commune, due in the walk's renewal campaign; and branches to close,
    /// one per caller.
    pub branch: String,
    pub closable: Vec<String>,
    /// A verified activity of the party at the commune, with a photo.
    pub activity: String,
    pub photo: i64,
    /// A user with a role at the commune (a branch secretary there).
    pub user: String,
    /// The commune's council, a seat on it, a meeting of it (held, with a file of minutes) and
    /// one open decision of that meeting per caller.
    pub body: i64,
    pub mandate: i64,
    pub meeting: i64,
    pub minutes_file: i64,
    pub decisions: Vec<i64>,
    /// A Policy Café session of an event at the commune, open now, its join code, and a question
    /// asked in it.
    pub session: i64,
    pub join_code: String,
    pub question: i64,
    /// An upload of people waiting at the commune, `Place::job_owner`'s.
    pub job: String,
}

/// Makes the walk's records in a province (an urban commune of it), `callers` of each kind that
/// a caller uses up.
pub async fn place_in(app: &TestApp, province: &str, callers: usize) -> Place {
    let everywhere = Scope::Everywhere;
    let children = mizan::territory::store::children(&app.state.db, province, &everywhere)
        .await
        .expect("children");
    let commune = children
        .into_iter()
        .find(|u| u.level == mizan::territory::Level::Commune)
        .map(|u| u.code)
        .expect("an urban commune");
    let key = province.replace('.', "");
    let person = resident(app, &commune, &format!("K{key}")).await;
    let mut merge_partners = Vec::new();
    let mut erasable = Vec::new();
    for n in 0..callers {
        merge_partners.push(resident(app, &commune, &format!("M{key}{n}")).await);
        erasable.push(resident(app, &commune, &format!("E{key}{n}")).await);
    }
    let (body, meeting) = organ_at(app, &commune).await;
    let (session, join_code, question) = cafe_at(app, &commune).await;
    let branch = branch_at(app, &commune).await;
    let mut closable = Vec::new();
    for _ in 0..callers {
        closable.push(branch_at(app, &commune).await);
    }
    let membership = member_of_party(app, &person, &branch).await;
    let (mandate, minutes_file, decisions) = council_records(app, &person, body, meeting, callers).await;
    let (activity, photo) = activity_at(app, &commune).await;
    let user = format!("secretary.{}", province.replace('.', "-"));
    app.create_user(&user, Role::BranchSecretary, Some(&commune))
        .await;
    Place {
        commune,
        person,
        membership,
        merge_partners,
        erasable,
        branch,
        closable,
        activity,
        photo,
        user,
        body,
        mandate,
        meeting,
        minutes_file,
        decisions,
        session,
        join_code,
        question,
        job: String::new(),
    }
}

/// A branch of the party below `commune`.
async fn branch_at(app: &TestApp, commune: &str) -> String {
    mizan::territory::actions::create_party_unit(
        &app.state,
        &Permit::cli(),
        commune,
        &mizan::territory::actions::NewUnitDraft {
            name_ar: "فرع الجماعة".into(),
            name_fr: "Section de la commune".into(),
            country_code: String::new(),
        },
    )
    .await
    .expect("a branch")
    .code
}

/// A resident of `commune` named Fatima Zahraoui (a near-duplicate of every other), with this CIN.
async fn resident(app: &TestApp, commune: &str, cin: &str) -> String {
    let draft = mizan::people::draft::PersonDraft {
        given_ar: "فاطمة".into(),
        family_ar: "الزهراوي".into(),
        cin: cin.into(),
        ..Default::default()
    };
    mizan::people::actions::create_person(&app.state, &Permit::cli(), commune, &draft)
        .await
        .expect("a person")
}

/// Makes `uid` a member of the party at `branch`; the membership's id.
async fn member_of_party(app: &TestApp, uid: &str, branch: &str) -> i64 {
    let draft = mizan::people::memberships::JoinDraft {
        organization: "party".into(),
        branch: branch.into(),
        role: "member".into(),
        joined_on: "2026-01-15".into(),
    };
    mizan::people::memberships::join(&app.state, &Permit::cli(), uid, &draft)
        .await
        .expect("a membership");
    scalar(
        &app.state.db,
        &format!("SELECT m.id FROM memberships m JOIN people p ON p.id = m.person_id WHERE p.uid = '{uid}'"),
    )
    .await
}

/// A seat for `uid` on the council, a file of minutes of its meeting, and `callers` open decisions.
async fn council_records(
    app: &TestApp,
    uid: &str,
    body: i64,
    meeting: i64,
    callers: usize,
) -> (i64, i64, Vec<i64>) {
    use mizan::bodies::{decisions, mandates, minutes};
    let now = app.state.clock.now();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 2, 1).expect("a day");
    let person = scalar(
        &app.state.db,
        &format!("SELECT id FROM people WHERE uid = '{uid}'"),
    )
    .await;
    let path = crate::helpers::text(
        &app.state.db,
        &format!("SELECT unit_path FROM bodies WHERE id = {body}"),
    )
    .await;
    let mut tx = app.state.db.begin().await.expect("tx");
    let mandate = mandates::store::insert_mandate(&mut tx, body, person, "member", day, now)
        .await
        .expect("a mandate");
    let file = minutes::store::insert_file(
        &mut tx,
        meeting,
        "minutes.pdf",
        "application/pdf",
        b"%PDF-1.4\n%%EOF\n",
        "walk",
        now,
    )
    .await
    .expect("a file of minutes");
    let mut open = Vec::new();
    for _ in 0..callers {
        let due = chrono::NaiveDate::from_ymd_opt(2027, 1, 31).expect("a day");
        let id = decisions::store::insert_decision(&mut tx, (meeting, &path), "صيانة المقر", None, due, now)
            .await
            .expect("a decision");
        open.push(id);
    }
    tx.commit().await.expect("commit");
    (mandate, file, open)
}

/// A medical caravan the party held at `commune`, with a photo, then verified (so that no route
/// of the walk changes it: a verified activity is no longer corrected, deleted nor reviewed).
async fn activity_at(app: &TestApp, commune: &str) -> (String, i64) {
    let draft = mizan::activities::draft::ActivityDraft {
        kind: "medical_caravan".into(),
        date: "2026-11-20".into(),
        status: "done".into(),
        counts: vec![("women".into(), "12".into()), ("men".into(), "8".into())],
        ..Default::default()
    };
    let uid = mizan::activities::actions::record(&app.state, &Permit::cli(), commune, &draft)
        .await
        .expect("an activity");
    let id = scalar(
        &app.state.db,
        &format!("SELECT id FROM activities WHERE uid = '{uid}'"),
    )
    .await;
    let photo = mizan_photo::reencode(&a_jpeg()).expect("a photo");
    let mut tx = app.state.db.begin().await.expect("tx");
    let photo =
        mizan::activities::photos::store::insert_photo(&mut tx, id, &photo, "walk", app.state.clock.now())
            .await
            .expect("the photo kept");
    tx.commit().await.expect("commit");
    execute(
        &app.state.db,
        &format!("UPDATE activities SET status = 'verified' WHERE uid = '{uid}'"),
    )
    .await;
    (uid, photo)
}

/// A small grey picture, as a phone's camera would send it.
fn a_jpeg() -> Vec<u8> {
    use image::ImageEncoder;
    let pixels = vec![128u8; 64 * 48 * 3];
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut out)
        .write_image(&pixels, 64, 48, image::ExtendedColorType::Rgb8)
        .expect("a JPEG");
    out
}

/// A café session at `commune`, open at the tests' time, published without moderation, with a
/// question in it.
async fn cafe_at(app: &TestApp, commune: &str) -> (i64, String, i64) {
    use mizan::cafe::{actions, participate};
    let draft = actions::SessionDraft {
        title: "جلسة".into(),
        event: "منتدى الشباب".into(),
        territory: commune.into(),
        opens_at: "2026-11-29T10:30".into(),
        premoderation: None,
        ..Default::default()
    };
    let session = actions::create_session(&app.state, &Permit::cli(), &draft)
        .await
        .expect("a session");
    let who = participate::Participant {
        device_digest: format!("route-walk-{commune}"),
        ip: "192.0.2.1".into(),
    };
    let question = participate::QuestionDraft {
        body: "متى؟".into(),
        ..Default::default()
    };
    let (question, _) = participate::ask(&app.state, &session, &who, &question)
        .await
        .expect("a question");
    (session.id, session.code, question)
}

/// A commune council at `commune` (its type made once) and a meeting of it, held.
async fn organ_at(app: &TestApp, commune: &str) -> (i64, i64) {
    use mizan::bodies::{model::BodyType, store};
    let now = app.state.clock.now();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a day");
    let types = mizan::bodies::types::store::body_types(&app.state.db)
        .await
        .expect("types");
    let party = scalar(
        &app.state.db,
        "SELECT COALESCE((SELECT id FROM organizations WHERE code = 'party'), 0)",
    )
    .await;
    let mut tx = app.state.db.begin().await.expect("tx");
    // A store with the demo's structure has no council at communes: the walk adds it.
    if !types.iter().any(|t| t.code == "commune_council") {
        let organization_id = if party == 0 {
            let org = mizan::organizations::Organization {
                id: 0,
                code: "party".into(),
                kind: "party".into(),
                name_ar: "الحزب".into(),
                name_fr: "Le parti".into(),
                name_en: "The party".into(),
                walled: false,
            };
            mizan::organizations::insert(&mut tx, &org, now)
                .await
                .expect("party")
        } else {
            party
        };
        let t = BodyType {
            id: 0,
            code: "commune_council".into(),
            organization_id,
            name_ar: "المجلس المحلي".into(),
            name_fr: "Conseil local".into(),
            name_en: "Local council".into(),
            level: "commune".into(),
            meetings_per_year: 2,
            quorum_rule: "majority".into(),
            quorum_numerator: 1,
            quorum_denominator: 2,
            one_per_unit: true,
            retired_on: None,
        };
        mizan::bodies::types::store::insert_body_type(&mut tx, &t, &[], now)
            .await
            .expect("a type");
    }
    let unit = mizan::territory::store::visible_unit(&app.state.db, commune, &Scope::Everywhere)
        .await
        .expect("unit")
        .expect("the commune");
    store::create_bodies_for_unit(&mut tx, &unit.code, &unit.path, "commune", day, now)
        .await
        .expect("a body");
    tx.commit().await.expect("commit");
    let body = scalar(
        &app.state.db,
        &format!("SELECT id FROM bodies WHERE unit_code = '{commune}'"),
    )
    .await;
    let mut tx = app.state.db.begin().await.expect("tx");
    let type_id = scalar(
        &app.state.db,
        "SELECT id FROM body_types WHERE code = 'commune_council'",
    )
    .await;
    let found = store::bodies_of_type(&mut tx, type_id).await.expect("bodies");
    let record = found.iter().find(|b| b.id == body).expect("the body");
    let meeting = store::insert_meeting(
        &mut tx,
        &store::NewMeeting {
            body: record,
            status: "held",
            scheduled_on: day,
            held_on: Some(day),
            place: "",
            agenda: "",
            theme_id: None,
            attendance: &[],
            guests: &[],
            minutes: "",
            recorded_by: "test",
        },
        now,
    )
    .await
    .expect("a meeting");
    tx.commit().await.expect("commit");
    (body, meeting)
}

/// The walk's campaigns, renewal (every branch of the country due, the party's) and activities
/// (the whole country's, for the year), and a meeting theme.
pub async fn campaigns_and_theme(app: &TestApp) {
    let form = [
        ("code", CAMPAIGN),
        ("name_ar", "سنة التطوع"),
        ("name_fr", "Année du volontariat"),
        ("name_en", "Year of volunteering"),
        ("scope", "MA"),
        ("from", "2026-01-01"),
        ("to", "2026-12-31"),
        ("target_activities", "100"),
        ("target_beneficiaries", "10000"),
    ];
    let form =
        mizan::activities::settings::Typed(form.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect());
    mizan::activities::settings::create_campaign(&app.state, &Actor::cli(), &form)
        .await
        .expect("an activity campaign");
    execute(
        &app.state.db,
        &format!(
            "INSERT INTO meeting_themes (code, name_ar, name_fr, name_en, active) \
             VALUES ('{THEME}', 'الانتخابات', 'Les élections', 'The elections', TRUE)"
        ),
    )
    .await;
    let draft = mizan::renewal::actions::CampaignDraft {
        code: CAMPAIGN.into(),
        name_ar: "تجديد الفروع".into(),
        name_fr: "Renouvellement".into(),
        name_en: String::new(),
        scope: "MA".into(),
        starts_on: "2026-10-01".into(),
        ends_on: "2027-03-31".into(),
        min_paid_members: "0".into(),
    };
    mizan::renewal::actions::open_campaign(&app.state, &Actor::cli(), &draft)
        .await
        .expect("a campaign");
}

/// The youth wing, a parallel organization (not walled).
pub async fn youth_wing(app: &TestApp) -> i64 {
    let org = mizan::organizations::Organization {
        id: 0,
        code: "youth".into(),
        kind: "parallel".into(),
        name_ar: "الشبيبة".into(),
        name_fr: "La jeunesse".into(),
        name_en: "The youth wing".into(),
        walled: false,
    };
    let mut tx = app.state.db.begin().await.expect("tx");
    let id = mizan::organizations::insert(&mut tx, &org, app.state.clock.now())
        .await
        .expect("the youth wing");
    tx.commit().await.expect("commit");
    id
}
