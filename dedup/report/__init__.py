"""One HTML page for a whole scan: every cluster, who ran which version when, and what each
changed against the canonical version, highlighted.

The page is self-contained (no network fetches, no external scripts, styles or fonts) and
safe with hostile articles: every text, title, source and path reaches the page either
HTML-escaped or as JSON data that the page's script puts into the document with
``textContent`` only, never as markup; a Content-Security-Policy lets no script run but the
page's own (by hash). ``data`` builds what the page shows; ``page`` writes it.
``build.report`` joins them.
"""

from __future__ import annotations

from dedup.report.build import report

__all__ = ["report"]
