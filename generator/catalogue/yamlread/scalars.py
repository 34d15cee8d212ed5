"""What a plain YAML scalar means: YAML 1.2's core schema, checked against YAML 1.1.

A plain (unquoted) scalar is read as YAML 1.2.2's core schema says (section 10.3.2):

- null: ``null``, ``Null``, ``NULL``, ``~`` and nothing; booleans: ``true``, ``True``,
  ``TRUE``, ``false``, ``False``, ``FALSE``;
- integers: ``[-+]?[0-9]+``, ``0o[0-7]+`` (octal), ``0x[0-9a-fA-F]+`` (hexadecimal; a sign
  makes either text, as the core schema has it);
- floats: ``[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?``, ``[-+]?.inf`` and
  ``.nan`` in their three spellings;
- anything else is text.

Many tools still read YAML 1.1, where the same characters can mean something else. A plain
scalar that YAML 1.1 (as PyYAML, the reader most Python tools use, implements it) reads as
a boolean, number or date other than what YAML 1.2 reads is an error, so a catalogue means
one thing whichever tool reads it. Each names what YAML 1.1 reads:

- ``yaml-ambiguous-boolean``: ``Yes``, ``No``, ``on``, ``off``, ``y``, ``n``... (``yes`` and ``no``
  are the schema's states and are read as those words);
- ``yaml-ambiguous-number``: ``1:30`` (90, base 60), ``017`` (octal 15; 17 in YAML 1.2),
  ``0b1010`` (10), ``1_000`` (1000), ``1:30.5`` (90.5), ``+0x1F`` (31);
- ``yaml-ambiguous-date``: ``2026-01-01``, ``2026-01-01 10:00:00`` (a date, a date and time).

Where YAML 1.1 reads text and YAML 1.2 a number (``0o17``, ``1e3``, ``08``), the value is the
number, and the schema says so where it expects text. A number the reader cannot hold
exactly is refused: more than 4,300 digits (``yaml-number-too-long``; Python's own limit for
turning digits into an integer), or a float too large for one (``yaml-number-too-large``,
``1e400``, which would silently become infinity).
"""

from __future__ import annotations

import math
import re
import sys
from functools import cache
from typing import Any

MAX_NUMBER_DIGITS = 4300
"""Python's default limit for reading digits as an integer; no catalogue needs a number this long."""

Trouble = tuple[str, str]
"""What is wrong with a scalar: the message and the problem's code."""

PLAIN_WORDS: dict[str, Any] = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
}  # fmt: skip
NUMBER_START = frozenset("-+.0123456789")
"""The first characters of every number and date of YAML 1.1 and 1.2; other words are text."""

