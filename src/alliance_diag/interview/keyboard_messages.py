"""What the keyboard interview says and shows, in French and English: key hints,
prompts, the review list, help."""

from __future__ import annotations

from alliance_diag.core.i18n import Catalog

_ = Catalog(
    {
        "position": {
            "fr": "question {number} sur {total}",
            "en": "question {number} of {total}",
        },
        "answered": {
            "fr": "répondu : {answered} sur {total}",
            "en": "answered: {answered} of {total}",
        },
        "skipped_count": {"fr": "passées : {skipped}", "en": "skipped: {skipped}"},
        "your_answer": {"fr": "Votre réponse", "en": "Your answer"},
        "welcome_length": {
            "fr": "{questions} questions, environ {minutes} minutes.",
            "en": "{questions} questions, about {minutes} minutes.",
        },
        "welcome_saved": {
            "fr": "Chaque réponse est enregistrée aussitôt dans {path}.",
            "en": "Every answer is saved at once in {path}.",
        },
        "welcome_keys": {
            "fr": "Touche {back} : question précédente · {goto} : aller à une question · "
            "{quit} (ou Ctrl-C) : enregistrer et quitter ; la commande pour reprendre "
            "s'affiche alors.",
            "en": "Key {back}: previous question · {goto}: go to a question · {quit} (or "
            "Ctrl-C): save and quit; the command to resume is shown then.",
        },
        "welcome_resume": {
            "fr": "Reprise : {answered} réponses déjà données ; on repart de la première "
            "question sans réponse.",
            "en": "Resuming: {answered} answers given already; we start again at the first "
            "unanswered question.",
        },
        "welcome_dont_know": {
            "fr": "« {label} » : vous n'avez pas l'information ; cette réponse ne compte pas "
            "dans le score.",
            "en": "“{label}”: you do not have the information; this answer does not count in "
            "the score.",
        },
        "welcome_not_applicable": {
            "fr": "« {label} » : la situation ne s'est pas encore présentée ; cette réponse "
            "ne compte pas dans le score.",
            "en": "“{label}”: the situation has not arisen yet; this answer does not count in "
            "the score.",
        },
        "welcome_skip": {
            "fr": "Touche {skip} : passer ; c'est « Je ne sais pas » quand la question le "
            "propose, sinon elle reste sans réponse. Les unes et les autres vous sont "
            "rappelées à la fin.",
            "en": "Key {skip}: skip; that is “Don't know” when the question offers it, else it "
            "stays unanswered. Both are listed again at the end.",
        },
        "welcome_prompt": {"fr": "Prêt ?", "en": "Ready?"},
        "welcome_start": {"fr": "Commencer (Entrée)", "en": "Start (Enter)"},
        "select_hint": {
            "fr": "(↑↓ ou chiffre, puis Entrée)",
            "en": "(↑↓ or number, then Enter)",
        },
        "text_hint": {
            "fr": "(Entrée vide : passer · ↑ question précédente · :note · :aide · :quitter)",
            "en": "(empty Enter: skip · ↑ previous question · :note · :help · :quit)",
        },
        "text_hint_required": {
            "fr": "(↑ question précédente · :note · :aide · :quitter)",
            "en": "(↑ previous question · :note · :help · :quit)",
        },
        "goto_hint": {
            "fr": "(↑↓ puis Entrée ; Échap : fermer)",
            "en": "(↑↓ then Enter; Esc: close)",
        },
        "checkbox_hint": {
            "fr": "(Espace coche, Entrée valide · {keys})",
            "en": "(Space ticks, Enter confirms · {keys})",
        },
        "short_back": {"fr": "retour", "en": "back"},
        "short_skip": {"fr": "passer", "en": "skip"},
        "short_note": {"fr": "note", "en": "note"},
        "short_help": {"fr": "aide", "en": "help"},
        "short_goto": {"fr": "revoir", "en": "go to"},
        "short_quit": {"fr": "quitter", "en": "quit"},
        "required": {"fr": "obligatoire", "en": "required"},
        "current": {"fr": "Réponse actuelle : {answer}", "en": "Current answer: {answer}"},
        "skipped": {"fr": "passée", "en": "skipped"},
        "note": {"fr": "Note : {note}", "en": "Note: {note}"},
        "help_hint": {
            "fr": "Aide disponible : touche {key}",
            "en": "Help available: key {key}",
        },
        "help_hint_text": {"fr": "Aide disponible : :aide", "en": "Help available: :help"},
        "note_prompt": {"fr": "Note", "en": "Note"},
        "note_hint": {
            "fr": "(Entrée enregistre ; vide pour effacer)",
            "en": "(Enter saves; empty to remove)",
        },
        "goto_prompt": {"fr": "Aller à la question", "en": "Go to question"},
        "cancel": {"fr": "Annuler", "en": "Cancel"},
        "arrows_hint": {"fr": "(↑↓ puis Entrée)", "en": "(↑↓ then Enter)"},
        "finished": {
            "fr": "Fin du questionnaire : {answered} réponses sur {total} questions.",
            "en": "End of the questionnaire: {answered} answers to {total} questions.",
        },
        "finish_prompt": {"fr": "Et maintenant ?", "en": "What now?"},
        "finish": {
            "fr": "Terminer et écrire le rapport",
            "en": "Finish and write the report",
        },
        "review": {"fr": "← Revenir à la dernière question", "en": "← Back to the last question"},
        "to_skipped": {
            "fr": "← Revenir aux questions passées ou « Je ne sais pas » ({count})",
            "en": "← Back to the questions skipped or “Don't know” ({count})",
        },
        "left_open": {
            "fr": "Passées ou « Je ne sais pas » :",
            "en": "Skipped or “Don't know”:",
        },
        "more_skipped": {"fr": "et {more} autres", "en": "and {more} more"},
    }
)
