"""check_package reports each kind of broken package with one exact `file: field: problem` line."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from studyguide.coursepack import Problem, check_package
from tests.coursepack.pkgtools import VALID, Package

A = "lessons/going-abroad.md"
B = "lessons/advice.md"
T = "transcript.txt"
Edit = Callable[[Package], Any]


def question(slug: str, index: int, **fields: Any) -> Edit:
    """Return an edit that updates fields of one question."""
    return lambda p: p.edit_lesson(slug, lambda lesson: lesson["questions"][index].update(fields))


def evidence(slug: str, index: int, **fields: Any) -> Edit:
    """Return an edit that updates the evidence of one question."""
    return lambda p: p.edit_lesson(
        slug, lambda lesson: lesson["questions"][index]["evidence"].update(fields)
    )


def lesson(slug: str, change: Callable[[dict[str, Any]], Any]) -> Edit:
    return lambda p: p.edit_lesson(slug, change)


def course(change: Callable[[dict[str, Any]], Any]) -> Edit:
    return lambda p: p.edit_course(change)


def add_unlisted_lesson(p: Package) -> None:
    p.write("lessons/extra.md", p.text(B))
    p.edit_lesson("extra", lambda d: d.update(slug="extra", questions=[]))


FILES: list[tuple[str, Edit, list[str]]] = [
    (
        "missing course.yaml",
        lambda p: (p.root / "course.yaml").unlink(),
        ["course.yaml: (file): not found"],
    ),
    (
        "malformed course.yaml",
        lambda p: p.replace("course.yaml", "title: Careers Abroad", "title: [Careers Abroad"),
        ["course.yaml: line 3: malformed YAML: expected ',' or ']', but got ':'"],
    ),
    (
        "duplicate key in course.yaml",
        lambda p: p.replace("course.yaml", "status: published", "status: published\ntitle: Again"),
        ["course.yaml: line 5: malformed YAML: duplicate key 'title'"],
    ),
    (
        "YAML alias in course.yaml",
        lambda p: (
            p.replace("course.yaml", "title: Careers Abroad", "title: &t Careers Abroad")
            or p.replace("course.yaml", "title: An interview with Ada Example", "title: *t")
        ),
        ["course.yaml: line 7: malformed YAML: aliases (*name) are not allowed"],
    ),
    (
        "empty course.yaml",
        lambda p: p.write("course.yaml", ""),
        ["course.yaml: (file): must be a YAML mapping of fields"],
    ),
    (
        "missing transcript",
        lambda p: (p.root / T).unlink(),
        ["course.yaml: transcript.file: file 'transcript.txt' not found"],
    ),
    (
        "undecodable transcript",
        lambda p: (p.root / T).write_bytes((p.root / T).read_bytes() + b"\xff"),
        ["transcript.txt: (file): not valid UTF-8: byte 0xff at offset 520"],
    ),
    (
        "missing front matter",
        lambda p: p.replace(B, "---\n", ""),
        ["lessons/advice.md: front matter: missing: the file must start with '---'"],
    ),
    (
        "unclosed front matter",
        lambda p: p.replace(B, "---\n\nAda", "\nAda"),
        ["lessons/advice.md: front matter: not closed: no second '---' line"],
    ),
    (
        "malformed front matter reports the line in the lesson file",
        lambda p: p.replace(A, "title: Going abroad", "title: Going: abroad"),
        ["lessons/going-abroad.md: line 3: malformed YAML: mapping values are not allowed here"],
    ),
    (
        "front matter that is not a mapping",
        lambda p: p.write(B, "---\n- a\n---\nbody\n"),
        ["lessons/advice.md: front matter: must be a YAML mapping of fields"],
    ),
    (
        "listed lesson without a file",
        lambda p: (p.root / B).unlink(),
        ["course.yaml: lessons[1]: no file lessons/advice.md"],
    ),
    (
        "lesson file not listed",
        add_unlisted_lesson,
        ["course.yaml: lessons: lessons/extra.md is not listed"],
    ),
    (
        "lesson listed twice",
        course(lambda c: c["lessons"].append("advice")),
        ["course.yaml: lessons[2]: 'advice' is already listed at lessons[1]"],
    ),
    (
        "slug differs from file name",
        lesson("advice", lambda d: d.update(slug="tips")),
        ["lessons/advice.md: slug: 'tips' does not match the file name advice.md"],
    ),
]

SCHEMA: list[tuple[str, Edit, list[str]]] = [
    (
        "required field missing",
        lesson("going-abroad", lambda d: d["questions"][0].pop("explanation")),
        ["lessons/going-abroad.md: questions[0].explanation: required field missing"],
    ),
    (
        "misspelt field",
        question("going-abroad", 0, explantion="x"),
        ["lessons/going-abroad.md: questions[0].explantion: unknown field"],
    ),
    (
        "unquoted number as a string answer",
        lambda p: p.replace(A, "answer: '1999'", "answer: 1999"),
        [
            "lessons/going-abroad.md: questions[2].answer: must be a string, got 1999 (put it in"
            " quotes: YAML reads bare numbers, dates and yes/no as other types)"
        ],
    ),
    (
        "unknown question type",
        question("going-abroad", 0, type="essay"),
        [
            "lessons/going-abroad.md: questions[0].type: must be one of multiple_choice,"
            " multiple_select, true_false, cloze, short_answer, got 'essay'"
        ],
    ),
    (
        "unknown difficulty",
        question("going-abroad", 0, difficulty="trivial"),
        [
            "lessons/going-abroad.md: questions[0].difficulty: must be one of easy, medium, hard,"
            " got 'trivial'"
        ],
    ),
    (
        "choices on a true_false question",
        question("going-abroad", 1, choices=["yes", "no"]),
        ["lessons/going-abroad.md: questions[1].choices: not allowed in true_false questions"],
    ),
    (
        "accepted on a multiple_choice question",
        question("going-abroad", 0, accepted=["spur"]),
        [
            "lessons/going-abroad.md: questions[0].accepted: not allowed in multiple_choice"
            " questions"
        ],
    ),
    (
        "true_false answer not a boolean",
        question("going-abroad", 1, answer="True"),
        ["lessons/going-abroad.md: questions[1].answer: must be true or false, got 'True'"],
    ),
    (
        "too few choices",
        question("going-abroad", 0, choices=["A spur of the moment decision"]),
        ["lessons/going-abroad.md: questions[0].choices: must have at least 2 items"],
    ),
    (
        "too few multiple_select choices",
        question("advice", 0, choices=["Go abroad", "Learn"], answer=["Learn"]),
        ["lessons/advice.md: questions[0].choices: must have at least 3 items"],
    ),
    (
        "multiple_select answer repeated",
        question("advice", 0, answer=["Learn", "Learn"]),
        ["lessons/advice.md: questions[0].answer: must not list the same item twice"],
    ),
    (
        "float offset",
        evidence("going-abroad", 0, start_char=120.0),
        [
            "lessons/going-abroad.md: questions[0].evidence.start_char: must be a whole number,"
            " got 120.0"
        ],
    ),
    (
        "start_time as a string",
        lesson("advice", lambda d: d["takeaways"][0]["evidence"].update(start_time="1:20")),
        [
            "lessons/advice.md: takeaways[0].evidence.start_time: must be a number or null,"
            " got '1:20'"
        ],
    ),
    (
        "version zero",
        question("going-abroad", 2, version=0),
        ["lessons/going-abroad.md: questions[2].version: must be at least 1, got 0"],
    ),
    (
        "no objectives",
        lesson("advice", lambda d: d.update(objectives=[])),
        ["lessons/advice.md: objectives: must have at least 1 item"],
    ),
    (
        "bad question id",
        question("advice", 0, id="Advice Steps"),
        [
            "lessons/advice.md: questions[0].id: must be lowercase letters, digits and hyphens,"
            " got 'Advice Steps'"
        ],
    ),
    (
        "blank course title",
        course(lambda c: c.update(title="  ")),
        ["course.yaml: title: must not be empty, got '  '"],
    ),
    (
        "bad course slug",
        course(lambda c: c.update(slug="Bad Slug")),
        ["course.yaml: slug: must be lowercase letters, digits and hyphens, got 'Bad Slug'"],
    ),
    (
        "bad status",
        course(lambda c: c.update(status="live")),
        ["course.yaml: status: must be one of published, draft, got 'live'"],
    ),
    (
        "transcript outside the package",
        course(lambda c: c["transcript"].update(file="../x.txt")),
        [
            "course.yaml: transcript.file: must be a file name in the package ending in .txt,"
            " .srt or .vtt, got '../x.txt'"
        ],
    ),
    (
        "no lessons listed",
        course(lambda c: c.pop("lessons")),
        ["course.yaml: lessons: required field missing"],
    ),
]

CONTENT: list[tuple[str, Edit, list[str]]] = [
    (
        "quote at shifted offsets",
        lesson("going-abroad", lambda d: d["quotes"][0].update(start_char=330, end_char=385)),
        ["lessons/going-abroad.md: quotes[0]: quote not at 330:385; found at 338:393"],
    ),
    (
        "evidence off by one",
        evidence("going-abroad", 0, start_char=121, end_char=157),
        ["lessons/going-abroad.md: questions[0].evidence: quote not at 121:157; found at 120:156"],
    ),
    (
        "evidence past the end of the transcript",
        evidence("going-abroad", 0, start_char=900, end_char=936),
        ["lessons/going-abroad.md: questions[0].evidence: quote not at 900:936; found at 120:156"],
    ),
    (
        "evidence not verbatim",
        evidence("going-abroad", 0, quote="it was a spur-of-the-moment decision"),
        ["lessons/going-abroad.md: questions[0].evidence: quote not found in transcript"],
    ),
    (
        "evidence with a line break turned into a space",
        evidence("going-abroad", 1, quote="My mentor said the university supported it"),
        [
            "lessons/going-abroad.md: questions[1].evidence: quote not found in transcript (it"
            " matches 158:200 if case, whitespace and quote marks are ignored)"
        ],
    ),
    (
        "takeaway evidence at wrong offsets",
        lesson("advice", lambda d: d["takeaways"][0]["evidence"].update(start_char=0)),
        ["lessons/advice.md: takeaways[0].evidence: quote not at 0:517; found at 450:517"],
    ),
    (
        "question id reused in another lesson",
        question("advice", 1, id="abroad-why"),
        [
            "lessons/advice.md: questions[1].id: duplicate id 'abroad-why' (first used in"
            " lessons/going-abroad.md questions[0])"
        ],
    ),
    (
        "answer not among the choices",
        question("going-abroad", 0, answer="Paris"),
        ["lessons/going-abroad.md: questions[0].answer: 'Paris' is not one of the choices"],
    ),
    (
        "answer differs from its choice in case",
        question("going-abroad", 0, answer="a spur of the moment decision"),
        [
            "lessons/going-abroad.md: questions[0].answer: 'a spur of the moment decision' is not"
            " one of the choices (did you mean 'A spur of the moment decision'?)"
        ],
    ),
    (
        "duplicate choices ignoring case and whitespace",
        question(
            "going-abroad",
            0,
            choices=[
                "A long-planned move",
                "A spur of the moment decision",
                "a  long-planned MOVE",
            ],
        ),
        [
            "lessons/going-abroad.md: questions[0].choices[2]: 'a  long-planned MOVE' duplicates"
            " choices[0]"
        ],
    ),
    (
        "choice equal to the answer in another form",
        question(
            "going-abroad",
            0,
            choices=[
                "A long-planned move",
                "A spur of the moment decision",
                "the spur of the moment decision!",
            ],
        ),
        [
            "lessons/going-abroad.md: questions[0].choices[2]: 'the spur of the moment decision!'"
            " is the answer 'A spur of the moment decision' in another form"
        ],
    ),
    (
        "multiple_select answer not among the choices",
        question("advice", 0, answer=["Go abroad", "Stay home"]),
        ["lessons/advice.md: questions[0].answer[1]: 'Stay home' is not one of the choices"],
    ),
    (
        "multiple_select choice equal to an answer in another form",
        question("advice", 0, choices=["Go abroad", "Learn", "Come back", "go abroad."]),
        [
            "lessons/advice.md: questions[0].choices[3]: 'go abroad.' is the answer 'Go abroad'"
            " in another form"
        ],
    ),
    (
        "cloze without a blank",
        question("advice", 1, prompt="The best investment a university can make."),
        [
            "lessons/advice.md: questions[1].prompt: a cloze prompt needs exactly one blank"
            " (____), found 0"
        ],
    ),
    (
        "cloze with two blanks",
        question("advice", 1, prompt="The best ____ a ____ can make."),
        [
            "lessons/advice.md: questions[1].prompt: a cloze prompt needs exactly one blank"
            " (____), found 2"
        ],
    ),
    (
        "cloze answer that does not fill the evidence sentence",
        question("advice", 1, answer="asset"),
        [
            "lessons/advice.md: questions[1].answer: the prompt with the blank filled by 'asset'"
            " does not occur in the evidence quote"
        ],
    ),
    (
        "short answer that normalises to nothing",
        question("going-abroad", 2, answer="?!"),
        [
            "lessons/going-abroad.md: questions[2].answer: '?!' has nothing left to match once"
            " punctuation is removed"
        ],
    ),
    (
        "accepted form that normalises to nothing",
        question("advice", 1, accepted=["..."]),
        [
            "lessons/advice.md: questions[1].accepted[0]: '...' has nothing left to match once"
            " punctuation is removed"
        ],
    ),
    (
        "reversed segment",
        lesson("advice", lambda d: d["segments"][0].update(start_char=500, end_char=400)),
        ["lessons/advice.md: segments[0]: start_char 500 must be less than end_char 400"],
    ),
    (
        "segment past the end of the transcript",
        lesson("advice", lambda d: d["segments"][0].update(end_char=5000)),
        [
            "lessons/advice.md: segments[0]: end_char 5000 is past the end of the transcript"
            " (518 characters)"
        ],
    ),
    (
        "reversed skip range",
        course(lambda c: c["transcript"]["skip"][0].update(end_char=10)),
        ["course.yaml: transcript.skip[0]: start_char 47 must be less than end_char 10"],
    ),
    (
        "skip range past the end of the transcript",
        course(lambda c: c["transcript"]["skip"][0].update(end_char=10_000)),
        [
            "course.yaml: transcript.skip[0]: end_char 10000 is past the end of the transcript"
            " (518 characters)"
        ],
    ),
]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [pytest.param(edit, expected, id=name) for name, edit, expected in FILES + SCHEMA + CONTENT],
)
def test_checker_reports_broken_package(package: Package, edit: Edit, expected: list[str]) -> None:
    edit(package)
    assert [str(problem) for problem in check_package(package.root)] == expected


def test_valid_fixture_passes() -> None:
    assert check_package(VALID) == []


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda p: (p.root / T).write_bytes(b"\xef\xbb\xbf" + (p.root / T).read_bytes()),
            id="transcript with a UTF-8 BOM keeps its offsets",
        ),
        pytest.param(
            lambda p: (p.root / A).write_bytes((p.root / A).read_bytes().replace(b"\n", b"\r\n")),
            id="lesson file with CRLF line endings",
        ),
        pytest.param(
            lambda p: p.edit_lesson("advice", lambda d: d.update(questions=[])),
            id="draft lesson without questions",
        ),
        pytest.param(
            lambda p: p.edit_course(lambda c: c.update(status="draft")), id="draft status"
        ),
        pytest.param(
            lambda p: (p.root / "lessons" / "notes.txt").write_text("not a lesson\n"),
            id="non-Markdown file in lessons/ is ignored",
        ),
    ],
)
def test_acceptable_variations_pass(package: Package, edit: Edit) -> None:
    edit(package)
    assert check_package(package.root) == []


def test_transcript_offsets_count_crlf_as_two_characters(package: Package) -> None:
    transcript = (package.root / T).read_bytes()
    (package.root / T).write_bytes(transcript.replace(b"\n", b"\r\n"))
    problems = [str(problem) for problem in check_package(package.root)]
    # Every quote after the first line moved by one character per preceding line break.
    assert (
        "lessons/going-abroad.md: questions[0].evidence: quote not at 120:156; found at 124:160"
        in problems
    )


def test_missing_package_folder(tmp_path: Path) -> None:
    assert check_package(tmp_path / "nowhere") == [
        Problem(".", "(file)", f"package folder not found: {tmp_path / 'nowhere'}")
    ]
    assert check_package(VALID / "course.yaml") == [
        Problem(".", "(file)", f"package folder is a file, not a folder: {VALID / 'course.yaml'}")
    ]


def test_problems_from_several_files_are_all_reported(package: Package) -> None:
    (package.root / "lessons" / "advice.md").unlink()
    package.edit_lesson("going-abroad", lambda d: d["questions"][0].update(answer="Paris"))
    assert [str(problem) for problem in check_package(package.root)] == [
        "lessons/going-abroad.md: questions[0].answer: 'Paris' is not one of the choices",
        "course.yaml: lessons[1]: no file lessons/advice.md",
    ]


def test_lessons_folder_missing(package: Package) -> None:
    shutil.rmtree(package.root / "lessons")
    assert [str(problem) for problem in check_package(package.root)] == [
        "course.yaml: lessons[0]: no file lessons/going-abroad.md",
        "course.yaml: lessons[1]: no file lessons/advice.md",
    ]
