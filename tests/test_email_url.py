"""Email addresses and URLs: plain, written around filters, and what merely looks like one.

Spans are in ORIGINAL coordinates, through ``scamguard.screen(...).entities``. The hypothesis
tests write addresses and links with randomly chosen spellings of "@", ".", the scheme and
the letters (full-width, homoglyphs), so they test the families rather than the strings.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scamguard
from scamguard.entities import EntityConfig, detect_all
from scamguard.normalize import normalize


def _found(text: str, label: str) -> list[tuple[int, int, str]]:
    """(start, end, value) in the original text of every entity with ``label``."""
    return [(e.start, e.end, e.value) for e in scamguard.screen(text).entities if e.label == label]


EMAILS = [
    ("ご連絡はtaro.yamada@example.comまで", "email", 4, 27, "taro.yamada@example.com"),
    ("ＴＡＲＯ＠ＥＸＡＭＰＬＥ．ＣＯ．ＪＰへ", "email", 0, 18, "taro@example.co.jp"),
    ("taro(at)example.com", "email", 0, 19, "taro@example.com"),
    ("taro[at]example[dot]com", "email", 0, 23, "taro@example.com"),
    ("taro（アット）example（ドット）jp", "email", 0, 23, "taro@example.jp"),
    ("メールはtaro アットマーク example ドット com です", "email", 4, 31, "taro@example.com"),
    ("taroあっとgmail.com", "email", 0, 16, "taro@gmail.com"),
    ("ｔａｒｏ＠ｇｍａｉｌ点ｃｏｍ", "email", 0, 14, "taro@gmail.com"),
    ("taro@gmail。com", "email", 0, 14, "taro@gmail.com"),
    ("taro_1234 at gmail dot com", "email", 0, 26, "taro_1234@gmail.com"),
    ("taro ＠ gmail . com", "email", 0, 18, "taro@gmail.com"),
    ("yamada-taro (at) yahoo.co.jp です", "email", 0, 28, "yamada-taro@yahoo.co.jp"),
    ("taro.yamada@docomo.ne.jp", "email", 0, 24, "taro.yamada@docomo.ne.jp"),
    ("taro1234アットマークジーメール", "email", 0, 19, "taro1234@gmail.com"),
    ("taro1234(at)gmail でお願いします", "email", 0, 17, "taro1234@gmail.com"),
    ("taro★gmail.com", "email", 0, 14, "taro@gmail.com"),
    ("taro※example.jp（※を@に変えてください）", "email", 0, 15, "taro@example.jp"),
    ("taro▲example.jp ▲をアットマークに置き換えて送ってください", "email", 0, 15, "taro@example.jp"),
    ("t\N{ZERO WIDTH SPACE}aro@gma\N{ZERO WIDTH SPACE}il.com", "email", 0, 16, "taro@gmail.com"),
    ("tаrо@gmаil.com", "email", 0, 14, "taro@gmail.com"),
]

EMAIL_NEAR_MISSES = [
    "@gmail.com です",  # half an address: joining it to the name sent earlier is the conversation's work
    "単価@100円でお願いします",
    "アットホームな職場です",
    "look at example.com",
    "@home で作業",
    "メールアドレスを教えてください",
    "お問い合わせフォームからご連絡ください",
    "1個@500円×3個",
    "taro#example.com",
    "記事@3本/週",
    "at least 3 articles",
    "ドットコムバブルについての記事",
    "example.com",
    "A点とB点を結ぶ",
    "taro@",
]

URLS = [
    ("詳しくは https://example.com/lp?a=1 をご覧ください", "url", 5, 31, "https://example.com/lp?a=1"),
    ("こちら→example.com/x から", "url", 4, 17, "example.com/x"),
    ("友だち追加 https://lin.ee/AbCdEf", "url", 6, 27, "https://lin.ee/abcdef"),
    ("line.me/ti/p/~taro", "url", 0, 18, "line.me/ti/p/~taro"),
    ("bit.ly/3abcd を開いて", "url", 0, 12, "bit.ly/3abcd"),
    ("forms.gle/abc123 に入力", "url", 0, 16, "forms.gle/abc123"),
    ("discord.gg/xyz で参加", "url", 0, 14, "discord.gg/xyz"),
    ("https://www.chatwork.com/yamada", "url", 0, 31, "https://www.chatwork.com/yamada"),
    ("h t t p s : / / example.com/lp", "url", 0, 30, "https://example.com/lp"),
    ("hxxps://example[.]com/lp", "url", 0, 24, "https://example.com/lp"),
    ("ttps://example.com", "url", 0, 18, "https://example.com"),
    ("example ドット com", "url", 0, 15, "example.com"),
    ("lin点ee/abc", "url", 0, 10, "lin.ee/abc"),
    ("line。me/ti/p/abc", "url", 0, 16, "line.me/ti/p/abc"),
    ("example(dot)com/abc", "url", 0, 19, "example.com/abc"),
    ("ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ", "url", 0, 19, "https://example.com"),
    ("（https://example.com/a）", "url", 1, 22, "https://example.com/a"),
    ("t.me/taro_tg", "url", 0, 12, "t.me/taro_tg"),
    ("wa.me/819012345678", "url", 0, 18, "wa.me/819012345678"),
    ("https://us02web.zoom.us/j/123456789?pwd=abc", "url", 0, 43, "https://us02web.zoom.us/j/123456789?pwd=abc"),
    ("meet.google.com/abc-defg-hij", "url", 0, 28, "meet.google.com/abc-defg-hij"),
    ("www.example.co.jp", "url", 0, 17, "www.example.co.jp"),
    ("https://example.shop", "url", 0, 20, "https://example.shop"),
    ("amzn.to/3xyz", "url", 0, 12, "amzn.to/3xyz"),
]

URL_NEAR_MISSES = [
    "後半は (at) yahoo (dot) co (dot) jp です",  # the domain of an address
    "socket.ioとNode.jsで開発します",
    "ASP.NETの経験があります",
    "3点セットでお願いします",
    "ver.2 に更新",
    "No.1の実績",
    "e.g. how.to",
    "終了. Today is fine",
    "example.shop",
    "Vue.jsの案件",
    "index.htmlを修正",
    "1.5倍の単価",
    "taro@gmail.com",
    "A点とB点",
    "ファイル名はreport.docxです",
    "config.yml を編集",
]


@pytest.mark.parametrize(("text", "label", "start", "end", "value"), EMAILS + URLS)
def test_address_or_link_is_found_with_its_span_and_value(text: str, label: str, start: int, end: int, value: str) -> None:
    assert (start, end, value) in _found(text, label), text[start:end]


@pytest.mark.parametrize("text", EMAIL_NEAR_MISSES)
def test_what_is_not_an_address_is_left_alone(text: str) -> None:
    assert _found(text, "email") == []


@pytest.mark.parametrize("text", URL_NEAR_MISSES)
def test_what_is_not_a_link_is_left_alone(text: str) -> None:
    assert _found(text, "url") == []


def test_allow_listed_hosts_are_marked_and_not_contact_details() -> None:
    v = scamguard.screen("参考: https://ja.wikipedia.org/wiki/SEO と https://crowdworks.jp/public/jobs/1 と bit.ly/3ab")
    urls = [e for e in v.entities if e.label == "url"]
    assert [(e.value, e.contact) for e in urls] == [
        ("https://ja.wikipedia.org/wiki/seo", False),
        ("https://crowdworks.jp/public/jobs/1", False),
        ("bit.ly/3ab", True),
    ]
    assert "wikipedia" in v.redacted and "bit.ly" not in v.redacted


def test_links_carry_the_channel_they_lead_to() -> None:
    text = "lin.ee/abc discord.gg/x t.me/taro wa.me/8190 forms.gle/q https://zoom.us/j/1 bit.ly/z"
    channels = [e.channel for e in scamguard.screen(text).entities if e.label == "url"]
    assert channels == ["line", "discord", "telegram", "whatsapp", "form", "zoom", None]


def test_an_obfuscated_address_is_one_entity_not_a_link_as_well() -> None:
    v = scamguard.screen("taro(at)gmail.com まで")
    assert [e.label for e in v.entities if e.contact] == ["email"]


# --- families --------------------------------------------------------------------------

_HOMOGLYPHS = {"a": "\N{CYRILLIC SMALL LETTER A}", "e": "\N{CYRILLIC SMALL LETTER IE}", "o": "\N{CYRILLIC SMALL LETTER O}",
               "c": "\N{CYRILLIC SMALL LETTER ES}", "p": "\N{CYRILLIC SMALL LETTER ER}"}


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _disguise(text: str, how: str) -> str:
    if how == "fullwidth":
        return _fullwidth(text)
    if how == "upper":
        return text.upper()
    if how == "homoglyph":
        return "".join(_HOMOGLYPHS.get(c, c) for c in text)
    return text


_AT = ("@", "＠", "(at)", "[at]", "（アット）", "アットマーク", " アットマーク ", "あっと", "(@)", " @ ")
_DOT = (".", "．", "ドット", " ドット ", "どっと", "点", "(dot)", "[.]", "。")
_DOMAINS = ("gmail.com", "yahoo.co.jp", "example.com", "docomo.ne.jp", "icloud.com", "company.co.jp")
_BEFORE = ("", "メールは", "連絡先：", "こちらまで→", "お手数ですが ")
_AFTER = ("", "まで", "までご連絡ください", " です。", "（24時間受付）")


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(r"[a-z][a-z0-9_]{2,9}(\.[a-z0-9]{2,5})?", fullmatch=True),
    st.sampled_from(_DOMAINS),
    st.sampled_from(_AT),
    st.sampled_from(_DOT),
    st.sampled_from(("plain", "fullwidth", "upper", "homoglyph")),
    st.sampled_from(_BEFORE),
    st.sampled_from(_AFTER),
)
def test_every_writing_of_an_address_is_found_exactly(
    local: str, domain: str, at: str, dot: str, how: str, before: str, after: str
) -> None:
    written = _disguise(local.replace(".", dot if dot != "。" else "."), how) + at + _disguise(domain.replace(".", dot), how)
    text = before + written + after
    n = normalize(text)
    emails = [e for e in detect_all(n.text, EntityConfig()) if e.label == "email"]
    assert [(n.to_original(e.start, e.end), e.value) for e in emails] == [
        ((len(before), len(before) + len(written)), f"{local}@{domain}")
    ]


_SCHEMES = (("", ""), ("https://", "https://"), ("http://", "http://"), ("h t t p s : / / ", "https://"),
            ("hxxps://", "https://"), ("hxxp://", "http://"), ("ttps://", "https://"), ("ｈｔｔｐｓ：／／", "https://"))
_HOSTS = ("example.com", "lin.ee", "bit.ly", "line.me", "forms.gle", "discord.gg", "sub.example.co.jp", "fukugyo-lp.net")


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_SCHEMES),
    st.sampled_from(_HOSTS),
    st.from_regex(r"(/[a-z0-9_\-]{1,8}){0,2}", fullmatch=True),
    st.sampled_from(_DOT),
    st.sampled_from(("plain", "fullwidth", "upper")),
    st.sampled_from(("", "こちら→", "詳しくは ", "下記URLから登録してください\n")),
    st.sampled_from(("", " をご覧ください", "から登録", "\nよろしくお願いします")),
)
def test_every_writing_of_a_link_is_found_exactly(
    scheme: tuple[str, str], host: str, path: str, dot: str, how: str, before: str, after: str
) -> None:
    written_scheme, plain_scheme = scheme
    written = written_scheme + _disguise(host.replace(".", dot) + path, how)
    text = before + written + after
    n = normalize(text)
    urls = [e for e in detect_all(n.text, EntityConfig()) if e.label == "url"]
    assert [(n.to_original(e.start, e.end), e.value) for e in urls] == [
        ((len(before), len(before) + len(written)), plain_scheme + host + path)
    ]
