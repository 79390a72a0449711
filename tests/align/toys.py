"""Hand-made corpora whose right links are known."""
from __future__ import annotations

Pair = tuple[list[str], list[str]]


def pairs(rows: list[tuple[str, str]]) -> list[Pair]:
    """Space-separated token pairs."""
    return [(source.split(), target.split()) for source, target in rows]


def words(links: list[tuple[int, int]], pair: Pair) -> set[tuple[str, str]]:
    """Links as (source word, target word)."""
    source, target = pair
    return {(source[i], target[j]) for i, j in links}


# Koehn's classic: every word follows from the others by elimination.
GERMAN = pairs([("das haus", "the house"), ("das buch", "the book"), ("ein buch", "a book")])

# English -> Vietnamese software strings: one English word is a two-syllable Vietnamese word
# ("file" -> "tập tin", "user" -> "người dùng"), and adjectives follow their noun ("new user" ->
# "người dùng mới"), against the diagonal.
VIETNAMESE = pairs([
    ("open file", "mở tập tin"),
    ("save file", "lưu tập tin"),
    ("delete user", "xóa người dùng"),
    ("new user", "người dùng mới"),
    ("new file", "tập tin mới"),
    ("open", "mở"),
    ("save", "lưu"),
    ("delete file", "xóa tập tin"),
    ("user file", "tập tin của người dùng"),
    ("delete", "xóa"),
    ("new", "mới"),
])

# English -> Japanese with one token per character (no spaces in the language).
JAPANESE = [(source.split(), list(target)) for source, target in [
    ("file", "ファイル"),
    ("open file", "ファイルを開く"),
    ("delete file", "ファイルを削除"),
    ("open", "開く"),
    ("delete", "削除"),
    ("error", "エラー"),
    ("file error", "ファイルエラー"),
    ("delete error", "削除エラー"),
]]

# "user name" always comes as "tên người dùng" (name of user): the data cannot tell which
# word is which, and the diagonal prior links them in order, wrongly.
USER_NAME = pairs([("user name", "tên người dùng")] * 3 + [
    ("change user name", "đổi tên người dùng"),
    ("open file", "mở tập tin"),
    ("file name", "tên tập tin"),
])
