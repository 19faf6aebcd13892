"""Reading a message together with the sender's recent messages in the thread.

Scammers know that one message is screened at a time, so they split what would be caught:
a phone number in blocks (「090」「1234」「5678です」), an email's name and domain in two
messages, a channel spelled one letter per message (「L」「I」「N」「E」), an ID announced in
one message (「IDは次のメッセージで送ります」) and given bare in the next.

:func:`history_entities` finds such details and returns them as entities **in the current
message** (normalized coordinates), covering only the part the current message holds: the
reason then points at 「5678」, never into the history. The rules see these entities like any
other; the engine marks a reason that needed one with ``context="history"``.

Only a bounded window of the history is read (:func:`bounded`, settings in ``rules.yaml``),
so a thread of ten thousand messages costs what a thread of five does.

What must not join: numbers that merely sit in ordinary history (prices, dates, word
counts, order numbers). A message is a phone *piece* only when its number stands alone at
the message's end (history) or start (current message), with nothing but a label (「最後は」)
or a filler (「です」「の」) around it: 「単価は1234円」 and 「5678文字でお願いします」 are not
pieces, because a unit follows the number. The joined digits must then form a number that
is valid in the Japanese numbering plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from scamguard.context import Context
from scamguard.entities import Entity, EntityConfig, detect_all
from scamguard.normalize import normalize
from scamguard.rules.doc import Doc, Span
from scamguard.rules.kinds.context_ import matched_context
from scamguard.rules.model import ContextSettings, Rule

__all__ = ["Piece", "attribute", "bounded", "digit_groups", "history_entities", "window"]


# -- the window ---------------------------------------------------------------------------


def window(history: tuple[str, ...], messages: int, chars: int) -> tuple[str, ...]:
    """The newest ``messages`` messages of ``history`` holding at most ``chars`` characters
    in all (oldest first); a message that crosses the limit keeps only its tail.

    Only the window is touched, so the cost does not grow with the thread.

    >>> window(("a", "bb", "ccc", "dddd"), 3, 6)
    ('cc', 'dddd')
    >>> window(("x" * 1000,), 5, 4)
    ('xxxx',)
    >>> window(("a", "b"), 0, 100)
    ()
    """
    if messages <= 0 or chars <= 0 or not history:
        return ()
    out: list[str] = []
    left = chars
    for message in reversed(history[-messages:]):
        if left <= 0:
            break
        if len(message) > left:
            out.append(message[len(message) - left:])
            break
        out.append(message)
        left -= len(message)
    return tuple(reversed(out))


def bounded(context: Context, settings: ContextSettings) -> Context:
    """``context`` with its history cut to the configured window and its job post to the
    configured length: everything after this reads only what the settings allow.

    >>> from scamguard.rules.model import ContextSettings
    >>> c = bounded(Context(history=tuple(str(i) for i in range(10_000)), job_post="x" * 10**6),
    ...             ContextSettings(history_messages=2, history_chars=100, job_post_chars=10))
    >>> c.history, len(c.job_post)
    (('9998', '9999'), 10)
    """
    history = window(context.history, settings.history_messages, settings.history_chars)
    job_post = context.job_post
    if job_post is not None and len(job_post) > settings.job_post_chars:
        job_post = job_post[: settings.job_post_chars]
    if history == context.history and job_post is context.job_post:
        return context
    return Context(kind=context.kind, history=history, job_post=job_post, sender=context.sender)


# -- numbers written with ASCII, kanji or kana digits -------------------------------------

_KANJI = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
# Digit words as read aloud. に and ご are also particles and prefixes: a run of kana digits
# must be mostly unambiguous words to count (「さんにご連絡」 is not 3-2-5).
_KANA = {
    "ぜろ": "0", "れい": "0", "まる": "0", "いち": "1", "にー": "2", "にい": "2", "に": "2", "さん": "3",
    "よん": "4", "ごー": "5", "ご": "5", "ろく": "6", "なな": "7", "しち": "7", "はち": "8", "きゅう": "9",
    "きゅー": "9",
}
_AMBIGUOUS = frozenset({"に", "ご"})
_KANA_WORD = "|".join(sorted(_KANA, key=len, reverse=True))
_RUN = regex.compile(
    rf"(?P<ascii>[0-9](?:[ \n-]*[0-9])*)"
    rf"|(?P<kanji>[〇零一二三四五六七八九](?:[ \n]*[〇零一二三四五六七八九])*)"
    rf"|(?P<kana>(?:{_KANA_WORD})(?:[ \n]*(?:{_KANA_WORD}))*)"
)
_KANA_SPLIT = regex.compile(_KANA_WORD)
_KATAKANA = regex.compile(r"[\u30a1-\u30f6]")
# what may stand between two runs of one number written in words: 「よんよんななろく の はちさん…」
_JOIN_GAP = regex.compile(r"[ \n-]*(?:の[ \n]*)?")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of digits in a message: where it is and the digits it spells."""

    start: int
    end: int
    digits: str


