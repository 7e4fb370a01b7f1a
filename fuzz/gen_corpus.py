#!/usr/bin/env python3
"""Writes the seed corpus fuzz/corpus/html/: small hand-made inputs that
reach the parser's corners (insertion modes, adoption agency, foster
parenting, foreign content, templates, character references, raw text,
encodings, limits). The first byte of each file is the fuzz target's
selector (low 3 bits: caller charset, bit 3: tight limits).

Run: python3 fuzz/gen_corpus.py   (then review and commit the files)
"""
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "html")

SEEDS = {
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
SELECT = {"sjis": 4, "table_foster": 8, "deep": 8, "many_attrs": 8, "unclosed": 8,
          "utf16_nobom": 6, "bom_utf8": 5, "invalid_utf8": 1, "entities": 5}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, body in sorted(SEEDS.items()):
        with open(os.path.join(OUT, name + ".html"), "wb") as f:
            f.write(bytes([SELECT.get(name, 0)]) + body)
    print(f"gen_corpus: {len(SEEDS)} seeds -> {OUT}")


if __name__ == "__main__":
    main()
