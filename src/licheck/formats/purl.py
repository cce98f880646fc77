"""Package URLs for Hugging Face repositories, shared by the bill-of-materials formats."""

from __future__ import annotations

import re

from packageurl import PackageURL

# org/name exactly as the Hub spells a repository: a bare name or a local path is no Hub id.
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$", re.ASCII)
# The purl type `huggingface` names model repositories; a dataset says where it lives through the
# type's one qualifier, so that no reader takes it for the model of the same name.
_DATASETS = {"repository_url": "https://huggingface.co/datasets"}


def hub_purl(repo_id: str, commit: str | None = None, *, dataset: bool = False) -> PackageURL | None:
    """`pkg:huggingface/org/name@commit` when `repo_id` is an org/name Hub id, else None."""
    if not _HUB_ID.match(repo_id):
        return None
    namespace, name = repo_id.split("/")
    return PackageURL("huggingface", namespace, name, commit, _DATASETS if dataset else None)


def dataset_url(repo_id: str) -> str | None:
    """The dataset's page on the Hub when `repo_id` is an org/name Hub id."""
    return f"https://huggingface.co/datasets/{repo_id}" if _HUB_ID.match(repo_id) else None
