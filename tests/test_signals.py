"""The signal catalogue: every signal's own examples, exact spans, and catalogue hygiene.

Adding a signal means editing ``_signals.py`` and, here, the span table; the
example tests pick the new signal up on their own. The rest of the checklist
(catalogue slots, retraining) is in ``credscore._signals``'s docstring.
"""

from __future__ import annotations

import re

import pytest
from span_oracle import check_span

from credscore import CATALOGUE, Matcher, Signal
from credscore._api import default_matcher

# One compiled matcher for the whole module: compiling the catalogue takes
# seconds, and a signal's evidence does not depend on the other signals
# (overlaps are resolved per signal).
MATCHER: Matcher = default_matcher()


def spans(signal: str, text: str, scope: str = "text") -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.text) for e in MATCHER.find(text, scope) if e.signal == signal]  # type: ignore[arg-type]


def _cases(kind: str) -> list[object]:
    return [
        pytest.param(sig, text, id=f"{sig.name}-{i}")
        for sig in CATALOGUE
        for i, text in enumerate(getattr(sig, kind))
    ]


# --- each signal's own examples --------------------------------------------
@pytest.mark.parametrize(("signal", "text"), _cases("examples"))
def test_example_fires_its_signal(signal: Signal, text: str) -> None:
    found = [e for e in MATCHER.find(text, signal.scope) if e.signal == signal.name]
    assert found, f"{signal.name} did not fire on its example {text!r}"
    for e in found:
        check_span(text, e)


def test_the_matcher_reads_the_text_without_characters_that_print_as_nothing() -> None:
    # Matcher.find and count read a text as explain() and featurize() do: a zero-width space or a soft
    # hyphen is dropped, so "x\u200bunverified" is the word "xunverified" (no marker) and
    # "sources\u00ad said" is "sources said", placed in the text as given with the mark inside.
    text = "The report was x\u200bunverified, and sources\u00ad said officials x\u200bdenied it."
    found = MATCHER.find(text)
    assert [(e.signal, e.text) for e in found] == [("anonymous_sourcing", "sources\u00ad said")]
    for e in found:
        check_span(text, e)
    counts = MATCHER.count([text])[0]
    assert counts[MATCHER.index("anonymous_sourcing")] == 1 and counts.sum() == 1
    ev, counted = MATCHER.find_counted(text)
    assert ev == found and counted.tolist() == counts.tolist()


@pytest.mark.parametrize(("signal", "text"), _cases("counterexamples"))
def test_counterexample_does_not_fire_its_signal(signal: Signal, text: str) -> None:
    assert spans(signal.name, text, signal.scope) == []


