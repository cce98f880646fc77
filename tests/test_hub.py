"""`licheck hub` and `scan --online`: the real huggingface_hub client against a local stand-in Hub."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from bom import assert_valid_cyclonedx, load_spdx3
from conftest import ROOT, SHARED, findings
from hubstub import Rule, StubHub, StubRepo, fan_out, gzip_bomb, huge_body
from licheck.cli import cli
from licheck.hub.client import HubClient, HubError

CARDS = SHARED / "corpus" / "cards"
TOKEN = "hf_licheckTestToken0123456789"


def corpus_repo(repo_id: str, stem: str, **kwargs) -> StubRepo:
    """A repo made of a corpus card and its companions, plus weight files that must never be fetched."""
    if not CARDS.is_dir():
        pytest.fail(f"{CARDS} is missing: the tests need ../shared beside the project")
    files = {"README.md": (CARDS / f"{stem}.md").read_bytes()}
    for name in ("config.json", "adapter_config.json", "mergekit_config.yml"):
        companion = CARDS / f"{stem}.{name}"
        if companion.exists():
            files[name] = companion.read_bytes()
    files["model-00001-of-00002.safetensors"] = b"\0" * 64
    return StubRepo(repo_id, files, **kwargs)


def folder_repo(repo_id: str, folder: Path, **kwargs) -> StubRepo:
    return StubRepo(
        repo_id, {p.name: p.read_bytes() for p in folder.iterdir()} | {"model.safetensors": b"\0" * 64}, **kwargs
    )


@pytest.fixture
def stub(monkeypatch, tmp_path):
    hub = StubHub()
    hub.add(folder_repo("acme/medchat", ROOT / "examples" / "llama-relabelled-apache"))
    hub.add(corpus_repo("NousResearch/Hermes-3-Llama-3.1-8B", "NousResearch__Hermes-3-Llama-3.1-8B"))
    hub.add(
        corpus_repo(
            "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "bartowski__Meta-Llama-3.1-8B-Instruct-GGUF", tags=["gguf"]
        )
    )
    hub.add(corpus_repo("Youlln/1PARAMMYL-8B-ModelStock", "Youlln__1PARAMMYL-8B-ModelStock"))
    # A fine-tune of acme/medchat, which no bundled table knows: its lineage can only come from the Hub.
    hub.add(
        StubRepo("acme/medchat-v2", {"README.md": b"---\nlicense: mit\nbase_model: acme/medchat\n---\n# MedChat v2\n"})
    )
    hub.add(
        StubRepo(
            "meta-llama/Llama-3.1-8B-Gated",
            {
                "README.md": b"---\nlicense: llama3.1\nextra_gated_prompt: Accept the license\n---\n# Llama\n",
                "LICENSE": (SHARED / "licenses" / "llama3.1.txt").read_bytes(),
                "model.safetensors": b"\0",
            },
            gated="manual",
            granted={TOKEN},
        )
    )
    hub.add(corpus_repo("acme/private-cc", "pszemraj__flan-t5-large-grammar-synthesis", private=True, granted={TOKEN}))
    hub.add(StubRepo("acme/dialogues-nc", {"README.md": b"---\nlicense: cc-by-nc-4.0\n---\n# Dialogues\n"}), "dataset")
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("LICHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HUGGING_FACE_HUB_TOKEN", raising=False)
    yield hub
    hub.stop()


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The waits between retries, recorded instead of slept: every HubClient the run creates is given
    this fake as its `sleep` (unless a caller passes one)."""
    waits: list[float] = []
    init = HubClient.__init__

    def init_with_fake_sleep(self, *args, **kwargs):
        kwargs.setdefault("sleep", waits.append)
        init(self, *args, **kwargs)

    monkeypatch.setattr(HubClient, "__init__", init_with_fake_sleep)
    return waits


def run(*args: str):
    """`licheck hub` with a JSON report; --quiet leaves on stderr only what went wrong (no summary line)."""
    result = CliRunner().invoke(
        cli, ["hub", "--no-config", "--quiet", "--format", "json", *args], catch_exceptions=False
    )
    data = json.loads(result.stdout) if result.stdout.strip() else None
    return result.exit_code, data, result.stderr


def names(data: dict) -> set[str]:
    return {f["name"] for f in findings(data)}


