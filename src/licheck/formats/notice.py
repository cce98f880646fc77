"""A NOTICE file: the attribution material a distributor ships with a model (`licheck notice`).

The required notice lines come first and verbatim, each on its own line, so the file satisfies
the licenses that ask for them; what must accompany the model, apply to its use and be displayed
where it is offered follows, each item with the clause that asks for it.
"""

from __future__ import annotations

from licheck.lineage import describe_path
from licheck.report import ModelResult, Report, Requirement, RequirementKind


def _cited(item: Requirement) -> str:
    via = f"; from {describe_path(item.path)}" if item.path else ""
    return f"[{item.license} {item.citation}{via}]"


def _block(result: ModelResult) -> list[str]:
    notices = result.requirements_of(RequirementKind.NOTICE)
    texts = result.requirements_of(RequirementKind.LICENSE_COPY)
    policies = result.requirements_of(RequirementKind.ACCEPTABLE_USE)
    displays = result.requirements_of(RequirementKind.DISPLAY)
    lines = [f"NOTICE for {result.name} ({result.path})", ""]
    if not result.concluded:
        return [*lines, "licheck found no license for this model: nothing can be attributed until it declares one.", ""]
    if not (notices or displays or texts or policies):
        return [
            *lines,
            "No license that binds this model asks for a notice line, a display phrase or an accompanying text.",
            "",
        ]
    lines += list(dict.fromkeys(str(item.subject) for item in notices))  # verbatim, as the licenses require
    if notices:
        lines += ["", "The lines above are required by: " + ", ".join(_cited(i) for i in notices) + ".", ""]
    if texts:
        lines.append("License texts that accompany this model:")
        lines += [f"- {i.subject}: {i.url or 'see the licensor'} {_cited(i)}" for i in texts]
        lines.append("")
    if policies:
        lines.append("Acceptable-use policies that apply to this model:")
        lines += [f"- {i.subject}: {i.url or 'see the license'} {_cited(i)} ({i.note})" for i in policies]
        lines.append("")
    if displays:
        lines.append("To display where the model is offered (website, user interface, documentation):")
        lines += [f'- "{i.subject}" {_cited(i)}' + (f": {i.note}" if i.note else "") for i in displays]
        lines.append("")
    return lines


def render(report: Report) -> str:
    blocks = [_block(r) for r in report.results]
    separator = ["-" * 72, ""]
    out: list[str] = []
    for index, block in enumerate(blocks):
        out += (separator if index else []) + block
    return "\n".join(out).rstrip("\n") + "\n" if out else ""
