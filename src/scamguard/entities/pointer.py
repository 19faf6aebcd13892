"""Pointers to a contact that carry no ID at all: the message says where to find it.

Kinds (``Entity.value``):

- ``pinned``: 「固定ツイートから」「ピン留めした投稿を見て」;
- ``profile``: 「IDはプロフィールに」「プロフのリンクから」「bioに連絡先」;
- ``search``: 「〇〇と検索してください」「『taro_works』で検索」「名前で検索」「ID検索で」, but not
  research instructions (「渋谷 カフェ」と検索して上位記事を参考に);
- ``same_name``: 「同じ名前で活動しています」「同名で登録しています」「名前そのままで検索」;
- ``qr``: 「画像のQRコードから」「QRコードを読み取って追加」「添付の画像のID」;
- ``hint``: 「IDは名前のローマ字です」「連絡先はリンク先に」;
- ``page``: 「リットリンクに連絡先」「ホームページのお問い合わせから」.

A pointer is not itself a contact detail (nothing to mask), so ``contact`` is False; its
``channel`` is the nearest channel mentioned close by (``x`` for a pinned tweet), else None.
Each kind is looked for only when its cue word is in the text.
"""

from __future__ import annotations

import re

import regex

from scamguard.entities.base import Entity, EntityConfig
from scamguard.entities.channel import mentions, nearest

__all__ = ["detect"]

_S = r"[^。!?\n]"  # any character within the sentence
_PROFILE = r"プロフィール|プロフ(?!ィール)|bio|自己紹介欄|概要欄|ハイライト|リンク欄|url欄"
_CONTACT = (
    r"id|アイディ|アカウント|連絡先|qr|line|ライン|らいん|インスタ|instagram|ツイッター|twitter|discord|ディスコ"
    r"|chatwork|チャットワーク|skype|スカイプ|telegram|テレグラム|メアド|メールアドレス|アドレス"
)
_NAME = r"名前|名|アカウント名|ユーザー名|ユーザーネーム|ハンドルネーム|ハンドル|id|アイコン|ニックネーム|表示名|ネーム"
_ACTIVE = r"活動|やって|登録|出て|検索|見つか|探|おります|います|存在|使って|利用|運営|発信|投稿"
# a profile being written, not pointed at (プロフィール文の作成, プロフィール画像のデザイン)
_NOT_WRITING = r"(?!\s?(?:文|画像|写真|欄の作成|の(?:作成|制作|添削|デザイン|代行|文|画像|写真)|作成|制作|添削|代行))"
_NOT_JOB = r"(?!\s?(?:フォーム)?の?\s?(?:作成|制作|設置|実装|修正|デザイン|構築|改修|運用))"

# (cue words, kind, pattern): a pattern runs only when one of its cues is in the text
_KINDS: tuple[tuple[tuple[str, ...], str, re.Pattern[str]], ...] = (
    (("固定", "ピン"), "pinned", re.compile(
        r"(?>固定(?:された|してある|して(?:いる|る)|の)?\s?(?:ツイート|ツイ|ポスト|投稿)"
        r"|ピン(?:留め|止め)(?:した|された|して(?:ある|いる|る))?の?\s?(?:ツイート|ポスト|投稿))"
        r"(?!\s?(?:用|の?(?:作成|制作|文|画像|デザイン)))"
    )),
    (("プロフ", "bio", "自己紹介欄", "概要欄", "ハイライト", "リンク欄", "url欄"), "profile", re.compile(
        rf"(?:{_PROFILE})(?:欄|ページ)?(?:の|に|から|内の|にある|に貼って(?:ある|いる|る))?\s?(?:リンク|url)(?:から|より|先)"
        rf"|(?:{_CONTACT}){_S}{{0,10}}?(?:{_PROFILE}){_NOT_WRITING}"
        rf"|(?:{_PROFILE}){_NOT_WRITING}{_S}{{0,16}}?(?:{_CONTACT})"
    )),
    (("同じ", "おなじ", "同一", "同名", "そのまま"), "same_name", re.compile(
        rf"(?:同じ|おなじ|同一の?)\s?(?:{_NAME})\s?(?:で|にて|のまま){_S}{{0,12}}?(?:{_ACTIVE})"
        rf"|同名\s?(?:で|にて){_S}{{0,12}}?(?:{_ACTIVE})"
        rf"|名前(?:その|の)まま(?:で)?{_S}{{0,8}}?(?:検索|登録|活動|出て|見つか)"
    )),
    (("qr", "次元", "画像", "写真", "添付", "スクショ", "スクリーンショット"), "qr", re.compile(
        r"(?:画像|写真|添付(?:ファイル|画像)?|スクショ|スクリーンショット)(?:の|に|内の|にある|にて|を)?\s?"
        r"(?:qr|二次元コード|2次元コード|バーコード|id|連絡先|アカウント)"
        r"|(?:qr|二次元|2次元)(?:コード)?\s?(?:の?(?:画像|写真)\s?)?(?:を|から|で|より)?\s?"
        r"(?:読み取|読み込|読込|スキャン|追加|登録|友だち|友達|送り|送ら|送信|お送り|送りま|貼|添付|載せ)"
    )),
    (("id", "アイディ", "アカウント", "ユーザー名", "連絡先"), "hint", re.compile(
        r"(?:id|アイディ|アカウント|ユーザー名|連絡先)(?:は|も|を)\s?(?:私の|僕の|わたしの|こちらの)?"
        r"(?:名前|本名|ローマ字|表示名|画像|写真|リンク先|添付|プロフ)"
    )),
    (("リンク", "lit", "linktree", "ホームページ", "hp", "ブログ", "note"), "page", re.compile(
        rf"(?:リットリンク|lit\.?link|linktree|リンクツリー|リンクまとめ|ホームページ|(?<![a-z])(?:hp|note)(?![a-z])|ブログ)"
        rf"(?!記事|の記事)"
        rf"(?:の|に|から|より|欄|内|で)?{_S}{{0,8}}?(?:連絡先|id|お?問い合わせ|qr|アカウント|dm){_NOT_JOB}"
    )),
)