# --- the same verdict as a local scan, with the commit, and never a weight file -----------------------


def test_hub_gives_the_verdict_of_the_downloaded_folder(stub):
    code, data, err = run("acme/medchat")
    local = json.loads(
        CliRunner()
        .invoke(cli, ["scan", "--no-config", "--format", "json", str(ROOT / "examples" / "llama-relabelled-apache")])
        .stdout
    )
    assert code == 1 and err == ""
    result, expected = data["results"][0], local["results"][0]
    assert result["commit"] == stub.repos["acme/medchat"].sha
    assert names(data) == names(local) == {"base-license-conflict", "naming-rule", "missing-attribution"}
    assert result["licenses"]["concluded"] == expected["licenses"]["concluded"]
    assert [f["location"]["line"] for f in result["findings"]] == [f["location"]["line"] for f in expected["findings"]]
    assert len(stub.metadata_requests("acme/medchat")) == 1
    assert stub.file_requests() == [f"/acme/medchat/resolve/{result['commit']}/README.md"]


def test_quantization_merge_and_online_lineage(stub):
    code, data, _ = run(
        "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF",
        "Youlln/1PARAMMYL-8B-ModelStock",
        "NousResearch/Hermes-3-Llama-3.1-8B",
        "acme/medchat-v2",
    )
    assert code == 1 and len(data["results"]) == 4
    gguf, merge, hermes, v2 = data["results"]
    # a quantization keeps the vendor's name: the exemption is shown as info, never an error
    assert {f["severity"] for f in gguf["findings"] if f["name"] == "naming-rule"} <= {"info"}
    assert merge["lineage"][0]["id"] == "arcee-ai/Llama-3.1-SuperNova-Lite"  # from the table: no request
    assert "llama3.1" in {e["id"] for e in merge["licenses"]["concluded"]}
    assert {e["id"] for e in hermes["licenses"]["declared"]} == {"llama3"}
    via_hub, vendor = v2["lineage"]
    assert via_hub["id"] == "acme/medchat" and via_hub["licenses"] == ["apache-2.0"]
    assert via_hub["source"].startswith("Hub metadata of acme/medchat at ")
    assert vendor["id"] == "meta-llama/Llama-3.1-8B-Instruct" and vendor["depth"] == 2
    conflict = [f for f in v2["findings"] if f["name"] == "base-license-conflict" and f["license"] == "llama3.1"]
    assert conflict and conflict[0]["path"] == ["acme/medchat", "meta-llama/Llama-3.1-8B-Instruct"]
    assert not [p for p in stub.file_requests() if p.endswith((".safetensors", ".gguf"))]
    assert stub.metadata_requests("arcee-ai") == [] and stub.metadata_requests("meta-llama") == []
    for repo in stub.repos:
        assert len(stub.metadata_requests(repo)) <= 1, repo


def test_each_repo_is_fetched_once_per_run(stub):
    _code, data, _ = run("acme/medchat-v2", "acme/medchat-v2", "acme/medchat")
    assert len(data["results"]) == 3
    assert len(stub.metadata_requests("acme/medchat-v2")) == 1
    assert len(stub.metadata_requests("acme/medchat")) == 1  # a target and an ancestor: one request


def test_revision_pins(stub):
    repo = stub.repos["acme/medchat"]
    repo.revisions["v1.0"] = repo.sha
    _code, data, _ = run("acme/medchat@v1.0", f"acme/medchat@{repo.sha}", "acme/medchat@nope")
    assert [r["commit"] for r in data["results"]] == [repo.sha, repo.sha]
    assert "/api/models/acme/medchat/revision/v1.0" in " ".join(stub.metadata_requests())
    assert data["errors"] == [
        {"target": "acme/medchat@nope", "message": "acme/medchat@nope: no such revision (branch, tag or commit)"}
    ]


# --- access: gated, private, tokens ----------------------------------------------------------------


def test_gated_repo_without_access_still_yields_its_public_metadata(stub):
    _code, data, _ = run("meta-llama/Llama-3.1-8B-Gated")
    result = data["results"][0]
    assert {e["id"] for e in result["licenses"]["declared"]} == {"llama3.1"}
    unread = [f for f in findings(data, "input-error") if "gated" in f["message"]]
    assert {f["location"]["path"] for f in unread} == {
        "meta-llama/Llama-3.1-8B-Gated/README.md",
        "meta-llama/Llama-3.1-8B-Gated/LICENSE",
    }
    assert all(f["severity"] == "warning" for f in unread)


