"""The rendered report body (our own HTML) read back as blocks for Word (pure).

The body the site and the PDF show is the one source of the report's text: headings with
their numbers (一、（一）…), paragraphs, and the generated tables with their spans. Reading
that HTML with the standard library's parser keeps the Word document the same as the PDF
without a second renderer of the narrative.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from builder.office.package import xml_safe


@dataclass
class TableCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    number: bool = False  # a figure (right-aligned)


@dataclass
class TableBlock:
    caption: str = ""
    note: str = ""
    head: list[list[TableCell]] = field(default_factory=list)
    body: list[list[TableCell]] = field(default_factory=list)


@dataclass
class TextBlock:
    kind: str  # "h1" … "h6", "p", "li", "quote"
    text: str


Block = TextBlock | TableBlock
_TEXT_TAGS = {"h2", "h3", "h4", "h5", "h6", "p", "li"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] | None = None
        self.kind = ""
        self.table: TableBlock | None = None
        self.row: list[TableCell] | None = None
        self.cell: TableCell | None = None
        self.in_head = False
        self.span_class = ""
        self.quote = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.table = TableBlock()
        elif self.table is not None:
            self._table_tag(tag, attr)
        elif tag in _TEXT_TAGS:
            self.text, self.kind = [], ("quote" if self.quote and tag == "p" else tag)
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "br" and self.text is not None:
            self.text.append("\n")

    def _table_tag(self, tag: str, attr: dict[str, str]) -> None:
        assert self.table is not None
        if tag == "thead":
            self.in_head = True
        elif tag == "tbody":
            self.in_head = False
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = TableCell(
                "",
                int(attr.get("rowspan") or 1),
                int(attr.get("colspan") or 1),
                tag == "th" or self.in_head,
                "num" in attr.get("class", "").split(),
            )
            self.row.append(self.cell)
        elif tag == "caption":
            self.text, self.kind = [], "caption"
        elif tag == "span" and self.kind == "caption":
            self.span_class = attr.get("class", "")
            self.text = []

    def handle_endtag(self, tag: str) -> None:
        if self.table is not None:
            self._table_end(tag)
        elif tag in _TEXT_TAGS and self.text is not None:
            text = "".join(self.text).strip()
            if text:
                self.blocks.append(TextBlock(self.kind, text))
            self.text = None
        elif tag == "blockquote":
            self.quote -= 1

    def _table_end(self, tag: str) -> None:
        table = self.table
        assert table is not None
        if tag == "table":
            self.blocks.append(table)
            self.table = None
        elif tag == "tr" and self.row is not None:
            (table.head if self.in_head else table.body).append(self.row)
            self.row = None
        elif tag in ("td", "th"):
            self.cell = None
        elif tag == "span" and self.kind == "caption" and self.text is not None:
            text = "".join(self.text).strip()
            if self.span_class == "table-note":
                table.note = text
            else:
                table.caption += text
            self.text = []
        elif tag == "caption":
            self.text, self.kind = None, ""

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.text += data
        elif self.text is not None:
            self.text.append(data)


def body_blocks(html: str) -> list[Block]:
    reader = _Reader()
    reader.feed(xml_safe(html))
    reader.close()
    return reader.blocks
