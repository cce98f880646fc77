"""What licheck knows about each license, for people: the permissions matrix (`licheck licenses`),
one card per license (`licheck explain ID`, docs/licenses/), and the identifier table.

Everything here is read from the rule files; nothing is written by hand.
"""

from __future__ import annotations

import json
from typing import Any

from licheck.catalog.catalog import Catalog
from licheck.catalog.license import License

PERMISSIONS = (
    ("commercial_use", "commercial use"),
    ("derivatives", "fine-tuning / derivatives"),
    ("redistribution", "redistribution"),
    ("patent_grant", "patent grant"),
)
_SHORT_METRIC = {
    "monthly-active-users": "{} MAU",
    "annual-revenue-usd": "US${} revenue/yr",
    "monthly-revenue-usd": "US${} revenue/month",
}
COLUMNS = (
    "id",
    "family",
    "commercial",
    "derivatives",
    "redistribution",
    "patent",
    "attribution",
    "thresholds",
    "naming",
    "territory",
    "passes on",
)


def _amount(value: float) -> str:
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def thresholds(lic: License) -> list[str]:
    return [_SHORT_METRIC[t.metric].format(_amount(t.limit)) for t in lic.thresholds]


def attribution(lic: License) -> list[str]:
    found = []
    if lic.notice:
        found.append("NOTICE line")
    if lic.display:
        found.append(f'"{lic.display.text}"')
    if lic.license_copy:
        found.append("license copy")
    if lic.attribution:
        found.append("credit/notices")
    return found


def matrix_row(lic: License) -> dict[str, Any]:
    """One license's row of the permissions matrix; `sections` gives the clause behind each value."""
    territory = [
        f"not {', '.join(t.excluded)}" + (" (multimodal)" if t.scope == "multimodal-models" else "")
        for t in lic.territory
    ]
    aup = lic.acceptable_use
    return {
        "id": lic.id,
        "name": lic.name,
        "family": lic.family,
        "version": lic.version,
        "date": lic.date,
        "category": lic.category,
        "verified": lic.verified,
        "hub_id": lic.hub_id,
        "spdx": lic.spdx_or_ref,
        "commercial": lic.permission("commercial_use") or "unknown",
        "purpose": lic.purpose.value if lic.purpose else None,
        "derivatives": lic.permission("derivatives") or "unknown",
        "derivative_terms": lic.derivative_terms,
        "redistribution": lic.permission("redistribution") or "unknown",
        "patent": lic.permission("patent_grant") or "unknown",
        "attribution": attribution(lic),
        "thresholds": thresholds(lic),
        "naming": lic.naming.prefix if lic.naming else None,
        "territory": territory,
        "passes_on": (aup.policy or "acceptable-use terms") if aup and aup.pass_through else None,
        "text_url": lic.official_url,
        "sections": {key: lic.permissions[key].section for key, _ in PERMISSIONS if key in lic.permissions},
    }


def licenses_for(catalog: Catalog, family: str | None = None, commercial: bool | None = None) -> list[License]:
    """Licenses (not acceptable-use policies), optionally of one family and by commercial use:
    True keeps those allowing it (unconditionally or under conditions), False those that do not."""
    found = []
    for lic in sorted(catalog.licenses.values(), key=lambda lic: (lic.family, lic.id)):
        if lic.kind != "license" or (family and lic.family != family.casefold()):
            continue
        allowed = lic.permission("commercial_use") in ("yes", "conditional") and not lic.restricts_commercial_use
        if commercial is not None and allowed != commercial:
            continue
        found.append(lic)
    return found


def _cell(row: dict[str, Any], column: str) -> str:
    value = row["passes_on" if column == "passes on" else column]
    if column == "commercial" and row["purpose"]:
        value = f"{value} ({row['purpose']})"
    if column == "derivatives" and row["derivative_terms"] != "any":
        value = f"{value} ({row['derivative_terms']})"
    if column == "id" and not row["verified"]:
        value = f"{value} *"
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return str(value) if value else "—"


def render_matrix(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"licenses": rows}, indent=2, ensure_ascii=False) + "\n"
    table = [[_cell(row, c) for c in COLUMNS] for row in rows]
    note = "* unverified: the full text was not obtained; see `licheck explain ID`."
    if fmt == "markdown":
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |" for line in table]
        return "\n".join(lines) + f"\n\n{note}\n"
    widths = [max(len(c), *(len(line[i]) for line in table)) if table else len(c) for i, c in enumerate(COLUMNS)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=False)).rstrip()]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=False)).rstrip() for line in table]
    return "\n".join(lines) + f"\n\n{len(rows)} license(s). {note}\n"


