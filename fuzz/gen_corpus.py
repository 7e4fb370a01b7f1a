#!/usr/bin/env python3
"""Writes the hand-made seed corpora fuzz/corpus/<target>/ for the fuzz
targets (fuzz/fuzz_<target>.c). Every seed is small and written here from
scratch; the first byte of each file is the target's selector byte (see the
comment at the top of each target for what its bits choose).

  html     parser corners: insertion modes, adoption agency, foster
           parenting, foreign content, templates, references, encodings
  extract  small article pages (bylines, dates, JSON-LD, figures, tables,
           lists, code, comments, boilerplate) under the three option sets
  text     flattened text: titles, bylines, datelines, menus, repeats,
           several languages and encodings
  meta     JSON-LD, date, byline and whole-page inputs (selector % 4)
  warc     plain WARC archives (record types, HTTP heads, chunked and
           compressed bodies, lying lengths, damage) under each wrapping
           mode; a few are compressed already
  http     HTTP responses: heads, parameters, chunked and encoded bodies

Files are named <seed>.<ext> and only ever overwritten; units that
`make fuzz-merge` keeps have hash names and are left alone.

Run: python3 fuzz/gen_corpus.py [TARGET...]   (then review and commit)
"""
import gzip
import os
import shutil
import subprocess
import sys
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

# ---- html: parser corners; low 3 bits of the selector: caller charset, bit 3: tight limits

HTML_SEEDS = {
    "doctype": b"<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>",
    "doctype_quirks": b'<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"><p>q',
    "doctype_bogus": b"<!DOCTYPE><!doctype html SYSTEM 'about:legacy-compat'><!DOCTYPEx",
    "adoption": b"<p><b><i>1</b>2</i>3<a href=x>4<div>5</a>6</div></p>",
    "adoption_deep": b"<b><b><b><b><b><b><b><b><b>x</i></b>" + b"<a><div><a>" * 5 + b"</a>",
    "formatting_reopen": b"<p><em><strong>a<p>b</em>c</strong>d",
    "table_foster": b"<table><tr><td>a</td>text<b>bold</b><tr><th>h</table>after",
    "table_nested": b"<table><caption>c<table><col><colgroup><tbody><tr><td><table><td>x</table></table>",
    "table_select": b"<table><tr><td><select><option>a<optgroup><option>b</select></td></tr></table>",
    "select": b"<select><option>1<option>2<select><input><keygen><textarea>t</textarea>",
    "lists": b"<ul><li>a<li>b<ol><li>c</ul><dl><dt>t<dd>d<dt>u</dl>",
    "headings": b"<h1>a<h2>b</h1>c</h2><h3><h4>x",
    "forms": b"<form><form><input type=hidden><button><button></form><isindex prompt=x>",
    "template": b"<template><tr><td>x</td></tr><template><col></template></template><table><template>y</template>",
    "frameset": b"<html><frameset><frame src=a><noframes>x</noframes></frameset>",
    "svg": b"<svg viewBox='0 0 1 1'><foreignObject><p>html</p></foreignObject><path d=M0/><title>t</title></svg>",
    "math": b"<math><mi>x</mi><annotation-xml encoding='text/html'><div>d</div></annotation-xml><mglyph/></math>",
    "cdata": b"<svg><![CDATA[<not a tag> ]]]]><![CDATA[>]]></svg><![CDATA[x]]>",
    "foreign_breakout": b"<svg><b>x</b><font color=red>y</font><g><p>z",
    "entities": b"&amp; &lt &notin; &notit; &#x1F600; &#0; &#xD800; &#128; &#x110000; &AElig &ampx; &;",
    "entities_attr": b"<a href='?a=1&copy=2&amp;b=&#39;'>&lt;&gt;</a>",
    "comments": b"<!-- a --><!--> <!---> <!-- -- --!> <!-- x --!><!--",
    "bogus_comment": b"<? php ?></ x><!x><!",
    "script": b"<script>if (a<b) document.write('</scr'+'ipt>')<!--<script></script>--></script>",
    "script_escape": b"<script><!--<script>x</script>y--></script>",
    "rawtext": b"<style>p{}</style><xmp><b></xmp><iframe><p></iframe><noembed><i></noembed>",
    "rcdata": b"<title>&amp;<b></title><textarea>\n\nline&lt;</textarea>",
    "plaintext": b"<plaintext></plaintext><p>all text",
    "noscript": b"<head><noscript><link rel=x><meta charset=utf-8><p>x</noscript></head>",
    "attrs": b"<div a=1 A=2 b='x' c=\"y\" d=z/ e f= g = h><img src=x alt>",
    "attrs_weird": b"<p =x \"a'=b <c=d/ /=/>",
    "nul": b"<p>a\x00b<\x00x>&#0;</p><script>\x00</script>",
    "cr": b"<pre>\r\nx\ry\r\n</pre><textarea>\r\r</textarea>",
    "eof_tag": b"<div class=\"unterminated",
    "eof_comment": b"<p>text<!-- never closed",
    "body_attrs": b"<body a=1><body b=2><html c=3>",
    "after_body": b"</body>x</html>y<!--z--></html>",
    "head_misc": b"<head><base href=/><link><meta name=a><style></style><script></script></head>",
    "misnested": b"<a><p></a></p><nobr>a<nobr>b</nobr><marquee>m</p></marquee>",
    "image": b"<image src=x><isindex><menuitem><listing>\nx</listing>",
    "ruby": b"<ruby>a<rb>b<rt>c<rp>d<rtc>e</ruby>",
    "deep": b"<div>" * 300,
    "many_attrs": b"<p " + b" ".join(b"a%d=%d" % (i, i) for i in range(60)) + b">",
    "long_text": b"<p>" + b"lorem ipsum " * 400,
    "unclosed": b"<span>" * 100 + b"<table>" * 20 + b"<b><i><u>" * 30,
    "meta_charset": b"<meta charset=\"windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2",
    "meta_http_equiv": b"<meta http-equiv=Content-Type content='text/html; charset=euc-jp'><p>\xa4\xa2",
    "meta_late": b"<!--" + b"x" * 1100 + b"--><meta charset=koi8-r><p>\xf0\xf2",
    "bom_utf8": b"\xef\xbb\xbf<p>\xc3\xa9",
    "bom_utf16le": b"\xff\xfe<\x00p\x00>\x00\xe9\x00",
    "bom_utf16be": b"\xfe\xff\x00<\x00p\x00>\x00\xe9",
    "utf16_nobom": "<html><body><p>no mark</p></body></html>".encode("utf-16-le"),
    "invalid_utf8": b"<p>\xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82 \xff\xfe \xf0\x9f\x98",
    "sjis": b"<p>\x93\xfa\x96\x7b\x8c\xea\x82\xcc\x95\xb6\x8f\xcd</p>",
    "xml_decl": b"<?xml version='1.0' encoding='iso-8859-2'?><html><p>\xb1",
}

