"""Mentions of outside channels (LINE, Chatwork, Skype, Discord…) in the spellings users write.

Each channel is described once, by its plain spellings; the obfuscated forms are derived
from them by rule, not listed:

- Latin spellings match with look-alike digits and symbols for letters (``l1ne``, ``1ine``,
  ``disc0rd``, ``ch@twork``), with a separator between letters (``L I N E``, ``L.I.N.E``, one
  letter per line) and with one inner letter masked (``l*ne``, ``L●NE``).
- Katakana spellings match in hiragana too (らいん, ちゃっとわーく), with separators between
  kana (ラ・イ・ン), one inner kana masked (ラ〇ン), large kana for small (チヤツトワーク) and a
  hyphen for the long-vowel mark. Half-width kana are already folded by the normalizer.
- Romaji readings (``rain``, ``chattowaku``) and euphemisms (緑のアプリ) are patterns of their own.

What is not a mention: a spelling inside another word (オンライン, ガイドライン, ラインナップ,
deadline, line-height), the line of a factory or a threshold (製造ライン, ライン作業, 合格ライン),
and a channel that names the subject of a legitimate job (LINEスタンプ制作, LINE公式アカウント
運用代行, Chatwork導入マニュアル作成, インスタ運用代行), also when channels are listed together
(LINE・Instagramの運用代行).

Channel keys (``Entity.value`` and ``Entity.channel``): line, chatwork, skype, discord,
instagram, x, telegram, whatsapp, kakaotalk, zoom, meet, teams, slack, facebook, wechat,
email, sms, and ``other`` for an unnamed outside app (某アプリ, 外部のSNS).
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from dataclasses import dataclass

from scamguard.entities.base import Entity, EntityConfig
from scamguard.entities.common import is_hiragana, is_katakana, to_hiragana

__all__ = ["CHANNELS", "Channel", "detect", "mentions", "nearest"]


@dataclass(frozen=True, slots=True)
class Channel:
    """How one outside channel is written.

    ``latin``: spellings in Latin letters; ``kana``: katakana spellings (hiragana forms are
    derived for those of four kana or more, and for the short ones in ``hiragana``);
    ``romaji``: regex sources for romanized readings, matched as whole words outside English
    text; ``phrases``: regex sources matched as written (euphemisms, short forms that need a cue).
    Every romaji and phrase source begins with a plain character (not a group or a class):
    the detector's speed depends on it, see :func:`_compile`.
    """

    key: str
    latin: tuple[str, ...] = ()
    kana: tuple[str, ...] = ()
    hiragana: tuple[str, ...] = ()
    romaji: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()


_GREEN_THING = r"(?:色)?の\s?(?:アプリ|あぷり|やつ|ヤツ|sns|チャット|メッセ|吹き出し|ふきだし|アイコン|app|トーク|ほう)"
_OUTSIDE_APP = r"(?:sns|アプリ|チャットツール|チャットアプリ|連絡ツール|連絡手段|メッセージアプリ)"
_CUE_MEETING = r"\s?(?:で|に|の)?\s?(?:面談|打ち合わせ|打合せ|会議|ミーティング|通話|url|リンク|id|招待|ミーティングid)"

CHANNELS: tuple[Channel, ...] = (
    Channel("line", ("line",), ("ライン",), ("らいん",), ("rain",),
            (f"緑{_GREEN_THING}", f"みどり{_GREEN_THING}", f"ミドリ{_GREEN_THING}",
             *(rf"{green}\s?の?\s?(?:アプリ|やつ|app)" for green in "📗💚🟩🟢"))),
    Channel("chatwork", ("chatwork",), ("チャットワーク", "チャトワ", "チャワ"),
            romaji=(r"chatt?o\s?wa-?a?ku", r"chatt?owa-?ku")),
    Channel("skype", ("skype",), ("スカイプ",), romaji=("sukaipu",)),
    Channel("discord", ("discord",), ("ディスコード", "ディスコ"), romaji=(r"disuko-?o?do",)),
    Channel("instagram", ("instagram", "insta"), ("インスタグラム", "インスタ"), romaji=(r"insuta(?:guramu)?",)),
    Channel("x", ("twitter",), ("ツイッター",), romaji=(r"tsuitta-?",),
            phrases=(r"x\s?\(\s?旧\s?(?:twitter|ツイッター)\s?\)",
                     r"x(?=\s?(?:\(\s?旧|のdm|でdm|\s?dm|のアカ|アカウント|で\s?[「『]|で検索))",
                     "青い鳥")),
    Channel("telegram", ("telegram",), ("テレグラム",), romaji=("tereguramu",)),
    Channel("whatsapp", ("whatsapp",), ("ワッツアップ", "ワッツアプ")),
    Channel("kakaotalk", ("kakaotalk", "kakao"), ("カカオトーク", "カトク")),
    Channel("zoom", ("zoom",), phrases=(rf"ズーム(?={_CUE_MEETING})",)),
    Channel("meet", ("google meet", "googlemeet"), ("グーグルミート",),
            phrases=("googleミート", rf"meet(?={_CUE_MEETING}|\s?(?:で|に))")),
    Channel("teams", ("teams",), ("チームズ",)),
    Channel("slack", ("slack",), ("スラック",)),
    Channel("facebook", ("facebook", "messenger"), ("フェイスブック", "メッセンジャー")),
    Channel("wechat", ("wechat",), ("ウィーチャット",), phrases=("微信",)),
    Channel("email", ("gmail", "e-mail", "email"),
            ("メールアドレス", "メアド", "メルアド", "ジーメール", "ヤフーメール", "フリーメール"), ("めあど",),
            phrases=("gメール", "yahooメール", r"個人(?:の)?メール(?:アドレス)?")),
    Channel("sms", ("sms",), ("ショートメール", "ショートメッセージ"), phrases=("cメール", r"\+メッセージ")),
    Channel("other", phrases=(
        r"某(?:有名)?(?:sns|アプリ|チャット|メッセ)",
        *(rf"{w}の?\s?{_OUTSIDE_APP}" for w in ("外部", "別", "他", "ほか")),
    )),
)

# --- how letters and kana may be disguised --------------------------------------------
_LOOKALIKE = {"a": "a@4", "e": "e3", "i": "i1l!|", "l": "l1|", "o": "o0", "s": "s5$", "t": "t7", "g": "g9"}
_MASK = "〇○●◯◎★☆×✕■□◆◇♡♥?*＊"
# between letters: separators, and masks inserted rather than written for a letter (ラ★イン)
_LATIN_SEP = r"[\s.\-_・/,〇○●◯◎★☆×✕■□◆◇♡♥?*＊]{0,3}"
_KANA_SEP = r"[\s.\-_・/,、〇○●◯◎★☆×✕■□◆◇♡♥?*＊]{0,3}"
_NOT_LETTERS = re.compile(r"[\s.\-_・/,、〇○●◯◎★☆×✕■□◆◇♡♥?*＊]")
_LARGE = {"ャ": "ヤ", "ュ": "ユ", "ョ": "ヨ", "ッ": "ツ", "ァ": "ア", "ィ": "イ", "ゥ": "ウ", "ェ": "エ", "ォ": "オ"}
_LARGE.update({to_hiragana(k): to_hiragana(v) for k, v in _LARGE.items()})


def _latin_char(ch: str, inner: bool) -> str:
    chars = _LOOKALIKE.get(ch, ch) + (_MASK if inner else "")
    return "[" + re.escape(chars) + "]" if len(chars) > 1 else re.escape(ch)


def _latin(word: str) -> str:
    """``line`` → a pattern for l1ne, L I N E, l*ne… (the first and last letter unmasked)."""
    last = len(word) - 1
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch == " ":
            out.append(r"\s?")
            continue
        if out and out[-1] != r"\s?":
            out.append(_LATIN_SEP)
        out.append(_latin_char(ch, 0 < i < last))
    return "".join(out)


def _kana_char(ch: str, inner: bool) -> str:
    chars = ch + _LARGE.get(ch, "") + ("-~〜" if ch == "ー" else "") + (_MASK if inner else "")
    return "[" + re.escape(chars) + "]" if len(chars) > 1 else re.escape(ch)


def _kana(word: str) -> str:
    """``ライン`` → a pattern for ラ・イ・ン, ラ〇ン… (one kana per position, any separators)."""
    last = len(word) - 1
    return _KANA_SEP.join(_kana_char(ch, 0 < i < last) for i, ch in enumerate(word))


# the names of Latin letters in kana (える・あい・えぬ・いー spells LINE)
_LETTER_NAMES = {
    "a": ("えー", "えい"), "b": ("びー",), "c": ("しー",), "d": ("でぃー", "でー"), "e": ("いー",), "f": ("えふ",),
    "g": ("じー",), "h": ("えいち", "えっち"), "i": ("あい",), "j": ("じぇー", "じぇい"), "k": ("けー", "けい"),
    "l": ("える",), "m": ("えむ",), "n": ("えぬ",), "o": ("おー", "おう"), "p": ("ぴー",), "q": ("きゅー",),
    "r": ("あーる",), "s": ("えす",), "t": ("てぃー", "てー"), "u": ("ゆー",), "v": ("ぶい",), "w": ("だぶりゅー",),
    "x": ("えっくす",), "y": ("わい",), "z": ("ぜっと",),
}
_NAME_SEP = r"[\s・、,.\-]{0,2}"


def _letter_names(word: str) -> list[str]:
    """``line`` → patterns for える・あい・えぬ・いー, in hiragana and in katakana."""
    out = []
    for to_script in (str, _to_katakana):
        names = [_one_of([to_script(n) for n in _LETTER_NAMES[c]]) for c in word]
        out.append(_NAME_SEP.join(names))
    return out


def _one_of(names: list[str]) -> str:
    """A pattern for any of ``names``, their shared first character written outside the
    group (え(?:ー|い)): the detector's pattern is grouped by first character, see :func:`_compile`."""
    if len({n[0] for n in names}) == 1:
        return re.escape(names[0][0]) + "(?:" + "|".join(re.escape(n[1:]) for n in names) + ")"
    return "(?:" + "|".join(re.escape(n) for n in names) + ")"


