"""Table-driven tests of the quality filters: junk phrases, distractor overlap, titles, cloze
prompts, and what the samples must give (types, no second defensible answer)."""

import pytest

from studyguide.generator.checks import failure
from studyguide.generator.lexicon import TRIVIA
from studyguide.generator.quality import content_stems, context_problem, overlaps, phrase_problem
from studyguide.generator.questions.cloze import cloze_prompt
from studyguide.generator.questions.distractors import numeric
from studyguide.generator.questions.terms import Term
from studyguide.generator.textutil import BLANK, clean_spacing, fold
from studyguide.generator.titles import gerund, keyphrase_title, lesson_title, question_title

# --- junk keys and distractors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "before", "after", "junk"),
    [
        ("point later", "this", "but", True),  # adverb at the end
        ("force people", "to", "to", True),  # verb after "to"
        ("cut emissions", "to", "the", True),
        ("smaller pieces", "into", "and", True),  # comparative
        ("second connected point", "the", "is", True),
        ("fun pursuing", "of", "it", True),  # a verb with its object
        ("mixing different perspectives", "about", "into", True),
        ("Norway banned oil", "", "boilers", True),
        ("Scotland costs somewhere", "in", "around", True),
        ("efficiency drops", "the", "towards", True),
        ("floorboards costs", "and", "a", True),
        ("daily sessions beat", "", "one", True),
        ("uses three scripts", "", "", True),  # a number inside
        ("study abroad", "go", "was", True),
        ("Dams upstream trap", "", "sediment", True),
        ("works", "field", "is", True),
        ("deep learning", "about", "we", False),
        ("machine learning", "of", "", False),
        ("heat pump", "a", "moves", False),
        ("electric heating", "makes", "an", False),
        ("blower door test", "a", "which", False),
        ("coefficient of performance", "the", "and", False),
        ("worry", "only", "is", False),
        ("Microsoft Research", "at", "", False),
        ("Warm Homes Weekly", "to", "", False),
    ],
)
def test_phrase_problem(phrase, before, after, junk):
    assert (phrase_problem(phrase, before, after) is not None) is junk


@pytest.mark.parametrize(
    ("phrase", "before", "after", "cut"),
    [
        ("worry number", "my", "one", True),  # "my worry number one"
        ("houses people", "the", "will", True),  # "the houses people will live in"
        ("rooms guests", "the", "use", True),
        ("ban years", "the", "in", True),  # "the ban years in advance"
        ("common mistake adult", "most", "learners", True),  # the noun phrase goes on
        ("mistake adult", "common", "learners", True),
        ("mistake adult learners", "common", "make", True),  # a relative clause
        ("heat pumps", "", "work", False),  # the subject of its verb, whole
        ("heat pump", "a", "moves", False),
        ("daily sessions", "short", "beat", False),
        ("common mistake", "most", "adult", False),
        ("school years", "my", "were", False),
        ("thirty thousand", "", "one", False),
        ("oil boilers", "banned", "in", False),
        ("summer job", "a", "sweeping", False),
    ],
)  # fmt: skip
def test_context_problem(phrase, before, after, cut):
    assert (context_problem(phrase, before, after) is not None) is cut
    if cut:
        assert phrase_problem(phrase, before, after) is not None


def test_keyphrase_candidates_skip_fragments():
    from studyguide.generator.keyphrases import sentence_phrases

    keys = {k for k, _ in sentence_phrases("But now my worry number one is the hype.")}
    assert "worry number" not in keys
    keys = {k for k, _ in sentence_phrases("Most of the houses people will live in exist.")}
    assert "houses people" not in keys and "houses" in keys
    keys = {k for k, _ in sentence_phrases("They announced the ban years in advance.")}
    assert "ban years" not in keys
    keys = {k for k, _ in sentence_phrases("What is the most common mistake adult learners make?")}
    assert keys.isdisjoint({"common mistake adult", "mistake adult", "mistake adult learners"})
    assert "common mistake" in keys


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("scientific career", "academic career", True),  # a shared content word
        ("academic career", "academia", True),  # a shared stem
        ("science", "scientific method", True),
        ("heat pump", "heat recovery", True),
        ("Google", "Google Brain", True),  # one inside the other
        ("Google", "Microsoft", False),
        ("EPFL", "MIT", False),
        ("loft insulation", "fresh air", False),
    ],
)
def test_overlaps(a, b, close):
    assert overlaps(a, b) is close
    assert overlaps(b, a) is close


@pytest.mark.parametrize(
    ("text", "value"),
    [("forty five", 45), ("ten thousand", 10000), ("2013", 2013), ("twenty seven", 27),
     ("one and a half", None), ("three", 3)],
)  # fmt: skip
def test_numeric(text, value):
    assert numeric(text) == value