# selector byte per seed: 0 = defaults; some get a caller charset or tight limits
HTML_SELECT = {"sjis": 4, "table_foster": 8, "deep": 8, "many_attrs": 8, "unclosed": 8,
          "utf16_nobom": 6, "bom_utf8": 5, "invalid_utf8": 1, "entities": 5}



# ---- extract: whole pages; selector % 3 picks the option set, bit 7 repeats

def page(head, body, lang="en"):
    return (b'<!DOCTYPE html><html lang="' + lang.encode() + b'"><head><meta charset="utf-8">' + head +
            b"</head><body>" + body + b"</body></html>")


NAV = (b'<header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>'
       b'<li><a href="/sport">Sport</a></li></ul></nav></header>')
FOOT = (b'<footer class="site-footer"><p>&copy; 2024 Example Media</p><a href="/privacy">Privacy</a>'
        b'<div class="cookie-banner">We use cookies. <button>Accept</button></div></footer>')
PARA = (b"<p>The council voted on Tuesday to extend the programme for another three years, "
        b"after a debate that lasted well into the evening and drew a large crowd.</p>")
JSONLD = (b'<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
          b'"headline":"Council extends programme","datePublished":"2024-03-05T09:30:00+01:00",'
          b'"dateModified":"2024-03-06","author":[{"@type":"Person","name":"Jane Doe"}],'
          b'"publisher":{"@type":"Organization","name":"Example Media"},'
          b'"image":{"@type":"ImageObject","url":"/img/lead.jpg"}}</script>')