def _to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _sources() -> list[tuple[str, str, str, int]]:
    """Every (pattern source, channel key, kind, letters spelled) to look for; kind: l(atin),
    k(atakana), h(iragana), r(omaji), p(hrase), n (Latin letter names in kana)."""
    out: list[tuple[str, str, str, int]] = []
    for c in CHANNELS:
        out += [(_latin(w), c.key, "l", len(w.replace(" ", ""))) for w in c.latin]
        out += [(_kana(w), c.key, "k", len(w)) for w in c.kana]
        out += [(_kana(to_hiragana(w)), c.key, "h", len(w)) for w in c.kana if len(w) >= 4]
        out += [(_kana(w), c.key, "h", len(w)) for w in c.hiragana]
        out += [(r, c.key, "r", 0) for r in c.romaji]
        out += [(r, c.key, "p", 0) for r in c.phrases]
        out += [(n, c.key, "n", 0) for w in c.latin if w.isalpha() and len(w) <= 5 for n in _letter_names(w)]
    return out


def _split_first(source: str) -> tuple[str, str]:
    """A pattern source split into its first character (or class) and the rest."""
    if source.startswith("["):
        close = source.index("]", 2)
        return source[: close + 1], source[close + 1 :]
    if source.startswith("\\"):
        return source[:2], source[2:]
    return re.escape(source[0]), source[1:]


