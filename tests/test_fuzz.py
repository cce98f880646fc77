"""Fuzzing the readers of untrusted input (issue 14): card front matter, config.json, GGUF and
safetensors headers, and the Hub's metadata answers. For every input: no exception escapes (nor is
one caught as a bug by the reader's last guard), the read takes bounded time, and an input the
reader rejects is a problem located at its file (a Hub answer: one message naming its target)."""

from __future__ import annotations

import importlib
import json
import shutil
import struct
import time
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licheck.hub.cache import HubCache
from licheck.hub.client import HubClient, HubError
from licheck.hub.fetch import fetch_snapshot
from licheck.metadata import ModelMetadata
from licheck.metadata.reader import read_metadata
from licheck.repository.discovery import discover
from licheck.repository.scanned_tree import ScannedTree

# Few examples and a deadline per input: the whole file runs in a few seconds.
FUZZ = settings(
    max_examples=60,
    deadline=1000,  # ms per input: the bound on time
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same inputs on every run: a failure here is reproducible
)
BUG = "licheck failed while reading this model"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=16,
)
nesting = st.integers(min_value=0, max_value=300)  # JSON or YAML nested beyond the 64-level bound, sometimes
junk = st.binary(max_size=200)


def _nested(depth: int, inner: str) -> str:
    return "[" * depth + inner + "]" * depth


def _read(folder: Path, files: dict[str, bytes]) -> ModelMetadata:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    tree = ScannedTree([(discover(folder), str(folder))])
    assert len(tree) == 1
    started = time.monotonic()
    metadata = read_metadata(tree.repository(0))
    assert time.monotonic() - started < 1.0
    assert not [p for p in metadata.problems if p.message.startswith(BUG)], metadata.problems
    return metadata


def _located_at(metadata: ModelMetadata, name: str) -> bool:
    return any(Path(p.location.path).name == name for p in metadata.problems)


def _front_matter(value: Any, depth: int, raw: str, choice: int) -> str:
    if choice == 0:
        return yaml.safe_dump({"license": value, "base_model": value}, default_flow_style=False)
    if choice == 1:
        return f"license: {_nested(depth, 'mit')}\nbase_model: &a [*a]\n"
    return raw


@FUZZ
@given(value=json_values, depth=nesting, raw=st.text(max_size=200), choice=st.integers(0, 2))
def test_card_front_matter(tmp_path, value, depth, raw, choice):
    text = "---\n" + _front_matter(value, depth, raw, choice) + "\n---\n# model\n"
    metadata = _read(tmp_path / "m", {"README.md": text.encode("utf-8", "surrogatepass")})
    try:
        parsed = yaml.safe_load(text.split("---\n")[1])
        rejected = not isinstance(parsed, dict) and parsed is not None
    except (yaml.YAMLError, RecursionError, ValueError):
        rejected = True
    if rejected:
        assert _located_at(metadata, "README.md")


@FUZZ
@given(value=json_values, depth=nesting, raw=junk, choice=st.integers(0, 2))
def test_config_json(tmp_path, value, depth, raw, choice):
    body = [json.dumps(value).encode(), _nested(depth, "1").encode(), raw][choice]
    metadata = _read(tmp_path / "m", {"README.md": b"---\nlicense: mit\n---\n", "config.json": body})
    try:
        json.loads(body)
        rejected = depth > 64 and choice == 1
    except (ValueError, RecursionError):
        rejected = True
    if rejected:
        assert _located_at(metadata, "config.json")


@FUZZ
@given(value=json_values, depth=nesting, raw=junk, length=st.integers(0, 2**64 - 1), choice=st.integers(0, 3))
def test_safetensors_header(tmp_path, value, depth, raw, length, choice):
    header = [json.dumps({"__metadata__": value}).encode(), _nested(depth, "").encode(), raw, raw][choice]
    size = length if choice == 3 else len(header)  # a header length that lies
    metadata = _read(
        tmp_path / "m",
        {"README.md": b"---\nlicense: mit\n---\n", "model.safetensors": struct.pack("<Q", size) + header},
    )
    try:
        parsed = json.loads(header)
        # Tensor data may follow a header; the header itself must be the object of tensors.
        rejected = size > len(header) or (choice == 1 and depth > 64) or not isinstance(parsed, dict)
    except (ValueError, RecursionError):
        rejected = True
    if rejected:
        assert _located_at(metadata, "model.safetensors")


def _gguf_string(value: bytes) -> bytes:
    return struct.pack("<Q", len(value)) + value


@FUZZ
@given(
    version=st.sampled_from([1, 2, 3, 4, 2**32 - 1]),
    kv_count=st.integers(0, 2**64 - 1),
    kind=st.integers(0, 20),
    payload=junk,
    cut=st.integers(0, 400),
)
def test_gguf_header(tmp_path, version, kv_count, kind, payload, cut):
    count = "<I" if version == 1 else "<Q"
    body = b"GGUF" + struct.pack("<I", version) + struct.pack(count, 0) + struct.pack(count, kv_count % 2**32)
    body += _gguf_string(b"general.license") + struct.pack("<I", kind) + payload
    metadata = _read(tmp_path / "m", {"README.md": b"---\nlicense: mit\n---\n", "model.gguf": body[: 24 + cut]})
    if version not in (1, 2, 3):
        assert _located_at(metadata, "model.gguf")
    assert all(p.location.path for p in metadata.problems)


class _AnsweringClient(HubClient):
    """The real client with the network replaced by one answer: every GET returns `body` (200)."""

    body: bytes = b""

    def _get(self, url: str, limit: int, *, truncate: bool = False, params: dict[str, Any] | None = None) -> Any:
        from huggingface_hub import get_session

        httpx = importlib.import_module(type(get_session()).__module__.split(".")[0])
        return httpx.Response(200, content=self.body, request=httpx.Request("GET", url))


hub_answers = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "sha": st.sampled_from(["a" * 40, "../../x", "A" * 40, ""]) | json_values,
        "tags": json_values,
        "siblings": st.lists(st.fixed_dictionaries({"rfilename": json_values}), max_size=3) | json_values,
        "cardData": json_values,
        "gated": json_values,
        "pipeline_tag": json_values,
    },
)


@FUZZ
@given(answer=hub_answers, depth=nesting, raw=junk, choice=st.integers(0, 2))
def test_hub_metadata_answers(tmp_path, answer, depth, raw, choice):
    client = _AnsweringClient("http://127.0.0.1:9")
    client.body = [json.dumps(answer).encode(), ('{"sha": ' + _nested(depth, "1") + "}").encode(), raw][choice]
    started = time.monotonic()
    try:
        snapshot = fetch_snapshot(client, HubCache(tmp_path / "cache", client.endpoint), "acme/fuzzed", None)
    except HubError as exc:
        assert str(exc).startswith("acme/fuzzed: ")  # one line naming its target
    else:
        assert snapshot.repo_id == "acme/fuzzed" and len(snapshot.sha) == 40
    assert time.monotonic() - started < 1.0
    assert all(p.is_relative_to(tmp_path / "cache") for p in tmp_path.rglob("*"))