EXTRACT_SEEDS = [
    ("news", 0, page(b"<title>Council extends programme | Example Media</title>" + JSONLD,
                     NAV + b'<main><article><h1>Council extends programme</h1><p class="byline">By Jane Doe</p>'
                     b'<time datetime="2024-03-05T09:30">5 March 2024</time>' + PARA * 4 +
                     b"<h2>Reaction</h2>" + PARA * 2 + b"</article></main>" + FOOT)),
    ("news_spent_budget", 0x40, page(b"<title>t</title>" + JSONLD, NAV + b"<article>" + PARA * 6 + b"</article>" + FOOT)),
    ("news_recall", 1, page(b"<title>Council extends programme</title>" + JSONLD,
                            NAV + b'<article><h1>Council</h1><figure><img src="/img/a.jpg" srcset="/img/a-2x.jpg 2x" '
                            b'alt="The council"><figcaption>The council chamber. Photo: J. Smith</figcaption></figure>' +
                            PARA * 3 + b'<p>See <a href="../other.html">the earlier report</a> and '
                            b'<a href="https://elsewhere.example/x">this</a>.</p></article>'
                            b'<section id="comments"><div class="comment"><p>Great news for the town.</p></div>'
                            b'<div class="comment"><p>I disagree with this decision entirely.</p></div></section>' + FOOT)),
    ("news_precision", 2, page(b"<title>t</title>", NAV + b"<article>" + PARA * 5 + b"</article>" + FOOT)),
    ("latin1_recall", 1 | 4, b'<html><head><title>Caf\xe9</title></head><body><article><p>' +
     b"Le caf\xe9 est ouvert tous les jours de la semaine, m\xeame le dimanche, depuis des ann\xe9es. " * 3 +
     b"</p></article></body></html>"),
    ("sjis_recall", 1 | 8, b"<html><body><article><p>" + "日本語の記事です。これはテストの文章です。".encode("shift_jis") * 8 +
     b"</p></article></body></html>"),
    ("lists_tables", 0, page(b"<title>Guide</title>",
                             b"<article><h1>Guide</h1>" + PARA + b"<ol><li>First step</li><li>Second step</li></ol>"
                             b"<ul><li>one<ul><li>nested</li></ul></li></ul><table><thead><tr><th>Year</th><th>Value</th>"
                             b"</tr></thead><tbody><tr><td>2023</td><td colspan=2>12</td></tr><tr><td rowspan=3>2024</td>"
                             b"<td>15</td></tr></tbody></table>" + PARA + b"</article>")),
    ("lists_tables_recall", 1, page(b"<title>Guide</title>",
                                    b"<article>" + PARA + b"<dl><dt>Term</dt><dd>Definition</dd></dl><table><tr><td>a</td>"
                                    b"<td><table><tr><td>inner</td></tr></table></td></tr></table>" + PARA + b"</article>")),
    ("code_quote", 0, page(b"<title>How to</title>",
                           b"<article><h1>How to</h1>" + PARA + b"<pre><code>int main(void)\n{\n    return 0;\n}\n"
                           b"</code></pre><blockquote><p>A quotation that is long enough to matter here.</p>"
                           b"<cite>Someone</cite></blockquote><p>Inline <code>x &lt; y</code> and <em>stress</em>, "
                           b"<strong>bold</strong>, <br>break.</p></article>")),
    ("code_quote_precision", 2, page(b"", b"<article><pre>\tx\n\ty</pre><blockquote>q</blockquote>" + PARA + b"</article>")),
    ("forum", 0 | 0x80, page(b"<title>Thread: engine noise</title>",
                             b'<div class="thread"><div class="post"><div class="author">user1</div><div class="date">'
                             b'Posted 2 days ago</div><div class="post-body"><p>My engine makes a noise when cold.</p>'
                             b'</div></div><div class="post"><div class="author">user2</div><div class="post-body">'
                             b"<p>Check the belt first, it is usually the cause of that kind of noise.</p></div></div></div>")),
    ("listing", 1, page(b"<title>News</title>",
                        b"<main>" + b'<div class="teaser"><h3><a href="/a/1">Headline one</a></h3><p>Short teaser.</p></div>' * 8 +
                        b"</main>")),
    ("no_content", 0, page(b"<title>Sign in</title>", b'<form><input name="user"><input type="password"><button>Go</button></form>')),
    ("meta_only", 1, b'<html><head><meta property="og:title" content="OG title"><meta name="author" content="A. Writer">'
     b'<meta property="article:published_time" content="2024-01-02T03:04:05Z"><meta name="description" content="d">'
     b'<link rel="canonical" href="/canonical/path"><base href="https://cdn.example.net/base/"></head>'
     b"<body><p>" + b"word " * 60 + b"</p></body></html>"),
    ("deep", 2, b"<div>" * 40 + PARA + b"</div>" * 40),
    ("many_attrs", 2, b"<article " + b" ".join(b"data-a%d=v" % i for i in range(12)) + b">" + PARA * 2 + b"</article>"),
    ("big_output", 2, page(b"", b"<article>" + PARA * 20 + b"</article>")),
    ("hidden", 0, page(b"<title>t</title><style>.x{display:none}</style>",
                       b'<article><p hidden>hidden text</p><p style="display:none">none</p><p aria-hidden="true">aria</p>' +
                       PARA * 3 + b"<noscript><p>Enable JavaScript</p></noscript><template><p>tpl</p></template></article>")),
    ("ads_share", 1, page(b"<title>t</title>",
                          b'<article>' + PARA + b'<div class="ad">Advertisement</div><div class="share">Share on '
                          b'<a href="#">Facebook</a></div>' + PARA + b'<div class="related"><h3>Related</h3><ul><li>'
                          b'<a href="/r1">Other story</a></li></ul></div><aside>Newsletter</aside></article>')),
    ("embedded", 0, page(b"", b"<article>" + PARA + b'<blockquote class="twitter-tweet"><p>A post</p>&mdash; '
                         b'Someone (@someone)</blockquote><iframe src="https://video.example/e/1"></iframe><video>'
                         b'<source src="v.mp4"></video>' + PARA + b"</article>")),
    ("rtl", 1, page(b"<title>\xd8\xae\xd8\xa8\xd8\xb1</title>",
                    b'<article dir="rtl"><p>' + "هذا نص عربي طويل بما يكفي ليكون مقالة حقيقية في هذا الاختبار. ".encode() * 4 +
                    b"</p></article>", "ar")),
    ("frames_svg_math", 0, page(b"", b"<article>" + PARA + b"<svg><text>chart</text></svg><math><mi>x</mi></math>"
                                b"<p>a&nbsp;b&shy;c&#8203;d</p></article>")),
    ("plain_auto", 0, b"Just a line of text\n\nwith paragraphs that look like text, not markup.\n"),
    ("utf16", 0, "<html><body><article><p>UTF-16 page with enough words to be an article body.</p></article></body></html>".encode("utf-16")),
]

