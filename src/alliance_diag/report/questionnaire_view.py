"""Questionnaires shown in the terminal: the built-in list, and one questionnaire in full."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from alliance_diag.engine.question_count import asked_range
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.i18n import Catalog, choose_language, current_language, pick
from alliance_diag.io.questionnaire_files import builtin_ids, load_questionnaire
from alliance_diag.report.console import capture

_ = Catalog(
    {
        "id": {"fr": "Identifiant", "en": "Id"},
        "version": {"fr": "Version", "en": "Version"},
        "title": {"fr": "Titre", "en": "Title"},
        "items": {"fr": "Questions posées", "en": "Questions asked"},
        "languages": {"fr": "Langues", "en": "Languages"},
        "dimension": {"fr": "Dimension", "en": "Dimension"},
        "family": {"fr": "Famille", "en": "Family"},
        "weights": {"fr": "Poids par type de partenaire", "en": "Weights by partner type"},
        "profile": {"fr": "Profil", "en": "Profile"},
        "levels": {"fr": "Niveaux", "en": "Levels"},
        "gates": {"fr": "Verrous", "en": "Gates"},
        "gate": {
            "fr": "{dimension} sous {below} → au plus « {cap} »",
            "en": "{dimension} below {below} → at most '{cap}'",
        },
        "any": {"fr": "une dimension quelconque", "en": "any dimension"},
        "reverse": {"fr": "inversée", "en": "reversed"},
        "when": {"fr": "si", "en": "if"},
        "recommendations": {"fr": "{n} recommandations", "en": "{n} recommendations"},
        "coverage": {
            "fr": "Taux de réponse minimal pour noter une dimension : {value} %",
            "en": "Minimum coverage to score a dimension: {value}%",
        },
    }
)


def render_list(lang: str | None, *, color: bool = False) -> str:
    lang = lang or current_language()
    table = Table(box=None, pad_edge=False)
    for key in ("id", "version", "title", "items", "languages"):
        table.add_column(_(key, lang))
    for questionnaire_id in builtin_ids():
        q = load_questionnaire(questionnaire_id)
        table.add_row(
            q.id,
            q.version,
            escape(pick(q.title, lang)),
            asked_range(q),
            ", ".join(q.languages),
        )
    return capture(table, color=color)


def render_questionnaire(q: Questionnaire, lang: str | None, *, color: bool = False) -> str:
    lang = choose_language(lang, q.languages, q.default_language)
    parts: list[Text | Table | str] = [
        Text(f"{pick(q.title, lang)} — {q.id} {q.version}", style="bold"),
    ]
    if q.description:
        parts.append(escape(pick(q.description, lang)))
    parts.append(_("coverage", lang, value=round(q.min_coverage * 100)))
    profile = Table(title=_("profile", lang), box=None, title_justify="left", show_header=False)
    profile.add_column(style="cyan")
    profile.add_column()
    for question in q.profile:
        profile.add_row(question.id, escape(pick(question.text, lang)))
    parts.append(profile)
    families = {f.id: pick(f.label, lang) for f in q.families}
    for dimension in q.dimensions:
        table = Table(
            title=f"{pick(dimension.label, lang)} ({dimension.id}) — {families[dimension.family]}",
            title_justify="left",
            show_header=False,
            box=None,
        )
        table.add_column(style="cyan", no_wrap=True)
        table.add_column()
        for question in q.questions:
            if question.dimension != dimension.id:
                continue
            notes = []
            if question.reverse:
                notes.append(_("reverse", lang))
            if question.when:
                notes.append(f"{_('when', lang)} {question.when}")
            suffix = f"  [dim]({escape('; '.join(notes))})[/dim]" if notes else ""
            table.add_row(question.id, escape(pick(question.text, lang)) + suffix)
        weights = ", ".join(f"{k} {v:g}" for k, v in dimension.weights.items())
        table.caption = (
            f"{_('weights', lang)} : {weights}"
            if lang == "fr"
            else f"{_('weights', lang)}: {weights}"
        )
        table.caption_justify = "left"
        parts.append(table)
    levels = Table(title=_("levels", lang), box=None, title_justify="left", show_header=False)
    for level in q.levels:
        levels.add_row(level.id, f"{level.min:g}–{level.max:g}", escape(pick(level.label, lang)))
    parts.append(levels)
    gates = [
        _(
            "gate",
            lang,
            dimension=_("any", lang) if gate.dimension == "any" else gate.dimension,
            below=f"{gate.below:g}",
            cap=gate.cap,
        )
        for gate in q.gates
    ]
    if gates:
        parts.append(Text(_("gates", lang), style="bold"))
        parts.extend(f"  • {escape(g)}" for g in gates)
    parts.append(_("recommendations", lang, n=len(q.recommendations)))
    return capture(*parts, color=color)
