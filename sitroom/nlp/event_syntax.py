"""Syntactic cues for event triggers: who acts, who is hit, and whether it happened.

Works on spaCy tokens of a parsed sentence. The rules are deliberately shallow (a few
dependency labels, a bounded climb up the tree) so that parser errors cost a wrong
label on one cue, not a crash or a run-away walk.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from sitroom.nlp.event_lexicon import Tok

# Links climbed from a trigger to the words that govern it ("vowed to capture",
# "plans to launch an offensive", "airstrikes destroyed"). Adverbial and relative
# clauses are not climbed: "vowed revenge after airstrikes killed 20" reports a strike.
_CLIMB = frozenset(
    {
        "xcomp",
        "ccomp",
        "conj",
        "dobj",
        "pobj",
        "prep",
        "compound",
        "amod",
        "nsubj",
        "nsubjpass",
        "attr",
        "acomp",
        "pcomp",
        "dative",
        "appos",
        "oprd",
    }
)
_SUBJECTS = frozenset({"nsubj", "csubj", "expl"})
_OBJECTS = frozenset({"dobj", "nsubjpass", "dative", "attr", "oprd"})
_TARGET_PREPS = frozenset({"on", "at", "against", "into", "upon", "of", "in", "toward", "towards"})
_AGENT_CLIMB = frozenset(
    {"conj", "xcomp", "advcl", "dobj", "pobj", "prep", "pcomp", "compound", "acl"}
)
_RELATIVE = frozenset({"who", "that", "which", "whom"})
_MAX_CLIMB = 6


# Words before a month's name that show "March" is the month, not a protest march.
_BEFORE_MONTH = frozenset(
    {"in", "since", "on", "by", "until", "till", "of", "early", "late", "mid", "last", "next",
     "this", "from", "through", "to"}
)  # fmt: skip


def _is_month(t: Token) -> bool:
    """Whether a capitalised "March" is the month ("began in March", "3 March 2011")."""
    if t.text != "March":
        return False
    before = t.nbor(-1) if t.i > 0 else None
    after = t.nbor(1) if t.i + 1 < len(t.doc) else None
    return (before is not None and (before.lower_ in _BEFORE_MONTH or before.like_num)) or (
        after is not None and after.like_num
    )


def words(tokens: Iterable[Token]) -> set[str]:
    """Lemmas and lower forms of tokens, the vocabulary actor classes are written in."""
    out: set[str] = set()
    for t in tokens:
        if _is_month(t):
            continue
        out.add(t.lemma_.lower())
        out.add(t.lower_)
        if t.pos_ == "PROPN":  # "Rebels of the M23 movement": a plural taken for a name
            out.add(Tok.naive_singular(t.lower_))
    return out


def head_token(tokens: list[Token]) -> Token:
    """The syntactic head of a multi-token trigger, preferring a verb."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    for t in heads:
        if t.pos_ in ("VERB", "AUX"):
            return t
    return heads[0] if heads else tokens[0]


def _negated(tok: Token) -> bool:
    for child in tok.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "det" and child.lower_ in ("no", "neither"):
            return True
    return False


# Possessive time words that date a noun in the past: "yesterday's", "Friday's" (the
# tokenizer splits off "'s", so the possessor token is the bare word).
_PAST_POSSESSIVES = frozenset(
    [
        "yesterday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "week",
        "weekend",
        "night",
        "month",
        "year",
    ]
)