# YAML 1.1 booleans that YAML 1.2 reads as text. `yes` and `no` are the schema's own
# states and are read as those strings; the other spellings are refused.
YAML11_BOOLEANS = frozenset({"Yes", "YES", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"})

# YAML 1.2.2's core schema (10.3.2), matched against the whole scalar.
_INT = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEXADECIMAL = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = {
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip

# YAML 1.1 as PyYAML resolves it (yaml/resolver.py), matched against the whole scalar.
_INT_11 = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
_FLOAT_11 = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_DATE_11 = re.compile(r"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]")
_DATE_TIME_11 = re.compile(
    r"[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?"
)
_SHOWN = 10**15
"""YAML 1.1's value is written in a message only below this: a huge one says nothing more."""


def resolve(text: str) -> Any:
    """A plain scalar's value as YAML 1.2's core schema reads it (text where it is refused)."""
    return read_plain(text)[0]


def read_plain(text: str) -> tuple[Any, Trouble | None]:
    """A plain scalar's value, and what is wrong with it if anything."""
    if text in PLAIN_WORDS:
        return PLAIN_WORDS[text], None
    if text in YAML11_BOOLEANS:
        return text, (
            f"'{text}' is a boolean in YAML 1.1 and is read differently by other tools; "
            "write 'yes' or 'no' for a state, true or false for a flag, or quote it for text",
            "yaml-ambiguous-boolean",
        )
    if text[0] not in NUMBER_START:
        return text, None
    value, trouble = _number(text)
    return value, trouble or _yaml11_reading(text, value)


def _digit_limit() -> int:
    # The interpreter may be told to take fewer digits (PYTHONINTMAXSTRDIGITS, at least 640).
    return min(MAX_NUMBER_DIGITS, sys.get_int_max_str_digits() or MAX_NUMBER_DIGITS)


@cache
def _power_of_ten(digits: int) -> int:
    return int(10**digits)


def _too_long(digits: int | None, limit: int) -> Trouble:
    if digits is None:  # hexadecimal or octal
        return (
            f"the number is too large: in decimal it has more than the {limit:,} digits a number may have; "
            "quote it if it is text",
            "yaml-number-too-long",
        )
    return (
        f"the number has {digits:,} digits, more than the {limit:,} a number may have; quote it if it is text",
        "yaml-number-too-long",
    )


def _number(text: str) -> tuple[Any, Trouble | None]:
    """YAML 1.2's reading of a scalar that may be a number; a number the reader cannot
    hold exactly stays text, with the trouble that says why."""
    limit = _digit_limit()
    if _INT.fullmatch(text):
        digits = len(text) - (text[0] in "+-")
        if digits > limit:
            return text, _too_long(digits, limit)
        return int(text), None
    if _OCTAL.fullmatch(text) or _HEXADECIMAL.fullmatch(text):
        number = int(text[2:], 8 if text[1] == "o" else 16)  # powers of two: no digit limit, linear
        if number >= _power_of_ten(limit):  # would fail later, wherever it is written in decimal
            return text, _too_long(None, limit)
        return number, None
    if _FLOAT.fullmatch(text):
        digits = len(text) - sum(text.count(char) for char in "+-.eE")
        if digits > limit:
            return text, _too_long(digits, limit)
        real = float(text)
        if math.isinf(real):
            return text, (
                f"'{_cut(text)}' is too large for a number and would be read as infinity; "
                "write .inf for infinity, or quote it if it is text",
                "yaml-number-too-large",
            )
        return real, None
    if text in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text], None
    return text, None


def _yaml11_reading(text: str, value: Any) -> Trouble | None:
    """What is wrong when YAML 1.1 reads ``text`` as another value than YAML 1.2's ``value``."""
    if _INT_11.fullmatch(text):
        meant: Any = _int_11(text)
    elif _FLOAT_11.fullmatch(text):
        meant = _float_11(text)
    elif _DATE_11.fullmatch(text) or _DATE_TIME_11.fullmatch(text):
        what = "a date" if _DATE_11.fullmatch(text) else "a date and time"
        return (
            f"'{text}' is {what} in YAML 1.1 and is read differently by other tools; quote it for text",
            "yaml-ambiguous-date",
        )
    else:
        return None
    if _same_number(meant, value):
        return None
    shown = _shown(meant)
    if not isinstance(value, str):  # a leading zero: octal in YAML 1.1, decimal in YAML 1.2
        both = (
            f"the octal number {shown} in YAML 1.1 but {_shown(value)} in YAML 1.2"
            if shown and _shown(value)
            else "an octal number in YAML 1.1 but a decimal one in YAML 1.2"
        )
        message = (
            f"'{_cut(text)}' is {both}, so other tools read it differently; "
            "write the number without its leading zero, or quote it for text"
        )
    elif shown is None:
        message = f"'{_cut(text)}' is a number in YAML 1.1 and is read differently by other tools; quote it for text"
    else:
        message = (
            f"'{text}' is the number {shown} in YAML 1.1 and is read differently by other tools; "
            f"write {shown} for the number, or quote it for text"
        )
    return message, "yaml-ambiguous-number"


def _int_11(text: str) -> int | None:
    """YAML 1.1's integer, as PyYAML constructs it; None when it has too many digits to compute."""
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("+-")
    if digits.startswith(("0b", "0x")):
        return sign * int(digits[2:] or "0", 2 if digits[1] == "b" else 16)
    if digits.startswith("0"):
        return sign * int(digits, 8)
    if len(text) > _digit_limit():
        return None
    if ":" in digits:
        number = 0
        for part in digits.split(":"):
            number = number * 60 + int(part)
        return sign * number
    return sign * int(digits)


def _float_11(text: str) -> float | None:
    """YAML 1.1's float, as PyYAML constructs it; None when it has too many digits to compute."""
    digits = text.replace("_", "").lower()
    sign = -1.0 if digits[0] == "-" else 1.0
    digits = digits.lstrip("+-")
    if digits == ".inf":
        return sign * math.inf
    if digits == ".nan":
        return math.nan
    if len(text) > _digit_limit():
        return None
    if ":" in digits:
        number = 0.0
        for part in digits.split(":"):
            number = number * 60 + float(part)
        return sign * number
    return sign * float(digits)


def _same_number(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def _shown(number: Any) -> str | None:
    """A number as a message writes it, or None when it is too large to be worth writing."""
    if isinstance(number, int) and abs(number) < _SHOWN:
        return str(number)
    if isinstance(number, float) and math.isfinite(number) and abs(number) < _SHOWN:
        return repr(number)
    return None


def _cut(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