def _hiragana(text: str) -> str:
    """Katakana to hiragana, one character for one (ゼロ → ぜろ), so one table reads both."""
    return _KATAKANA.sub(lambda m: chr(ord(m.group()) - 0x60), text)


def _run_digits(kind: str, text: str) -> str | None:
    """The digits of one run, or None when the run is too weak to be a number."""
    if kind == "ascii":
        return "".join(c for c in text if c.isdigit())
    if kind == "kanji":
        digits = "".join(_KANJI[c] for c in text if c in _KANJI)
        return digits if len(digits) >= 3 else None  # 一 alone is "one", as in 一緒
    words = _KANA_SPLIT.findall(text)
    sure = sum(1 for w in words if w not in _AMBIGUOUS)
    if len(words) < 3 or sure * 3 < len(words) * 2:
        return None
    return "".join(_KANA[w] for w in words)


def digit_groups(text: str) -> list[Piece]:
    """Every number in ``text`` (normalized), written with ASCII, kanji or kana digits.

    Runs of one number written with words and separated by 「の」 are one group.

    >>> [(p.digits, p.start, p.end) for p in digit_groups("090-1234 と 〇八〇 と ぜろ きゅう ぜろ")]
    [('0901234', 0, 8), ('080', 11, 14), ('090', 17, 26)]
    >>> [p.digits for p in digit_groups("よんよんななろく の はちさんにーいち です")]
    ['44768321']
    >>> digit_groups("田中さんにご連絡ください、一緒に")
    []
    """
    folded = _hiragana(text)
    pieces: list[Piece] = []
    for m in _RUN.finditer(folded):
        kind = m.lastgroup or "ascii"
        digits = _run_digits(kind, m.group())
        if digits is None:
            continue
        piece = Piece(m.start(), m.end(), digits)
        if pieces and kind != "ascii":
            last = pieces[-1]
            gap = folded[last.end: piece.start]
            if _JOIN_GAP.fullmatch(gap) and ("の" not in gap or min(len(last.digits), len(digits)) >= 3):
                pieces[-1] = Piece(last.start, piece.end, last.digits + digits)
                continue
        pieces.append(piece)
    return pieces


# -- phone numbers in pieces ----------------------------------------------------------------

# Around a piece only a label before it and a filler after it: anything else (円, 文字, 件目,
# 日, a decimal point, a time's colon) makes the number something other than a phone block.
_LABEL_BEFORE = regex.compile(r"(?:^|[\s、,:→=「『(]|[はがも])$")
_HEAD_OF_CURRENT = regex.compile(r"\s*(?:[^\s0-9。!?]{0,8}?[は:→=]\s*)?")
_TAIL_OF_HISTORY = regex.compile(r"[\s-]*(?:です|でございます|だよ|の|ね|よ|で|に|まで)?[\s。!?.、…]*")
_TAIL_OF_CURRENT = regex.compile(r"(?:$|[\s。、!?(-]|です|でした|まで|に|へ|で|の|よ|ね|を|が|と)")
_NUMERIC_NEIGHBOUR = regex.compile(r"[0-9][.,:/]$")
_MAX_PIECES = 3
_DIGITISH = regex.compile(rf"[0-9〇零一二三四五六七八九]|{_KANA_WORD}|[ゼイニサヨゴロナシハキ]")


