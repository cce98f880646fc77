"""Which files of a model repository licheck reads, and what each is for.

Both the local reader and the Hub fetch use this, so a file type is recognised the same way
everywhere."""

from __future__ import annotations

import functools
import os
import re

from licheck.metadata import FileRole

CARD = "README.md"
CONFIG = "config.json"
ADAPTER_CONFIG = "adapter_config.json"
MERGEKIT_CONFIG = "mergekit_config.yml"
METADATA_FILES = (CARD, CONFIG, ADAPTER_CONFIG, MERGEKIT_CONFIG)
WEIGHT_SUFFIXES = frozenset(
    {".safetensors", ".gguf", ".bin", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".msgpack", ".pkl", ".nemo"}
)
HEADER_SUFFIXES = frozenset({".gguf", ".safetensors"})  # the weight formats whose metadata header is read

_LICENSE_NAME = re.compile(
    r"(licen[cs]e|copying|notice|use[_ -]?policy|acceptable[_ -]use|terms[_ -]of[_ -]use)", re.IGNORECASE
)
_TEXT_SUFFIXES = frozenset({"", ".md", ".txt", ".rst", ".markdown"})


NAME_KEPT = 255  # characters: a file name's longest; only a row of a dump can list a longer one


def license_role(name: str) -> FileRole | None:
    """What a license-like file is for, judged by its name: LICENSE*, NOTICE*, USE_POLICY*…"""
    return _remembered_role(name) if len(name) <= NAME_KEPT else _role(name)


@functools.lru_cache(maxsize=1024)  # a collection repeats a few file names (README.md, config.json, LICENSE)
def _remembered_role(name: str) -> FileRole | None:
    return _role(name)


def _role(name: str) -> FileRole | None:
    suffix = os.path.splitext(name)[1]
    if suffix.lower() not in _TEXT_SUFFIXES and not re.search(r"licen[cs]e", suffix, re.IGNORECASE):
        return None
    match = _LICENSE_NAME.search(name)
    if not match or name.lower().startswith("readme"):
        return None
    word = match.group(1).lower()
    if "notice" in word:
        return "notice"
    if "policy" in word or "acceptable" in word or "terms" in word:
        return "use-policy"
    return "license"


def is_weight_file(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in WEIGHT_SUFFIXES
