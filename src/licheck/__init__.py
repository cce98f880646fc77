"""licheck: license-compliance checks for machine-learning model repositories."""

__version__ = "0.9.0"
