"""alliance-diag batch end to end: rejected rows, safe outputs, groups, overrides, bad files."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_fixtures import REPORT_DATE
from typer.testing import CliRunner

from alliance_diag.batch import outputs as batch_outputs
from alliance_diag.batch import run as batch_module
from alliance_diag.batch.run import BatchOptions, BatchSummary, run_batch
from alliance_diag.cli.app import app
from alliance_diag.core.i18n import set_language
from alliance_diag.engine.answers import AnswerSet
from alliance_diag.engine.explanation import score
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.io.safe_names import UniqueNames, inside, safe_stem
from alliance_diag.report import Format

SHAPES_PATH = Path(__file__).parent / "data" / "questionnaires" / "batch.yaml"
SHAPES = load_questionnaire(SHAPES_PATH)
HEADER = [
    "organisation",
    "partner_type",
    "region",
    "meet",
    "quarrel",
    "channels",
    "signed",
    "signed_recent",
    "budget",
    "hours",
    "staff_time",
]
GOOD = ["Asso", "peer", "Bretagne", "often", "never", "email phone", "yes", "no", "20", "7", ""]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language(None)


def export(tmp_path: Path, rows: list[list[str]], name: str = "export.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([HEADER, *rows])
    return path


def row(**changes: str) -> list[str]:
    values = dict(zip(HEADER, GOOD, strict=True))
    values.update(changes)
    return [values[name] for name in HEADER]


def run(path: Path, out: Path, **options: object) -> BatchSummary:
    settings: dict[str, object] = {
        "questionnaire": SHAPES_PATH,
        "output_dir": out,
        "formats": (),
        "lang": "en",
    }
    settings.update(options)
    summary = None
    for step in run_batch(BatchOptions(generated_on=REPORT_DATE, export=path, **settings)):  # type: ignore[arg-type]
        summary = step.summary or summary
    assert summary is not None
    return summary


def read_csv(path: Path, delimiter: str = ",") -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream, delimiter=delimiter))


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["batch", *args, "--lang", "en"])
    # a user mistake ends in a message and an exit code, never in an exception
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def cli_shapes(path: Path, out: Path, *args: str) -> tuple[int, str, str]:
    """The batch command on the batch-shapes questionnaire, without per-row reports."""
    return cli(str(path), "-q", str(SHAPES_PATH), "-f", "none", "-o", str(out), *args)


def test_rejected_rows_are_listed_with_every_problem_and_exit_code_1(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        [
            row(organisation="Un"),
            row(organisation="Deux", meet="tous les jours", budget="41"),
            row(organisation="", partner_type=""),
            row(organisation="Quatre"),
        ],
    )
    code, out, _err = cli(
        str(path), "-q", str(SHAPES_PATH), "-f", "none", "-o", str(tmp_path / "o")
    )
    assert code == 1
    assert "Rows read: 4 · scored: 2 · rejected: 2" in out
    errors = read_csv(tmp_path / "o" / "errors.csv")
    assert errors[0] == ["row", "column", "value", "reason"]
    assert [line[:3] for line in errors[1:]] == [
        ["3", "meet", "tous les jours"],
        ["3", "budget", "41"],
        ["4", "organisation", ""],
        ["4", "partner_type", ""],
    ]
    assert "between 0 and 40" in errors[2][3]
    summary = read_csv(tmp_path / "o" / "summary.csv")
    assert [line[:2] for line in summary[1:]] == [["2", "Un"], ["5", "Quatre"]]


def test_a_batch_without_rejections_exits_0(tmp_path: Path) -> None:
    path = export(tmp_path, [row(), row(organisation="Autre")])
    code, out, _err = cli(
        str(path), "-q", str(SHAPES_PATH), "-f", "none", "-o", str(tmp_path / "o")
    )
    assert code == 0
    assert "rejected: 0" in out
    assert read_csv(tmp_path / "o" / "errors.csv") == [["row", "column", "value", "reason"]]


def test_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        [
            row(organisation='=HYPERLINK("http://x","y")'),
            row(organisation="+33 1 23"),
            row(organisation="-Asso"),
            row(organisation="@Asso", meet="=1+1"),
        ],
    )
    run(path, tmp_path / "o")
    names = [line[1] for line in read_csv(tmp_path / "o" / "summary.csv")[1:]]
    assert names == ['\'=HYPERLINK("http://x","y")', "'+33 1 23", "'-Asso"]
    errors = read_csv(tmp_path / "o" / "errors.csv")
    assert errors[1][:2] == ["5", "meet"] and errors[1][2] == "'=1+1"


def test_excel_fr_dialect_semicolons_decimal_commas_and_a_bom(tmp_path: Path) -> None:
    path = export(tmp_path, [row()])
    run(path, tmp_path / "o", csv_dialect=batch_module.CsvDialect.excel_fr)
    raw = (tmp_path / "o" / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = read_csv(tmp_path / "o" / "summary.csv", delimiter=";")
    header = ["row", "organisation", "overall_score", "level", "level_label", "links_score"]
    assert lines[0][:6] == header
    assert lines[1][2] == "70,0" and lines[1][5] == "70,0"


def test_report_names_are_safe_unique_and_inside_the_folder(tmp_path: Path) -> None:
    organisations = [
        "../../etc/passwd",
        "/etc/passwd",
        "C:\\Windows\\system32",
        "CON",
        "Asso",
        "asso",
        "Asso",
        "Café",
        "Cafe\u0301",
        "x" * 300,
        "...",
    ]
    path = export(tmp_path, [row(organisation=name) for name in organisations])
    out = tmp_path / "o"
    run(path, out, formats=(Format.json,))
    reports = out / "reports"
    names = sorted(p.name for p in reports.iterdir())
    assert all(p.resolve().parent == reports.resolve() for p in reports.iterdir())
    assert len(names) == len(organisations)
    assert "etc-passwd.json" in names and "etc-passwd-2.json" in names
    assert "C-Windows-system32.json" in names
    assert "CON_.json" in names
    assert {"Asso.json", "asso-2.json", "Asso-3.json"} <= set(names)
    assert {"Cafe.json", "Cafe-2.json"} <= set(names)
    assert max(len(name) for name in names) <= 90
    assert "row-12.json" in names
    summary = read_csv(out / "summary.csv")
    assert summary[0][-1] == "report" and summary[1][-1] == "reports/etc-passwd"
    assert not any(p.name.startswith(".") for p in out.iterdir())


def test_safe_names_directly() -> None:
    assert safe_stem("Les Restos du Cœur — Tulle", "x") == "Les-Restos-du-Coeur-Tulle"
    assert safe_stem("lpt1.txt", "x") == "lpt1_.txt"
    assert safe_stem("", "row-2") == "row-2"
    names = UniqueNames({"summary"})
    assert names.take("SUMMARY", "x") == "SUMMARY-2"
    with pytest.raises(ValueError):
        inside(Path("out"), "../escape", ".html")


def test_per_row_reports_are_the_row_scored_like_an_answer_file(tmp_path: Path) -> None:
    path = export(tmp_path, [row(organisation="Asso Nord")])
    run(path, tmp_path / "o", formats=(Format.json, Format.markdown, Format.html))
    report = json.loads((tmp_path / "o" / "reports" / "Asso-Nord.json").read_text("utf-8"))
    answers = AnswerSet(
        questionnaire=SHAPES.id,
        questionnaire_version=SHAPES.version,
        language="en",
        respondent={"organisation": "Asso Nord"},
        profile={"partner_type": "peer", "region": "Bretagne"},
        answers={
            "meet": "often",
            "quarrel": "never",
            "channels": ["email", "phone"],
            "signed": "yes",
            "signed_recent": "no",
            "budget": 20,
            "hours": 7,
        },
    )
    expected = json.loads(score(SHAPES, answers, "en").model_dump_json())
    assert report == expected
    assert (tmp_path / "o" / "reports" / "Asso-Nord.md").is_file()
    assert (tmp_path / "o" / "reports" / "Asso-Nord.html").is_file()


def test_the_hot_path_scores_like_the_answer_sets(tmp_path: Path) -> None:
    rows = [
        row(organisation=f"Asso {i}", partner_type=pt, meet=m, quarrel=q, signed=s, hours=h)
        for i, (pt, m, q, s, h) in enumerate(
            [
                ("peer", "often", "never", "yes", "7"),
                ("private", "sometimes", "often", "no", "35"),
                ("peer", "na", "sometimes", "yes", "0"),
                ("private", "often", "na", "", "12,5"),
            ]
            * 3
        )
    ]
    path = export(tmp_path, rows)
    run(path, tmp_path / "fast")
    run(path, tmp_path / "slow", formats=(Format.json,))
    fast = read_csv(tmp_path / "fast" / "summary.csv")
    slow = read_csv(tmp_path / "slow" / "summary.csv")
    assert fast == [line[:-1] for line in slow]


def test_group_by_organisation_aggregates_respondents(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        [
            row(organisation="Asso Nord", meet="often", quarrel="never"),
            row(organisation="ASSO NORD ", meet="never", quarrel="often", channels="none"),
            row(organisation="Asso Sud"),
        ],
    )
    summary = run(path, tmp_path / "o", group_by="organisation")
    groups = {g.label: g for g in summary.groups}
    assert set(groups) == {"Asso Nord", "Asso Sud"}
    nord = groups["Asso Nord"]
    assert nord.respondents == 2
    links = nord.dimension("links")
    assert links.n == 2 and links.divergent and links.max - links.min >= 25  # type: ignore[operator]
    table = read_csv(tmp_path / "o" / "groups.csv")
    assert table[0][:3] == ["group", "respondents", "overall_mean"]
    assert [line[:2] for line in table[1:]] == [["Asso Nord", "2"], ["Asso Sud", "1"]]
    assert table[1][table[0].index("links_divergent")] == "yes"
    report = (tmp_path / "o" / "network-report.md").read_text("utf-8")
    assert "| Organisations |" in report and "▲" in report


def test_group_by_region_compares_sub_networks(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        [
            row(organisation=f"A{i}", region=region)
            for i, region in enumerate(["Nord", "Sud", "nord", ""])
        ],
    )
    summary = run(path, tmp_path / "o", group_by="Region")
    assert sorted((g.label, g.respondents) for g in summary.groups) == [
        ("(empty)", 1),
        ("Nord", 2),
        ("Sud", 1),
    ]
    html = (tmp_path / "o" / "network-report.html").read_text("utf-8")
    assert "Nord" in html and "Sud" in html
    code, _out, err = cli(str(path), "-q", str(SHAPES_PATH), "-f", "none", "--group-by", "Regoin")
    assert code == 1 and "did you mean 'region'" in err


def test_the_network_report_has_every_part_and_caps_the_heat_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import alliance_diag.engine.network_totals as network

    monkeypatch.setattr(network, "HEATMAP_LIMIT", 2)
    path = export(tmp_path, [row(organisation=f"Asso {i}") for i in range(5)])
    run(path, tmp_path / "o")
    for name in ("network-report.md", "network-report.html"):
        text = (tmp_path / "o" / name).read_text("utf-8")
        for heading in ("Levels reached", "Dimensions across the network", "weakest dimensions",
                        "Collective next steps", "Heat map"):  # fmt: skip
            assert heading in text, (name, heading)
        assert "The first 2 rows of 5" in text
    french = tmp_path / "fr"
    run(path, french, lang="fr")
    assert "Carte de chaleur" in (french / "network-report.html").read_text("utf-8")


def test_encoding_and_delimiter_overrides(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    lines = [";".join(HEADER), ";".join(row(organisation="Comité d'Épinal"))]
    path.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    detected = run(path, tmp_path / "a")
    assert detected.table_format.encoding == "cp1252" and detected.warnings
    given = run(path, tmp_path / "b", encoding="latin-1", delimiter=";")
    assert given.table_format.encoding == "iso8859-1" and not given.warnings
    assert read_csv(tmp_path / "b" / "summary.csv")[1][1] == "Comité d'Épinal"
    code, _out, err = cli(
        str(path), "-q", str(SHAPES_PATH), "--delimiter", ",", "-o", str(tmp_path / "c")
    )
    assert code == 1 and "no column matches a scored question" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03binary\x00\x00\xff", "not a table"),
        (b"Hello,\nthis is a letter, not a table.\n", "no column matches"),
        (b"organisation,partner_type,meet\n", "no answers"),
        (b"organisation,meet\nA,often\n", "required answer 'partner_type'"),
    ],
)
def test_a_file_that_cannot_be_scored_is_one_clear_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(content)
    code, _out, err = cli_shapes(path, tmp_path / "o")
    assert code == 1
    assert err.count("\n") == 1 and message in err and err.startswith(str(path))
    assert not (tmp_path / "o").exists()


def test_usage_mistakes_exit_2(tmp_path: Path) -> None:
    path = export(tmp_path, [row()])
    assert cli(str(path), "-f", "word")[0] == 2
    assert cli(str(path), "-f", "none", "-f", "html")[0] == 2
    assert cli(str(path), "--csv-dialect", "excel-de")[0] == 2
    assert cli(str(path), "--encoding", "klingon")[0] == 2


def test_an_org_column_named_but_absent_is_an_error(tmp_path: Path) -> None:
    path = export(tmp_path, [row()])
    code, _out, err = cli(str(path), "-q", str(SHAPES_PATH), "--org-column", "Structure")
    assert code == 1 and "no column 'Structure'" in err


def test_json_lines_exports(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    lines = [
        {"organisation": "A", "partner_type": "peer", "meet": "often", "channels": ["email"]},
        {"organisation": "B", "partner_type": "private", "meet": "never", "budget": 40},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n{oops\n", encoding="utf-8")
    summary = run(path, tmp_path / "o")
    assert (summary.rows_read, summary.rows_scored, summary.rows_rejected) == (3, 2, 1)
    assert read_csv(tmp_path / "o" / "errors.csv")[1][0] == "3"


def test_progress_is_reported_and_ends_with_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_module, "PROGRESS_EVERY", 2)
    path = export(tmp_path, [row(organisation=f"A{i}") for i in range(7)])
    options = BatchOptions(
        generated_on=REPORT_DATE,
        export=path,
        questionnaire=SHAPES_PATH,
        output_dir=tmp_path / "o",
        formats=(),
    )
    steps = list(run_batch(options))
    assert [s.rows for s in steps[:-1]] == [2, 4, 6]
    assert steps[-1].fraction == 1.0 and steps[-1].summary is not None


def test_a_failing_batch_leaves_no_half_written_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = export(tmp_path, [row()])

    def broken(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(batch_outputs, "render_markdown", broken)
    with pytest.raises(RuntimeError):
        run(path, tmp_path / "o")
    assert sorted(p.name for p in (tmp_path / "o").iterdir() if p.is_file()) == [
        "INCOMPLETE.txt",
        "network-report.html",
    ]


def test_the_hot_path_equals_the_answer_sets_on_many_random_rows(tmp_path: Path) -> None:
    full = load_questionnaire("alliance-readiness")
    rng = random.Random(5)
    header = ["organisation", "partner_type", "stage", *(q.id for q in full.questions)]
    rows = []
    for number in range(300):
        cells = [f"Asso {number}", rng.choice(["peer", "public", "private", "Un acteur privé"])]
        cells.append(rng.choice(["exploring", "formalised", "", "Nous explorons"]))
        for question in full.questions:
            option = rng.choice(question.options or [])
            shapes = [option.id, option.label["en"], option.label["fr"].upper(), ""]
            if option.score is not None:
                shapes.append(f"{option.score:g}")
            cells.append(rng.choice(shapes))
        if number % 10 == 3:
            cells[rng.randrange(1, len(cells))] = "?!"
        rows.append(cells)
    path = tmp_path / "random.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([header, *rows])
    fast = run(path, tmp_path / "fast", questionnaire="alliance-readiness")
    slow = run(path, tmp_path / "slow", questionnaire="alliance-readiness", formats=(Format.json,))
    assert fast.rows_rejected == slow.rows_rejected > 0
    assert fast.rows_scored == slow.rows_scored > 100
    fast_rows = read_csv(tmp_path / "fast" / "summary.csv")
    slow_rows = read_csv(tmp_path / "slow" / "summary.csv")
    assert fast_rows == [line[:-1] for line in slow_rows]
    assert read_csv(tmp_path / "fast" / "errors.csv") == read_csv(tmp_path / "slow" / "errors.csv")


def test_the_group_by_column_is_not_reported_as_unrecognised(tmp_path: Path) -> None:
    google = Path(__file__).parent / "data" / "exports" / "google-forms.csv"
    source = google.read_text(encoding="utf-8").splitlines()
    lines = [source[0] + ",Région"] + [line + ",Bretagne" for line in source[1:] if line]
    export = tmp_path / "grp.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["batch", str(export), "--group-by", "Région", "--format", "none"]
    result = CliRunner().invoke(app, [*args, "--output-dir", str(out), "--quiet", "--lang", "fr"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    unrecognised = [line for line in result.output.splitlines() if "non reconnues" in line]
    assert unrecognised and all("Région" not in line for line in unrecognised)
    assert (
        "Région"
        not in (out / "network-report.md").read_text(encoding="utf-8").split("## Colonnes")[-1]
    )


def test_a_batch_speaks_one_language_its_closing_lines_and_its_row_reasons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # LANG=en, no --lang, a questionnaire in French by default: French throughout
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    mini = Path(__file__).parent / "data" / "questionnaires" / "mini.yaml"
    french = tmp_path / "fr.yaml"
    text = mini.read_text("utf-8").replace(
        "languages: [fr, en]\n", "languages: [fr, en]\ndefault_language: fr\n"
    )
    french.write_text(text, "utf-8")
    path = tmp_path / "export.csv"
    path.write_text(
        "organisation;partner_type;trust_a\nAsso A;private;4\nAsso B;private;9\n", "utf-8"
    )
    argv = ["batch", str(path), "-q", str(french), "-o", str(tmp_path / "out"), "-f", "none"]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 1, result.output
    assert "Lignes lues" in result.stdout and "Réponses non reconnues" in result.stdout
    assert "Rows read" not in result.stdout and "not recognised" not in result.stdout
    errors = (tmp_path / "out" / "errors.csv").read_text("utf-8")
    assert "n’est pas une réponse" in errors
