"""Render author-written Markdown to HTML that is safe to mark safe in a template.

Python-Markdown passes raw HTML and `javascript:` links straight through, so every rendering
is cleaned with nh3 against an allow-list. Render once (at import) and store the result.
"""

from html.parser import HTMLParser

import markdown
import nh3

_EXTENSIONS = ("fenced_code", "tables", "sane_lists")

# The tags Markdown itself produces, plus a few harmless inline ones authors write by hand.
# No img: a lesson must not load resources from other sites, and nh3 leaves an <img> whose
# src it dropped, which is invalid HTML.
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "ul", "ol", "li", "dl", "dt", "dd", "pre", "code",
        "table", "thead", "tbody", "tr", "th", "td",
        "a", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark",
        "sub", "sup", "small", "abbr", "cite", "q", "kbd", "samp", "var", "span",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"


def render_markdown(text: str) -> str:
    """Render Markdown to sanitised HTML: allowed tags only, safe links, no scripts."""
    if not text.strip():
        return ""
    html = markdown.markdown(text, extensions=list(_EXTENSIONS), output_format="html")
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return _unwrap_links_without_href(cleaned).strip()


def _unwrap_links_without_href(html: str) -> str:
    """Drop <a> tags whose href nh3 removed (e.g. `javascript:`), keeping their text.

    nh3 keeps `<a rel="noopener noreferrer">` with no href, which is invalid HTML and still
    looks like a link. nh3's output is well-formed, so a streaming parser can rewrite it.
    """
    if "<a" not in html:
        return html
    rewriter = _LinkUnwrapper()
    rewriter.feed(html)
    rewriter.close()
    return "".join(rewriter.parts)


class _LinkUnwrapper(HTMLParser):
    """Re-emit HTML verbatim except for <a> elements that have no href."""

    def __init__(self) -> None:
        # Keep entities as written: the input is already escaped and must stay so.
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self._kept_links: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            keep = any(name == "href" and value for name, value in attrs)
            self._kept_links.append(keep)
            if not keep:
                return
        self.parts.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._kept_links and not self._kept_links.pop():
            return
        self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.parts.append(f"&#{name};")
