"""Account IDs and handles given for an outside channel: LINE ID, Chatwork ID, Skype,
Discord (tags and invite codes), Instagram / X handles, Telegram, WhatsApp, KakaoTalk,
Zoom meeting IDs and Meet codes.

An ID is a run of ASCII letters, digits and ``_ . -`` (``@`` in front allowed), or one written
a character at a time (``m a y u _ 2 2``, one per line). It counts as a handle when something
says what it is:

- it follows a channel mention, through particles, punctuation and an ID word
  (``LINE ID：taro_1234``, ``ラインのIDはtaro1234です``, ``インスタ→@taro``);
- it follows an ID word (``ID``, ``ユーザー名``, ``アカウント名``, ``招待コード``) with a channel
  mentioned close by, before or after;
- it is shaped like an ID (``kobayashi_pr``, ``mika.illust``: letters joined by ``_`` or ``.``,
  not a file name or a host) and both a channel and an ID word are close by, even in another
  sentence;
- it is written ``@handle`` (outside an address), ``live:…`` or ``.cid.…`` (Skype), ``name#1234`` with
  Discord mentioned, a Meet code ``abc-defg-hij``, a meeting ID after ``ミーティングID``, or a
  quoted name to search for (「taro_works」で検索).

Digits alone count only right after a channel and an ID word (``LINE ID: 12345678``), so dates
and order numbers near a channel name are not handles. The channel of a handle is the one
it was given for, or the nearest mention within a short distance, or None.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from scamguard.entities.base import Entity, EntityConfig
from scamguard.entities.channel import mentions, nearest

__all__ = ["detect"]

_ID_WORD = (
    r"(?:id|アイディー?|あいでぃー?|アイデー|ユーザーid|ユーザー?名|ユーザーネーム|アカウント名?|アカ|垢|名前|ネーム"
    r"|招待コード|招待リンク|招待url|サーバーid|コード|ハンドルネーム|ハンドル|検索|番号)"
)
_CONN = r"(?:\s|[:=→⇒>\-/|(\[「『【]|です|の|は|も|で|が|を)"
_POINTING = re.compile(r"[:=→⇒>(\[「『【]")
# an ID, or one written a character at a time (m a y u _ 2 2, one per line)
_ID = r"@?[a-z0-9](?:(?:[ \n・]{1,2}[a-z0-9_.\-]){3,31}(?![a-z0-9_.\-])|[a-z0-9_.\-]{1,31})"
_SPREAD = re.compile(r"[ \n・]")
# after a channel mention: particles, punctuation, optionally an ID word, then the ID
_AFTER_CHANNEL = re.compile(
    rf"(?P<conn>(?>{_CONN}{{0,6}})(?:(?P<word>{_ID_WORD})(?>{_CONN}{{0,6}}))?)(?P<id>{_ID})"
)
# an ID word, then the ID (a channel must be close by)
_ID_WORD_CUE = re.compile("id|アイディ|あいでぃ|ユーザ|アカウント名|招待コード")
_AFTER_WORD = re.compile(
    rf"(?:id|アイディー?|あいでぃー?|ユーザー?名|ユーザーネーム|アカウント名|招待コード)(?>{_CONN}{{0,4}})(?P<id>{_ID})"
)
# IDs marked by their form; each is looked for only when its marker is in the text. The
# patterns begin with a plain character or class (``re`` scans fast for those); what may not
# come before them is checked in _MARKED_BEFORE.
_MARKED: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("@", "at", re.compile(r"@[a-z0-9_][a-z0-9_.]{2,29}")),
    ("live:", "skype", re.compile(r"live:[.a-z0-9_\-]{3,40}")),
    (".cid.", "skype", re.compile(r"\.cid\.[0-9a-f]{6,32}(?![0-9a-z])")),
    ("#", "tag", re.compile(r"[a-z0-9_.][a-z0-9_.]{1,31}#[0-9]{4}(?![0-9])")),
    ("-", "meet", re.compile(r"[a-z][a-z]{2}-[a-z]{4}-[a-z]{3}(?![a-z\-])")),
    ("id", "zoom", re.compile(
        r"(?:ミーティングid|meeting\s?id|会議id|ルームid)\s?[:=]?\s?"
        r"(?P<id>[0-9]{3}[\s\-]?[0-9]{3,4}[\s\-]?[0-9]{3,5})(?![0-9])"
    )),
    ("検索", "quoted", re.compile(r"[「『\"](?P<id>@?[a-z0-9][a-z0-9_.\-]{2,30})[」』\"]\s?(?:と|で)\s?検索")),
)
# an ID-shaped word (taro_1234, mika.illust): named near a channel and an ID word
# (「チャットワークのIDも書いておきますね。kobayashi_pr です」) it is a handle even with no pointer
_ID_SHAPED = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9_.\-]*[a-z0-9]|\.[a-z0-9_.\-]*[a-z0-9])")
# words shaped like IDs that are file names
_FILE_END = re.compile(r"\.(?:docx?|xlsx?|pptx?|pdf|html?|css|js|ts|py|txt|csv|jpe?g|png|gif|svg|mp[34]|mov|zip|ya?ml|json|md)$")
_ID_SHAPED_NOT_BEFORE = "abcdefghijklmnopqrstuvwxyz0123456789_.@/-:#"
_DOMAIN_END = re.compile(r"\.(?:com|net|org|jp|io|me|co|info|biz|ne\.jp|co\.jp|or\.jp)$")
_MARKED_BEFORE = {"at": "abcdefghijklmnopqrstuvwxyz0123456789_.%+-", "skype": "abcdefghijklmnopqrstuvwxyz0123456789_",
                  "tag": "abcdefghijklmnopqrstuvwxyz0123456789_.", "meet": "abcdefghijklmnopqrstuvwxyz-"}
_MARKERS = re.compile("|".join(re.escape(marker) for marker, _, _ in _MARKED))
_STOP = frozenset((
    "line", "id", "chatwork", "skype", "discord", "instagram", "insta", "twitter", "telegram", "whatsapp",
    "kakao", "zoom", "meet", "gmail", "mail", "email", "http", "https", "www", "the", "and", "you", "please",
    "here", "free", "url", "link", "dm", "sns", "app", "pc", "web", "official", "account", "user", "name",
    "code", "with", "from", "this", "that", "only", "after", "before", "contact", "group", "chat", "talk",
    "call", "video", "ok", "yes", "none", "null", "test", "sample", "example", "pay", "works", "business",
    "my", "me", "your", "for", "via", "or", "to", "at", "on", "in", "of", "is"
))
_NEAR = 40  # how far (in characters) a channel mention may be from an ID to give it its channel


def _clean(raw: str) -> str:
    return raw.rstrip("._-")


def _plausible(handle: str, digits_ok: bool) -> bool:
    """An ID that is not a common word, a channel name, or (unless allowed) a bare number."""
    bare = handle.lstrip("@")
    if len(bare) < 3 or bare in _STOP or bare.startswith(("http", "www.")) or _DOMAIN_END.search(bare):
        return False
    if not any(c.isalpha() for c in bare):
        return digits_ok and len(bare.replace("-", "").replace(".", "")) >= 6
    return handle.startswith("@") or len(bare) >= 4


def _runs_on(text: str, end: int) -> bool:
    """True when what looked like an ID goes on into something longer: an address
    (taro@…), a Skype ``live:`` name, a Discord ``name#1234``."""
    return end < len(text) and (text[end] in "@:#" or (text[end].isascii() and text[end].isalnum()))


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find IDs and handles given for an outside channel; ``value`` is the ID as written
    (lower case), ``channel`` the channel it belongs to when known.

    >>> [(e.value, e.channel) for e in detect("line id: taro_1234 です", EntityConfig())]
    [('taro_1234', 'line')]
    >>> [(e.value, e.channel) for e in detect("チャットワークのidはyamada-workです", EntityConfig())]
    [('yamada-work', 'chatwork')]
    >>> [(e.value, e.channel) for e in detect("インスタ→@taro_insta と live:taro.y", EntityConfig())]
    [('@taro_insta', 'instagram'), ('live:taro.y', 'skype')]
    >>> detect("lineで2025-09-01に。案件idは12345です。lineスタンプ", EntityConfig())
    []
    """
    chans = [m for m in mentions(text) if m.channel not in ("email", "sms")]
    starts = [m.start for m in chans]
    spans: dict[tuple[int, int], Entity] = {}

    def add(start: int, raw: str, channel: str | None, digits_ok: bool = False) -> None:
        written = _clean(raw)
        end = start + len(written)
        handle = _SPREAD.sub("", written)
        if handle and not _runs_on(text, end) and _plausible(handle, digits_ok):
            spans.setdefault((start, end), Entity("handle", start, end, handle, channel=channel, contact=True))

    for ch in chans:
        m = _AFTER_CHANNEL.match(text, ch.end)
        if m is None or m.start("id") - ch.end > 24:
            continue
        raw = m.group("id")
        word = m.group("word") is not None
        # a bare word after a channel ("Zoomでmeeting") is not an ID unless something points at it
        if word or raw.startswith("@") or _POINTING.search(m.group("conn")) or any(not c.isalpha() for c in raw):
            add(m.start("id"), raw, ch.channel, digits_ok=word)
    words = [m.start() for m in _ID_WORD_CUE.finditer(text)]
    if words:
        for m in _AFTER_WORD.finditer(text):
            if m.start() and "a" <= text[m.start() - 1] <= "z":
                continue  # "paid", "valid"
            channel = nearest(chans, starts, m.start(), m.end(), _NEAR)
            # an ID spelled a character at a time is given for somewhere, named or not
            if channel is not None or _SPREAD.search(m.group("id")):
                add(m.start("id"), m.group("id"), channel)
    if chans and words:
        for m in _ID_SHAPED.finditer(text):
            if m.start() and text[m.start() - 1] in _ID_SHAPED_NOT_BEFORE:
                continue
            channel = nearest(chans, starts, m.start(), m.end(), _NEAR)
            i = bisect_left(words, m.start())
            near_word = any(0 <= j < len(words) and abs(words[j] - m.start()) <= _NEAR for j in (i - 1, i))
            if channel is not None and near_word and len(m.group()) >= 5 and not _FILE_END.search(m.group()):
                add(m.start(), m.group(), channel)
    markers = set(_MARKERS.findall(text))
    for marker, kind, pattern in _MARKED:
        if marker not in markers:
            continue
        for m in pattern.finditer(text):
            if m.start() and text[m.start() - 1] in _MARKED_BEFORE.get(kind, ""):
                continue
            start = m.start("id") if kind in ("zoom", "quoted") else m.start()
            raw = m.group("id") if kind in ("zoom", "quoted") else m.group()
            if kind in ("at", "quoted"):
                add(start, raw, nearest(chans, starts, start, m.end(), _NEAR))
            elif kind == "tag":
                if any(c.channel == "discord" for c in chans):
                    add(start, raw, "discord")
            else:
                add(start, raw, kind, digits_ok=kind == "zoom")
    return sorted(spans.values(), key=lambda e: (e.start, -e.end))
