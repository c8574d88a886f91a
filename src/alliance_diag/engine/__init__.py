"""The engine: questionnaire, conditions, answers, scoring, results. No files, no environment."""
