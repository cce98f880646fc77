"""The configuration's meaning: validated options, presets, allow/deny selectors and exceptions,
combined with command-line options (which win) into one Policy."""

from __future__ import annotations

import contextlib
import functools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from licheck import __version__
from licheck.catalog.catalog import Catalog
from licheck.config.files import ConfigError, RawConfig, plain
from licheck.engine.checks import BY_CODE, kind_of
from licheck.metadata import Location
from licheck.policy import Policy
from licheck.policy.exceptions import AcceptedException
from licheck.policy.selector import LicenseSelector, SelectorError, parse_selector
from licheck.policy.territory import TerritoryError, normalise_territory
from licheck.untrusted_yaml import KeyPath
from licheck.vocabulary import DeclarationStatus

_HERE = Path(__file__).resolve().parent
# Keys of the file and of Policy that carry the intended use (file spelling -> Policy field).
OPTION_FIELDS = {
    "commercial": "commercial",
    "mau": "mau",
    "revenue": "revenue_usd",
    "territory": "territory",
    "model-name": "model_name",
    "fail-on": "fail_on",
}


@dataclass(frozen=True)
class Preset:
    """A named license policy (presets.yaml): the selectors it allows and denies."""

    name: str
    description: str
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()


@functools.cache
def load_presets() -> dict[str, Preset]:
    # libyaml's loader where installed: `--help` lists the presets, so every run reads this file (~1 ms in Python).
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load((_HERE / "presets.yaml").read_text(encoding="utf-8"), Loader=loader)
    return {
        name: Preset(name, entry["description"], tuple(entry.get("allow", ())), tuple(entry.get("deny", ())))
        for name, entry in data.items()
    }


@dataclass(frozen=True)
class Config:
    """A configuration file's settings, validated. Selectors and exceptions are already parsed."""

    source: str | None = None
    options: tuple[tuple[str, Any], ...] = ()  # (Policy field, value) for the options the file sets
    presets: tuple[str, ...] = ()
    allow: tuple[LicenseSelector, ...] = ()
    deny: tuple[LicenseSelector, ...] = ()
    exceptions: tuple[AcceptedException, ...] = ()


def _schema_problems(raw: RawConfig, data: dict[str, Any]) -> tuple[list[str], set[KeyPath]]:
    """Every schema violation, located, and the keys (top-level, or exceptions/N) whose shape is wrong."""
    import difflib  # with jsonschema: imported only when a configuration file is read

    from jsonschema import Draft202012Validator

    schema = json.loads((_HERE / "schema.json").read_text(encoding="utf-8"))
    problems = []
    broken: set[KeyPath] = set()
    for error in sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path)):
        keys = tuple(error.absolute_path)
        if error.validator == "additionalProperties":  # unknown keys are reported, and otherwise not read
            allowed = list(error.schema.get("properties", {}))
            extra = [k for k in error.instance if k not in allowed]
            for key in extra:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(allowed)}"
                problems.append(f"{raw.where((*keys, key))}: unknown key '{key}'; {hint}")
            continue
        broken.add(keys[:2] if keys[:1] == ("exceptions",) else keys[:1])
        if error.validator == "anyOf" and keys[:1] == ("exceptions",):
            problems.append(f"{raw.where(keys)}: an exception must name the models it covers, with 'path' or 'model'")
            continue
        if error.validator == "required":
            problems.append(f"{raw.where(keys)}: {error.message}")
            continue
        shown = ".".join(str(k) for k in keys) or "the configuration"
        problems.append(f"{raw.where(keys)}: {shown}: {error.message}")
    return problems, broken


def check_required_version(raw: RawConfig, data: Any) -> None:
    """`required-version`: the licheck versions a configuration was written for, as a PEP 440
    specifier (">=0.9,<1"). Checked before anything else, and alone: a file written for another
    licheck may use keys or values this one does not know, and those problems would hide this one."""
    if not isinstance(data, dict) or "required-version" not in data:
        return
    # Imported here: only configurations that pin a version pay for packaging's import.
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    value = data["required-version"]
    where = raw.where(("required-version",))
    try:
        if not isinstance(value, str) or not value.strip():
            raise InvalidSpecifier(repr(value))
        required = SpecifierSet(value)
    except InvalidSpecifier:
        hint = "e.g. '>=0.9,<1'"
        with contextlib.suppress(InvalidVersion):
            hint = f"for exactly that version write '=={Version(str(value))}'"
        problem = f"{where}: required-version {value!r} is not a PEP 440 version specifier; {hint}"
        raise ConfigError([problem]) from None
    if not required.contains(Version(__version__), prereleases=True):
        raise ConfigError([f"{where}: this configuration requires licheck {value.strip()}; this is {__version__}"])