# --- exact spans ----------------------------------------------------------------
# (signal, text, expected [(start, end, text)]); an empty list is a negative.
# Offsets are characters of the original string, so the cases with "é", "Ü",
# "😀" and curly quotes before the match check the byte-to-character mapping.
SPAN_TABLE: list[tuple[str, str, list[tuple[int, int, str]]]] = [
    # anonymous_sourcing
    ("anonymous_sourcing", "Sources said the deal collapsed.", [(0, 12, "Sources said")]),
    ("anonymous_sourcing", "A source close to the family confirmed the split.", [(0, 17, "A source close to")]),
    (
        "anonymous_sourcing",
        "Café news \u2014 sources said the \u0130zmir deal collapsed.",
        [(12, 24, "sources said")],
    ),
    ("anonymous_sourcing", "He spoke on condition of anonymity.", [(9, 34, "on condition of anonymity")]),
    (
        "anonymous_sourcing",
        "According to unconfirmed reports, the plant will close.",
        [(0, 32, "According to unconfirmed reports")],
    ),
    ("anonymous_sourcing", "The company disclosed its sources of revenue.", []),
    # unverified_claim
    ("unverified_claim", "The claim was unverified.", [(14, 24, "unverified")]),
    (
        "unverified_claim",
        "The minister allegedly took bribes and reportedly fled.",
        [(13, 22, "allegedly"), (39, 49, "reportedly")],
    ),
    (
        "unverified_claim",
        "The claim could not be independently verified.",
        [(10, 45, "could not be independently verified")],
    ),
    (
        "unverified_claim",
        "\U0001f600 The singer is said to be furious, it is claimed.",
        [(13, 26, "is said to be"), (36, 49, "it is claimed")],
    ),
    ("unverified_claim", "The results were verified by two labs.", []),
    # official_denial
    ("official_denial", "She denied any wrongdoing.", [(4, 10, "denied")]),
    (
        "official_denial",
        "The ministry dismissed the reports as baseless.",
        [(13, 46, "dismissed the reports as baseless")],
    ),
    ("official_denial", "A spokesman declined to comment.", [(12, 31, "declined to comment")]),
    (
        "official_denial",
        "The palace neither confirmed nor denied the story.",
        [(11, 39, "neither confirmed nor denied")],
    ),
    ("official_denial", "The ministry confirmed the reports on Monday.", []),
    # Two signals whose candidates overlap within each signal (the engine's
    # exact selection loop): one signal's spans must not block another's.
    (
        "official_denial",
        "The ministry dismissed the reports as baseless. A source close to the family confirmed it.",
        [(13, 46, "dismissed the reports as baseless")],
    ),
    # named_expert
    (
        "named_expert",
        "\u201cIt works,\u201d said Jane Smith, a senior fellow at the Brookings Institution.",
        [(12, 44, "said Jane Smith, a senior fellow")],
    ),
    ("named_expert", "said John Smith, a professor at Yale", [(0, 28, "said John Smith, a professor")]),
    (
        "named_expert",
        "Epidemiologist Marc Lipsitch said the estimate was uncertain.",
        [(0, 33, "Epidemiologist Marc Lipsitch said")],
    ),
    (
        "named_expert",
        "Maria Lopez, an associate professor of economics at Stanford University, said the data were clear.",
        [(0, 77, "Maria Lopez, an associate professor of economics at Stanford University, said")],
    ),
    (
        "named_expert",
        "Dr. Anthony Fauci of the National Institutes of Health told reporters.",
        [(0, 33, "Dr. Anthony Fauci of the National")],
    ),
    # ... and not on a weekday, a newspaper or an unnamed role.
    ("named_expert", "The company said Monday, a day after the vote, that it would appeal.", []),
    ("named_expert", "The director said Monday, a day later, it would close.", []),
    ("named_expert", "\u201cWe won,\u201d said The New York Times, a newspaper.", []),
    ("named_expert", "He said the professor was wrong.", []),
    # attributed_quote
    (
        "attributed_quote",
        "\u201cThis is unprecedented,\u201d said Maria Lopez.",
        [(22, 41, ",\u201d said Maria Lopez")],
    ),
    (
        "attributed_quote",
        "\u00dcber \u201cThis is unprecedented,\u201d said Maria Lopez.",
        [(27, 46, ",\u201d said Maria Lopez")],
    ),
    (
        "attributed_quote",
        '"We will rebuild," Mayor Bill de Blasio said.',
        [(16, 44, '," Mayor Bill de Blasio said')],
    ),
    ("attributed_quote", "John Smith said: \u201cThe numbers are in.\u201d", [(0, 18, "John Smith said: \u201c")]),
    ("attributed_quote", "\u201cThis is unprecedented,\u201d he said.", []),
    ("attributed_quote", "The word \u201cunprecedented\u201d was used.", []),
    # right_of_reply
    (
        "right_of_reply",
        "The mayor did not respond to a request for comment.",
        [(10, 38, "did not respond to a request")],
    ),
    ("right_of_reply", "He could not be reached.", [(3, 23, "could not be reached")]),
    (
        "right_of_reply",
        "She did not immediately return repeated calls for comment.",
        [(4, 45, "did not immediately return repeated calls")],
    ),
    ("right_of_reply", "When asked about the claims, she said they were false.", [(0, 16, "When asked about")]),
    ("right_of_reply", "He declined, the company said in a response.", [(25, 43, "said in a response")]),
    ("right_of_reply", "The mayor responded to the crowd.", []),
    # named_expert: an affiliation between the name and the verb
    (
        "named_expert",
        "Epidemiologist Marc Lipsitch of Harvard said it.",
        [(0, 44, "Epidemiologist Marc Lipsitch of Harvard said")],
    ),
    ("named_expert", "Residents Jane Doe of Boston said it.", []),
    # shouting: a curly apostrophe does not break a run of capitals
    ("shouting", "THEY DON\u2019T WANT YOU to know.", [(0, 19, "THEY DON\u2019T WANT YOU")]),
    ("shouting", "THEY DON'T WANT YOU to know.", [(0, 19, "THEY DON'T WANT YOU")]),
    # specific_date: a following year is part of the span
    ("specific_date", "On March 3, 2021 the law passed.", [(3, 16, "March 3, 2021")]),
    ("specific_date", "It ended on 4 July 1976.", [(12, 23, "4 July 1976")]),
    ("specific_date", "On March 3, 20 people were hurt.", [(3, 10, "March 3")]),
    ("specific_date", "Talks resumed on Tuesday.", [(17, 24, "Tuesday")]),
    # specific_figure
    ("specific_figure", "Unemployment rose 4.5 percent.", [(18, 29, "4.5 percent")]),
    ("specific_figure", "About 120 people were evacuated.", [(6, 16, "120 people")]),
    (
        "specific_figure",
        "\u00dcber 4.5 percent and 1,200 residents.",
        [(5, 16, "4.5 percent"), (21, 36, "1,200 residents")],
    ),
    (
        "specific_figure",
        "The firm raised \u00a340 and \u20ac2.5 and paid 3 million in fines.",
        [(16, 19, "\u00a340"), (24, 28, "\u20ac2.5"), (38, 47, "3 million")],
    ),
    ("specific_figure", "Many people were evacuated.", []),
    # session 20's audit of unseen passages: a title before a speaker's name, organisations that speak,
    # role words, lawsuit denials, "between <year>", counted nouns, journals named after a weekday
    (
        "named_attribution",
        "\u201cWe will rebuild,\u201d said Gov. Michelle Lujan Grisham on Friday.",
        [(19, 51, "said Gov. Michelle Lujan Grisham")],
    ),
    (
        "attributed_quote",
        "\u201cWe will rebuild,\u201d said Gov. Michelle Lujan Grisham on Friday.",
        [(16, 51, ",\u201d said Gov. Michelle Lujan Grisham")],
    ),
    ("attributed_quote", '"It is safe," Dr. Kenji Watanabe said.', [(11, 37, '," Dr. Kenji Watanabe said')]),
    ("named_attribution", "Downing Street said the talks would go on.", []),
    ("named_attribution", "Senate Democrats said the bill was dead.", []),
    ("named_attribution", "Police Scotland said two men were arrested.", []),
    ("named_expert", "Fire Marshal Tony Ruiz said the blaze was accidental.", [(0, 27, "Fire Marshal Tony Ruiz said")]),
    (
        "named_expert",
        "said Ana Ruiz, a research associate at the Pew Research Center.",
        [(0, 35, "said Ana Ruiz, a research associate")],
    ),
    (
        "official_denial",
        "The company called the lawsuit \u201cmeritless\u201d and vowed to fight it.",
        [(12, 41, "called the lawsuit \u201cmeritless")],
    ),
    ("official_denial", "Her lawyer said the claims were meritless.", [(27, 41, "were meritless")]),
    ("specific_date", "Prices doubled between 2019 and 2022.", [(15, 27, "between 2019")]),
    (
        "specific_figure",
        "The scheme reached 700,000 pupils and cost 2,500 rupees a head.",
        [(19, 33, "700,000 pupils"), (43, 55, "2,500 rupees")],
    ),
    (
        "cites_research",
        "The team reported on Monday in the journal Nature Astronomy that the planet exists.",
        [(9, 42, "reported on Monday in the journal")],
    ),
    (
        "cites_research",
        "Writing in the journal Science, the authors describe the method.",
        [(0, 22, "Writing in the journal")],
    ),
    # session 21's audit of unseen passages (round 4): agencies, companies and places that speak are no
    # people; names with ß; UK legislators; negated labels; British anonymity; denials of concerns and
    # propaganda; forecasts as hedges; weather units; filings and records; calls to action; cover-ups
    ('named_attribution', 'The quake was shallow, the US Geological Survey said.', []),
    ('named_attribution', 'Two were rescued, the Coast Guard said.', []),
    ('named_attribution', 'Profits rose, Société Générale said on Friday.', []),
    ('named_attribution', 'Flights resumed, Air France said.', []),
    ('named_attribution', 'Officials in São Paulo said the water was safe.', []),
    ('named_attribution', 'Traffic was heavy, Highways England said.', []),
    ('named_expert', '“It is risky,” said Jürgen Strauß, a lecturer at Heidelberg.', [(15, 45, 'said Jürgen Strauß, a lecturer')]),
    ('named_expert', 'Labour MP Diane Abbott said the row was a distraction.', [(7, 27, 'MP Diane Abbott said')]),
    ('loaded_labels', 'This council is not evil, and its members are not crooks.', []),
    ('anonymous_sourcing', 'One senior Conservative, who did not want to be named, said it was dead.', [(29, 53, 'did not want to be named')]),
    ('official_denial', 'The developer calls these concerns “overblown.”', [(14, 45, 'calls these concerns “overblown')]),
    ('official_denial', 'These allegations are politically motivated lies.', [(6, 48, 'allegations are politically motivated lies')]),
    ('official_denial', 'The Kremlin has dismissed as Western propaganda the reports.', [(16, 47, 'dismissed as Western propaganda')]),
    ('official_denial', 'A spokesman would not say whether the minister had resigned.', [(12, 33, 'would not say whether')]),
    ('official_denial', 'It would continue to contest the remaining claims.', [(21, 49, 'contest the remaining claims')]),
    ('hedging', 'Bond yields could rise, and growth could slow.', [(12, 22, 'could rise'), (35, 45, 'could slow')]),
    ('specific_figure', 'Gusts could reach 70 mph, with up to 4 inches of rain on 12,000 acres.', [(18, 24, '70 mph'), (37, 45, '4 inches'), (57, 69, '12,000 acres')]),
    ('cites_research', 'A new study has found that green tea reduces the risk.', [(0, 21, 'A new study has found')]),
    ('cites_document', 'It confirmed the sale in a regulatory filing, according to court documents.', [(22, 44, 'in a regulatory filing'), (46, 74, 'according to court documents')]),
    ('call_to_action', 'Watch the video before it’s taken down. Call your councilmember.', [(0, 15, 'Watch the video'), (16, 38, 'before it’s taken down'), (40, 63, 'Call your councilmember')]),
    ('conspiracy_framing', 'The hospitals are covering this up.', [(18, 34, 'covering this up')]),
    ("loaded_labels", "They are crooks and liars.", [(9, 15, "crooks"), (20, 25, "liars")]),
    ("official_denial", "A senior official did not dispute that characterization.", []),  # not a denial
    ("official_denial", "He has not disputed the claims.", []),
    # a number joined to a name by a hyphen is no count ("COVID-19 patients": 508 spans in the shared corpora)
    ("specific_figure", "Beds for COVID-19 patients and SARS-CoV-2 cases ran out; K-12 students stayed home.", []),
    ("specific_figure", "Beds for 19 patients ran out.", [(9, 20, "19 patients")]),
    ("first_person", "The Phase-I trial enrolled adults.", []),
    # a role between the verb and the name ("striker" is no role in the lexicon; "de" is part of a name)
    ('named_attribution', '“It is a dangerous setup,” said meteorologist Rick Smith.', [(27, 56, 'said meteorologist Rick Smith')]),
    ('attributed_quote', '“It is a dangerous setup,” said meteorologist Rick Smith.', [(24, 56, ',” said meteorologist Rick Smith')]),
    ('named_attribution', '“It works,” says lead author Professor Sarah Whitfield.', [(12, 54, 'says lead author Professor Sarah Whitfield')]),
    ('named_attribution', 'He said that John Smith had left.', []),
    ('named_attribution', 'Officials said on Monday John Smith had left.', []),
    ('attributed_quote', '“It is over,” said striker Alexandre Lacazette.', []),
    ('attributed_quote', '"We will rebuild," Bill de Blasio said.', [(16, 38, '," Bill de Blasio said')]),
    # session 21's fifth audit (46 passages: press releases, markets, crime, courts, celebrity, state media,
    # conspiracy and health posts, Nigerian, South African, Indian and Philippine copy)
    ('named_attribution', 'Analysts at Cordros Securities said the figures beat estimates.', []),
    ('named_attribution', 'Islamic State claimed responsibility on Saturday.', []),
    ('specific_date', 'Retailers are bracing for a subdued Black Friday.', []),
    ('certainty_booster', 'We are absolutely delighted, and it is absolutely true.', [(39, 54, 'absolutely true')]),
    ('specific_figure', 'Profit was £3.1bn as yields eased 4 basis points.', [(11, 17, '£3.1bn'), (34, 48, '4 basis points')]),
    ('anonymous_sourcing', 'Duty will be frozen, it is understood, according to a senior Treasury source.', [(21, 37, 'it is understood'), (39, 76, 'according to a senior Treasury source')]),
    ('anonymous_sourcing', 'A resident, who did not want his name in print, spoke off the record.', [(16, 46, 'did not want his name in print'), (54, 68, 'off the record')]),
    ('official_denial', 'She called the attacks “desperate and false” and laughed off rumours.', [(4, 43, 'called the attacks “desperate and false'), (49, 68, 'laughed off rumours')]),
    ('official_denial', 'Guo insisted she had no involvement in the operations.', [(4, 35, 'insisted she had no involvement')]),
    ('cites_document', 'According to the plea agreement and official figures, the indictment alleges fraud.', [(0, 31, 'According to the plea agreement'), (54, 76, 'the indictment alleges')]),
    ('cites_research', 'The randomized, double-blind study enrolled 612 patients.', [(16, 28, 'double-blind')]),
    ('named_expert', '“It works,” said Sam Reiter, a neuroscientist who led the study.', [(12, 45, 'said Sam Reiter, a neuroscientist')]),
    ('named_expert', '“It works,” said Elaine Moreau, Ph.D., chief executive of Northwind.', [(12, 54, 'said Elaine Moreau, Ph.D., chief executive')]),
    ('wire_service', 'MOSCOW, Feb 2 (TASS) - Troops advanced.', [(15, 19, 'TASS')]),
    ('right_of_reply', 'Efforts to reach the spokesperson were unsuccessful. When contacted, he hung up.', [(0, 51, 'Efforts to reach the spokesperson were unsuccessful'), (53, 68, 'When contacted,')]),
    ('loaded_labels', 'The woke mob and spineless lawmakers did nothing.', [(4, 12, 'woke mob'), (17, 26, 'spineless')]),
    ('call_to_action', 'Call your state representative, and don’t forget to subscribe.', [(0, 30, 'Call your state representative'), (42, 61, 'forget to subscribe')]),
    ('sensational_language', 'Fans are freaking out, and what I found will shock you.', [(9, 21, 'freaking out'), (40, 54, 'will shock you')]),
    # session 21's sixth audit (headlines, LLM-written fakes, satire, social posts)
    ('unverified_claim', 'Can’t confirm it, but it is widely believed that the pills work.', [(0, 13, 'Can’t confirm'), (22, 48, 'it is widely believed that')]),
    ('anonymous_sourcing', 'A lot of people are reporting it; it has been reported that, according to local officials, the plant will close.', [(0, 29, 'A lot of people are reporting'), (34, 59, 'it has been reported that'), (61, 89, 'according to local officials')]),
    ('hedging', 'They were more likely to fall ill, and it will likely rain.', [(47, 53, 'likely')]),
    ('right_of_reply', 'The owner was unavailable for comment.', [(14, 37, 'unavailable for comment')]),
    ('named_expert', '“It works,” said Laura Bennett, CEO of Brightline Digital.', [(12, 35, 'said Laura Bennett, CEO')]),
    # session 39: marks drawn as emoji or doubled read as "!" (an emoji's variation selector inside a run)
    # each with its presentation selector (session 41)
    ("exclamation", "Share before they delete it\u203c\ufe0f \u2757\ufe0f\u2757\ufe0fWAKE UP",
     [(27, 29, "\u203c\ufe0f"), (30, 34, "\u2757\ufe0f\u2757\ufe0f")]),
]

