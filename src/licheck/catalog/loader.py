"""Load the rule set from disk, validating every file against its schema (or reusing the validated
data cached for exactly this content, once it is shown to be what was cached).

A broken rule set is never half-used: all problems across all files are collected and raised
together as one RuleSetError, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from licheck import __version__
from licheck.cache import CACHE_FILE_LIMIT, default_cache_dir, write_bytes
from licheck.catalog.families import LicenseFamily, family_from_data
from licheck.catalog.fingerprints import (
    ArchitectureFingerprint,
    NamePattern,
    fingerprint_from_data,
    name_pattern_from_data,
)
from licheck.catalog.license import License, aliases_from_data, license_from_data
from licheck.catalog.license_table import LicenseTable
from licheck.catalog.names import normalise_slug
from licheck.catalog.well_known import (
    WellKnownDataset,
    WellKnownModel,
    dataset_from_data,
    well_known_from_data,
)
from licheck.regular_files import read_regular
from licheck.untrusted_json import loads
from licheck.vocabulary import SCHEMA_VOCABULARIES

RULES_ENV = "LICHECK_RULES_DIR"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleSetError(Exception):
    """The rule set cannot be used; `problems` lists every reason, each naming its file."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class RuleSet:
    """The validated rule set: license rules and the tables, as objects."""

    licenses: Mapping[str, License]  # by id
    aliases: dict[str, tuple[str, ...]]  # license id -> the values a declaration may name it by
    models: dict[str, WellKnownModel]  # by lower-cased id
    datasets: dict[str, WellKnownDataset]  # by lower-cased id
    families: dict[str, LicenseFamily]  # Hub ids naming no single license, by id
    bases: tuple[Mapping[str, Any], ...] = ()  # rules/architectures.yaml's entries, validated
    name_patterns: tuple[NamePattern, ...] = ()  # name tokens of base-model families

    @cached_property
    def architectures(self) -> tuple[ArchitectureFingerprint, ...]:
        """The shapes of well-known bases. Built on first use (~2 ms): only a model that does not declare
        its base is compared with them."""
        return tuple(map(fingerprint_from_data, self.bases))


def rules_dir() -> Path:
    """The rule set: $LICHECK_RULES_DIR, else the copy shipped in the wheel, else the source tree's."""
    override = os.environ.get(RULES_ENV)
    if override:
        return Path(override)
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parents[3] / "rules"


def _schema_validator(path: Path) -> Any:
    # Imported here: jsonschema is only needed when the rules are validated (a cache miss).
    from jsonschema import Draft202012Validator

    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _vocabulary_problems(path: Path, schema: Mapping[str, Any]) -> list[str]:
    """The schema must list exactly the values licheck's code handles, in the code's order."""
    problems = []
    defs = schema.get("$defs", {})
    for name, vocabulary in SCHEMA_VOCABULARIES.items():
        expected = [term.value for term in vocabulary]
        listed = defs.get(name, {}).get("enum")
        if listed != expected:
            problems.append(
                f"{path}: $defs/{name} lists {listed}, but licheck's vocabulary is {expected} "
                "(licheck.vocabulary); change both together"
            )
    return problems


def _error_path(error: Any) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(top level)"


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{path}: cannot be read as YAML: {exc}")
        return None


# (the table's top-level key, its file name under rules/ and rules/schema/)
_TABLES = (
    ("models", "well-known-models"),
    ("datasets", "well-known-datasets"),
    ("families", "families"),
    ("bases", "architectures"),
    ("patterns", "model-names"),
)
_CACHE_FORMAT = 2  # 2: a header line holding the SHA-256 of the data that follows it


def load_rules(directory: Path | None = None) -> RuleSet:
    """Read and validate every rule file and the tables.

    Schema validation is most of the cost of a small scan, so the validated data is cached under the
    rule set's content hash; any change to any file of the rule set (or to licheck) misses the cache.
    """
    directory = directory or rules_dir()
    license_dir = directory / "licenses"
    if not license_dir.is_dir():
        raise RuleSetError([f"{license_dir}: rule directory not found"])
    cache = default_cache_dir() / "rules" / f"{_content_key(directory)}.json"
    raw = _read_cached(cache)
    if raw is not None:
        try:
            return _build(directory, raw)
        except (KeyError, TypeError, AttributeError, ValueError):
            pass  # an entry forged with its hash, not even shaped like a rule set: validate the files again
    raw = _read_validated(directory)
    rules = _build(directory, raw)
    problems = _reference_problems(directory, rules)
    if problems:
        raise RuleSetError(problems)
    _store(cache, raw)  # only a rule set that passed every check: a cache hit is not checked again
    return rules