def _clause(label: str, section: str, text: str | None) -> str:
    return f"- **{label}** ({section})" + (f": {text}" if text else "")


def card(lic: License, catalog: Catalog) -> str:
    """One license's card: identity, every permission and obligation with its section, and sources."""
    kind = "Acceptable-use policy" if lic.kind == "acceptable-use-policy" else "License"
    heading = (
        f"{kind} `{lic.id}` · family `{lic.family}` · category `{lic.category}`"
        + (f" · version {lic.version}" if lic.version else "")
        + (f" · dated {lic.date}" if lic.date else "")
    )
    lines = [f"# {lic.name}", "", heading, ""]
    if not lic.verified:
        lines += [
            (
                "> **Unverified.** Part of this license's text was not obtainable; only what is known is "
                "recorded, and nothing is inferred beyond it."
            ),
            "",
        ]
    if lic.notes:
        lines += [lic.notes, ""]
    related = [
        f"an edition of `{lic.edition_of}`" if lic.edition_of else None,
        f"`{lic.extends}` plus added terms" if lic.extends else None,
    ]
    editions = sorted(o.id for o in catalog.licenses.values() if o.edition_of == lic.id)
    if editions:
        related.append("other editions: " + ", ".join(f"`{e}`" for e in editions))
    if any(related):
        lines += ["Related: " + "; ".join(filter(None, related)) + ".", ""]
    if lic.permissions:
        lines += ["## Permissions", ""]
        lines += [
            _clause(f"{label}: {lic.permissions[key].value}", lic.permissions[key].section, lic.permissions[key].note)
            for key, label in PERMISSIONS
            if key in lic.permissions
        ]
        lines.append("")
    lines += _conditions(lic)
    lines += [
        "## Identifiers",
        "",
        f"- Hub `license:` id: {_code(lic.hub_id) or 'none (use `license: other` with `license_name`)'}",
        f"- SPDX: {_code(lic.spdx_id) or 'none'}; in SPDX expressions: `{lic.spdx_or_ref}`",
        f"- ScanCode key: {_code(lic.scancode_key) or 'none (ScanCode does not know this text)'}",
        f"- `license_name` slugs: {', '.join(_code(n) for n in lic.names) or 'none'}",
    ]
    if lic.urls:
        lines.append("- Links: " + ", ".join(lic.urls))
    if lic.url_patterns:
        lines.append("- Link patterns: " + ", ".join(_code(p) for p in lic.url_patterns))
    lines += [
        "",
        "## Text",
        "",
        f"- Official text: {lic.official_url or 'no canonical URL recorded'}",
        f"- Facts read from: {lic.text_source}",
        "",
    ]
    return "\n".join(lines)


def family_card(family_id: str, catalog: Catalog) -> str:
    """What a Hub id naming no single license means, and what to declare instead."""
    family = catalog.families[family_id]
    lines = [
        f"# {family.name}",
        "",
        f"Hub id `{family.id}` names {'a family of licenses' if family.kind == 'family' else 'no license'}"
        + (f" (also written {', '.join(_code(a) for a in family.aliases)})" if family.aliases else "")
        + ".",
        "",
        catalog.family_guidance(family.id),
        "",
    ]
    members = [m for m in map(catalog.get, family.members) if m is not None]
    if members:
        lines += ["## Members", "", *(f"- `{m.id}`: {m.name}" for m in members), ""]
    return "\n".join(lines)


def _code(value: str | None) -> str:
    return f"`{value}`" if value else ""


