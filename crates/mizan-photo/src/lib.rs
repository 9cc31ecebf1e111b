//! Photos kept as evidence of an activity. What a volunteer's phone sends is never kept as sent:
//! it is decoded within limits (a small file that claims a huge picture is refused before any
//! pixel is allocated), turned upright by its EXIF orientation, shrunk, and encoded again as a
//! plain JPEG. Nothing of the original file survives but its pixels, so the location a phone
//! writes in its metadata (GPS), the device's name and the time are gone.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

/// The longest side of a kept photo, in pixels: enough to read a banner on a projector.
pub const LONGEST_SIDE: u32 = 1600;
/// The longest side of its thumbnail, shown in lists and on a phone.
pub const THUMBNAIL_SIDE: u32 = 480;
/// The largest picture decoded: 12,000 pixels a side, 50 megapixels (a phone's largest photos),
/// and 160 MiB once decoded (50 megapixels in 8-bit colour; a 16-bit or transparent picture of
/// that size is refused). The decoded picture is the largest allocation of a photo's handling:
/// it is shrunk in one pass straight from it, then turned upright small.
const MAX_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 50_000_000;
const MAX_DECODED: u64 = 160 * 1024 * 1024;
const QUALITY: u8 = 82;

/// What decoding a photo of `width` × `height` costs at most, in bytes: the decoded picture (at
/// most [`MAX_DECODED`]) and the smaller copies made from it. A server that decodes n photos at
/// once needs n times this, whatever the files claim.
pub const MAX_MEMORY_PER_PHOTO: u64 = MAX_DECODED + 32 * 1024 * 1024;

/// A photo ready to keep: JPEG bytes without metadata, and its thumbnail.
#[derive(Clone, Debug)]
pub struct Photo {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub thumbnail: Vec<u8>,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// Not a JPEG, PNG or WebP picture, by its first bytes.
    #[error("not a JPEG, PNG or WebP picture")]
    NotAPhoto,
    /// Larger than the limits (sides or memory).
    #[error("the picture is too large to be read")]
    TooLarge,
    /// Its first bytes say it is a picture, but it cannot be read.
    #[error("the picture is damaged: {0}")]
    Damaged(String),
}

/// Reads a picture and makes it a photo to keep (see the module's comment).
pub fn reencode(bytes: &[u8]) -> Result<Photo, PhotoError> {
    let rgb = on_white(decode_shrunk_upright(bytes)?);
    let thumbnail = if rgb.width().max(rgb.height()) > THUMBNAIL_SIDE {
        DynamicImage::ImageRgb8(rgb.clone())
            .thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE)
            .to_rgb8()
    } else {
        rgb.clone()
    };
    Ok(Photo {
        width: rgb.width(),
        height: rgb.height(),
        jpeg: jpeg(&rgb)?,
        thumbnail: jpeg(&thumbnail)?,
    })
}

/// Decodes a picture whose header promises a reasonable size, shrinks it to [`LONGEST_SIDE`] and
/// turns it upright by its EXIF orientation.
fn decode_shrunk_upright(bytes: &[u8]) -> Result<DynamicImage, PhotoError> {
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(PhotoError::NotAPhoto),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(error)?;
    // The header's word, checked before a single pixel is allocated.
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > MAX_PIXELS || decoder.total_bytes() > MAX_DECODED {
        return Err(PhotoError::TooLarge);
    }
    let orientation = decoder.orientation().map_err(error)?;
    let picture = DynamicImage::from_decoder(decoder).map_err(error)?;
    // `thumbnail` averages the pixels in one pass into the small picture; `resize` would first
    // make a full-height copy in floating point (several times the decoded picture).
    let mut picture = if picture.width().max(picture.height()) > LONGEST_SIDE {
        picture.thumbnail(LONGEST_SIDE, LONGEST_SIDE)
    } else {
        picture
    };
    picture.apply_orientation(orientation);
    Ok(picture)
}

fn error(e: image::ImageError) -> PhotoError {
    match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge,
        other => PhotoError::Damaged(other.to_string()),
    }
}