TITLE_SPAN_TABLE: list[tuple[str, str, list[tuple[int, int, str]]]] = [
    (
        "clickbait_title",
        "You Won\u2019t Believe What She Said Next!",
        [(0, 17, "You Won\u2019t Believe"), (36, 37, "!")],
    ),
    ("clickbait_title", "10 Things Doctors Don't Tell You", [(0, 9, "10 Things")]),
    ("clickbait_title", "BREAKING: Senator EXPOSED", [(0, 9, "BREAKING:"), (18, 25, "EXPOSED")]),
    ("clickbait_title", "Here\u2019s Why The Senate Failed?", [(0, 10, "Here\u2019s Why"), (28, 29, "?")]),
    (
        "clickbait_title",
        "Watch: shocking video goes viral",
        [(0, 6, "Watch:"), (7, 15, "shocking"), (22, 32, "goes viral")],
    ),
    # Spans that touch (one ends where the next starts) are all kept, also
    # where two patterns share a start and the exact selection loop decides.
    # ("BELIEVE" alone is title_caps, inside the curiosity span: overlapping candidates.)
    ("clickbait_title", "You Won't BELIEVE!!", [(0, 17, "You Won't BELIEVE"), (17, 18, "!"), (18, 19, "!")]),
    ("clickbait_title", "Senate passes budget bill", []),
    ("clickbait_title", "Study finds lower risk in adults", []),
    # session 21's sixth audit: labels, not words ("BREAKING:", not "Breaking Bad"); section labels and acronyms
    ('clickbait_title', 'Exposed pipes blamed as Breaking Bad star and police watch; alert issued', []),
    ('clickbait_title', 'LIVE: Election results as FTSE and GCSE figures come in', []),
    ('clickbait_title', 'WATCH | Big Pharma Doesn’t Want You To See This One Simple Trick', [(0, 7, 'WATCH |'), (19, 42, 'Doesn’t Want You To See'), (48, 64, 'One Simple Trick')]),
    ('clickbait_title', 'The Real Reason She Couldn’t Believe Her Eyes', [(0, 15, 'The Real Reason'), (20, 36, 'Couldn’t Believe')]),
    # session 21's audit (round 4): weather and missing-child alerts are no clickbait
    ('clickbait_title', 'Flood alert issued as storms threaten southern Plains', []),
    ('clickbait_title', 'Amber Alert issued for missing toddler', []),
    ('clickbait_title', 'Doctors Hate Her: One Weird Trick', [(0, 12, 'Doctors Hate'), (18, 33, 'One Weird Trick')]),
]


