"""Fuzzing the readers of user files: any input ends in a result or in our own error."""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixtures import REPORT_DATE

from alliance_diag.batch.exports import MAX_CELL, Malformed, open_table
from alliance_diag.batch.run import BatchOptions, run_batch
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.errors import AllianceDiagError, InputError
from alliance_diag.io.answer_files import load_answers
from alliance_diag.io.located_yaml import MAX_CHARACTERS, MAX_NODES, load_yaml_text
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report import templating

DATA = Path(__file__).parent / "data"
MINI = DATA / "questionnaires" / "mini.yaml"
ANSWERS = (DATA / "answers" / "mini-private.yaml").read_text(encoding="utf-8")
QUESTIONNAIRE: Questionnaire = load_questionnaire(MINI)

# small and few, for CI on two cores; a deadline per example says no input hangs a reader
FUZZ = settings(
    max_examples=40,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)

# what breaks YAML and CSV readers: structure characters, quotes, controls, odd spaces
TRICKY = st.sampled_from(
    [*":-[]{}&*!|>'\"#%@`,;\t\n\r\x00\x01\x7f\x85\u2028\ufeff", "<<", "é", "  ", "\\"]
)
TRICKY_TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=6)), max_size=60).map("".join)


def mutated_answers() -> st.SearchStrategy[str]:
    """A real answer file with a piece replaced, cut or repeated."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        start = draw(st.integers(0, len(ANSWERS)))
        end = draw(st.integers(start, min(len(ANSWERS), start + 40)))
        middle = draw(TRICKY_TEXT)
        return ANSWERS[:start] + middle + ANSWERS[end:]

    return build()


def _in_folder(name: str, data: bytes, use: Callable[[Path], object]) -> None:
    """Run ``use`` on a file of that name and content; our own errors are a fine ending."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with contextlib.suppress(AllianceDiagError):
            use(path)


def _loaded(path: Path) -> None:
    load_answers(path, QUESTIONNAIRE)


@FUZZ
@given(st.one_of(mutated_answers(), TRICKY_TEXT))
def test_the_answer_loader_ends_in_answers_or_our_error(text: str) -> None:
    _in_folder("a.yaml", text.encode("utf-8", "surrogatepass"), _loaded)


@FUZZ
@given(st.binary(max_size=400))
def test_the_answer_loader_takes_any_bytes(data: bytes) -> None:
    _in_folder("a.yaml", data, _loaded)


HEADER = "organisation;partner_type;trust_a;trust_b;demand_b\n"


@st.composite
def exports(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file name and content: CSV or JSON Lines text, mangled, in some encoding; or bytes."""
    kind = draw(st.sampled_from(["csv", "jsonl", "bytes", "xlsx"]))
    if kind == "bytes":
        return draw(st.sampled_from(["x.csv", "x.jsonl"])), draw(st.binary(max_size=600))
    if kind == "xlsx":
        return "x.xlsx", b"PK\x03\x04" + draw(st.binary(max_size=300))
    rows = draw(st.lists(TRICKY_TEXT, max_size=8))
    if kind == "jsonl":
        text = "\n".join(
            '{"organisation": "' + row + '"}' if i % 2 else row for i, row in enumerate(rows)
        )
    else:
        text = HEADER + "\n".join(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return f"x.{kind}", text.encode(encoding, "replace")


def _read_all(path: Path) -> None:
    with open_table(path) as table:
        for _number, cells in table.records:
            assert all("\x00" not in cell for cell in cells)


@FUZZ
@given(exports())
def test_the_tabular_reader_ends_in_rows_or_our_error(export: tuple[str, bytes]) -> None:
    _in_folder(*export, _read_all)


def _batch(path: Path) -> None:
    options = BatchOptions(
        generated_on=REPORT_DATE, export=path, questionnaire=MINI, output_dir=path.parent / "out"
    )
    for _progress in run_batch(options):
        pass
    summary = (path.parent / "out" / "summary.csv").read_text(encoding="utf-8")
    assert "\x00" not in summary


@settings(FUZZ, max_examples=20)
@given(exports())
def test_a_batch_on_any_export_ends_in_files_or_our_error(export: tuple[str, bytes]) -> None:
    _in_folder(*export, _batch)


def _characters(data: object) -> int:
    if isinstance(data, str):
        return len(data)
    if isinstance(data, list):
        return sum(_characters(item) for item in data)
    if isinstance(data, dict):
        return sum(_characters(k) + _characters(v) for k, v in data.items())
    return 0


@settings(FUZZ, max_examples=15)
@given(st.integers(1, 8), st.integers(1, 12), st.integers(0, 200_000))
def test_nested_aliases_end_in_bounded_data_or_our_error(
    levels: int, fanout: int, length: int
) -> None:
    # a billion laughs of any shape: many small values, or a few long texts used often
    lines = [f"a0: &a0 '{'x' * length}'"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * fanout)}]")
    try:
        data = load_yaml_text("\n".join(lines) + "\n", "bomb.yaml").data
    except InputError as error:
        # refused by one bound or the other, in whatever language
        [problem] = error.problems
        assert str(MAX_NODES) in problem.message or str(MAX_CHARACTERS) in problem.message
        return
    assert _characters(data) <= MAX_CHARACTERS + 1_000


@settings(FUZZ, max_examples=20)
@given(
    st.sampled_from(["jsonl", "csv"]),
    st.lists(st.integers(0, 3) | st.integers(MAX_CELL - 2, MAX_CELL + 2), min_size=1, max_size=3),
)
def test_no_cell_read_is_longer_than_the_cell_limit(kind: str, lengths: list[int]) -> None:
    cells = ["x" * n for n in lengths]
    if kind == "jsonl":
        data = json.dumps({f"c{i}": cell for i, cell in enumerate(cells)}) + "\n"
    else:
        data = ";".join(f"c{i}" for i in range(len(cells))) + "\n" + ";".join(cells) + "\n"

    def read(path: Path) -> None:
        with open_table(path) as table:
            for _number, record in table.records:
                assert isinstance(record, Malformed) or all(len(c) <= MAX_CELL for c in record)

    _in_folder(f"export.{kind}", data.encode(), read)


TEMPLATE_PARTS = [
    '{% set ns = namespace(t="ab") %}', "{% for i in range(60) %}", "{% endfor %}",
    "{% set ns.t = ns.t ~ ns.t %}", "{% set ns.t = ns.t + ns.t %}", "{{ ns.t|length }}",
    '{{ "x"|center(999999999) }}', '{{ "%99999999s"|format(1) }}', "{{ lipsum(n=99999) }}",
    '{{ ("y" * 999999)|wordwrap(3) }}', '{{ ["z"] * 999999|join("-") }}', "{{ 9 ** 9 ** 9 }}",
    '{{ "{:>99999999}".format(1) }}', "{{ ns.t|replace('a', ns.t) }}",
    "{{ ns.t|indent(99999999) }}", "{{ range(99999)|list|join }}", "x",
]  # fmt: skip


@settings(FUZZ, max_examples=25, deadline=timedelta(seconds=20))
@given(st.lists(st.sampled_from(TEMPLATE_PARTS), max_size=12))
def test_any_template_ends_in_a_bounded_report_or_our_error(parts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "t.md.j2").write_text("".join(parts), "utf-8")
        kept, templating.MAX_SECONDS = templating.MAX_SECONDS, 3
        try:
            template = templating.get_template(Path(folder), "t.md.j2", html=False)
            text = templating.render_template(template)
        except InputError:
            return
        finally:
            templating.MAX_SECONDS = kept
    assert len(text) <= templating.MAX_OUTPUT
