"""What one load of a course package changed: the importer's report, and its one-line text."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

# Names by what happened to them: "added", "updated", "unchanged", "retired" (and "versioned"
# for questions).
Tally = defaultdict[str, list[str]]


@dataclass(frozen=True)
class LoadReport:
    """What one load changed in one course. Lessons by slug, questions by id."""

    course_slug: str
    # "created", "updated" or "unchanged" (the course's own fields); "skipped" when
    # load-courses left a course edited in the browser alone.
    course: str
    lessons_added: tuple[str, ...] = ()
    lessons_updated: tuple[str, ...] = ()  # edited, moved or brought back from retirement
    lessons_unchanged: tuple[str, ...] = ()
    lessons_retired: tuple[str, ...] = ()
    questions_added: tuple[str, ...] = ()
    questions_versioned: tuple[str, ...] = ()  # graded content changed: a new version
    questions_updated: tuple[str, ...] = ()  # explanation/evidence/difficulty, moved, restored
    questions_unchanged: tuple[str, ...] = ()
    questions_retired: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Return whether the load wrote anything at all."""
        if self.course == "skipped":
            return False
        return self.course != "unchanged" or any(
            (
                self.lessons_added,
                self.lessons_updated,
                self.lessons_retired,
                self.questions_added,
                self.questions_versioned,
                self.questions_updated,
                self.questions_retired,
            )
        )

    def summary(self) -> str:
        """Return the report as one line for a terminal or a log."""
        if self.course == "skipped":
            return (
                f"{self.course_slug}: skipped, edited in the browser since its last load "
                "(download it from /teach, or run load-courses --force to overwrite the edit)"
            )
        if not self.changed:
            lessons = len(self.lessons_unchanged)
            questions = len(self.questions_unchanged)
            return f"{self.course_slug}: unchanged ({lessons} lessons, {questions} questions)"
        return (
            f"{self.course_slug}: course {self.course}; "
            f"lessons: {len(self.lessons_added)} added, {len(self.lessons_updated)} updated, "
            f"{len(self.lessons_unchanged)} unchanged, {len(self.lessons_retired)} retired; "
            f"questions: {len(self.questions_added)} added, "
            f"{len(self.questions_versioned)} new versions, "
            f"{len(self.questions_updated)} updated, "
            f"{len(self.questions_unchanged)} unchanged, {len(self.questions_retired)} retired"
        )

    @classmethod
    def from_tallies(
        cls, course_slug: str, course: str, lessons: Tally, questions: Tally
    ) -> LoadReport:
        """Return the report of one course from its lesson and question tallies."""
        return cls(
            course_slug=course_slug,
            course=course,
            lessons_added=tuple(lessons["added"]),
            lessons_updated=tuple(lessons["updated"]),
            lessons_unchanged=tuple(lessons["unchanged"]),
            lessons_retired=tuple(lessons["retired"]),
            questions_added=tuple(questions["added"]),
            questions_versioned=tuple(questions["versioned"]),
            questions_updated=tuple(questions["updated"]),
            questions_unchanged=tuple(questions["unchanged"]),
            questions_retired=tuple(questions["retired"]),
        )
