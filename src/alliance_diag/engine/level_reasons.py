"""Why a result has its level, in sentences: the gates and caps that hold it, the critical
answers, the unknown answers that lowered it, and each rule of the questionnaire. Worded
once here for the report and for compare; the engine's reasons, never re-derived."""

from __future__ import annotations

from alliance_diag.core.i18n import Catalog, format_number, pick
from alliance_diag.engine.answers import option_label
from alliance_diag.engine.questionnaire import Questionnaire
from alliance_diag.engine.result import AppliedCap, AppliedGate, Result

_ = Catalog(
    {
        "reason_gate_one": {
            "fr": "Plafonné à « {cap} » parce {that} est à {score}, sous {below}.",
            "en": "Capped at “{cap}” because {that} is {score}, below {below}.",
        },
        "reason_gate_many": {
            "fr": "Plafonné à « {cap} » parce {that} sont sous {below}.",
            "en": "Capped at “{cap}” because {that} are below {below}.",
        },
        "reason_lift": {
            "fr": "Pour dépasser « {cap} », il faudra relever {dimensions}.",
            "en": "To go beyond “{cap}”, {dimensions} will have to rise.",
        },
        "reason_lift_below": {"fr": "{label} ({score})", "en": "{label} ({score})"},
        "and": {"fr": "et", "en": "and"},
        "reason_count": {
            "fr": "Plafonné à « {cap} » parce qu'au moins {count} dimensions sont sous {below} : "
            "{dimensions}.",
            "en": "Capped at “{cap}” because at least {count} dimensions are below {below}: "
            "{dimensions}.",
        },
        "reason_doubt": {
            "fr": "Vos réponses connues mènent à « {known} ». Mais, pour le niveau, {unknowns} "
            "({dimensions}) comptent comme la réponse la plus basse, et mènent à « {level} » : "
            "une incertitude ne relève jamais le niveau.",
            "en": "Your known answers lead to “{known}”. But for the level, {unknowns} "
            "({dimensions}) count as the lowest answer, and lead to “{level}”: an uncertainty "
            "never raises the level.",
        },
        "unknown_dont_know": {"fr": "les « Je ne sais pas »", "en": "the “Don't know” answers"},
        "unknown_skipped": {
            "fr": "les questions restées sans réponse",
            "en": "the questions left unanswered",
        },
        "unknown_late_not_yet": {
            "fr": "les « Pas encore » donnés à une étape où la réponse devrait être connue",
            "en": "the “Not yet” answers given at a stage where the answer should be known",
        },
        "reason_critical": {
            "fr": "Au plus « {cap} » : à « {question} », la réponse est « {answer} ». {reason}",
            "en": "At most “{cap}”: to “{question}”, the answer is “{answer}”. {reason}",
        },
        "reason_critical_also": {
            "fr": "À noter aussi : à « {question} », la réponse est « {answer} ». {reason}",
            "en": "Also to note: to “{question}”, the answer is “{answer}”. {reason}",
        },
        "reason_ceiling": {"fr": "Au plus « {cap} » : {reason}", "en": "At most “{cap}”: {reason}"},
        "reason_notices": {
            "fr": "Au plus « {cap} » : réponses à relire avec vous. Les remarques placées avant "
            "le résultat signalent des réponses qui se contredisent ou se ressemblent trop ; "
            "le niveau ne sera fiable qu'une fois ces réponses relues ensemble.",
            "en": "At most “{cap}”: answers to go through with you. The remarks above the "
            "result point to answers that contradict each other or look too alike; the level "
            "will only be reliable once these answers have been gone through together.",
        },
        "reason_unscored_one": {
            "fr": "Au plus « {cap} » tant {that} n'a pas assez de réponses pour être "
            "notée : une dimension inconnue ne franchit aucun verrou.",
            "en": "At most “{cap}” while {dimensions} lacks the answers to be scored: an unknown "
            "dimension passes no gate.",
        },
        "reason_unscored": {
            "fr": "Au plus « {cap} » tant {that} n'ont pas assez de réponses pour être "
            "notées : une dimension inconnue ne franchit aucun verrou.",
            "en": "At most “{cap}” while {dimensions} lack the answers to be scored: an unknown "
            "dimension passes no gate.",
        },
        "label_at": {"fr": "{label} à {score}", "en": "{label} at {score}"},
        "rule_critical_one": {
            "fr": "une réponse critique : au plus « {cap} »",
            "en": "one critical answer: at most “{cap}”",
        },
        "rule_critical_many": {
            "fr": "{count} réponses critiques ou plus : au plus « {cap} »",
            "en": "{count} critical answers or more: at most “{cap}”",
        },
        "rule_notices": {
            "fr": "au moins {checks} réponses qui se contredisent, ou des réponses données trop "
            "vite : au plus « {cap} » (réponses à relire)",
            "en": "at least {checks} answers that contradict each other, or answers given too "
            "fast: at most “{cap}” (answers to go through again)",
        },
        "gate_rule_count": {
            "fr": "au moins {count} dimensions sous {below} : au plus « {cap} »",
            "en": "at least {count} dimensions below {below}: at most “{cap}”",
        },
        "gate_rule_unscored": {
            "fr": "une dimension sans assez de réponses : au plus « {cap} » (résultat provisoire)",
            "en": "a dimension without enough answers: at most “{cap}” (provisional result)",
        },
        "or": {"fr": "ou", "en": "or"},
        "gate_rule": {
            "fr": "{dimension} sous {below} : au plus « {cap} »",
            "en": "{dimension} below {below}: at most “{cap}”",
        },
        "any_dimension": {"fr": "une dimension quelconque", "en": "any dimension"},
        "gate_held": {"fr": "s'applique ici", "en": "holds here"},
        "gate_not_applying": {"fr": "ne concerne pas ce partenaire", "en": "not for this partner"},
        "gate_no_level": {
            "fr": "sans objet : pas de niveau calculé",
            "en": "not applicable: no level computed",
        },
    }
)


