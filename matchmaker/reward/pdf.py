"""The service certificate as a PDF, in Chinese with ReportLab's built-in CID font.

``STSong-Light`` ships inside ReportLab (no font file, no network) and readers render it
with their own Song typeface, so Chinese text prints correctly on any intranet PC.
"""

import io

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ..core.i18n import local_zone
from .models import Certificate

FONT = "STSong-Light"
STAR_NAMES = ("—", "一星", "二星", "三星", "四星", "五星")


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def certificate_pdf(certificate: Certificate, *, verify_url: str, issuer: str) -> bytes:
    """One landscape A4 page: name, hours, period, level, code and where to verify it."""
    font = _font()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"志愿服务证明 {certificate.code}")
    pdf.setAuthor(issuer)
    pdf.setLineWidth(3)
    pdf.rect(30, 30, width - 60, height - 60)
    pdf.setFont(font, 32)
    pdf.drawCentredString(width / 2, height - 110, "志愿服务证明")
    pdf.setFont(font, 14)
    pdf.drawCentredString(width / 2, height - 135, "Certificate of Volunteer Service")
    level = STAR_NAMES[min(certificate.star_level, 5)]
    lines = [
        f"兹证明 {certificate.holder_name} 同志",
        f"于 {certificate.period_start:%Y年%m月%d日} 至 {certificate.period_end:%Y年%m月%d日}",
        f"参加助残志愿服务，经社工核实服务时长 {certificate.hours:.1f} 小时。",
        f"星级：{level}志愿者" if certificate.star_level else "星级：尚未评星",
    ]
    pdf.setFont(font, 18)
    for i, line in enumerate(lines):
        pdf.drawString(110, height - 210 - i * 36, line)
    pdf.setFont(font, 12)
    pdf.drawString(110, 120, f"验证码 Verification code: {certificate.code}")
    pdf.drawString(110, 100, f"查验地址 Verify at: {verify_url}")
    pdf.drawRightString(width - 110, 120, issuer)
    # issued_at is stored in UTC; the day printed is the federation's, as on the verify page.
    issued_on = certificate.issued_at.astimezone(local_zone()).date()
    pdf.drawRightString(width - 110, 100, f"签发日期 Issued: {issued_on:%Y-%m-%d}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
