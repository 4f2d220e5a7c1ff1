"""Bytes to text: encodings guessed and said, binary files refused, control characters
dropped, gzip checked before it is read, sizes written for people."""

from __future__ import annotations

import codecs
import os
import re
import zlib

#: A gzip member that expands more than this many times its size is refused: JSONL
#: and WARC text compress 3 to 10 times; 1 GB of newlines compresses 200 times.
MAX_GZIP_RATIO = 100
#: Slack on top of the ratio, so small archives of repetitive text pass.
GZIP_SLACK_BYTES = 10_000_000
#: Share of control bytes (other than tab, newline, carriage return, form feed) above
#: which a file is binary: text has none; random bytes have about 11 %.
MAX_CONTROL_SHARE = 0.01

_UTF8_BOMS = (codecs.BOM_UTF8,)
_BINARY_SIGNATURES = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF")


class Refused(Exception):
    """A whole file cannot be read; the message names why."""


def _surrogate_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decode a byte that is not valid UTF-8 as cp1252 (latin-1 where cp1252 has no glyph)."""
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    byte = error.object[error.start : error.start + 1]
    try:
        return byte.decode("cp1252"), error.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), error.start + 1


codecs.register_error("storyline-cp1252", _surrogate_cp1252)


_CONTROL_CHARS = dict.fromkeys(b for b in range(32) if b not in b"\t\n\r\f")
_CONTROL_CHARS[0x7F] = None


def drop_controls(text: str) -> str:
    """The text without control characters (NUL and the like, never article text),
    which would otherwise be copied into every report."""
    return text.translate(_CONTROL_CHARS) if _CONTROL.search(text) else text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes to text; the warnings say what was guessed. Control characters (a stray
    NUL) are dropped: they are never article text."""
    text, warnings = _decode(data)
    return drop_controls(text), warnings


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith(_UTF8_BOMS):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as exc:
            raise Refused(f"not valid UTF-16 ({exc.reason} at byte {exc.start}; skipped)") from None
    if any(data.startswith(sig) for sig in _BINARY_SIGNATURES):
        raise Refused("binary file, not text (skipped)")
    if b"\x00" in data[:4096]:
        raise Refused("binary file, not text (NUL bytes; skipped)")
    if _control_share(data) > MAX_CONTROL_SHARE:
        raise Refused("binary file, not text (control bytes; skipped)")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 127) - bad
    if multibyte > 0:
        # Mostly UTF-8 with stray single-byte characters: a mixed-encoding file.
        text = data.decode("utf-8", errors="storyline-cp1252")
        return text, [f"mixed encoding: {bad} byte(s) not valid UTF-8 were read as cp1252"]
    western = _plausible_cp1252(data)
    if western is not None:
        return western, ["not UTF-8: decoded as cp1252"]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise Refused("cannot detect the text encoding (binary or corrupt file; skipped)")
    text = str(best)
    if sum(1 for ch in text if not ch.isprintable() and ch not in "\n\r\t\f") > len(text) * 0.05:
        raise Refused("binary file, not text (skipped)")
    return text, [f"not UTF-8: decoded as {best.encoding}"]


_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"
_SAMPLE_BYTES = 65_536


def _control_share(data: bytes) -> float:
    """Share of control bytes in the first ``_SAMPLE_BYTES`` (none in any text)."""
    sample = data[:_SAMPLE_BYTES]
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


#: Characters cp1252 text of a Western European language is made of beyond ASCII.
_WESTERN = set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ‘’“”–—…€£°©®«»·")


def _plausible_cp1252(data: bytes) -> str | None:
    """cp1252 text when every non-ASCII byte decodes to a common Western character.

    Legacy English news files are overwhelmingly cp1252; charset detection on a
    short text often guesses a Baltic or Cyrillic code page instead.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    extra = [ch for ch in text if ord(ch) > 127]
    return text if extra and all(ch in _WESTERN for ch in extra) else None


def human_size(n: float) -> str:
    for unit in ("bytes", "kB", "MB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit == "bytes" or n == int(n) else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def over_limit(what: str, size: int, limit: int, hint: str = "") -> str:
    """'file is 10.2 kB, over the 10 kB limit': exact bytes when the rounding hides it."""
    shown, cap = human_size(size), human_size(limit)
    if shown == cap or size < limit * 1.01:  # rounding would hide the difference
        shown, cap = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{what} is {shown}, over the {cap} limit" + (f" ({hint})" if hint else "")


def check_gzip(path: str) -> None:
    """Refuse a gzip file that is corrupt, cut off, or expands too far, before any of
    it is read: gzip checks its CRC only at the end, after the garbled records."""
    limit = os.stat(path).st_size * MAX_GZIP_RATIO + GZIP_SLACK_BYTES
    expanded = 0
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    with open(path, "rb") as fh:
        # 64 kB of input at a time: deflate expands at most about 1,000 times.
        while block := fh.read(65_536):
            while block:
                try:
                    expanded += len(inflater.decompress(block))
                except zlib.error as exc:
                    raise Refused(f"corrupt gzip data ({exc}); nothing read from it") from None
                block = b""
                if inflater.eof:  # the next member, if any (WARC writes one per record)
                    block = inflater.unused_data
                    if block.strip(b"\x00"):
                        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
                    else:
                        block = b""
                if expanded > limit:
                    raise Refused(
                        f"gzip expands over {MAX_GZIP_RATIO} times its size "
                        f"(over {human_size(limit)}); refused as a likely gzip bomb"
                    )
    if not inflater.eof:
        raise Refused("gzip file is cut off (truncated); nothing read from it")
