"""Harvest: region pages on the web -> their main text -> the corpus, through :mod:`kb.ingest`.

Takes page URLs (by default every page of the region registry), fetches them
politely (one at a time, a delay between requests, a User-Agent naming the
product, timeouts, bounded retries with backoff on 5xx, conditional requests
against a cache in the index folder), keeps each page's main content (its
``<main>``/``<article>`` without navigation, breadcrumbs, related-links boxes,
header and footer) and imports the pages with :func:`kb.ingest.import_pages`,
all or none.

Public names: :func:`harvest`, :class:`HarvestReport`, :class:`Fetcher`,
:class:`Fetched`, :class:`HarvestFailed`, :func:`main_content`, :data:`USER_AGENT`.
"""

from kb.harvest.extract import main_content
from kb.harvest.fetch import USER_AGENT, Fetched, Fetcher, HarvestFailed
from kb.harvest.run import HarvestReport, harvest

__all__ = ["USER_AGENT", "Fetched", "Fetcher", "HarvestFailed", "HarvestReport", "harvest",
           "main_content"]
