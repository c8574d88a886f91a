"""What every layer shares and nothing below it: errors, languages, text helpers, the
positions of values read from YAML, the translation of pydantic's errors, and the frozen
model base. It imports no other package of alliance_diag."""
