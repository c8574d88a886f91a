"""Questionnaires shown in the terminal: the built-in list, and one questionnaire in full."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from alliance_diag.core.i18n import Catalog, choose_language, current_language, pick
from alliance_diag.engine.question_count import expected_length
from alliance_diag.engine.questionnaire import Dimension, Questionnaire
from alliance_diag.io.questionnaire_files import builtin_ids, load_questionnaire
from alliance_diag.report.console import capture

_ = Catalog(
    {
        "id": {"fr": "Identifiant", "en": "Id"},
        "version": {"fr": "Version", "en": "Version"},
        "title": {"fr": "Titre", "en": "Title"},
        "items": {"fr": "Questions", "en": "Questions"},
        "duration": {"fr": "Durée", "en": "Time"},
        "minutes": {"fr": "≈ {minutes} min", "en": "≈ {minutes} min"},
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
        "critical": {"fr": "réponse critique possible", "en": "may hold a critical answer"},
        "known_from": {
            "fr": "« pas encore » compte comme inconnu dès l'étape {stage}",
            "en": "“not yet” counts as unknown from the stage {stage}",
        },
        "critical_rule": {
            "fr": "{count} réponse(s) critique(s) ou plus → {cap}",
            "en": "{count} critical answer(s) or more → {cap}",
        },
        "recommendations": {"fr": "{n} recommandations", "en": "{n} recommendations"},
        "coverage": {
            "fr": "Taux de réponse minimal pour noter une dimension : {value} %",
            "en": "Minimum coverage to score a dimension: {value}%",
        },
    }
)


NO_WRAP = {"id", "version", "duration", "languages"}
MIN_WIDTH = {"title": 13}


def render_list(lang: str | None, *, color: bool = False) -> str:
    lang = lang or current_language()
    table = Table(box=None, pad_edge=False)
    for key in ("id", "version", "title", "items", "duration", "languages"):
        # an id is typed as it is shown: never cut
        # at 80 columns the title wraps; an id is typed as it is shown, never cut
        table.add_column(_(key, lang), no_wrap=key in NO_WRAP, min_width=MIN_WIDTH.get(key))
    for questionnaire_id in builtin_ids():
        q = load_questionnaire(questionnaire_id)
        length = expected_length(q)
        table.add_row(
            q.id,
            q.version,
            escape(pick(q.title, lang)),
            length.questions,
            _("minutes", lang, minutes=length.minutes),
            ", ".join(q.languages),
        )
    return capture(table, color=color)


def _dimension_table(q: Questionnaire, dimension: Dimension, lang: str) -> Table:
    """A dimension's statements, each with what qualifies it, and its weights."""
    family = next(pick(f.label, lang) for f in q.families if f.id == dimension.family)
    table = Table(
        title=f"{pick(dimension.label, lang)} ({dimension.id}) — {family}",
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
        if question.critical is not None:
            notes.append(_("critical", lang))
        if question.known_from:
            notes.append(_("known_from", lang, stage=question.known_from))
        suffix = f"  [dim]({escape('; '.join(notes))})[/dim]" if notes else ""
        table.add_row(question.id, escape(pick(question.text, lang)) + suffix)
    weights = ", ".join(f"{k} {v:g}" for k, v in dimension.weights.items())
    colon = " :" if lang == "fr" else ":"
    table.caption = f"{_('weights', lang)}{colon} {weights}"
    table.caption_justify = "left"
    return table


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
    parts.extend(_dimension_table(q, dimension, lang) for dimension in q.dimensions)
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
    gates += [f"{c.id}: {c.when} → {c.cap}" for c in q.ceilings]
    gates += [_("critical_rule", lang, count=r.count, cap=r.cap) for r in q.critical_caps]
    if gates:
        parts.append(Text(_("gates", lang), style="bold"))
        parts.extend(f"  • {escape(g)}" for g in gates)
    parts.append(_("recommendations", lang, n=len(q.recommendations)))
    return capture(*parts, color=color)