def _conditions(lic: License) -> list[str]:
    items = []
    if lic.purpose:
        items.append(_clause(f"purpose: {lic.purpose.value} use only", lic.purpose.section, lic.purpose.note))
    if lic.license_copy:
        items.append(_clause("copy of the license", lic.license_copy.section, lic.license_copy.note))
    if lic.attribution:
        items.append(_clause("attribution", lic.attribution.section, lic.attribution.note))
    if lic.notice:
        hosted = " (not needed for a hosted service)" if lic.notice.hosted_exempt else ""
        items.append(_clause("NOTICE line", lic.notice.section, f'"{lic.notice.text}"{hosted}'))
    if lic.display:
        items.append(
            _clause(
                "display",
                lic.display.section,
                f'"{lic.display.text}"' + (f" — {lic.display.note}" if lic.display.note else ""),
            )
        )
    if lic.modification_notice:
        items.append(_clause("modification notice", lic.modification_notice.section, lic.modification_notice.note))
    if lic.registration:
        items.append(_clause("registration", lic.registration.section, lic.registration.note))
    if lic.naming:
        items.append(
            _clause(
                f'naming: "{lic.naming.prefix}" at the start of the name',
                lic.naming.section,
                f"applies to {' and '.join(lic.naming.triggers)}" + (f"; {lic.naming.note}" if lic.naming.note else ""),
            )
        )
    for t in lic.thresholds:
        items.append(
            _clause(
                f"threshold: above {_SHORT_METRIC[t.metric].format(f'{t.limit:,.0f}')}"
                + (" (commercial use only)" if t.commercial_only else ""),
                t.section,
                f"{t.consequence} Measured: {t.measured}",
            )
        )
    for limit in lic.territory:
        scope = " for multimodal models" if limit.scope == "multimodal-models" else ""
        items.append(_clause(f"territory: no rights in {', '.join(limit.excluded)}{scope}", limit.section, limit.note))
    aup = lic.acceptable_use
    if aup:
        how = "must be passed on as an enforceable provision" if aup.pass_through else "binds every use"
        items.append(
            _clause(
                f"acceptable use: {aup.policy or 'use restrictions'}" + (f" ({aup.url})" if aup.url else ""),
                aup.section,
                f"{how}" + (f"; {aup.note}" if aup.note else ""),
            )
        )
    if lic.derivatives:
        compatible = f" Compatible: {', '.join(lic.derivatives.compatible)}." if lic.derivatives.compatible else ""
        items.append(
            _clause(
                f"derivatives: {lic.derivatives.terms}",
                lic.derivatives.section,
                (lic.derivatives.note or "") + compatible,
            )
        )
    if lic.output_training:
        items.append(
            _clause(
                f"training on outputs: {lic.output_training.rule}",
                lic.output_training.section,
                lic.output_training.note,
            )
        )
    return ["## Obligations and conditions", "", *items, ""] if items else []


def id_table(catalog: Catalog) -> str:
    """Every identifier licheck recognises, per license, and the Hub ids that name no single license."""
    lines = [
        "| licheck id | Hub id | SPDX / LicenseRef | ScanCode key | `license_name` slugs | links and link patterns |",
        "|---|---|---|---|---|---|",
    ]
    for lic in sorted(catalog.licenses.values(), key=lambda lic: lic.id):
        links = [*lic.urls, *(f"`{p}`" for p in lic.url_patterns)]
        lines.append(
            f"| [`{lic.id}`]({lic.id}.md) | {_code(lic.hub_id) or '—'} | `{lic.spdx_or_ref}` | "
            f"{_code(lic.scancode_key) or '—'} | {', '.join(_code(n) for n in lic.names) or '—'} | "
            f"{'<br>'.join(links) or '—'} |"
        )
    lines += [
        "",
        "Hub ids that name no single license:",
        "",
        "| Hub id | kind | meaning | what to declare instead |",
        "|---|---|---|---|",
    ]
    for family in sorted(catalog.families.values(), key=lambda f: f.id):
        names = ", ".join(_code(n) for n in (family.id, *family.aliases))
        lines.append(f"| {names} | {family.kind} | {family.name} | {catalog.family_guidance(family.id)} |")
    return "\n".join(lines) + "\n"


def index(catalog: Catalog) -> str:
    rows = [matrix_row(lic) for lic in licenses_for(catalog)]
    policies = sorted(lic.id for lic in catalog.licenses.values() if lic.kind == "acceptable-use-policy")
    intro = (
        "Generated by `scripts/generate_docs.py` from the rule files; do not edit. `licheck licenses` prints "
        "the matrix and `licheck explain ID` prints each page."
    )
    return "\n".join(
        [
            "# Licenses",
            "",
            intro,
            "",
            "## Permissions matrix",
            "",
            render_matrix(rows, "markdown"),
            "## Acceptable-use policies",
            "",
            ", ".join(f"[`{p}`]({p}.md)" for p in policies),
            "",
            "## Identifiers",
            "",
            id_table(catalog),
        ]
    )
