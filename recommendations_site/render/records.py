"""Every recommendation serialised once, as the downloads write it: its CSV line and JSON object,
with its absolute address (`url`)."""

from __future__ import annotations

from pathlib import Path

from ..model import Recommendation
from ..model.package import as_row, csv_lines, json_items, json_list
from .formats import Names, published_fields, with_names
from .urls import url

BOM = b"\xef\xbb\xbf"  # every CSV starts with one, so that Excel keeps the macrons


class Records:
    """Every recommendation's CSV line and JSON object, made once: a record is in the whole
    package, in each hub slice it belongs to (about eight) and in its own two files, and
    serialising it again for each was most of the cost of the downloads. The bytes are exactly
    what model.package.write_csv and write_json write, with the names beside the codes and the `url` column last."""

    def __init__(self, recs: list[Recommendation], site_url: str, names: Names):
        """site_url: the site's address, from which each record's `url` column is made; names: the
        reference tables' names, put beside the codes (formats.with_names)."""
        rows = [with_names("recommendations", {**as_row(r), "url": f"{site_url}{url('recommendation', r.id)}"}, names) for r in recs]
        where, fields = Path("recommendations.csv"), published_fields("recommendations")
        self.header = csv_lines(where, "recommendations", [], header=True, fields=fields)[0]
        self.csv = dict(zip((r.id for r in recs), csv_lines(where, "recommendations", rows, fields=fields), strict=True))
        self.json = dict(zip((r.id for r in recs), json_items("recommendations", rows, fields), strict=True))

    def csv_bytes(self, recs: list[Recommendation]) -> bytes:
        return BOM + (self.header + "".join(self.csv[r.id] for r in recs)).encode("utf-8")

    def json_bytes(self, recs: list[Recommendation]) -> bytes:
        return json_list([self.json[r.id] for r in recs]).encode("utf-8")