# ---- text: flattened text; bits 0-1 focus, bit 2 direct, bits 3-4 format, bit 5 URL, bit 7 repeat

TEXT_EN = (b"Council extends programme | Example Media\n"
           b"Home\nNews\nSport\nWeather\n"
           b"Council extends programme\n"
           b"By Jane Doe and John Roe\n"
           b"Published 5 March 2024, 09:30\n"
           b"The council voted on Tuesday to extend the programme for another three years, after a long debate.\n\n"
           b"Supporters said the decision would give families certainty; critics said the cost was too high.\n\n"
           b"Photo: J. Smith / Example Media\n"
           b"Share this article\nFacebook\nTwitter\n"
           b"Read more\nOther story one\nOther story two\n"
           b"\xc2\xa9 2024 Example Media. All rights reserved.\n")
TEXT_DE = ("Stadtrat verlängert Programm\nVon Erika Mustermann\nStand: 05.03.2024 09:30 Uhr\n"
           "Der Stadtrat hat am Dienstag beschlossen, das Programm um drei Jahre zu verlängern. "
           "Die Entscheidung fiel nach einer langen Debatte, die bis in den Abend dauerte.\n"
           "(dpa)\nMehr zum Thema\nImpressum\nDatenschutz\n").encode()
TEXT_FR = ("Le conseil prolonge le programme\nPar Jean Dupont\nPublié le 5 mars 2024 à 09h30\n"
           "Le conseil a voté mardi la prolongation du programme pour trois ans, après un long débat. "
           "Les partisans saluent une décision qui donne de la visibilité aux familles.\nAFP\n").encode()
TEXT_JA = ("市議会がプログラムを延長\n2024年3月5日\n市議会は火曜日、プログラムを3年間延長することを決めた。"
           "長い議論の末の決定で、多くの市民が傍聴した。\n共同通信\n").encode()

