"""Helpers for wish tests: wishes in any state, images (with GPS EXIF), a posting client."""

import functools
from datetime import UTC, datetime
from io import BytesIO

import pytest
from PIL import Image

from matchmaker.extensions import db as _db
from matchmaker.wishes import claims, services
from matchmaker.wishes.models import WishCategory
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, ResidentFactory, UserFactory

STATES = ("draft", "submitted", "published", "claimed", "delivered", "fulfilled")


def make_wish(state="published", *, resident=None, worker=None, donor=None, **fields):
    """A wish brought to ``state`` through the services (so its history is real)."""
    resident = resident or ResidentFactory()
    worker = worker or UserFactory(roles=["social_worker"], communities=[resident.community])
    values = {
        "title": "轮椅减压坐垫",
        "story": "长期坐轮椅，希望有一个减压坐垫。",
        "category": WishCategory.ASSISTIVE,
        "cost_yuan": 280,
    }
    values.update(fields)
    author = resident.user if state == "submitted" else worker
    if state == "submitted" and author is None:
        author = UserFactory(roles=["resident"])
        resident.user_id = author.id
    wish = services.draft_wish(resident, by=author, **values)
    if state not in ("draft", "submitted"):
        services.publish_wish(wish, by=worker)
    if state in ("claimed", "delivered", "fulfilled"):
        donor = donor or UserFactory(roles=["donor"])
        claim = claims.claim_wish(wish, donor=donor)
        if state in ("delivered", "fulfilled"):
            claims.mark_delivered(claim, by=donor)
        if state == "fulfilled":
            claims.confirm_delivery(claim, by=worker, note="已交给居民")
    _db.session.commit()
    return wish


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A real JPEG whose EXIF holds a GPS position (Hangzhou) and a camera make."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    gps = {1: "N", 2: (30.0, 16.0, 12.5), 3: "E", 4: (120.0, 9.0, 3.25)}
    exif[0x8825] = gps  # GPSInfo IFD
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def image_bytes(fmt="PNG", size=(32, 32)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format=fmt)
    return buffer.getvalue()


@functools.cache
def big_jpeg(min_bytes=6 * 1024 * 1024) -> bytes:
    """A real JPEG just over ``min_bytes`` (noise compresses badly), below the 8 MB body cap."""
    import os

    side = 1400
    while True:
        noise = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        buffer = BytesIO()
        noise.save(buffer, format="JPEG", quality=100)
        if buffer.tell() > min_bytes:
            return buffer.getvalue()
        side += 50


def far_future():
    return datetime(2099, 1, 1, tzinfo=UTC)


@pytest.fixture
def community(db):
    return CommunityFactory()


@pytest.fixture
def post(client):
    """``post(url, data, page_url=...)``: take a CSRF token from a page, then post."""

    def send(url, data=None, *, page_url="/wishes", follow_redirects=False, **kwargs):
        token = csrf_from(client.get(page_url))
        return client.post(
            url,
            data={**(data or {}), "csrf_token": token},
            follow_redirects=follow_redirects,
            **kwargs,
        )

    return send