def _history_piece(message: str) -> Piece | None:
    """The number that ends ``message`` when it stands alone there (「090」「携帯は090の」)."""
    groups = digit_groups(message)
    if not groups:
        return None
    last = groups[-1]
    if not 2 <= len(last.digits) <= 8:
        return None
    if not _TAIL_OF_HISTORY.fullmatch(message, last.end):
        return None
    head = message[: last.start]
    if not _LABEL_BEFORE.search(head) or _NUMERIC_NEIGHBOUR.search(head):
        return None
    return last


def _current_piece(text: str) -> Piece | None:
    """The number that starts ``text`` when it stands alone there (「5678です」「最後は1357です」)."""
    head = _HEAD_OF_CURRENT.match(text)
    if head is None:
        return None
    groups = digit_groups(text[: head.end() + 40])
    if not groups or groups[0].start != head.end():
        return None
    first = groups[0]
    if not 2 <= len(first.digits) <= 9:
        return None
    after = text[first.end:]
    if not _TAIL_OF_CURRENT.match(after) or regex.match(r"[.,:/][0-9]", after):
        return None
    return first


def _valid_phone(blocks: Iterable[str], config: EntityConfig) -> str | None:
    """The canonical number when the blocks, joined, are one valid phone number."""
    candidate = "-".join(blocks)
    digits = candidate.replace("-", "")
    if not digits.startswith("0") or not 10 <= len(digits) <= 11:
        return None
    for e in detect_all(candidate, config):
        if e.label == "phone" and e.start == 0 and e.end == len(candidate):
            return e.value
    return None


def _split_phone(text: str, history: tuple[str, ...], config: EntityConfig, norm: _Normalizer) -> list[Entity]:
    """A phone number whose last (or first) block is the current message's leading number."""
    if not _DIGITISH.search(text, 0, 24):
        return []
    current = _current_piece(text)
    if current is None:
        return []
    chain: list[str] = []
    for i in range(len(history) - 1, -1, -1):
        piece = _history_piece(norm(i))
        if piece is None or len(chain) == _MAX_PIECES - 1:
            break
        chain.insert(0, piece.digits)
    for k in range(1, len(chain) + 1):
        for blocks in ([*chain[-k:], current.digits], [current.digits, *chain[-k:]]):
            value = _valid_phone(blocks, config)
            if value is not None:
                return [Entity("phone", current.start, current.end, value, channel="phone", contact=True)]
    return []


# -- fragments read as one text ------------------------------------------------------------

_FRAGMENT_CHARS = 24
_HEAD_CHARS = 80
# single letters or digits separated by spaces or line breaks: 「w o r k」「2 2」
_SPACED = regex.compile(r"(?<![a-z0-9])[a-z0-9](?:[ \n]+[a-z0-9](?![a-z0-9]))+")


@dataclass(frozen=True, slots=True)
class _Joined:
    """The trailing short history messages and the head of the current message as one string.

    ``where[i]`` is the offset in the current message of ``text[i]``, or -1 for a character
    from the history.
    """

    text: str
    where: tuple[int, ...]
    boundary: int  # index in ``text`` of the first character from the current message

    def to_current(self, start: int, end: int) -> tuple[int, int] | None:
        """The part of ``text[start:end]`` that lies in the current message, in its offsets."""
        inside = [self.where[i] for i in range(max(start, self.boundary), end) if self.where[i] >= 0]
        if not inside:
            return None
        return inside[0], inside[-1] + 1


def _close_up(text: str) -> tuple[str, list[int]]:
    """``text`` with spaced single letters and digits closed up (「w o r k」 → 「work」), and
    for each kept character its offset in ``text``.

    >>> _close_up("w o r k で")
    ('work で', [0, 2, 4, 6, 7, 8])
    """
    drop: set[int] = set()
    for m in _SPACED.finditer(text):
        drop.update(i for i in range(m.start(), m.end()) if text[i] in " \n")
    keep = [i for i in range(len(text)) if i not in drop]
    return ("".join(text[i] for i in keep) if drop else text), keep


