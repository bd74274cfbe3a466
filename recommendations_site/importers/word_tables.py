"""Word (.docx) tables read from their XML, cell by cell, without python-docx's table objects
(which raise on a vertically merged cell in a table's first row and repeat a spanning cell without
a bound): each row as Word lays it out on the table's grid, with what would make reading it a
guess noted: cells merged across rows, a row that starts late (w:gridBefore), content the cell's
text leaves out (a table inside a cell, a content control), a span that is not a number."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from ..errors import SourceError
from ..reading.text import integer

MAX_SPAN = 64  # grid columns one cell or gap may cover; OHCHR's matrices have four
WRAPPERS = {qn("w:sdt"): "a content control", qn("w:customXml"): "a custom XML element"}
HIDDEN = {qn("w:tbl"): "a table inside it", qn("w:altChunk"): "an embedded document"} | {
    tag: f"{what} holding text" for tag, what in WRAPPERS.items()
}


@dataclass
class Cell:
    start: int  # the first grid column it covers
    span: int
    text: str
    merged: bool  # merged with the cell above or below it (w:vMerge)
    hidden: str  # what it holds that its text leaves out, or ""


@dataclass
class Row:
    number: int  # through all the document's tables, as a person counts them
    before: int = 0  # empty grid columns before the first cell (w:gridBefore)
    cells: list[Cell] = field(default_factory=list)
    problem: str = ""  # a reason the row cannot be read as cells at all

    @property
    def width(self) -> int:
        """Grid columns from the table's left edge to the end of the row's last cell."""
        return self.cells[-1].start + self.cells[-1].span if self.cells else self.before

    def grid(self) -> list[str | None]:
        """The text at each grid column up to the row's last cell (a spanning cell's at each it covers),
        None where there is no cell."""
        texts: list[str | None] = [None] * self.before
        for cell in self.cells:
            texts += [cell.text] * cell.span
        return texts


def _number(path: Path, row: int, element: etree._Element | None, tag: str, low: int) -> int:
    """The w:val of element's child tag, a whole number from low to MAX_SPAN (low when absent)."""
    child = None if element is None else element.find(qn(tag))
    value = None if child is None else child.get(qn("w:val"))
    if value is None:
        return low
    try:
        return integer(value, low, MAX_SPAN)
    except ValueError:
        what = tag.removeprefix("w:")
        raise SourceError(
            path, row, "-", f"the Word file is damaged: {what} is {value!r}, not a number from {low} to {MAX_SPAN}"
        ) from None


def _cell(path: Path, number: int, tc: etree._Element, start: int) -> Cell:
    props = tc.find(qn("w:tcPr"))
    hidden = next((what for child in tc if (what := HIDDEN.get(child.tag))), "")
    return Cell(
        start=start,
        span=_number(path, number, props, "w:gridSpan", 1),
        text="\n".join(p.text for p in tc.findall(qn("w:p"))),  # as python-docx's cell.text
        merged=props is not None and props.find(qn("w:vMerge")) is not None,
        hidden=hidden,
    )


def _row(path: Path, number: int, tr: etree._Element) -> Row:
    row = Row(number, before=_number(path, number, tr.find(qn("w:trPr")), "w:gridBefore", 0))
    start = row.before
    for child in tr:
        if child.tag in WRAPPERS:
            row.problem = f"some of its cells are inside {WRAPPERS[child.tag]}, so they cannot be read as cells"
        elif child.tag == qn("w:tc"):
            row.cells.append(_cell(path, number, child, start))
            start += row.cells[-1].span
    return row


def rows(path: Path, tbl: etree._Element, first: int) -> list[Row]:
    """The table's rows, numbered from first; rows wrapped in another element are noted as problems."""
    found: list[Row] = []
    for child in tbl:
        number = first + len(found)
        if child.tag == qn("w:tr"):
            found.append(_row(path, number, child))
        elif child.tag in WRAPPERS:
            found.append(Row(number, problem=f"rows from here are inside {WRAPPERS[child.tag]}, so they cannot be read as rows"))
    return found


def tables(body: etree._Element) -> tuple[list[etree._Element], int]:
    """The document body's tables, and how many more tables there are outside the body's own flow
    (inside a content control, say) that are neither those nor inside a table's cell."""
    own = body.findall(qn("w:tbl"))
    others = [t for t in body.iter(qn("w:tbl")) if t.getparent() is not body and next(t.iterancestors(qn("w:tc")), None) is None]
    return own, len(others)
