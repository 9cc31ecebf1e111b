//! The demo's Policy Café: last month's national youth forum (200 questions, votes spread as they
//! are in a real hall, a few concentrated on the questions everyone asks, hidden questions with
//! their reasons, merged duplicates, answers and commitments) and a session open now in Taza.

use chrono::{DateTime, Duration, Utc};

use super::Rng;
use super::names::{FEMALE, MALE};
use crate::cafe::model::{AGE_BANDS, Panelist, Status, new_code};
use crate::cafe::store::{self, NewQuestion, NewSession};
use crate::store::Tx;

/// Questions young people really put, by sector; `{}` takes a city.
const QUESTIONS: &[(&str, &str)] = &[
    (
        "employment",
        "ما هي التدابير الملموسة لتشغيل حاملي الشهادات العاطلين في {}؟",
    ),
    (
        "employment",
        "Pourquoi les programmes d'emploi des jeunes n'arrivent-ils jamais à {} ?",
    ),
    ("employment", "واش برنامج أوراش غادي يرجع ف {}؟"),
    (
        "employment",
        "كيف يمكن للشباب في {} الاستفادة من التمويل لإطلاق مقاولاتهم؟",
    ),
    ("education", "متى سيتم فتح نواة جامعية في {}؟"),
    (
        "education",
        "Quand les bourses des étudiants de {} seront-elles versées à temps ?",
    ),
    (
        "education",
        "لماذا يضطر تلاميذ العالم القروي في {} إلى قطع كيلومترات للوصول إلى الإعدادية؟",
    ),
    ("education", "ما مصير مراكز التكوين المهني الموعودة في {}؟"),
    ("health", "متى سيتوفر المستشفى الإقليمي في {} على أطباء مختصين؟"),
    (
        "health",
        "Les jeunes de {} attendent des mois pour un rendez-vous : que fait le ministère ?",
    ),
    ("health", "واش كاين شي برنامج للصحة النفسية ديال الشباب ف {}؟"),
    ("housing", "كيف سيساعد برنامج الدعم المباشر للسكن الشباب في {}؟"),
    (
        "housing",
        "Le logement est hors de prix à {} : quelle aide pour un premier achat ?",
    ),
    ("digital", "متى ستصل الألياف البصرية إلى الأحياء الشعبية في {}؟"),
    (
        "digital",
        "Comment former les jeunes de {} aux métiers du numérique ?",
    ),
    ("culture", "لماذا لا توجد دار للثقافة مفتوحة في المساء بمدينة {}؟"),
    ("sport", "ملاعب القرب في {} مغلقة أغلب الوقت، لماذا؟"),
    (
        "sport",
        "Quand la salle omnisports de {} sera-t-elle enfin ouverte ?",
    ),
    ("environment", "ما خطة الحكومة لمواجهة ندرة المياه في {}؟"),
    ("environment", "Que fait-on contre la pollution de l'oued à {} ?"),
    (
        "governance",
        "كيف يمكن للشباب في {} أن يشاركوا فعليًا في قرارات المجلس الجماعي؟",
    ),
    (
        "governance",
        "Pourquoi si peu de jeunes sur les listes électorales à {} ?",
    ),
    ("governance", "شنو غادي يتبدل بعد هاد المنتدى بالنسبة لشباب {}؟"),
];

const CITIES: &[&str] = &[
    "تاونات",
    "تازة",
    "السمارة",
    "بوجدور",
    "الرشيدية",
    "Khénifra",
    "Azilal",
    "فكيك",
    "Ouarzazate",
    "الحسيمة",
    "Chefchaouen",
    "طاطا",
    "Figuig",
    "ميدلت",
    "Sidi Bennour",
    "زاكورة",
];

const HIDE_REASONS: &[&str] = &[
    "إساءة شخصية",
    "خارج موضوع الجلسة",
    "يتضمن معطيات شخصية",
    "Publicité",
];

/// What the demo made.
pub struct Made {
    pub sessions: u64,
    pub questions: u64,
    pub votes: u64,
}

struct Seat {
    name_ar: &'static str,
    name_latin: &'static str,
    role: &'static str,
    sectors: &'static str,
}

/// Fictional office holders.
const PANEL: &[Seat] = &[
    Seat {
        name_ar: "كريمة العلمي",
        name_latin: "Karima El Alami",
        role: "وزيرة الشباب والثقافة",
        sectors: "culture,sport,employment",
    },
    Seat {
        name_ar: "يوسف بنعلي",
        name_latin: "Youssef Benali",
        role: "وزير التربية الوطنية",
        sectors: "education,digital",
    },
    Seat {
        name_ar: "سعاد الإدريسي",
        name_latin: "Souad Idrissi",
        role: "وزيرة الصحة",
        sectors: "health,housing,environment",
    },
];

