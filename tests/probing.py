"""The review's probing cases (CONTENT-REVIEW.md §0 a, §2), written as answer files.

Each case is a description, a profile, and what differs from an answer set that is
otherwise at its best (or, for the loopholes and the honest cases, written out). Run this
module to (re)write the files in tests/data/answers/probing/; tests/test_verdicts.py
scores them and checks the verdict a consultant would sign.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from alliance_diag.engine.questionnaire import Questionnaire, QuestionType
from alliance_diag.engine.scoring import scorer_for
from alliance_diag.io.questionnaire_files import load_questionnaire

FOLDER = Path(__file__).parent / "data" / "answers" / "probing"
FULL = load_questionnaire("alliance-readiness")


def best(question_id: str) -> Any:
    question = FULL.question(question_id)
    assert question is not None
    scored = [o for o in question.options or [] if o.score is not None]
    if question.type is QuestionType.number:
        return question.max if not question.reverse else question.min
    pick = min if question.reverse else max
    return pick(scored, key=lambda o: o.score or 0).id


def offers(question_id: str, option: str) -> bool:
    question = FULL.question(question_id)
    return question is not None and any(o.id == option for o in question.options or [])


def at_best(questionnaire: Questionnaire = FULL) -> dict[str, Any]:
    return {item.question.id: best(item.question.id) for item in scorer_for(questionnaire).items}


def honest_exploring() -> dict[str, Any]:
    """A small volunteer association exploring with its town hall: « Pas encore » wherever
    it is a real answer, middling answers elsewhere, no joint action yet."""
    answers = {}
    for item in scorer_for(FULL).items:
        qid = item.question.id
        if offers(qid, "not_yet"):
            answers[qid] = "not_yet"
        elif offers(qid, "agree"):
            answers[qid] = "disagree" if item.question.reverse else "agree"
        else:
            answers[qid] = best(qid)
    return answers | {"trust_history": "none", "framework_mandate": "scheduled"}


def everywhere(option: str) -> dict[str, Any]:
    """The same agreement answer to every statement that offers it (acquiescence)."""
    return {qid: option if offers(qid, option) else value for qid, value in at_best().items()}


def loophole(kind: str) -> dict[str, Any]:
    """The sixteen-odd statements that offer « Pas encore », answered at their worst, as
    « Je ne sais pas », as « Pas encore », or skipped; the rest at its best."""
    answers = at_best()
    for qid in list(answers):
        if not offers(qid, "not_yet"):
            continue
        question = FULL.question(qid)
        assert question is not None
        if kind == "worst":
            scored = [o for o in question.options or [] if o.score is not None]
            pick = max if question.reverse else min
            answers[qid] = pick(scored, key=lambda o: o.score or 0).id
        elif kind == "skipped":
            del answers[qid]
        else:
            answers[qid] = kind
    return answers


CASES: dict[str, dict[str, Any]] = {
    "exploring-faking-good-private": {
        "about": "Explorant, aucune action commune, et la meilleure réponse partout.",
        "profile": {"partner_type": "private", "stage": "exploring"},
        "answers": at_best() | {"trust_history": "none"},
    },
    "one-weakness-funding-first-private": {
        "about": "Premier projet ; excellent partout, mais d’abord un besoin de financement.",
        "profile": {"partner_type": "private", "stage": "first_project"},
        "answers": at_best() | {"patience_funding_pressure": "strongly_agree"},
    },
    "one-weakness-doubts-public": {
        "about": "Expérimentation ; de forts doutes sur ce que veut le partenaire public.",
        "profile": {"partner_type": "public", "stage": "experimenting"},
        "answers": at_best() | {"trust_intentions": "strongly_agree"},
    },
    "one-weakness-dependence-public": {
        "about": "Formalisée ; plus de la moitié des ressources, et la crainte du désaccord.",
        "profile": {"partner_type": "public", "stage": "formalised"},
        "answers": at_best()
        | {"confidence_resource_share": "over_50", "public_independence": "strongly_agree"},
    },
    "one-weakness-no-mandate-peer": {
        "about": "Premier projet ; le conseil d’administration n’en a jamais débattu.",
        "profile": {"partner_type": "peer", "stage": "first_project"},
        "answers": at_best() | {"framework_mandate": "no"},
    },
    "one-weakness-values-private": {
        "about": "Expérimentation ; les valeurs de l’entreprise jamais vérifiées.",
        "profile": {"partner_type": "private", "stage": "experimenting"},
        "answers": at_best() | {"private_values": "strongly_disagree"},
    },
    "acquiescent-full-agree-exploring": {
        "about": "Explorant ; « Plutôt d’accord » à tout, y compris aux affirmations inversées.",
        "profile": {"partner_type": "private", "stage": "exploring", "partners_count": 0},
        "answers": everywhere("agree") | {"trust_history": "none"},
    },
    "contradictory-public-formalised": {
        "about": "Formalisée, mais aucune action commune, pas de convention, 0 partenaire.",
        "profile": {
            "partner_type": "public",
            "stage": "formalised",
            "partners_count": 0,
            "employees_fte": 0,
        },
        "role": "staff",
        "answers": at_best()
        | {
            "trust_history": "none",
            "framework_convention": "no",
            "patience_horizon": "strongly_agree",
            "patience_quick_exit": "agree",
        },
    },
    "small-volunteer-asso-public-exploring": {
        "about": "Ciné-club bénévole qui explore avec sa mairie ; « Pas encore » honnêtes.",
        "profile": {
            "partner_type": "public",
            "stage": "exploring",
            "partners_count": 1,
            "employees_fte": 0,
            "budget_band": "under_10k",
        },
        "answers": honest_exploring(),
    },
    "solid-peer-formalised": {
        "about": "Alliance entre pairs formalisée, solide partout.",
        "profile": {"partner_type": "peer", "stage": "formalised"},
        "answers": at_best(),
    },
    **{
        f"loophole-{kind.replace('_', '-')}": {
            "about": f"Premier projet avec une entreprise ; les « Pas encore » possibles : {kind}.",
            "profile": {"partner_type": "private", "stage": "first_project"},
            "answers": loophole(kind),
        }
        for kind in ("worst", "dont_know", "not_yet", "skipped")
    },
}


def write() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, case in CASES.items():
        document = {
            "questionnaire": FULL.id,
            "questionnaire_version": FULL.version,
            "language": "fr",
            "respondent": {"organisation": f"Sonde {name}", "role": case.get("role", "board")},
            "profile": case["profile"],
            "answers": case["answers"],
        }
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        header = (
            f"# {case['about']}\n# Écrit par tests/probing.py (revue 1.1, CONTENT-REVIEW.md).\n"
        )
        (FOLDER / f"{name}.yaml").write_text(header + text, "utf-8")


if __name__ == "__main__":
    write()
