"""Bad input: each becomes a located input-error, the scan goes on, nothing crashes or hangs."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from conftest import findings
from licheck.cli import cli
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


@pytest.mark.parametrize("repeat", [10, 30_000])  # a body under and over BODY_LIMIT once line ends count as one
def test_windows_line_ends_read_as_unix_ones(repeat):
    from licheck.metadata.card import BODY_LIMIT

    unix = "\n---\nlicense: mit\ntags: |\n  a\n  b\n---\n" + "Fine-tuned from [x](https://hf.co/a/b).\n" * repeat
    windows, unix_card = parse_card(unix.replace("\n", "\r\n"), "README.md"), parse_card(unix, "README.md")
    assert windows.body.replace("\r\n", "\n") == unix_card.body and len(unix_card.body) <= BODY_LIMIT
    assert (windows.declarations, windows.tags, windows.body_line) == (unix_card.declarations, unix_card.tags, 8)


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


def test_front_matter_closing_line_is_found_in_linear_time():
    # every line begins like a closing line and is not one: each stretch of the card is searched once
    text = "---\nlicense: mit\n" + "...x\n----\n" * 100_000 + "...\n" + "...x\n" * 100_000
    started = time.perf_counter()
    card = parse_card(text, "README.md")
    assert time.perf_counter() - started < 2
    assert card.body_line == 200_004 and card.body.startswith("...x\n")
    assert "larger than 512 KiB" in card.problems[0].message


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


# --- issue 14: hostile input --------------------------------------------------------------------------

DEEP_JSON = "[" * 100_000 + "]" * 100_000


@contextlib.contextmanager
def no_hang(seconds: int = 20):
    """Fail the test instead of hanging it (a FIFO opened by mistake blocks forever)."""

    def expired(*_):
        raise AssertionError(f"still running after {seconds} s: something blocked")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def input_errors(data: dict) -> str:
    def where(location: dict) -> str:
        return f"{location['path']}:{location['line']}" if location.get("line") else location["path"]

    return " | ".join(f"{where(f['location'])}: {f['message']}" for f in findings(data, "input-error"))


def test_json_nested_100k_deep_is_a_located_input_error_and_the_run_goes_on(model, scan, tmp_path):
    header = DEEP_JSON.encode()
    model("license: mit", files={"config.json": DEEP_JSON}, name="tree/config")
    model("license: mit", files={"adapter_config.json": DEEP_JSON}, name="tree/adapter")
    model("license: mit", files={"m.safetensors": struct.pack("<Q", len(header)) + header}, name="tree/st")
    model("license: mit", name="tree/clean")
    code, data, stderr = scan(tmp_path / "tree")
    assert code == 1 and "Traceback" not in stderr and len(data["results"]) == 4
    errors = input_errors(data)
    assert "config.json:1: config.json is not valid JSON (nested more than 64 levels deep)" in errors
    assert "adapter_config.json:1: adapter_config.json is not valid JSON" in errors
    assert "m.safetensors:1: safetensors header is not valid JSON: nested more than 64 levels deep" in errors


def test_gguf_key_longer_than_the_format_allows(tmp_path):
    path = _gguf(tmp_path / "k.gguf", [("general." + "k" * 70_000, 8, _gguf_str("mit"))])
    (problem,) = gguf_header(path, Location("k.gguf")).problems
    assert "a key of 70,008 bytes (the GGUF format allows 65,535)" in problem.message


def test_lone_surrogates_and_undecodable_names_through_every_format_and_output(model, tmp_path):
    from licheck.formats import FORMATS

    folder = model("license: mit", files={"config.json": '{"_name_or_path": "\\ud800x/y"}'})
    (folder / "LICENSE-\udcff").write_text("MIT License\n")  # the file name's byte 0xff is not UTF-8
    (folder / "m.safetensors").write_bytes(_safetensors({"__metadata__": {"license": "mit\\udfff"}}))
    runner = CliRunner()
    for name in FORMATS:
        output = tmp_path / f"report.{name}"
        for args in (["--format", name], ["--format", name, "-o", str(output)]):
            result = runner.invoke(cli, ["scan", *args, str(folder)])
            assert result.exit_code in (0, 1), (name, result.stderr, result.exception)
        output.read_bytes().decode("utf-8")  # strict: nothing unencodable was written
    result = runner.invoke(cli, ["scan", "--format", "json", str(folder)])
    assert "LICENSE-\\xff" in {f["location"]["path"].rsplit("/", 1)[-1] for f in findings(json.loads(result.stdout))}


def _safetensors(header: dict) -> bytes:
    raw = json.dumps(header).replace("\\\\u", "\\u").encode()
    return struct.pack("<Q", len(raw)) + raw


def _unprivileged(*args: str) -> tuple[int, str, str]:
    """`licheck scan --format json ARGS` as a user without root's right to ignore file modes."""
    command = [sys.executable, "-m", "licheck", "scan", "--format", "json", *args]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: file modes cannot be tested")
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", *command]
    done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def test_folders_without_execute_or_read_permission(model, tmp_path):
    no_exec = model("license: mit", name="no-exec")
    no_exec.chmod(0o600)
    model("license: mit", name="tree/ok")
    locked = model("license: mit", name="tree/locked")
    locked.chmod(0)
    try:
        code, out, err = _unprivileged(str(no_exec))
        assert code == 1 and "Traceback" not in err
        assert "cannot read 'README.md': Permission denied" in input_errors(json.loads(out))
        code, out, err = _unprivileged(str(tmp_path / "tree"))  # a subfolder holding a card, unreadable
        assert code == 1 and "Traceback" not in err
        assert "cannot list the folder" in input_errors(json.loads(out)) and "tree/locked" in out
    finally:
        no_exec.chmod(0o755)
        locked.chmod(0o755)