_UNESCAPE = re.compile(r"\\(.)")
#: a first character written as itself or escaped (not a class, a group or an escape such as \s)
_LITERAL_FIRST = re.compile(r"\\[^0-9A-Za-z]|[^\\\[\](){}|.*+?^$]")


def _compile(
    sources: list[tuple[str, str, str, int]], latin: bool
) -> tuple[re.Pattern[str], list[tuple[str, str, int]]]:
    """One pattern for many sources, fast to scan, telling which source matched.

    Python's ``re`` skips quickly over text that cannot begin a match only when every
    alternative begins with a plain character, or when the whole pattern begins with one
    character class. Named groups around alternatives defeat both, so each alternative
    ends with an empty group instead, and ``match.lastindex`` names the source. Latin
    spellings begin with a class (``[l1|]``): they are compiled as one class of every
    first character, then the rest of each spelling behind a lookbehind for its own first.
    """
    if latin:
        firsts = [_split_first(src) for src, _, _, _ in sources]
        union = "".join(sorted({ch for first, _ in firsts for ch in _UNESCAPE.sub(r"\1", first.strip("[]"))}))
        body = "|".join(f"(?<={first}){rest}()" for first, rest in firsts)
        pattern = re.compile(f"[{re.escape(union)}](?:{body})")
        return pattern, [(key, kind, size) for _, key, kind, size in sources]
    split = [(*_split_first(src), (key, kind, size)) for src, key, kind, size in sources]
    if not all(_LITERAL_FIRST.fullmatch(first) and not rest.startswith(("?", "*", "+", "{")) for first, rest, _ in split):
        pattern = re.compile("|".join(f"{src}()" for src, _, _, _ in sources))
        return pattern, [(key, kind, size) for _, key, kind, size in sources]
    # grouped by first character (ラ(?:イン()|...)|チ(?:ャットワーク()|...)): each character of the
    # text is then tested once against the set of first characters, not against every spelling.
    # The matches are the same: spellings that begin with different characters never match at
    # the same place, and those that begin with the same one keep their order
    groups: dict[str, list[tuple[str, tuple[str, str, int]]]] = {}
    for first, rest, keys in split:
        groups.setdefault(first, []).append((rest, keys))
    pattern = re.compile("|".join(f"{first}(?:{'|'.join(f'{rest}()' for rest, _ in items)})"
                                  for first, items in groups.items()))
    return pattern, [keys for items in groups.values() for _, keys in items]