def _join(fragments: list[str], text: str) -> _Joined:
    """Concatenate the fragments and the current head, each with spaced letters closed up."""
    parts: list[str] = []
    for f in fragments:
        parts.append(_close_up(f)[0])
    prefix = "".join(parts)
    head, kept = _close_up(text[:_HEAD_CHARS])
    return _Joined(prefix + head, (-1,) * len(prefix) + tuple(kept), len(prefix))


# -- IDs and addresses given in parts ------------------------------------------------------

_TOKEN = regex.compile(
    r"(?<![a-z0-9_.@/:\-])(@?)(live:\.?[a-z0-9_.\-]{3,40}[a-z0-9]|[a-z0-9][a-z0-9_.\-]{1,38}[a-z0-9])(?![a-z0-9_@\-]|\.[a-z0-9])"
)
_FILE_OR_WORD = regex.compile(r".*\.(?:xlsx?|docx?|pdf|png|jpe?g|gif|svg|ai|psd|mp[34]|zip|csv|txt|html?|pptx?)|v?[0-9.\-]+")
_TOKEN_LABEL = regex.compile(
    r"(?:id|ユーザー名|ユーザーネーム|ユーザid|アカウント名?|アドレス|前半|後半|名前|連絡先|ハンドル(?:ネーム)?)"
    r"\s*(?:は|:|→|=|も)?\s*[「『\"']?\s*$"
)
_ONLY_FILLER = regex.compile(r"[\s「」『』\"'()]*(?:です|だよ|になります|でお願いします|で|→)?[\s。!.]*")


def _filler_to_sentence_end(text: str, pos: int) -> bool:
    """True when ``text`` from ``pos`` holds only a filler (「です」) up to its first sentence end."""
    m = _ONLY_FILLER.match(text, pos)
    return m is not None and (m.end() == len(text) or text[m.end() - 1] in "。!\n")
_SEARCH_OR_ADD = regex.compile(r"検索|追加|フォロー|申請|登録")
_SEARCHED = regex.compile(r"\s*[」』]?\s*(?:で|と)(?:検索|追加)")
_ANNOUNCE = regex.compile(
    r"(?:id|ユーザー名|ユーザーネーム|アカウント|アドレス|連絡先)[^。\n]{0,20}?(?:送|伝え|書|記載|教え|貼)"
)
# an earlier message that names a channel only to refuse it or to put it after escrow
# announces nothing: 「Chatworkは使っていません」「仮払い後はチャットワークで」
_DECLINED = regex.compile(r"仮払い(?:後|完了後|の後|が完了|を確認)|ません|ない|お断り|不要|禁止|できかね|いたしかね|控え")
# a label that names the platform's own numbers, not a person's ID: 案件ID, 注文ID…
_OWN_ID = regex.compile(
    r"(?:案件|注文|契約|取引|商品|お問い合わせ|問い合わせ|請求|管理|伝票|作業|プロジェクト|ファイル|会員|予約)\s*$"
)
_AT = r"(?:@|\(at\)|\[at\]|あっと|アット(?:マーク)?|atmark)"
_DOT = r"(?:\.|\(dot\)|\[dot\]|どっと|ドット|点)"
_LABEL = r"[a-z0-9][a-z0-9\-]*"
_DOMAIN = regex.compile(
    rf"(?P<at>{_AT})\s*(?:[^\sa-z0-9。!?\n]{{0,12}}?)?(?P<d>{_LABEL}(?:[\s)]*{_DOT}\s*{_LABEL})+)"
    rf"|ドメイン\s*(?:は|:)?\s*(?P<d2>{_LABEL}(?:\.{_LABEL})+)"
)
_DOT_SPLIT = regex.compile(rf"[\s)]*{_DOT}\s*")