def test_gated_repo_with_a_token_file_reads_everything_and_never_shows_the_token(stub, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    result = CliRunner().invoke(
        cli,
        [
            "hub",
            "--no-config",
            "--format",
            "json",
            "--token-file",
            str(token_file),
            "meta-llama/Llama-3.1-8B-Gated",
            "acme/private-cc",
            "acme/nope",
        ],
    )
    data = json.loads(result.stdout)
    assert [r["path"] for r in data["results"]] == ["meta-llama/Llama-3.1-8B-Gated", "acme/private-cc"]
    gated = data["results"][0]
    assert {e["id"] for e in gated["licenses"]["detected"]} == {"llama3.1"}
    assert not findings(data, "input-error")
    assert TOKEN not in result.stdout + result.stderr
    assert all(sent for _, path, sent in stub.requests)  # the token went with every request
    for text in (tmp_path / "cache").rglob("*.json"):
        assert TOKEN not in text.read_text()


def test_private_repo_needs_a_token_from_hf_token(stub, monkeypatch):
    code, data, err = run("acme/private-cc")
    assert code == 2 and "repository not found (or private: pass a token" in err
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    code, data, err = run("acme/private-cc")
    assert data["results"][0]["path"] == "acme/private-cc" and TOKEN not in err


def test_gated_metadata_and_rejected_token(stub, tmp_path):
    stub.repos["meta-llama/Llama-3.1-8B-Gated"].gated_metadata = True
    code, _, err = run("meta-llama/Llama-3.1-8B-Gated")
    assert code == 2 and "gated; this token has not been granted access" in err
    stub.rules.append(
        Rule(
            "/api/models/acme/medchat",
            status=401,
            times=None,
            headers={"X-Error-Message": "Invalid credentials in Authorization header"},
        )
    )
    code, _, err = run("acme/medchat")
    assert code == 2 and "the token was rejected (401)" in err


# --- failures: one clear line per target, the others still checked -------------------------------------


@pytest.mark.parametrize(
    "rule,message,waited",
    [
        # 5xx: two retries, after the client's backoff of 0.5 s × attempt
        (Rule("/api/models/acme/medchat", status=503, times=None), "the Hub answered 503 after 3 attempts", [0.5, 1.0]),
        (Rule("/api/models/acme/medchat", status=403, times=None), "access denied (403)", []),
        # a Retry-After longer than a CLI should wait (10 s) is reported, not waited for
        (
            Rule("/api/models/acme/medchat", status=429, times=None, headers={"Retry-After": "3600"}),
            "rate limited (429); the Hub asks to retry after 3600 s",
            [],
        ),
        (
            Rule("/api/models/acme/medchat", status=200, body=b'{"id": "acme/medchat", "sha": "ab'),
            "the Hub's answer is not the JSON expected",
            [],
        ),
        (Rule("/api/models/acme/medchat", status=200, body=b"<html>maintenance</html>"), "not the JSON expected", []),
        (Rule("/api/models/acme/medchat", status=200, body=b'{"id": "acme/medchat"}'), "commit sha is missing", []),
        # hostile answers (issue 14): each one line for its target, nothing written outside the cache
        *(
            (Rule("/api/models/acme/medchat", status=200, times=None, body=body), expected, [])
            for body, expected in (
                (b'{"id": "acme/medchat", "sha": "../../../../escaped"}', "commit sha is missing or not 40"),
                (b'{"id": "acme/medchat", "sha": "ab\\u0000"}', "commit sha is missing or not 40"),
                (b'{"id": "acme/medchat", "sha": 12}', "not the JSON expected"),
                (b'{"id": "acme/medchat", "sha": "' + b"a" * 40 + b'", "tags": 5}', "not the JSON expected"),
                (b'{"id": "acme/medchat", "sha": "' + b"a" * 40 + b'", "cardData": "x"}', "not the JSON expected"),
                (b'{"id": "acme/medchat", "sha": "' + b"a" * 40 + b'", "cardData": [1]}', "not the JSON expected"),
                (
                    b'{"id": "acme/medchat", "siblings": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                    "not the JSON expected",
                ),
            )
        ),
        # a redirect loop
        (
            Rule("/api/models/acme/medchat", status=302, times=None, headers={"Location": "/api/models/acme/medchat"}),
            "redirects in a loop",
            [],
        ),
        # a dropped connection is tried again at once
        (
            Rule(
                "/api/models/acme/medchat",
                status=200,
                body=b'{"id": "acme/medchat", "sha": "a"}',
                truncate=True,
                times=None,
            ),
            "the connection failed",
            [],
        ),
    ],
)
def test_failures_are_one_line_and_other_targets_go_on(stub, waits, rule, message, waited):
    stub.rules.append(rule)
    code, data, err = run("acme/medchat", "NousResearch/Hermes-3-Llama-3.1-8B")
    assert waits == waited
    assert code == 1  # the other target was checked
    assert [r["path"] for r in data["results"]] == ["NousResearch/Hermes-3-Llama-3.1-8B"]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("licheck: acme/medchat: ") and message in lines[0]
    assert "Traceback" not in err


def test_transient_errors_are_retried_and_retry_after_is_honoured(stub, waits):
    stub.rules += [
        Rule("/api/models/acme/medchat", status=429, headers={"Retry-After": "3"}),
        Rule("/api/models/acme/medchat", status=502),
    ]
    code, _data, err = run("acme/medchat")
    assert code == 1 and err == "" and len(stub.metadata_requests("acme/medchat")) == 3
    assert waits == [3.0, 1.0]  # the Hub's Retry-After, then the client's own backoff (0.5 s × attempt 2)


def test_the_retry_wait_is_injected_into_the_client(stub):
    waits: list[float] = []
    stub.rules.append(Rule("/api/models/acme/medchat", status=503, headers={"Retry-After": "0.25"}))
    info = HubClient(stub.url, sleep=waits.append).repo_info("acme/medchat", None)
    assert info.sha == stub.repos["acme/medchat"].sha and waits == [0.25]


def test_a_file_that_fails_is_reported_and_the_rest_is_checked(stub, waits):
    stub.rules.append(Rule("/resolve/", status=500, times=None))
    _code, data, _ = run("acme/medchat")
    tried = len(stub.file_requests()) // 3  # each file three times, with a backoff between the attempts
    assert tried and len(stub.file_requests()) == 3 * tried and sorted(waits) == [0.5] * tried + [1.0] * tried
    problem = findings(data, "input-error")[0]
    assert "'README.md' could not be read from the Hub" in problem["message"] and problem["severity"] == "error"
    assert {e["id"] for e in data["results"][0]["licenses"]["declared"]} == {"apache-2.0"}  # from cardData


def test_timeout_and_dead_server_cost_seconds_not_minutes(stub, monkeypatch):
    stub.rules.append(Rule("/api/models/acme/medchat", status=0, delay=2.0))
    started = time.monotonic()
    code, _, err = run("--timeout", "0.5", "acme/medchat")
    assert code == 2 and "no answer within 0.5 s" in err and time.monotonic() - started < 5
    dead = StubHub()
    dead.stop()
    started = time.monotonic()
    code, _, err = run("--endpoint", dead.url, "acme/medchat", "acme/other")
    assert code == 2 and err.count("cannot connect to") == 2 and time.monotonic() - started < 5


# --- cache and offline ---------------------------------------------------------------------------------


def test_warm_runs_make_no_file_requests_and_offline_none_at_all(stub):
    first = run("acme/medchat")[1]
    stub.requests.clear()
    assert run("acme/medchat")[1]["results"] == first["results"]
    assert len(stub.requests) == 1 and stub.file_requests() == []  # metadata only: the commit is unchanged
    stub.requests.clear()
    code, offline, _ = run("--offline", "acme/medchat")
    assert code == 1 and offline["results"] == first["results"] and stub.requests == []
    code, _, err = run("--offline", "NousResearch/Hermes-3-Llama-3.1-8B")
    assert code == 2 and "not in licheck's cache (offline)" in err and stub.requests == []


def test_cache_is_never_trusted_over_a_repo_gone_gated_or_deleted(stub, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    repo = stub.repos["meta-llama/Llama-3.1-8B-Gated"]
    assert not findings(run("--token-file", str(token_file), "meta-llama/Llama-3.1-8B-Gated")[1], "input-error")
    repo.granted.clear()  # access revoked: the cached files must not be used
    code, data, _ = run("--token-file", str(token_file), "meta-llama/Llama-3.1-8B-Gated")
    assert [f for f in findings(data, "input-error") if "gated" in f["message"]]
    assert data["results"][0]["licenses"]["detected"] == []
    del stub.repos["meta-llama/Llama-3.1-8B-Gated"]
    code, _, err = run("--token-file", str(token_file), "meta-llama/Llama-3.1-8B-Gated")
    assert code == 2 and "repository not found" in err


# --- scan --online, and the endpoint read at call time -------------------------------------------------


def test_scan_online_resolves_bases_the_table_does_not_know(stub, model):
    folder = model("license: mit\nbase_model: acme/medchat")
    offline = CliRunner().invoke(cli, ["scan", "--no-config", "--format", "json", str(folder)])
    assert "unresolved-base" in names(json.loads(offline.stdout)) and stub.requests == []
    online = CliRunner().invoke(cli, ["scan", "--no-config", "--online", "--format", "json", str(folder)])
    data = json.loads(online.stdout)
    assert "unresolved-base" not in names(data) and "base-license-conflict" in names(data)
    assert len(stub.metadata_requests("acme/medchat")) == 1


def test_endpoint_option_wins_over_hf_endpoint(stub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    code, data, _ = run("--endpoint", stub.url, "acme/medchat")
    assert code == 1 and data["results"][0]["commit"]


def test_datasets_are_resolved_over_the_hub(stub, model):
    folder = model("license: apache-2.0\ndatasets: [acme/dialogues-nc, acme/no-such-data]")
    offline = json.loads(CliRunner().invoke(cli, ["scan", "--no-config", "--format", "json", str(folder)]).stdout)
    assert [a["status"] for a in offline["results"][0]["lineage"]] == ["unresolved", "unresolved"]
    assert not findings(offline, "unresolved-base") and stub.requests == []  # offline: said, not fetched
    result = CliRunner().invoke(cli, ["scan", "--no-config", "--online", "--format", "cyclonedx", str(folder)])
    bom = json.loads(result.stdout)
    assert_valid_cyclonedx(bom)
    data = {c["name"]: c for c in bom["components"] if c["type"] == "data"}
    assert data["acme/dialogues-nc"]["licenses"][0]["license"]["id"] == "CC-BY-NC-4.0"
    assert "licenses" not in data["acme/no-such-data"]
    online = json.loads(
        CliRunner().invoke(cli, ["scan", "--no-config", "--online", "--format", "json", str(folder)]).stdout
    )
    known, missing = online["results"][0]["lineage"]
    assert known["relation"] == "dataset" and known["licenses"] == ["cc-by-nc-4.0"]
    assert known["source"].startswith("cached Hub metadata of datasets/acme/dialogues-nc at ")  # the second run
    assert missing["status"] == "unresolved" and "datasets/acme/no-such-data: repository not found" in missing["source"]


def test_independent_repositories_are_fetched_concurrently(stub):
    for repo in ("acme/medchat", "NousResearch/Hermes-3-Llama-3.1-8B", "Youlln/1PARAMMYL-8B-ModelStock"):
        stub.rules.append(Rule(f"/api/models/{repo}?", status=0, delay=1.0, times=None))
    started = time.monotonic()
    _code, data, _ = run("acme/medchat", "NousResearch/Hermes-3-Llama-3.1-8B", "Youlln/1PARAMMYL-8B-ModelStock")
    assert len(data["results"]) == 3
    assert time.monotonic() - started < 2.5  # three 1-second answers, waited for together


def test_the_bills_of_materials_name_a_hub_model_by_its_purl_at_the_commit_checked(stub):
    commit = run("acme/medchat")[1]["results"][0]["commit"]
    purl = f"pkg:huggingface/acme/medchat@{commit}"
    invoke = CliRunner().invoke
    bom = json.loads(invoke(cli, ["hub", "--no-config", "--format", "cyclonedx", "acme/medchat"]).stdout)
    assert_valid_cyclonedx(bom)
    assert [c["purl"] for c in bom["components"] if c["type"] == "machine-learning-model"] == [purl]
    model, objects = load_spdx3(
        json.loads(invoke(cli, ["hub", "--no-config", "--format", "spdx3", "acme/medchat"]).stdout)
    )
    (document,) = objects.foreach_type(model.SpdxDocument)
    assert [(e.software_packageUrl, e.software_packageVersion) for e in document.rootElement] == [(purl, commit)]


def test_hostile_names_never_touch_a_path_and_damaged_cache_entries_are_misses(stub, tmp_path):
    cache = tmp_path / "cache"
    code, _, err = run("..", "acme/../../x", "acme/medchat@../../x")
    assert code == 2 and err.count("not a Hub repository id") == 3 and not (cache / "hub").exists()
    code, _, _ = run("acme/medchat")
    assert code == 1
    (entry,) = (cache / "hub").rglob("*/models/acme%2Fmedchat/" + "?" * 40 + ".json")
    refs = entry.parent / "refs.json"
    for damage in ('{"repo_id": 5}', "[" * 100_000, json.dumps({**json.loads(entry.read_text()), "tags": 5})):
        entry.write_text(damage)
        code, _, err = run("--offline", "acme/medchat")
        assert code == 2 and "not in licheck's cache" in err and "Traceback" not in err
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"format": 1, "sha": "x", "repo_id": "acme/medchat"}))
    refs.write_text(json.dumps({"main": "../../../../../secret"}))
    code, _, err = run("--offline", "acme/medchat")
    assert code == 2 and "not in licheck's cache" in err