def test_an_unexpected_error_reading_one_model_is_an_input_error_on_it(model, scan, tmp_path, monkeypatch):
    from licheck.metadata import reader

    real = reader.read_config

    def broken(text, path, kind):
        if "bad" in path:
            raise AttributeError("a bug met on hostile input")
        return real(text, path, kind)

    monkeypatch.setattr(reader, "read_config", broken)
    model("license: mit", files={"config.json": "{}"}, name="tree/bad")
    model("license: mit", files={"config.json": "{}"}, name="tree/good")
    code, data, _ = scan(tmp_path / "tree")
    assert code == 1 and len(data["results"]) == 2
    assert "licheck failed while reading this model (AttributeError at test_inputs.py:" in input_errors(data)


def test_an_internal_error_exits_3_with_one_line_and_no_traceback(model, monkeypatch):
    import licheck.pipeline

    def bug(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(licheck.pipeline, "evaluate", bug)
    result = CliRunner().invoke(cli, ["scan", str(model("license: mit"))])
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert result.stderr.startswith("licheck: internal error (KeyError at test_inputs.py:")


def test_fifos_are_never_opened_wherever_they_are_named(model, scan, tmp_path):
    outside = tmp_path / "outside-fifo"
    os.mkfifo(outside)
    for name in ("README.md", "config.json", "m.gguf", "m.safetensors", "mergekit_config.yml"):
        folder = model(None if name == "README.md" else "license: mit", name=f"tree/{name}")
        os.mkfifo(folder / name)
    os.symlink(outside, model("license: mit", name="tree/link") / "config.json")
    fifo_config = tmp_path / "config.yaml"
    os.mkfifo(fifo_config)
    with no_hang():
        code, data, stderr = scan(tmp_path / "tree")
        assert code in (0, 1) and "Traceback" not in stderr and len(data["results"]) >= 5
        code, _, stderr = scan("--config", fifo_config, model("license: mit", name="clean"))
        assert code == 2 and "config.yaml: cannot be read: not a regular file (a FIFO)" in stderr
        code, _, stderr = scan("-o", outside, tmp_path / "clean")
        assert code == 2 and "exists and is not a regular file" in stderr
        token = tmp_path / "token"
        os.mkfifo(token)
        result = CliRunner().invoke(cli, ["hub", "--token-file", str(token), "a/b"])
        assert result.exit_code == 2 and "not a regular file (a FIFO)" in result.stderr


def _sparse_gguf(path, strings: int, size: int = 200 * 1024**2):
    """A GGUF whose one key is an array of `strings` strings, in a sparse file of zeros (empty strings)."""
    with open(path, "wb") as handle:
        handle.write(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + _gguf_str("tokenizer.ggml.tokens"))
        handle.write(struct.pack("<IIQ", 9, 8, strings))
        handle.truncate(size)
    return path


def test_gguf_work_is_bounded_per_header_and_per_model(model, scan, tmp_path):
    started = time.perf_counter()
    header = gguf_header(_sparse_gguf(tmp_path / "claims.gguf", 2**40), Location("x"))
    assert "more than 1,000,000 values" in header.problems[0].message
    assert time.perf_counter() - started < 1
    folder = model("license: mit", name="many")
    for index in range(64):  # each walks 999,999 empty strings: the most one header may hold
        _sparse_gguf(folder / f"m{index:02}.gguf", 999_999, size=8 * 1024**2)
    started = time.perf_counter()
    _, data, _ = scan(folder)
    assert time.perf_counter() - started < 30  # unbounded: 64 headers, ~90 s
    assert "this header and the ones after it were not read" in input_errors(data)


def test_values_per_card_key_are_capped(model, scan):
    ids = "".join(f"  - u{i}\n" for i in range(47_000))
    started = time.perf_counter()
    _, data, _ = scan(model("license:\n" + ids))
    assert time.perf_counter() - started < 5  # every value and its did-you-mean: 60 s
    assert "'license' lists 47,000 values; licheck reads the first 256" in input_errors(data)


def test_card_values_that_are_impossible_dates_are_reported():
    card = parse_card("---\nlicense: 2027-02-30\n---\n", "README.md")
    assert "'2027-02-30' is not a valid timestamp" in card.problems[0].message


BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".licheck.yaml", BOMB + "allow: *i\n", ".licheck.yaml:1: more than 100,000 values once aliases are expanded"),
        (".licheck.yaml", "allow: &r [*r]\n", ".licheck.yaml:1: an alias refers to a value that contains it"),
        (
            ".licheck.yaml",
            "exceptions:\n  - code: LC009\n    path: x\n    reason: r\n    expires: 2027-02-30\n",
            ".licheck.yaml:5: '2027-02-30' is not a valid timestamp (day is out of range for month)",
        ),
        (
            "pyproject.toml",
            "[tool.licheck]\nallow = " + "[" * 5000 + "]" * 5000 + "\n",
            "pyproject.toml:2: nested more",
        ),
        ("pyproject.toml", "[tool.licheck]\n" + "a." * 5000 + "b = 1\n", "is nested more than 32 levels deep"),
        ("pyproject.toml", 'tool = "x"\n', "pyproject.toml:1: tool.licheck must be a table"),
    ],
)
def test_the_configuration_is_read_as_untrusted_input(model, scan, tmp_path, name, text, expected):
    config = tmp_path / name
    config.write_text(text)
    started = time.perf_counter()
    code, _, stderr = scan("--config", config, model("license: mit"))
    assert code == 2 and expected in stderr and "Traceback" not in stderr
    assert time.perf_counter() - started < 5


