"""The bill-of-materials formats read back by their own libraries: CycloneDX with cyclonedx-python-lib's
strict JSON validator, SPDX 3 with spdx-python-model's JSON-LD deserializer.

Only tests import this: the CycloneDX validator brings jsonschema's format checkers (rfc3987-syntax alone
costs ~0.9 s of imports), which licheck itself never needs.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from spdx_python_model.bindings import v3_0_1 as spdx

SPDX_CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"


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


def spdx3_problems(document: dict[str, Any]) -> tuple[Any, list[str]]:
    """Deserialize an SPDX 3 document and list what a consumer would find missing or dangling.

    Returns the bindings module with the object set (so tests can query it) and the problems: the
    context, the document element, each element's spdxId, creationInfo and name where the format
    promises one, relationships and annotations pointing at elements the document holds. Writing the
    set out again makes the bindings check every class's required properties and cardinalities.
    """
    problems: list[str] = []
    if document.get("@context") != SPDX_CONTEXT:
        problems.append(f"@context is {document.get('@context')!r}")
    model, objects = spdx, spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().deserialize_data(document, objects)
    missing = objects.link()
    problems += [f"reference to an element the document does not hold: {m}" for m in sorted(missing)]
    try:
        model.JSONLDSerializer().serialize_data(objects)
    except (ValueError, TypeError) as exc:
        problems.append(f"not writable again: {exc}")
    spdx_documents = list(objects.foreach_type(model.SpdxDocument))
    if len(spdx_documents) != 1:
        problems.append(f"{len(spdx_documents)} SpdxDocument elements")
    held = {id(e) for d in spdx_documents for e in d.element} | {id(d) for d in spdx_documents}
    for element in objects.foreach_type(model.Element):
        spdx_id = element.spdxId
        if not spdx_id or not spdx_id.startswith("https://"):
            problems.append(f"{type(element).__name__} without an IRI spdxId: {spdx_id!r}")
        info = element.creationInfo
        if not isinstance(info, model.CreationInfo) or info.specVersion != "3.0.1" or not info.createdBy:
            problems.append(f"{spdx_id}: incomplete creationInfo")
        if id(element) not in held:
            problems.append(f"{spdx_id}: not listed in the document's elements")
        if isinstance(element, model.software_Package) and not element.name:
            problems.append(f"{spdx_id}: package without a name")
    for relationship in objects.foreach_type(model.Relationship):
        ends = [relationship.from_, *relationship.to]
        if not relationship.relationshipType or not all(isinstance(e, model.Element) for e in ends):
            problems.append(f"{relationship.spdxId}: an end is not an element of the document")
    for annotation in objects.foreach_type(model.Annotation):
        if not isinstance(annotation.subject, model.Element) or not annotation.statement:
            problems.append(f"{annotation.spdxId}: no subject or statement")
    return (model, objects), problems


def load_spdx3(document: dict[str, Any]) -> tuple[Any, Any]:
    """(bindings module, object set) of a document that has none of the problems above."""
    loaded, problems = spdx3_problems(document)
    assert not problems, problems[:5]
    return loaded
