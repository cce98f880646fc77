"""licheck's configuration: `.licheck.yaml` or `[tool.licheck]` in pyproject.toml, and named presets."""