_ALL = _sources()
_LATIN_FIRST = re.compile(r"[a-z0-9]|\[")
_PLAIN, _PLAIN_KEYS = _compile([x for x in _ALL if not _LATIN_FIRST.match(_split_first(x[0])[0])], latin=False)
_ASCII, _ASCII_KEYS = _compile([x for x in _ALL if _LATIN_FIRST.match(_split_first(x[0])[0])], latin=True)
_LETTER = re.compile("[a-z]")


# --- when a spelling is not a mention ----------------------------------------------------
# katakana words that may follow a channel's katakana name and keep it a channel
_KANA_NEXT = re.compile(
    r"アカウント|アカ|グループ|グル|アプリ|オープンチャット|オプチャ|トーク|ユーザー|ネーム|アイディ|アイデー|アドレス"
    r"|コード|キューアール|ビデオ|ボイス|ライブ|ストーリー|リール|ダイレクト|メッセージ|メッセ|チャット|サーバー|サーバ"
    r"|チャンネル|ルーム|アイコン|プロフ|ページ|ワークス|ビジネス"
)
# katakana words that may come before ライン and keep it LINE (グループライン = a LINE group)
_KANA_BEFORE = re.compile(r"(?:グループ|グル|プライベート|オープン)[\s・]?$")
# a line that is a threshold or a production line, not LINE
_LINE_KANJI_BEFORE = re.compile(
    r"(?:製造|生産|組立|組み立て|加工|検品|工場|梱包|合格|最低|最高|防衛|境界|基準|水平|地平|海岸|予算|採用|及第"
    r"|赤字|黒字|損益|危険|警戒|死守|生命|供給|物流|出荷|流れ作業|販売|商品|製品|補助"
    r"|安全|停止|区切り|区切|合否|ボーダー|デッド|得点|点数|平均|目標|ギリギリ|ぎりぎり|ボトム|トップ"
    # a drawn line: 主線（ライン）, 点線, 赤ライン, 細いライン, きれいなライン
    r"|線\s?[(（]?|輪郭|赤|青|白|黒|金|銀|斜め|垂直|罫|[\u4e00-\u9fff]し?い|(?:[\u4e00-\u9fff](?<!的)|[\u30a0-\u30ffーい])[かやら]?な"
    r")[\s・]?$"
)
_LINE_KANA_AFTER = re.compile(r"作業|工(?!夫)|際|引き|を引|を越|を超|川|生産|製造|長(?!い)")
# English words that make "line" a line of text or a compound (on-line, bottom line, line-height)
_LATIN_WORD_BEFORE = re.compile(
    r"(?<![a-z])(?:on|off|in|dead|guide|time|under|head|pipe|out|base|bottom|new|border|hot|front|story|tag|air"
    r"|sky|life|main|first|last|next|one|single|multi|a|the|per|each|this|that|every|end|command|product|production"
    r"|assembly|dotted|straight|punch|finish|top|byline|side|starting|fine|plot|help|phone)[\s\-]?$"
)
_LATIN_WORD_AFTER = re.compile(
    r"[\s\-]?(?:height|break|chart|graph|art|up|number|spacing|feed|item|drawing|of|by|through|clamp|width|ending|endings"
    r"|breaks|manager|cap|join|style|color|colour|segment|shape|tool)(?![a-z])"
)
# the subject of a job: a LINE product, or what is done with the channel
_PRODUCT = (
    r"スタンプ|絵文字|着せ(?:かえ|替え)|マンガ|漫画|ミュージック|music|pay(?![a-z])|ペイ|証券|ニュース|news|ヤフー|yahoo"
    r"|株式会社|社(?![会交員長内外])|バイト|ゲーム|game|占い|ドクター|ポイント|広告|ads(?![a-z])|api|bot(?![a-z])|ボット"
    r"|ミニアプリ|liff|クリエイターズ|creators|家計簿|ブログ|blog|映え|フォント|ヘルスケア|マーケティング|ギフト|レンズ"
    r"|予約システム|予約機能|ミニゲーム|英会話|シェアボタン|で送る」?\s?ボタン"
)
_ACCOUNT = (
    r"公式アカウント|公式|official(?:\s?account)?|アカウント|@|サーバー|サーバ|server|グループ|チャンネル|ページ|投稿"
    r"|ビジネス(?:アカウント)?|ショップ|ライブ|リール|ストーリーズ|ストーリー|works|ワークス|オープンチャット|広告|フィード"
)
_JOB = (
    r"運用|構築|開発|導入|連携|活用|制作|作成|設定代行|代行|配信|運営|集客|マーケ|コンサル|分析|解説|使い方|攻略|デザイン"
    r"|記事|ライティング|マニュアル|リッチメニュー|ステップ配信|自動応答|チャットボット|実装|カスタマイズ|保守"
    r"|プロモーション|研修|講座|講師|撮影|編集|フォロワー|改善|企画|戦略|広報|移行支援|アフィリエイト|ツール"
    r"|投稿文|投稿作成|投稿の作成|投稿用|ガイドライン"
)
# (配信 and 記事 a few words after an account are as often what a scam offers: leave them out)
_JOB_LATER = _JOB.replace("|配信", "").replace("|記事", "")
_SUBJECT = re.compile(
    rf"\s?(?:の\s?)?(?:{_PRODUCT})|\s?(?:の\s?)?(?:(?:{_ACCOUNT})\s?(?:の\s?)?){{0,2}}(?:{_JOB})"
    # a business's official account, and what is done with it a few words on
    # (LINE公式アカウントを2店舗運用, LINE公式アカウントの管理画面には、運用担当として)
    rf"|\s?(?:の\s?)?(?:公式アカウント|公式|official|管理画面)[^。!?\n]{{0,12}}?(?:{_JOB_LATER})"
)
# a mention followed by an account noun: about the job when the message already names the
# channel as the subject of the job ([LINE公式アカウント運用代行] 美容室のLINE公式アカウントで…)
_ACCOUNT_AFTER = re.compile(rf"\s?(?:の\s?)?(?:{_ACCOUNT})")
_LIST_GAP = re.compile(r"\s?(?:・|/|&|、|,|と|や|and|or)\s?")
_PARTICLES = frozenset("のでにをはともがかやへ")
_ROMAJI_NEXT_OK = frozenset({"id", "de", "ni", "no", "wo", "ha", "ga", "to", "kara", "made", "desu"})
_PREV_WORD = re.compile(r"([a-z]+)\s*$")
_NEXT_WORD = re.compile(r"\s*([a-z]+)")