_VOWELS = tuple("AEIOUYÀÂÉÈÊËÎÏÔÛÜaeiouyàâéèêëîïôûü")


def _that(names: str, lang: str) -> str:
    """« que » before a name in French, elided before a vowel (« qu’Exigence »); the name
    alone in English."""
    if lang != "fr":
        return names
    return f"qu\u2019{names}" if names.startswith(_VOWELS) else f"que {names}"


def join(items: list[str], lang: str, word: str = "and") -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_(word, lang)} {items[-1]}"


def _label_at(gate: AppliedGate, labels: dict[str, str], lang: str) -> str:
    label = labels[gate.dimension]
    return _("label_at", lang, label=label, score=format_number(gate.score, lang))


def gate_reasons(result: Result, questionnaire: Questionnaire, lang: str) -> list[str]:
    """What caps the result's level, worded as the report words it; empty when nothing does."""
    if result.overall.level is None:
        return []
    labels = {d.id: d.label for d in result.dimensions}
    return level_reasons(result, questionnaire, labels, lang)


def level_reasons(
    result: Result, questionnaire: Questionnaire, labels: dict[str, str], lang: str
) -> list[str]:
    """What decides the level, one sentence each: the gates and caps that hold it where
    it is (or, below every cap, the next ceiling to lift), every critical answer, and
    the unknown answers that lowered it."""
    overall = result.overall
    assert overall.level is not None
    known = overall.known_answers_level or overall.level
    reasons = _gate_reasons(overall.gates, questionnaire, labels, known, lang)
    reasons += _cap_reasons(result, questionnaire, known, lang)
    if not reasons:
        # below every cap: the next ceiling is what a client must lift next
        order = [level.id for level in questionnaire.levels]
        above = sorted({g.cap for g in overall.gates}, key=order.index)
        if above:
            reasons = _gate_reasons(overall.gates, questionnaire, labels, above[0], lang)
    reasons += [
        _critical_reason(cap, result, questionnaire, lang, also=True)
        for cap in overall.caps
        if cap.kind == "critical" and cap.cap != known
    ]
    if overall.known_answers_level is not None:
        unknowns = [_(f"unknown_{kind}", lang) for kind in overall.unknown_kinds]
        reasons.append(
            _(
                "reason_doubt",
                lang,
                known=pick(questionnaire.level(overall.known_answers_level).label, lang),
                level=pick(questionnaire.level(overall.level).label, lang),
                unknowns=join(unknowns, lang),
                dimensions=join([labels[d] for d in overall.doubtful], lang),
            )
        )
    return reasons


def _cap_reasons(result: Result, questionnaire: Questionnaire, level: str, lang: str) -> list[str]:
    """The caps beyond the gates that hold the level where it is, worded."""
    cap_label = pick(questionnaire.level(level).label, lang)
    reasons = []
    ceilings = {c.id: c for c in questionnaire.ceilings}
    for cap in result.overall.caps:
        if cap.cap != level:
            continue
        if cap.kind == "ceiling":
            reason = pick(ceilings[cap.id].reason, lang)
            reasons.append(_("reason_ceiling", lang, cap=cap_label, reason=reason))
        elif cap.kind == "critical":
            reasons.append(_critical_reason(cap, result, questionnaire, lang, also=False))
        else:
            reasons.append(_("reason_notices", lang, cap=cap_label))
    return reasons


def _critical_reason(
    cap: AppliedCap, result: Result, questionnaire: Questionnaire, lang: str, *, also: bool
) -> str:
    """A critical answer named: the statement, the answer given, and why it matters."""
    question = questionnaire.question(cap.id)
    assert question is not None and question.critical is not None
    return _(
        "reason_critical_also" if also else "reason_critical",
        lang,
        cap=pick(questionnaire.level(cap.cap).label, lang),
        question=pick(question.text, lang),
        answer=option_label(question, cap.answer, lang),
        reason=pick(question.critical.reason, lang),
    )


