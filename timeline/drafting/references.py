"""Words that refer back to actors named before: "the three governments", "the bloc", "the ministers", "his".

Each becomes a mention of the actors it stands for: the latest group of that many states (or, when those
were never named together, the last that many named), the latest bloc, the latest officials, the latest
named person.
"""

import re

from timeline.dates import NUMBER_WORDS
from timeline.drafting.lexicon import lexicon
from timeline.drafting.reading import Reading
from timeline.vocab import (
    ActorKind,
)

_NUMBERS = {**NUMBER_WORDS, "both": 2}
_BLOC_WORDS = re.compile(
    r"(?i)\b(?:the|its)\s+(?:(?:regional|new|military|economic)\s+)?(?:bloc|alliance|confederation|group|grouping|organi[sz]ation|union|community)\b"
)
_PERSON_PRONOUN = re.compile(r"\b(?:[Hh]is|[Hh]er|[Hh]e|[Ss]he)\b")


class References(Reading):
    def resolve_references(self) -> None:
        text = self.text
        nouns = "|".join(lexicon().group_nouns)
        official_nouns = "|".join(lexicon().official_group_nouns)
        pattern = re.compile(
            r"(?<![\w])(?:[Tt]he|[Tt]hese|[Tt]hose|[Bb]oth|[Aa]ll|[Tt]heir)\s+(?:(?P<count>two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?"
            r"(?:(?:[A-Z][\w-]*)\s+){0,3}(?:(?P<group>"
            + nouns
            + r")|(?P<officials>"
            + official_nouns
            + r"))(?![\w])"
        )
        for sentence in self.cast.document.sentences:
            if sentence.heading:
                continue
            for match in pattern.finditer(text, sentence.start, sentence.end):
                if self.cast.within(match.start(), match.end()):
                    continue
                count_word = match.group("count")
                count = None
                if count_word:
                    count = int(count_word) if count_word.isdigit() else _NUMBERS[count_word]
                kinds = {ActorKind.person} if match.group("officials") else {ActorKind.state, ActorKind.bloc}
                group = self._latest_group(match.start(), count, kinds)
                if group:
                    self.cast.add(match.start(), match.end(), tuple(group), "reference")
            for match in _BLOC_WORDS.finditer(text, sentence.start, sentence.end):
                if self.cast.within(match.start(), match.end()):
                    continue
                bloc = self._latest(match.start(), {ActorKind.bloc})
                if bloc:
                    self.cast.add(match.start(), match.end(), (bloc,), "reference")
            for match in _PERSON_PRONOUN.finditer(text, sentence.start, sentence.end):
                person = self._latest(match.start(), {ActorKind.person}, named_only=True)
                if person:
                    self.cast.add(match.start(), match.end(), (person,), "reference")
