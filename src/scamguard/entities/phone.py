"""Japanese phone numbers, however the digits are written, validated against the numbering
plan with phonenumbers.

A number can begin only where a zero is written (0, 〇, 零, ぜろ, ゼロ, まる…) or at ``+81``,
so an ordinary message costs one regex scan; only the few runs of ten or more digit
symbols from such a place are read (:mod:`scamguard.entities.digits`) and handed to
phonenumbers. A number must begin and end where a group of digits does, which keeps
order numbers, ISBNs and dates from hiding phone numbers inside them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scamguard.entities.base import Entity, EntityConfig
from scamguard.entities.digits import DigitRun, read_run, zero_anchors

__all__ = ["detect"]

# national significant lengths with the trunk 0: 11 (mobile, 050, 0800, 0570…) or 10
_LENGTHS = (11, 10)
# prefixes of numbers that are reported when spelled out, valid or not (see _national)
_SPELLED_PREFIXES = frozenset({"070", "080", "090", "050"})
# a template, not a number: 0120-〇〇〇-〇〇〇, 03-0000-0000
_PLACEHOLDER = "000000"
# Numbers whose digits run on into a phone-like sequence: a date (2025-09-01〜2025-09-30
# holds 01-2025-09-30, a valid-looking 0120 number) and a hyphenated ISBN.
_NOT_PHONE = re.compile(
    r"[12][0-9]{3}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12][0-9]|3[01])(?![0-9])"
    r"|97[89]-[0-9]{1,5}-[0-9]{1,7}-[0-9]{1,7}-[0-9x](?![0-9])"
    r"|〒\s?[0-9]{3}-?[0-9]{4}(?![0-9])"
)
# a counter after the last digits makes them a quantity (100文字, 3000円), not a subscriber
# number; words that also begin ordinary text after a number (日曜, 本日, 名前) are not counters
_COUNTER_AFTER = re.compile(
    r"\s?(?:文字|字数|円|件|個|記事|歳|%|倍|割|ページ|冊|箇所|か所|ヶ月|カ月|万|千|百|kg|km|cm|mm)"
)


def _in_other_number(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` overlaps a date, an ISBN or a postal code, begins as the
    minutes of a time (10:01 0123…) or ends in a quantity (…100文字)."""
    if start >= 2 and text[start - 1] == ":" and text[start - 2].isdigit():
        return True
    if _COUNTER_AFTER.match(text, end):
        return True
    return any(m.start() < end and start < m.end() for m in _NOT_PHONE.finditer(text, max(0, start - 20), end + 20))


@lru_cache(maxsize=2048)
def _valid(national: str, region: str) -> str | None:
    """The E.164 form of ``national`` when it is a valid number in ``region``, else None.

    00 and 010 begin international calls, never a national number: refused without asking
    phonenumbers, which keeps a long run of zeros cheap.
    """
    if region == "JP" and national.startswith(("00", "010")):
        return None
    # imported on the first number to check: most messages hold none, and a one-message
    # command should not pay for loading phonenumbers' metadata
    import phonenumbers

    try:
        number = phonenumbers.parse(national, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _international(run: DigitRun) -> tuple[int, str] | None:
    """The number after ``+81`` at the start of ``run``: the index of the digit after it, and
    its E.164 form. The trunk 0 is put back (``+81 90…`` and ``+81 (0)90…`` mean ``090…``)."""
    digits = run.digits
    if not digits.startswith("81"):
        return None
    skip = 3 if digits[2:3] == "0" else 2
    for length in _LENGTHS:
        end = skip + length - 1
        if end <= len(digits) and run.is_boundary(end):
            value = _valid("0" + digits[skip:end], "JP")
            if value is not None:
                return end, value
    return None


def _national(run: DigitRun, first: int, region: str) -> tuple[int, str] | None:
    """The number that begins with the 0 at digit ``first`` of ``run``: the index of the
    digit after it, and its E.164 form.

    A mobile or IP prefix (070, 080, 090, 050) whose digits are mostly spelled out (ぜろ九ぜろ…)
    counts even when phonenumbers does not know the number: nobody spells a price or a date
    in kana, and a digit dropped or doubled by hand does not make it less of a phone number.
    """
    digits = run.digits
    for length in _LENGTHS:
        end = first + length
        if end <= len(digits) and run.is_boundary(end) and not digits.endswith(_PLACEHOLDER, 0, end):
            value = _valid(digits[first:end], region)
            if value is not None:
                return end, value
    if digits[first : first + 3] in _SPELLED_PREFIXES:
        for length in _LENGTHS:
            end = first + length
            spelled = sum(1 for k in range(first, min(end, len(digits))) if k in run.spelled)
            placeholder = digits.endswith(_PLACEHOLDER, 0, end)
            if end <= len(digits) and run.is_boundary(end) and spelled * 2 > length and not placeholder:
                return end, "+81" + digits[first + 1 : end]
    return None


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find phone numbers that are valid in the Japanese numbering plan.

    >>> [e.value for e in detect("090-1234-5678まで", EntityConfig())]
    ['+819012345678']
    >>> detect("2025-09-01 に 30000円", EntityConfig())
    []
    >>> [(e.start, e.end) for e in detect("TEL ぜろきゅうぜろ いちにさんよん ごろくななはち", EntityConfig())]
    [(4, 27)]
    """
    found: list[Entity] = []
    read_to = -1  # the end of the last run read: zeros before it were looked at with it
    for pos in zero_anchors(text):
        if pos < read_to:
            continue
        run = read_run(text, pos)
        if run is None:
            continue
        read_to = run.ends[-1]
        covered = -1  # digit index up to which a number was found
        if run.plus:
            got = _international(run)
            if got is not None:
                found.append(Entity("phone", pos, run.ends[got[0] - 1], got[1], channel="phone", contact=True))
                covered = got[0]
        for first in sorted(run.groups):
            if first < covered or run.digits[first] != "0":
                continue
            got = _national(run, first, config.region)
            if got is None:
                continue
            end, value = got
            start, stop = run.starts[first], run.ends[end - 1]
            if _in_other_number(text, start, stop):
                continue
            found.append(Entity("phone", start, stop, value, channel="phone", contact=True))
            covered = end
    return found
