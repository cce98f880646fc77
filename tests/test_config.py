"""Configuration files, presets, allow/deny lists and accepted exceptions, through the real CLI."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest
from click.testing import CliRunner

from conftest import ROOT, findings
from licheck.cli import cli


@pytest.fixture
def run(monkeypatch, tmp_path):
    """Run the CLI in-process from `cwd` (default: tmp_path); return (exit code, stdout, stderr)."""

    def invoke(*args, cwd=None):
        monkeypatch.chdir(cwd or tmp_path)
        result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return invoke


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def scan_json(run, *args, cwd=None):
    code, out, err = run("scan", "--format", "json", *args, cwd=cwd)
    return code, json.loads(out), err


LLAMA_APACHE = ROOT / "examples" / "llama-relabelled-apache"


# --- discovery and precedence ----------------------------------------------------------------------


def test_licheck_yaml_is_found_from_a_subfolder(run, tmp_path, model):
    write(tmp_path / ".licheck.yaml", "fail-on: never\n")
    (tmp_path / ".git").mkdir()
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    code, data, _ = scan_json(run, LLAMA_APACHE, cwd=sub)
    assert code == 0 and findings(data, "base-license-conflict")


def test_pyproject_tool_table_and_cli_override(run, tmp_path):
    write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "x"

        [tool.licheck]
        fail-on = "never"
    """,
    )
    assert run("scan", LLAMA_APACHE)[0] == 0
    assert run("scan", "--fail-on", "error", LLAMA_APACHE)[0] == 1
    assert run("scan", "--no-config", LLAMA_APACHE)[0] == 1


def test_pyproject_without_tool_table_is_skipped_and_search_stops_at_repo_root(run, tmp_path):
    write(tmp_path / ".licheck.yaml", "fail-on: never\n")  # above the repository: never read
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / "pyproject.toml", "[project]\nname = 'x'\n")
    assert run("scan", LLAMA_APACHE, cwd=repo)[0] == 1


def checkout(root, config: str | None):
    """A git checkout holding a copy of the relabelled Llama fine-tune, with its own .licheck.yaml."""
    shutil.copytree(LLAMA_APACHE, root / "models" / "medchat")
    (root / ".git").mkdir()
    if config is not None:
        write(root / ".licheck.yaml", config)
    return root


def test_each_model_is_checked_under_the_configuration_nearest_to_it(run, tmp_path):
    lenient = checkout(tmp_path / "lenient", "fail-on: never\n")
    accepting = checkout(
        tmp_path / "accepting",
        """
        exceptions:
          - code: LC004
            path: models/medchat
            reason: relicensing approved (LEGAL-7)
        """,
    )
    plain = checkout(tmp_path / "plain", None)
    # Scanned from outside every checkout: each one's own file applies, as ruff applies each file's.
    assert run("scan", lenient)[0] == 0
    code, data, err = scan_json(run, "--verbose", lenient, accepting, plain)
    assert code == 1  # the plain checkout's model fails under the defaults; the lenient one would not
    accepted = [[f["code"] for f in r["findings"] if f["accepted"]] for r in data["results"]]
    assert accepted == [[], ["LC004"], []]  # the exception binds only the models under its file
    # Files are named relative to the working directory, as the user would type them.
    assert f"licheck: {lenient}/models/medchat: checked under lenient/.licheck.yaml" in err.splitlines()
    assert f"licheck: {plain}/models/medchat: checked under no configuration file" in err


def test_the_working_directory_file_governs_models_under_no_file_and_config_governs_all(run, tmp_path):
    write(tmp_path / ".licheck.yaml", "fail-on: never\n")
    plain = checkout(tmp_path / "elsewhere" / "plain", None)
    strict = checkout(tmp_path / "elsewhere" / "strict", "fail-on: error\n")
    assert run("scan", plain)[0] == 0  # no file of its own: the run's
    assert run("scan", strict)[0] == 1  # its own file is nearer
    given = write(tmp_path / "given.yaml", "fail-on: never\n")
    assert run("scan", "--config", given, strict)[0] == 0  # --config: one file for every model
    assert run("scan", "--no-config", plain)[0] == 1


