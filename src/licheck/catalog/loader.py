"""Load the rule set from disk, validating every file against its schema on every load.

A broken rule set is never half-used: all problems across all files are collected and raised
together as one RuleSetError, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from licheck.catalog.families import LicenseFamily, family_from_data
from licheck.catalog.license import License, license_from_data
from licheck.catalog.well_known import (
    WellKnownDataset,
    WellKnownModel,
    dataset_from_data,
    well_known_from_data,
)

RULES_ENV = "LICHECK_RULES_DIR"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleSetError(Exception):
    """The rule set cannot be used; `problems` lists every reason, each naming its file."""

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class RuleSet:
    licenses: dict[str, License]  # by id
    models: dict[str, WellKnownModel]  # by lower-cased id
    datasets: dict[str, WellKnownDataset]  # by lower-cased id
    families: dict[str, LicenseFamily]  # Hub ids naming no single license, by id


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


def _schema_validator(path: Path):
    # Imported here: jsonschema is only needed once per process, when the rules are loaded.
    from jsonschema import Draft202012Validator

    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _error_path(error) -> str:
    return "/".join(str(p) for p in error.absolute_path) or "(top level)"


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{path}: cannot be read as YAML: {exc}")
        return None


def load_rules(directory: Path | None = None) -> RuleSet:
    """Read and validate every rule file and both tables."""
    directory = directory or rules_dir()
    problems: list[str] = []
    license_dir = directory / "licenses"
    if not license_dir.is_dir():
        raise RuleSetError([f"{license_dir}: rule directory not found"])
    schemas = directory / "schema"
    try:
        license_validator = _schema_validator(schemas / "license.schema.json")
        models_validator = _schema_validator(schemas / "well-known-models.schema.json")
        datasets_validator = _schema_validator(schemas / "well-known-datasets.schema.json")
        families_validator = _schema_validator(schemas / "families.schema.json")
    except (OSError, ValueError) as exc:
        raise RuleSetError([f"{schemas}: schema unusable: {exc}"]) from exc

    licenses: dict[str, License] = {}
    for path in sorted(license_dir.glob("*.yaml")):
        data = _read_yaml(path, problems)
        if data is None:
            continue
        errors = sorted(license_validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        if errors:
            problems.extend(f"{path}: {_error_path(e)}: {e.message}" for e in errors)
            continue
        if path.stem != data["id"]:
            problems.append(f"{path}: id '{data['id']}' does not match the file name")
        if data["id"] in licenses:
            problems.append(f"{path}: duplicate id '{data['id']}'")
        licenses[data["id"]] = license_from_data(data, str(path))

    models_path, datasets_path = directory / "well-known-models.yaml", directory / "well-known-datasets.yaml"
    models = _load_table(models_path, "models", models_validator, well_known_from_data, problems)
    datasets = _load_table(datasets_path, "datasets", datasets_validator, dataset_from_data, problems)
    families_path = directory / "families.yaml"
    families = _load_table(families_path, "families", families_validator, family_from_data, problems)
    problems.extend(_family_references(licenses, families, families_path))
    problems.extend(_cross_references(licenses, models, models_path))
    problems.extend(_cross_references(licenses, datasets, datasets_path))
    problems.extend(_license_references(licenses))
    if problems:
        raise RuleSetError(problems)
    return RuleSet(licenses, models, datasets, families)


def _load_table(path: Path, key: str, validator, from_data, problems: list[str]) -> dict:
    data = _read_yaml(path, problems)
    if data is None:
        return {}
    errors = list(validator.iter_errors(data))
    problems.extend(f"{path}: {_error_path(e)}: {e.message}" for e in errors)
    if errors:
        return {}
    return {entry.id.lower(): entry for entry in map(from_data, data[key])}


def _license_references(licenses: dict[str, License]):
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
        for alias in (lic.id, lic.hub_id, lic.spdx_id, *lic.names):
            if not alias:
                continue
            key = alias.lower()
            owner = seen_alias.setdefault(key, lic.id)
            if owner != lic.id:
                yield f"{lic.file}: alias '{alias}' also belongs to '{owner}'"


def _family_references(licenses: dict[str, License], families: dict, path: Path):
    """Members are known licenses; no family id or alias is also a license's id or alias."""
    taken = {a.lower() for lic in licenses.values() for a in (lic.id, lic.hub_id, *lic.names) if a}
    for family in families.values():
        for member in family.members:
            if member not in licenses:
                yield f"{path}: {family.id}: unknown member license '{member}'"
        for name in (family.id, *family.aliases):
            if name.lower() in taken:
                yield f"{path}: '{name}' is also a license id or alias"


def _cross_references(licenses: dict[str, License], entries: dict, table_path: Path):
    """A table's entries name known licenses, and no name belongs to two entries."""
    seen: dict[str, str] = {}
    for entry in entries.values():
        for lid in entry.licenses:
            if lid not in licenses:
                yield f"{table_path}: {entry.id}: unknown license '{lid}'"
        for name in (entry.id, *entry.aliases):
            owner = seen.setdefault(name.lower(), entry.id)
            if owner != entry.id:
                yield f"{table_path}: '{name}' is listed for both '{owner}' and '{entry.id}'"
