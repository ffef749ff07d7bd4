"""The hostile-file corpus for the upload routes (issue 15): malformed transcripts for
/teach/new and malformed course packages for /teach/upload, each with the message its refusal
must show. Built at run time, so no odd bytes live in the repository."""

from __future__ import annotations

import hashlib
import io
import stat
import warnings
import zipfile
from pathlib import Path

VALID = Path(__file__).resolve().parents[1] / "coursepack" / "fixtures" / "valid"
MB = 1024 * 1024

TALK = (
    "Host: Why did you move abroad?\n"
    "Ada: My mentor said the university supported it, so I just did it.\n"
    "Host: What surprised you?\n"
    "Ada: The people who wrote the papers I liked were alive and teaching.\n"
) * 20


def valid_files() -> dict[str, bytes]:
    return {
        str(path.relative_to(VALID)): path.read_bytes()
        for path in sorted(VALID.rglob("*"))
        if path.is_file()
    }


def make_zip(files: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def package(**changes: bytes | None) -> bytes:
    """The valid package zipped, with files replaced (bytes) or left out (None); a key's "__"
    stands for "/" (lessons__advice_md is lessons/advice.md)."""
    files = valid_files()
    for key, data in changes.items():
        name = key.replace("__", "/").replace("_md", ".md").replace("_yaml", ".yaml")
        name = name.replace("_txt", ".txt")
        if data is None:
            files.pop(name, None)
        else:
            files[name] = data
    return make_zip(files)


def _edited(name: str, old: str, new: str) -> bytes:
    text = (VALID / name).read_text(encoding="utf-8")
    assert old in text, (name, old)
    return text.replace(old, new, 1).encode("utf-8")


def _zip_with_info(info: zipfile.ZipInfo, data: bytes) -> bytes:
    files = valid_files()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
        archive.writestr(info, data)
    return buffer.getvalue()


def _twice(name: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile: "Duplicate name"
        info = zipfile.ZipInfo(name)
        return _zip_with_info(info, b"slug: other\n")


def _link(name: str, target: str, kind: int = stat.S_IFLNK) -> bytes:
    info = zipfile.ZipInfo(name)
    info.external_attr = (kind | 0o777) << 16
    return _zip_with_info(info, target.encode())


def _corrupt_crc() -> bytes:
    data = bytearray(make_zip(valid_files(), method=zipfile.ZIP_STORED))
    at = data.index(b"slug: valid")  # stored, so the text is there as is: change one byte
    data[at] = ord("S")
    return bytes(data)


def _method(value: int) -> bytes:
    """A zip whose course.yaml claims a compression method (99: AES, 1: Shrink)."""
    data = bytearray(make_zip(valid_files(), method=zipfile.ZIP_STORED))
    name = b"course.yaml"
    local = data.index(b"PK\x03\x04")  # a local header: method at +8, name at +30
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.index(b"PK\x03\x04", local + 4)
    data[local + 8 : local + 10] = value.to_bytes(2, "little")
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.index(b"PK\x01\x02", central + 4)
    data[central + 10 : central + 12] = value.to_bytes(2, "little")
    return bytes(data)


def _encrypted() -> bytes:
    """A member flagged as encrypted (bit 0 of its flags), as a password-protected zip has."""
    data = bytearray(make_zip(valid_files(), method=zipfile.ZIP_STORED))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature)
        data[at + offset] |= 1
    return bytes(data)


def _billion_laughs() -> bytes:
    """Nine levels of nine aliases each: 9**9 strings if a loader expanded them."""
    lines = [
        "slug: valid",
        'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    for level in range(1, 10):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    lines.append("title: *l9")
    return ("\n".join(lines) + "\n").encode()


def _incompressible(size: int) -> bytes:
    """`size` letters on one line that deflate cannot shrink much (no zip-bomb ratio)."""
    out, block = bytearray(), b"seed"
    while len(out) < size:
        block = hashlib.sha256(block).hexdigest().encode()
        out += block
    return bytes(out[:size])


UNPACK = "cannot be unpacked"
NOT_A_ZIP = "The file is not a zip archive."
OUTSIDE = "The zip holds a path outside the package"
NO_COURSE = "The zip holds no course.yaml"
PROBLEMS = "The package has problems:"

# name -> (zip bytes, text the refusal shows)
PACKAGES: dict[str, tuple[bytes, str]] = {
    "empty file": (b"", NOT_A_ZIP),
    "plain text named .zip": (b"slug: valid\n", NOT_A_ZIP),
    "a PNG": (b"\x89PNG\r\n\x1a\n" + bytes(200), NOT_A_ZIP),
    "truncated zip": (package()[:600], NOT_A_ZIP),
    "only NUL bytes": (bytes(4096), NOT_A_ZIP),
    "an empty zip": (make_zip({}), NO_COURSE),
    "../ inside a folder": (make_zip({"pkg/../../evil.txt": b"x"}), OUTSIDE),
    "backslash path": (make_zip({"..\\evil.txt": b"x"}), OUTSIDE),
    "drive letter": (make_zip({"C:/evil.txt": b"x"}), OUTSIDE),
    "symlink to a folder": (_link("lessons/intro.md", "/etc"), "holds a link"),
    "symlink in a folder": (_link("pkg/course.yaml", "../../etc/passwd"), "holds a link"),
    "hard link entry (unix mode bits)": (
        _link("lessons/x.md", "lessons/advice.md", stat.S_IFBLK),
        "holds something that is not a file",
    ),
    "zip bomb of many members": (
        make_zip({f"lessons/pad{k}.txt": b"\0" * 2 * MB for k in range(30)}),
        "zip bomb",
    ),
    "zip inside the zip": (
        package(**{"inner.zip": package()}, course_yaml=None),
        NO_COURSE,
    ),
    "bad CRC": (_corrupt_crc(), "is damaged"),
    "AES-encrypted member (method 99)": (_method(99), "compressed in a way"),
    "encrypted member": (_encrypted(), "encrypted"),
    "a file where a folder must be": (make_zip({"lessons": b"x", "lessons/a.md": b"y"}), UNPACK),
    "a name 300 characters long": (make_zip({"a" * 300 + ".md": b"x"}), UNPACK),
    "folders 2,100 deep": (make_zip({"d/" * 2100 + "x.md": b"x"}), UNPACK),
    "the same name twice": (_twice("course.yaml"), "holds course.yaml twice"),
    "course.yaml empty": (package(course_yaml=b""), "course.yaml: (file): must be a YAML mapping"),
    "course.yaml binary": (package(course_yaml=bytes(range(256))), "not valid UTF-8: byte 0x80"),
    "course.yaml UTF-16 with BOM": (
        package(course_yaml=(VALID / "course.yaml").read_text("utf-8").encode("utf-16")),
        "not valid UTF-8: byte 0xff at offset 0",
    ),
    "course.yaml UTF-16 without BOM": (
        package(course_yaml=(VALID / "course.yaml").read_text("utf-8").encode("utf-16-le")),
        "control character U+0000 at character 1",
    ),
    "course.yaml Latin-1": (
        package(
            course_yaml=_edited("course.yaml", "Careers Abroad", "Carrières à l'étranger")
            .decode("utf-8")
            .encode("latin-1")
        ),
        "not valid UTF-8: byte 0xe8",
    ),  # fmt: skip
    "YAML anchor and alias bomb": (
        package(course_yaml=_billion_laughs()),
        "aliases (*name) are not allowed",
    ),
    "YAML python tag": (
        package(course_yaml=b"slug: !!python/object/apply:os.system ['true']\n"),
        "could not determine a constructor",
    ),
    "YAML nested 1,000 deep": (
        package(course_yaml=b"slug: valid\ntitle: " + b"[" * 1000 + b"]" * 1000 + b"\n"),
        "nested more than 50 levels deep",
    ),
    "JSON nested 1,000 deep": (
        package(
            course_yaml=b'{"slug": "valid", "title": '
            + b'{"a": ' * 1000
            + b"1"
            + b"}" * 1000
            + b"}"
        ),
        "nested more than 50 levels deep",
    ),  # fmt: skip
    "Markdown nested 3,000 deep": (
        package(
            lessons__advice_md=(VALID / "lessons/advice.md").read_bytes()
            + b"\n\n"
            + b"- " * 3000
            + b"deep"
        ),
        "nested too deeply",
    ),
    "a quote not in the transcript": (
        package(
            lessons__advice_md=_edited(
                "lessons/advice.md",
                "quote: Go abroad, learn, and then come back.",
                "quote: Stay abroad and never come back.",
            )
        ),
        "questions[0].evidence: quote not found in transcript",
    ),  # fmt: skip
    "transcript replaced by another talk": (
        package(transcript_txt=TALK.encode()),
        "not found in transcript",
    ),
    "transcript empty": (
        package(transcript_txt=b""),
        "is past the end of the transcript (0 characters)",
    ),
    "transcript with NUL": (
        package(transcript_txt=(VALID / "transcript.txt").read_bytes() + b"\0"),
        "control character U+0000",
    ),
    "lesson without front matter": (
        package(lessons__advice_md=b"# Advice\n\nJust text.\n"),
        "front matter: missing",
    ),
    "a 1 MB one-line lesson body": (
        package(
            lessons__advice_md=(VALID / "lessons/advice.md").read_bytes() + _incompressible(MB)
        ),
        "over the 1,048,576-byte limit",
    ),
    "lesson file missing": (package(lessons__advice_md=None), "no file lessons/advice.md"),
    "segment past the transcript": (
        package(
            lessons__advice_md=_edited("lessons/advice.md", "end_char: 518", "end_char: 99999")
        ),
        "end_char 99999 is past the end of the transcript",
    ),
    "slug with a path in it": (
        package(course_yaml=_edited("course.yaml", "slug: valid", "slug: ../../etc")),
        "must be lowercase letters, digits and hyphens",
    ),
}


def srt(cues: str) -> bytes:
    return cues.encode("utf-8")


SOUNDS = b"[Music]\n[Applause]\n(laughs)\n\n" * 40
NO_SENTENCES = "the file has no sentences to learn from"

# name -> (file name, bytes, text the refusal shows)
TRANSCRIPTS: dict[str, tuple[str, bytes, str]] = {
    "empty": ("talk.txt", b"", "the file is empty"),
    "only blank lines": ("talk.txt", b"\n \n\t\n" * 100, "the file is empty"),
    "binary": ("talk.txt", bytes(range(256)) * 20, "the file is binary"),
    "a zip named .txt": ("talk.txt", package(), "the file is binary"),
    "NUL bytes in text": ("talk.txt", TALK.encode()[:500] + bytes(50) + TALK.encode(), "binary"),
    "mixed UTF-8 and Latin-1": (
        "talk.txt",
        ("Zażółć gęślą jaźń. " + TALK).encode() + "Café crème à la carte.\n".encode("latin-1"),
        "not valid UTF-8",
    ),
    "ESC control characters": ("talk.txt", b"\x1b[31m" * 200 + TALK.encode(), "U+001B"),
    "wrong extension .exe": ("talk.exe", TALK.encode(), "is not a transcript"),
    "wrong extension .docx": ("talk.docx", package(), "is not a transcript"),
    "no extension": ("talk", TALK.encode(), "is not a transcript"),
    "over the upload limit": ("talk.txt", b"word " * (MB + 100), "larger than the site accepts"),
    "1 MB on one line": ("talk.txt", b"word " * (MB // 5), "a transcript needs line breaks"),
    "SRT with broken timing": (
        "talk.srt",
        b"1\n00:00:99,000 --> soon\nHello there.\n\n2\nlater --> never\nBye.\n",
        "no caption cues found",
    ),
    "SRT of numbers only": ("talk.srt", b"1\n\n2\n\n3\n\n", "has no SubRip cues"),
    "SRT of sound tags only": (
        "talk.srt",
        b"".join(
            b"%d\n00:00:0%d,000 --> 00:00:0%d,500\n[Music]\n\n" % (k, k, k) for k in range(1, 9)
        ),
        NO_SENTENCES,
    ),
    "VTT with garbage timing": (
        "talk.vtt",
        b"WEBVTT\n\n00:xx:01.000 --> later\nHello there, how are you today?\n",
        "no caption cues found",
    ),
    "VTT without its header": (
        "talk.vtt",
        b"00:00:01.000 --> 00:00:02.000\nHello there.\n",
        NO_SENTENCES,
    ),
    "only sound tags and applause": ("talk.txt", SOUNDS, NO_SENTENCES),
    "Markdown headings only": (
        "talk.md",
        b"# Title\n\n## Part one\n\n## Part two\n" * 5,
        NO_SENTENCES,
    ),
}

# Encodings that are not UTF-8 yet are read right: accepted, and stored as the text they hold.
WELL_DECODED: dict[str, bytes] = {
    "UTF-16 with BOM": TALK.encode("utf-16"),
    "UTF-16 without BOM": TALK.encode("utf-16-le"),
    "UTF-8 with BOM": b"\xef\xbb\xbf" + TALK.encode(),
    "Windows-1252": (TALK + "Café crème.\n").encode("cp1252"),
}
