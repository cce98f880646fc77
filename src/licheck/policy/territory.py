"""Territories as `--territory` and the `territory` key give them: an ISO 3166-1 alpha-2 code from the
bundled list (iso3166.json, built by scripts/build_iso3166.py), or EU. Anything else is refused
with the codes it most likely meant, so a typo never silently misses a license's territory clause."""

from __future__ import annotations

import functools
import json
from pathlib import Path

EU = "EU"
# Member states of the European Union (27, since the United Kingdom left on 2020-01-31).
EU_MEMBER_STATES = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    }
)
# Codes people write that ISO 3166-1 spells differently (the EU's own abbreviations for these two).
TERRITORY_ALIASES = {"UK": "GB", "EL": "GR"}
_MAX_SUGGESTIONS = 3


class TerritoryError(ValueError):
    pass


@functools.cache
def iso_countries() -> dict[str, tuple[str, ...]]:
    """ISO 3166-1 alpha-2 code -> the country's names (ISO short name first), then its alpha-3 code."""
    data = json.loads(Path(__file__).with_name("iso3166.json").read_text(encoding="utf-8"))
    return {c["alpha_2"]: (*c["names"], c["alpha_3"]) for c in data["countries"]}


def normalise_territory(text: str) -> str:
    """The territory as licheck compares it: an upper-case alpha-2 code, or EU."""
    value = text.strip().upper()
    value = TERRITORY_ALIASES.get(value, value)
    if value == EU or value in iso_countries():
        return value
    guesses = [f"{code} ({iso_countries()[code][0]})" for code in suggest_territories(text)]
    hint = f"did you mean {' or '.join(guesses)}?" if guesses else "write the country's two-letter code (US, DE, KR…)"
    raise TerritoryError(
        f"territory '{text}' is not an ISO 3166-1 alpha-2 country code, or EU for the European Union; {hint}"
    )


def suggest_territories(text: str) -> list[str]:
    """The codes a mistyped territory most likely meant: a country's name or alpha-3 code written out
    ("Germany", "DEU"), the start of one ("KO", "Korea"), or a near miss ("Untied States")."""
    query = text.strip().casefold()
    if not query:
        return []
    names = {name.casefold(): code for code, known in iso_countries().items() for name in known}
    if query in names:
        return [names[query]]
    import difflib  # imported for an unknown territory only

    candidates = [name for name in names if len(query) >= 2 and name.startswith(query)]
    candidates = candidates or difflib.get_close_matches(query, names, n=_MAX_SUGGESTIONS, cutoff=0.75)
    # Best match first: "KO" is closer to KOR (South Korea) than to "Korea, Democratic People's Republic of".
    ratio = {name: difflib.SequenceMatcher(None, query, name).ratio() for name in candidates}
    ranked = dict.fromkeys(names[name] for name in sorted(candidates, key=lambda n: -ratio[n]))
    return list(ranked)[:_MAX_SUGGESTIONS]
