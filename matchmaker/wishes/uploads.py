"""Photos of wishes and evidence of delivery: checked, re-encoded without EXIF, stored.

Only JPEG, PNG and WebP up to 5 MB are accepted, and only if Pillow can decode them. The
stored copy is re-encoded from the pixels alone, so no EXIF (GPS position, camera serial)
survives; the file gets a random name under ``instance/uploads/wishes/``.
"""

import secrets
from io import BytesIO
from pathlib import Path

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
#: Pillow format → stored suffix
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MIMETYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}
#: Larger photos are scaled down; enough for a page, and it bounds decoding work.
MAX_SIDE = 2000
MAX_PIXELS = 40_000_000


class BadImage(ValueError):
    """The upload is not an acceptable image; ``reason`` is "too_large" or "not_image"."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def folder() -> Path:
    path = Path(current_app.instance_path) / "uploads" / "wishes"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_image(data: bytes) -> str:
    """Check ``data`` and store a clean copy; return its file name.

    :raises BadImage: over 5 MB, or not a JPEG, PNG or WebP that Pillow can decode.
    """
    if len(data) > MAX_BYTES:
        raise BadImage("too_large")
    try:
        with Image.open(BytesIO(data)) as probe:
            if probe.format not in FORMATS or probe.width * probe.height > MAX_PIXELS:
                raise BadImage("not_image")
            probe.verify()
        with Image.open(BytesIO(data)) as image:
            fmt = image.format
            # A JPEG is decoded at 1/2, 1/4 or 1/8 of its size where that still leaves
            # MAX_SIDE (a third of the time for a 24-megapixel phone photo); then everything
            # is scaled down before anything else touches its pixels.
            image.draft(None, (MAX_SIDE, MAX_SIDE))
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            # Then turned upright: the orientation tag goes with the rest of EXIF.
            clean = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BadImage("not_image") from None
    if fmt == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    # A fresh image from the pixels only: no info dict, no EXIF, no XMP carried over.
    bare = Image.frombytes(clean.mode, clean.size, clean.tobytes())
    if clean.mode == "P" and clean.getpalette():
        bare.putpalette(clean.getpalette())
    name = secrets.token_urlsafe(24) + FORMATS[fmt]
    buffer = BytesIO()
    options = {"quality": 85} if fmt in ("JPEG", "WEBP") else {}
    bare.save(buffer, format=fmt, **options)
    (folder() / name).write_bytes(buffer.getvalue())
    return name


def path_of(name: str) -> Path | None:
    """The stored file called ``name``, or None if there is none (names are ours alone)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = folder() / name
    return path if path.is_file() else None


def mimetype_of(name: str) -> str:
    return MIMETYPES.get(Path(name).suffix, "application/octet-stream")
