"""The bill-of-materials formats checked by their own libraries: CycloneDX with cyclonedx-python-lib's
strict JSON validator.

Only tests import this: the CycloneDX validator brings jsonschema's format checkers (rfc3987-syntax alone
costs ~0.9 s of imports), which licheck itself never needs.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator


@functools.cache
def _cyclonedx_validator() -> JsonStrictValidator:
    return JsonStrictValidator(SchemaVersion.V1_6)


def cyclonedx_errors(document: dict[str, Any]) -> list[str]:
    """Every violation of the CycloneDX 1.6 schema, unknown properties included."""
    errors = _cyclonedx_validator().validate_str(json.dumps(document), all_errors=True) or []
    return [f"{list(e.data.absolute_path)}: {e.data.message}" for e in errors]


def assert_valid_cyclonedx(document: dict[str, Any]) -> None:
    errors = cyclonedx_errors(document)
    assert not errors, errors[:5]