TEXT_SEEDS = [
    ("en", 0, TEXT_EN),
    ("en_precision_md", 1 | 8, TEXT_EN),
    ("en_recall_xml_url", 2 | 16 | 32, TEXT_EN),
    ("en_direct_html", 4 | 24, TEXT_EN),
    ("en_repeat", 0x80 | 32, TEXT_EN),
    ("de", 32, TEXT_DE),
    ("fr", 8, TEXT_FR),
    ("ja", 16, TEXT_JA),
    ("crlf", 0, TEXT_EN.replace(b"\n", b"\r\n")),
    ("cr_only", 4, TEXT_EN.replace(b"\n", b"\r")),
    ("latin1", 0, "Café au lait et crème brûlée pour tout le monde, tous les matins de la semaine.\n".encode("latin-1") * 3),
    ("utf16_bom", 0, TEXT_EN.decode().encode("utf-16")),
    ("utf16_nobom_direct", 4, TEXT_EN.decode().encode("utf-16-le")),
    ("nul_direct", 4, b"Title\x00line\n\x01\x02 body text with a NUL \x00 inside and more words after it.\n"),
    ("bullets", 0, b"Shopping list\n\xe2\x80\xa2 eggs\n\xe2\x80\xa2 milk\n- bread\n* butter\n1. one\n2) two\n"),
    ("repeats", 0, b"Same line again\n" * 30 + b"A different line that is a sentence of some length.\n"),
    ("long_line", 0, b"word " * 2000 + b"\n"),
    ("many_lines", 4, b"x\n" * 3000),
    ("urls_dates", 0, b"https://example.org/2024/03/05/story.html\n2024-03-05T09:30:00Z\nUpdated: March 6, 2024\n"
     b"Contact: news@example.org\n+49 30 1234567\n"),
    ("invalid_utf8", 4, b"Broken \xc0\xaf bytes \xed\xa0\x80 and \xf4\x90\x80\x80 in text \xe2\x82 end\n"),
    ("empty_lines", 0, b"\n\n\n   \n\t\n"),
    ("captions", 0, b"Headline here\nImage: Reuters\nCaption of a photo (Photo: AP)\nBody sentence one is here. "
     b"Body sentence two follows it.\nAdvertisement\n"),
]

# ---- meta: selector % 4: 0 JSON-LD, 1 dates, 2 bylines, 3 whole page

META_SEEDS = [
    ("gen_jsonld_article", 0, b'{"@context":"https://schema.org","@type":["NewsArticle","Article"],"headline":"H",'
     b'"author":[{"@type":"Person","name":"A B"},{"@id":"#p2"}],"datePublished":"2024-03-05T09:30:00+01:00",'
     b'"keywords":"a, b, c","articleSection":["Politik"],"inLanguage":"de-DE","isAccessibleForFree":false}'),
    ("gen_jsonld_graph_ids", 0, b'{"@graph":[{"@id":"#a","@type":"Person","name":"Ann"},{"@type":"WebPage",'
     b'"mainEntity":{"@type":"BlogPosting","author":{"@id":"#a"},"headline":"T\\u00e9\\ud83d\\ude00"}}]}'),
    ("gen_jsonld_escapes", 0, b'[{"@type":"Article","headline":"a\\"b\\\\c\\/d\\n\\t\\u0000","description":"\\ud800"}]'),
    ("gen_jsonld_deep", 0, b'{"a":' * 60 + b"1" + b"}" * 60),
    ("gen_jsonld_numbers", 0, b'{"@type":"Article","wordCount":1e400,"x":-0.0e-5,"y":[1,2,3,true,false,null]}'),
    ("gen_date_forms", 1, b"Tuesday, 5 March 2024 09:30 CET"),
    ("gen_date_iso", 1, b"2024-03-05T09:30:00.123+05:45"),
    ("gen_date_de", 1, b"5. M\xc3\xa4rz 2024, 09:30 Uhr"),
    ("gen_date_url", 1, b"https://x.example/news/2024/03/05/a-b.html"),
    ("gen_date_rfc", 1, b"Tue, 05 Mar 2024 09:30:00 GMT"),
    ("gen_byline_multi", 2, b"By Jane Doe, John Roe and Max Mustermann | Reuters"),
    ("gen_byline_de", 2, b"Von Erika Mustermann (dpa)"),
    ("gen_lang", 2, b"en-GB"),
    ("gen_page", 3, b'{"@type":"NewsArticle","headline":"Page","author":"Writer Name","datePublished":"2024-01-02"}'),
]

# ---- warc: bits 0-2 wrapping, 3 damage, 4 cut, 5-6 limits, 7 via fd

