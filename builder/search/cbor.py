"""The subset of CBOR (RFC 8949) that Pagefind's index files use (pure).

Unsigned integers, byte and text strings, arrays and maps, definite lengths only, encoded
in the shortest form — enough to read Pagefind's filter and meta files, put their entries
in a stable order and write them back.
"""

from __future__ import annotations

from typing import Any


class CborError(ValueError):
    pass


def _head(data: bytes, i: int) -> tuple[int, int, int]:
    if i >= len(data):
        raise CborError("truncated")
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        return major, info, i
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None or i + size > len(data):
        raise CborError(f"unsupported length form {info}")
    return major, int.from_bytes(data[i : i + size], "big"), i + size


def decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    """The item starting at I and the offset just after it."""
    major, value, i = _head(data, i)
    if major == 0:
        return value, i
    if major in (2, 3):
        chunk = data[i : i + value]
        return (chunk if major == 2 else chunk.decode("utf-8")), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = {}
        for _ in range(value):
            key, i = decode(data, i)
            pairs[key], i = decode(data, i)
        return pairs, i
    raise CborError(f"unsupported major type {major}")


def _encode_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise CborError("integer too large")


def encode(item: Any) -> bytes:
    if isinstance(item, bool) or item is None:
        raise CborError(f"unsupported value {item!r}")
    if isinstance(item, int):
        if item < 0:
            raise CborError("negative integers are not used by Pagefind")
        return _encode_head(0, item)
    if isinstance(item, bytes):
        return _encode_head(2, len(item)) + item
    if isinstance(item, str):
        raw = item.encode("utf-8")
        return _encode_head(3, len(raw)) + raw
    if isinstance(item, list):
        return _encode_head(4, len(item)) + b"".join(encode(x) for x in item)
    if isinstance(item, dict):
        body = b"".join(encode(k) + encode(v) for k, v in item.items())
        return _encode_head(5, len(item)) + body
    raise CborError(f"unsupported value {item!r}")