def test_a_broken_file_of_a_scanned_checkout_stops_the_run(run, tmp_path):
    broken = checkout(tmp_path / "broken", "fail_on: never\n")
    code, out, err = run("scan", broken)
    assert code == 2 and out == "" and "broken/.licheck.yaml:1: unknown key 'fail_on'" in err


def test_policy_options_from_file(run, tmp_path):
    write(
        tmp_path / ".licheck.yaml",
        """
        mau: 800000000
        territory: de
        model-name: MedChat
    """,
    )
    code, data, _ = scan_json(run, ROOT / "examples" / "llama31-finetune")
    assert code == 1 and findings(data, "mau-threshold") and findings(data, "naming-rule")
    assert data["results"][0]["name"] == "MedChat"


def test_territory_from_file_accepts_aliases_and_suggests_a_code(run, tmp_path):
    write(tmp_path / ".licheck.yaml", "territory: uk\n")  # the United Kingdom's usual abbreviation
    assert run("scan", ROOT / "examples" / "apache-clean")[0] == 0
    write(tmp_path / ".licheck.yaml", "commercial: true\nterritory: Korea\n")
    code, out, err = run("scan", ROOT / "examples" / "apache-clean")
    assert code == 2 and out == ""
    assert ".licheck.yaml:2: territory 'Korea' is not an ISO 3166-1" in err and "did you mean KR" in err


# --- broken configuration: exit 2, file and line -----------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("fail-on: sometimes\n", ".licheck.yaml:1: fail-on: 'sometimes' is not one of"),
        ("commercial: true\nfail_on: never\n", ".licheck.yaml:2: unknown key 'fail_on'; did you mean 'fail-on'?"),
        (
            "deny:\n  - family:lama\n",
            ".licheck.yaml:2: 'family:lama': no license has family 'lama'; did you mean 'llama'?",
        ),
        (
            "allow: [apache-2.0, Apachee-2.0]\n",
            "'Apachee-2.0' is not a license licheck knows; did you mean apache-2.0?",
        ),
        ("allow: [MIT OR Apache-2.0]\n", "names several licenses; write one license per entry"),
        ("preset: permissive\n", ".licheck.yaml:1: unknown preset 'permissive'"),
        ("territory: Germany\n", ".licheck.yaml:1: territory 'Germany' is not an ISO 3166-1"),
        ("territory: KO\n", ".licheck.yaml:1: territory 'KO' is not an ISO 3166-1 alpha-2 country code, or EU"),
        ("territory: XX\n", "territory 'XX' is not an ISO 3166-1 alpha-2 country code, or EU for the European"),
        ("mau: -3\n", ".licheck.yaml:1: mau: -3 is less than the minimum of 0"),
        ("deny: [mit\n", ".licheck.yaml:2: not valid YAML"),
        (
            "exceptions:\n  - code: LC009\n    reason: ok\n",
            ".licheck.yaml:2: an exception must name the models it covers",
        ),
        (
            "exceptions:\n  - code: LC099\n    path: x\n    reason: ok\n",
            ".licheck.yaml:2: 'LC099' is not a finding code",
        ),
        (
            "exceptions:\n  - code: LC009\n    path: x\n    reason: ok\n    expires: soon\n",
            ".licheck.yaml:5: expires 'soon' is not a date",
        ),
    ],
)
def test_broken_yaml_config_is_exit_2_with_file_and_line(run, tmp_path, text, expected):
    (tmp_path / ".licheck.yaml").write_text(text)
    code, out, err = run("scan", LLAMA_APACHE)
    assert code == 2 and out == ""
    assert expected in err and "Traceback" not in err


