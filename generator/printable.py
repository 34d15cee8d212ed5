"""Text that can be printed as it is meant: on one line, in the order it was written, in any encoding."""

from __future__ import annotations

import re

# Characters that must not reach a terminal as they are: controls (a newline, a terminal escape), line
# and paragraph separators, and every format character of Unicode (category Cf: the bidirectional
# overrides that reorder a line, the zero-width ones that hide in a name), as of Unicode 14; a test
# holds the list to unicodedata. Lone surrogates stand for bytes of a file name that are not UTF-8.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\ud800-\udfff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_line(text: str) -> str:
    """Text for a terminal line: controls, bidirectional and zero-width characters written as escapes,
    so a problem stays one line and reads in the order it was written."""
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


def encodable(text: str) -> str:
    """Text any UTF-8 stream can hold: lone surrogates (bytes of a file name that are not UTF-8) as escapes."""
    return _SURROGATES.sub(lambda m: _escape(m.group()), text)
