"""The policy each model is checked under: the command-line options over a configuration file.

Which file: the one --config names; none with --no-config; else the file nearest to the model's folder
(from it up to its repository root, as ruff looks from each file), else the one found from the working
directory. So every model of a run that scans several checkouts is checked under its own checkout's
file, and a model outside any configured checkout under the file of the place the run started from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from licheck.catalog.catalog import Catalog
from licheck.config.files import discover, read
from licheck.config.settings import Config, build_config, make_policy
from licheck.policy import Policy

NEAREST_KEPT = 10_000  # folders whose nearest configuration file is remembered: memory stays flat in a huge tree


class Policies:
    """Each configuration file is read and validated once per run, however many models it governs."""

    def __init__(self, catalog: Catalog, config_path: Path | None, no_config: bool, cli_values: dict[str, Any]):
        self._catalog = catalog
        self._given = config_path
        self._no_config = no_config
        self._cli_values = {("revenue_usd" if k == "revenue" else k): v for k, v in cli_values.items()}  # Policy's name
        self._fallback: Path | None = None if no_config or config_path else discover(Path.cwd())
        self._by_file: dict[Path | None, Policy] = {}
        self._nearest: dict[str, str | None] = {}  # real folder -> its nearest configuration file, for discover
        self._by_folder: dict[str, Path | None] = {}  # a model folder as given -> its configuration file

    def config_for(self, folder: Path) -> Path | None:
        """The configuration file that applies to a model folder (None: defaults and options only)."""
        if self._no_config or self._given is not None:
            return self.working_directory_config
        if len(self._nearest) > NEAREST_KEPT:
            self._nearest.clear()
            self._by_folder.clear()
        # Asked twice a model (its policy, then its report's tally): the answer is kept by the path as
        # given, before discover resolves its links.
        key = str(folder)
        if key not in self._by_folder:
            self._by_folder[key] = discover(folder, self._nearest) or self._fallback
        return self._by_folder[key]

    @property
    def working_directory_config(self) -> Path | None:
        """The file for targets that are no folder here (Hub repositories), and for models under no file."""
        return None if self._no_config else (self._given or self._fallback)

    def for_folder(self, folder: Path) -> Policy:
        return self.for_config(self.config_for(folder))

    def for_config(self, path: Path | None) -> Policy:
        """Raises licheck.config.files.ConfigError, naming every problem of the file, when it cannot be used."""
        if path not in self._by_file:
            config = build_config(read(path), self._catalog) if path else Config()
            self._by_file[path] = make_policy(config, dict(self._cli_values), self._catalog)
        return self._by_file[path]
