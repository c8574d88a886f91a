"""The forms an identifier, a language code or a link must take; each pattern's message
is in ``io.pydantic_problems``, keyed by these constants."""

ID = r"^[a-z_][a-z0-9_]*$"
OPTION_ID = r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"
QUESTIONNAIRE_ID = r"^[a-z0-9][a-z0-9_-]*$"
LANGUAGE = r"^[a-z]{2}$"
URL = r"^https?://\S+$"
