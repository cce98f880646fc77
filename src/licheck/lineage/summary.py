"""What an ancestor's own metadata tells its descendants: the licenses it declares or ships, and its
own bases. Read from a scanned folder or a Hub repository alike; no findings are judged here."""

from __future__ import annotations

from licheck.catalog.catalog import Catalog
from licheck.lineage.multimodal import is_multimodal
from licheck.lineage.resolver import Resolved
from licheck.metadata import ModelMetadata
from licheck.vocabulary import DeclarationStatus


def summarise(metadata: ModelMetadata, catalog: Catalog, model_id: str, source: str) -> Resolved:
    named: list[str] = []
    for declaration in metadata.declarations:
        resolution = catalog.resolve_declaration(declaration)
        if resolution.status is DeclarationStatus.KNOWN:
            named += catalog.chosen(resolution)
    for file in metadata.license_files:
        named += catalog.shipped_licenses(file.text)
    licenses = tuple(dict.fromkeys(i for i in named if catalog.is_license(i)))
    if not licenses:
        source += ": it declares no license licheck can identify"
    return Resolved(
        model_id,
        licenses,
        source,
        tuple(b.model_id for b in metadata.bases),
        next((b.relation for b in metadata.bases if b.relation), None),
        is_multimodal(metadata.pipeline_tag, metadata.tags),
    )