# --- titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("You did Master’s here in Poland and then you move to the USA. Why did you decide to "
         "continue your scientific career there?", "Continuing a scientific career in the USA"),
        ("Okay, so after your PhD at MIT, then you became the associate professor at École "
         "polytechnique. EPFL yes. Why did you decide to go there?", "Going to EPFL"),
        ("Why did you decide to switch from algorithms to deep learning?",
         "Switching from algorithms to deep learning"),
        ("How did you end up working on old houses rather than, say, designing new buildings?",
         "Working on old houses rather than designing new buildings"),
        ("So do you have any recommendations for Polish universities to become as good places "
         "for research as the ones in the US.", "Recommendations for Polish universities"),
        ("And is insulation always a good idea? I've read stories about damp.",
         "Is insulation always a good idea?"),
        ("Let's talk about heat pumps, because that's what most people email us about. Are they "
         "really as expensive as people say?", "Are heat pumps really as expensive as people say?"),
        ("What did a normal day look like in that bakery?",
         "What did a normal day look like in the bakery?"),
        ("Do you think that PhD was important moment in your scientific career path?",
         "PhD as an important moment in a scientific career path"),  # no speaker's grammar
        ("Do you think deep learning is overhyped?", "Is deep learning overhyped?"),
        ("I have another question. Would you guide him? And if yes, then what kind of "
         "characteristics this student should have?", "Characteristics a student should have"),
        ("When did you first work with glass?", "Working with glass"),
        ("Are they really as expensive as people say?", None),  # "they" unresolved
        ("What would you change in the UK if you could change one thing?", None),
        ("How did that happen?", None),  # says nothing without its context
    ],
)  # fmt: skip
def test_question_title_made_from_question(question, title):
    assert question_title(question) == title


@pytest.mark.parametrize(
    ("keyphrases", "exclude", "title"),
    [
        (["computer science studies", "produce outstanding people", "cool idea"], [],
         "Computer science studies"),
        (["Warm Homes Weekly", "Glasgow", "energy engineer"], ["Warm Homes Weekly"],
         "Energy engineer"),  # a several-word concept before a place
        (["Priya Shah", "draught proofing", "fair prices"], ["Priya Shah"],
         "Draught proofing"),
        (["Node", "worker threads", "event loop"], [], "Worker threads"),
        (["blah blah", "free software"], [], "Free software"),  # filler is never a title
        (["point later", "force people", "soft skills"], [], "Soft skills"),
        ([], [], "Untitled"),
    ],
)  # fmt: skip
def test_keyphrase_title_is_never_a_verb_fragment(keyphrases, exclude, title):
    assert keyphrase_title(keyphrases, exclude) == title


def test_lesson_title_adds_the_topic_the_interviewer_raised():
    asked = "You could go to the industry. Why did you decide to continue as a researcher?"
    assert (
        lesson_title(asked, ["industry versus academia", "Google"])
        == "Continuing as a researcher: industry versus academia"
    )
    # A topic the interviewer did not raise is not glued on.
    assert lesson_title("Why did you start cycling to work?", ["delivery vans"]) == (
        "Starting cycling to work"
    )


@pytest.mark.parametrize(
    ("verb", "ing"),
    [("continue", "continuing"), ("switch", "switching"), ("get", "getting"), ("go", "going"),
     ("die", "dying"), ("see", "seeing"), ("visit", "visiting")],
)  # fmt: skip
def test_gerund(verb, ing):
    assert gerund(verb) == ing


# --- cloze prompts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "term", "prompt"),
    [
        ("That’s the interesting question , I really enjoyed my time at EPFL, definitely.",
         "EPFL", "I really enjoyed my time at ____, definitely."),
        ("I really enjoyed my time at EPFL, definitely.", "EPFL",
         "I really enjoyed my time at ____, definitely."),
        ("Yes , at EPFL .", "EPFL", None),  # no clean clause of six words
    ],
)  # fmt: skip
def test_cloze_prompt_reads_cleanly_and_stays_verbatim(text, term, prompt):
    start = text.index(term)
    result = cloze_prompt(text, Term(term, "acronym", 0, start, start + len(term), "at"))
    assert result == prompt
    if result:
        filled = " ".join(fold(result.replace(BLANK, term)).split())
        assert filled in " ".join(fold(text).split())
    assert " ," not in clean_spacing(text)


def test_content_stems_skip_stop_words():
    stems = content_stems("I enjoyed my time at the university")
    assert len(stems) == 3 and "time" in stems
    assert content_stems("enjoyed") == content_stems("enjoys")


# --- the drafts -------------------------------------------------------------------------------


def _questions(draft):
    return [q for lesson in draft.lessons for q in lesson.questions]