@pytest.mark.parametrize(("signal", "text", "expected"), SPAN_TABLE)
def test_exact_spans(signal: str, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert spans(signal, text) == expected


@pytest.mark.parametrize(("signal", "text", "expected"), TITLE_SPAN_TABLE)
def test_exact_title_spans(signal: str, text: str, expected: list[tuple[int, int, str]]) -> None:
    assert spans(signal, text, "title") == expected


def test_title_signals_read_only_titles() -> None:
    # A headline cue in the body is not a headline.
    assert spans("clickbait_title", "You Won\u2019t Believe What She Said Next!") == []
    assert spans("anonymous_sourcing", "Sources said so", "title") == []


def test_span_table_covers_the_core_signals() -> None:
    covered = {row[0] for row in SPAN_TABLE + TITLE_SPAN_TABLE if row[2]}
    core = {
        "anonymous_sourcing", "unverified_claim", "official_denial", "named_expert",
        "attributed_quote", "right_of_reply", "specific_figure", "clickbait_title",
    }
    assert core <= covered
    for name in core:
        positive = [row for row in SPAN_TABLE + TITLE_SPAN_TABLE if row[0] == name and row[2]]
        assert len(positive) >= 2, name


# Span boundaries once reported as bugs in the catalogue, fixed in _signals.py and kept as tests.
def test_insiders_span_has_no_leading_space() -> None:
    assert spans("anonymous_sourcing", "But the insiders said no.") == [(4, 21, "the insiders said")]


def test_money_span_includes_its_scale_word() -> None:
    assert spans("specific_figure", "The firm paid $3.2 billion.") == [(14, 26, "$3.2 billion")]


def test_dateline_span_has_no_leading_newlines() -> None:
    text = "Intro.\n\nWASHINGTON (Reuters) - The Senate voted."
    assert spans("named_place", text) == [(8, 30, "WASHINGTON (Reuters) -")]


@pytest.mark.parametrize("gap", [" ", "\t", "  ", " \t"])
def test_a_dateline_reads_any_spacing_between_its_words(gap: str) -> None:
    """A tab between a dateline's words ("WASHINGTON,<tab>D.C.—", as pasted from a table) is a space:
    the dateline was missed (session 27)."""
    text = f"WASHINGTON,{gap}D.C.\u2014The Senate voted 52-48 on Tuesday to pass the bill."
    assert spans("named_place", text) == [(0, 16 + len(gap), f"WASHINGTON,{gap}D.C.\u2014")]
    text = f"NEW{gap}YORK{gap}(Reuters{gap}Health){gap}- A study found it."  # and inside the agency's brackets
    assert spans("named_place", text) == [(0, text.index("-") + 1, text[: text.index("-") + 1])]


# --- catalogue hygiene -----------------------------------------------------------
def test_catalogue_is_large_and_names_are_unique_identifiers() -> None:
    names = [s.name for s in CATALOGUE]
    assert len(names) >= 20
    assert len(set(names)) == len(names)
    for name in names:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", name), name


@pytest.mark.parametrize("signal", CATALOGUE, ids=lambda s: s.name)
def test_signal_is_documented_and_has_examples(signal: Signal) -> None:
    assert signal.description.strip(), "description is empty"
    assert len(signal.rationale.strip()) >= 40, "rationale should say why the cue bears on credibility"
    assert len(signal.examples) >= 1
    assert len(signal.counterexamples) >= 1
    assert signal.scope in ("text", "title")
    assert signal.patterns, "a signal needs at least one pattern"
    pattern_names = [p.name for p in signal.patterns]
    assert len(set(pattern_names)) == len(pattern_names), "pattern names must be unique within a signal"


def _non_ascii_in_classes(regex: str) -> list[str]:
    """Characters above U+007F inside ``[...]`` classes, literal or as ``\\u``/``\\x`` escapes.

    The engine scans UTF-8 bytes, so such a class would match single bytes of
    a multi-byte character instead of the character.
    """
    bad: list[str] = []
    in_class = False
    i = 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            esc = regex[i + 1 : i + 2]
            if in_class and esc in ("u", "x"):
                width = 4 if esc == "u" else 2
                code = regex[i + 2 : i + 2 + width]
                if re.fullmatch(r"[0-9a-fA-F]+", code) and int(code, 16) > 0x7F:
                    bad.append(f"\\{esc}{code}")
                i += 2 + width
                continue
            if in_class and esc and ord(esc) > 0x7F:
                bad.append(esc)
            i += 2
            continue
        if not in_class and ch == "[":
            in_class = True
            i += 1
            # "]" right after "[" or "[^" is a literal member, not the end.
            if regex[i : i + 1] == "^":
                i += 1
            if regex[i : i + 1] == "]":
                i += 1
            continue
        if in_class and ch == "]":
            in_class = False
        elif in_class and ord(ch) > 0x7F:
            bad.append(ch)
        i += 1
    return bad


@pytest.mark.parametrize(
    ("regex", "expected"),
    [
        ("[A-Za-z'.-]+", []),
        ("(?:'|\u2019)s", []),
        ("[\u2019']", ["\u2019"]),
        ("[a\\u2019]", ["\\u2019"]),
        ("[\\x41\\xe9]", ["\\xe9"]),
        ("[]\u00e9]", ["\u00e9"]),
        ("\\[\u00e9\\]", []),
    ],
)
def test_class_checker_itself(regex: str, expected: list[str]) -> None:
    assert _non_ascii_in_classes(regex) == expected


@pytest.mark.parametrize("signal", CATALOGUE, ids=lambda s: s.name)
def test_no_non_ascii_inside_character_classes(signal: Signal) -> None:
    for pattern in signal.patterns:
        assert _non_ascii_in_classes(pattern.regex) == [], f"{signal.name}.{pattern.name}"


@pytest.mark.parametrize("signal", CATALOGUE, ids=lambda s: s.name)
def test_patterns_are_valid_python_regexes(signal: Signal) -> None:
    # The catalogue promises the common subset of Python re and Hyperscan.
    for pattern in signal.patterns:
        re.compile(pattern.regex)


def test_a_large_batch_counts_each_document_as_alone() -> None:
    # count() joins documents into one scan buffer; with more documents than
    # signals a document's row must still be what find() gives it alone.
    texts = [e for sig in CATALOGUE if sig.scope == "text" for e in sig.examples]
    batch = [texts[i % len(texts)] + f" Item {i}." for i in range(3 * len(MATCHER))]
    counts = MATCHER.count(batch)
    for row, text in zip(counts, batch):
        want = [0] * len(MATCHER)
        for e in MATCHER.find(text):
            want[MATCHER.index(e.signal)] += 1
        assert row.tolist() == want, text


def test_signal_and_pattern_refuse_what_would_fail_later_or_never_fire() -> None:
    # An API audit: Signal(scope="body") was taken and never fired; a list of patterns failed only when hashed;
    # examples="foo" was taken as three one-letter examples; Pattern("p", None) failed deep in the engine.
    from credscore import Pattern, Signal

    ok = (Pattern("x", r"\bx\b"),)

    def make(**kw: object) -> Signal:
        args: dict[str, object] = {"name": "s", "description": "", "rationale": "", "patterns": ok,
                                   "examples": (), "counterexamples": ()}
        args.update(kw)
        return Signal(**args)  # type: ignore[arg-type]

    assert hash(make(examples=("an x",))) == hash(make(examples=("an x",)))  # hashable: the fields are tuples
    for kw, error, message in (
        ({"scope": "body"}, ValueError, "scope must be 'text' or 'title', got 'body'"),
        ({"name": "x:y"}, ValueError, "without spaces or ':'"),
        ({"name": ""}, ValueError, "must be a non-empty str"),
        ({"name": "two words"}, ValueError, "without spaces or ':'"),
        ({"examples": "foo"}, TypeError, "examples must be a tuple of str, got str"),
        ({"counterexamples": (1,)}, TypeError, "counterexamples must be a tuple of str, got int 1 in it"),
        ({"patterns": ("x",)}, TypeError, "patterns must be a tuple of Pattern, got str 'x' in it"),
        ({"patterns": list(ok)}, TypeError, "patterns must be a tuple of Pattern, got list"),
        ({"patterns": ()}, ValueError, "patterns is empty"),
        ({"patterns": ok + (Pattern("x", "y"),)}, ValueError, "two patterns are named 'x'"),
        ({"validate": "yes"}, TypeError, "validate must be a callable or None"),
        ({"lines": r"\bx\b"}, TypeError, "lines must be a tuple of str"),
    ):
        with pytest.raises(error, match=re.escape(message)):
            make(**kw)
    with pytest.raises(TypeError, match="pattern 'p': regex must be a str, got NoneType None"):
        Pattern("p", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not_after must be a str or None"):
        Pattern("p", "x", not_after=3)  # type: ignore[arg-type]
    # An audit (session 41): a bad expression was a raw re.error at the first scan, naming no pattern.
    for what in ("not_after", "not_before", "last_word"):
        with pytest.raises(ValueError, match=f"pattern 'p': {what} is not a valid expression .*'\\('"):
            Pattern("p", "x", **{what: "("})
    with pytest.raises(ValueError, match="scope must be 'text' or 'title', got 'Title'"):
        MATCHER.find("Sources said so.", "Title")  # type: ignore[arg-type]
    generated = MATCHER.count(t for t in ["Sources said so.", "Nothing here."])
    assert generated.tolist() == MATCHER.count(["Sources said so.", "Nothing here."]).tolist()