def _rule_files(directory: Path) -> list[str]:
    """The files load_rules reads, relative to `directory` (the fingerprints are loaded separately, on first
    use). Every run lists and reads them, so with os and plain strings: a Path per file took ~1.5 ms."""
    names = [f"{name}.yaml" for _, name in _TABLES]
    for folder, suffix in (("licenses", ".yaml"), ("schema", ".json")):
        with contextlib.suppress(OSError):  # no such folder: validation will report it
            names += [f"{folder}/{entry}" for entry in os.listdir(directory / folder) if entry.endswith(suffix)]
    return sorted(names)


def _content_key(directory: Path) -> str:
    digest = hashlib.sha256(f"{__version__}/{_CACHE_FORMAT}".encode())
    for name in _rule_files(directory):
        try:
            with open(os.path.join(directory, name), "rb") as file:
                content = file.read()
        except OSError:
            content = b"\0missing"  # validation will report it
        digest.update(name.encode() + b"\0" + content + b"\0")
    return digest.hexdigest()


def _read_cached(cache: Path) -> dict[str, Any] | None:
    """The validated data of the cache entry, or None (a miss) unless the entry is whole and its data
    hashes to what its header says: a cache is input too, and an edited entry would change verdicts.
    (Damage and edits are caught; someone able to write the cache and recompute the hash is not.)"""
    try:
        header, _, data = read_regular(cache, CACHE_FILE_LIMIT).partition(b"\n")
        meta = loads(header.decode("utf-8"))
        if not (isinstance(meta, dict) and meta.get("format") == _CACHE_FORMAT):
            return None
        if meta.get("sha256") != hashlib.sha256(data).hexdigest():
            return None
        # The data is what _store wrote (the hash says so): the plain parser, without the guarded one's
        # walk of every value, which was a tenth of a one-model run; a forged nesting still only misses.
        raw = json.loads(data)
    except (OSError, ValueError, RecursionError):  # missing, unreadable, not JSON, nested beyond reason
        return None
    return raw if isinstance(raw, dict) else None


def _store(cache: Path, raw: dict[str, Any]) -> None:
    """Write the validated data after a header holding its hash, and drop the entries of earlier rule sets."""
    data = json.dumps(raw, ensure_ascii=False).encode("utf-8")
    header = json.dumps({"format": _CACHE_FORMAT, "sha256": hashlib.sha256(data).hexdigest()})
    write_bytes(cache, header.encode("utf-8") + b"\n" + data)
    for old in cache.parent.glob("*.json"):
        if old != cache:
            with contextlib.suppress(OSError):  # another user's or a read-only cache: it only costs disk space
                old.unlink(missing_ok=True)