def test_license_like_files_fetched_per_repository_are_capped(stub):
    from licheck.hub.fetch import MAX_LICENSE_FILES

    files = {f"LICENSE-{i:05}": b"MIT License" for i in range(2_000)}
    stub.add(StubRepo("acme/many-licenses", {"README.md": b"---\nlicense: mit\n---\n", **files}))
    _, data, _ = run("acme/many-licenses")
    assert len(stub.file_requests()) == MAX_LICENSE_FILES + 1  # the card and the first 16
    messages = " ".join(f["message"] for f in findings(data, "input-error"))
    assert f"licheck fetches at most {MAX_LICENSE_FILES} license-like files; this and 1,983 more" in messages


# --- a hostile Hub (issue 14): every body and every request bounded, the fan-out capped --------------


def outside_the_cache(tmp_path: Path) -> list[Path]:
    """Files the run left under tmp_path anywhere but in licheck's cache."""
    return [p for p in tmp_path.rglob("*") if p.is_file() and "cache" not in p.relative_to(tmp_path).parts]


GIB = 1 << 30


@pytest.mark.parametrize(
    "rule,message",
    [
        (Rule("/api/models/acme/medchat", status=200, times=None, chunks=huge_body(GIB)), "larger than 8 MiB"),
        (
            Rule(
                "/api/models/acme/medchat",
                status=200,
                times=None,
                chunks=lambda: [gzip_bomb(GIB)],
                headers={"Content-Encoding": "gzip"},
            ),
            "larger than 8 MiB once decompressed",
        ),
        (  # an error answer is read for its message only
            Rule(
                "/api/models/acme/medchat",
                status=404,
                times=None,
                chunks=lambda: [gzip_bomb(GIB)],
                headers={"Content-Encoding": "gzip", "X-Error-Code": "RepoNotFound"},
            ),
            "repository not found",
        ),
        (
            Rule("/api/models/acme/medchat", status=200, times=None, headers={"Content-Encoding": "br"}),
            "encoded as 'br', which licheck does not accept",
        ),
        (
            Rule("/api/models/acme/medchat", status=200, times=None, headers={"Content-Encoding": "gzip"}),
            "gzip encoding is damaged",
        ),
        # a server that trickles its answer a byte at a time: --timeout bounds the whole request
        (Rule("/api/models/acme/medchat", status=200, times=None, trickle=0.05), "no answer within 1 s"),
    ],
)
def test_hostile_answers_cost_a_bounded_read_and_one_line(stub, tmp_path, rule, message):
    stub.rules.append(rule)
    started = time.monotonic()
    code, data, err = run("--timeout", "1", "acme/medchat", "NousResearch/Hermes-3-Llama-3.1-8B")
    assert time.monotonic() - started < 4  # reading 1 GiB, or trickling ~150 bytes at 20 a second, takes longer
    assert code == 1 and [r["path"] for r in data["results"]] == ["NousResearch/Hermes-3-Llama-3.1-8B"]
    lines = err.strip().splitlines()
    assert lines[0].startswith("licheck: acme/medchat: ") and message in lines[0], lines
    assert "Traceback" not in err and outside_the_cache(tmp_path) == []