pub async fn create(
    tx: &mut Tx,
    rng: &mut Rng,
    organization: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<Made> {
    let mut made = Made {
        sessions: 0,
        questions: 0,
        votes: 0,
    };
    // Last month's national forum: closed, moderated before publication, answered.
    let opens_at = now - Duration::days(30) - Duration::hours(2);
    let past = session(
        tx,
        now,
        organization,
        "الشباب يسائلون الحكومة",
        "المنتدى الوطني للشباب",
        "الرباط",
        ("MA", "/MA/"),
        opens_at,
        opens_at + Duration::hours(3),
    )
    .await?;
    let mut panel = Vec::new();
    for seat in PANEL {
        let p = Panelist {
            id: 0,
            name_ar: seat.name_ar.into(),
            name_latin: seat.name_latin.into(),
            role: seat.role.into(),
            sectors: seat.sectors.into(),
            person_uid: None,
        };
        panel.push((store::insert_panelist(tx, past, &p, None).await?, seat.sectors));
    }
    let hall = devices(tx, rng, "past", 1_500, now).await?;
    let mut asked = Vec::new();
    for n in 0..200u32 {
        let (sector, text) = *rng.pick(QUESTIONS);
        let city: &&str = rng.pick(CITIES);
        let body = text.replace("{}", city);
        let at = opens_at + Duration::seconds(rng.between(0, 2 * 3600));
        let id = question(
            tx,
            rng,
            past,
            hall[n as usize % hall.len()],
            &body,
            Status::Published,
            at,
        )
        .await?;
        crate::cafe::moderation::store::set_sector(tx, id, sector).await?;
        crate::cafe::moderation::store::log(
            tx,
            past,
            Some(id),
            "approve",
            "",
            "moderator.youth",
            at + Duration::seconds(40),
        )
        .await?;
        asked.push((id, sector));
    }
    // Votes as in a hall: a few questions gather hundreds, most a handful.
    let mut ballots = Vec::new();
    for (rank, (id, _)) in asked.iter().enumerate() {
        let expected = 420.0 / (rank as f64 + 1.0).powf(0.85);
        let count = (expected * (0.7 + 0.6 * (rng.below(1000) as f64 / 1000.0))) as usize;
        let start = rng.below(hall.len() as u64) as usize;
        for k in 0..count.min(hall.len()) {
            ballots.push(store::Ballot {
                session_id: past,
                question_id: *id,
                device_id: hall[(start + k * 7) % hall.len()],
                cast: true,
                limit: 0,
            });
        }
    }
    made.votes += ballots.len() as u64;
    store::write_ballots(tx, &ballots, opens_at + Duration::hours(2)).await?;
    // Moderation: hidden with a reason, duplicates merged, the top questions answered on stage.
    for (i, (id, _)) in asked.iter().enumerate().skip(150).step_by(6).take(8) {
        let reason = HIDE_REASONS[i % HIDE_REASONS.len()];
        crate::cafe::moderation::store::set_status(tx, *id, Status::Hidden, Some(reason), None).await?;
        crate::cafe::moderation::store::log(
            tx,
            past,
            Some(*id),
            "hide",
            reason,
            "moderator.youth",
            opens_at + Duration::minutes(50),
        )
        .await?;
    }
    for pair in asked[100..120].chunks(4) {
        let (into, from) = (pair[0].0, pair[1].0);
        crate::cafe::moderation::store::set_status(tx, from, Status::Merged, None, Some(into)).await?;
        crate::cafe::moderation::store::carry_votes(tx, from, into).await?;
        crate::cafe::moderation::store::log(
            tx,
            past,
            Some(from),
            "merge",
            &format!("#{from} → #{into}"),
            "moderator.youth",
            opens_at + Duration::minutes(70),
        )
        .await?;
    }
    for (i, (id, sector)) in asked.iter().take(20).enumerate() {
        let panelist = panel
            .iter()
            .find(|(_, sectors)| sectors.contains(sector))
            .map(|(id, _)| *id);
        crate::cafe::moderation::store::set_answer(
            tx,
            *id,
            "أجاب المتدخل عن السؤال بالتفصيل وقدّم أرقام القطاع والبرنامج الجاري في الإقليم.",
            panelist,
        )
        .await?;
        crate::cafe::moderation::store::log(
            tx,
            past,
            Some(*id),
            "answered",
            "",
            "moderator.youth",
            opens_at + Duration::minutes(20 + 7 * i as i64),
        )
        .await?;
        if i % 2 == 0 {
            crate::cafe::moderation::store::insert_commitment(
                tx,
                &crate::cafe::moderation::store::NewCommitment {
                    question_id: *id,
                    panelist_id: panelist,
                    commitment: "زيارة ميدانية ولقاء مع شباب الإقليم لتتبع الملف",
                    sector,
                    due_on: Some((now + Duration::days(60 + 15 * i as i64)).date_naive()),
                    created_by: "moderator.youth",
                },
                now - Duration::days(29),
            )
            .await?;
        }
    }
    made.sessions += 1;
    made.questions += asked.len() as u64;

    // Open now in Taza: questions coming in, some waiting for the moderators.
    let opens_at = now - Duration::minutes(30);
    let open = session(
        tx,
        now,
        organization,
        "التشغيل والتكوين في إقليم تازة",
        "منتدى الشباب الإقليمي بتازة",
        "دار الشباب تازة",
        ("03.561", "/MA/03/03.561/"),
        opens_at,
        opens_at + Duration::hours(3),
    )
    .await?;
    for seat in &PANEL[..2] {
        let p = Panelist {
            id: 0,
            name_ar: seat.name_ar.into(),
            name_latin: seat.name_latin.into(),
            role: seat.role.into(),
            sectors: seat.sectors.into(),
            person_uid: None,
        };
        store::insert_panelist(tx, open, &p, None).await?;
    }
    let phones = devices(tx, rng, "open", 300, now).await?;
    let mut ballots = Vec::new();
    for n in 0..30usize {
        let (_, text) = *rng.pick(QUESTIONS);
        let body = text.replace("{}", if rng.chance(0.7) { "تازة" } else { "Taza" });
        let status = if n % 5 == 4 {
            Status::Pending
        } else {
            Status::Published
        };
        let at = opens_at + Duration::seconds(rng.between(0, 25 * 60));
        let id = question(tx, rng, open, phones[n], &body, status, at).await?;
        if status == Status::Published {
            let count = 60 / (n + 1) + rng.below(6) as usize;
            for k in 0..count {
                ballots.push(store::Ballot {
                    session_id: open,
                    question_id: id,
                    device_id: phones[(n + k * 11) % phones.len()],
                    cast: true,
                    limit: 0,
                });
            }
        }
        made.questions += 1;
    }
    made.votes += ballots.len() as u64;
    store::write_ballots(tx, &ballots, now).await?;
    made.sessions += 1;
    Ok(made)
}

#[expect(clippy::too_many_arguments, reason = "a session's fields, named at the call")]
async fn session(
    tx: &mut Tx,
    now: DateTime<Utc>,
    organization: i64,
    title: &str,
    event: &str,
    place: &str,
    (unit_code, unit_path): (&str, &str),
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
) -> anyhow::Result<i64> {
    let code = new_code();
    Ok(store::insert_session(
        tx,
        &NewSession {
            code: &code,
            title,
            event,
            place,
            unit_code,
            unit_path,
            organizer_body_id: None,
            organization_id: organization,
            opens_at,
            closes_at,
            anonymous_allowed: true,
            premoderation: true,
            max_length: 280,
            votes_per_device: 0,
            created_by: "demo",
        },
        now,
    )
    .await?)
}

async fn devices(
    tx: &mut Tx,
    rng: &mut Rng,
    label: &str,
    n: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let digest = format!("demo-{label}-{i}-{}", rng.next_u64());
        ids.push(store::device(tx, &digest, now).await?);
    }
    Ok(ids)
}

async fn question(
    tx: &mut Tx,
    rng: &mut Rng,
    session_id: i64,
    device_id: i64,
    body: &str,
    status: Status,
    at: DateTime<Utc>,
) -> anyhow::Result<i64> {
    // A third stay anonymous; the others give a first name, most an age band.
    let first_name = if rng.chance(0.35) {
        ""
    } else if rng.chance(0.5) {
        rng.pick(FEMALE).ar
    } else {
        rng.pick(MALE).ar
    };
    let age_band = if rng.chance(0.8) {
        *rng.pick(&AGE_BANDS[..3])
    } else {
        ""
    };
    Ok(store::insert_question(
        tx,
        &NewQuestion {
            session_id,
            device_id,
            body,
            first_name,
            age_band,
            status,
        },
        at,
    )
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_question_has_a_known_sector() {
        for (sector, text) in QUESTIONS {
            assert!(crate::cafe::model::SECTORS.contains(sector), "{sector}");
            assert!(text.contains("{}"), "{text}");
        }
    }
}