def _read_validated(directory: Path) -> dict[str, Any]:
    """Every rule file and table as data, each checked against its schema; all problems at once."""
    problems: list[str] = []
    schemas = directory / "schema"
    try:
        license_validator = _schema_validator(schemas / "license.schema.json")
        validators = {key: _schema_validator(schemas / f"{name}.schema.json") for key, name in _TABLES}
    except (OSError, ValueError) as exc:
        raise RuleSetError([f"{schemas}: schema unusable: {exc}"]) from exc
    problems += _vocabulary_problems(schemas / "license.schema.json", license_validator.schema)
    raw: dict[str, Any] = {"licenses": {}}
    seen: set[str] = set()
    for path in sorted((directory / "licenses").glob("*.yaml")):
        data = _read_yaml(path, problems)
        if data is None:
            continue
        errors = sorted(license_validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            problems.extend(f"{path}: {_error_path(e)}: {e.message}" for e in errors)
            continue
        try:
            license_from_data(data, str(path))
        except ValueError as exc:  # a value outside licheck's vocabulary
            problems.append(f"{path}: {exc}")
        if path.stem != data["id"]:
            problems.append(f"{path}: id '{data['id']}' does not match the file name")
        if data["id"] in seen:
            problems.append(f"{path}: duplicate id '{data['id']}'")
        seen.add(data["id"])
        raw["licenses"][path.name] = data
    for key, name in _TABLES:
        path = directory / f"{name}.yaml"
        data = _read_yaml(path, problems)
        errors = list(validators[key].iter_errors(data)) if data is not None else []
        problems.extend(f"{path}: {_error_path(e)}: {e.message}" for e in errors)
        raw[key] = data[key] if data is not None and not errors else []
    problems += _pattern_problems(directory / "model-names.yaml", raw["patterns"])
    if problems:
        raise RuleSetError(problems)
    return raw


def _pattern_problems(path: Path, patterns: list[dict[str, Any]]) -> list[str]:
    """Name patterns that do not compile. Checked when the files are validated only: a run compiles a
    pattern when it first matches a name, and a cached entry holds the patterns checked here."""
    problems = []
    for entry in patterns:
        try:
            re.compile(entry["pattern"], re.IGNORECASE)
        except re.error as exc:
            problems.append(f"{path}: pattern {entry['pattern']!r}: {exc}")
    return problems


def _build(directory: Path, raw: dict[str, Any]) -> RuleSet:
    """The rule set's objects from validated data (each License when it is first looked up)."""
    entries = {data["id"]: (data, str(directory / "licenses" / name)) for name, data in raw["licenses"].items()}
    aliases = {license_id: aliases_from_data(data) for license_id, (data, _) in entries.items()}
    models = {entry.id.lower(): entry for entry in map(well_known_from_data, raw["models"])}
    datasets = {entry.id.lower(): entry for entry in map(dataset_from_data, raw["datasets"])}
    families = {entry.id.lower(): entry for entry in map(family_from_data, raw["families"])}
    names = tuple(name_pattern_from_data(entry) for entry in raw["patterns"])
    return RuleSet(LicenseTable(entries), aliases, models, datasets, families, tuple(raw["bases"]), names)


def _reference_problems(directory: Path, rules: RuleSet) -> list[str]:
    """The checks between files, run when the files are validated: a cached entry holds only data that
    passed them, so a run that finds it skips them (~1 ms) and builds the architectures only if it uses them."""
    licenses, models = rules.licenses, rules.models
    problems = list(_license_references(licenses, rules.aliases))
    problems += _family_references(licenses, rules.families, directory / "families.yaml")
    problems += _cross_references(licenses, models, directory / "well-known-models.yaml")
    problems += _cross_references(licenses, rules.datasets, directory / "well-known-datasets.yaml")
    problems += [
        f"{directory / 'architectures.yaml'}: {a.id}: unknown license '{lid}'"
        for a in rules.architectures
        for lid in a.licenses
        if lid not in licenses
    ]
    problems += [
        f"{directory / 'model-names.yaml'}: {n.family}: base '{n.base}' is not a well-known model"
        for n in rules.name_patterns
        if n.base.lower() not in models
    ]
    return problems


def _license_references(licenses: Mapping[str, License], aliases: dict[str, tuple[str, ...]]) -> Iterator[str]:
    """Checks a schema cannot express: references between rule files and unambiguous aliases."""
    seen_alias: dict[str, str] = {}
    for lic in licenses.values():
        for key, target in (("extends", lic.extends), ("edition_of", lic.edition_of)):
            if target and target not in licenses:
                yield f"{lic.file}: {key} names unknown license '{target}'"
        if lic.derivatives:
            for other in lic.derivatives.compatible:
                if other not in licenses:
                    yield f"{lic.file}: conditions/derivatives/compatible names unknown license '{other}'"
        aup = lic.acceptable_use
        if aup and aup.policy and aup.policy.islower() and aup.policy not in licenses:
            yield f"{lic.file}: conditions/acceptable_use/policy names unknown document '{aup.policy}'"
        for alias in aliases[lic.id]:
            key = normalise_slug(alias)  # the form the catalog looks aliases up by
            owner = seen_alias.setdefault(key, lic.id)
            if owner != lic.id:
                yield f"{lic.file}: alias '{alias}' also belongs to '{owner}'"


def _family_references(
    licenses: Mapping[str, License], families: dict[str, LicenseFamily], path: Path
) -> Iterator[str]:
    """Members are known licenses; no family id or alias is also a license's id or alias."""
    taken = {normalise_slug(a) for lic in licenses.values() for a in (lic.id, lic.hub_id, *lic.names) if a}
    for family in families.values():
        for member in family.members:
            if member not in licenses:
                yield f"{path}: {family.id}: unknown member license '{member}'"
        for name in (family.id, *family.aliases):
            if normalise_slug(name) in taken:
                yield f"{path}: '{name}' is also a license id or alias"


def _cross_references(
    licenses: Mapping[str, License], entries: Mapping[str, WellKnownModel | WellKnownDataset], table_path: Path
) -> Iterator[str]:
    """A table's entries name known licenses, and no name belongs to two entries."""
    seen: dict[str, str] = {}
    for entry in entries.values():
        for lid in entry.all_licenses if isinstance(entry, WellKnownDataset) else entry.licenses:
            if lid not in licenses:
                yield f"{table_path}: {entry.id}: unknown license '{lid}'"
        for name in (entry.id, *entry.aliases):
            owner = seen.setdefault(name.lower(), entry.id)
            if owner != entry.id:
                yield f"{table_path}: '{name}' is listed for both '{owner}' and '{entry.id}'"
