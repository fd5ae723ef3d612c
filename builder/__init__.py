"""jixiao: budget performance evaluation reports from YAML + Markdown."""

__version__ = "0.1.0"
