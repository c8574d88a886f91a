"""Mapping export columns to questions and cells to answers, with and without a mapping file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from alliance_diag.batch.mapping import (
    ColumnMap,
    Decoder,
    Role,
    choice_cell,
    fold,
    load_mapping,
    map_columns,
    spreadsheet_letter,
)
from alliance_diag.core.errors import InputError
from alliance_diag.core.i18n import set_language
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.io.questionnaire_files import load_questionnaire

DATA = Path(__file__).parent / "data" / "questionnaires"
# Version 1.0 of the built-in questionnaire: its yes/no and agreement items are the
# shapes these mapping rules are checked on, and exports written for it still arrive.
FULL = load_questionnaire(
    Path(__file__).parent.parent / "questionnaires" / "1.0" / "alliance-readiness.yaml"
)
SHAPES = load_questionnaire(DATA / "batch.yaml")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language(None)


def mapped(headers: list[str], questionnaire: Questionnaire = FULL, **options: object) -> ColumnMap:
    return map_columns([(1, headers)], questionnaire, **options)  # type: ignore[arg-type]


def roles(columns: ColumnMap) -> list[tuple[str, str | None, str | None]]:
    return [
        (c.role.value, c.question.id if c.question else None, c.option) for c in columns.columns
    ]


def test_fold_ignores_case_accents_spacing_and_punctuation() -> None:
    assert fold("  PLUTÔT   d’accord ! ") == fold("plutot d'accord") == "plutot d accord"
    assert fold("Œuvre") == "oeuvre"


@pytest.mark.parametrize(
    "header",
    [
        "trust_history",
        "Trust History",
        "trust[history]",  # LimeSurvey sub-question code
        "confiance/trust_history",  # KoboToolbox group path
        "g1-trust_history",  # ODK Central group path
        "Nous avons déjà mené au moins une action concrète avec ce partenaire.",
        "NOUS AVONS DEJA MENE au moins une action concrete avec ce partenaire",
        "We have already carried out at least one concrete action with this partner.",
        "3. Nous avons déjà mené au moins une action concrète avec ce partenaire.",
        "Nous avons déjà mené au moins une action concrète",  # cut short by the tool
        "Confiance/Nous avons déjà mené au moins une action concrète avec ce partenaire.",
    ],
)
def test_a_column_is_found_by_id_tool_code_or_text(header: str) -> None:
    assert roles(mapped([header])) == [("question", "trust_history", None)]


def test_tool_columns_are_ignored_silently_and_the_rest_reported() -> None:
    headers = ["Horodateur", "_uuid", "submitdate", "groupTime101", "Budget 2025", ""]
    columns = mapped(headers)
    assert [c.role for c in columns.columns[:4]] == [Role.metadata] * 4
    assert [c.header for c in columns.unmapped()] == ["Budget 2025"]
    assert columns.width == 5
    assert spreadsheet_letter(0) == "A" and spreadsheet_letter(27) == "AB"


def test_the_organisation_column_by_question_alias_or_option() -> None:
    assert mapped(["Quel est le nom de votre association ?"]).organisation is not None
    assert mapped(["Nom de la structure"]).organisation is not None
    columns = mapped(["Adhérent", "trust_history"], organisation_column="adhérent")
    assert columns.organisation is not None and columns.organisation.header == "Adhérent"


def test_a_second_column_for_the_same_question_is_reported() -> None:
    columns = mapped(["trust_history", "Trust history"])
    assert [c.role for c in columns.columns] == [Role.question, Role.unmapped]
    assert "trust_history" in columns.columns[1].note


def test_multiple_choice_columns_codes_and_0_1_columns() -> None:
    both = mapped(["liens/channels", "liens/channels/email", "liens/channels/phone"], SHAPES)
    assert [c.role for c in both.columns] == [Role.question, Role.ignored, Role.ignored]
    only = mapped(
        ["channels/email", "channels[phone]", "Canaux d'échange [Visites sur place]"], SHAPES
    )
    assert roles(only) == [
        ("choice", "channels", "email"),
        ("choice", "channels", "phone"),
        ("choice", "channels", "visits"),
    ]


def test_the_header_is_the_row_naming_most_columns() -> None:
    # Drupal Webform / Framaforms: a title row, a group row, then the column names
    rows = [
        (1, ["Diagnostic 2026", "", "", ""]),
        (2, ["Submission Details", "", "Canaux d'échange", ""]),
        (3, ["Serial", "Nom de l'association", "Courriel", "Téléphone"]),
        (4, ["1", "Asso", "X", ""]),
    ]
    columns = map_columns(rows, SHAPES)
    assert columns.header_row == 3
    assert columns.columns[0].role is Role.metadata  # "Serial", Webform's submission number
    assert roles(columns)[1:] == [
        ("question", "organisation", None),
        ("choice", "channels", "email"),
        ("choice", "channels", "phone"),
    ]


def decoder(question_id: str, questionnaire: Questionnaire = FULL) -> Decoder:
    question = questionnaire.question(question_id)
    assert question is not None
    return Decoder(question, None, "en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("agree", "agree"),
        ("Plutôt d'accord", "agree"),
        ("PLUTOT D’ACCORD", "agree"),
        ("Agree", "agree"),
        ("4", "agree"),
        ("4,0", "agree"),
        ("4.0", "agree"),
        (" 5 ", "strongly_agree"),
        ("Je ne sais pas", "dont_know"),
        ("NSP", "dont_know"),
        ("", None),
    ],
)
def test_choice_cells_by_id_score_or_label_in_any_language(text: str, expected: str) -> None:
    value, error = decoder("trust_history").decode(text)
    assert (value, error) == (expected, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Oui", "yes"), ("non", "no"), ("Y", "yes"), ("1", "yes"), ("0", "no"), ("true", "yes")],
)
def test_yes_no_cells(text: str, expected: str) -> None:
    assert decoder("framework_mandate").decode(text) == (expected, None)


def test_numbers_take_decimal_commas_and_grouped_thousands_and_stay_in_range() -> None:
    count = decoder("partners_count")
    assert count.decode("3,0") == (3, None)
    assert count.decode("1 000") == (1000, None)
    value, error = count.decode("-2")
    assert value is None and error is not None and "between" in error


def test_an_unrecognised_answer_is_an_error_and_counted() -> None:
    trust = decoder("trust_history")
    for _ in range(3):
        value, error = trust.decode("Peut-être")
        assert value is None and error is not None and "Peut-être" in error
    assert trust.unrecognised == {"Peut-être": 3}
    assert "Peut-être" not in trust.cache


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("email phone", ["email", "phone"]),
        ("Courriel;Téléphone;", ["email", "phone"]),
        ("Courriel, Visites sur place", ["email", "visits"]),
        ("Phone\nOn-site visits", ["phone", "visits"]),
        ("Aucun", ["none"]),
    ],
)
def test_multiple_choice_cells_in_every_tool_shape(text: str, expected: list[str]) -> None:
    assert decoder("channels", SHAPES).decode(text) == (expected, None)


def test_labels_holding_the_separator_are_regrouped(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    text = (DATA / "batch.yaml").read_text("utf-8")
    path.write_text(
        text.replace(
            'label: {fr: "Courriel", en: "Email"}', 'label: {fr: "Courriel, SMS", en: "Email"}'
        ),
        encoding="utf-8",
    )
    channels = decoder("channels", load_questionnaire(path))
    assert channels.decode("Courriel, SMS, Téléphone") == (["email", "phone"], None)
    value, error = channels.decode("Courriel, fax")
    assert value is None and error is not None


def test_choice_cells_of_0_1_columns() -> None:
    question = SHAPES.question("channels")
    assert question is not None
    assert choice_cell("1", question, "email") == (True, None)
    assert choice_cell("X", question, "email") == (True, None)
    assert choice_cell("Courriel", question, "email") == (True, None)
    assert choice_cell("0", question, "email") == (False, None)
    assert choice_cell("", question, "email") == (None, None)
    ticked, error = choice_cell("maybe", question, "email")
    assert ticked is None and error is not None


def test_a_mapping_file_maps_columns_and_answers(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        "columns:\n"
        '  "Q1[SQ001]": trust_history\n'
        "answers: {A1: strongly_disagree, A5: strongly_agree}\n"
        "answers_by_question:\n"
        "  partner_type: {P1: peer, P2: private}\n"
        "organisation_column: Structure\n"
        "ignore: [Commentaire]\n",
        encoding="utf-8",
    )
    mapping = load_mapping(path, FULL)
    columns = mapped(["Q1[SQ001]", "Structure", "Commentaire", "Absent ?"], FULL, mapping=mapping)
    assert roles(columns)[:3] == [
        ("question", "trust_history", None),
        ("question", "organisation", None),
        ("ignored", None, None),
    ]
    assert columns.absent_from_export == []
    question = FULL.question("trust_history")
    partner = FULL.question("partner_type")
    assert question is not None and partner is not None
    assert Decoder(question, mapping, "en").decode("A5") == ("strongly_agree", None)
    assert Decoder(partner, mapping, "en").decode("P2") == ("private", None)


def test_a_mapping_file_maps_a_0_1_column_to_one_answer(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text('columns: {"M3[SQ002]": channels/phone}\n', encoding="utf-8")
    columns = mapped(["M3[SQ002]"], SHAPES, mapping=load_mapping(path, SHAPES))
    assert roles(columns) == [("choice", "channels", "phone")]


def test_mapping_file_mistakes_are_located_all_at_once(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        "columns:\n"
        "  Q1: trust_histroy\n"
        "  Q2: trust_history/agree\n"
        "answers:\n"
        "  A1: strongly_disagre\n"
        "answers_by_question:\n"
        "  partner_type: {P1: peers}\n"
        "colums: {}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_mapping(path, FULL)
    text = str(error.value)
    assert f"{path}:8:1:" in text and "columns" in text  # the misspelt key, first
    path.write_text(
        "columns:\n  Q1: trust_histroy\n  Q2: trust_history/agree\n"
        "answers:\n  A1: strongly_disagre\n"
        "answers_by_question:\n  partner_type: {P1: peers}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_mapping(path, FULL)
    lines = [str(p) for p in error.value.problems]
    assert len(lines) == 4
    assert lines[0].startswith(f"{path}:2:") and "did you mean 'trust_history'" in lines[0]
    assert lines[1].startswith(f"{path}:3:") and "not a multiple-choice" in lines[1]
    assert lines[2].startswith(f"{path}:5:") and "strongly_disagree" in lines[2]
    assert lines[3].startswith(f"{path}:7:") and "peers" in lines[3]


def test_a_mapping_file_refuses_python_tags(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("columns: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_mapping(path, FULL)
