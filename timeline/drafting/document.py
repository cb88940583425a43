"""A raw document as the drafter reads it: its headline, its sentences and its quotations, by offsets."""

import re
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Sentence:
    """A sentence (or a heading) of the document: ``text[start:end]``."""

    start: int
    end: int
    text: str
    heading: bool  # the headline or a section heading: a line without a sentence's closing punctuation


@dataclass(frozen=True)
class Quotation:
    """Words in quotation marks: ``inner`` spans the words without the marks and closing punctuation."""

    start: int
    end: int
    inner_start: int
    inner_end: int


# A sentence ends at . ! or ? (possibly followed by a closing quote or bracket) before a space and a capital,
# a digit or an opening quote; abbreviations such as "U.S." or "Jan." do not end one.
_END = re.compile(r"""[.!?][’'"”)\]]*(?=\s+[‘'"“(\[]?[A-Z0-9À-Ý])""")
_ABBREVIATIONS = re.compile(
    r"(?:\b[A-Z]\.(?:[A-Z]\.)*|\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Gov|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
    r"Sept|Oct|Nov|Dec|No|vs|etc|Prof|Sgt|Maj|Capt|Adm|Amb|Pres)\.)$"
)
_QUOTES = (("‘", "’"), ("“", "”"), ('"', '"'), ("«", "»"))


@dataclass(frozen=True)
class Document:
    text: str
    dateline: tuple[int, int] | None = None  # read like a heading: not a sentence of facts

    @cached_property
    def headline(self) -> str | None:
        for line in self.text.splitlines():
            if line.strip():
                return line.strip()
        return None

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        result: list[Sentence] = []
        offset = 0
        first_line = True
        for line in self.text.splitlines(keepends=True):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                start = offset + lead
                heading = first_line or not re.search(r"""[.!?:;][’'"”)\]]*$""", stripped)
                if heading:
                    result.append(Sentence(start, start + len(stripped), stripped, True))
                elif self.dateline is not None and start <= self.dateline[0] < start + len(stripped):
                    before, after = self.dateline[1] - start, stripped[self.dateline[1] - start :]
                    result.append(Sentence(start, self.dateline[1], stripped[:before], True))
                    result.extend(self._split(self.dateline[1], after))
                else:
                    result.extend(self._split(start, stripped))
                first_line = False
            offset += len(line)
        return tuple(result)

    @staticmethod
    def _split(start: int, paragraph: str) -> list[Sentence]:
        pieces: list[Sentence] = []
        begin = 0
        for match in _END.finditer(paragraph):
            if _ABBREVIATIONS.search(paragraph[begin : match.start() + 1]):
                continue
            end = match.end()
            text = paragraph[begin:end].strip()
            if text:
                lead = len(paragraph[begin:end]) - len(paragraph[begin:end].lstrip())
                pieces.append(Sentence(start + begin + lead, start + begin + lead + len(text), text, False))
            begin = end
        text = paragraph[begin:].strip()
        if text:
            lead = len(paragraph[begin:]) - len(paragraph[begin:].lstrip())
            pieces.append(Sentence(start + begin + lead, start + begin + lead + len(text), text, False))
        return pieces

    @cached_property
    def quotations(self) -> tuple[Quotation, ...]:
        """Quoted words of at least four words; a closing ’ inside a word (an apostrophe) does not close."""
        found: list[Quotation] = []
        for sentence in self.sentences:
            if sentence.heading:
                continue
            text = sentence.text
            for opening, closing in _QUOTES:
                position = 0
                while (begin := text.find(opening, position)) != -1:
                    straight_or_single = opening == closing == '"' or opening == "‘"
                    if straight_or_single and begin > 0 and text[begin - 1].isalnum():
                        position = begin + 1
                        continue
                    end = begin + 1
                    while (end := text.find(closing, end)) != -1:
                        after = text[end + 1 : end + 2]
                        if closing == "’" and after.isalpha():
                            end += 1  # an apostrophe: Russia’s
                            continue
                        break
                    if end == -1:
                        break
                    inner = text[begin + 1 : end]
                    stripped = inner.strip().rstrip(",.;:").rstrip()
                    if len(stripped.split()) >= 4:
                        lead = len(inner) - len(inner.lstrip())
                        absolute = sentence.start + begin + 1 + lead
                        found.append(
                            Quotation(
                                sentence.start + begin,
                                sentence.start + end + 1,
                                absolute,
                                absolute + len(stripped),
                            )
                        )
                    position = end + 1
        return tuple(sorted(found, key=lambda quotation: quotation.start))

    def quoted(self, position: int) -> bool:
        """Whether ``position`` lies inside quoted words."""
        return any(q.start <= position < q.end for q in self.quotations)

    def sentence_at(self, position: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= position < sentence.end:
                return sentence
        return None
