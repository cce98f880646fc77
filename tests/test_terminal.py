"""licheck on a terminal, as a person sees it: colour (NO_COLOR, --color) and the progress bar of a
large scan, in a real pseudo-terminal; and their absence when the output is piped or the run is in CI."""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import struct
import subprocess
import termios
from pathlib import Path

import pytest

from conftest import ROOT
from licheck.cli.progress import LARGE_SCAN

ESC = "\x1b["
EXAMPLE = str(ROOT / "examples" / "llama-relabelled-apache")


def _licheck() -> str:
    found = shutil.which("licheck")
    if found is None:
        pytest.fail("the licheck command is not on PATH: install the project (pip install '.[test]')")
    return found


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI", "FORCE_COLOR")}
    return {**env, "TERM": "xterm-256color", **extra}


def in_terminal(*args: str, **env: str) -> tuple[int, str]:
    """Run licheck with stdout and stderr on a 100-column pseudo-terminal; return its exit code and screen bytes."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    process = subprocess.Popen(
        [_licheck(), *args], stdin=slave, stdout=slave, stderr=slave, env=_environment(**env), cwd=ROOT
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", errors="replace")


def piped(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_licheck(), *args], env=_environment(**env), cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("output_format", ["text", "concise"])
def test_colour_on_a_terminal_unless_no_color(output_format):
    code, screen = in_terminal("scan", "--format", output_format, EXAMPLE)
    assert code == 1 and ESC + "31" in screen  # errors in red
    code, screen = in_terminal("scan", "--format", output_format, EXAMPLE, NO_COLOR="1")
    assert code == 1 and ESC not in screen and "LC004 base-license-conflict" in screen
    code, screen = in_terminal("scan", "--format", output_format, "--color", "never", EXAMPLE)
    assert ESC not in screen


def test_color_always_wins_over_no_color_and_a_pipe():
    # no-color.org: a command-line option overrides NO_COLOR
    code, screen = in_terminal("scan", "--color", "always", EXAMPLE, NO_COLOR="1")
    assert code == 1 and ESC in screen
    assert ESC in piped("scan", "--color", "always", EXAMPLE).stdout
    assert ESC not in piped("scan", EXAMPLE).stdout  # auto: a pipe is no terminal
    assert ESC not in piped("scan", "--color", "auto", EXAMPLE, NO_COLOR="").stdout


def test_color_never_reaches_a_report_file(tmp_path):
    in_terminal("scan", "--color", "always", "-o", str(tmp_path / "report.txt"), EXAMPLE)
    assert ESC not in (tmp_path / "report.txt").read_text()


@pytest.fixture(scope="module")
def large_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("large")
    for number in range(LARGE_SCAN):
        folder = root / f"model-{number:04d}"
        folder.mkdir()
        (folder / "README.md").write_text("---\nlicense: mit\n---\n\n# model\n")
    return root


def test_progress_bar_on_a_terminal_for_a_large_scan(large_tree):
    code, screen = in_terminal("scan", "--format", "concise", str(large_tree))
    assert code == 0
    assert f"/{LARGE_SCAN}" in screen and "models" in screen  # tqdm's "licheck: 40%|████ | 120/300 [...]"
    assert screen.rstrip().endswith(f"licheck: {LARGE_SCAN} model(s) checked: 0 error(s), {LARGE_SCAN} warning(s)")


def test_no_progress_bar_when_piped_in_ci_quiet_or_small(large_tree):
    done = piped("scan", "--format", "concise", str(large_tree))
    assert f"/{LARGE_SCAN}" not in done.stderr and done.stderr.startswith(f"licheck: {LARGE_SCAN} model(s)")
    _, screen = in_terminal("scan", "--format", "concise", str(large_tree), CI="true")
    assert f"/{LARGE_SCAN}" not in screen
    _, screen = in_terminal("scan", "--quiet", "--format", "concise", str(large_tree))
    assert f"/{LARGE_SCAN}" not in screen and "model(s) checked" not in screen
    _, screen = in_terminal("scan", "--format", "concise", str(ROOT / "examples"))
    assert "it/s" not in screen and "models/s" not in screen


def test_shell_completion_as_the_readme_documents_it():
    readme = (ROOT / "README.md").read_text()
    assert 'eval "$(_LICHECK_COMPLETE=bash_source licheck)"' in readme
    assert "_licheck_completion()" in piped(_LICHECK_COMPLETE="bash_source").stdout
    done = piped(_LICHECK_COMPLETE="bash_complete", COMP_WORDS="licheck scan --color a", COMP_CWORD="3")
    assert done.stdout.split() == ["plain,auto", "plain,always"]
