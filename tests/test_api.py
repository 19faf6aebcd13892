"""The public API contract of DESIGN.md, and what issue-level behaviour promises."""

from __future__ import annotations

import json

import pytest

import scamguard
from scamguard import STAGES


def test_exported_members_are_pinned() -> None:
    assert scamguard.__all__ == [
        "ACTIONS",
        "CATEGORIES",
        "KINDS_OF_MESSAGE",
        "ROLES",
        "STAGES",
        "Context",
        "EntitySpan",
        "Problem",
        "Reason",
        "RulesError",
        "ScamguardError",
        "Screener",
        "ScreeningError",
        "Sender",
        "Verdict",
        "default_rules_path",
        "screen",
    ]


def test_line_id_request_pre_escrow_is_caught_with_a_span() -> None:
    text = "LINEのIDを教えてください"
    v = scamguard.screen(text, stage="pre_escrow")
    assert v.action != "allow"
    assert "contact_request" in v.categories
    top = v.reasons[0]
    assert text[top.start : top.end] == top.excerpt
    assert "LINE" in top.excerpt or "教え" in top.excerpt


def test_line_id_request_post_escrow_is_at_most_warn() -> None:
    v = scamguard.screen("LINEのIDを教えてください", stage="post_escrow")
    assert v.action in ("allow", "warn")


@pytest.mark.parametrize("stage", STAGES)
def test_greeting_is_allowed_at_every_stage(stage: str) -> None:
    v = scamguard.screen("本日はよろしくお願いいたします。", stage=stage)
    assert v.action == "allow"
    assert v.reasons == ()
    assert v.score == 0.0
    assert v.notice == ""


def test_default_stage_is_the_strictest() -> None:
    assert scamguard.screen("LINEのIDを教えてください").action != "allow"


@pytest.mark.parametrize("bad", [b"LINE", None, 42, ["LINE"]])
def test_non_str_text_raises_type_error_saying_what_to_pass(bad: object) -> None:
    with pytest.raises(TypeError, match="str"):
        scamguard.screen(bad)  # type: ignore[arg-type]


def test_unknown_stage_names_the_three_stages() -> None:
    with pytest.raises(ValueError) as e:
        scamguard.screen("x", stage="escrow")
    for s in STAGES:
        assert s in str(e.value)


def test_unknown_role_is_rejected() -> None:
    with pytest.raises(ValueError, match="client"):
        scamguard.screen("x", role="admin")


def test_verdict_is_json_ready_and_strongest_first() -> None:
    text = "コピペのみで月30万！詳細はLINEで。090-1234-5678までご連絡ください"
    v = scamguard.screen(text, stage="pre_contract")
    assert v.action == "block"
    data = json.loads(json.dumps(v.to_dict(), ensure_ascii=False))
    assert data["action"] == "block"
    scores = [r.score for r in v.reasons]
    assert scores == sorted(scores, reverse=True)
    assert {"mlm", "contact_share"} <= v.categories


def test_redaction_masks_contact_details_only() -> None:
    text = "報酬は3,000円です。090-1234-5678までどうぞ"
    v = scamguard.screen(text, stage="pre_escrow")
    assert v.redacted == "報酬は3,000円です。＊＊＊までどうぞ"


def test_screener_from_path_and_role(default_rules: object) -> None:
    s = scamguard.Screener.from_path(scamguard.default_rules_path())
    v = s.screen("LINEのIDを教えてください", stage="pre_escrow", role="client")
    assert "contact_request" in v.categories


def test_on_error_must_be_known() -> None:
    with pytest.raises(ValueError, match="on_error"):
        scamguard.Screener.from_path(scamguard.default_rules_path(), on_error="ignore")
