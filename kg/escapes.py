"""The one escaping function for text kg prints to a terminal (kg list, show, query's table,
error messages): text from a store or a user made unable to drive the terminal."""

from __future__ import annotations

import re

# Control characters, line and paragraph separators, and the marks that reorder text right to
# left: printed raw they move the cursor, recolour or clear the terminal, set its title (ESC ]),
# or forge lines.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def for_terminal(text: str, *, keep_newlines: bool = False, keep_tabs: bool = False, json: bool = False) -> str:
    """Text made safe to print: each unprintable character written as a visible escape (\\x1b,
    \\n, \\u202e), so what is shown is what is stored. With `keep_newlines`, line ends stay (a
    carriage return too, right before a line feed: CSV's line end); with `keep_tabs`, tabs (TSV's
    columns), neither of which moves the cursor back over what is shown. With `json`, every escape
    is \\uXXXX, which in a JSON string (the only place JSON has these characters) is the same
    character: JSON text stays valid JSON, with the same data."""
    def escape(match: re.Match) -> str:
        char = match.group()
        if keep_newlines and char in ("\n", "\r\n") or keep_tabs and char == "\t":
            return char
        code = ord(char[0])
        if json:
            return f"\\u{code:04x}" + escape_rest(char)
        return (_NAMED_ESCAPES.get(char[0]) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")) + escape_rest(char)

    def escape_rest(char: str) -> str:  # the LF of a CRLF whose CR is escaped
        return _UNPRINTABLE.sub(escape, char[1:]) if len(char) > 1 else ""

    return _LINE_END_OR_UNPRINTABLE.sub(escape, text)


_LINE_END_OR_UNPRINTABLE = re.compile(f"\r\n|{_UNPRINTABLE.pattern}")


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