def _letters(segment: str) -> int:
    """How many letters ``segment`` spells (separators and masks do not count)."""
    return len(segment) - len(_NOT_LETTERS.findall(segment))


def _latin_ok(text: str, start: int, end: int, key: str) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and before.isascii() and (before.isalpha() or before in "_@."):
        return False
    if after and after.isascii() and (after.isalpha() or after in "_@"):
        return False
    if after == "." and end + 1 < len(text) and "a" <= text[end + 1] <= "z":
        return False  # a host or a module (discord.py, line.me): the URL detector reads links
    if key == "line":
        if _LATIN_WORD_BEFORE.search(text, max(0, start - 16), start):
            return False
        if _LATIN_WORD_AFTER.match(text, end):
            return False
    return True


def _kana_ok(text: str, start: int, end: int, key: str, hiragana: bool) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if hiragana:
        if is_hiragana(before) and before not in _PARTICLES:
            return False
    else:
        if is_katakana(before) and not _KANA_BEFORE.search(text, max(0, start - 7), start):
            return False
        if is_katakana(after) and not _KANA_NEXT.match(text, end):
            return False
    return not (
        key == "line"
        and (_LINE_KANJI_BEFORE.search(text, max(0, start - 6), start) or _LINE_KANA_AFTER.match(text, end))
    )