def _given_tokens(text: str, start: int = 0) -> list[tuple[int, int, str]]:
    """IDs a message gives: a token that is the whole message, follows a label (「ID:」
    「ユーザー名は」), carries an @, or is to be searched for (「「abc_12」と検索」).

    ``start`` is where the message begins in ``text`` (what precedes it are earlier
    fragments, as in IDs spelled one letter per message).

    >>> [t[2] for t in _given_tokens("abc_123")]
    ['abc_123']
    >>> [t[2] for t in _given_tokens("ユーザー名は k.mori.design でお願いします")]
    ['k.mori.design']
    >>> _given_tokens("入力ルール.xlsx を確認してください。v2_final も")
    []
    """
    out: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text):
        token = m.group(2)
        if not regex.search(r"[a-z]", token) or _FILE_OR_WORD.fullmatch(token):
            continue
        if text[m.end():m.end() + 1] == "@" or (m.start() > 0 and text[m.start() - 1] == "@"):
            continue  # part of an email address: the email detector's business
        handle_like = bool(regex.search(r"[0-9_.\-]", token)) or bool(m.group(1))
        before = text[max(start, m.start() - 16): m.start()]
        whole = (_ONLY_FILLER.fullmatch(text[start: m.start()]) is not None or m.start() < start) \
            and _filler_to_sentence_end(text, m.end())
        label = _TOKEN_LABEL.search(before)
        labelled = label is not None and not _OWN_ID.search(before, 0, label.start())
        searched = _SEARCHED.match(text, m.end()) is not None or (
            before.endswith(("「", "『")) and _SEARCH_OR_ADD.search(text, m.end()) is not None)
        if labelled or (handle_like and (whole or searched or m.group(1))):
            out.append((m.start(), m.end(), token))
    return out


def _domains(text: str) -> list[tuple[int, int, str]]:
    """Email domains a message gives apart from the name: 「@gmail.com」「(at) yahoo (dot) co
    (dot) jp」「ドメインは outlook.jp」."""
    out: list[tuple[int, int, str]] = []
    for m in _DOMAIN.finditer(text):
        raw = m.group("d") or m.group("d2") or ""
        domain = ".".join(_DOT_SPLIT.split(raw))
        if regex.search(r"\.[a-z]{2,}$", domain):
            out.append((m.start(), m.end(), domain))
    return out


def _valid_email(address: str, config: EntityConfig) -> bool:
    return any(e.label == "email" and e.start == 0 and e.end == len(address) for e in detect_all(address, config))


def _channel_in(messages: Iterable[str], config: EntityConfig) -> str | None:
    """The channel named last in ``messages`` (LINE, Chatwork…), if any."""
    found: str | None = None
    for message in messages:
        for e in detect_all(message, config):
            if e.label == "channel" and e.channel is not None:
                found = e.channel
    return found


def _announced(joined: _Joined, text: str, norm: _Normalizer, config: EntityConfig) -> list[Entity]:
    """An ID or email address given now, announced or completed by earlier messages."""
    out: list[Entity] = []
    tokens_now = [t for t in _given_tokens(joined.text, joined.boundary) if t[1] > joined.boundary]
    domains_now = _domains(text)
    if not tokens_now and not domains_now:
        return out
    history = [norm(i) for i in range(len(norm.history))]
    earlier_tokens = [t for m in history for t in _given_tokens(m)]
    earlier_domains = [d for m in history for d in _domains(m)]
    for start, end, domain in domains_now:
        for _s, _e, name in reversed(earlier_tokens):
            if _valid_email(f"{name}@{domain}", config):
                out.append(Entity("email", start, end, f"{name}@{domain}", channel="email", contact=True))
                break
    if not tokens_now:
        return out
    meant = [m for m in history if not _DECLINED.search(m)]
    channel = _channel_in(meant, config)
    announced = channel is not None or any(_ANNOUNCE.search(m) for m in meant)
    for start, end, token in tokens_now:
        span = joined.to_current(start, end)
        if span is None:
            continue
        email = next((f"{token}@{d}" for _s, _e, d in reversed(earlier_domains) if _valid_email(f"{token}@{d}", config)), None)
        if email is not None:
            out.append(Entity("email", *span, email, channel="email", contact=True))
        elif announced:
            out.append(Entity("handle", *span, token, channel=channel, contact=True))
    return out


# -- putting it together ---------------------------------------------------------------------


class _Normalizer:
    """Normalizes window messages on first use only: most messages never need it."""

    __slots__ = ("done", "history")

    def __init__(self, history: tuple[str, ...]) -> None:
        self.history = history
        self.done: dict[int, str] = {}

    def __call__(self, i: int) -> str:
        found = self.done.get(i)
        if found is None:
            found = self.done[i] = normalize(self.history[i]).text
        return found


