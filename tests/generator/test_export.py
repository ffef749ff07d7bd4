"""export: the draft as coursepack records and as the JSON dump."""

from pathlib import Path

from studyguide.coursepack import read_package, write_package
from studyguide.generator import GenerateOptions, generate
from studyguide.generator.export import to_json, to_package

from .conftest import DATA


def test_the_package_and_the_json_dump_hold_the_same_lessons(interview_draft):
    package = to_package(interview_draft, transcript_file="transcript.txt")
    dumped = to_json(interview_draft)
    assert package.path is None and package.status == "draft"
    assert [lesson.slug for lesson in package.lessons] == [
        lesson["slug"] for lesson in dumped["lessons"]
    ]
    for lesson, data in zip(package.lessons, dumped["lessons"], strict=True):
        assert lesson.file == f"lessons/{lesson.slug}.md"
        assert lesson.body_markdown == data["summary"]
        assert [q.id for q in lesson.questions] == [q["id"] for q in data["questions"]]
        assert len(lesson.segments) == len(data["segment_ids"])


def test_the_language_option_reaches_the_package(tmp_path: Path):
    source = (DATA / "podcast-labelled.txt").read_bytes()
    default = generate(source, options=GenerateOptions(filename="x.txt"))
    assert to_package(default, transcript_file="t.txt").transcript.language == "en"
    draft = generate(source, options=GenerateOptions(filename="x.txt", language="de"))
    write_package(tmp_path / "pkg", to_package(draft, transcript_file="t.txt"))
    assert read_package(tmp_path / "pkg").transcript.language == "de"


def test_the_generator_speaks_the_course_vocabulary(interview_draft):
    import studyguide.generator.types as types
    from studyguide.coursepack import models

    for name in ("Evidence", "Takeaway", "GlossaryEntry", "Question", "Lesson", "SkipRange"):
        record = getattr(types, name, getattr(models, name))
        assert record is getattr(models, name), f"generator/types.py redefines {name}"
    lesson = next(lesson for lesson in interview_draft.lessons if lesson.questions)
    assert isinstance(lesson, models.Lesson) and isinstance(lesson.questions[0], models.Question)
