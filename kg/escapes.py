"""The one escaping function for text kg prints to a terminal (kg list, show, query's table,
error messages): text from a store or a user made unable to drive the terminal."""

from __future__ import annotations

import re

# Control characters, line and paragraph separators, and the marks that reorder text right to
# left: printed raw they move the cursor, recolour or clear the terminal, set its title (ESC ]),
# or forge lines.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def for_terminal(text: str, *, keep_newlines: bool = False) -> str:
    """Text made safe to print: each unprintable character written as a visible escape (\\x1b,
    \\n, \\u202e), so what is shown is what is stored; with `keep_newlines`, line ends stay."""
    def escape(match: re.Match) -> str:
        char = match.group()
        if keep_newlines and char == "\n":
            return char
        code = ord(char)
        return _NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")

    return _UNPRINTABLE.sub(escape, text)


_ESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|([nrt]))")
_NAMED_CHARS = {"n": "\n", "r": "\r", "t": "\t"}


def from_terminal(text: str) -> str:
    """What for_terminal printed, back as it is stored: the escapes it writes (\\x00, \\x1b, \\n,
    \\u202e) for the characters it escapes, and nothing else, so that an id `kg list` shows
    escaped can be given back to `kg remove` as shown."""
    def unescape(match: re.Match) -> str:
        hex_code = match.group(1) or match.group(2)
        char = chr(int(hex_code, 16)) if hex_code else _NAMED_CHARS[match.group(3)]
        return char if _UNPRINTABLE.fullmatch(char) else match.group()

    return _ESCAPE.sub(unescape, text)
