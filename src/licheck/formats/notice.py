"""A NOTICE file: the attribution material a distributor ships with a model (`licheck notice`).

The required notice lines come first and verbatim, each on its own line, so the file satisfies
the licenses that ask for them; what must accompany the model, apply to its use and be displayed
where it is offered follows, each item with the clause that asks for it.
"""

from __future__ import annotations

from licheck.lineage import describe_path
from licheck.report import AttributionItem, ModelResult, Report


def _cited(item: AttributionItem) -> str:
    via = f"; from {describe_path(item.path)}" if item.path else ""
    return f"[{item.license} {item.citation}{via}]"


def _block(result: ModelResult) -> list[str]:
    a = result.attribution
    lines = [f"NOTICE for {result.name} ({result.path})", ""]
    if not result.concluded:
        return lines + ["licheck found no license for this model: nothing can be attributed until it declares one.", ""]
    if not (a.notices or a.displays or a.license_texts or a.use_policies):
        return lines + ["No license that binds this model asks for a notice line, a display phrase or an "
                        "accompanying text.", ""]
    lines += [item.text for item in dict.fromkeys(a.notices)]  # verbatim, as the licenses require
    if a.notices:
        lines += ["", "The lines above are required by: " + ", ".join(_cited(i) for i in a.notices) + ".", ""]
    if a.license_texts:
        lines.append("License texts that accompany this model:")
        lines += [f"- {i.text}: {i.url or 'see the licensor'} {_cited(i)}" for i in a.license_texts]
        lines.append("")
    if a.use_policies:
        lines.append("Acceptable-use policies that apply to this model:")
        lines += [f"- {i.text}: {i.url or 'see the license'} {_cited(i)} ({i.note})" for i in a.use_policies]
        lines.append("")
    if a.displays:
        lines.append("To display where the model is offered (website, user interface, documentation):")
        lines += [f"- \"{i.text}\" {_cited(i)}" + (f": {i.note}" if i.note else "") for i in a.displays]
        lines.append("")
    return lines


def render(report: Report) -> str:
    blocks = [_block(r) for r in report.results]
    separator = ["-" * 72, ""]
    out: list[str] = []
    for index, block in enumerate(blocks):
        out += (separator if index else []) + block
    return "\n".join(out).rstrip("\n") + "\n" if out else ""
