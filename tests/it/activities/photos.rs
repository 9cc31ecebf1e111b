//! Photos as evidence: kept without their location until the activity is verified.

use super::*;

/// A phone's JPEG: its EXIF says where it was taken (a GPS block with the coordinates as text).
fn phone_photo() -> Vec<u8> {
    use image::ImageEncoder;
    let mut exif = b"II\x2a\0\x08\0\0\0\x01\0".to_vec();
    exif.extend_from_slice(&[0x25, 0x88, 0x04, 0, 1, 0, 0, 0, 0x1a, 0, 0, 0, 0, 0, 0, 0]);
    exif.extend_from_slice(b"GPS 34.0531N 4.8010W Ghafsai");
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new(&mut out);
    encoder.set_exif_metadata(exif).expect("exif");
    let pixels: Vec<u8> = (0..2400u32 * 1200)
        .flat_map(|i| [(i % 251) as u8, 90, 40])
        .collect();
    encoder
        .write_image(&pixels, 2400, 1200, image::ExtendedColorType::Rgb8)
        .expect("a jpeg");
    out
}

#[tokio::test]
async fn photos_are_kept_as_evidence_without_their_location_until_the_activity_is_verified() {
    let (app, report) = TestApp::with_demo().await;
    let branch = crate::helpers::rural_branch(&report);
    let mut volunteer = app.browser();
    volunteer.login("branch.rural", crate::helpers::PASSWORD).await;
    let recorded = volunteer
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
    let activity = activity_at(&recorded);
    let token = volunteer.csrf().await;
    let send = |bytes: &[u8]| crate::helpers::multipart("photo", "IMG_2041.jpg", bytes);
    let path = format!("/activities/{activity}/photos?_csrf={token}");

    let sent = phone_photo();
    assert!(
        sent.windows(3).any(|w| w == b"GPS"),
        "the fixture carries a location"
    );
    let (ct, body) = send(&sent);
    let kept = volunteer.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    let shown = volunteer.activity_page(&activity).await;
    assert_eq!(shown.count("ul.photos img"), 1);
    let link = shown.attr("ul.photos a", "href").expect("the photo");
    let photo = volunteer.get(&link).await;
    assert_eq!(photo.header("content-type"), Some("image/jpeg"));
    assert!(photo.bytes.starts_with(b"\xFF\xD8\xFF"));
    assert!(!photo.bytes.windows(4).any(|w| w == b"Exif"), "metadata kept");
    assert!(!photo.bytes.windows(3).any(|w| w == b"GPS"), "location kept");
    let kept = image::load_from_memory(&photo.bytes).expect("a picture");
    assert_eq!((kept.width(), kept.height()), (1600, 800), "shrunk");
    let thumbnail = volunteer
        .get(&shown.attr("ul.photos img", "src").expect("a thumbnail"))
        .await;
    assert!(thumbnail.bytes.len() < photo.bytes.len());

    // What is not a photo is refused beside the field, in Arabic.
    let (ct, body) = send(b"%PDF-1.4\n%%EOF\n");
    let refused = volunteer.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let said = refused.texts("#photo-error").concat();
    assert!(said.contains("JPEG") && said.contains("صورة"), "{said}");

    // Another province's secretary sees neither the activity nor its photo.
    let mut other = app
        .signed_in("secretary.photos", Role::BranchSecretary, Some("03.561"))
        .await;
    assert_eq!(other.get(&link).await.status, StatusCode::NOT_FOUND);
    // A viewer of the province sees the activity, and that it has a photo, but not the photo:
    // it shows people.
    let mut viewer = app.signed_in("viewer.photos", Role::Viewer, Some("03.531")).await;
    let seen = viewer.activity_page(&activity).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.count("ul.photos img"), 0);
    assert_eq!(seen.texts("#photos h2"), vec!["الصور (إثبات) (1)"]);
    assert!(seen.texts("#photos p").concat().contains("الصور تُظهر أشخاصًا"));
    assert_eq!(viewer.get(&link).await.status, StatusCode::NOT_FOUND);

    // A second photo, sent by mistake, is removed; once verified, nothing changes any more.
    let (ct, body) = send(&sent);
    volunteer.request(Method::POST, &path, Some(&ct), body).await;
    let shown = volunteer.activity_page(&activity).await;
    assert_eq!(shown.count("ul.photos img"), 2);
    let remove = shown.attr("ul.photos form", "action").expect("a remove button");
    let removed = volunteer.post_form(&remove, &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(volunteer.activity_page(&activity).await.count("ul.photos img"), 1);
    let mut coordinator = app.browser();
    coordinator
        .login("coord.taounate", crate::helpers::PASSWORD)
        .await;
    let verified = coordinator
        .review_activity(&activity, &[("verdict", "verify")])
        .await;
    assert_eq!(verified.status, StatusCode::SEE_OTHER, "{}", verified.body);
    let (ct, body) = send(&sent);
    let late = volunteer.request(Method::POST, &path, Some(&ct), body).await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(
        coordinator.activity_page(&activity).await.count("ul.photos img"),
        1
    );
    assert_eq!(
        crate::helpers::scalar(
            &app.state.db,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('activity.photo', 'activity.photo_removed')"
        )
        .await,
        3
    );
}
