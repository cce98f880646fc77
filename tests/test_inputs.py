"""Bad input: each becomes a located input-error, the scan goes on, nothing crashes or hangs."""

from __future__ import annotations

import json
import os
import struct
import time

from conftest import findings
from licheck.metadata import Location
from licheck.metadata.card import parse_card
from licheck.metadata.weight_headers import read_gguf, read_safetensors


def gguf_header(path, location):
    with open(path, "rb") as handle:
        return read_gguf(handle, location)


def safetensors_header(path, location):
    with open(path, "rb") as handle:
        return read_safetensors(handle, location)


def test_card_values_keep_their_lines_with_crlf_and_leading_blank_lines():
    text = "\r\n\r\n---\r\nlicense: apache-2.0\r\nbase_model:\r\n  - a/b\r\n  - a/b\r\n  - c/d\r\n---\r\nbody\r\n"
    card = parse_card(text, "README.md")
    assert [(d.value, d.location.line) for d in card.declarations] == [("apache-2.0", 4)]
    assert [(b.model_id, b.location.line) for b in card.bases] == [("a/b", 6), ("c/d", 8)]  # repeats folded


def test_wrong_types_are_reported_not_used():
    card = parse_card("---\nlicense: 42\nbase_model: []\n---\n", "README.md")
    assert not card.declarations and not card.bases
    (problem,) = card.problems
    assert "42" in problem.message and problem.location.line == 2


def test_unclosed_front_matter():
    card = parse_card("---\nlicense: mit\n\n# Title\n", "README.md")
    assert not card.declarations and "never closed" in card.problems[0].message


def test_second_block_at_the_end_is_not_front_matter():
    card = parse_card("---\nlicense: llama2\n---\n# body\n---\nlicense: other\n---\n", "README.md")
    assert [d.value for d in card.declarations] == ["llama2"]


def test_yaml_alias_bomb_is_bounded():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(8)
    )
    bomb += "tags: *i\nlicense: mit\n"
    started = time.perf_counter()
    card = parse_card("---\n" + bomb + "---\n", "README.md")
    assert time.perf_counter() - started < 2
    assert [d.value for d in card.declarations] == ["mit"]
    # 10**9 strings if expanded; licheck converts scalars only, and says once that `tags` was not text
    assert [p.message.split("'")[1] for p in card.problems] == ["tags"]


def test_misspelt_licence_key_from_templates():
    card = parse_card("---\nlicence: license\n---\n", "README.md")
    assert not card.declarations and "'licence'" in card.problems[0].message


def _gguf(path, kv: list[tuple[str, int, bytes]], kv_count: int | None = None, tensors: int = 0):
    def s(value: str) -> bytes:
        raw = value.encode()
        return struct.pack("<Q", len(raw)) + raw

    body = b"GGUF" + struct.pack("<IQQ", 3, tensors, len(kv) if kv_count is None else kv_count)
    for key, kind, payload in kv:
        body += s(key) + struct.pack("<I", kind) + payload
    path.write_bytes(body)
    return path


def _gguf_str(value: str) -> bytes:
    return struct.pack("<Q", len(value.encode())) + value.encode()


def test_gguf_metadata_is_read(tmp_path):
    tokens = struct.pack("<IQ", 8, 3) + b"".join(_gguf_str(t) for t in ("a", "bb", "ccc"))
    path = _gguf(
        tmp_path / "m.gguf",
        [
            ("tokenizer.ggml.tokens", 9, tokens),
            ("general.license", 8, _gguf_str("llama3.1")),
            ("general.base_model.count", 4, struct.pack("<I", 1)),
            ("general.base_model.0.repo_url", 8, _gguf_str("https://huggingface.co/meta-llama/Llama-3.1-8B")),
        ],
    )
    header = gguf_header(path, Location(str(path)))
    assert not header.problems
    assert header.metadata["general.license"] == "llama3.1" and header.metadata["general.base_model.count"] == 1


def test_gguf_lying_and_truncated_headers(tmp_path):
    lying = _gguf(tmp_path / "lying.gguf", [("general.license", 8, _gguf_str("mit"))], kv_count=10**12)
    assert "metadata keys" in gguf_header(lying, Location("x")).problems[0].message
    huge_array = _gguf(
        tmp_path / "array.gguf", [("general.license", 8, _gguf_str("mit")), ("x", 9, struct.pack("<IQ", 0, 10**15))]
    )
    header = gguf_header(huge_array, Location("x"))
    assert header.metadata["general.license"] == "mit" and "past the end" in header.problems[0].message
    truncated = tmp_path / "t.gguf"
    truncated.write_bytes(
        _gguf(tmp_path / "full.gguf", [("general.license", 8, _gguf_str("apache-2.0"))]).read_bytes()[:30]
    )
    assert gguf_header(truncated, Location("x")).problems
    not_gguf = tmp_path / "n.gguf"
    not_gguf.write_bytes(b"PK\x03\x04 zip")
    assert "magic" in gguf_header(not_gguf, Location("x")).problems[0].message


def test_a_huge_weight_file_costs_what_a_small_one_does(tmp_path):
    header = json.dumps(
        {"__metadata__": {"license": "apache-2.0"}, "w": {"dtype": "F16", "shape": [1], "data_offsets": [0, 2]}}
    ).encode()
    path = tmp_path / "model.safetensors"
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(header)) + header)
        handle.truncate(8 * 1024**3)  # a sparse 8 GiB file
    started = time.perf_counter()
    assert safetensors_header(path, Location("x")).metadata == {"license": "apache-2.0"}
    assert time.perf_counter() - started < 0.5