def is_irrealis(
    tok: Token,
    governors: frozenset[str],
    subject_nouns: frozenset[str],
    modals: frozenset[str],
    barriers: frozenset[str] = frozenset(),
    conditionals: frozenset[str] = frozenset(),
) -> bool:
    """True when the event at ``tok`` is threatened, planned, negated or future, not reported.

    A noun dated by a past-time possessive ("yesterday's attack", "Friday's bombing") has
    happened, whatever the clause around it hedges ("may have died in yesterday's attack").
    """
    if tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ == "poss" and c.lower_ in _PAST_POSSESSIVES for c in tok.children
    ):
        return False
    if (
        tok.pos_ == "NOUN"
        and tok.dep_ in ("nsubj", "nsubjpass")
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)
    ):
        # "vowed that the murder of the mayor would not go unpunished": what the clause
        # says about the murder is hedged, not the murder itself.
        return False
    node = tok
    in_clause = True
    for _ in range(_MAX_CLIMB + 1):
        if in_clause:
            if _negated(node):
                return True
            for child in node.children:
                if child.dep_ == "aux" and (
                    child.lemma_.lower() in modals or child.lower_ in modals
                ):
                    return True
        for child in node.children:
            if (
                child.dep_ in _SUBJECTS
                and child.lemma_.lower() in subject_nouns
                and node.lemma_ == "be"
            ):
                return True  # "the group's aim is to ...", not "the UN mission condemned"
            if child.dep_ == "mark" and child.lower_ in conditionals:
                return True
        if node is not tok and node.lemma_.lower() in governors:
            return True
        if node.dep_ not in _CLIMB or node.head.i == node.i:
            return False
        if node.lower_ in barriers or any(
            c.dep_ == "mark" and c.lower_ in barriers for c in node.children
        ):
            return False
        if node.dep_ == "ccomp":
            in_clause = False
        node = node.head
    return False


def _subtree_words(tok: Token) -> set[str]:
    return words(tok.subtree)


def agent_words(tok: Token) -> set[str]:
    """Words naming who carries out the event at ``tok`` (subject, by-phrase, modifier)."""
    out: set[str] = set()
    node = tok
    for step in range(_MAX_CLIMB):
        for child in node.children:
            if child.dep_ in _SUBJECTS:
                if child.lower_ in _RELATIVE and node.dep_ == "relcl":
                    out |= words([node.head, *node.head.lefts])
                else:
                    out |= _subtree_words(child)
            elif child.dep_ == "agent":
                for pobj in child.children:
                    out |= _subtree_words(pobj)
            elif (
                step == 0
                and child.dep_ in ("poss", "compound", "amod", "nmod")
                and node.pos_ in ("NOUN", "PROPN")
            ):
                out |= _subtree_words(child)
        if out or node.dep_ not in _AGENT_CLIMB or node.head.i == node.i:
            break
        if node.dep_ == "acl" and node.tag_ == "VBN":
            # "funerals for people killed when ...": the noun a past participle modifies
            # is who suffered it; whoever governs that noun did not do it.
            break
        node = node.head
    return out


# Where the target is, not who it is: "attacked a community in Guma local government
# area" hit civilians, whatever the place's name says.
_PLACE_PREPS = frozenset({"in", "near", "outside", "inside", "around", "across"})


def _phrase_words(tok: Token) -> set[str]:
    """The words of ``tok``'s phrase less the place phrases attached to it."""
    skip = {
        t.i
        for child in tok.children
        if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS
        for t in child.subtree
    }
    return words(t for t in tok.subtree if t.i not in skip)


def target_words(tok: Token) -> set[str]:
    """Words naming who or what the event at ``tok`` hits (object, passive subject, on-phrase).
    Beside a direct object an in-phrase is a circumstance ("seized the area in an
    operation"), not what was hit."""
    out: set[str] = set()
    has_object = any(c.dep_ == "dobj" for c in tok.children)
    for child in tok.children:
        if child.dep_ in _OBJECTS:
            out |= _phrase_words(child)
        elif (
            child.dep_ == "prep"
            and child.lower_ in _TARGET_PREPS
            and not (has_object and child.lower_ == "in")
        ):
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if child.lower_ in _PLACE_PREPS and any(t.pos_ == "PROPN" for t in pobj.subtree):
                    continue  # "in Guma local government area": where, not whom
                out |= _phrase_words(pobj)
    return out


def patient_words(tok: Token) -> set[str]:
    """The head word of the passive subject of the event at ``tok`` (through "killed or
    captured"): "several rebels ... were captured" names people taken, not ground. A past
    participle's noun is its patient too: "an American seized at Massalata"."""
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.i != tok.i:
        return words([tok.head])
    node = tok
    for _ in range(3):
        for child in node.children:
            if child.dep_ == "nsubjpass":
                return words([child])
        if node.dep_ != "conj" or node.head.i == node.i:
            break
        node = node.head
    return set()


def window_words(tokens: list[Token], at: int, before: bool, size: int = 5) -> set[str]:
    """Fallback when the parse gives no subject or object: a few tokens either side."""
    if before:
        return words(tokens[max(0, at - size) : at])
    return words(tokens[at + 1 : at + 1 + size])