def record(wtype, block, headers=(), version=b"WARC/1.0", clen=None, uri=b"https://example.org/page"):
    h = [version, b"WARC-Type: " + wtype, b"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789abc>",
         b"WARC-Date: 2024-03-05T09:30:00Z"]
    if uri:
        h.append(b"WARC-Target-URI: " + uri)
    h.extend(headers)
    h.append(b"Content-Length: " + (str(len(block)).encode() if clen is None else clen))
    return b"\r\n".join(h) + b"\r\n\r\n" + block + b"\r\n\r\n"


HTML = b"<!DOCTYPE html><html><head><title>T</title></head><body><article><p>Body text of the page.</p></article></body></html>"


def http(body, status=b"200 OK", headers=(b"Content-Type: text/html; charset=utf-8",)):
    return b"HTTP/1.1 " + status + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body


def chunked(body, size=17):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


APP_HTTP = (b"Content-Type: application/http; msgtype=response",)
WARCINFO = record(b"warcinfo", b"software: gen_corpus\r\nformat: WARC File Format 1.0\r\n",
                  (b"Content-Type: application/warc-fields",), uri=None)
REQUEST = record(b"request", b"GET /page HTTP/1.1\r\nHost: example.org\r\n\r\n", (b"Content-Type: application/http; msgtype=request",))
RESPONSE = record(b"response", http(HTML), APP_HTTP)
CHUNKED = record(b"response", http(chunked(HTML), headers=(b"Content-Type: text/html", b"Transfer-Encoding: chunked")), APP_HTTP)
GZIPPED = record(b"response", http(gzip.compress(HTML, mtime=0), headers=(b"Content-Type: text/html", b"Content-Encoding: gzip")), APP_HTTP)
DEFLATED = record(b"response", http(zlib.compress(HTML), headers=(b"Content-Type: text/html", b"Content-Encoding: deflate")), APP_HTTP)
GZ_CHUNKED = record(b"response", http(chunked(gzip.compress(HTML, mtime=0), 13),
                                      headers=(b"Content-Type: text/html", b"Transfer-Encoding: chunked",
                                               b"Content-Encoding: gzip")), APP_HTTP)
NOT_FOUND = record(b"response", http(b"<html>missing</html>", b"404 Not Found"), APP_HTTP)
REDIRECT = record(b"response", http(b"", b"301 Moved Permanently", (b"Location: /new",)), APP_HTTP)
IMAGE = record(b"response", http(b"\x89PNG\r\n\x1a\n....", headers=(b"Content-Type: image/png",)), APP_HTTP)
MISLABELLED = record(b"response", http(HTML, headers=(b"Content-Type: text/plain",)), APP_HTTP)
RESOURCE = record(b"resource", HTML, (b"Content-Type: text/html",))
CONVERSION = record(b"conversion", b"Title\nBody text of the page as plain text.\n", (b"Content-Type: text/plain",))
REVISIT = record(b"revisit", http(b"", headers=()), APP_HTTP + (b"WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",))
METADATA = record(b"metadata", b"via: https://example.org/\r\n", (b"Content-Type: application/warc-fields",))
SEGMENT = record(b"response", http(HTML), APP_HTTP + (b"WARC-Segment-Number: 1",))
TRUNC_FLAG = record(b"response", http(HTML), APP_HTTP + (b"WARC-Truncated: length",))
IDENT = record(b"response", http(HTML, headers=(b"Content-Type: application/octet-stream",)),
               APP_HTTP + (b"WARC-Identified-Payload-Type: text/html",))
INTERIM = record(b"response", b"HTTP/1.1 100 Continue\r\n\r\n" + http(HTML), APP_HTTP)
V11 = record(b"response", http(HTML), APP_HTTP, version=b"WARC/1.1", uri=b"<https://example.org/angle>")
UNKNOWN_CE = record(b"response", http(HTML, headers=(b"Content-Type: text/html", b"Content-Encoding: compress")), APP_HTTP)
SHORT_LEN = record(b"response", http(HTML), APP_HTTP, clen=b"40")
LONG_LEN = record(b"response", http(HTML), APP_HTTP, clen=b"4000")
NO_LEN = b"WARC/1.0\r\nWARC-Type: response\r\n\r\n" + http(HTML) + b"\r\n\r\n"
BAD_LEN = record(b"response", http(HTML), APP_HTTP, clen=b"12x")
HUGE_LEN = record(b"response", http(HTML), APP_HTTP, clen=b"99999999999999999999")
GARBAGE = b"this is not a record\r\n\r\n"