@pytest.mark.parametrize(
    "rule",
    [
        Rule("/resolve/", status=200, times=None, chunks=huge_body(GIB)),
        Rule(
            "/resolve/", status=200, times=None, chunks=lambda: [gzip_bomb(GIB)], headers={"Content-Encoding": "gzip"}
        ),
    ],
)
def test_a_huge_file_is_read_to_its_limit_only(stub, rule):
    stub.rules.append(rule)
    started = time.monotonic()
    code, data, err = run("acme/medchat")
    assert time.monotonic() - started < 4 and code in (0, 1) and "Traceback" not in err
    assert [r["path"] for r in data["results"]] == ["acme/medchat"]  # its first 2 MiB were read as its card


def test_a_trickled_file_ends_at_the_timeout(stub):
    stub.rules.append(Rule("/resolve/", status=200, times=None, trickle=0.05))
    started = time.monotonic()
    _code, data, _err = run("--timeout", "1", "acme/medchat")
    assert time.monotonic() - started < 4
    assert "no answer within 1 s" in " ".join(f["message"] for f in findings(data, "input-error"))


def test_a_lineage_that_fans_out_is_capped_in_breadth_and_said_once(stub, tmp_path, monkeypatch):
    from licheck.hub.session import HubLimits, HubSession

    # Smaller than the defaults (32 per level, 256 per run), so the engine has fewer unresolved
    # ancestors to weigh: 50 names for each repository fetched.
    limits = HubLimits(lineage_level=8, lineage_run=40)
    init = HubSession.__init__
    monkeypatch.setattr(HubSession, "__init__", lambda self, *args, **kwargs: init(self, *args, limits, **kwargs))
    stub.generate = fan_out(50)  # every repository names 50 new bases, at every level
    started = time.monotonic()
    code, data, err = run("fan/root")
    assert time.monotonic() - started < 20 and code in (0, 1)
    fetched = {p.split("?")[0] for p in stub.metadata_requests()}
    assert len(fetched) == limits.lineage_run + 1  # the target and what the lineage may add
    assert len(stub.requests) == 2 * (limits.lineage_run + 1)  # the metadata and the card of each
    assert len(list((tmp_path / "cache").rglob("*.json"))) <= 2 * (limits.lineage_run + 1) + 1  # + the rule set
    lines = err.strip().splitlines()
    assert sum("the limit of 8 new Hub repositories per lineage level was reached" in line for line in lines) == 1
    assert (
        sum("the limit of 40 Hub repositories looked up for lineages per run was reached" in line for line in lines)
        == 1
    )
    reasons = {a["source"] for a in data["results"][0]["lineage"] if a["status"] == "unresolved"}
    assert any(
        r.endswith("not looked up: the limit of 8 new Hub repositories per lineage level was reached") for r in reasons
    )
    assert outside_the_cache(tmp_path) == []


def test_requests_per_run_are_capped(stub, tmp_path):
    from licheck.hub.cache import HubCache
    from licheck.hub.session import HubLimits, HubSession

    told: list[str] = []
    targets = [("acme/medchat", None), ("NousResearch/Hermes-3-Llama-3.1-8B", None), ("acme/medchat-v2", None)]
    client = HubClient(stub.url)
    limits = HubLimits(requests=1, requests_per_target=1)  # 1 + 1 for each of the 3 targets
    with HubSession(client, HubCache(tmp_path / "cache", stub.url), limits, told.append) as session:
        results = session.fetch_all(targets)
    assert len(stub.requests) == 4
    assert told == [
        "the limit of 4 Hub requests for this run was reached; the repositories and files it left out are reported"
    ]
    refused = [r for r in results if isinstance(r, HubError)]
    unread = [u.reason for r in results if not isinstance(r, HubError) for u in r.unread]
    assert all(
        "not requested: the limit of 4 Hub requests for this run was reached" in m
        for m in [*map(str, refused), *unread]
    )
    assert len(refused) + len(unread) >= 1
