"""Mentions of outside channels (LINE, Chatwork, Skype…), in the spellings users write."""

from __future__ import annotations

import regex

from scamguard.entities.base import Entity, EntityConfig

__all__ = ["detect"]

_KATA = r"\p{Katakana}ー"
# what follows LINE when LINE is the subject of a job, not a channel to move to
_LINE_SUBJECTS = "スタンプ|公式|広告|マンガ|漫画|ミュージック|ヤフー|株式会社|api|bot|ボット|ミニアプリ|pay|payment|ペイ|証券|バイト|ニュース|ギフト|绘文字|絵文字|着せ|クリエイターズ|works|ワークス|の公式|@の運用|構築|連携|開発"
# channel key -> pattern on the normalized (NFKC, lower-case) text
_CHANNELS: dict[str, str] = {
    "line": rf"(?:(?<![a-z])line(?![a-z])|(?<![{_KATA}])ライン(?![{_KATA}])|(?<![\p{{Hiragana}}])らいん(?![\p{{Hiragana}}]))(?!\s*(?:{_LINE_SUBJECTS}))",
    "chatwork": rf"chat ?work|(?<![{_KATA}])チャットワーク|(?<![{_KATA}])チャワ(?![{_KATA}])|ちゃっとわーく",
    "skype": r"skype|スカイプ",
    "discord": rf"discord|ディスコード|(?<![{_KATA}])ディスコ(?![{_KATA}])",
    "instagram": rf"instagram|(?<![{_KATA}])インスタ",
    "telegram": r"telegram|テレグラム",
    "email": r"メアド|メールアドレス|e-?mail(?![a-z])|gmail",
}
_PATTERN = regex.compile("|".join(f"(?P<{k}>{p})" for k, p in _CHANNELS.items()))


def detect(text: str, config: EntityConfig) -> list[Entity]:
    """Find channel names.

    >>> [e.value for e in detect("ラインかチャットワークで。オンライン可", EntityConfig())]
    ['line', 'chatwork']
    """
    found: list[Entity] = []
    for m in _PATTERN.finditer(text):
        key = m.lastgroup or ""
        found.append(Entity("channel", m.start(), m.end(), key, channel=key))
    return found
