"""Score, cross-check and prepare loaded reports (pure: no disk access), the per-report
stages of the pipeline (builder/pipeline/run.py knows their order)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.checks import run_checks
from builder.diagnostics import UNKNOWN_KIND, Diagnostic, diag, sort_diagnostics
from builder.loading.collector import collector_paused
from builder.loading.content import Content, load_content
from builder.loading.profile import choose_outline
from builder.privacy import guard as guard_personal_data
from builder.render import PreparedReport, prepare_report
from builder.render.codes import NO_NARRATIVE, NO_NARRATIVE_FORM
from builder.scoring.engine import ScoreCard, score_report


@dataclass
class Evaluated:
    content: Content
    cards: list[ScoreCard] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # id(card) → its narrative, read while evaluating (ids are unique: `cards` holds them)
    prepared: dict[int, PreparedReport] = field(default_factory=dict, repr=False)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def prepared_for(self, card: ScoreCard) -> PreparedReport | None:
        """What render_report(card, site, prepared=…) reuses instead of reading report.md again."""
        return self.prepared.get(id(card))


def evaluate(content: Content) -> Evaluated:
    """Score and cross-check every loaded report (pure: no disk access)."""
    with collector_paused():
        return _evaluate(content)


def _evaluate(content: Content) -> Evaluated:
    diags = list(content.diagnostics)
    # Files the loader refused (a link out, a folder or FIFO by that name): that error
    # says all there is; "report.md is missing" beside it would say it twice.
    refused = {d.pos.file for d in content.diagnostics if d.is_error}
    cards = []
    prepared = {}
    for report in content.reports:
        profile = content.profiles.get(report.kind)
        if profile is None:
            kinds = "、".join(sorted(content.profiles))
            diags.append(
                diag(
                    UNKNOWN_KIND,
                    f"未知的报告类型「{report.kind}」",
                    report.at("kind"),
                    f"可用的类型：{kinds}。",
                )
            )
            continue
        profile, found = choose_outline(profile, report.outline, report.at("outline"))
        diags.extend(found)
        card, found = score_report(report, profile, content.site.scoring if content.site else None)
        diags.extend(found)
        diags.extend(run_checks(card))
        narrative = prepare_report(card)  # report.md: outline, figures, typography
        diags.extend(d for d in narrative.diagnostics if not _said(d, refused))
        prepared[id(card)] = narrative
        cards.append(card)
    diags.extend(guard_personal_data(content))  # 身份证号/手机号 in public text block publishing
    return Evaluated(content, cards, sort_diagnostics(diags), prepared)


MISSING_NARRATIVE = {NO_NARRATIVE.code, NO_NARRATIVE_FORM.code}


def _said(found: Diagnostic, refused: set[str]) -> bool:
    return found.code in MISSING_NARRATIVE and found.pos.file in refused


def check(paths: list[Path]) -> Evaluated:
    return evaluate(load_content(paths))
