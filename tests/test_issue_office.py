"""The 简报 through a real office suite: LibreOffice converts the .docx and the .html to PDF, poppler reads
the positions back (报头 at the top of page 1, 报尾 at the foot of the last page)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from conftest import BODY, office_env

TOOLS = ("soffice", "pdftotext", "pdfinfo")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
if MISSING and os.environ.get("GOVINFO_REQUIRE_OFFICE"):
    raise RuntimeError(f"GOVINFO_REQUIRE_OFFICE is set but these are not installed: {', '.join(MISSING)}")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bool(MISSING), reason=f"LibreOffice/poppler-utils not installed ({', '.join(MISSING)})")]

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def boxes(pdf):
    """[(page, y, x, text)] of every word, and the page count."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for n, page in enumerate(xml.split("<page ")[1:], 1):
        found += [(n, float(m[2]), float(m[1]), m[5]) for m in WORD.finditer(page)]
    return found, len(PAGE.findall(xml))


def convert(path, out, profile, html=False):
    extra = ["--infilter=HTML (StarWriter)"] if html else []
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore", *extra,
                    "--convert-to", "pdf", "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=300,
                   env=office_env())
    return out / (path.stem + ".pdf")


@pytest.mark.parametrize("length", [1, 6])
def test_masthead_on_page_one_and_tail_at_the_foot_of_the_last_page(ws_root, cli, submit, tmp_path, length):
    long_body = "\n".join([BODY] * length)
    ids = [submit(unit=u, title=f"{u}扎实推进秋粮收购工作", body=long_body, date="2026-10-12") for u in ("T01", "T02", "G01")]
    r = cli("issue", "new", "--pub", "city_express", "--date", "2026-11-13")
    issue = r.out.strip()
    assert cli("issue", "add", issue, *ids).code == 0
    assert cli("issue", "publish", issue).code == 0
    profile = (tmp_path / "lo-profile").as_uri()
    pdf = convert(ws_root / "out" / "政府工作快报-2026年第1期.docx", tmp_path / "pdf", profile)
    words, pages = boxes(pdf)
    assert pages >= (2 if length > 1 else 1)
    mast = [w for w in words if w[3] == "政府工作快报"]
    assert mast and mast[0][0] == 1 and mast[0][1] < 250                     # 报头: page 1, upper part
    first = {w[3] for w in words if w[0] == 1}
    assert "某某市人民政府办公室" in first and any("11" in t for t in first)
    tail = [w for w in words if "共印" in w[3] or w[3].startswith("报：")]
    assert tail and all(w[0] == pages for w in tail)                           # 报尾: the last page …
    bottom_margin = 841.9 - 35 * 72 / 25.4
    assert all(bottom_margin - 110 < w[1] < bottom_margin for w in tail)       # … at its foot, above the page number
    text_above = [w[1] for w in words if w[0] == pages and w[1] < bottom_margin - 110]
    assert text_above and "（市发展和改革局）" in "".join(w[3] for w in words if w[0] == pages)
    numbers = [w for w in words if re.fullmatch(r"\d+", w[3]) and w[1] > bottom_margin]
    assert len(numbers) == pages                                                # — N — on every page
    html_pdf = convert(ws_root / "out" / "政府工作快报-2026年第1期.html", tmp_path / "html", profile, html=True)
    text = "".join(w[3] for w in boxes(html_pdf)[0])
    assert "政府工作快报" in text and "（共印80份）" in text
