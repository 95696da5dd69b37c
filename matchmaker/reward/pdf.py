"""The service certificate as a PDF, in Chinese, with its fonts embedded in the file.

A PDF that only names a font (as ReportLab's built-in CID font ``STSong-Light`` does) leaves
the reader to supply one: a reader without Asian fonts, such as Adobe Reader on an intranet
PC without its Asian font pack (which it would try to download), shows the text blank or in
boxes. So the certificate embeds Droid Sans Fallback (``fonts/``, Apache 2.0), whose cmap
covers CJK Unified Ideographs to U+9FA5 and all of Extension A, so rare characters of names
(喆 䶮 堃) print too. ReportLab embeds only the glyphs a PDF draws, so a certificate stays small.

That font has no Latin letters or digits; text is drawn in runs, and what it lacks comes from
Bitstream Vera, which ships inside ReportLab.
"""

import io
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ..core.i18n import local_zone
from .models import Certificate

CJK_FONT = "DroidSansFallbackFull"
CJK_FONT_FILE = Path(__file__).with_name("fonts") / "DroidSansFallbackFull.ttf"
#: found by ReportLab on its own font path (reportlab/fonts/Vera.ttf)
LATIN_FONT = "Vera"
LATIN_FONT_FILE = "Vera.ttf"
STAR_NAMES = ("—", "一星", "二星", "三星", "四星", "五星")


def fonts() -> tuple[TTFont, TTFont]:
    """The CJK font and the Latin font that draws what it lacks, registered once per process."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in ((CJK_FONT, CJK_FONT_FILE), (LATIN_FONT, LATIN_FONT_FILE)):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, file))
    return pdfmetrics.getFont(CJK_FONT), pdfmetrics.getFont(LATIN_FONT)


def _font_runs(text: str) -> list[tuple[str, str]]:
    """Split ``text`` into (font name, text) runs, each drawn in a font that has its glyphs.

    The CJK font draws what it has, Vera the rest; a space stays in the run it is in. A
    character neither has (such as one of CJK Extension B) stays with the CJK font and prints
    as a blank the width of a character.
    """
    cjk, latin = fonts()
    runs: list[list[str]] = []
    for char in text:
        if char == " " and runs:
            name = runs[-1][0]
        elif ord(char) in cjk.face.charToGlyph or ord(char) not in latin.face.charToGlyph:
            name = CJK_FONT
        else:
            name = LATIN_FONT
        if runs and runs[-1][0] == name:
            runs[-1][1] += char
        else:
            runs.append([name, char])
    return [(name, part) for name, part in runs]


def _draw(pdf: canvas.Canvas, x: float, y: float, text: str, size: float, align="left"):
    """Draw ``text`` at (x, y), its left end, centre or right end there as ``align`` says."""
    runs = _font_runs(text)
    width = sum(pdfmetrics.stringWidth(part, name, size) for name, part in runs)
    x -= {"left": 0, "centre": width / 2, "right": width}[align]
    line = pdf.beginText(x, y)
    for name, part in runs:
        line.setFont(name, size)
        line.textOut(part)
    pdf.drawText(line)


def certificate_pdf(certificate: Certificate, *, verify_url: str, issuer: str) -> bytes:
    """One landscape A4 page: name, hours, period, level, code and where to verify it."""
    fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    # Starting in the CJK font, not Helvetica, leaves no font in the file that is not embedded.
    pdf = canvas.Canvas(buffer, pagesize=(width, height), initialFontName=CJK_FONT)
    pdf.setTitle(f"志愿服务证明 {certificate.code}")
    pdf.setAuthor(issuer)
    pdf.setLineWidth(3)
    pdf.rect(30, 30, width - 60, height - 60)
    _draw(pdf, width / 2, height - 110, "志愿服务证明", 32, "centre")
    _draw(pdf, width / 2, height - 135, "Certificate of Volunteer Service", 14, "centre")
    level = STAR_NAMES[min(certificate.star_level, 5)]
    lines = [
        f"兹证明 {certificate.holder_name} 同志",
        f"于 {certificate.period_start:%Y年%m月%d日} 至 {certificate.period_end:%Y年%m月%d日}",
        f"参加助残志愿服务，经社工核实服务时长 {certificate.hours:.1f} 小时。",
        f"星级：{level}志愿者" if certificate.star_level else "星级：尚未评星",
    ]
    for i, line in enumerate(lines):
        _draw(pdf, 110, height - 210 - i * 36, line, 18)
    _draw(pdf, 110, 120, f"验证码 Verification code: {certificate.code}", 12)
    _draw(pdf, 110, 100, f"查验地址 Verify at: {verify_url}", 12)
    _draw(pdf, width - 110, 120, issuer, 12, "right")
    # issued_at is stored in UTC; the day printed is the federation's, as on the verify page.
    issued_on = certificate.issued_at.astimezone(local_zone()).date()
    _draw(pdf, width - 110, 100, f"签发日期 Issued: {issued_on:%Y-%m-%d}", 12, "right")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