WARC_SEEDS = [
    ("plain_mixed", 0, WARCINFO + REQUEST + RESPONSE + METADATA + CONVERSION),
    ("gzip_per_record", 1, WARCINFO + RESPONSE + CHUNKED + GZIPPED),
    ("gzip_one_member", 2, RESPONSE + DEFLATED + GZ_CHUNKED),
    ("zstd_per_record", 3, RESPONSE + NOT_FOUND + REDIRECT + IMAGE),
    ("zstd_dict", 4, WARCINFO + RESPONSE + MISLABELLED + RESOURCE),
    ("zstd_skippable", 5, REVISIT + SEGMENT + TRUNC_FLAG + IDENT),
    ("gzip_cut_anywhere", 6, INTERIM + V11 + UNKNOWN_CE + RESPONSE),
    ("zstd_one_frame", 7, RESPONSE + CHUNKED + CONVERSION),
    ("lengths", 0, SHORT_LEN + RESPONSE + LONG_LEN + NO_LEN + BAD_LEN + RESPONSE + HUGE_LEN + RESPONSE),
    ("lengths_gzip", 1, SHORT_LEN + RESPONSE + LONG_LEN + RESPONSE),
    ("garbage", 0, GARBAGE + RESPONSE + GARBAGE + RESPONSE),
    ("not_warc", 0, b"<html>this is a page, not an archive</html>"),
    ("truncated", 0, RESPONSE + RESPONSE[: len(RESPONSE) // 2]),
    ("truncated_gzip", 1 | 16, RESPONSE + GZIPPED + CHUNKED),
    ("damaged_gzip", 1 | 8, RESPONSE + GZIPPED + CHUNKED + RESPONSE),
    ("damaged_zstd", 3 | 8, RESPONSE + GZIPPED + CHUNKED + RESPONSE),
    ("cut_zstd_dict", 4 | 16, RESPONSE + RESPONSE),
    ("tight_limits", 0x20 | 1, RESPONSE + GZIPPED + CHUNKED + RESOURCE),
    ("tiny_limits", 0x40, RESPONSE + GZIPPED + RESOURCE + CONVERSION),
    ("big_header", 0x60, record(b"response", http(HTML), APP_HTTP + (b"X-Long: " + b"h" * 400,)) + RESPONSE),
    ("via_fd", 0x80 | 1, WARCINFO + RESPONSE + GZIPPED),
    ("via_fd_zstd", 0x80 | 3, RESPONSE + CHUNKED),
    ("lf_only", 0, RESPONSE.replace(b"\r\n", b"\n") + RESPONSE),
    ("blank_lines", 0, b"\r\n\r\n\n" + RESPONSE + b"\n\n\n" + RESPONSE),
]

# ---- http: bits 0-2 round-trip coding (0: as declared), 3 chunk, 4 damage, 5 small limit, 6 small head limit

def resp(body, *headers, status=b"200 OK"):
    return b"HTTP/1.1 " + status + b"\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body


HTTP_SEEDS = [
    ("plain", 0, resp(HTML, b"Content-Type: text/html; charset=utf-8")),
    ("chunked", 0, resp(chunked(HTML), b"Content-Type: text/html", b"Transfer-Encoding: chunked")),
    ("chunked_ext_lf", 0, resp(b"5;name=val\nhello\n6\n world\n0\n\n", b"Transfer-Encoding: chunked")),
    ("chunked_bad", 0, resp(b"zz\r\nhello\r\n", b"Transfer-Encoding: chunked")),
    ("chunked_short", 0, resp(b"ff\r\nhello", b"Transfer-Encoding: chunked")),
    ("gzip", 0, resp(gzip.compress(HTML, mtime=0), b"Content-Type: text/html", b"Content-Encoding: gzip")),
    ("gzip_two_members", 0, resp(gzip.compress(HTML[:40], mtime=0) + gzip.compress(HTML[40:], mtime=0),
                                 b"Content-Encoding: x-gzip")),
    ("gzip_chunked", 0, resp(chunked(gzip.compress(HTML, mtime=0), 9), b"Transfer-Encoding: chunked",
                             b"Content-Encoding: gzip")),
    ("gzip_truncated", 0, resp(gzip.compress(HTML * 4, mtime=0)[:60], b"Content-Encoding: gzip")),
    ("gzip_not_really", 0, resp(HTML, b"Content-Encoding: gzip")),
    ("deflate_zlib", 0, resp(zlib.compress(HTML), b"Content-Encoding: deflate")),
    ("deflate_raw", 0, resp(zlib.compress(HTML)[2:-4], b"Content-Encoding: deflate")),
    ("deflate_plain", 0, resp(HTML, b"Content-Encoding: deflate")),
    ("br_plain", 0, resp(HTML, b"Content-Encoding: br")),
    ("zstd_plain", 0, resp(HTML, b"Content-Encoding: zstd")),
    ("coding_list", 0, resp(gzip.compress(HTML, mtime=0), b"Content-Encoding: identity, gzip")),
    ("unsupported", 0, resp(HTML, b"Content-Encoding: compress")),
    ("interim", 0, b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n" +
     resp(HTML, b"Content-Type: text/html")),
    ("folded", 0, b"HTTP/1.0 200 OK\r\nContent-Type: text/html;\r\n charset=latin1\r\nX: y\r\n\r\n" + HTML),
    ("params", 0, resp(HTML, b'Content-Type: TEXT/HTML ; Charset = "ISO-8859-1" ; boundary=x')),
    ("no_blank_line", 0, b"HTTP/1.1 200 OK\r\nContent-Type: text/html"),
    ("bad_status", 0, b"HTTP/1.1 2x0 OK\r\n\r\nbody"),
    ("leading_blank", 0, b"\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"),
    ("sniff_bom", 0, resp(b"\xef\xbb\xbf  <!doctype html><p>x", b"Content-Type: text/plain")),
    ("rt_gzip", 1, resp(HTML * 3, b"Content-Type: text/html")),
    ("rt_zlib_chunked", 2 | 8, resp(HTML * 2)),
    ("rt_raw_deflate", 3, resp(HTML)),
    ("rt_brotli", 4, resp(HTML * 2)),
    ("rt_brotli_chunked", 4 | 8, resp(HTML)),
    ("rt_zstd", 5, resp(HTML * 5)),
    ("rt_two_members", 6 | 8, resp(HTML * 2)),
    ("rt_gzip_as_deflate", 7, resp(HTML)),
    ("rt_damaged", 1 | 16, resp(HTML * 4)),
    ("rt_damaged_zstd", 5 | 16 | 8, resp(HTML * 4)),
    ("rt_over_limit", 5 | 32, resp(HTML * 10)),
    ("rt_over_limit_chunked", 1 | 32 | 8, resp(HTML * 10)),
    ("small_head_limit", 64, resp(HTML, b"X-Long: " + b"v" * 200)),
]


def zstd_compress(data):
    """zstd bytes from the zstd command, or None when it is not installed."""
    if not shutil.which("zstd"):
        return None
    return subprocess.run(["zstd", "-q", "-c", "-3"], input=data, stdout=subprocess.PIPE, check=True).stdout


def extra_seeds():
    """Seeds that need the zstd command: already-compressed archives and bodies."""
    warc, http_ = [], []
    z = zstd_compress(RESPONSE + CHUNKED)
    if z:
        warc.append(("precompressed_zstd", 0, z))
        http_.append(("zstd", 0, resp(zstd_compress(HTML), b"Content-Encoding: zstd")))
    warc.append(("precompressed_gzip", 0, b"".join(gzip.compress(r, mtime=0) for r in (WARCINFO, RESPONSE, GZIPPED))))
    return warc, http_


def write(target, seeds, ext):
    out = os.path.join(ROOT, target)
    os.makedirs(out, exist_ok=True)
    for name, sel, body in seeds:
        with open(os.path.join(out, name + "." + ext), "wb") as f:
            f.write(bytes([sel]) + body)
    print(f"gen_corpus: {target}: {len(seeds)} seeds -> {out}")


def main():
    warc_extra, http_extra = extra_seeds()
    targets = {
        "html": ([(n, HTML_SELECT.get(n, 0), b) for n, b in sorted(HTML_SEEDS.items())], "html"),
        "extract": (EXTRACT_SEEDS, "html"),
        "text": (TEXT_SEEDS, "txt"),
        "meta": (META_SEEDS, "in"),
        "warc": (WARC_SEEDS + warc_extra, "warc"),
        "http": (HTTP_SEEDS + http_extra, "http"),
    }
    want = sys.argv[1:] or list(targets)
    for t in want:
        if t not in targets:
            sys.exit(f"gen_corpus: unknown target {t}")
        write(t, *targets[t])


if __name__ == "__main__":
    main()
