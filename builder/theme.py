"""Where the theme lives and the Jinja environments over it (shell: reads template files).

Autoescape is on for every template; CSS stays in files (autoescape would mangle quotes
inside <style>).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_THEME = REPO_ROOT / "themes" / "default"

# Font families that Chromium embeds as real TrueType fonts (Noto CJK is CFF and would
# become Type 3 glyph drawings). Song/Ming for body text, Kai for 二级, Hei for titles.
FONT_SONG = "AR PL UMing CN"
FONT_KAI = "AR PL UKai CN"
FONT_HEI = "WenQuanYi Zen Hei"


def theme_dir(theme: Path | None = None) -> Path:
    return theme or DEFAULT_THEME


def jinja_env(*subdirs: str, theme: Path | None = None) -> Environment:
    """An autoescaping environment over theme subfolders (e.g. "print", "site")."""
    root = theme_dir(theme)
    return Environment(
        loader=FileSystemLoader([str(root / s) for s in subdirs] or [str(root)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
