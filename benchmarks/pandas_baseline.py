"""The baseline for bench_batch.py: pandas reads the export and computes the dimension means.

Minimal on purpose: no validation of any cell. Per row and dimension it takes the
weighted mean of the answered items' values (reverse already applied in the spec), keeps
it when the answered weight reaches the questionnaire's minimum coverage of the
applicable weight (applicable = a non-empty cell, as a valid export leaves the questions
that do not apply empty, that is no « not yet » given before the stage from which the
answer should be known), then averages each dimension over the rows.

Usage: python pandas_baseline.py EXPORT.csv SPEC.json  → prints one JSON object.
"""

from __future__ import annotations

import json
import sys

import pandas as pd


def main() -> None:
    export, spec_path = sys.argv[1], sys.argv[2]
    with open(spec_path, encoding="utf-8") as stream:
        spec = json.load(stream)
    frame = pd.read_csv(export, dtype=str, keep_default_na=False)
    means = {}
    stage = frame["stage"].map({s: i for i, s in enumerate(spec["stages"])})
    for dimension in spec["dimensions"]:
        columns = [c for c, item in spec["items"].items() if item["dimension"] == dimension]
        answered = applicable = weighted = 0
        for column in columns:
            item = spec["items"][column]
            cells = frame[column]
            values = cells.map(item["values"])
            weight = item["weight"]
            real_not_yet = cells.isin(item["not_yet"])
            if item["known_from"] is not None:
                real_not_yet &= ~(stage >= item["known_from"])
            applicable = applicable + ((cells != "") & ~real_not_yet) * weight
            answered = answered + values.notna() * weight
            weighted = weighted + values.fillna(0.0) * weight
        coverage = answered / applicable.where(applicable > 0)
        scored = (answered > 0) & (coverage + 1e-9 >= spec["min_coverage"])
        scores = (100 * weighted / answered.where(answered > 0)).where(scored)
        means[dimension] = float(scores.mean())
    print(json.dumps({"rows": len(frame), "means": means}))


if __name__ == "__main__":
    main()
