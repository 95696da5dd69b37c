"""Certificates: the PDF names the volunteer and the code, in fonts it carries; anyone can check
the code."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from matchmaker.reward import pdf as certificate_pdf
from matchmaker.reward import services
from matchmaker.reward.models import Certificate, CertificateStatus, RewardProfile
from tests.conftest import csrf_from
from tests.factories import CommunityFactory, UserFactory, VolunteerFactory
from tests.supervise.builders import NOW, TODAY, log_visit


def issue(db, pairing, worker):
    log_visit(pairing, TODAY - timedelta(days=3), "09:00", "12:30", verified_by=worker)
    certificate = services.issue_certificate(
        pairing.volunteer,
        start=TODAY - timedelta(days=30),
        end=TODAY,
        by=pairing.volunteer.user,
        now=NOW,
    )
    db.session.commit()
    return certificate


def test_volunteer_requests_and_downloads_a_certificate(db, client, auth, pairing, worker):
    log_visit(pairing, TODAY - timedelta(days=3), "09:00", "12:30", verified_by=worker)
    auth.login(pairing.volunteer.user.email)
    page = client.get("/reward/me")
    assert "3.5" in page.get_data(as_text=True)
    response = client.post(
        "/reward/certificates",
        data={
            "csrf_token": csrf_from(page),
            "period_start": (TODAY - timedelta(days=30)).isoformat(),
            "period_end": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    certificate = db.session.scalar(select(Certificate))
    assert certificate.minutes == 210 and len(certificate.code) == 14
    pdf = client.get(f"/reward/certificates/{certificate.code}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "李志愿" in text and certificate.code in text and "3.5" in text


def test_pdf_prints_the_local_issue_day_like_the_verify_page(db, client, auth, pairing, worker):
    certificate = issue(db, pairing, worker)
    # 16:15 UTC on 7 December is 00:15 on 8 December in Beijing.
    certificate.issued_at = datetime(2026, 12, 7, 16, 15, tzinfo=UTC)
    db.session.commit()
    auth.login(pairing.volunteer.user.email)
    pdf = client.get(f"/reward/certificates/{certificate.code}.pdf")
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "2026-12-08" in text and "2026-12-07" not in text
    html = client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "2026-12-08" in html


def download(db, client, auth, pairing, worker, name: str) -> bytes:
    pairing.volunteer.user.name = name
    certificate = issue(db, pairing, worker)
    auth.login(pairing.volunteer.user.email)
    return client.get(f"/reward/certificates/{certificate.code}.pdf").data


def test_pdf_carries_its_fonts_so_readers_without_chinese_fonts_show_it(
    db, client, auth, pairing, worker
):
    # A reader without Asian fonts (Adobe Reader on an intranet PC) shows a font the PDF only
    # names, such as the built-in STSong-Light, blank; an embedded font it draws itself.
    data = download(db, client, auth, pairing, worker, "王喆䶮")
    fonts = PdfReader(io.BytesIO(data)).pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        assert font["/Subtype"] == "/TrueType" and "/FontFile2" in font["/FontDescriptor"]
    assert b"STSong" not in data
    assert len(data) < 200_000  # only the glyphs drawn are embedded


@pytest.mark.parametrize("name", ["王喆䶮", "燊堃昇犇淼玥珺", "阿依古丽·买买提"])
def test_every_character_is_drawn_with_a_glyph_its_font_has(
    db, client, auth, pairing, worker, name
):
    # 喆 堃 昇 犇 淼 玥 珺 燊 are beyond GB2312, 䶮 is in CJK Extension A; the middle dot and
    # the Latin text come from the second font.
    page = PdfReader(io.BytesIO(download(db, client, auth, pairing, worker, name))).pages[0]
    cmaps = {font.face.name.decode(): font.face.charToGlyph for font in certificate_pdf.fonts()}
    drawn = []

    def check(text, cm, tm, font, size):
        if text.strip():
            face = font["/BaseFont"].split("+")[-1]  # "/AAAAAA+DroidSansFallback"
            # A character no font has comes back as U+0000 (ReportLab draws the empty box).
            missing = [c for c in text if not c.isprintable() or ord(c) not in cmaps[face]]
            assert not missing, f"{face} has no glyph for {missing} in {text!r}"
            drawn.append(text)

    page.extract_text(visitor_text=check)
    text = page.extract_text()
    assert f"兹证明 {name} 同志" in text and "Certificate of Volunteer Service" in text
    assert len(drawn) > 10


def test_no_certificate_for_a_period_without_verified_hours(db, client, auth, pairing):
    auth.login(pairing.volunteer.user.email)
    page = client.get("/reward/me")
    response = client.post(
        "/reward/certificates",
        data={
            "csrf_token": csrf_from(page),
            "period_start": (TODAY - timedelta(days=30)).isoformat(),
            "period_end": (TODAY + timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 422 and "不能晚于今天" in response.get_data(as_text=True)
    response = client.post(
        "/reward/certificates",
        data={
            "csrf_token": csrf_from(page),
            "period_start": (TODAY - timedelta(days=30)).isoformat(),
            "period_end": TODAY.isoformat(),
        },
    )
    assert response.status_code == 422 and "没有已核实的服务时长" in response.get_data(as_text=True)
    assert db.session.scalar(select(Certificate)) is None


def test_only_the_owner_and_staff_of_the_community_download(db, client, auth, pairing, worker):
    certificate = issue(db, pairing, worker)
    stranger = VolunteerFactory(approved=True)
    auth.login(stranger.user.email)
    assert client.get(f"/reward/certificates/{certificate.code}.pdf").status_code == 404
    auth.logout()
    outsider = UserFactory(roles=["social_worker"], communities=[CommunityFactory()])
    auth.login(outsider.email)
    assert client.get(f"/reward/certificates/{certificate.code}.pdf").status_code == 404
    assert certificate.code not in client.get("/reward/certificates").get_data(as_text=True)
    auth.logout()
    auth.login(worker.email)
    assert client.get(f"/reward/certificates/{certificate.code}.pdf").status_code == 200


def test_public_check_shows_a_masked_name_and_revocation(db, client, auth, pairing, worker):
    certificate = issue(db, pairing, worker)
    html = client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "该证明有效" in html and "李**" in html and "李志愿" not in html and "3.5" in html
    lower = client.get(f"/certificates/{certificate.code.lower()}")
    assert lower.status_code == 200
    auth.login(worker.email)
    page = client.get("/reward/certificates")
    prefix = f"c{certificate.id}"
    empty = client.post(
        f"/reward/certificates/{certificate.code}/revoke",
        data={f"{prefix}-csrf_token": csrf_from(page)},
    )
    assert empty.status_code == 422
    response = client.post(
        f"/reward/certificates/{certificate.code}/revoke",
        data={f"{prefix}-csrf_token": csrf_from(page), f"{prefix}-reason": "时长记录有误"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Certificate, certificate.id).status is CertificateStatus.REVOKED
    auth.logout()
    html = client.get(f"/certificates/{certificate.code}").get_data(as_text=True)
    assert "已被撤销" in html


def test_unknown_code_is_a_404_with_a_clear_message(db, client):
    response = client.get("/certificates/AAAA-BBBB-CCCC")
    assert response.status_code == 404
    assert "没有验证码为 AAAA-BBBB-CCCC 的证明" in response.get_data(as_text=True)
    assert (
        client.get("/certificates?code=aaaa-bbbb-cccc")
        .headers["Location"]
        .endswith("/certificates/AAAA-BBBB-CCCC")
    )


def test_codes_are_unguessable_and_distinct():
    codes = {services.new_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == 14 and c.count("-") == 2 for c in codes)
    assert not any(ch in c for c in codes for ch in "01OIL")


def test_honour_roll_shows_opted_in_display_names_only(db, client, auth, pairing, worker):
    log_visit(pairing, TODAY - timedelta(days=3), "09:00", "12:00", verified_by=worker)
    assert "李志愿" not in client.get("/reward/honour-roll").get_data(as_text=True)
    auth.login(pairing.volunteer.user.email)
    page = client.get("/reward/me")
    missing = client.post(
        "/reward/me/honour-roll", data={"csrf_token": csrf_from(page), "opt_in": "y"}
    )
    assert missing.status_code == 422 and "光荣榜上显示的名字" in missing.get_data(as_text=True)
    client.post(
        "/reward/me/honour-roll",
        data={"csrf_token": csrf_from(page), "opt_in": "y", "display_name": "小李"},
    )
    auth.logout()
    html = client.get("/reward/honour-roll").get_data(as_text=True)
    assert "小李" in html and "李志愿" not in html and "3.0" in html
    assert db.session.get(RewardProfile, pairing.volunteer_id).honour_opt_in


def test_visitors_find_the_honour_roll_and_certificate_check_from_home(db, client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/reward/honour-roll"' in html and 'href="/certificates"' in html
