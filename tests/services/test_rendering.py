"""Markdown rendering: what authors write comes out as safe, valid HTML."""

import pytest

from studyguide.coursepack.rendering import render_markdown

SAFE_LINK = '<a href="{}" rel="noopener noreferrer">{}</a>'


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        # Markdown itself
        ("", ""),
        ("   \n", ""),
        ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
        ("# Title\n\n- a\n- b", "<h1>Title</h1>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("`<b>`", "<p><code>&lt;b&gt;</code></p>"),
        ("```\n<b>x</b>\n```", "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>"),
        ("a & b < c", "<p>a &amp; b &lt; c</p>"),
        ("line  \nbreak", "<p>line<br>\nbreak</p>"),
        (
            "| a |\n|---|\n| 1 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n"
            "<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>",
        ),
        # Links: kept with rel, or unwrapped when their URL is unsafe
        ("[x](https://example.org)", f"<p>{SAFE_LINK.format('https://example.org', 'x')}</p>"),
        ("[x](/lessons/1)", f"<p>{SAFE_LINK.format('/lessons/1', 'x')}</p>"),
        ("[m](mailto:a@example.org)", f"<p>{SAFE_LINK.format('mailto:a@example.org', 'm')}</p>"),
        (
            '[t](https://e.org "Title")',
            '<p><a href="https://e.org" title="Title" rel="noopener noreferrer">t</a></p>',
        ),
        ("[x](javascript:alert(1))", "<p>x</p>"),
        ("[x](JaVaScRiPt:alert(1))", "<p>x</p>"),
        ("[x](vbscript:msgbox(1))", "<p>x</p>"),
        ("[x](data:text/html,hi)", "<p>x</p>"),
        ('<a href="javascript:alert(1)">y</a>', "<p>y</p>"),
        ('<a href="jav&#x09;ascript:alert(1)">t</a>', "<p>t</p>"),
        ('x <a href="javascript:0" title="t">a <em>b</em></a> y', "<p>x a <em>b</em> y</p>"),
        ("<a>no href</a>", "<p>no href</p>"),
        (
            '<a href="https://e.org" target="_blank" rel="opener" onclick="x()">x</a>',
            f"<p>{SAFE_LINK.format('https://e.org', 'x')}</p>",
        ),
        # Raw HTML: scripts and their content gone, unknown tags and attributes dropped
        ("<script>alert(1)</script>Hello", "<p>Hello</p>"),
        ("<style>p { color: red }</style>Hello", "<p>Hello</p>"),
        ("<iframe src='https://e.org'></iframe>Hello", "<p>Hello</p>"),
        ("<svg onload=alert(1)><circle/></svg>ok", "<p>ok</p>"),
        ("<img src=x onerror=alert(1)>", "<p></p>"),
        ("<form action=/x><input name=a></form>after", "<p>after</p>"),
        ('<span style="color:red" onclick="x()">s</span>', "<p><span>s</span></p>"),
        ("<p>raw <b>bold</b></p>", "<p>raw <b>bold</b></p>"),
        ("<!-- hidden -->shown", "<p>shown</p>"),
        ("&lt;script&gt; &#169; caf\u00e9", "<p>&lt;script&gt; \u00a9 caf\u00e9</p>"),
    ],
)
def test_render_markdown(markdown, html):
    assert render_markdown(markdown) == html


@pytest.mark.parametrize(
    "markdown",
    [
        "[a](javascript:alert(1)) [b](https://ok.example) <a href='javascript:x'>c</a>",
        "<a href='https://a'><a href='javascript:1'>nested</a></a>",
        "<a href=\"https://e.org\" title='a>b'>gt in a title</a>",
        "<scr<script>ipt>alert(1)</script>",
        "<div onclick='x()'>**not rendered inside raw html**</div>",
    ],
)
def test_render_markdown_never_leaves_unsafe_markup(markdown):
    html = render_markdown(markdown).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
    assert html.count("<a ") == html.count('<a href="') == html.count("</a>")
