"""Publish the built site: downloads, downloads page, sitemap and the static search index."""