def build_config(raw: RawConfig, catalog: Catalog) -> Config:
    """Validate a configuration file; ConfigError lists every problem at once, each located."""
    data = plain(raw.data)
    check_required_version(raw, data)
    problems, broken = _schema_problems(raw, data)
    if () in broken:
        raise ConfigError(problems)  # not even a mapping of known keys: nothing more can be checked
    data = {k: v for k, v in data.items() if (k,) not in broken}  # the rest is still checked, to report all at once
    options: list[tuple[str, Any]] = []
    for key, policy_field in OPTION_FIELDS.items():
        if key not in data:
            continue
        value = data[key]
        if key == "territory":
            try:
                value = normalise_territory(value)
            except TerritoryError as exc:
                problems.append(f"{raw.where((key,))}: {exc}")
                continue
        options.append((policy_field, value))
    presets = data.get("preset", ())
    presets = (presets,) if isinstance(presets, str) else tuple(presets)
    known_presets = load_presets()
    for index, name in enumerate(presets):
        if name not in known_presets:
            keys = ("preset", index) if isinstance(data["preset"], list) else ("preset",)
            problems.append(f"{raw.where(keys)}: unknown preset '{name}'; presets: {', '.join(known_presets)}")
    selectors: dict[str, list[LicenseSelector]] = {}
    for kind in ("allow", "deny"):
        selectors[kind] = []
        for index, text in enumerate(data.get(kind, ())):
            location = raw.location((kind, index))
            try:
                selectors[kind].append(parse_selector(text, catalog, location))
            except SelectorError as exc:
                problems.append(f"{location}: {exc}")
    exceptions = []
    for index, entry in enumerate(data.get("exceptions", ())):
        if ("exceptions", index) in broken:
            continue
        try:
            exceptions.append(_exception(raw, index, entry, catalog))
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise ConfigError(problems)
    return Config(
        str(raw.path), tuple(options), presets, tuple(selectors["allow"]), tuple(selectors["deny"]), tuple(exceptions)
    )


def _exception(raw: RawConfig, index: int, entry: dict[str, Any], catalog: Catalog) -> AcceptedException:
    keys = ("exceptions", index)
    kind = kind_of(entry["code"])
    if kind is None:
        raise ValueError(
            f"{raw.where((*keys, 'code'))}: '{entry['code']}' is not a finding code "
            f"({min(BY_CODE)}–{max(BY_CODE)}) or name; `licheck explain` lists them"
        )
    license_id = None
    if "license" in entry:
        resolution = catalog.resolve_id(entry["license"])
        if resolution.status is not DeclarationStatus.KNOWN or len(resolution.licenses) != 1:
            raise ValueError(f"{raw.where((*keys, 'license'))}: '{entry['license']}' is not one license licheck knows")
        license_id = resolution.licenses[0]
    expires = None
    if "expires" in entry:
        try:
            expires = date.fromisoformat(entry["expires"])
        except ValueError:
            raise ValueError(
                f"{raw.where((*keys, 'expires'))}: expires '{entry['expires']}' is not a date written YYYY-MM-DD"
            ) from None
    return AcceptedException(
        code=kind.code,
        reason=entry["reason"].strip(),
        location=raw.location(keys),
        path=entry.get("path"),
        model=entry.get("model"),
        license=license_id,
        expires=expires,
        base=str(raw.path.parent),
    )


def make_policy(config: Config, overrides: dict[str, Any], catalog: Catalog) -> Policy:
    """The Policy for a run: defaults, then the file, then the command line.

    `overrides` holds the command-line values that were given (None means not given). The lists
    `allow`, `deny` and `preset` given on the command line replace the file's.
    """
    values: dict[str, Any] = dict(config.options)
    values.update({k: v for k, v in overrides.items() if k in OPTION_FIELDS.values() and v is not None})
    presets = overrides.get("presets") or config.presets
    allow = _cli_selectors(overrides["allow"], catalog) if overrides.get("allow") else config.allow
    deny = _cli_selectors(overrides["deny"], catalog) if overrides.get("deny") else config.deny
    known = load_presets()
    for name in presets:
        if name not in known:
            raise ConfigError([f"--preset: unknown preset '{name}'; presets: {', '.join(known)}"])
        where = Location(f"preset {name}")
        allow += tuple(parse_selector(s, catalog, where) for s in known[name].allow)
        deny += tuple(parse_selector(s, catalog, where) for s in known[name].deny)
    return Policy(**values, allow=allow, deny=deny, exceptions=config.exceptions)


def _cli_selectors(texts: tuple[str, ...], catalog: Catalog) -> tuple[LicenseSelector, ...]:
    selectors, problems = [], []
    for text in texts:
        try:
            selectors.append(parse_selector(text, catalog, Location("command line")))
        except SelectorError as exc:
            problems.append(f"--allow/--deny: {exc}")
    if problems:
        raise ConfigError(problems)
    return tuple(selectors)