def _romaji_ok(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return False
    prev = _PREV_WORD.search(text, max(0, start - 12), start)
    nxt = _NEXT_WORD.match(text, end)
    return prev is None and (nxt is None or nxt.group(1) in _ROMAJI_NEXT_OK)


def _matches(text: str) -> list[tuple[int, int, str, str, int]]:
    """Every (start, end, key, kind, letters of the spelling) where a spelling matches, in
    text order."""
    found = [(m.start(), m.end(), *_PLAIN_KEYS[(m.lastindex or 1) - 1]) for m in _PLAIN.finditer(text)]
    if _LETTER.search(text):
        found += [(m.start(), m.end(), *_ASCII_KEYS[(m.lastindex or 1) - 1]) for m in _ASCII.finditer(text)]
        found.sort()
    return found


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """Every spelling that reads as a channel by its own letters and neighbours."""
    found: list[tuple[int, int, str]] = []
    for start, end, key, kind, size in _matches(text):
        if kind in "lkh" and _letters(text[start:end]) < size - 1:
            continue  # at most one letter masked
        if kind == "l":
            ok = _latin_ok(text, start, end, key)
        elif kind in "kh":
            ok = _kana_ok(text, start, end, key, kind == "h")
        elif kind == "r":
            ok = _romaji_ok(text, start, end)
        else:
            ok = True
        if ok and not (found and found[-1][0] <= start and end <= found[-1][1]):  # x(旧twitter) once
            found.append((start, end, key))
    return found


def _drop_subjects(text: str, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Leave out mentions that name what a job is about; a mention listed right before one
    that does (LINE・Instagramの運用代行) is about the job too, and so is a later mention of
    the same channel's account in a message about that job."""
    keep: list[tuple[int, int, str]] = []
    subject_from = -1  # start of the mention just after, when that one names a subject
    for start, end, key in reversed(found):
        is_subject = _SUBJECT.match(text, end) is not None or (
            subject_from >= 0 and _LIST_GAP.fullmatch(text, end, subject_from) is not None
        )
        if is_subject:
            subject_from = start
            continue
        subject_from = -1
        keep.append((start, end, key))
    keep.reverse()
    kept = set(keep)
    subjects = {m[2] for m in found if m not in kept}
    if subjects:
        keep = [m for m in keep if not (m[2] in subjects and _ACCOUNT_AFTER.match(text, m[1]))]
    return keep


_last = threading.local()


def mentions(text: str) -> list[Entity]:
    """The channel mentions in ``text``; other detectors read them too, so the result for the
    text seen last is kept (per thread, by identity: no hashing of long texts)."""
    if getattr(_last, "text", None) is text:
        found: list[Entity] = _last.found
        return found
    found = [Entity("channel", s, e, k, channel=k) for s, e, k in _drop_subjects(text, _candidates(text))]
    _last.text, _last.found = text, found
    return found


def nearest(found: list[Entity], starts: list[int], start: int, end: int, limit: int) -> str | None:
    """The channel of the mention in ``found`` (sorted, with ``starts`` their start offsets)
    closest to ``text[start:end]``, at most ``limit`` characters away, else None.

    >>> m = [Entity("channel", 0, 4, "line", channel="line"), Entity("channel", 30, 34, "x", channel="x")]
    >>> nearest(m, [0, 30], 8, 12, 10), nearest(m, [0, 30], 20, 25, 10), nearest(m, [0, 30], 20, 25, 3)
    ('line', 'x', None)
    """
    i = bisect_left(starts, end)
    best: tuple[int, str] | None = None
    for j in (i - 2, i - 1, i):
        channel = found[j].channel if 0 <= j < len(found) else None
        if channel is not None:
            gap = max(0, start - found[j].end, found[j].start - end)
            if gap <= limit and (best is None or gap < best[0]):
                best = (gap, channel)
    return best[1] if best else None


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find mentions of outside channels; ``value`` and ``channel`` are the channel's key.

    >>> [e.value for e in detect("ラインかチャットワークで。オンライン可", EntityConfig())]
    ['line', 'chatwork']
    >>> [e.value for e in detect("l i n e か l1ne か ら・い・ん、緑のアプリ", EntityConfig())]
    ['line', 'line', 'line', 'line']
    >>> detect("LINEスタンプ制作とインスタ運用代行、製造ラインのライン作業、deadline", EntityConfig())
    []
    """
    return list(mentions(text))
