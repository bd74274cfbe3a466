"""Every recommendation serialised once, as the downloads write it: its CSV line and JSON object."""

from __future__ import annotations

from pathlib import Path

from ..model import Recommendation
from ..model.package import as_row, csv_lines, json_items, json_list

BOM = b"\xef\xbb\xbf"  # every CSV starts with one, so that Excel keeps the macrons


class Records:
    """Every recommendation's CSV line and JSON object, made once: a record is in the whole
    package, in each hub slice it belongs to (about eight) and in its own two files, and
    serialising it again for each was most of the cost of the downloads. The bytes are exactly
    what model.package.write_csv and write_json write."""

    def __init__(self, recs: list[Recommendation]):
        rows = [as_row(r) for r in recs]
        where = Path("recommendations.csv")
        self.header = csv_lines(where, "recommendations", [], header=True)[0]
        self.csv = dict(zip((r.id for r in recs), csv_lines(where, "recommendations", rows), strict=True))
        self.json = dict(zip((r.id for r in recs), json_items("recommendations", rows), strict=True))

    def csv_bytes(self, recs: list[Recommendation]) -> bytes:
        return BOM + (self.header + "".join(self.csv[r.id] for r in recs)).encode("utf-8")

    def json_bytes(self, recs: list[Recommendation]) -> bytes:
        return json_list([self.json[r.id] for r in recs]).encode("utf-8")