def test_safetensors_lying_header(tmp_path):
    path = tmp_path / "bad.safetensors"
    path.write_bytes(struct.pack("<Q", 2**40) + b"{}")
    assert "claims" in safetensors_header(path, Location("x")).problems[0].message


def test_weight_headers_feed_declarations(model, scan, tmp_path):
    folder = model("license: apache-2.0")
    _gguf(folder / "model-Q4_K_M.gguf", [("general.license", 8, _gguf_str("llama3.1"))])
    _, data, _ = scan(folder)
    declared = {(e["id"], e["source"].split(" ")[0]) for e in data["results"][0]["licenses"]["declared"]}
    assert ("llama3.1", "GGUF") in declared and findings(data, "license-mismatch")


def test_pickles_are_listed_never_opened(model, scan):
    folder = model("license: mit", files={"pytorch_model.bin": b"\x80\x04cos\nsystem\n(S'exit 3'\ntR."})
    code, data, _ = scan(folder)
    assert code == 0 and not findings(data, "input-error")


def test_non_utf8_empty_and_huge_files(model, scan):
    folder = model(
        files={"README.md": b"---\nlicense: mit\n---\ncaf\xe9\n", "config.json": b"", "LICENSE": b"\xff\xfe"}
    )
    _code, data, _ = scan(folder)
    messages = " ".join(f["message"] for f in findings(data, "input-error"))
    assert "not valid UTF-8" in messages and "config.json is not valid JSON" in messages
    big = model("license: mit", files={"LICENSE": "x " * 700_000}, name="big")
    _, data, _ = scan(big)
    assert "only its beginning was read" in " ".join(f["message"] for f in findings(data, "input-error"))


def test_symlink_loops_and_links_out_of_the_folder(model, scan, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "LICENSE").write_text("secret")
    folder = model("license: mit", name="linked")
    os.symlink(folder, folder / "loop")
    os.symlink(outside, folder / "escape")
    os.symlink(outside / "LICENSE", folder / "LICENSE")
    _code, data, _ = scan(folder)
    messages = " ".join(f["message"] for f in findings(data, "input-error"))
    assert "outside the scanned folder" in messages and "link loop" in messages
    assert len(data["results"]) == 1


def test_monorepo_and_diffusers_components(model, scan, tmp_path):
    model("license: mit", name="repo/a")
    model("license: apache-2.0", name="repo/b", files={"unet/config.json": "{}", "vae/config.json": "{}"})
    _, data, _ = scan(tmp_path / "repo")
    assert sorted(r["path"].rsplit("/", 1)[-1] for r in data["results"]) == ["a", "b"]


def test_missing_path_is_exit_2_and_other_targets_still_checked(model, scan, tmp_path):
    code, data, stderr = scan(tmp_path / "nope")
    assert code == 2 and "no such file" in stderr
    code, data, stderr = scan(tmp_path / "nope", model("license: mit"))
    assert code == 0 and len(data["results"]) == 1 and data["errors"][0]["target"].endswith("nope")


# Real Git LFS pointer files, byte for byte as git stores them in place of the weights (what a checkout
# without LFS leaves): Gusiion/meta-llama-Llama-3.2-3B-Instruct@e6c23ae5 model-00001-of-00002.safetensors,
# 877325778/bge-large-zh-v1.5@00f8ffc4 model.safetensors, CesarChaMal/Wizard-Vicuna-30B-Uncensored-GPTQ@13cc63c6
# gptq_model-4bit-128g.safetensors.
LFS_POINTERS = (
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:13cbd6d16e927a0c5bad54102514e6e18b4a47b3a6eb911e39d678d328d19f55\nsize 4965799096\n",
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:74541fa3bddf35c2ed35a7c21542776fb830cde7d372dbe05ca42aa70f2bf904\nsize 1302138752\n",
    b"version https://git-lfs.github.com/spec/v1\n"
    b"oid sha256:b77a56df4b8ff87293a4b473891b700ef0fc677abe9aaf01c450ebb292d6f951\nsize 17554104608\n",
)


def test_git_lfs_pointers_are_weights_not_checked_out_once_per_model(model, scan):
    shards = {f"model-0000{i + 1}-of-00003.safetensors": p for i, p in enumerate(LFS_POINTERS)}
    folder = model("license: llama3.2", files={**shards, "Llama-3.2-3B-Q4_K_M.gguf": LFS_POINTERS[0]})
    code, data, _ = scan(folder)
    (problem,) = findings(data, "input-error")  # one for the model, not one per shard
    assert code == 0 and problem["severity"] == "info"
    assert problem["message"].startswith("weights not checked out (Git LFS pointer): Llama-3.2-3B-Q4_K_M.gguf and 3")
    assert problem["location"]["path"].endswith("Llama-3.2-3B-Q4_K_M.gguf")
    assert "git lfs pull" in problem["fix"] and "lfs: true" in problem["fix"]
    single = model("license: mit", files={"model.safetensors": LFS_POINTERS[1]}, name="single")
    (problem,) = findings(scan(single)[1], "input-error")
    assert "model.safetensors is a Git LFS pointer file, not the weights" in problem["message"]


def test_a_broken_weight_file_that_is_no_pointer_is_still_an_error(model, scan):
    """Text that only mentions LFS, or a pointer's first line with the file grown past the pointer limit."""
    mention = b"see version https://git-lfs.github.com/spec/v1 for the weights\n"
    grown = LFS_POINTERS[0] + b"x" * 1024
    folder = model("license: mit", files={"model.safetensors": mention, "model.gguf": grown})
    code, data, _ = scan(folder)
    problems = findings(data, "input-error")
    assert code == 1 and {p["severity"] for p in problems} == {"error"} and len(problems) == 2
    assert not any("Git LFS" in p["message"] for p in problems)
