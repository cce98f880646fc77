"""License selectors: how allow and deny lists name licenses.

An entry is one of
  - a license, by any name the catalog resolves (Hub id, SPDX id, license_name slug): `llama3.1`, `MIT`;
  - `family:NAME`   every version of a license family (`family:llama`);
  - `category:NAME` a category of the rule vocabulary (`category:non-commercial`);
  - `has:FEATURE`   licenses carrying a kind of term (`has:acceptable-use`).
"""

from __future__ import annotations

from dataclasses import dataclass

from licheck.catalog.catalog import Catalog
from licheck.catalog.license import License
from licheck.metadata import Location
from licheck.vocabulary import DeclarationStatus

# has:FEATURE -> the License attribute that is set (non-empty) when the license carries that term.
FEATURES = {
    "acceptable-use": "acceptable_use",
    "purpose-limit": "purpose",
    "threshold": "thresholds",
    "territory-limit": "territory",
    "naming-rule": "naming",
    "notice": "notice",
    "registration": "registration",
    "output-training": "output_training",
}


class SelectorError(ValueError):
    pass


@dataclass(frozen=True)
class LicenseSelector:
    """An entry of `allow` or `deny`: a license, a family, a category or a feature licenses have."""

    kind: str  # license | family | category | has
    value: str
    written: str  # the entry as the user wrote it, for messages
    location: Location | None = None

    def matches(self, lic: License) -> bool:
        if self.kind == "license":
            return lic.id == self.value
        if self.kind == "family":
            return lic.family == self.value
        if self.kind == "category":
            return lic.category == self.value
        return bool(getattr(lic, FEATURES[self.value]))

    def __str__(self) -> str:
        return f"'{self.written}' ({self.location})" if self.location else f"'{self.written}'"


def _close(value: str, choices: set[str]) -> str:
    import difflib  # imported for a selector with a typo only

    match = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else f"; known: {', '.join(sorted(choices))}"


def parse_selector(text: str, catalog: Catalog, location: Location | None = None) -> LicenseSelector:
    """Parse one allow/deny entry against the catalog; SelectorError says what is wrong with it."""
    written = text.strip()
    prefix, sep, rest = written.partition(":")
    if sep and prefix in ("family", "category", "has"):
        value = rest.strip()
        known: set[str] = {
            "family": {lic.family for lic in catalog.licenses.values()},
            "category": {str(lic.category) for lic in catalog.licenses.values()},
            "has": set(FEATURES),
        }[prefix]
        if value not in known:
            raise SelectorError(f"'{written}': no license has {prefix} '{value}'{_close(value, known)}")
        return LicenseSelector(prefix, value, written, location)
    resolution = catalog.resolve_id(written)
    if resolution.status is not DeclarationStatus.KNOWN:
        hint = f"; did you mean {', '.join(resolution.suggestions)}?" if resolution.suggestions else ""
        raise SelectorError(
            f"'{written}' is not a license licheck knows{hint} "
            "(entries are license ids, or family:, category:, has: selectors)"
        )
    if resolution.is_choice or len(resolution.licenses) > 1:
        raise SelectorError(f"'{written}' names several licenses; write one license per entry")
    return LicenseSelector("license", resolution.licenses[0], written, location)
