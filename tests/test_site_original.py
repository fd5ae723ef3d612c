"""disclosure.original: the signed or scanned document, linked as 「原件」 from the report
page and copied into the site; only a regular file really inside the report's folder."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from urllib.parse import quote

import pypdf
import pytest
from conftest import CONTENT

from builder.pipeline.build import Options, build

REPORT = Path("futian-xinfang/2023/petition-affairs")


def _content(tmp_path: Path, original: str) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "futian-xinfang", content / "futian-xinfang")
    shutil.copy(CONTENT / "site.yaml", content / "site.yaml")
    yaml = content / REPORT / "report.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = text.replace("disclosure:\n", f"disclosure:\n  original: {original}\n", 1)
    yaml.write_text(text, encoding="utf-8")
    return content


def _pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_the_original_is_copied_and_linked(tmp_path: Path) -> None:
    content = _content(tmp_path, "原件.pdf")
    (content / REPORT / "原件.pdf").write_bytes(_pdf())
    out = tmp_path / "site"
    outcome = build(Options([content], out, pdf=False, search=False))
    assert outcome.published, [d.message for d in outcome.diagnostics]
    assert (out / REPORT / "原件.pdf").read_bytes() == (content / REPORT / "原件.pdf").read_bytes()
    html = (out / REPORT / "index.html").read_text(encoding="utf-8")
    assert f'<a class="button button-secondary" href="{quote("原件.pdf")}">原件</a>' in html
    other = (out / "futian-xinfang/2023/it-operations/index.html").read_text(encoding="utf-8")
    assert ">原件</a>" not in other


@pytest.mark.parametrize(
    ("name", "code"),
    [("原件.pdf", "JX620"), ("../it-operations/report.yaml", "JX621"), ("链接.pdf", "JX621")],
)
def test_a_missing_or_outside_original_is_an_error(tmp_path: Path, name: str, code: str) -> None:
    content = _content(tmp_path, name)
    outside = tmp_path / "secret.pdf"
    outside.write_bytes(_pdf())
    (content / REPORT / "链接.pdf").symlink_to(outside)
    out = tmp_path / "site"
    outcome = build(Options([content], out, pdf=False, search=False))
    found = [d for d in outcome.diagnostics if d.code == code]
    assert found and found[0].pos.file.endswith("report.yaml") and found[0].pos.line > 1
    assert not outcome.published and not out.exists()