/// The picture's colours, transparent parts laid on white (JPEG has no transparency).
fn on_white(picture: DynamicImage) -> RgbImage {
    if !picture.color().has_alpha() {
        return picture.to_rgb8();
    }
    let rgba = picture.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

fn jpeg(rgb: &RgbImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(rgb)
        .map_err(error)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::ImageEncoder;

    /// A JPEG whose EXIF says where it was taken (a GPS tag) and how it is turned.
    fn phone_jpeg(width: u32, height: u32, orientation: u8) -> Vec<u8> {
        // A little-endian EXIF directory: Orientation, then a GPS IFD pointer and a maker string.
        let mut exif = b"II\x2a\0\x08\0\0\0\x02\0".to_vec();
        exif.extend_from_slice(&[0x12, 0x01, 0x03, 0, 1, 0, 0, 0, orientation, 0, 0, 0]);
        exif.extend_from_slice(&[0x25, 0x88, 0x04, 0, 1, 0, 0, 0, 0x26, 0, 0, 0]);
        exif.extend_from_slice(&[0, 0, 0, 0]);
        exif.extend_from_slice(b"GPS 34.2133N 4.0103W Taza");
        let mut out = Vec::new();
        let mut encoder = image::codecs::jpeg::JpegEncoder::new(&mut out);
        encoder.set_exif_metadata(exif).expect("jpeg takes exif");
        let pixels: Vec<u8> = (0..width * height)
            .flat_map(|i| {
                let (x, y) = (i % width, i / width);
                // left half red, right half blue: an orientation is visible
                if x < width / 2 {
                    [200, 20, 20]
                } else {
                    [20, 20, 200]
                }
                .map(|c| c ^ (y as u8 & 1))
            })
            .collect();
        encoder
            .write_image(&pixels, width, height, image::ExtendedColorType::Rgb8)
            .expect("encodes");
        out
    }

    #[test]
    fn the_kept_photo_has_no_metadata_and_stands_upright() {
        let sent = phone_jpeg(400, 200, 6); // 6: turn 90° clockwise to view
        assert!(sent.windows(4).any(|w| w == b"Exif"));
        let photo = reencode(&sent).expect("a photo");
        assert!(!photo.jpeg.windows(4).any(|w| w == b"Exif"), "metadata kept");
        assert!(!photo.jpeg.windows(3).any(|w| w == b"GPS"), "location kept");
        assert_eq!((photo.width, photo.height), (200, 400), "turned upright");
        // Red was on the left; turned clockwise, it is on top.
        let kept = image::load_from_memory(&photo.jpeg)
            .expect("reads back")
            .to_rgb8();
        assert!(kept.get_pixel(100, 20).0[0] > 150 && kept.get_pixel(100, 380).0[2] > 150);
    }

    #[test]
    fn large_photos_are_shrunk_and_get_a_thumbnail() {
        let photo = reencode(&phone_jpeg(3200, 1800, 1)).expect("a photo");
        assert_eq!((photo.width, photo.height), (1600, 900));
        let thumb = image::load_from_memory(&photo.thumbnail).expect("reads back");
        assert_eq!((thumb.width(), thumb.height()), (480, 270));
        assert!(photo.jpeg.len() < 400_000);
    }

    #[test]
    fn what_is_not_a_photo_is_refused() {
        assert_eq!(reencode(b"%PDF-1.7 ...").err(), Some(PhotoError::NotAPhoto));
        assert_eq!(reencode(b"").err(), Some(PhotoError::NotAPhoto));
        let mut cut = phone_jpeg(64, 64, 1);
        cut.truncate(cut.len() / 3);
        assert!(matches!(reencode(&cut), Err(PhotoError::Damaged(_))));
    }

    #[test]
    fn a_small_file_claiming_a_huge_picture_is_refused_before_decoding() {
        // A PNG header that claims 60,000 × 60,000 pixels.
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0; 4], 2, 2, image::ExtendedColorType::L8)
            .expect("encodes");
        // IHDR's width and height sit at bytes 16..24; its CRC is checked, so fix it too.
        png[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(reencode(&png).err(), Some(PhotoError::TooLarge));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_picture_of_more_pixels_than_a_phone_takes_is_refused_before_decoding() {
        // 8,000 × 8,000 (64 megapixels), a few hundred bytes: under the side limit, over the
        // pixels'. Only its header is read: no 64 MiB are allocated.
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0; 4], 2, 2, image::ExtendedColorType::L8)
            .expect("encodes");
        png[16..20].copy_from_slice(&8_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&8_000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(reencode(&png).err(), Some(PhotoError::TooLarge));
    }

    #[test]
    fn transparency_is_laid_on_white() {
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(&[0, 0, 0, 0].repeat(16), 4, 4, image::ExtendedColorType::Rgba8)
            .expect("encodes");
        let photo = reencode(&png).expect("a photo");
        let kept = image::load_from_memory(&photo.jpeg)
            .expect("reads back")
            .to_rgb8();
        assert!(kept.get_pixel(1, 1).0.iter().all(|&c| c > 240));
    }
}
