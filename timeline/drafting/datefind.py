"""Finding a raw document's dates: every date expression, resolved as ``timeline seed`` resolves it.

A mention's ``words`` are what an annotation writes as ``when``, ``since`` or ``until``, and they resolve
there (``timeline.dates.resolve``) to the mention's ``when``. Words that count from another date of the
document ("a year later", "the following month", "that year") resolve against the nearest date mentioned
before them (``timeline.dates.resolve_anchored``); the annotation writes those with ``explicit``:
``{text: words, date: explicit, certainty: inferred}``. Such words with no date before them, or after a
date that cannot anchor them (an open span, or "recently"), are left out.

The words:

- Prepositions that leave the date as it is ("in", "on", "at", "during", "of", "for") are left out:
  "on April 3 and 4" gives "April 3 and 4", "in 2023" gives "2023", "in the 2010s" gives "the 2010s".
- Prepositions that bound a span are kept, so whoever reads the words can tell "since 2019" (a
  ``since``) from "by 2023" or "until March" (an ``until``): since, from, until, till, through,
  throughout, by, before, after, as of. The resolver skips all but "before" and "after", which it reads.
- Idioms are kept whole, their preposition with them: "in recent years", "over the past decade", "in the
  coming months".

The rules prefer missing a date to inventing one:

- Month and weekday names count only capitalised: "may" and "march" are verbs. A month without a day or
  year needs a preposition or a modifier ("in May", "last January", "early April"), except the names that
  are nothing but months (January, February, July, September to December), and then not before a
  capitalised word (the October Revolution). "May" alone also needs a preposition that no name takes
  ("in May", "since May"; not "by May").
- A four-digit number is a year after a preposition ("in 1967", "since 2019", "by 2030"; after "of" only
  at the end of a clause), or as "the 2023 coup" (a determiner, then a word in lower case); never inside a
  name ("the 2030 Agenda", "Vision 2063") nor before a count ("1500 troops"). Thousands separators and
  other digits around it rule it out ("1,500", "G20", "Resolution 2728").
- "Today" or "This Week" capitalised inside a sentence is a name (Russia Today).
- Weekdays in feast names (Good Friday, Super Tuesday) are not dates.
- Overlapping candidates: the longest wins. One the resolver cannot read gives way to the shorter ones
  inside it ("Tuesday" in "Tuesday’s"); an impossible date ("February 30", "Wednesday, April 1" in 2025)
  to nothing, not to "February".

Datelines (``find_dateline``) give the publication date when the document states it in full near its top.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from timeline.dates import (
    MONTHS,
    NUMBER_WORDS,
    UNITS,
    VAGUE_AMOUNTS,
    WEEKDAYS,
    DateError,
    ImpossibleDate,
    When,
    format_explicit,
    resolve,
    resolve_anchored,
)
from timeline.vocab import Precision


@dataclass(frozen=True)
class DateMention:
    """A date expression of a document: ``text[start:end]`` is ``words``, which resolve to ``when``."""

    start: int  # character offsets into the text, end exclusive
    end: int
    words: str
    when: When
    # None when ``resolve(words, published) == when``. For words that count from another date of the
    # document, the explicit date to write: {text: words, date: explicit, certainty: inferred}.
    explicit: str | None = None


# ---------------------------------------------------------------------------------------------------------
# The words dates are made of

_ABBREVIATIONS = {name for name in MONTHS if name not in {month.lower() for month in calendar.month_name}}
_MONTH = (
    r"(?:(?:"
    + "|".join(name.lower() for name in calendar.month_name[1:])
    + r")\b|(?:"
    + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
    + r")(?:\.|\b))"
)
_FULL_MONTH = r"(?:" + "|".join(name.lower() for name in calendar.month_name[1:]) + r")\b"
_WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")\b"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)"
_DAYS = rf"{_DAY}(?:\s*[-–—]\s*{_DAY}|\s+(?:and|to|&)\s+{_DAY})?"
_YEAR = r"(?:1\d|20)\d\d(?![.,]?\d)"
_YEAR_TAIL = rf"(?:,?\s+{_YEAR})?"
_DECADE = r"(?:1\d|20)\d0(?:s|'s|’s)"
_AMOUNT = r"(?:\d+|" + "|".join(sorted([*VAGUE_AMOUNTS, *NUMBER_WORDS], key=len, reverse=True)) + r")"
_UNITS = r"(?:" + "|".join(f"{unit}s?" for unit in UNITS) + r")"
_TO = r"\s*(?:[-–—]|\bto\b|\buntil\b|\bthrough\b)\s*"
_PART = (
    r"(?:(?:the\s+)?(?:early|late|mid)(?:\s*-\s*|\s+)|end-|(?:the\s+)?(?:beginning|start|middle|end|"
    r"(?:first|second)\s+half|(?:first|second|third|fourth)\s+quarter)\s+of\s+)"
)

# Prepositions before a date: kept when they bound the span, left out when they do not change it.
_KEPT = {"since", "from", "until", "till", "through", "throughout", "by", "before", "after", "as of"}
_LEAD = r"as\s+of|since|from|until|till|throughout|through|by|before|after|in|on|at|during|of|for"

# Words that make the next date part of a name or a count, not a date.
_FEASTS = {"good", "black", "super", "ash", "easter", "bloody", "cyber", "holy", "palm", "maundy", "shrove"}
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "this", "that"}
_COUNTS = re.compile(
    r"(?i)[\s-]*(?:%|per\s*cent\b|percent\b|people\b|men\b|women\b|persons?\b|kilomet|"
    r"(?:troop|soldier|fighter|refugee|member|delegate|resident|km|mile|metre|meter|tonne|ton|barrel|dollar|"
    r"euro|hectare|unit|case|death|vote|seat|year|day|hour|page|word|vehicle|tank|weapon)s?\b)"
)
_WEAK_LEADS = {"of", "for", "on", "at"}  # too common before numbers and names to make one a date
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)—–]|$)")
_NAME_MONTHS = {"may", "march", "april", "june", "august"}  # also names, verbs or adjectives
_MAY_LEADS = {"in", "since", "from", "until", "till", "through", "throughout", "during", "before", "after"}
_WORD_BEFORE = re.compile(r"([\w’'.]+)\s+$")
_WORD_AFTER = re.compile(r"\s+([\w’'-]+)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”‘’'(\[—–-]|\n)\s*$")


@dataclass(frozen=True)
class _Form:
    """One kind of date expression: its words, and whether a preposition may come before them."""

    name: str
    core: str
    # The words (lower case; "#" for a number) it always has one of: it is looked for only near them.
    triggers: str
    leads: bool = True  # the general prepositions may come before it
    anchored: bool = False  # it counts from the date mentioned before it
    idiom: bool = False  # its words are kept whole, their preposition with them


_MONTH_WORDS = " ".join(MONTHS)
_WEEKDAY_WORDS = " ".join(WEEKDAYS)
_FORMS = (
    _Form("iso", r"\d{4}-\d{2}-\d{2}(?![\d-])", "#"),
    _Form(
        "weekday date",
        rf"{_WEEKDAY},?\s+(?:{_MONTH}\s+{_DAY}{_YEAR_TAIL}|{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR_TAIL})",
        _WEEKDAY_WORDS,
    ),
    _Form(
        "day range",
        rf"{_MONTH}\s+{_DAY}{_TO}{_MONTH}\s+{_DAY}{_YEAR_TAIL}|{_DAY}\s+{_MONTH}{_TO}{_DAY}\s+{_MONTH}{_YEAR_TAIL}",
        _MONTH_WORDS,
    ),
    _Form("month day", rf"{_MONTH}\s+{_DAYS}{_YEAR_TAIL}(?![:.]\d)", _MONTH_WORDS),
    _Form("day month", rf"{_DAYS}\s+(?:of\s+)?{_MONTH}{_YEAR_TAIL}", _MONTH_WORDS),
    _Form("month year", rf"{_MONTH}\s+(?:of\s+)?{_YEAR}", _MONTH_WORDS),
    _Form("month range", rf"{_FULL_MONTH}{_TO}{_FULL_MONTH}\s+{_YEAR}", _MONTH_WORDS),
    _Form("relative month", rf"(?:last|next|this(?:\s+past|\s+coming)?)\s+{_FULL_MONTH}", _MONTH_WORDS),
    _Form("month", _FULL_MONTH, _MONTH_WORDS),
    _Form(
        "part",
        rf"{_PART}(?:{_MONTH}(?:\s+(?:of\s+)?{_YEAR})?|(?:the\s+)?{_DECADE}|{_YEAR}|(?:this|next|last|the)\s+(?:year|month))",
        "early late mid end beginning start middle half quarter",
    ),
    _Form("decade", rf"(?:the\s+)?{_DECADE}", "#"),
    _Form("year range", rf"between\s+{_YEAR}\s+and\s+{_YEAR}|{_YEAR}(?:{_TO}{_YEAR}|[–—]\d\d(?!\d))", "#"),
    _Form("year", _YEAR, "#"),
    _Form("weekday", rf"(?:(?:last|next|this\s+past|this\s+coming|this)\s+)?{_WEEKDAY}", _WEEKDAY_WORDS),
    _Form(
        "relative",
        r"today|tonight|yesterday|tomorrow|(?:this|last|next)\s+(?:week|month|year)|"
        r"(?:earlier|later)\s+(?:this\s+(?:week|month|year)|today)|(?:over\s+|at\s+)?(?:the|this|last|next)\s+weekend",
        "today tonight yesterday tomorrow week month year weekend",
    ),
    _Form(
        "recent",
        r"(?:in\s+)?recent\s+(?:years|months|weeks|days)|recently(?!\s+as\b)|recent",
        "recent recently",
        leads=False,
        idiom=True,
    ),
    _Form(
        "period",
        rf"(?:(?:over|in|during|for)\s+)?the\s+(?:(?:past|coming)\s+(?:{_AMOUNT}\s+)?{_UNITS}|"
        rf"(?:last|next)\s+(?:{_AMOUNT}\s+{_UNITS}|days|weeks|months|years|decades?))|"
        r"(?:over|for)\s+the\s+(?:last|next)\s+(?:week|month|year)",
        "past coming last next",
        leads=False,
        idiom=True,
    ),
    _Form(
        "ago",
        rf"(?:(?:more\s+than|over|nearly|almost|about|around|roughly|less\s+than|under)\s+)?(?:{_AMOUNT}\s+)?{_UNITS}\s+ago",
        "ago",
        leads=False,
    ),
    _Form(
        "later",
        rf"(?:{_AMOUNT}\s+)?{_UNITS}\s+(?:later|earlier)",
        "later earlier",
        leads=False,
        anchored=True,
    ),
    _Form(
        "following",
        r"the\s+(?:following|next|previous|preceding|subsequent)\s+(?:day|week|month|year|decade)",
        "following next previous preceding subsequent",
        leads=False,
        anchored=True,
    ),
    _Form(
        "same",
        r"(?:that|the\s+same|that\s+same)\s+(?:day|week|month|year)",
        "that same",
        leads=False,
        anchored=True,
    ),
    _Form(
        "rest",
        r"(?:later|earlier)\s+that\s+(?:same\s+)?(?:day|week|month|year)",
        "later earlier",
        leads=False,
        anchored=True,
    ),
    _Form(
        "before",
        r"the\s+(?:day|week|month|year)\s+(?:before|after)(?=\s*(?:[,.;:!?)—–]|$))",
        "before after",
        leads=False,
        anchored=True,
    ),
)
_START = r"(?<![\w$€£.,/-])"
_END = r"(?![\w-])"
# A form is looked for only around its trigger words: far enough back for "throughout the first quarter
# of", forward for "3 and 4 April 2025".
_BEFORE_TRIGGER, _AFTER_TRIGGER = 50, 40
_WORD = re.compile(r"[A-Za-z]+|\d+")
_FORMS_BY_TRIGGER = {
    trigger: [index for index, form in enumerate(_FORMS) if trigger in form.triggers.split()]
    for trigger in {trigger for form in _FORMS for trigger in form.triggers.split()}
}
_PATTERNS = tuple(re.compile(rf"{_START}(?:{form.core}){_END}", re.IGNORECASE) for form in _FORMS)
_LEAD_BEFORE = re.compile(rf"(?<![\w])(?P<lead>{_LEAD})\s+$", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------------------
# Which candidates are dates


def _word_before(text: str, position: int) -> str:
    """The word just before ``position``, with only spaces between; "" if punctuation intervenes."""
    match = _WORD_BEFORE.search(text, max(0, position - 40), position)
    return match.group(1) if match else ""


def _word_after(text: str, position: int) -> str:
    match = _WORD_AFTER.match(text, position)
    return match.group(1) if match else ""


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _at_sentence_start(text: str, position: int) -> bool:
    return _SENTENCE_START.search(text, max(0, position - 10), position) is not None


def _names_are_capitalised(core: str) -> bool:
    """Month and weekday names must be capitalised: "may" and "march" are verbs."""
    return all(
        _capitalised(word)
        for word in _WORD.findall(core)
        if word.lower() in MONTHS or word.lower() in WEEKDAYS
    )


def _year_is_a_date(text: str, start: int, end: int, lead: str | None) -> bool:
    if _COUNTS.match(text, end):  # "in 1500 km", "by 2000 people"
        return False
    if lead == "of":  # "the elections of 2024." but not "a force of 1500 men"
        return _CLAUSE_END.match(text, end) is not None
    if lead is not None and lead not in _WEAK_LEADS:
        return True
    # "the 2023 coup", never "the 2030 Agenda"
    return _word_before(text, start).lower() in _DETERMINERS and _word_after(text, end)[:1].islower()


def _accept(form: _Form, text: str, start: int, end: int, lead: str | None, first: int) -> bool:
    """Whether ``text[start:end]``, after the preposition ``lead`` from ``first`` on, is a date by its context
    (see the module's docstring)."""
    core = text[start:end]
    if not _names_are_capitalised(core):
        return False
    before = _word_before(text, first)
    if form.name == "year":
        return _year_is_a_date(text, start, end, lead)
    if form.name == "year range":  # not in a name: "Strategy 2021–2025", "the 2021–2025 Plan"
        after = _word_after(text, end)
        named = (_capitalised(before) and not _at_sentence_start(text, start)) or _capitalised(after)
        return not (named and lead is None) and not _COUNTS.match(text, end)
    if form.name == "month":
        name = core.lower()
        if name == "may" and lead not in _MAY_LEADS:
            return False
        if lead is None or lead in _WEAK_LEADS:
            lone = name not in _NAME_MONTHS and not _capitalised(_word_after(text, end))
            return lone and (not _capitalised(before) or before == "The" or _at_sentence_start(text, first))
        return True
    if form.name == "weekday":
        return before.lower() not in _FEASTS
    if form.name in ("relative", "recent"):
        if core[:5].lower() in ("next ", "last ") and before.lower() == "the":
            return False  # "over the next year" is a period, "the next year" a year after another date
        return not _capitalised(core) or _at_sentence_start(text, first)
    if form.name == "following" and core.lower().split()[1] == "next":
        # "over the next year" is a period from publication, "the next year" a year after another date
        return before.lower() not in ("over", "in", "within", "during", "for")
    return True


# ---------------------------------------------------------------------------------------------------------
# Finding


@dataclass(frozen=True)
class _Candidate:
    start: int  # the whole match, prepositions included: what overlaps are judged by
    end: int
    words_start: int
    form: _Form


def _windows(text: str) -> list[list[tuple[int, int]]]:
    """For each form, the stretches of text around its trigger words, merged: the only places to look."""
    windows: list[list[tuple[int, int]]] = [[] for _ in _FORMS]
    for word in _WORD.finditer(text):
        key = "#" if word.group().isdigit() else word.group().lower()
        for index in _FORMS_BY_TRIGGER.get(key, ()):
            start, end = max(0, word.start() - _BEFORE_TRIGGER), word.end() + _AFTER_TRIGGER
            spans = windows[index]
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
    return windows


def _candidates(text: str) -> list[_Candidate]:
    found = []
    for form, pattern, spans in zip(_FORMS, _PATTERNS, _windows(text), strict=True):
        for start, end in spans:
            found.extend(_matches(form, pattern, text, start, end))
    return found


def _matches(form: _Form, pattern: re.Pattern[str], text: str, start: int, end: int) -> list[_Candidate]:
    """The form's words in ``text[start:end]``, each with the preposition before it (if any) and without."""
    found = []
    position = start
    while hit := pattern.search(text, position, end):
        match = pattern.match(text, hit.start())  # again on the whole text, which the window may cut
        if match is None:
            position = hit.start() + 1
            continue
        position = match.end()
        readings: list[tuple[int, str | None]] = [(match.start(), None)]  # alone, if not with the preposition
        if form.leads and (lead := _LEAD_BEFORE.search(text, max(0, match.start() - 16), match.start())):
            readings.insert(0, (lead.start(), " ".join(lead.group("lead").lower().split())))
        for first, preposition in readings:
            if _accept(form, text, match.start(), match.end(), preposition, first):
                kept = form.idiom or preposition in _KEPT
                found.append(_Candidate(first, match.end(), first if kept else match.start(), form))
    return found


def find_dates(text: str, published: dt.date) -> list[DateMention]:
    """Every date expression in ``text``, in order, resolved against ``published``."""
    taken = bytearray(len(text))  # 1 for each character a chosen (or impossible) date covers
    chosen: list[tuple[_Candidate, When | None]] = []
    for candidate in sorted(_candidates(text), key=lambda c: (c.start - c.end, c.start)):
        if any(taken[candidate.start : candidate.end]):
            continue
        when = None
        if not candidate.form.anchored:
            try:
                when = resolve(text[candidate.words_start : candidate.end], published)
            except ImpossibleDate:  # no date at all, not a shorter one inside: "February 30" is not February
                taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
                continue
            except DateError:
                continue
        taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
        chosen.append((candidate, when))

    mentions: list[DateMention] = []
    for candidate, found in sorted(chosen, key=lambda pair: pair[0].start):
        words = text[candidate.words_start : candidate.end]
        if found is not None:
            mentions.append(DateMention(candidate.words_start, candidate.end, words, found))
            continue
        if not mentions:  # nothing to count from
            continue
        try:
            when = resolve_anchored(words, mentions[-1].when)
        except DateError:
            continue
        mentions.append(DateMention(candidate.words_start, candidate.end, words, when, format_explicit(when)))
    return mentions


# ---------------------------------------------------------------------------------------------------------
# Datelines

_FULL_DATE = (
    rf"(?i:(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}))"
    r"|\d{4}-\d{2}-\d{2}"
)
_PLACE = r"[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|es|de|al|el|la|du|of))*"  # JAKARTA, Addis Ababa
_AGENCY = r"\([^()\n]{1,30}\)"  # (Reuters)
_LABEL = r"(?i:published|updated|posted|first\s+published|last\s+updated|dated|date)(?:[ \t]+on)?[ \t]*:?"
_TIME = r"(?:T[\d:.]+Z?|[ \t,|]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}[^\n]*)?"  # T10:00Z, "10:31 GMT"
_DATELINES = tuple(
    re.compile(pattern, re.MULTILINE)
    for pattern in (
        # a date alone on its line, perhaps after a label or before a time: "April 2, 2025", "Published: ..."
        rf"^[ \t]*(?:{_LABEL}[ \t]*)?(?P<date>{_FULL_DATE}){_TIME}[ \t]*$",
        # "JAKARTA, Jan 7, 2025 (Reuters) -", "Addis Ababa, 12 February 2025 —"
        rf"^[ \t]*{_PLACE}(?:,[ \t]*{_PLACE})?[ \t]*(?:{_AGENCY})?[ \t]*,[ \t]*(?P<date>{_FULL_DATE})"
        rf"[ \t]*(?:{_AGENCY})?[ \t]*(?:[-–—:]|$)",
        # "MOSCOW (AP) — April 2, 2025"
        rf"^[ \t]*{_PLACE}[ \t]*(?:{_AGENCY})?[ \t]*[-–—][ \t]*(?P<date>{_FULL_DATE})(?![\w])",
        # "By Jane Doe | Published: 2 April 2025"
        rf"{_LABEL}[ \t]*(?P<date>{_FULL_DATE}){_TIME}(?![\w])",
    )
)
_DATELINE_REACH = 400  # characters: a dateline stands at the top
_ANY_DAY = dt.date(2000, 1, 1)  # a dateline's date has its year: the publication date is not consulted


def find_dateline(text: str) -> dt.date | None:
    """The publication date a dateline at the top of the document states in full (day, month and year), else
    None."""
    found = _dateline(text)
    return found[0] if found else None


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the dateline stands ("JAKARTA, Jan 7, 2025 (Reuters) - "), separator included: its words name
    the place and the wire service of the report, not actors of its facts."""
    found = _dateline(text)
    return found[1] if found else None


def _dateline(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    cut = text.find("\n", _DATELINE_REACH)  # whole lines, each starting within reach
    top = text if cut < 0 else text[:cut]
    for pattern in _DATELINES:
        for match in pattern.finditer(top):
            if match.start("date") >= _DATELINE_REACH or not _names_are_capitalised(match.group("date")):
                continue
            try:
                when = resolve(match.group("date"), _ANY_DAY)
            except DateError:
                continue
            if when.start is not None and when.start == when.end and when.start.precision is Precision.day:
                end = match.end()
                while end < len(text) and text[end] in " \t-–—:":
                    end += 1
                return when.start.date, (match.start(), end)
    return None