def test_broken_toml_config_lines(run, tmp_path):
    write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "x"

        [tool.licheck]
        deny = ["category:free"]

        [[tool.licheck.exceptions]]
        code = "naming-rule"
        reason = "x"
    """,
    )
    code, _, err = run("scan", LLAMA_APACHE)
    assert code == 2
    assert "pyproject.toml:5: 'category:free': no license has category 'free'" in err
    assert "pyproject.toml:7: an exception must name the models it covers" in err
    (tmp_path / "pyproject.toml").write_text("[tool.licheck]\nmau = \n")
    code, _, err = run("scan", LLAMA_APACHE)
    assert code == 2 and "pyproject.toml:2: not valid TOML" in err


def test_every_problem_is_reported_at_once(run, tmp_path):
    write(tmp_path / ".licheck.yaml", "allow: [nope-1]\ndeny: [category:nope]\n")
    err = run("scan", LLAMA_APACHE)[2]
    assert ".licheck.yaml:1:" in err and ".licheck.yaml:2:" in err


# --- allow and deny lists ----------------------------------------------------------------------------


def test_inherited_license_is_denied_even_under_a_permissive_tag(run):
    code, data, _ = scan_json(run, "--deny", "family:llama", LLAMA_APACHE)
    denied = findings(data, "license-denied")
    assert code == 1 and len(denied) == 1
    assert denied[0]["license"] == "llama3.1" and denied[0]["path"] == ["meta-llama/Llama-3.1-8B-Instruct"]


def test_allow_list_with_or_and_semantics(run, model):
    either = model("license: CC-BY-NC-4.0 OR MIT", name="either")
    both = model("license: CC-BY-NC-4.0 AND MIT", name="both")
    nested = model("license: (CC-BY-NC-4.0 OR MIT) AND (GPL-3.0-only OR Apache-2.0)", name="nested")
    for folder, allowed in ((either, True), (both, False), (nested, True)):
        _, data, _ = scan_json(run, "--non-commercial", "--preset", "permissive-only", folder)
        assert (findings(data, "license-not-allowed") == []) is allowed, folder.name
    _code, data, _ = scan_json(run, "--non-commercial", "--deny", "mit", "--deny", "cc-by-nc-4.0", either)
    denied = findings(data, "license-denied")
    assert len(denied) == 1 and "no choice in card license" in denied[0]["message"]


def test_presets(run, model):
    nc = model("license: cc-by-nc-4.0", name="nc")
    rail = model("license: creativeml-openrail-m", name="rail")
    assert findings(scan_json(run, "--preset", "no-non-commercial", nc)[1], "license-denied")
    assert not findings(scan_json(run, "--preset", "no-non-commercial", rail)[1], "license-denied")
    assert findings(scan_json(run, "--preset", "no-use-restrictions", rail)[1], "license-denied")
    llama = scan_json(run, "--preset", "permissive-only", ROOT / "examples" / "llama31-finetune")[1]
    assert [f["license"] for f in findings(llama, "license-not-allowed")] == ["llama3.1"]
    clean = scan_json(run, "--preset", "permissive-only", ROOT / "examples" / "apache-clean")
    assert clean[0] == 0 and not findings(clean[1], "license-not-allowed")


def test_cli_lists_replace_the_files(run, tmp_path):
    write(tmp_path / ".licheck.yaml", "deny: [family:llama]\n")
    assert findings(scan_json(run, LLAMA_APACHE)[1], "license-denied")
    assert not findings(scan_json(run, "--deny", "mit", LLAMA_APACHE)[1], "license-denied")


# --- accepted exceptions -----------------------------------------------------------------------------


def exceptions_file(tmp_path, entries: str):
    return write(
        tmp_path / ".licheck.yaml", "exceptions:\n" + textwrap.indent(textwrap.dedent(entries).lstrip("\n"), "  ")
    )


@pytest.fixture
def project(tmp_path):
    """A repository holding a copy of the Llama-relabelled-Apache example under models/medchat."""
    shutil.copytree(LLAMA_APACHE, tmp_path / "models" / "medchat")
    return tmp_path


def test_accepted_exceptions_keep_the_findings_but_pass(run, project):
    exceptions_file(
        project,
        """
        - code: naming-rule
          path: models/medchat
          reason: internal use only, never published
          expires: 2999-12-31
        - code: LC004
          model: medchat-*
          license: llama3.1
          reason: relicensing approved by legal (LEGAL-42)
    """,
    )
    code, data, err = scan_json(run, "models")
    assert code == 0 and err == "licheck: 1 model(s) checked: 0 error(s), 3 warning(s), 2 accepted\n"  # no stale one
    accepted = {f["name"]: f["accepted"] for f in findings(data)}
    assert accepted["naming-rule"] == {
        "reason": "internal use only, never published",
        "source": ".licheck.yaml:2",
        "expires": "2999-12-31",
        "expired": False,
    }
    assert accepted["base-license-conflict"]["source"] == ".licheck.yaml:6"
    code, text, _ = run("scan", "models")
    assert code == 0 and "accepted (exceptions in force):" in text and "2 accepted" in text


def test_expired_exception_stops_applying_and_says_so(run, project):
    exceptions_file(
        project,
        """
        - code: LC009
          path: models/*
          reason: waiting for the rename
          expires: 2020-01-31
    """,
    )
    code, data, _ = scan_json(run, "models")
    naming = findings(data, "naming-rule")[0]
    assert code == 1 and naming["accepted"]["expired"] is True
    text = run("scan", "models")[1]
    assert "expired on 2020-01-31: waiting for the rename" in text


@pytest.mark.parametrize(
    "entry",
    [
        "code: LC009\n  path: other/place\n  reason: r",  # another folder
        "code: LC009\n  model: SomethingElse\n  reason: r",  # another model name
        "code: LC009\n  path: models/medchat\n  license: gemma\n  reason: r",  # another license
        "code: LC004\n  path: models/medchat\n  license: apache-2.0\n  reason: r",
    ],
)
def test_exception_covers_only_what_it_names(run, project, entry):
    write(project / ".licheck.yaml", "exceptions:\n- " + entry + "\n")
    code, data, _ = scan_json(run, "models")
    assert code == 1 and all(f["accepted"] is None for f in findings(data, "naming-rule"))


def test_stale_exception_is_reported(run, project):
    exceptions_file(
        project,
        """
        - code: LC007
          path: models/medchat
          reason: revenue is checked by finance
    """,
    )
    code, _, err = run("scan", "models")
    assert code == 1
    assert ".licheck.yaml:2 (LC007) matched no finding" in err


# --- licheck init ------------------------------------------------------------------------------------


def test_init_writes_a_starter_that_loads(run, tmp_path):
    code, _out, _ = run("init")
    assert code == 0 and (tmp_path / ".licheck.yaml").is_file()
    text = (tmp_path / ".licheck.yaml").read_text()
    assert "# preset:" in text and "exceptions:" in text
    assert run("scan", LLAMA_APACHE)[0] == 1  # the starter is valid and strict by default
    assert run("init")[0] == 2  # never overwrites silently
    assert run("init", "--force")[0] == 0


def test_unknown_key_does_not_hide_other_problems(run, tmp_path):
    write(tmp_path / ".licheck.yaml", "fail_on: never\ndeny: [category:nope]\n")
    err = run("scan", LLAMA_APACHE)[2]
    assert ".licheck.yaml:1: unknown key 'fail_on'" in err and ".licheck.yaml:2: 'category:nope'" in err


# --- required-version ---------------------------------------------------------------------------------


@pytest.fixture
def licheck_version(monkeypatch):
    """Pretend to be another licheck version, as far as required-version is concerned."""
    from licheck.config import settings

    return lambda version: monkeypatch.setattr(settings, "__version__", version)


@pytest.mark.parametrize(
    "spec,version",
    [
        (">=0.9,<1", "0.9.0"),
        ("~=0.9", "0.12.3"),
        (">=0.9,<1", "0.10.0.dev1"),  # a development build counts by its number
        ("==0.9.*", "0.9.2"),
    ],
)
def test_required_version_that_matches_lets_the_file_be_read(run, tmp_path, licheck_version, spec, version):
    licheck_version(version)
    write(tmp_path / ".licheck.yaml", f"required-version: '{spec}'\nfail-on: never\n")
    assert run("scan", LLAMA_APACHE)[0] == 0  # fail-on: never was read


def test_required_version_of_the_running_licheck_in_pyproject(run, tmp_path):
    from licheck import __version__

    write(
        tmp_path / "pyproject.toml",
        f"""
        [tool.licheck]
        required-version = ">={__version__}"
        fail-on = "never"
    """,
    )
    assert run("scan", LLAMA_APACHE)[0] == 0


def test_required_version_that_does_not_match_stops_the_run_alone(run, tmp_path, licheck_version):
    licheck_version("0.8.2")
    # a key this licheck does not know and a bad value: both hidden, the file was written for another version
    write(tmp_path / ".licheck.yaml", "fail-on: sometimes\nrequired-version: '>=0.9,<1'\nnew-key: 1\n")
    code, out, err = run("scan", LLAMA_APACHE)
    assert code == 2 and out == "" and "Traceback" not in err
    assert ".licheck.yaml:2: this configuration requires licheck >=0.9,<1; this is 0.8.2" in err
    assert "new-key" not in err and "sometimes" not in err
    licheck_version("1.0.0rc1")  # a pre-release of 1.0 is not below 1
    err = run("scan", LLAMA_APACHE)[2]
    assert ".licheck.yaml:2: this configuration requires licheck >=0.9,<1; this is 1.0.0rc1" in err


def test_required_version_that_does_not_match_in_pyproject(run, tmp_path, licheck_version):
    licheck_version("0.9.0")
    write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "x"

        [tool.licheck]
        fail-on = "never"
        required-version = ">=1.2"
    """,
    )
    code, _, err = run("scan", LLAMA_APACHE)
    assert code == 2 and "pyproject.toml:6: this configuration requires licheck >=1.2; this is 0.9.0" in err


@pytest.mark.parametrize(
    "value,shown,hint",
    [
        ("at least 0.9", "'at least 0.9'", "; e.g. '>=0.9,<1'"),
        ("'0.9.0'", "'0.9.0'", "; for exactly that version write '==0.9.0'"),
        ("0.9", "0.9", "; for exactly that version write '==0.9'"),  # a YAML number
        ("'=>0.9'", "'=>0.9'", ""),
        ("'>=latest'", "'>=latest'", ""),  # packaging < 22 took this for a legacy specifier
        ("''", "''", ""),
    ],
)
def test_invalid_required_version_is_exit_2_with_file_and_line(run, tmp_path, value, shown, hint):
    write(tmp_path / ".licheck.yaml", f"fail-on: never\nrequired-version: {value}\n")
    code, out, err = run("scan", LLAMA_APACHE)
    assert code == 2 and out == "" and "Traceback" not in err
    assert f".licheck.yaml:2: required-version {shown} is not a PEP 440 version specifier{hint}" in err


def test_every_preset_names_only_what_the_catalog_knows(catalog):
    from licheck.config.settings import load_presets
    from licheck.policy.selector import parse_selector

    presets = load_presets()
    assert set(presets) == {"permissive-only", "no-non-commercial", "no-use-restrictions"}
    for preset in presets.values():
        assert preset.description and (preset.allow or preset.deny)
        for text in preset.allow + preset.deny:
            parse_selector(text, catalog)  # raises SelectorError on anything unknown