def _gate_reasons(
    gates: list[AppliedGate],
    questionnaire: Questionnaire,
    labels: dict[str, str],
    level: str,
    lang: str,
) -> list[str]:
    """Why gates decide the level: one sentence per gate that lowered it to ``level``,
    and one sentence for all those that hold it there without lowering it (what to
    raise to go beyond); the engine's reasons, worded, never re-derived.

    Gates capping higher are moot.
    """
    by_gate: dict[int | None, list[AppliedGate]] = {}
    for gate in gates:
        if gate.cap == level:
            by_gate.setdefault(gate.gate, []).append(gate)
    cap = pick(questionnaire.level(level).label, lang)
    reasons = []
    unscored_named: list[str] = []
    # the gates that hold without lowering: what to raise to go beyond
    holding: list[AppliedGate] = []
    for index, members in by_gate.items():
        missing = [g for g in members if g.score is None]
        scored = [g for g in members if g.score is not None]
        if index is None or missing:
            unscored_named.extend(labels[g.dimension] for g in missing)
        if not scored:
            continue
        if not members[0].lowered:
            holding.extend(scored)
            continue
        below = format_number(scored[0].below, lang, None)
        if members[0].count > 1:
            listed = join([_label_at(g, labels, lang) for g in scored], lang)
            reasons.append(_("reason_count", lang, cap=cap, count=members[0].count, below=below,
                             dimensions=listed))  # fmt: skip
            continue
        if len(scored) == 1:
            names, key = labels[scored[0].dimension], "reason_gate_one"
        else:
            names, key = (
                join([_label_at(g, labels, lang) for g in scored], lang),
                "reason_gate_many",
            )
        reasons.append(_(key, lang, cap=cap, that=_that(names, lang),
                         score=format_number(scored[0].score, lang), below=below))  # fmt: skip
    if holding:
        reasons.append(_lift_reason(holding, cap, labels, lang))
    if unscored_named:
        unique = list(dict.fromkeys(unscored_named))
        key = "reason_unscored_one" if len(unique) == 1 else "reason_unscored"
        names = join(unique, lang)
        reasons.append(_(key, lang, cap=cap, that=_that(names, lang), dimensions=names))
    return reasons


def _lift_reason(holding: list[AppliedGate], cap: str, labels: dict[str, str], lang: str) -> str:
    """One sentence for every gate that holds the level without lowering it: each
    dimension to raise, once, with the highest bar it must pass."""
    bars: dict[str, AppliedGate] = {}
    for gate in holding:
        known = bars.get(gate.dimension)
        if known is None or (gate.below or 0) > (known.below or 0):
            bars[gate.dimension] = gate
    listed = [
        _(
            "reason_lift_below",
            lang,
            label=labels[g.dimension],
            score=format_number(g.score, lang),
        )
        for g in bars.values()
    ]
    return _("reason_lift", lang, cap=cap, dimensions=join(listed, lang))


def gate_rules(
    result: Result,
    questionnaire: Questionnaire,
    labels: dict[str, str],
    levels: dict[str, str],
    lang: str,
) -> list[str]:
    """Each gate of the questionnaire in a sentence, saying which held for this result."""
    held = {g.gate for g in result.overall.gates}
    rules = []
    for index, gate in enumerate(questionnaire.gates):
        below = format_number(gate.below, lang, None)
        if gate.count > 1:
            text = _("gate_rule_count", lang, count=gate.count, below=below, cap=levels[gate.cap])
        else:
            named = [labels.get(d, d) for d in gate.named]
            dimension = join(named, lang, "or") if named else _("any_dimension", lang)
            text = _("gate_rule", lang, dimension=dimension, below=below, cap=levels[gate.cap])
        if result.overall.level is None:
            text += f" — {_('gate_no_level', lang)}"
        elif index in held:
            text += f" — {_('gate_held', lang)}"
        elif index not in result.overall.gates_applying:
            text += f" — {_('gate_not_applying', lang)}"
        rules.append(text)
    if questionnaire.unscored_cap is not None:
        text = _("gate_rule_unscored", lang, cap=levels[questionnaire.unscored_cap])
        if None in held:
            text += f" — {_('gate_held', lang)}"
        rules.append(text)
    return rules + _cap_rules(result, questionnaire, levels, lang)


def _cap_rules(
    result: Result, questionnaire: Questionnaire, levels: dict[str, str], lang: str
) -> list[str]:
    """The caps beyond the gates in a sentence each, saying which held for this result."""
    kinds = {cap.kind for cap in result.overall.caps}
    held = {cap.id for cap in result.overall.caps}
    rules = []
    for ceiling in questionnaire.ceilings:
        reason = pick(ceiling.reason, lang)
        text = _("reason_ceiling", lang, cap=levels[ceiling.cap], reason=reason).rstrip(".")
        rules.append(text + (f" — {_('gate_held', lang)}" if ceiling.id in held else ""))
    for rule in questionnaire.critical_caps:
        key = "rule_critical_one" if rule.count == 1 else "rule_critical_many"
        text = _(key, lang, count=rule.count, cap=levels[rule.cap])
        rules.append(text + (f" — {_('gate_held', lang)}" if "critical" in kinds else ""))
    notice = questionnaire.notice_cap
    if notice is not None:
        text = _("rule_notices", lang, checks=notice.checks, cap=levels[notice.cap])
        rules.append(text + (f" — {_('gate_held', lang)}" if "notices" in kinds else ""))
    return rules
