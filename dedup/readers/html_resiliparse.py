"""The default extractor: resiliparse's main-content rules over a Lexbor parse."""

from __future__ import annotations

from dedup.errors import Skip
from dedup.readers.page_meta import page_metadata

# boxes inside an article that are not the story (resiliparse drops navigation, footers,
# forms and the like by itself)
_SKIP = [".newsletter", ".newsletter-box", ".related", ".share", ".share-bar", ".social", ".comments",
         ".ad-slot", ".advert", ".advertisement", "aside", "figcaption", "[role=dialog]"]


def extract_resiliparse(markup: str) -> dict[str, str | None]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    try:
        tree = HTMLTree.parse(markup)
        text = extract_plain_text(tree, preserve_formatting=True, main_content=True, list_bullets=False,
                                  alt_texts=False, links=False, form_fields=False, noscript=False, comments=False,
                                  skip_elements=_SKIP)
    except Exception as err:  # the parser's own errors, on any malformed page
        raise Skip(f"unreadable HTML: {type(err).__name__}") from None
    return {"text": text, **page_metadata(tree)}
