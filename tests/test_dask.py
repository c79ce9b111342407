"""credscore.dask on a real multi-process cluster, against local score_many.

CI installs the ``dask`` extra (``pip install -e ".[test,dask]"`` in
``.ci/run``), so these tests run there. The importorskip below is only a safety
net for a developer who installed ``.[test]`` alone.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip(
    "distributed",
    reason='credscore.dask needs the dask extra: pip install -e ".[test,dask]" (CI installs it)',
)

import cloudpickle  # installed with distributed
import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from dask.core import flatten, get_dependencies
from distributed import Client, LocalCluster

import credscore
import credscore.dask
from credscore._version import install_command

SEED = 20240611
N_ROWS = 20_000  # 1,000 rows a partition: both workers, every partition boundary
N_PARTITIONS = 20
N_BAG = 20_000

SUBJECTS = [
    "The mayor", "The senator", "A local charity", "The health ministry", "Police", "The company",
    "Café owners", "İstanbul officials", "The school board", "Researchers", "The governor's office",
]
ACTIONS = [
    "approved the budget", "took bribes", "covered up the report", "raised prices", "cut {n} jobs",
    "voted {n}-2 on Monday", "denied the claims", "published the figures", "hid {n} documents",
    "lost ${n} million", "opened a clinic for {n} patients",
]
TRIGGERS = [
    "sources said", "allegedly", "said Jane Smith, a professor at Yale", "according to Reuters",
    "insiders claim", "He denied it.", "Share this now", "They don't want you to know the truth",
    "the claim is unverified", "the study of {n} patients was peer-reviewed", "reportedly",
    "according to minutes published by the clerk", "Wake up", "officials declined to comment",
]
HEADLINES = ["BREAKING: You won't believe this", "Budget passes", "Council vote", "SHOCKING cover-up!!!", "Report"]


def make_articles(n: int, seed: int) -> tuple[list[str], list[str | None]]:
    """Deterministic, varied short article-like texts (about 4% empty or blank) and headlines."""
    rng = random.Random(seed)
    texts: list[str] = []
    titles: list[str | None] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.03:
            texts.append("")
        elif roll < 0.04:
            texts.append(rng.choice([" ", "\n\t ", "   "]))
        else:
            sentences = []
            for _ in range(rng.randint(1, 5)):
                words = [rng.choice(SUBJECTS), rng.choice(ACTIONS)]
                if rng.random() < 0.6:
                    words.insert(rng.randint(0, 2), rng.choice(TRIGGERS))
                sentence = " ".join(words).format(n=rng.randint(1, 99_999))
                sentences.append(sentence + rng.choice([".", ".", ".", "!", "!!!", "?"]))
            texts.append(" ".join(sentences))
        titles.append(rng.choice(HEADLINES) if rng.random() < 0.5 else None)
    return texts, titles


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # Worker processes, not threads: the model and the partitions really
    # cross a process boundary, as on a multi-machine cluster.
    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: the machine is shared
        memory_limit="4GiB",
    ) as cluster, Client(cluster, set_as_default=False) as c:
        yield c


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path]:
    """20k articles with a non-default index, written as 20 parquet partitions."""
    texts, titles = make_articles(N_ROWS, SEED)
    index = pd.Index(np.arange(N_ROWS, dtype=np.int64) * 7 + 1_000_003, name="article_id")
    frame = pd.DataFrame({"text": texts, "title": titles}, index=index)
    path = tmp_path_factory.mktemp("articles")
    # Read back from parquet, as the README's cluster recipe does, so the
    # texts reach the workers from storage rather than inside the graph.
    # (Written with pandas: dask's to_parquet trips a pandas 3.1 deprecation
    # warning, which this suite turns into an error.)
    rows = N_ROWS // N_PARTITIONS
    for i in range(N_PARTITIONS):
        frame.iloc[i * rows : (i + 1) * rows].to_parquet(path / f"part.{i:02d}.parquet")
    return frame, path


def _bits(values: Any) -> bytes:
    return np.asarray(values, dtype=np.float64).tobytes()


# dask 2026.8's parquet reader calls pandas with inplace=True, which pandas
# 3.1 deprecates; that is between dask and pandas, not credscore.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame")
@pytest.mark.slow
def test_score_series_on_cluster_equals_score_many(client: Client, articles: tuple[pd.DataFrame, Path]) -> None:
    frame, path = articles
    df = dd.read_parquet(path, calculate_divisions=True)
    assert df.npartitions == N_PARTITIONS and df.known_divisions

    scores = credscore.dask.score_series(df["text"])
    # Titles on a quarter of the rows: enough partitions to cross both
    # workers, at a quarter of the cost.
    part = df.partitions[: N_PARTITIONS // 4]
    titled = credscore.dask.score_series(part["text"], titles=part["title"])
    assert scores.name == "score" and scores.dtype == np.float64
    assert scores.divisions == df.divisions and titled.divisions == part.divisions
    futures = client.compute([scores, titled])  # the workers start now

    n_titled = N_ROWS // 4
    texts = frame["text"].tolist()
    titles = [t if isinstance(t, str) else None for t in frame["title"][:n_titled]]  # pandas holds None as NaN
    expected = credscore.score_many(texts)
    expected_titled = credscore.score_many(texts[:n_titled], titles=titles)
    assert not np.array_equal(expected[:n_titled], expected_titled)  # the titles mattered
    got, got_titled = client.gather(futures)
    for result, want, index in ((got, expected, frame.index), (got_titled, expected_titled, frame.index[:n_titled])):
        assert isinstance(result, pd.Series) and result.name == "score" and result.dtype == np.float64
        assert len(result) == len(want)
        pd.testing.assert_index_equal(result.index, index)
        assert _bits(result.to_numpy()) == _bits(want)  # bitwise, not approximately
    empty = np.array([not t.strip() for t in texts])
    assert (got.to_numpy()[empty] == 0.5).all()


@pytest.mark.slow
def test_score_bag_on_cluster_equals_score_many(client: Client) -> None:
    texts, titles = make_articles(N_BAG, SEED + 1)
    # Mix bare strings with records, as from read_text(...).map(json.loads).
    docs: list[Any] = [t if i % 3 else {"text": t, "title": h} for i, (t, h) in enumerate(zip(texts, titles))]
    bag = db.from_sequence(docs, npartitions=8)
    got = client.compute(credscore.dask.score_bag(bag)).result()
    assert isinstance(got, list) and len(got) == N_BAG
    assert all(type(v) is float for v in got)
    assert _bits(got) == _bits(credscore.score_many(docs))


@pytest.mark.slow
def test_each_worker_compiles_the_matcher_at_most_once(client: Client) -> None:
    texts, _ = make_articles(4_000, SEED + 2)
    series = dd.from_pandas(pd.Series(texts), npartitions=16)
    client.compute(credscore.dask.score_series(series)).result()
    stats = client.run(lambda: credscore._engine._default_matcher.cache_info())  # the lru_cache behind the lock
    assert len(stats) == 2
    for info in stats.values():
        assert info.misses == 1 or info.hits + info.misses == 0, stats


@pytest.mark.slow
def test_non_string_text_fails_on_cluster_naming_the_row(client: Client) -> None:
    texts = ["Sources said so."] * 10
    texts[7] = None  # type: ignore[call-overload]
    series = dd.from_pandas(pd.Series(texts, index=range(100, 110)), npartitions=2)
    with pytest.raises(TypeError, match=r"partition 1, index 107: text must be str"):
        client.compute(credscore.dask.score_series(series)).result()


# --- the graph: the model is one key --------------------------------------

MARKER = "credscore-test-marker-5d1f0c"


def _marked_model() -> credscore.CredibilityModel:
    data = credscore.default_model().to_dict()
    data["metadata"] = {**data["metadata"], "marker": MARKER}
    return credscore.CredibilityModel.from_dict(data)


def _ancestors(graph: dict[Any, Any], key: Any) -> set[Any]:
    seen: set[Any] = set()
    todo = [key]
    while todo:
        for dep in get_dependencies(graph, todo.pop()):
            if dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def _holders_of_model(graph: Any) -> list[Any]:
    # Serialize each task on its own, as the scheduler would: the marker in the
    # model's metadata shows which tasks carry the model's data.
    return [key for key, task in dict(graph).items() if MARKER.encode() in cloudpickle.dumps(task)]


def _collections(n_partitions: int, model: credscore.CredibilityModel) -> list[Any]:
    texts = [f"Sources said {i} things allegedly happened!" for i in range(n_partitions * 5)]
    df = dd.from_pandas(pd.DataFrame({"text": texts, "title": "Report"}), npartitions=n_partitions)
    return [
        credscore.dask.score_series(df["text"], model=model),
        credscore.dask.score_series(df["text"], titles=df["title"], model=model),
        credscore.dask.score_bag(db.from_sequence(texts, npartitions=n_partitions), model=model),
    ]


@pytest.mark.parametrize("which", [0, 1, 2], ids=["series", "series-with-titles", "bag"])
def test_model_is_one_graph_key(which: int) -> None:
    model = _marked_model()
    collection = _collections(12, model)[which]
    (optimized,) = dask.optimize(collection)  # the graph the scheduler receives
    graph = dict(optimized.__dask_graph__())
    holders = _holders_of_model(graph)
    assert len(holders) == 1, holders
    output_keys = list(flatten(optimized.__dask_keys__()))
    assert len(output_keys) == 12
    for key in output_keys:  # every partition's result needs that one key
        assert holders[0] in _ancestors(graph, key)


def test_model_is_one_key_across_collections_computed_together() -> None:
    # The key is named from the model's content, so graphs built by separate
    # calls share it. (Only same-type collections here: dask.optimize itself
    # fails on a mix of bags and dataframes, credscore or not.)
    model = _marked_model()
    series, titled, bag = _collections(6, model)
    (a, b) = dask.optimize(series, titled)
    graph = {**dict(a.__dask_graph__()), **dict(b.__dask_graph__())}
    holders = _holders_of_model(graph)
    assert len(holders) == 1
    (bag_holder,) = _holders_of_model(dask.optimize(bag)[0].__dask_graph__())
    name = holders[0][0] if isinstance(holders[0], tuple) else holders[0]  # dask-expr wraps it as (name, 0)
    assert name == bag_holder


# --- laziness, metadata, partitions (local synchronous scheduler) ---------


def test_building_the_graph_computes_nothing() -> None:
    @dask.delayed  # type: ignore[untyped-decorator,unused-ignore]
    def boom() -> pd.Series:
        raise AssertionError("a partition was computed while building the graph")

    series = dd.from_delayed([boom()], meta=pd.Series([], dtype=object, name="text"), verify_meta=False)
    scores = credscore.dask.score_series(series)
    assert scores.name == "score" and scores.dtype == np.float64


def test_meta_keeps_the_index_type_and_empty_partitions_stay_empty() -> None:
    texts, _ = make_articles(50, SEED + 3)
    index = pd.date_range("2024-01-01", periods=50, freq="h", name="published")
    series = dd.from_pandas(pd.Series(texts, index=index), npartitions=5)
    filtered = series[series.str.len() > 150]  # some partitions become empty
    scores = credscore.dask.score_series(filtered)
    assert scores._meta.index.dtype == index.dtype
    got = scores.compute(scheduler="sync")
    local = filtered.compute(scheduler="sync")
    pd.testing.assert_index_equal(got.index, local.index)
    assert _bits(got.to_numpy()) == _bits(credscore.score_many(local.tolist()))


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (None, r"index 'c': text must be str, got (NAType <NA>|float nan|NoneType None); missing texts are not scored"),
        (float("nan"), r"index 'c': text must be str, got (NAType <NA>|float nan|NoneType None); missing texts are not scored"),
        (42, r"index 'c': text must be str, got int 42$"),
        (b"bytes", r"index 'c': text must be str, got bytes b'bytes'$"),
    ],
)
def test_non_string_text_raises_type_error_and_drops_nothing(value: Any, match: str) -> None:
    # convert-string off: dask would otherwise turn 42 into "42" before credscore sees it.
    with dask.config.set({"dataframe.convert-string": value is None or isinstance(value, float)}):
        series = dd.from_pandas(pd.Series(["a", "b", value, "d"], index=list("abcd"), dtype=object), npartitions=2)
        with pytest.raises(TypeError, match="score_series: partition 1, " + match):
            credscore.dask.score_series(series).compute(scheduler="sync")


def test_missing_titles_mean_no_headline() -> None:
    frame = pd.DataFrame({"text": ["Sources said so!", "The council voted 7-2."], "title": [None, "Budget passes"]})
    df = dd.from_pandas(frame, npartitions=1)
    got = credscore.dask.score_series(df["text"], titles=df["title"]).compute(scheduler="sync")
    assert _bits(got.to_numpy()) == _bits(credscore.score_many(frame["text"], titles=[None, "Budget passes"]))


def test_bad_title_raises_type_error() -> None:
    with dask.config.set({"dataframe.convert-string": False}):
        df = dd.from_pandas(pd.DataFrame({"text": ["a", "b"], "title": ["ok", 3]}, dtype=object), npartitions=1)
        with pytest.raises(TypeError, match=r"partition 0, index 1: title must be str or missing, got int 3"):
            credscore.dask.score_series(df["text"], titles=df["title"]).compute(scheduler="sync")


@pytest.mark.parametrize(
    ("doc", "exc", "match"),
    [
        (7, TypeError, r"bag partition 1 \(texts\[i\] counts from its start\): texts\[1\] must be str, got int 7"),
        ({"body": "x"}, ValueError, r"bag partition 1 .*texts\[1\] is a mapping without a 'text' key"),
        ({"text": None}, TypeError, r"bag partition 1 .*texts\[1\]\['text'\] must be str"),
    ],
)
def test_bad_bag_element_raises_naming_partition(doc: Any, exc: type[Exception], match: str) -> None:
    bag = db.from_sequence(["a", "b", "c", doc], npartitions=2)
    with pytest.raises(exc, match=match):
        credscore.dask.score_bag(bag).compute(scheduler="sync")


@pytest.mark.parametrize(
    ("arg", "match"),
    [
        (pd.Series(["a"]), r"series must be a dask.dataframe.Series, got Series \(use credscore.score_many"),
        (["a", "b"], r"series must be a dask.dataframe.Series, got list$"),
        (
            dd.from_pandas(pd.DataFrame({"text": ["a"]}), npartitions=1),
            r'got DataFrame \(select the text column, e.g. df\["text"\]\)',
        ),
    ],
)
def test_score_series_refuses_other_inputs(arg: Any, match: str) -> None:
    with pytest.raises(TypeError, match=match):
        credscore.dask.score_series(arg)


def test_wrong_argument_types_fail_at_once() -> None:
    series = dd.from_pandas(pd.Series(["a", "b"]), npartitions=1)
    with pytest.raises(TypeError, match="model must be a CredibilityModel or None, got dict"):
        credscore.dask.score_series(series, model={})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="model must be a CredibilityModel or None, got str"):
        credscore.dask.score_bag(db.from_sequence(["a"]), model="shipped")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bag must be a dask.bag.Bag, got list"):
        credscore.dask.score_bag(["a"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="titles must be a dask.dataframe.Series or None, got list"):
        credscore.dask.score_series(series, titles=["t", "u"])  # type: ignore[arg-type]


def test_titles_partitioned_differently_is_refused() -> None:
    series = dd.from_pandas(pd.Series(["a", "b", "c", "d"]), npartitions=2)
    titles = dd.from_pandas(pd.Series(["t", "u", "v", "w"]), npartitions=1)
    with pytest.raises(ValueError, match="titles must be partitioned like series .*got 1 partitions for titles and 2"):
        credscore.dask.score_series(series, titles=titles)
    # As many partitions, cut elsewhere: the message names the divisions (an audit, session 41: it said "got 2
    # partitions for titles and 2 for series", which reads as no difference at all).
    cut_elsewhere = dd.from_pandas(pd.Series(["t", "u", "v", "w"]), npartitions=1).repartition(divisions=[0, 1, 3])
    assert cut_elsewhere.npartitions == series.npartitions and cut_elsewhere.divisions != series.divisions
    with pytest.raises(ValueError, match=r"got divisions \(0, 1, 3\) for titles and \(0, 2, 3\) for series"):
        credscore.dask.score_series(series, titles=cut_elsewhere)


# --- without the extra ------------------------------------------------------

INSTALL_LINE = install_command("dask")


@pytest.mark.parametrize("missing", ["dask", "dask.dataframe", "pandas"])
def test_missing_dependency_names_the_install_line(missing: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes "import <name>" raise ImportError, as
    # if it were not installed; monkeypatch puts the real modules back after.
    import importlib

    monkeypatch.setitem(sys.modules, missing, None)
    monkeypatch.delitem(sys.modules, "credscore.dask")
    with pytest.raises(ImportError) as info:
        importlib.import_module("credscore.dask")
    assert INSTALL_LINE in str(info.value)
    assert missing in str(info.value)


@pytest.mark.slow
def test_without_dask_credscore_imports_and_credscore_dask_says_how_to_install() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["dask"] = None  # as if the extra were not installed
        import credscore
        try:
            import credscore.dask
        except ImportError as exc:
            print(exc)
        else:
            raise SystemExit("credscore.dask imported without dask")
        """
    )
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"\n    {INSTALL_LINE}\n" in proc.stdout


