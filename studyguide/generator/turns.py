"""Stage 2: speaker turns, each marked as a question (interviewer) or an answer.

Labelled sources give turns directly; the interviewer is the speaker whose turns are short and
ask questions. Unlabelled text is split by cues: questions addressed to "you", the
acknowledgements and second-person lead-ins before them ("Okay, I see.", "You did your
Master's here…"), and the answer openers after them ("Yeah", "Sure", "Okay, so").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from studyguide.generator.textutil import INTERROGATIVE_YOU, is_question
from studyguide.generator.tuning import TUNING
from studyguide.generator.types import Role, Sentence, Transcript, Turn

_YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
_GENERIC_YOU = re.compile(
    r"\b(?:you know|you see|mind you|thank you|you can|you could|you should|you have to|you need"
    r"|you want|you get|you kind of|if you|when you|once you|you are an|you first)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|me|my|mine|myself)\b")
_ANSWER_OPENER = re.compile(
    r"^(?:yeah|yes|yep|yup|sure|well|so|okay,? so|ok,? so|of course|no|absolutely|exactly|"
    r"i think|i would|i'd say|i’d say|good question|great question|that's a|that’s a|"
    r"hmm|um|uh|oh|definitely|indeed|it depends|honestly)\b",
    re.IGNORECASE,
)
_ACK = re.compile(
    r"^(?:okay|ok|alright|all right|great|good|i see|thanks|thank you|interesting|wow|right|"
    r"fantastic|excellent|fair enough|makes sense|that makes sense|sounds (?:good|great)|"
    r"this sounds|that sounds|that'?s (?:great|interesting|fascinating|fair)|hi|hello)\b",
    re.IGNORECASE,
)
_QUESTION_WORD = re.compile(
    r"\b(?:(?:my|next|last|another|final|one more|a quick) question|ask you|asking you|"
    r"follow[- ]up|let'?s talk|let’s talk|moving on|tell us|tell me)\b",
    re.IGNORECASE,
)
_BIOGRAPHY = re.compile(
    r"\byour\b|\byou(?:'ve|’ve)?\s+(?:\w+\s+){0,2}?(?:did|went|became|decided|said|say|told|"
    r"mentioned|moved?|started|joined|worked|studied|left|founded|spent|wrote|were|are happy|"
    r"have been|had)\b",
    re.IGNORECASE,
)


def _addressed(text: str) -> int:
    return len(_YOU.findall(text)) - len(_GENERIC_YOU.findall(text))


def _first_person(text: str) -> int:
    return len(_FIRST_PERSON.findall(text))


def _n_words(text: str) -> int:
    return len(text.split())


def interviewer_questions(sentences: tuple[Sentence, ...]) -> list[bool]:
    """Mark the sentences that read as an interviewer's question."""
    marks = []
    for i, sentence in enumerate(sentences):
        text = sentence.text
        if not is_question(text):
            marks.append(False)
            continue
        addressed, first = _addressed(text), _first_person(text)
        nxt = sentences[i + 1].text if i + 1 < len(sentences) else ""
        answered = bool(_ANSWER_OPENER.match(nxt))
        marks.append(
            (addressed >= 1 and addressed >= first)
            or bool(INTERROGATIVE_YOU.match(text))
            or (answered and _n_words(text) >= 10 and first <= 1)
            or (bool(_QUESTION_WORD.search(text)) and first <= 1 and _n_words(text) >= 6)
        )
    return marks


def _lead_in(text: str) -> bool:
    n = _n_words(text)
    if _ACK.match(text) and n <= 7:
        return True
    if _QUESTION_WORD.search(text) and _first_person(text) <= 2:
        return True
    if n <= 3 and not _ANSWER_OPENER.match(text):
        return True
    addressed, first = _addressed(text), _first_person(text)
    return addressed >= 1 and first <= addressed and bool(_BIOGRAPHY.search(text))


def _question_blocks(sentences: tuple[Sentence, ...]) -> list[tuple[int, int]]:
    """Return (first, last) sentence indices of each interviewer question turn."""
    marks = interviewer_questions(sentences)
    blocks: list[tuple[int, int]] = []
    n = len(sentences)
    i = 0
    while i < n:
        if not marks[i]:
            i += 1
            continue
        floor = blocks[-1][1] + 1 if blocks else 0
        first = i
        words = _n_words(sentences[i].text)
        while first - 1 >= floor and i - (first - 1) <= 4 and _lead_in(sentences[first - 1].text):
            words += _n_words(sentences[first - 1].text)
            if words > 120:
                break
            first -= 1
        last = i
        k = i + 1
        while k < n:
            text = sentences[k].text
            if marks[k] or (is_question(text) and k == last + 1 and not _ANSWER_OPENER.match(text)):
                last = k
            elif _n_words(text) <= 4 and k + 1 < n and marks[k + 1]:
                last = k + 1
                k += 1
            else:
                break
            k += 1
        blocks.append((first, last))
        i = last + 1
    return blocks


