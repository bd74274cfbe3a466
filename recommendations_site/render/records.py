"""Every recommendation serialised once, as the downloads write it: its CSV line and JSON object,
with its absolute address (`url`)."""

from __future__ import annotations

from functools import cached_property
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

    # Each record's line and object as UTF-8, encoded once: the slices join about eight copies of each.
    @cached_property
    def csv_encoded(self) -> dict[str, bytes]:
        return {key: line.encode("utf-8") for key, line in self.csv.items()}

    @cached_property
    def json_encoded(self) -> dict[str, bytes]:
        return {key: item.encode("utf-8") for key, item in self.json.items()}

    def csv_bytes(self, recs: list[Recommendation]) -> bytes:
        lines = self.csv_encoded
        return b"".join([BOM, self.header.encode("utf-8"), *[lines[r.id] for r in recs]])

    def json_bytes(self, recs: list[Recommendation]) -> bytes:
        """As json_list writes the objects, in UTF-8."""
        if not recs:
            return json_list([]).encode("utf-8")
        items = self.json_encoded
        return b"[\n" + b",\n".join([items[r.id] for r in recs]) + b"\n]\n"