# what the current message must hold for a part of an ID or address to be in it
_WORTH_A_LOOK = regex.compile(r"[a-z@]|あっと|アット|ドメイン")
# what must stand where a fragment and the current message meet for them to read as one word
_MEETS = regex.compile(r"[a-z0-9.:/@_\-]")


def _meets(fragment: str, text: str) -> bool:
    """True when a fragment and the message after it may be two halves of one word: a
    single letter or kana spelled out, or ASCII on both sides of the boundary
    (「tanaka.works2024」「@gmail.com」).

    >>> _meets("ら", "ん、でご連絡ください"), _meets("bit", ".ly/3kq"), _meets("よろしくお願いします", "本日は")
    (True, True, False)
    """
    head = text.lstrip()[:1]
    tail = fragment.rstrip()[-1:]
    if not head or not tail:
        return False
    return len(fragment.strip()) <= 2 or (_MEETS.match(head) is not None and _MEETS.match(tail) is not None)


def history_entities(text: str, history: tuple[str, ...], config: EntityConfig) -> tuple[Entity, ...]:
    """Contact details that the current message ``text`` (normalized) completes with the
    sender's earlier messages ``history`` (raw, oldest first, already windowed).

    Each entity covers only the current message's part of the detail.

    >>> [(e.label, e.start, e.end, e.value) for e in history_entities("5678です", ("090", "1234"), EntityConfig())]
    [('phone', 0, 4, '+819012345678')]
    >>> history_entities("5678文字でお願いします", ("納期は12日です", "単価は1234円"), EntityConfig())
    ()
    """
    if not history or not text:
        return ()
    norm = _Normalizer(history)
    found: list[Entity] = _split_phone(text, history, config, norm)
    fragments: list[str] = []
    for i in range(len(history) - 1, -1, -1):
        if len(history[i]) > _FRAGMENT_CHARS:
            break
        fragments.insert(0, norm(i))
    if fragments and not _meets(fragments[-1], text):
        fragments = []
    joined = _join(fragments, text)
    if fragments:
        for e in detect_all(joined.text, config):
            if e.start < joined.boundary < e.end and e.label != "money":
                span = joined.to_current(e.start, e.end)
                if span is not None:
                    found.append(Entity(e.label, *span, e.value, e.channel, e.contact, e.allowlisted))
    if fragments or _WORTH_A_LOOK.search(text[:_HEAD_CHARS]):
        found.extend(_announced(joined, text, norm, config))
    return _dedupe(found)


def _dedupe(found: list[Entity]) -> tuple[Entity, ...]:
    """One entity per label and place: the first found wins."""
    out: list[Entity] = []
    for e in found:
        if not any(o.label == e.label and o.start < e.end and e.start < o.end for o in out):
            out.append(e)
    return tuple(sorted(out, key=lambda e: (e.start, -e.end)))


# -- which part of the context a reason used ------------------------------------------------

_PLACEHOLDERS = {"job_post": "仕事の詳細", "history": "これまでのメッセージ"}


def _plain(doc: Doc) -> Doc:
    """``doc`` without the entities the history supplied (built once per message)."""
    found: Doc | None = doc.__dict__.get("_plain_doc")
    if found is None:
        found = doc.__dict__["_plain_doc"] = Doc(doc.text, doc.config, stage=doc.stage, role=doc.role, context=doc.context)
    return found


def attribute(rule: Rule, doc: Doc, span: Span) -> tuple[str | None, str]:
    """What outside the text a rule that fired on ``doc`` at ``span`` used (``"job_post"``,
    ``"history"`` or None), and its message with ``{job_post}`` / ``{history}`` filled in
    with what it matched there."""
    source: str | None = None
    message = rule.message
    for part, excerpt in matched_context(rule.when, doc):
        source = source or part
        message = message.replace("{" + part + "}", excerpt or _PLACEHOLDERS[part])
    if source is None and doc.extra_entities:
        start, end = span
        near = any(e.start < end and start < e.end for e in doc.extra_entities)
        if near and rule.match(_plain(doc)) is None:
            source = "history"
    for part, word in _PLACEHOLDERS.items():
        message = message.replace("{" + part + "}", word)
    return source, message