def test_score_bag_reads_a_missing_title_as_no_headline_as_score_series_does() -> None:
    # Records made with pandas' to_dict("records") hold NaN for an empty title: score_bag refused them with a
    # TypeError while score_series read the same cell as no headline (a bulk audit).
    text = "The council voted 7-2 on Monday to approve the budget, according to the minutes, the clerk said."
    bag = db.from_sequence([{"text": text, "title": float("nan")}, {"text": text, "title": None}], npartitions=1)
    got = credscore.dask.score_bag(bag).compute(scheduler="sync")
    assert got[0] == got[1] == credscore.score(text) == credscore.score(text, float("nan"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="title must be str or None, got int"):
        credscore.score(text, 3)  # type: ignore[arg-type]


# dask's to_parquet trips a pandas 3.1 deprecation warning, which this suite turns into an error.
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index")
def test_the_readmes_risk_column_gives_explains_verdicts(tmp_path: Path) -> None:
    # README, "Scaling out with Dask": a risk column from the score column, partition by partition.
    texts = ["", "Sources said so.", (Path(__file__).parent / "fixtures" / "well_sourced.txt").read_text(encoding="utf-8"),
             (Path(__file__).parent / "fixtures" / "rumor_style.txt").read_text(encoding="utf-8")]
    # The last row's text opens with its headline, and what is left of its body is too short to judge.
    head = "The council met on Monday to pass the city budget for the coming year and the year after"
    texts.append(f"{head}\n\nIt passed.")
    titles = [None, float("nan"), None, None, head]
    df = dd.from_pandas(pd.DataFrame({"text": texts, "title": titles}), npartitions=2)
    df["score"] = credscore.dask.score_series(df["text"], titles=df["title"])
    df["risk"] = df.map_partitions(
        lambda p: pd.Series(credscore.risk_levels(p["text"].tolist(), p["score"].to_numpy(), titles=p["title"].tolist()),
                            index=p.index),
        meta=("risk", "string"),
    )
    got = df.compute(scheduler="sync")
    # As the README goes on: the columns written to Parquet (with meta=("risk", "object") Arrow refused dask's
    # placeholder for an object column there, after the computation had seemed to work).
    df[["score", "risk"]].to_parquet(tmp_path / "scores", compute_kwargs={"scheduler": "sync"})
    assert pd.read_parquet(tmp_path / "scores")["risk"].tolist() == got["risk"].tolist()
    want = [credscore.explain(t, None if not isinstance(h, str) else h).risk for t, h in zip(texts, titles)]
    assert got["risk"].tolist() == want == ["unknown", "unknown", "low", "high", "unknown"]
