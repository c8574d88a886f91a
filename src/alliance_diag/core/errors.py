"""The exception tree: every user mistake is an AllianceDiagError with located problems."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    source: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class AllianceDiagError(Exception):
    """Root of the errors a user can cause; the CLI prints them without a traceback."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str) -> None:
        self.problems = (
            [Problem(source="alliance-diag", message=problems)]
            if isinstance(problems, str)
            else problems
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class InputError(AllianceDiagError):
    """A questionnaire, answer file or export that cannot be used as it is."""


class MissingExtraError(AllianceDiagError):
    """An optional dependency is needed for what was asked (e.g. PDF output)."""


class UsageError(AllianceDiagError):
    """Options that do not make sense together."""

    exit_code = 2
