"""Officials and their posts: "Russian Foreign Minister Sergei Lavrov", "the foreign ministers of Mali and
Niger", "X, the prime minister of Y", "President X of Y", each linked to the stored post and to its holder on
the document's date when the database has them."""

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from timeline.dates import MONTHS, WEEKDAYS
from timeline.drafting.lexicon import lexicon
from timeline.drafting.names import Cast, DraftActor, Mention
from timeline.models import Actor, Post, PostHolding
from timeline.slugs import slugify
from timeline.vocab import ActorKind

_PARTICLES = {
    "bin",
    "ibn",
    "al",
    "al-",
    "el",
    "de",
    "da",
    "do",
    "dos",
    "van",
    "von",
    "der",
    "la",
    "le",
    "du",
    "di",
}
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
# Capitalised words that begin no name: sentence openers, pronouns, months and weekdays.
_OPENERS = ("The", "A", "An", "On", "In", "At", "And", "But", "For", "During", "After", "Before", "Of")
_PRONOUNS = ("Mr", "Mrs", "Ms", "He", "She", "They", "It", "This", "That")
_NOT_NAMES = {*_OPENERS, *_PRONOUNS, *(name.title() for name in (*MONTHS, *WEEKDAYS))}


@dataclass
class DraftPost:
    key: str
    of: str  # actor key
    role: str
    existing: bool


@dataclass
class DraftHolding:
    post: str
    holder: str
    evidence: list[tuple[int, int]] = field(default_factory=list)
    comment: str | None = None
    guessed: bool = False  # written commented out: the drafter does not know the post's state


