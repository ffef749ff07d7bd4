"""Render author-written Markdown to HTML that is safe to mark safe in a template.

Python-Markdown passes raw HTML and `javascript:` links straight through, so every rendering
is cleaned with nh3 against an allow-list. Render once (at import) and store the result.
It is pure (no Flask, no database), so check-course renders every lesson body too and finds a
body nested too deeply to show, as load-course does.
"""

import re
from functools import partial
from html.parser import HTMLParser
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension

_EXTENSIONS = ("fenced_code", "tables", "sane_lists")
# Python-Markdown scans from every "[" to the end of its paragraph looking for the "]" that
# closes it, and from every "](" for the ")": 5,000 unclosed "[" took 5 s, 20,000 took 113 s.
# Link text is found through one bracket-matching pass per paragraph instead, and a link's
# destination must close within LINK_WINDOW characters.
LINK_WINDOW = 1000
_LINK_PROCESSORS = (
    "reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref",
)  # fmt: skip


class MarkdownTooDeep(ValueError):
    """The Markdown nests lists or quotes deeper than Python-Markdown can recurse."""


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
    try:
        html = markdown.markdown(
            text, extensions=[*_EXTENSIONS, _LinearLinks()], output_format="html"
        )
    except RecursionError as error:
        raise MarkdownTooDeep("lists or quotes are nested too deeply to show") from error
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return _unwrap_links_without_href(cleaned).strip()


class _LinearLinks(Extension):
    """Give the link-like inline processors a linear getText and getLink (see LINK_WINDOW)."""

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's name)
        brackets, parens = _Matcher("[", "]"), _Matcher("(", ")")
        for name in _LINK_PROCESSORS:
            if name not in md.inlinePatterns:
                continue
            processor = md.inlinePatterns[name]
            processor.getText = partial(_get_text, processor.getText, brackets)
            if hasattr(processor, "getLink"):
                processor.getLink = partial(_get_link, processor.getLink, parens)


class _Matcher:
    """Where the bracket closing an opening one is, for one paragraph being processed.

    Python-Markdown replaces a matched link by a placeholder and goes on after it, so the rest
    of the paragraph is unchanged between calls: positions are kept from the end of the text,
    and the table is rebuilt only when that rest is not the text it was built from.
    """

    def __init__(self, opener: str, closer: str) -> None:
        self._opener = opener
        self._brackets = re.compile(f"[{re.escape(opener + closer)}]")
        self._built_from = ""
        self._close: dict[int, int] = {}  # from the end: opening bracket -> its closing one
        self._checked: tuple[str, int] = ("", 0)  # a text whose last n characters are known

    def closing(self, data: str, at: int) -> int | None:
        """Return the position of the bracket closing the one at `at`, or None."""
        tail = len(data) - at
        checked, length = self._checked
        if not (data is checked and tail <= length):
            built = self._built_from
            if not (tail <= len(built) and built.endswith(data[at:])):
                self._build(data)
            self._checked = (data, tail)
        close = self._close.get(tail)
        return None if close is None else len(data) - close

    def _build(self, data: str) -> None:
        self._built_from, self._close = data, {}
        opened: list[int] = []
        for match in self._brackets.finditer(data):
            if match.group() == self._opener:
                opened.append(len(data) - match.start())
            elif opened:
                self._close[opened.pop()] = len(data) - match.start()


def _get_text(original: Any, brackets: _Matcher, data: str, index: int) -> Any:
    """Python-Markdown's getText: the text up to the "]" matching the "[" before `index`."""
    if index == 0 or data[index - 1] != "[":
        return original(data, index)
    close = brackets.closing(data, index - 1)
    if close is None:
        return data[index:], len(data), False
    return data[index:close], close + 1, True


def _get_link(original: Any, parens: _Matcher, data: str, index: int) -> Any:
    """Python-Markdown's getLink, reading no further than the ")" matching the "(" at `index`,
    or than LINK_WINDOW characters when the destination holds a quote (a title)."""
    if not data.startswith("(", index):
        return original(data, index)
    close = parens.closing(data, index)
    end = len(data) if close is None else close + 1
    window = min(end, index + LINK_WINDOW)
    if data.find('"', index, window) != -1 or data.find("'", index, window) != -1:
        return original(data[:window], index)
    if close is None:
        return "", None, index, False
    return original(data[:end], index)


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