def test_no_distractor_shares_a_word_with_its_key(interview_draft, sample_drafts):
    for draft in [interview_draft, *sample_drafts.values()]:
        for q in _questions(draft):
            answers = q.answer if isinstance(q.answer, tuple) else (q.answer,)
            for choice in q.choices:
                if choice in answers:
                    continue
                for answer in answers:
                    assert not overlaps(choice, str(answer)), (q.prompt, choice, answer)
            assert failure(q, draft.text, draft.note(q.id).reason) is None


def test_keys_are_not_junk(interview_draft, sample_drafts):
    for draft in [interview_draft, *sample_drafts.values()]:
        for q in _questions(draft):
            if draft.note(q.id).reason.startswith("why"):
                continue  # the key is a clause ("Because …"), not a phrase
            if q.type in ("cloze", "multiple_choice") and isinstance(q.answer, str):
                assert phrase_problem(q.answer) in (None, "verb"), q.answer  # context-free
                assert fold(q.answer) not in {"point later", "force people", "smaller pieces"}


def test_a_distractor_is_not_offered_everywhere(interview_draft):
    for lesson in interview_draft.lessons:
        offered: dict[str, int] = {}
        for q in lesson.questions:
            if q.type in ("multiple_choice", "multiple_select") and not q.prompt.startswith("Who"):
                for choice in q.choices:
                    answers = q.answer if isinstance(q.answer, tuple) else (q.answer,)
                    if choice not in answers:
                        offered[choice] = offered.get(choice, 0) + 1
        assert max(offered.values(), default=0) <= 2, (lesson.title, offered)


def test_interview_has_all_item_kinds_and_clean_titles(interview_draft):
    types = {q.type for q in _questions(interview_draft)}
    # (no cloze unless its sentence defines the term, no select-all unless on names: issue 12)
    assert {"multiple_choice", "true_false"} <= types
    # (true/false only where the claim negates cleanly, fill-the-blank with 3 fitting choices)
    assert len(_questions(interview_draft)) >= 6
    for lesson in interview_draft.lessons:
        assert not phrase_problem(lesson.title.split(":")[0].rstrip("?")) or " " in lesson.title
    titles = [lesson.title for lesson in interview_draft.lessons]
    assert "Going to EPFL" in titles
    assert "Switching from algorithms to deep learning" in titles


def test_enjoyed_my_time_at_offers_no_other_employer(interview_draft):
    for q in _questions(interview_draft):
        if "enjoyed my time at" in q.prompt and q.choices:
            assert not {"Google", "Microsoft", "Microsoft Research"} & set(q.choices)


def test_captions_give_questions(sample_drafts):
    # (panel.vtt's sentences state their claims with past-tense verbs ("Copenhagen spent …"),
    # which no true/false item negates cleanly: asked only as true, the form gave them away)
    for name in ("lecture.srt",):
        questions = _questions(sample_drafts[name])
        assert len(questions) >= 2, name


def test_unseen_podcast(sample_drafts):
    draft = sample_drafts["retrofit-podcast.txt"]
    questions = _questions(draft)
    assert len(questions) >= 8
    assert len({q.type for q in questions}) >= 3
    for q in questions:
        if q.type == "multiple_select":
            assert "Select all that apply" in q.prompt
            assert all(fold(a) in fold(q.evidence.quote) for a in q.answer)
    titles = [lesson.title for lesson in draft.lessons]
    assert "Is insulation always a good idea?" in titles
    assert "Are heat pumps really as expensive as people say?" in titles


def test_short_answer_from_a_how_many_question(sample_drafts):
    questions = _questions(sample_drafts["timestamped.txt"])
    short = [q for q in questions if q.type == "short_answer"]
    assert short and all(fold(str(q.answer)) in fold(q.evidence.quote) for q in short)


def test_a_question_asked_of_a_speaker_by_name_gives_no_title():
    asked = "What about in the realm of energy, Danya?"
    assert lesson_title(asked, ["energy datasets"], ["Danya Murali"]) == "Energy datasets"
    assert lesson_title("Is insulation always a good idea?", ["insulation"], ["Priya Shah"]) == (
        "Is insulation always a good idea?"
    )


@pytest.mark.parametrize(
    ("sentence", "trivia"),
    [
        ("Welcome to another episode of Practical AI.", True),
        ("I'm Ruben Bridgewater, I'm a Node.js collaborator.", True),
        ("It is May 7th and this will be broadcast on May 9th.", True),
        ("Thanks for having me, it is great to be here.", True),
        ("This is where you're seeing deep learning applied to pharma.", False),
        ("One of the things that I'm exploring aside from QUIC is streams.", False),
        ("Worker threads give Node true parallelism for CPU-heavy work.", False),
    ],
)
def test_trivia_sentences_are_recognised(sentence, trivia):
    assert bool(TRIVIA.search(sentence)) is trivia
