"""Whether the model folder ships the attribution material its licenses require (LC016): the exact
NOTICE lines (Llama's "Llama 3.1 is licensed under…", Gemma's "Gemma is provided under…") and the
license texts that must accompany the model. `licheck notice` writes what is missing."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from licheck.engine.context import Context
from licheck.findings import Finding, FindingKind
from licheck.lineage import describe_path
from licheck.report import Requirement, RequirementKind
from licheck.vocabulary import Severity

_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "})
_SPACES = re.compile(r"\s+")


def _normalised(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


@functools.lru_cache(maxsize=256)
def _required_line(line: str) -> str:
    """A NOTICE line a license requires, normalised once per run: a few lines, each met in many models
    (str.translate costs microseconds on a line with a non-ASCII character such as ©)."""
    return _normalised(line)


def _missing_attribution(ctx: Context) -> Iterator[Finding]:
    """A NOTICE line no NOTICE file holds, or a license text no file of the folder is."""
    notice_text = _normalised("\n".join(f.text for f in ctx.metadata.license_files if f.role == "notice"))
    requirements = ctx.requirements
    for item in (r for r in requirements if r.kind is RequirementKind.NOTICE and r.subject):
        if _required_line(item.subject or "") not in notice_text:
            lic = ctx.catalog.get(item.license)
            hosted = f"; {item.note}" if item.note else ""
            yield _missing(
                ctx,
                item,
                f"no NOTICE file of this model holds the line the "
                f'{lic.name if lic else item.license} requires: "{item.subject}"',
                hosted,
            )
    shipped = {e.license for e in ctx.own.detected}
    for item in (r for r in requirements if r.kind is RequirementKind.LICENSE_COPY):
        if not any(ctx.catalog.related(item.license, other) for other in shipped):
            where = f" ({item.url})" if item.url else ""
            yield _missing(
                ctx, item, f"the model ships no copy of the {item.subject}{where}, which must accompany it", ""
            )


def _missing(ctx: Context, item: Requirement, what: str, note: str) -> Finding:
    via = f"; path: {describe_path(item.path)}" if item.path else ""
    message = f"{what} ({item.citation}{via}{note})."
    return MISSING_ATTRIBUTION.finding(
        message, ctx.anchor, license_id=item.license, citation=item.citation, path=item.path
    )


MISSING_ATTRIBUTION = FindingKind(
    code="LC016",
    name="missing-attribution",
    severity=Severity.WARNING,
    summary="The model folder lacks a NOTICE line or a license text that a license binding it requires.",
    why=(
        "Llama, Gemma, Qwen and Tongyi Qianwen require an exact line in a NOTICE file of every "
        "distribution; Apache-2.0, MIT, the CC licenses and the model licenses require a copy of the "
        "license text. Inherited licenses count. A warning: licheck cannot know whether the folder is "
        "distributed (published on the Hub, shipped in a product)."
    ),
    fix="Run `licheck notice PATH --output PATH/NOTICE` and add the license texts it lists to the folder.",
    check=_missing_attribution,
    term="attribution",
)
