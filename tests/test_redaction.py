"""Redaction masks exactly the contact details and nothing else, and entity spans fall on
whole characters of the original text.

test_properties.py already checks that spans stay inside the text and that the text before
the first and after the last contact is kept; these tests check everything in between.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scamguard

MASK = "＊＊＊"
_MARKS = frozenset("\N{VARIATION SELECTOR-16}\N{COMBINING ENCLOSING KEYCAP}\N{ZERO WIDTH JOINER}\N{ZERO WIDTH SPACE}")

_tricky = st.sampled_from(
    [*"LINEline0９〇ぜろ@＠.ドット-ー‐ 　\n①⓪❶ｶﾞІе:/", *_MARKS, "(at)", "lin.ee/", "090", "ライン", "ID"]
) | st.characters()
texts = st.lists(_tricky, max_size=40).map("".join)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(texts)
def test_redaction_keeps_every_character_outside_contact_spans(text: str) -> None:
    v = scamguard.screen(text, stage="pre_escrow")
    spans = _merged([(e.start, e.end) for e in v.entities if e.contact])
    expected = []
    last = 0
    for a, b in spans:
        expected.append(text[last:a])
        expected.append(MASK)
        last = b
    expected.append(text[last:])
    assert v.redacted == "".join(expected)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(texts)
def test_entity_spans_are_whole_characters_of_the_original(text: str) -> None:
    for e in scamguard.screen(text, stage="pre_escrow").entities:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start] not in _MARKS, "a span begins with a mark that belongs to the character before it"
        assert e.end == len(text) or text[e.end] not in _MARKS, "a span leaves a mark of its last character outside"


_FILLERS = ("はじめまして、山田です。", "ご検討よろしくお願いします。", "報酬は30,000円、納期は2025/09/01です。",
            "オンラインで打ち合わせ可能です。", "3000文字の記事を5本", "\n", "")
_CONTACTS = ("090-1234-5678", "ぜろきゅうぜろ いちにさんよん ごろくななはち", "〇九〇の一二三四の五六七八",
             "0\n9\n0\n1\n2\n3\n4\n5\n6\n7\n8", "taro.yamada@example.com", "taro(at)gmail(dot)com",
             "ｔａｒｏ＠ｇｍａｉｌ．ｃｏｍ",
             "https://lin.ee/AbCd", "hxxps://bit[.]ly/3ab", "example ドット com/lp", "@taro_insta", "live:taro_1234",
             "03-1234-5678", "+81 90 1234 5678")
_PARTS = st.lists(st.tuples(st.sampled_from(_FILLERS), st.sampled_from(_CONTACTS)), min_size=1, max_size=3)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_PARTS, st.sampled_from(_FILLERS))
def test_each_contact_in_a_message_is_masked_and_nothing_else(parts: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f + " " + c + " " for f, c in parts) + tail
    expected = "".join(f + " " + MASK + " " for f, _ in parts) + tail
    assert scamguard.screen(text, stage="pre_escrow").redacted == expected