class Officials:
    def __init__(self, cast: Cast, session: Session | None, published: dt.date | None) -> None:
        self.cast = cast
        self.session = session
        self.published = published
        self.posts: dict[str, DraftPost] = {}
        self.holdings: list[DraftHolding] = []

    def find(self) -> None:
        text = self.cast.document.text
        for sentence in self.cast.document.sentences:
            if sentence.heading:
                continue
            for match in lexicon().title_pattern.finditer(text, sentence.start, sentence.end):
                self._official(match, sentence.start, sentence.end)
        self._later_mentions()

    # -- one title ---------------------------------------------------------------------------------------

    def _official(self, title: re.Match[str], sentence_start: int, sentence_end: int) -> None:
        text = self.cast.document.text
        role = lexicon().titles[" ".join(title.group().lower().split())]
        if role == "counterpart":  # "his Indian counterpart": the post of the official named before
            earlier = [h for h in self.holdings if sentence_start <= h.evidence[0][0] < title.start()]
            if not earlier:
                return
            role = self.posts[earlier[-1].post].role
        before = self._mention_before(title.start(), sentence_start)
        orgs: list[Mention] = []
        span_start, span_end = title.start(), title.end()
        if before is not None:
            orgs = [before]
            span_start = before.start
        after_of = re.compile(r"\s+of\s+(?:the\s+)?").match(text, title.end())
        if not orgs and after_of:
            orgs = self._list_at(after_of.end(), sentence_end)
            if orgs:
                span_end = orgs[-1].end
        name = None
        if orgs and span_end == title.end():
            name = self._name_after(title.end(), sentence_end)  # Russian Foreign Minister Sergei Lavrov
            appositive = re.compile(r",[ \u00a0]*").match(text, title.end())
            if name is None and appositive:  # his Indian counterpart, Subrahmanyam Jaishankar,
                name = self._name_after(appositive.end() - 1, sentence_end)
        elif orgs:
            appositive = re.compile(r",\s+").match(
                text, span_end
            )  # the foreign minister of Mali, Abdoulaye Diop,
            if appositive and len(orgs) == 1:
                name = self._name_after(appositive.end() - 1, sentence_end)
        if not orgs:
            name = self._name_after(title.end(), sentence_end)  # President X of Y; Foreign Minister Sugiono
            if name is not None:
                of = re.compile(r"\s+of\s+(?:the\s+)?").match(text, name[1])
                orgs = self._list_at(of.end(), sentence_end)[:1] if of else []
                if orgs:
                    span_end = orgs[0].end
        if name is None and orgs:
            name = self._name_before(span_start, sentence_start)  # X, the prime minister of Y
            if name is not None:
                span_start = name[0]
        # "the foreign ministers of ..." starts the official's words at its determiner.
        determiner = re.compile(r"(?i)(?:the|its|their)\s+$").search(
            text, max(sentence_start, span_start - 8), span_start
        )
        if determiner and name is None:
            span_start = determiner.start()
        comment = None
        guessed = False
        if not orgs:
            if name is None:
                return
            words = self.cast.document.text[title.start() : title.end()]
            nearest = self._nearest_state(title.start(), sentence_start, sentence_end)
            if nearest is not None:
                comment = (
                    f"which state the {words} serves is a guess: the state named nearest in the sentence"
                )
            else:
                nearest = self._latest_state(title.start())
                if nearest is None:
                    return
                comment = f"unsure: the sentence names no state for the {words}; the one named last before it"
                guessed = True
            orgs = [nearest]
        if name is not None:
            span_end = max(span_end, name[1])
        org_keys = [key for mention in orgs for key in mention.keys]
        org_keys = [
            key
            for key in org_keys
            if self.cast.actors[key].kind in (ActorKind.state, ActorKind.bloc, ActorKind.organization)
        ]
        if not org_keys or (name is not None and len(org_keys) > 1):
            return
        holders: list[str] = []
        for org_key in org_keys:
            post = self._post(org_key, role)
            holder = self._holder(post, None if name is None else text[name[0] : name[1]])
            self._holding(post.key, holder.key, (span_start, span_end), comment, guessed)
            holders.append(holder.key)
        self.cast.add(span_start, span_end, tuple(holders), "official", replace=True)

    def _mention_before(self, position: int, sentence_start: int) -> Mention | None:
        """An actor named right before the title: "Russian", "Mali's", "Burkina Faso’s", "ECOWAS"."""
        text = self.cast.document.text
        for mention in reversed(self.cast.mentions):
            if mention.end <= position and mention.start >= sentence_start:
                gap = text[mention.end : position]
                if re.fullmatch(r"(?:['’]s)?\s+", gap):
                    return mention
                return None
        return None

    def _list_at(self, position: int, limit: int) -> list[Mention]:
        """Mentions from ``position`` joined by commas and "and": "Mali, Burkina Faso, and Niger"."""
        text = self.cast.document.text
        found: list[Mention] = []
        cursor = position
        for mention in self.cast.mentions:
            if mention.start < cursor or mention.start >= limit:
                continue
            gap = text[cursor : mention.start]
            listed = re.fullmatch(r",?\s+(?:and|&)\s+(?:the\s+)?|,\s+(?:the\s+)?", gap)
            if (not found and gap.strip() == "") or (found and listed):
                found.append(mention)
                cursor = mention.end
                continue
            break
        return found

    def _name_after(self, position: int, limit: int) -> tuple[int, int] | None:
        text = self.cast.document.text
        cursor = position
        start = end = None
        while cursor < limit:
            space = re.compile(r"[ \u00a0]+").match(text, cursor)
            if space is None:
                break
            word = _NAME_WORD.match(text, space.end())
            if word is None or word.end() > limit:
                break
            token = re.sub(r"['’]s$", "", word.group()).rstrip(".")
            if token.lower() in _PARTICLES and start is not None:
                cursor = word.end()
                continue
            if (
                not token
                or not token[0].isupper()
                or token in _NOT_NAMES
                or (token.isupper() and len(token) > 1)
            ):
                break
            if start is None:
                start = word.start()
            end = word.start() + len(token)
            cursor = word.end()
            if token != word.group().rstrip("."):
                break  # a possessive ends the name
        if start is None or end is None:
            return None
        if self.cast.within(start, end) and any(
            self.cast.actors[m.key].kind is not ActorKind.person for m in self.cast.within(start, end)
        ):
            return None  # a state or bloc, not a person
        return start, end

    def _name_before(self, position: int, sentence_start: int) -> tuple[int, int] | None:
        """X in "X, the prime minister of Y" or "X, Mali's foreign minister"."""
        text = self.cast.document.text
        head = text[sentence_start:position]
        match = re.search(r"((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’.-]*),\s+(?:the\s+)?$", head)
        if match is None:
            return None
        words = match.group(1).split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if not words:
            return None
        start = sentence_start + match.start(1) + match.group(1).find(words[0])
        end = sentence_start + match.end(1)
        if self.cast.within(start, end):
            return None
        return start, end

    def _latest_state(self, position: int) -> Mention | None:
        states = [
            m for m in self.cast.raw if m.end <= position and self.cast.actors[m.key].kind is ActorKind.state
        ]
        return states[-1] if states else None

    def _nearest_state(self, position: int, sentence_start: int, sentence_end: int) -> Mention | None:
        candidates = [
            m
            for m in self.cast.mentions
            if sentence_start <= m.start < sentence_end and self.cast.actors[m.key].kind is ActorKind.state
        ]
        if not candidates:
            return None
        return min(candidates, key=lambda m: abs(m.start - position))

    # -- posts and holders -------------------------------------------------------------------------------

    def _post(self, org_key: str, role: str) -> DraftPost:
        org = self.cast.actors[org_key]
        for post in self.posts.values():
            if post.of == org_key and post.role == role:
                return post
        stored = None
        if self.session is not None and org.existing:
            stored = self.session.scalars(
                select(Post)
                .join(Actor, Actor.id == Post.organization_id)
                .where(Actor.slug == org.key, Post.role == role)
            ).first()
        if stored is not None:
            post = DraftPost(stored.slug, org_key, role, True)
        else:
            key = f"{org_key}/{slugify(role)}"
            post = DraftPost(key, org_key, role, self._post_slug_taken(key))
            if post.existing:
                post = DraftPost(f"{key}-2", org_key, role, False)
        self.posts[post.key] = post
        return post

    def _post_slug_taken(self, slug: str) -> bool:
        if self.session is None:
            return False
        return self.session.scalars(select(Post.id).where(Post.slug == slug)).first() is not None

    def _holder(self, post: DraftPost, name: str | None) -> DraftActor:
        """The person holding ``post``: the one the database knows on the document's date, or a new one."""
        org = self.cast.actors[post.of]
        for holding in self.holdings:
            if holding.post == post.key:
                holder = self.cast.actors[holding.holder]
                if name is None or holder.label == name:
                    return holder
        stored = self._stored_holder(post) if post.existing else None
        if name is not None:
            known = [
                a
                for a in self.cast.actors.values()
                if a.kind is ActorKind.person and (a.name == name or name in a.aliases)
            ]
            if known:
                return known[0]
            if self.session is not None:
                named = self.session.scalars(
                    select(Actor).where(Actor.kind == ActorKind.person, Actor.name == name)
                ).first()
                if named is not None:
                    return self.cast.existing(named)
            if stored is not None and stored.name is None:
                actor = self.cast.existing(stored)
                actor.new_name = name
                actor.comment = (
                    f"the database knows this official only as {stored.description!r}; "
                    "the document names them"
                )
                return actor
            return self.cast.new(slugify(name), ActorKind.person, name, aliases=self._short_names(name))
        if stored is not None:
            return self.cast.existing(stored)
        name = org.label
        if re.search(r"(?<![\w])the\s+" + re.escape(name) + r"(?![\w])", self.cast.document.text):
            name = f"the {name}"  # "the Philippines", as the text writes it
        label = f"{post.role.title()} of {name}"
        return self.cast.new(
            f"{org.key}-{slugify(post.role)}",
            ActorKind.person,
            None,
            description=label,
            aliases=[f"{post.role} of {name}"],
        )

    def _short_names(self, name: str) -> list[str]:
        """The parts of a person's name the text uses on their own: "Lavrov", or "Wang" for Wang Yi."""
        parts = name.split()
        if len(parts) < 2:
            return []
        text = self.cast.document.text
        found = []
        for part in (parts[-1], parts[0]):
            if re.search(
                r"(?<![\w])" + re.escape(part) + r"(?![\w])(?![ \u00a0]+[A-Z])", text.replace(name, "")
            ):
                found.append(part)
        return found

    def _stored_holder(self, post: DraftPost) -> Actor | None:
        if self.session is None:
            return None
        day = self.published
        query = (
            select(Actor)
            .join(PostHolding, PostHolding.holder_id == Actor.id)
            .join(Post, Post.id == PostHolding.post_id)
            .where(Post.slug == post.key)
        )
        if day is not None:
            query = query.where(
                or_(PostHolding.start_date.is_(None), PostHolding.start_date <= day),
                or_(PostHolding.end_date.is_(None), PostHolding.end_date >= day),
            )
        holders = self.session.scalars(query).all()
        return holders[0] if len(holders) == 1 else None

    def _holding(
        self, post: str, holder: str, span: tuple[int, int], comment: str | None, guessed: bool = False
    ) -> None:
        for holding in self.holdings:
            if holding.post == post and holding.holder == holder:
                return
        self.holdings.append(DraftHolding(post, holder, [span], comment, guessed))
        actor = self.cast.actors[holder]
        if not actor.evidence:
            actor.evidence.append(span)

    def _later_mentions(self) -> None:
        """A named official's full name and surname name them again later in the text."""
        text = self.cast.document.text
        for holding in self.holdings:
            actor = self.cast.actors[holding.holder]
            forms = [
                form for form in (actor.new_name or actor.name, *actor.aliases) if form and form[0].isupper()
            ]
            for form in forms:
                for match in re.finditer(r"(?<![\w])" + re.escape(form) + r"(?![\w])", text):
                    self.cast.add(match.start(), match.end(), (actor.key,), "official")
