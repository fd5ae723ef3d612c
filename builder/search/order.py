"""Make Pagefind's output the same bytes on every run (shell: rewrites files in the bundle).

Pagefind 1.x writes each filter's values, and the list of filters in its meta file, in
hash-map order, which changes from run to run; the file names are hashes of the contents,
so a second build of the same site gave different filter and meta files. This puts those
lists in sorted order and renames the files after their new contents, updating the
references (meta → filters, pagefind-entry.json → meta). Everything else Pagefind writes
was measured to be stable already.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

from builder.search import cbor

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class UnexpectedIndex(Exception):
    """The bundle is not laid out as this module knows (another Pagefind version?)."""


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise UnexpectedIndex(f"{path.name}: no Pagefind signature")
    item, end = cbor.decode(data, len(SIGNATURE))
    if end != len(data):
        raise UnexpectedIndex(f"{path.name}: trailing bytes")
    return item


def _write(folder: Path, name: str, suffix: str, item: Any, digits: int) -> str:
    """Write ITEM as NAME_<hash>.SUFFIX; returns the new hash (language prefix included)."""
    payload = SIGNATURE + cbor.encode(item)
    ident = f"{name}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    target = folder / f"{ident}{suffix}"
    target.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return ident


def _stable_filter(bundle: Path, language: str, old: str) -> str:
    path = bundle / "filter" / f"{old}.pf_filter"
    item = _read(path)
    if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], list)):
        raise UnexpectedIndex(f"{path.name}: unknown filter layout")
    item[1].sort(key=lambda value: str(value[0]))
    new = _write(bundle / "filter", language, ".pf_filter", item, 7)
    if new != old:
        path.unlink()
    return new


def stabilize(bundle: Path) -> list[str]:
    """Rewrite the bundle's filter and meta files in sorted order (raises UnexpectedIndex);
    returns the first word (as the meta file records it) of each of its index chunks."""
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    starts: list[str] = []
    for language, info in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
            raise UnexpectedIndex(f"{meta_path.name}: unknown meta layout")
        if not (isinstance(meta[2], list) and all(isinstance(c, list) for c in meta[2])):
            raise UnexpectedIndex(f"{meta_path.name}: unknown index chunk list")
        starts += [str(chunk[0]) for chunk in meta[2]]
        meta[3] = sorted([name, _stable_filter(bundle, language, old)] for name, old in meta[3])
        new = _write(bundle, f"pagefind.{language}", ".pf_meta", meta, 13)
        new_hash = new.removeprefix("pagefind.")
        if new_hash != info["hash"]:
            meta_path.unlink()
        info["hash"] = new_hash
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return starts
