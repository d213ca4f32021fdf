"""User text is rendered once and must come out safe whatever was typed (DESIGN rule 6)."""

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from practica.core.markdown import render_markdown, sanitize_html

SCRIPT = re.compile(r"<\s*script", re.IGNORECASE)
FORBIDDEN_TAGS = {"script", "style", "iframe", "object", "embed", "form", "svg", "math", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


class TagCollector(HTMLParser):
    """What a browser would see as elements and attributes (entities already decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def _scheme_text(value: str) -> str:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:").
    return "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()


DANGEROUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<div style="background:url(javascript:alert(1))">',
    '<body onload="alert(1)">',
    '<p onclick="alert(1)">hi</p>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<object data="data:text/html,x"></object>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    "![img](javascript:alert(1))",
    '![img](x" onerror="alert(1))',
    "<javascript:alert(1)>",
    '"><script>alert(1)</script>',
    "<!-- <script>alert(1)</script> -->",
    "<style>body{display:none}</style>",
    "`<script>` stays code",
    "\n\n<div>\n<script>alert(1)</script>\n</div>\n\n",
]
GLUE = ["", " ", "\n", "\n\n", "**", "> ", "- ", "# ", "|", "`", "[", "](", ")", "<", ">", '"']


def assert_safe(html: str) -> None:
    assert not SCRIPT.search(html), html
    parser = TagCollector()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag not in FORBIDDEN_TAGS, html
        for name, value in attrs:
            assert not name.startswith("on"), html
            assert name != "style", html
            if name in URL_ATTRIBUTES and value:
                assert not _scheme_text(value).startswith(BAD_SCHEMES), html


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_renders_safe(text):
    assert_safe(render_markdown(text))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(DANGEROUS + GLUE), min_size=1, max_size=12), st.text(max_size=20))
def test_dangerous_fragments_render_safe(parts, noise):
    text = "".join(parts) + noise
    assert_safe(render_markdown(text))
    # The sanitiser alone must also hold when handed raw HTML (imports may bypass Markdown).
    assert_safe(sanitize_html(text))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(DANGEROUS))
def test_each_known_attack_is_neutralised(fragment):
    assert_safe(render_markdown(fragment))
    assert_safe(sanitize_html(fragment))


def test_formatting_and_safe_links_survive():
    html = render_markdown("**bold** and [a link](https://example.org) and `code`")
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow ugc"' in html
    assert "<code>code</code>" in html


def test_raw_html_is_shown_as_text_not_run():
    html = render_markdown("<script>alert(1)</script>")
    assert "&lt;script&gt;" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
