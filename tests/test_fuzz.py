"""Fuzzing (issue 10 §8): whatever the content, the functions the command line runs —
load (decode, compose, validate), score, check, read and render the narrative — give
diagnostics, never an exception.

A few hundred examples per target here, derandomised so CI is repeatable;
scripts/fuzz_long.py runs the same targets for as long as asked, with fresh seeds.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import model
from builder.checks import run_checks
from builder.diagnostics import Diagnostic
from builder.loading.profile import Profile, parse_profile
from builder.loading.reading import read_report, read_site, read_unit
from builder.loading.schema import REPORT
from builder.loading.yamlsrc import compose, decode
from builder.render import prepare_report, render_report
from builder.scoring.engine import score_report

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
FORM = (
    ROOT / "content" / "futian-xinfang" / "2023" / "petition-affairs" / "report.yaml"
).read_text(encoding="utf-8")
UNIT = model.Unit(slug="u", name="测试单位")
FOLDER = "u/2023/r"


def _profiles() -> dict[str, Profile]:
    found = {}
    for path in sorted((ROOT / "builder" / "profiles").glob("*.yaml")):
        profile, _ = parse_profile(path.read_bytes(), path.name)
        assert profile is not None
        found[profile.id] = profile
    return found


PROFILES = _profiles()


def run_report(data: bytes, md: str | None) -> list[Diagnostic]:
    """What `jixiao check` and `build` do with one report folder, without the disk:
    read report.yaml, score, cross-check, read the narrative, render the report body."""
    narrative = None if md is None else model.Narrative(text=md, file=f"{FOLDER}/report.md")
    report, diags = read_report(data, f"{FOLDER}/report.yaml", FOLDER, UNIT, narrative)
    if report is None:
        return diags
    profile = PROFILES.get(report.kind)
    if profile is None:
        return diags
    card, found = score_report(report, profile)
    diags.extend(found)
    diags.extend(run_checks(card))
    prepared = prepare_report(card)
    diags.extend(prepared.diagnostics)
    if not any(d.is_error for d in diags):  # build, pdf and serve render error-free reports
        rendered = render_report(card, None, prepared=prepared)
        assert isinstance(rendered.body_html, str)
    return diags


def assert_diagnostics(diags: list[Diagnostic]) -> None:
    for found in diags:
        assert isinstance(found, Diagnostic)
        assert found.code.startswith("JX") and found.message and found.pos.file, found


# --- strategies -------------------------------------------------------------------------

# Characters that mean something to YAML, Markdown, the amount grammar or the figure syntax,
# plus the kinds an editor, Excel or a terminal paste brings in.
SPECIAL = list(
    ":-?[]{},#&*!|>'\"%@`\\\n\t\r .0123456789+eE_xX"
    "０１２３４５６７８９，．％－＋≥≤≦＝<>=四百六十万元个%"
    "\x00\x07\x1b\x7f\x85\u2028\ufeff\u200b\ud7ff\uffff"
)
HOSTILE_VALUES = [
    "四百六十",
    "1e999999999",
    "1e-999999999",
    "sNaN",
    "NaN",
    "-inf",
    "0x1CC",
    "4_6_0",
    "46%",
    "9" * 100,
    "-0",
    "0",
    "0.0000001",
    "1,00",
    "１２３．５",
    "≥-5%",
    "≤0",
    "=0",
    "-5%",
    "0%",
    "",
    "~",
    "null",
    "[]",
    "{}",
    "[[[[[[",
    "'unclosed",
    "&a",
    "*a",
    "!!binary x",
    "\x00",
    "\x1b[31m",
]
scalars = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(alphabet=st.sampled_from(SPECIAL), max_size=20),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
)

# Lines of the base reports whose value is replaced, and the keys added or taken away.
_VALUE_LINES = [
    (n, line) for n, line in enumerate(BASE.split("\n")) if ":" in line and not line.endswith(":")
]


@st.composite
def mutated_reports(draw: st.DrawFn) -> bytes:
    """The base report with some values replaced by hostile ones, lines dropped or
    indented otherwise, and keys added (declared figures, reverse methods, bands)."""
    lines = (draw(st.sampled_from([BASE, FORM]))).split("\n")
    for _ in range(draw(st.integers(0, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        action = draw(st.sampled_from(["value", "drop", "indent", "duplicate"]))
        if action == "value" and ": " in line:
            key = line.split(": ", 1)[0]
            lines[index] = f"{key}: {draw(scalars)}"
        elif action == "drop":
            del lines[index]
        elif action == "indent":
            lines[index] = " " * draw(st.integers(0, 3)) + line
        else:
            lines.insert(index, line)
    extra = draw(
        st.lists(
            st.sampled_from(
                [
                    "declared:\n  total: {v}\n  grade: 优\n  budget_rate: {v}\n  groups:\n    产出: {v}\n",
                    "declared:\n  groups:\n    {v}: 1\n",
                    "goals:\n  expected: {v}\n",
                ]
            ),
            max_size=2,
            unique=True,
        )
    )
    text = "\n".join(lines) + "\n" + "".join(e.format(v=draw(scalars)) for e in extra)
    return text.encode("utf-8", "surrogatepass")


MARKDOWN = list("#*_`[]()!<>-|{}\\\n \t.:，。、1２")
markdown_pieces = st.one_of(
    st.sampled_from(
        [
            "## 评价项目概述\n",
            "### 项目背景资料\n",
            "{{ total }}",
            "{{ grade }}",
            "{{ budget.rate }}",
            "{{ groups.产出.score }}",
            "{{ indicators.满意度.actual }}",
            "{{ nope }}",
            "{{ table: scores }}\n",
            "\n{{ table: funds }}\n\n",
            "{{ total ",
            "{{",
            "}}",
            "<!--",
            "-->",
            "[a](javascript:alert(1))",
            "![x](y)",
            "<script>",
            "| a | b |\n|---|---|\n| {{ total }} | x |\n",
            "```\n{{ total }}\n```\n",
            "\x00",
            "\x1b[31m",
            "\r\n",
            "一、",
            "，，",
        ]
    ),
    st.text(alphabet=st.sampled_from(MARKDOWN), max_size=12),
    st.text(max_size=8),
)
narratives = st.lists(markdown_pieces, max_size=30).map("".join)

FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- targets: each takes what it fuzzes and asserts only diagnostics come out ----------


def load_bytes(data: bytes) -> None:
    text, diags = decode(data, "r.yaml")
    if text is not None:
        diags.extend(compose(text, "r.yaml").diagnostics)
    assert_diagnostics(diags)
    assert_diagnostics(run_report(data, None))
    assert_diagnostics(read_unit(data, "unit.yaml", "u")[1])
    assert_diagnostics(read_site(data, "site.yaml")[1])


def load_text(text: str) -> None:
    load_bytes(text.encode("utf-8", "surrogatepass"))


def check_report(data: bytes) -> None:
    assert_diagnostics(run_report(data, None))


def check_narrative(md: str) -> None:
    assert_diagnostics(run_report(BASE.encode("utf-8"), md))


def check_both(data: bytes, md: str) -> None:
    assert_diagnostics(run_report(data, md))


TARGETS = {
    "load_bytes": (load_bytes, st.tuples(st.binary(max_size=600))),
    "load_text": (
        load_text,
        st.tuples(st.text(alphabet=st.sampled_from([*SPECIAL, "a", "键", "值"]), max_size=300)),
    ),
    "check_report": (check_report, st.tuples(mutated_reports())),
    "check_narrative": (check_narrative, st.tuples(narratives)),
    "check_both": (check_both, st.tuples(mutated_reports(), narratives)),
}
assert REPORT.name == "report"  # the spec the reports above are checked against


@FUZZ
@given(st.binary(max_size=600))
def test_fuzz_load_bytes(data: bytes) -> None:
    load_bytes(data)


@FUZZ
@given(TARGETS["load_text"][1])
def test_fuzz_load_text(args: tuple[str]) -> None:
    load_text(*args)


@FUZZ
@given(mutated_reports())
def test_fuzz_check_report(data: bytes) -> None:
    check_report(data)


@FUZZ
@given(narratives)
def test_fuzz_check_narrative(md: str) -> None:
    check_narrative(md)


@settings(FUZZ, max_examples=100)
@given(mutated_reports(), narratives)
def test_fuzz_check_both(data: bytes, md: str) -> None:
    check_both(data, md)
