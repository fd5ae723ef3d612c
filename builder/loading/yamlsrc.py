"""YAML text to a located node tree.

Pure module. Uses ruamel.yaml's libyaml-based composer (fast, and every node keeps
its start mark) without tag resolution, so every scalar stays the text the author
wrote: numbers become exact Decimals later, never floats, and "2024-06-31" is a
bad date we can point at instead of a silently accepted string.

compose() gives the composed nodes themselves (validate.py reads them: reports, by the
thousand); parse() gives the same tree as YNodes, handier for the few profile files.
libyaml composes every text; its nodes are then copied into yamlnodes.Node tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.error import MarkedYAMLError

from builder.diagnostics import (
    DUPLICATE_KEY,
    EMPTY_FILE,
    NOT_UTF8,
    YAML_ALIAS,
    YAML_SYNTAX,
    YAML_TAB,
    Diagnostic,
    Pos,
    diag,
)
from builder.loading.yamlguard import DepthTrouble, check_depth, control_characters
from builder.loading.yamlhints import full_width_colon
from builder.loading.yamlnodes import Node

try:  # the C composer is ~30x faster; the pure one is a correct fallback
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    from ruamel.yaml.tag import Tag

    # Every node gets this one tag: ruamel wraps any other value in a new Tag per node.
    _UNUSED_TAG = Tag(suffix="")

    class _Loader(CParser):  # type: ignore[misc]  # CParser is untyped (a C extension)
        """libyaml's composer alone. CBaseLoader adds a constructor and a resolver we never
        use (tags are ignored: every scalar stays text) and refers to itself, so each
        parse left a reference cycle for the cyclic collector; this leaves none."""

        def resolve(self, kind: type, value: Any, implicit: Any) -> Tag:
            return _UNUSED_TAG

        def descend_resolver(self, parent: Any, index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

except ImportError:  # pragma: no cover - depends on the wheel available
    from ruamel.yaml.loader import BaseLoader as _Loader  # type: ignore[assignment]


# A composed node (yamlnodes.Node): `.id` is "scalar", "sequence" or "mapping", `.value`
# the text, the items or the (key, value) pairs, `.line` and `.column` (0-based) where it
# begins, `.style` a scalar's quote. validate.py reads these directly: converting a
# report's few hundred nodes into YNodes first cost as much as validating them.
RawNode = Node

# Quote styles: a quoted scalar is always text, even "" or "null".
QUOTED = ("'", '"')
NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def pos_of(node: RawNode, file: str) -> Pos:
    return Pos(file, node.line + 1, node.column + 1)


# Where a YNode starts, (file, line, col) 1-based: a Pos not made yet. A report has a few
# hundred nodes and its diagnostics need a handful of places; making a Pos (a frozen
# dataclass) for every node was half the cost of converting the tree.
Mark = tuple[str, int, int]


def as_pos(where: Pos | Mark) -> Pos:
    return where if isinstance(where, Pos) else Pos(*where)


@dataclass(slots=True)
class YScalar:
    text: str
    where: Pos | Mark
    quoted: bool = False

    @property
    def pos(self) -> Pos:
        return as_pos(self.where)

    @property
    def is_null(self) -> bool:
        return not self.quoted and self.text in NULLS


@dataclass(slots=True)
class YMap:
    where: Pos | Mark
    items: list[tuple[YScalar, YNode]] = field(default_factory=list)

    @property
    def pos(self) -> Pos:
        return as_pos(self.where)

    def get(self, key: str) -> YNode | None:
        for k, v in self.items:
            if k.text == key:
                return v
        return None


@dataclass(slots=True)
class YSeq:
    where: Pos | Mark
    items: list[YNode] = field(default_factory=list)

    @property
    def pos(self) -> Pos:
        return as_pos(self.where)


YNode = YScalar | YMap | YSeq


def decode(data: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 (a BOM is tolerated) or a located error naming the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, [
            diag(
                NOT_UTF8,
                f"第 {exc.start + 1} 个字节不是有效的 UTF-8 字符",
                Pos(file, line, col),
                "请在编辑器中将文件另存为 UTF-8 编码（例如从 GBK 转换）。",
            )
        ]


# How many broken lines we blank out to look for more problems after a syntax error.
MAX_RECOVERIES = 5


@dataclass
class Composed:
    """One YAML document as libyaml composed it, every mapping key a unique scalar."""

    node: RawNode | None
    diagnostics: list[Diagnostic]
    recovered: bool = False  # syntax errors were skipped: the tree lacks those lines


@dataclass
class Parsed:
    node: YNode | None
    diagnostics: list[Diagnostic]
    recovered: bool = False  # syntax errors were skipped: the tree lacks those lines


def parse(text: str, file: str) -> Parsed:
    """compose() as a tree of YNodes (each keeps its place)."""
    composed = compose(text, file)
    node = None if composed.node is None else _convert(composed.node, file)
    return Parsed(node, composed.diagnostics, composed.recovered)


def compose(text: str, file: str) -> Composed:
    """Compose one YAML document, reporting syntax problems, non-text and repeated keys.

    After a syntax error the offending line is blanked and parsing retried, so an
    author sees the other problems of the file in the same run, not one per run.
    """
    control = control_characters(text, file)
    if control:  # libyaml would stop at the first with a ReaderError, unlocated
        return Composed(None, control, recovered=True)
    diags: list[Diagnostic] = []
    source = text  # split into lines only after an error: most files have none
    for _attempt in range(MAX_RECOVERIES + 1):
        try:
            node = _compose(source)
        except (AliasTrouble, DepthTrouble) as exc:
            return Composed(None, [*diags, exc.diagnostic(file)], recovered=True)
        except MarkedYAMLError as exc:
            problem = _syntax_diagnostic(exc, source, file)
            diags.append(problem)
            lines = source.split("\n")
            index = problem.pos.line - 1
            if not 0 <= index < len(lines) or lines[index].strip() in ("", "#"):
                return Composed(None, diags, recovered=True)
            lines[index] = "#"
            source = "\n".join(lines)
            continue
        if node is None:
            if not diags:
                diags.append(diag(EMPTY_FILE, "文件没有内容", Pos(file, 1, 1), "请按照示例填写。"))
            return Composed(None, diags, recovered=bool(diags))
        # Recovered only when lines were blanked: a repeated key loses no other key, so
        # the keys missing from its mapping are still reported (and block the model).
        blanked = bool(diags)
        return Composed(_checked(node, file, diags), diags, recovered=blanked)
    return Composed(None, diags, recovered=True)


def _compose(text: str) -> RawNode | None:
    check_depth(text, _Loader)
    # Given the str itself, not a stream: libyaml then takes the whole text at once
    # instead of reading it through Python calls in chunks (a tenth of composing).
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    return None if node is None else from_libyaml(node)


# More nodes than any report has by far: past this, aliases are multiplying a document
# (nested aliases of aliases grow it exponentially: a "billion laughs").
MAX_NODES = 100_000


class AliasTrouble(Exception):
    """An alias inside the node it refers to, or aliases expanding past MAX_NODES."""

    def __init__(self, line: int, column: int, looped: bool) -> None:
        super().__init__(line, column, looped)
        self.line, self.column, self.looped = line, column, looped

    def diagnostic(self, file: str) -> Diagnostic:
        where = Pos(file, self.line + 1, self.column + 1)
        if self.looped:
            message = "YAML 别名引用了包含它自己的内容（循环引用），无法展开"
        else:
            message = f"YAML 别名展开后超过 {MAX_NODES} 个值，文件过大"
        hint = "去掉对这里定义的锚点（&名称）的引用（*名称），把内容直接写出。"
        return diag(YAML_ALIAS, message, where, hint)


def from_libyaml(node: Any) -> RawNode:
    """A ruamel.yaml node tree as Nodes. An aliased node becomes one copy per use:
    each use is checked, and reported, where it is written. Raises AliasTrouble."""
    return _Copier().copy(node)


class _Copier:
    def __init__(self) -> None:
        self.inside: set[int] = set()  # the collections being copied (a loop check)
        self.count = 0

    def copy(self, node: Any) -> RawNode:
        mark = node.start_mark
        self.count += 1
        if self.count > MAX_NODES:
            raise AliasTrouble(mark.line, mark.column, looped=False)
        kind = node.id
        if kind == "scalar":
            return Node("scalar", node.value, mark.line, mark.column, node.style or "")
        if id(node) in self.inside:
            raise AliasTrouble(mark.line, mark.column, looped=True)
        self.inside.add(id(node))
        try:
            if kind == "sequence":
                items = [self.copy(item) for item in node.value]
                return Node("sequence", items, mark.line, mark.column)
            pairs = [(self.copy(k), self.copy(v)) for k, v in node.value]
            return Node("mapping", pairs, mark.line, mark.column)
        finally:
            self.inside.discard(id(node))


def _checked(node: RawNode, file: str, diags: list[Diagnostic]) -> RawNode:
    """NODE without the mapping entries whose key is not text or comes again, each reported.

    Returns NODE itself when nothing is dropped, else new nodes where needed; each use
    of an aliased node is its own copy (from_libyaml), checked and reported as written.
    Order of the reports: a key's own, its value's, then the key's problem.
    """
    if node.id == "scalar":
        return node
    if node.id == "sequence":
        items = [
            item if item.id == "scalar" else _checked(item, file, diags) for item in node.value
        ]
        if all(new is old for new, old in zip(items, node.value, strict=True)):
            return node
        return node._replace(value=items)
    pairs = []
    seen: dict[str, RawNode] = {}
    changed = False
    for key, value in node.value:
        new_key = key if key.id == "scalar" else _checked(key, file, diags)
        new_value = value if value.id == "scalar" else _checked(value, file, diags)
        if new_key.id == "scalar" and new_key.value not in seen:  # checked inline: the usual case
            seen[new_key.value] = new_key
            pairs.append((new_key, new_value))
            changed = changed or new_value is not value
        else:
            diags.append(_key_problem(new_key, seen, file))
            changed = True
    return node._replace(value=pairs) if changed else node


def _key_problem(key: RawNode, seen: dict[str, RawNode], file: str) -> Diagnostic:
    """Why KEY (not text, or text already in SEEN) is dropped."""
    if key.id != "scalar":
        return diag(YAML_SYNTAX, "键必须是文字", pos_of(key, file), "请检查缩进和冒号。")
    first = seen[key.value].line + 1
    return diag(
        DUPLICATE_KEY,
        f"键「{key.value}」重复，第一次出现在第 {first} 行",
        pos_of(key, file),
        "同一层级的键只能出现一次：请合并或删除其中一个。",
    )


def _convert(node: RawNode, file: str) -> YNode:
    where = (file, node.line + 1, node.column + 1)
    kind = node.id
    if kind == "scalar":
        return YScalar(str(node.value), where, quoted=node.style in QUOTED)
    if kind == "sequence":
        return YSeq(where, [_convert(n, file) for n in node.value])
    items: list[tuple[YScalar, YNode]] = []
    for key, value in node.value:
        text_key = _convert(key, file)
        assert isinstance(text_key, YScalar)  # _checked dropped the others
        items.append((text_key, _convert(value, file)))
    return YMap(where, items)


def _syntax_diagnostic(exc: MarkedYAMLError, text: str, file: str) -> Diagnostic:
    # An unclosed quote or bracket is only noticed at the end of the file; the
    # context mark is where it was opened, which is where the author must look.
    at_end = "end of stream" in str(exc.problem or "")
    mark = (exc.context_mark if at_end else None) or exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    col = mark.column + 1 if mark is not None else 1
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source_line or "'\\t'" in str(exc.problem):
        tab_col = source_line.find("\t") + 1 if "\t" in source_line else col
        return diag(
            YAML_TAB,
            "这一行含有制表符（Tab），YAML 只能用空格缩进",
            Pos(file, line, tab_col),
            "把制表符换成空格（每级缩进 2 个空格）。",
        )
    colon = full_width_colon(lines, line)
    if colon is not None:
        return diag(
            YAML_SYNTAX,
            "键后用了全角冒号「：」，YAML 只认半角冒号「:」",
            Pos(file, *colon),
            "把「：」改成半角冒号「:」并在后面加一个空格，如「weight: 10」。",
        )
    problem = str(exc.problem or "").strip()
    return diag(
        YAML_SYNTAX,
        f"无法解析 YAML：{_translate(problem)}",
        Pos(file, line, col),
        "检查这一行及上一行的缩进、冒号后的空格和引号是否成对。",
    )


_PROBLEMS = {
    "mapping values are not allowed": "此处不能出现「键: 值」（常见原因：缩进不对或值中含有未加引号的冒号）",
    "did not find expected ',' or ']'": "方括号列表未闭合，缺少「,」或「]」",
    "did not find expected ',' or '}'": "花括号未闭合，缺少「,」或「}」",
    "found character that cannot start any token": "含有不能作为开头的字符（如 @ 或 `，请给值加引号）",
    "could not find expected ':'": "缺少冒号「:」",
    "did not find expected key": "缩进不一致，找不到预期的键",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "found undefined alias": "引用了未定义的锚点",
    "expected <block end>, but found '<block sequence start>'": "列表项缩进不一致",
}


def _translate(problem: str) -> str:
    for english, chinese in _PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return problem or "格式错误"
