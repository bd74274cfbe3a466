"""The one canonical model every importer produces and every page is rendered from."""

from .recommendation import LIST_FIELDS, RESPONSES, Recommendation, make_id, slug

__all__ = ["LIST_FIELDS", "RESPONSES", "Recommendation", "make_id", "slug"]
