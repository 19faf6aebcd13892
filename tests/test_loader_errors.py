"""A broken rules file gets every mistake reported with file, line, column and rule id."""

from __future__ import annotations

from pathlib import Path

import pytest

from scamguard import RulesError, Screener
from scamguard.rules import compile_rules, load_rules, problems_in

GOOD_RULE = """\
  - id: line-request
    category: contact_request
    score: 3
    message: 外部連絡先を求めています
    when:
      words: [LINE]
    examples:
      hit: [LINEで]
      miss: [オンラインで]
"""
HEAD = "version: 1\nthresholds: {warn: 1, hold: 3, block: 5}\nrules:\n"


def problems(text: str) -> list[str]:
    _, found = problems_in(text, "r.yaml")
    return [str(p) for p in found]


def test_a_good_file_compiles() -> None:
    rs = compile_rules(HEAD + GOOD_RULE)
    assert [r.id for r in rs.rules] == ["line-request"]


def test_unknown_condition_suggests_the_right_one() -> None:
    text = HEAD + GOOD_RULE.replace("words: [LINE]", "word: [LINE]")
    assert problems(text) == ["r.yaml:9:7: unknown condition 'word'; did you mean \"words\"? (line-request)"]


def test_invalid_yaml_is_located() -> None:
    found = problems(HEAD + GOOD_RULE.replace("score: 3", "score: [3"))
    assert len(found) == 1 and found[0].startswith("r.yaml:") and "not valid YAML" in found[0]


def test_duplicate_id() -> None:
    found = problems(HEAD + GOOD_RULE + GOOD_RULE)
    assert any("duplicate rule id 'line-request'" in p and p.startswith("r.yaml:13:") for p in found)


def test_unknown_rule_key() -> None:
    found = problems(HEAD + GOOD_RULE.replace("score: 3", "score: 3\n    scroe: 4"))
    assert found == ["r.yaml:7:5: unknown rule key 'scroe'; did you mean \"score\"? (line-request)"]


def test_bad_regex() -> None:
    found = problems(HEAD + GOOD_RULE.replace("words: [LINE]", "regex: '(unclosed'"))
    assert len(found) == 1 and found[0].startswith("r.yaml:9:14: invalid regex") and found[0].endswith("(line-request)")


def test_score_not_a_number() -> None:
    assert problems(HEAD + GOOD_RULE.replace("score: 3", "score: high")) == [
        "r.yaml:6:12: score must be a number, got 'high' (line-request)"
    ]


def test_category_outside_the_eight() -> None:
    found = problems(HEAD + GOOD_RULE.replace("contact_request", "contact_requests"))
    assert found == [
        "r.yaml:5:15: category 'contact_requests' is not one of the eight; did you mean \"contact_request\"? (line-request)"
    ]


def test_unknown_list_reference() -> None:
    found = problems(HEAD + GOOD_RULE.replace("words: [LINE]", "words: $channels"))
    assert len(found) == 1 and "unknown list '$channels'" in found[0]


def test_missing_examples() -> None:
    text = HEAD + GOOD_RULE.split("    examples:")[0]
    assert any("every rule needs examples" in p for p in problems(text))


def test_several_mistakes_all_reported_at_once() -> None:
    text = HEAD + GOOD_RULE.replace("score: 3", "score: x").replace("words: [LINE]", "lemmas: [x]") + GOOD_RULE
    found = problems(text)
    assert len(found) >= 3
    assert [int(p.split(":")[1]) for p in found] == sorted(int(p.split(":")[1]) for p in found)


def test_example_that_misbehaves_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(HEAD + GOOD_RULE.replace("miss: [オンラインで]", "miss: [LINEで話そう]"), encoding="utf-8")
    with pytest.raises(RulesError) as e:
        Screener.from_path(path)
    (p,) = e.value.problems
    assert p.rule_id == "line-request" and p.line == 12 and "miss example fires" in p.message


def test_unreadable_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "missing.yaml")


def test_python_objects_are_never_constructed() -> None:
    found = problems("!!python/object/apply:os.system ['echo hi']\n")
    assert len(found) == 1 and "not valid YAML" in found[0]


def test_alias_bomb_is_refused() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    found = problems(bomb)
    assert len(found) == 1 and "expands" in found[0]


def test_thresholds_must_rise() -> None:
    found = problems(HEAD.replace("{warn: 1, hold: 3, block: 5}", "{warn: 4, hold: 3, block: 5}") + GOOD_RULE)
    assert any("thresholds must rise" in p for p in found)
