"""Properties that hold for every input string."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scamguard
from scamguard.normalize import normalize
from scamguard.tokenize import tokenize

# Text that mixes the characters scammers use with arbitrary Unicode.
_tricky = st.sampled_from(list("LINEline0９〇ぜろ@＠.ドット-ー‐ 　\n\u200b\u200d\ufe0f\u20e3①⓪ｶﾞІе")) | st.characters()
texts = st.text(_tricky, max_size=80) | st.text(max_size=40)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(texts, st.sampled_from(scamguard.STAGES))
def test_screen_returns_a_verdict_whose_spans_slice_the_original(text: str, stage: str) -> None:
    v = scamguard.screen(text, stage=stage)
    assert v.action in scamguard.ACTIONS
    for r in v.reasons:
        assert 0 <= r.start <= r.end <= len(text)
        assert text[r.start:r.end] == r.excerpt
    for e in v.entities:
        assert 0 <= e.start <= e.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalization_is_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@settings(max_examples=300, deadline=None)
@given(texts)
def test_offset_map_covers_the_original(text: str) -> None:
    n = normalize(text)
    assert len(n.starts) == len(n.text) == len(n.ends)
    for i in range(len(n.text)):
        assert 0 <= n.starts[i] < n.ends[i] <= len(text)
    assert list(n.starts) == sorted(n.starts)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_tokens_rebuild_the_normalized_text(text: str) -> None:
    norm = normalize(text).text
    tokens = tokenize(norm)
    rebuilt = "".join(norm[t.start:t.end] for t in tokens)
    assert rebuilt == "".join(norm.split())
    for t in tokens:
        assert norm[t.start:t.end] == t.surface


@settings(max_examples=200, deadline=None)
@given(texts)
def test_redaction_changes_nothing_outside_contact_spans(text: str) -> None:
    v = scamguard.screen(text, stage="pre_escrow")
    spans = sorted((e.start, e.end) for e in v.entities if e.contact and e.end > e.start)
    if not spans:
        assert v.redacted == text
        return
    # everything before the first span and after the last one is unchanged
    assert v.redacted.startswith(text[: spans[0][0]])
    assert v.redacted.endswith(text[max(b for _, b in spans):])


def test_hostile_inputs_return_verdicts() -> None:
    for text in ["", " ", "\x00" * 10, "\ud800\udfff\ud800", "あ" * 200_000, "😀\u200d😀" * 1000,
                 "a\u0301" * 500, "ｶﾞ" * 1000, "\n".join("0901234567")]:
        v = scamguard.screen(text, stage="pre_contract")
        assert v.action in scamguard.ACTIONS
        for r in v.reasons:
            assert text[r.start:r.end] == r.excerpt


def test_long_texts_are_tokenized_in_pieces_that_still_rebuild_the_text() -> None:
    from scamguard.tokenize._fugashi import MAX_CHUNK

    text = "仮払い前にLINEのIDを教えてください。" * (3 * MAX_CHUNK // 20) + "a" * (2 * MAX_CHUNK)
    tokens = tokenize(text)
    assert all(text[t.start:t.end] == t.surface for t in tokens)
    assert "".join(t.surface for t in tokens) == "".join(text.split())
    assert sum(t.lemma == "教える" for t in tokens) == 3 * MAX_CHUNK // 20
