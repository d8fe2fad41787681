"""What a call sounds like: the recorded clips, in order, for each language.

Halls chain short recorded clips into one announcement. A clip is named by its file
under the clip folder without ``.wav`` (``zh/qing`` is 请); tools/make-voice-clips.sh
makes the set. Ticket numbers are read one character at a time ("A 0 2 3"), counter
numbers as numbers ("十二号", "twelve") up to 99 and digit by digit above.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")

CHIME = "chime"
LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ZH_WORDS = ("zh/qing", "zh/hao", "zh/dao", "zh/chuangkou_banli", "zh/shi")
_EN_WORDS = ("en/ticket", "en/please_go_to_counter")


def every_clip() -> tuple[str, ...]:
    """Every clip an announcement may use: what the clip folder must hold."""
    zh = (*_ZH_WORDS, *(f"zh/{d}" for d in range(10)), *(f"zh/{c}" for c in LETTERS))
    en = (
        *_EN_WORDS,
        *(f"en/{n}" for n in range(20)),
        *(f"en/{n}" for n in range(20, 100, 10)),
        *(f"en/{c}" for c in LETTERS),
    )
    return (CHIME, *zh, *en)


def spell(lang: Language, text: str) -> list[str]:
    """A ticket number read one letter or digit at a time; other characters are silent."""
    return [f"{lang}/{c}" for c in text.upper() if c.isascii() and c.isalnum()]


def zh_number(n: int) -> list[str]:
    """1-99 as Chinese numerals (十二, 二十, 二十三); other numbers digit by digit."""
    if not 1 <= n <= 99:
        return spell("zh", str(n))
    tens, ones = divmod(n, 10)
    clips = []
    if tens:
        clips += ([] if tens == 1 else [f"zh/{tens}"]) + ["zh/shi"]
    if ones:
        clips.append(f"zh/{ones}")
    return clips


def en_number(n: int) -> list[str]:
    """0-99 as English words (twelve, twenty-three); larger numbers digit by digit."""
    if not 0 <= n <= 99:
        return spell("en", str(n))
    if n < 20:
        return [f"en/{n}"]
    tens, ones = divmod(n, 10)
    return [f"en/{tens * 10}"] + ([f"en/{ones}"] if ones else [])


def call_clips(lang: Language, number: str, counter: int) -> tuple[str, ...]:
    """The clips of one call in one language, without the chime.

    zh: 请 A 0 2 3 号 到 3 号 窗口办理; en: Ticket A 0 2 3, please go to counter 3."""
    if lang == "zh":
        return (
            "zh/qing",
            *spell("zh", number),
            "zh/hao",
            "zh/dao",
            *zh_number(counter),
            "zh/hao",
            "zh/chuangkou_banli",
        )
    return ("en/ticket", *spell("en", number), "en/please_go_to_counter", *en_number(counter))


def announcement_clips(
    number: str, counter: int, languages: tuple[Language, ...] = LANGUAGES
) -> tuple[str, ...]:
    """One announcement: the chime, then the call in each language in turn."""
    clips: list[str] = [CHIME]
    for lang in languages:
        clips += call_clips(lang, number, counter)
    return tuple(clips)


def announcement_text(number: str, counter: int, recall: bool = False) -> tuple[str, str]:
    """What an announcement says, in Chinese and English, as words (the log, the
    simulated voice): the clips of :func:`announcement_clips` read aloud, a recall
    prefixed with 再次 / "Again: "."""
    zh = f"请 {number} 号到 {counter} 号窗口办理"
    en = f"Ticket {number}, please go to counter {counter}"
    return (f"再次{zh}", f"Again: {en}") if recall else (zh, en)