def test_output_files_are_replaced_atomically_and_never_through_a_link(model, tmp_path, monkeypatch):
    folder = model("license: llama3.1\nbase_model: meta-llama/Llama-3.1-8B")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.symlink(victim, folder / "NOTICE")
    runner = CliRunner()
    result = runner.invoke(cli, ["notice", str(folder), "-o", str(folder / "NOTICE")])
    assert result.exit_code == 2 and "is a symbolic link to" in result.stderr and victim.read_text() == "precious\n"
    result = runner.invoke(cli, ["scan", str(folder), "-o", str(folder / "NOTICE")])
    assert result.exit_code == 2 and victim.read_text() == "precious\n"
    result = runner.invoke(cli, ["notice", str(folder), "-o", str(victim)])  # the user names the target itself
    assert result.exit_code == 0 and "Llama 3.1 is licensed under" in victim.read_text()
    existing = tmp_path / "NOTICE"
    existing.write_text("the NOTICE shipped so far\n")

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    result = runner.invoke(cli, ["notice", str(folder), "-o", str(existing)])
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert existing.read_text() == "the NOTICE shipped so far\n" and os.listdir(tmp_path).count("NOTICE") == 1
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


INJECTION = (
    'license: "mit\\u001b[2J\\u001b]0;pwned\\u0007"\n'
    'base_model: "a/b\\n::error file=x.py,line=1::forged"\n'
    "model-index:\n"
    '  - name: "<script>alert(1)</script></details><img src=x onerror=alert(1)>"'
)


def test_values_from_a_repository_cannot_forge_lines_colours_or_markup(model):
    folder = model(INJECTION)
    runner = CliRunner()
    for output_format in ("text", "github", "markdown"):
        result = runner.invoke(cli, ["scan", "--format", output_format, str(folder)])
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, output_format
        assert not any(line.startswith("::error file=x.py") for line in result.stdout.splitlines()), output_format
        assert "forged" in result.stdout or output_format == "markdown"
        if output_format == "markdown":
            assert "<script>" not in result.stdout and "<img" not in result.stdout
            assert result.stdout.count("</details>") == result.stdout.count("<details")
        assert "\x1b" not in result.stderr and "\n::" not in result.stderr


def test_a_regular_file_is_read_to_one_byte_past_the_limit_whatever_size_it_claims(tmp_path):
    """read_regular reads what the file holds, never more than limit + 1 bytes (so the caller knows it is
    larger): also for a file whose recorded size is not its length (/proc files say 0)."""
    from licheck.regular_files import read_regular

    small = tmp_path / "small"
    small.write_bytes(b"license: mit\n")
    assert read_regular(small, 1024) == b"license: mit\n"
    (tmp_path / "empty").write_bytes(b"")
    assert read_regular(tmp_path / "empty", 1024) == b""
    big = tmp_path / "big"
    big.write_bytes(bytes(range(256)) * 1024)
    assert read_regular(big, 1000) == (bytes(range(256)) * 4)[:1001]
    assert read_regular(big, 1 << 20) == bytes(range(256)) * 1024
    proc = "/proc/self/status"
    if os.path.exists(proc):  # reads as 0 bytes long, holds more
        assert read_regular(proc, 1 << 16).startswith(b"Name:")
        assert len(read_regular(proc, 3)) == 4
