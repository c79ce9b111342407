"""The shared research corpora credscore is trained and evaluated on.

They are third-party data and never ship with credscore: code reads them from
a folder (``--data DIR``, the ``CREDSCORE_DATA`` environment variable, or
``../shared/data`` next to a source checkout). Citations and terms are here so
that the model card can name them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ._data import Corpus, file_manifest, read_labeled

__all__ = ["CONTROL", "CORPORA", "HELD_OUT", "TRAIN", "find_data_dir", "load_corpora"]


@dataclass(frozen=True, slots=True)
class CorpusInfo:
    name: str
    description: str
    citation: str
    terms: str


CORPORA: dict[str, CorpusInfo] = {
    c.name: c
    for c in (
        CorpusInfo(
            "horne",
            "2016 US political news: real vs fake vs satire, labeled by source",
            'Benjamin D. Horne and Sibel Adali. 2017. "This Just In: Fake News Packs a Lot in Title, Uses '
            'Simpler, Repetitive Content in Text Body, More Similar to Satire than Real News." NECO Workshop (ICWSM 2017).',
            "Copyright (c) 2017, Benjamin D. Horne & Sibel Adali. All rights reserved. Redistribution and use "
            "permitted provided the copyright notice, conditions and disclaimer are retained; publications must cite the paper.",
        ),
        CorpusInfo(
            "fakenewsnet_old",
            "FakeNewsNet (old version): PolitiFact and BuzzFeed fact-checked stories",
            "Kai Shu, Amy Sliva, Suhang Wang, Jiliang Tang, Huan Liu. 2017. Fake News Detection on Social Media: "
            "A Data Mining Perspective. ACM SIGKDD Explorations 19(1); Shu et al. 2018, FakeNewsNet, arXiv:1809.01286.",
            "No license stated; (C) 2017 Arizona Board of Regents on Behalf of ASU; cite the papers.",
        ),
        CorpusInfo(
            "recovery",
            "ReCOVery: COVID-19 news labeled by publisher reliability",
            "Xinyi Zhou, Apurva Mulay, Emilio Ferrara, Reza Zafarani. 2020. ReCOVery: A Multimodal Repository for "
            "COVID-19 News Credibility Research. CIKM 2020 (arXiv:2006.05557).",
            "CC BY-NC-SA 4.0 (non-commercial, attribution, share-alike). The shipped model coefficients are "
            "derived from it: credscore's model is therefore offered for non-commercial use under the same terms.",
        ),
        CorpusInfo(
            "llmfake",
            "LLMFake: human-written real/fake news and ChatGPT-written misinformation",
            "Canyu Chen and Kai Shu. 2024. Can LLM-Generated Misinformation Be Detected? ICLR 2024 (arXiv:2309.13788).",
            "No license stated; released by the authors for research on LLM-generated misinformation.",
        ),
        CorpusInfo(
            "golbeck_fakesatire",
            "Fake and satirical US political stories (negatives only)",
            "Jennifer Golbeck et al. 2018. Fake News vs Satire: A Data Set and Analysis. WebSci '18.",
            "No license stated; cite the paper.",
        ),
        CorpusInfo(
            "fakehealth",
            "FakeHealth HealthStory: mainstream health news rated per article by HealthNewsReview.org experts (rating >= 3 credible)",
            "Enyan Dai, Yiwei Sun and Suhang Wang. 2020. Ginger Cannot Cure Cancer: Battling Fake Health News with a "
            "Comprehensive Data Repository. ICWSM 2020 (arXiv:2002.00837).",
            "No license stated; research use; cite the paper. Article texts are the publishers' copyright.",
        ),
        CorpusInfo(
            "fakespeak",
            "Fakespeak-ENG news-and-blog texts fact-checked by PolitiFact/Snopes (Half True dropped); publisher nearly decides the label",
            "Nele P\u00f5ldvere, Zia Uddin and Silje Susanne Alvestad. Out of balance, out of sight (in preparation); "
            "PolitiFact-Oslo Corpus, Information 2023, https://doi.org/10.3390/info14120627. Fakespeak project, University of Oslo.",
            "CC BY-NC-ND (attribution, non-commercial, no derivatives). Its rows are never redistributed; a model "
            "trained on it is for non-commercial use.",
        ),
        CorpusInfo(
            "fakes",
            "FA-KES: Syrian war reports labeled by casualty-count agreement (control only)",
            "Fatima K. Abu Salem, Roaa Al Feel, Shady Elbassuoni, Mohamad Jaber, May Farah. 2019. FA-KES: A Fake "
            "News Dataset around the Syrian War. ICWSM 2019.",
            "No license stated. Not used for training: its labels do not come from the writing.",
        ),
    )
}

#: Corpora the shipped model is trained on. ``fakehealth`` is held out but not
#: trained on: in the inclusion ablation (models/MODEL_CARD.md) adding it to
#: the training pool lowered held-out AUC on the other corpora.
TRAIN: tuple[str, ...] = ("horne", "fakenewsnet_old", "recovery", "llmfake", "fakespeak", "golbeck_fakesatire")
#: Corpora held out in turn by leave-one-corpus-out evaluation.
HELD_OUT: tuple[str, ...] = ("horne", "fakenewsnet_old", "recovery", "llmfake", "fakehealth", "fakespeak")
#: Reported as a control only (no text model should beat chance on it).
CONTROL: tuple[str, ...] = ("fakes",)

#: Rows whose text appears with both labels in the source (listed in each
#: corpus's PROVENANCE.md); their label is ambiguous, so they are left out.
AMBIGUOUS_IDS: frozenset[str] = frozenset(
    {
        "fakenewsnet_old-PolitiFact_Real_91",
        "llmfake-gossipcop-780888-human_real",
        "llmfake-politifact-politifact14940-human_fake",
        "golbeck-fake-159",
        "golbeck-satire-593",
        "fakes-1918398786",
        "fakes-1926479049",
        "fakes-1926479123",
        "fakes-1926479154",
        "fakes-1926479289",
        "fakes-1926479296",
        "fakes-1926479313",
        "fakes-1926479318",
        "fakes-1962495645",
    }
)


def find_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """Locate the shared ``data`` folder (the one holding ``corpora/``), or None."""
    candidates: list[Path] = []
    if explicit is not None:
        candidates.append(Path(explicit))
    if os.environ.get("CREDSCORE_DATA"):
        candidates.append(Path(os.environ["CREDSCORE_DATA"]))
    candidates += [Path.cwd() / ".." / "shared" / "data", Path(__file__).resolve().parents[3] / "shared" / "data"]
    for c in candidates:
        if (c / "corpora").is_dir():
            return c.resolve()
        if c.name == "corpora" and c.is_dir():
            return c.parent.resolve()
    return None


def corpus_paths(data_dir: Path, names: Sequence[str]) -> list[Path]:
    """The ``articles.jsonl`` file of each named corpus, checked to exist."""
    paths = []
    for n in names:
        if n not in CORPORA:
            raise ValueError(f"unknown corpus {n!r}; known: {sorted(CORPORA)}")
        p = data_dir / "corpora" / n / "articles.jsonl"
        if not p.is_file():
            raise FileNotFoundError(f"corpus {n!r} not found at {p}")
        paths.append(p)
    return paths


def load_corpora(data_dir: Path, names: Sequence[str]) -> tuple[Corpus, list[dict[str, object]]]:
    """Read the named corpora (group = corpus name), minus label-ambiguous rows, and their manifest."""
    paths = corpus_paths(data_dir, names)
    corpus = read_labeled(paths, group_field="dataset")
    keep = [i not in AMBIGUOUS_IDS for i in corpus.ids]
    return corpus.subset(keep), file_manifest(paths)
