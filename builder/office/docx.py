"""A report as a Word document in the official document style (pure: bytes in memory).

GB/T 9704-like, as the PDF: A4 with the same margins (top 37 mm, left 28 mm, type area
156 × 225 mm); title in 方正小标宋简体, body in 仿宋_GB2312 三号 (16 pt) at a fixed 28 pt
line, 一级 headings 黑体, 二级 楷体_GB2312, numbers of headings as text; the generated
tables as real Word tables whose header rows repeat on every page; 「— N —」 page numbers;
the 附件 label top left. Chinese font names go into the East Asian slot (w:eastAsia) so
that Word and WPS use them for Chinese text; Times New Roman for Latin letters and digits.
python-docx has no call for three things used here, so they are set on its own XML
elements (OxmlElement): the East Asian font, a repeated header row and the PAGE field.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

from builder.office.docxbody import TableBlock, TableCell, TextBlock, body_blocks
from builder.office.package import document_time, fixed_zip, xml_safe
from builder.scoring.engine import ScoreCard

LATIN = "Times New Roman"
TITLE_FONT = "方正小标宋简体"
HEI = "黑体"
KAI = "楷体_GB2312"
FANGSONG = "仿宋_GB2312"
SONG = "宋体"
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号
TABLE_TEXT = "表格文字"
TABLE_HEAD = "表格标题行"
# python-docx makes a new style's id from its name (spaces removed)
TABLE_TEXT_ID = TABLE_TEXT
TABLE_HEAD_ID = TABLE_HEAD
LINE = Pt(28)  # fixed line: 22 lines on the 225 mm type area
# h2 (一、) → Heading 1 … so Word's navigation pane shows the outline: style, font, bold
HEADINGS = {
    "h2": ("Heading 1", HEI, False),
    "h3": ("Heading 2", KAI, False),
    "h4": ("Heading 3", FANGSONG, True),
    "h5": ("Heading 4", FANGSONG, False),
    "h6": ("Heading 4", FANGSONG, False),
}


def set_font(element: object, name: str, size: Pt | None = None, bold: bool | None = None) -> None:
    """Latin and East Asian font of a style or a run (its .font and its rPr element)."""
    font = element.font  # type: ignore[attr-defined]
    font.name = LATIN
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    holder = element.element if hasattr(element, "element") else element._element  # type: ignore[attr-defined]
    fonts = holder.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _styles(doc: DocumentType) -> None:
    normal = doc.styles["Normal"]
    set_font(normal, FANGSONG, BODY_SIZE, False)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = Pt(32)  # two characters
    for name, font in ((TABLE_TEXT, FANGSONG), (TABLE_HEAD, HEI)):
        cell = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        assert cell.style_id == {TABLE_TEXT: TABLE_TEXT_ID, TABLE_HEAD: TABLE_HEAD_ID}[name]
        cell.base_style = normal
        set_font(cell, font, TABLE_SIZE)
        cell_fmt = cell.paragraph_format
        cell_fmt.first_line_indent = Pt(0)
        cell_fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for style_name, font, bold in HEADINGS.values():
        style = doc.styles[style_name]
        set_font(style, font, BODY_SIZE, bold)
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        heading = style.paragraph_format
        heading.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        heading.line_spacing = LINE
        heading.space_before = heading.space_after = Pt(0)
        heading.first_line_indent = Pt(32)
        heading.keep_with_next = True


def _page(doc: DocumentType) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Mm(7)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.paragraph_format.first_line_indent = Pt(0)
    set_font(footer.add_run("— "), SONG, Pt(14))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = footer.add_run("1")
    set_font(number, SONG, Pt(14))
    field.append(number._element)
    footer._p.append(field)
    set_font(footer.add_run(" —"), SONG, Pt(14))


def _plain(doc: DocumentType, text: str, font: str, size: Pt, align: int) -> Paragraph:
    paragraph = doc.add_paragraph()
    paragraph.alignment = align  # type: ignore[assignment]
    paragraph.paragraph_format.first_line_indent = Pt(0)
    set_font(paragraph.add_run(text), font, size)
    return paragraph


def _repeat_header(row: _Row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def _keep_row(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _table(doc: DocumentType, block: TableBlock) -> None:
    # A table's title and unit stay on the page where the table starts.
    if block.caption:
        title = _plain(doc, block.caption, HEI, Pt(14), WD_ALIGN_PARAGRAPH.CENTER)
        title.paragraph_format.keep_with_next = True
    if block.note:
        note = _plain(doc, block.note, FANGSONG, Pt(12), WD_ALIGN_PARAGRAPH.RIGHT)
        note.paragraph_format.keep_with_next = True
    rows = [*block.head, *block.body]
    if not rows:
        return
    width = max(sum(cell.colspan for cell in row) for row in rows)
    table: Table = doc.add_table(rows=len(rows), cols=width)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The cells are fetched once, before any merge: python-docx's table.cell() walks the
    # whole table on every call (a report's tables took 0.4 s that way, measured).
    grid = table._cells
    merges = []
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        word_row = table.rows[r]
        _keep_row(word_row)
        if r < len(block.head):
            _repeat_header(word_row)
        column = 0
        for cell in row:
            while (r, column) in taken:
                column += 1
            if column >= width:
                break
            last = min(column + cell.colspan, width) - 1
            bottom = min(r + cell.rowspan, len(rows)) - 1
            for rr in range(r, bottom + 1):
                for cc in range(column, last + 1):
                    taken.add((rr, cc))
            target = grid[r * width + column]
            _cell_text(target.paragraphs[0], cell.text, cell.header, cell.number)
            if bottom > r or last > column:
                merges.append((target, grid[bottom * width + last]))
            column = last + 1
    for index, share in enumerate(_widths(rows, width)):
        length = Length(share)
        table.columns[index].width = length
        for r in range(len(rows)):
            grid[r * width + index].width = length
    for top_left, bottom_right in merges:
        top_left.merge(bottom_right)


TYPE_AREA = Mm(156)


def _widths(rows: list[list[TableCell]], width: int) -> list[int]:
    """Column widths from their texts: a column of figures or short words keeps what its
    longest text needs (figures must not break: even widths broke 10451200.00 in two),
    the wordy columns share the rest of the type area in proportion to their text."""
    need = [0] * width
    figures = [False] * width
    for row in rows:
        column = 0
        for cell in row:
            if cell.colspan == 1 and column < width:
                units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in cell.text)
                # A header may wrap (年度指 / 标值); what is under it decides the width.
                need[column] = max(need[column], min(units, 8) if cell.header else units)
                figures[column] = figures[column] or cell.number
            column += cell.colspan
    unit = Pt(10.5) * 65 // 100  # a digit of the table text (0.55–0.65 em in common faces)
    pad = Mm(4)  # the cell's left and right margins, and a little air
    exact = [n * unit + pad for n in need]
    kept = sum(w for w, figure in zip(exact, figures, strict=True) if figure)
    room = max(TYPE_AREA - kept, 0)  # for the columns of words
    short = [n <= 10 and not f for n, f in zip(need, figures, strict=True)]
    wordy = [n > 10 and not f for n, f in zip(need, figures, strict=True)]
    fixed = sum(w for w, s in zip(exact, short, strict=True) if s)
    if fixed > room:  # squeeze the short word columns, never the figures
        exact = [w * room // fixed if s else w for w, s in zip(exact, short, strict=True)]
        fixed = room
    share = sum(min(n, 40) for n, w in zip(need, wordy, strict=True) if w) or 1
    rest = room - fixed
    widths = [
        rest * min(n, 40) // share if w else e for n, w, e in zip(need, wordy, exact, strict=True)
    ]
    spare = TYPE_AREA - sum(widths)
    if spare > 0:  # a table of short columns still spans the type area, as in the PDF
        widths = [w + spare * w // sum(widths) for w in widths]
    return widths


def _cell_text(paragraph: Paragraph, text: str, header: bool, number: bool) -> None:
    # Styles rather than each run's own fonts: a table has hundreds of cells. The style id
    # goes on the paragraph's own element: `paragraph.style = name` looks the name up among
    # all styles every time, three fifths of a document's time (measured).
    paragraph._p.style = TABLE_HEAD_ID if header else TABLE_TEXT_ID
    if number:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif header:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text)


def report_document(card: ScoreCard, body_html: str, publisher: str = "") -> DocumentType:
    doc = Document()
    _styles(doc)
    _page(doc)
    report = card.report
    if report.label:
        _plain(doc, xml_safe(report.label), HEI, BODY_SIZE, WD_ALIGN_PARAGRAPH.LEFT)
    title_text = xml_safe(report.title)
    title = _plain(doc, title_text, TITLE_FONT, Pt(22), WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(35)
    title.paragraph_format.space_after = LINE
    for block in body_blocks(body_html):
        if isinstance(block, TableBlock):
            _table(doc, block)
        elif block.kind in HEADINGS:
            doc.add_paragraph(block.text, style=HEADINGS[block.kind][0])
        else:
            _text(doc, block)
    props = doc.core_properties
    props.title = title_text
    props.author = xml_safe(publisher or report.unit.name)
    props.last_modified_by = "jixiao"
    props.category = card.profile.name
    props.comments = ""  # not python-docx's "generated by python-docx"
    props.revision = 1
    props.created = props.modified = props.last_printed = document_time(report)
    return doc


def _text(doc: DocumentType, block: TextBlock) -> None:
    paragraph = doc.add_paragraph(block.text)
    if block.kind == "quote":
        paragraph.paragraph_format.left_indent = Pt(32)


def report_docx(card: ScoreCard, body_html: str, publisher: str = "") -> bytes:
    """The Word document's bytes: the same for the same report (dates from its data)."""
    buffer = io.BytesIO()
    report_document(card, body_html, publisher).save(buffer)
    return fixed_zip(buffer.getvalue())