def find_turns(
    transcript: Transcript, sentences: tuple[Sentence, ...], *, host: str | None = None
) -> tuple[tuple[Sentence, ...], tuple[Turn, ...]]:
    """Group sentences into turns and mark each turn as a question or an answer.

    `host`, when given and a speaker label matches it (case-insensitively), is taken as the
    interviewer instead of guessing one from turn lengths. Returns the sentences (each now
    carrying its turn index) and the turns.
    """
    if not sentences:
        return sentences, ()
    labelled = sum(1 for p in transcript.pieces if p.new_turn) >= 2
    spans = (
        _labelled_spans(transcript, sentences, host) if labelled else _unlabelled_spans(sentences)
    )
    turns: list[Turn] = []
    out: list[Sentence] = []
    for first, last, role in spans:
        index = len(turns)
        turns.append(
            Turn(
                index=index,
                start=sentences[first].start,
                end=sentences[last].end,
                speaker=sentences[first].speaker,
                role=role,
                first_sentence=first,
                last_sentence=last,
            )
        )
        out.extend(replace(s, turn=index) for s in sentences[first : last + 1])
    return tuple(out), tuple(turns)


def _unlabelled_spans(sentences: tuple[Sentence, ...]) -> list[tuple[int, int, Role]]:
    spans: list[tuple[int, int, Role]] = []
    pos = 0
    for first, last in _question_blocks(sentences):
        if first > pos:
            spans.append((pos, first - 1, "answer"))
        spans.append((first, last, "question"))
        pos = last + 1
    if pos < len(sentences):
        spans.append((pos, len(sentences) - 1, "answer"))
    return spans


def _labelled_spans(
    transcript: Transcript, sentences: tuple[Sentence, ...], host: str | None = None
) -> list[tuple[int, int, Role]]:
    # A turn starts at every sentence that opens a new-turn piece.
    # (A piece may begin with the space that joins it to the text before.)
    norm = transcript.norm
    turn_starts = {
        p.start + (norm[p.start : p.start + 1] == " ") for p in transcript.pieces if p.new_turn
    }
    raw: list[tuple[int, int]] = []
    for s in sentences:
        if not raw or s.start in turn_starts or s.speaker != sentences[raw[-1][0]].speaker:
            raw.append((s.index, s.index))
        else:
            raw[-1] = (raw[-1][0], s.index)

    stats: dict[str | None, list[tuple[int, bool]]] = defaultdict(list)
    for first, last in raw:
        text = " ".join(s.text for s in sentences[first : last + 1])
        asks = any(is_question(s.text) for s in sentences[first : last + 1])
        stats[sentences[first].speaker].append((_n_words(text), asks))
    named = [name for name in stats if name is not None]
    mean_len = {name: sum(n for n, _ in v) / len(v) for name, v in stats.items()}
    ask_rate = {name: sum(1 for _, a in v if a) / len(v) for name, v in stats.items()}
    longest = max(mean_len.values())
    interviewers = {
        name
        for name in named
        if len(named) >= 2
        and ask_rate[name] >= TUNING.ask_rate
        and mean_len[name] <= TUNING.interviewer_length * longest
    }
    given = {name for name in named if host and name.casefold() == host.strip().casefold()}
    interviewers = given or interviewers

    spans: list[tuple[int, int, Role]] = []
    for first, last in raw:
        speaker = sentences[first].speaker
        block = sentences[first : last + 1]
        text = " ".join(s.text for s in block)
        asks = any(is_question(s.text) for s in block)
        if speaker is None or not named:
            role: Role = "question" if asks and _n_words(text) <= 80 else "answer"
        else:
            role = "question" if speaker in interviewers and asks else "answer"
        if (
            spans
            and spans[-1][2] == role == "answer"
            and sentences[spans[-1][0]].speaker == speaker
        ):
            spans[-1] = (spans[-1][0], last, role)
        else:
            spans.append((first, last, role))
    return spans


_GENERIC_LABEL = re.compile(
    r"^(?:q|a|question|answer|speaker\s*\d+|spk\s*\d+|s\d+|unknown speaker|interviewer)$", re.I
)
_ANSWER_LABEL = re.compile(r"^(?:a|answer)$", re.I)


def speaker_roles(turns: Sequence[Turn]) -> dict[str, str]:
    """Display names for generic speaker labels ("Q", "A", "Speaker 1"): the one speaker whose
    turns are mostly questions is "Interviewer", and "A" beside it "Interviewee". Names stay
    as they are, and so does any label when no single speaker mostly asks."""
    asks: dict[str, list[bool]] = defaultdict(list)
    for turn in turns:
        if turn.speaker:
            asks[turn.speaker].append(turn.role == "question")
    askers = [name for name, v in asks.items() if len(v) >= 2 and sum(v) * 2 > len(v)]
    if len(askers) != 1 or len(asks) < 2 or not _GENERIC_LABEL.match(askers[0]):
        return {}
    roles = {askers[0]: "Interviewer"}
    others = [name for name in asks if name != askers[0]]
    if len(others) == 1 and _ANSWER_LABEL.match(others[0]):
        roles[others[0]] = "Interviewee"
    return roles
