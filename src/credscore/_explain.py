"""Result types of :func:`credscore.explain`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._engine import Evidence

__all__ = ["MAX_SPANS", "Explanation", "SignalReport"]

#: The most evidence spans :func:`credscore.explain` lists per signal (its first, in text order); a
#: signal's ``count`` is its full number. A text made of a million exclamation marks is explained in
#: bounded memory, and no reader goes through more.
MAX_SPANS = 1000


@dataclass(frozen=True, slots=True)
class SignalReport:
    """One signal found in an article.

    Attributes
    ----------
    name : str
        Signal name (see :data:`credscore.CATALOGUE`).
    description : str
        What the signal detects.
    count : int
        Number of evidence spans (in the body, or in the title for title signals).
    contribution : float
        What finding this signal changed, in log-odds: the article's
        log-odds against the same article with none of it (the rest of
        the signal's column is in ``Explanation.style["absent_signals"]``).
        Positive pushes towards credible, negative towards not credible; its
        sign is the signal's :attr:`~credscore.Signal.sign` (0 when the model
        gives the signal no weight).
    spans : tuple of Evidence
        The evidence, in text order: all ``count`` spans, or the first
        1,000 (``credscore._explain.MAX_SPANS``) when there are more.
    """

    name: str
    description: str
    count: int
    contribution: float
    spans: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "name": self.name,
            "description": self.description,
            "count": self.count,
            "contribution": self.contribution,
            "spans": [s.to_dict() for s in self.spans],
        }


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an article got its score.

    Attributes
    ----------
    score : float
        Credibility in [0, 1]; equals :func:`credscore.score` for the same input.
    risk : str
        ``"low"``, ``"medium"`` or ``"high"`` risk of misinformation (see
        :data:`credscore.RISK_THRESHOLDS`); ``"unknown"`` when there was too
        little text to judge or it does not look like English (see ``notes``).
    signals : tuple of SignalReport
        One entry per signal found, strongest contribution first.
    style : dict of str to float
        Contributions (log-odds) of the stylometric columns, which have no
        spans: ``function_words`` and ``punctuation`` summed over their
        columns, and each ``shape:*`` statistic on its own; ``writing_pattern``,
        the writing-pattern n-grams together (their strongest are in
        ``patterns``); ``tone_cap``, what the model's tone cap gave back when
        exclamations, capitals and loud words together would have lowered the
        score by more than the cap allows; plus ``absent_signals``, what the
        catalogue signals give an article in which none of them fires
        (finding no named expert moves a score too); each signal found is
        counted from there in ``signals``.
    baseline : float
        Log-odds of an article with every column at its training mean and no
        writing-pattern n-gram, after short-text shrinkage and the prior
        shift; ``baseline + sum of all contributions`` (``signals`` and
        ``style``) is the logit of ``score``, except for text the model
        cannot judge (``risk == "unknown"``), whose score is the model's prior
        by definition. Contributions are shrunk like the score: a short text's
        are smaller.
    words : int
        Number of words in the body: runs of letters of any script, with
        word-internal apostrophes (numbers and punctuation are not words); the
        count that short-text shrinkage and the too-little-text rule read.
    notes : tuple of str
        Caveats, e.g. too little text, or text that does not look like English.
    patterns : tuple of (str, float)
        The writing-pattern n-grams that moved the score most, as a person
        reads them (content words as ``*``, numbers as ``#``: ``"said * , a"``),
        with their contributions, strongest first (at most 10).
    """

    score: float
    risk: str
    signals: tuple[SignalReport, ...]
    style: dict[str, float]
    baseline: float
    words: int
    notes: tuple[str, ...] = ()
    patterns: tuple[tuple[str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        >>> import json, credscore
        >>> d = credscore.explain("Sources said the claims were unverified, and officials denied them.").to_dict()
        >>> sorted(d), json.loads(json.dumps(d)) == d
        (['baseline', 'notes', 'patterns', 'risk', 'score', 'signals', 'style', 'words'], True)
        """
        return {
            "score": self.score,
            "risk": self.risk,
            "baseline": self.baseline,
            "words": self.words,
            "notes": list(self.notes),
            "signals": [s.to_dict() for s in self.signals],
            "style": dict(self.style),
            "patterns": [{"ngram": g, "contribution": c} for g, c in self.patterns],
        }

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The evidence spans of all signals (each signal's listed ones: see ``SignalReport.spans``), in text order.

        >>> import credscore
        >>> text = "Sources said the report was unverified."
        >>> [(e.signal, e.text) for e in credscore.explain(text).evidence]
        [('anonymous_sourcing', 'Sources said'), ('unverified_claim', 'unverified')]
        >>> all(text[e.start : e.end] == e.text for e in credscore.explain(text).evidence)
        True
        """
        return tuple(sorted((e for s in self.signals for e in s.spans), key=lambda e: (e.field, e.start, e.end)))
