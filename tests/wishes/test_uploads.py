"""Uploaded photos: only real JPEG/PNG/WebP up to 5 MB, stored without EXIF (no location)."""

from io import BytesIO

import pytest
from PIL import Image

from matchmaker.wishes import uploads
from tests.wishes.conftest import big_jpeg, image_bytes, jpeg_with_gps


def test_gps_exif_is_stripped(app):
    original = jpeg_with_gps()
    assert Image.open(BytesIO(original)).getexif().get_ifd(0x8825)  # the test image has GPS
    with app.test_request_context():
        name = uploads.store_image(original)
        stored = uploads.path_of(name).read_bytes()
    assert name.endswith(".jpg") and len(name) > 30
    image = Image.open(BytesIO(stored))
    assert image.format == "JPEG" and image.size == (64, 48)
    exif = image.getexif()
    assert not exif.get_ifd(0x8825) and 0x8825 not in exif and len(exif) == 0
    assert b"Exif" not in stored and b"TestCam" not in stored


@pytest.mark.parametrize("size", [(4000, 3000), (6000, 4500)])  # the second decoded at 1/2
def test_a_phone_photo_is_stored_upright_and_page_sized(app, size):
    """A phone stores a portrait photo as landscape pixels with an orientation tag (6: turn
    90° clockwise); the stored copy has no tag, so it must be turned already."""
    width, height = size
    image = Image.new("RGB", size, (200, 120, 40))
    image.paste((0, 0, 0), (0, 0, width // 10, height // 10))  # a dark corner, to see where
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=80)
    with app.test_request_context():
        stored = Image.open(uploads.path_of(uploads.store_image(buffer.getvalue())))
    assert stored.size == (1500, 2000)  # portrait, no side over 2000
    assert stored.getpixel((1450, 50))[0] < 60  # the dark corner is now at the top right
    assert stored.getpixel((50, 50))[0] > 150


@pytest.mark.parametrize(("fmt", "suffix"), [("PNG", ".png"), ("WEBP", ".webp"), ("JPEG", ".jpg")])
def test_accepted_formats(app, fmt, suffix):
    with app.test_request_context():
        name = uploads.store_image(image_bytes(fmt))
        assert name.endswith(suffix)
        assert Image.open(uploads.path_of(name)).format == fmt


@pytest.mark.parametrize(
    "data",
    [
        b"just some text, not a picture",
        image_bytes("GIF"),
        image_bytes("BMP"),
        image_bytes("JPEG")[:200],  # cut short
        b"%PDF-1.4 fake",
    ],
    ids=["text", "gif", "bmp", "truncated-jpeg", "pdf"],
)
def test_refused_uploads(app, data):
    with app.test_request_context(), pytest.raises(uploads.BadImage) as refused:
        uploads.store_image(data)
    assert refused.value.reason == "not_image"


def test_over_five_megabytes_is_refused(app):
    data = big_jpeg()
    assert len(data) > 6 * 1024 * 1024 - 1
    with app.test_request_context(), pytest.raises(uploads.BadImage) as refused:
        uploads.store_image(data)
    assert refused.value.reason == "too_large"


def test_stored_names_cannot_escape_the_folder(app):
    with app.test_request_context():
        for name in ("../secret_key", "/etc/passwd", ".hidden", "", "a\\b"):
            assert uploads.path_of(name) is None
