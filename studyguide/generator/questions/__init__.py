"""Stage 5: quiz items, only where the text supports them (overgenerate, then rank).

Every candidate is built from one verbatim sentence (its evidence) and scored by how central
and readable the sentence is and how good the blanked term is (Heilman & Smith 2010's
overgenerate-and-rank). `terms` finds what may be asked, `distractors` what may be offered
beside it, one module per item kind builds the items (`cloze`, `choice`, `truefalse`,
`select`, `short`), `builder` offers a lesson's best sentences to them and `rank` keeps the
best.
"""

from studyguide.generator.questions.builder import QuestionBuilder
from studyguide.generator.questions.items import Candidate
from studyguide.generator.questions.rank import rank

__all__ = ["Candidate", "QuestionBuilder", "rank"]