# 〇〇と検索 / 「taro」で検索 / 名前で検索 / ID検索: the searched thing is read back from 検索
_SEARCH_CUES = ("検索", "ググ", "サーチ")
_SEARCH = re.compile(r"検索|ググ|サーチ")
_SEARCHED = regex.compile(
    r"(?:「(?P<q1>[^」\n]{1,30})」|『(?P<q2>[^』\n]{1,30})』|\"(?P<q3>[^\"\n]{1,30})\""
    r"|(?P<w>[^\s。、!?\n「」『』]{1,20}))\s?(?:と|で)\s?(?:して)?\s?",
    regex.REVERSE,
)
_ID_SEARCH = regex.compile(r"(?:id|ユーザー名|アカウント名|名前)\s?", regex.REVERSE)
_NAME_LIKE = re.compile(rf"^@?[a-z0-9_.\-]{{3,30}}$|{_NAME}|〇〇|○○|◯◯|xx|××|同じ|本名|ローマ字|アカウント|ユーザー")
_RESEARCH = re.compile(
    r"上位|リサーチ|調査|競合|キーワード|seo|google|グーグル|yahoo|ヤフー|参考|ランキング|口コミ|レビュー|求人|記事|商品|サイト|ニュース"
)
_SENTENCE_END = re.compile(r"[。!?\n]")
# every cue word, found in one scan
_CUE_WORDS = {w for words, _, _ in _KINDS for w in words} | set(_SEARCH_CUES)
_CUES = re.compile("|".join(re.escape(w) for w in sorted(_CUE_WORDS, key=len, reverse=True)))
_NEAR = 40


_REACH = 80  # how far a sentence is read around a cue, at most


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around ``text[start:end]`` (within :data:`_REACH`)."""
    lo = max(0, start - _REACH)
    head = max(text.rfind(c, lo, start) for c in "。!?\n") + 1 or lo
    tail_m = _SENTENCE_END.search(text, end, end + _REACH)
    return max(head, lo), tail_m.start() if tail_m else min(len(text), end + _REACH)


def _searches(text: str) -> list[tuple[int, int]]:
    """Spans of 「…と検索」 pointers: a searched name, ID or placeholder, not research."""
    found: list[tuple[int, int]] = []
    chans = mentions(text)
    starts = [c.start for c in chans]
    research: dict[tuple[int, int], bool] = {}
    for m in _SEARCH.finditer(text):
        head, tail = _sentence(text, m.start(), m.end())
        if research.setdefault((head, tail), _RESEARCH.search(text, head, tail) is not None):
            continue
        lo = max(head, m.start() - 40)
        by_id = _ID_SEARCH.match(text, lo, m.start())
        if by_id is not None:
            found.append((by_id.start(), m.end()))
            continue
        searched = _SEARCHED.match(text, lo, m.start())
        if searched is None:
            continue
        term = next(g for g in searched.groups() if g is not None)
        if _NAME_LIKE.search(term) or nearest(chans, starts, head, tail, 0) is not None:
            found.append((searched.start(), m.end()))
    return found


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find pointers to a contact that give no ID; ``value`` is the kind of pointer.

    >>> [e.value for e in detect("詳しくは固定ツイートから。idはプロフィールにあります", EntityConfig())]
    ['pinned', 'profile']
    >>> [e.value for e in detect("「taro_works」と検索してください。同じ名前で活動しています", EntityConfig())]
    ['search', 'same_name']
    >>> detect("「渋谷 カフェ」と検索して上位記事を参考にしてください。プロフィールに実績を載せています", EntityConfig())
    []
    """
    found: list[Entity] = []
    cues = set(_CUES.findall(text))
    if not cues:
        return found
    spans: list[tuple[int, int, str]] = []
    for words, kind, pattern in _KINDS:
        if not cues.isdisjoint(words):
            spans += [(m.start(), m.end(), kind) for m in pattern.finditer(text)]
    if not cues.isdisjoint(_SEARCH_CUES):
        spans += [(a, b, "search") for a, b in _searches(text)]
    if not spans:
        return found
    chans = mentions(text)
    starts = [c.start for c in chans]
    reach = -1
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if end <= reach:
            continue  # inside the pointer before it
        reach = end
        tweet = kind == "pinned" and ("ツイ" in text[start:end] or "ポスト" in text[start:end])
        channel = nearest(chans, starts, start, end, _NEAR) or ("x" if tweet else None)
        found.append(Entity("pointer", start, end, kind, channel=channel))
    return found
