"""The registry of finding kinds: each is defined once, beside the check that produces it, in a module
of this package; this tuple lists them in code order. The engine runs every check; docs, `licheck
explain` and SARIF rules are generated from the same definitions.

To add a finding kind: define it with its check in the module of its topic (or a new module here),
add it below, and give it a positive and a negative test (tests/test_checks.py). CONTRIBUTING.md
walks through an example.
"""

from __future__ import annotations

from licheck.engine.checks.attribution import MISSING_ATTRIBUTION
from licheck.engine.checks.declared import LICENSE_MISMATCH, MISSING_LICENSE, UNKNOWN_LICENSE
from licheck.engine.checks.evidence import BASE_CONTRADICTED, UNDECLARED_BASE
from licheck.engine.checks.inheritance import (
    BASE_LICENSE_CONFLICT,
    INCOMPATIBLE_TERMS,
    NO_DERIVATIVES,
    SHARE_ALIKE,
    UNRESOLVED_BASE,
)
from licheck.engine.checks.input_error import INPUT_ERROR
from licheck.engine.checks.license_policy import LICENSE_DENIED, LICENSE_NOT_ALLOWED
from licheck.engine.checks.training import DATASET_TERMS, OUTPUT_TRAINING, UNKNOWN_TRAINING_TERMS
from licheck.engine.checks.use import (
    MAU_THRESHOLD,
    NAMING_RULE,
    NON_COMMERCIAL_USE,
    REVENUE_THRESHOLD,
    TERRITORY_EXCLUDED,
)
from licheck.findings import FindingKind

KINDS: tuple[FindingKind, ...] = (
    MISSING_LICENSE,  # LC001
    UNKNOWN_LICENSE,  # LC002
    LICENSE_MISMATCH,  # LC003
    BASE_LICENSE_CONFLICT,  # LC004
    NON_COMMERCIAL_USE,  # LC005
    MAU_THRESHOLD,  # LC006
    REVENUE_THRESHOLD,  # LC007
    TERRITORY_EXCLUDED,  # LC008
    NAMING_RULE,  # LC009
    NO_DERIVATIVES,  # LC010
    SHARE_ALIKE,  # LC011
    UNRESOLVED_BASE,  # LC012
    INPUT_ERROR,  # LC013
    LICENSE_DENIED,  # LC014
    LICENSE_NOT_ALLOWED,  # LC015
    MISSING_ATTRIBUTION,  # LC016
    INCOMPATIBLE_TERMS,  # LC017
    DATASET_TERMS,  # LC018
    UNKNOWN_TRAINING_TERMS,  # LC019
    OUTPUT_TRAINING,  # LC020
    UNDECLARED_BASE,  # LC021
    BASE_CONTRADICTED,  # LC022
)
BY_CODE = {kind.code: kind for kind in KINDS}
BY_NAME = {kind.name: kind for kind in KINDS}


def kind_of(code_or_name: str) -> FindingKind | None:
    """The kind named by a code (LC009, lc9) or a name (naming-rule); None when there is none."""
    value = code_or_name.strip()
    if value in BY_NAME:
        return BY_NAME[value]
    upper = value.upper()
    if upper.startswith("LC") and upper[2:].isdigit():
        upper = f"LC{int(upper[2:]):03d}"
    return BY_CODE.get(upper)
