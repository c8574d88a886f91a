"""Every output of the commands on the example files and sample exports, into one folder.

`tests/test_golden.py` runs this into a temporary folder and compares each file with the
copy kept in `tests/golden/files/`, byte for byte: a refactoring must not change what a
user sees. The stylesheets every HTML page embeds are kept once each, in
`stylesheets/`, and each page keeps the name of its sheet in their place: a change of
style is one diff, not one per page. When a change is meant to alter the outputs,
regenerate the copy and read the diff before committing:

    pytest tests/test_golden.py --update-goldens
    (or: python tests/golden/produce.py tests/golden/files)
"""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from alliance_diag.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
EXPORTS = ROOT / "tests" / "data" / "exports"
STAGES = ("exploring", "first_project", "experimenting", "formalised")
STYLE = re.compile(r"<style>(.*?)</style>", re.S)
STYLESHEETS = "stylesheets"


def _run(args: list[str], out: Path, name: str) -> None:
    """Run the CLI; keep its exit code, stdout and stderr with the temporary folder hidden."""
    env = {"LANG": "fr_FR.UTF-8", "COLUMNS": "100", "SOURCE_DATE_EPOCH": "1795737600"}
    result = CliRunner().invoke(app, args, env=env)
    text = f"exit {result.exit_code}\n--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    (out / f"{name}.console.txt").write_text(
        text.replace(str(out), "OUT").replace(str(ROOT), "ROOT"), "utf-8"
    )


def _synthetic_export(path: Path, rows: int) -> None:
    """Answers to the full built-in questionnaire: every partner type and stage, some gaps."""
    shown = CliRunner().invoke(
        app, ["questionnaire", "show", "alliance-readiness", "--format", "json"]
    )
    questions = [q for q in json.loads(shown.stdout)["questions"] if q["dimension"]]
    rng = random.Random(2018)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["organisation", "partner_type", "stage", *(q["id"] for q in questions)])
        for number in range(rows):
            mood = rng.randint(1, 5)
            row = [
                f"Association {number}",
                rng.choice(("peer", "public", "private")),
                rng.choice(STAGES),
            ]
            for question in questions:
                ids = [o["id"] for o in question.get("options") or []]
                if not ids or rng.random() < 0.08:
                    row.append("")
                elif rng.random() < 0.05:
                    row.append(ids[-1])
                else:
                    scored = ids[:-1] or ids
                    step = min(max(mood + rng.randint(-1, 1), 1), len(scored))
                    row.append(scored[step - 1])
            writer.writerow(row)


def produce(out: Path) -> None:
    """Write every output under ``out`` (emptied first)."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    _examples(out)
    _exports(out)
    _synthetic(out)
    _without_checkout_path(out)
    _stylesheets_apart(out)


def _stylesheets_apart(out: Path) -> None:
    """Each distinct embedded stylesheet once, in stylesheets/, named after the first page
    that embeds it; every page says which sheet stood in its place."""
    names: dict[str, str] = {}
    folder = out / STYLESHEETS
    for page in sorted(out.rglob("*.html")):
        flat = page.relative_to(out).as_posix().replace("/", "--")
        count = 0

        def apart(match: re.Match[str], flat: str = flat) -> str:
            nonlocal count
            count += 1
            css = match.group(1)
            name = names.get(css)
            if name is None:
                name = names[css] = f"{flat.removesuffix('.html')}.{count}.css"
                folder.mkdir(exist_ok=True)
                (folder / name).write_text(css, "utf-8")
            return f"<style>/* {STYLESHEETS}/{name} */</style>"

        page.write_text(STYLE.sub(apart, page.read_text("utf-8")), "utf-8")


def _without_checkout_path(out: Path) -> None:
    """Outputs that quote an input's path say ROOT for this checkout, wherever it is."""
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if str(ROOT).encode() in data:
                path.write_bytes(data.replace(str(ROOT).encode(), b"ROOT"))


def _examples(out: Path) -> None:
    """Each example in every format and both languages; the group; the comparison."""
    examples = sorted(EXAMPLES.glob("*.yaml"))
    for example in examples:
        stem = example.stem
        for lang in ("fr", "en"):
            for fmt, ext in (("markdown", "md"), ("html", "html"), ("json", "json")):
                target = out / f"{stem}.{lang}.{ext}"
                _run(["score", str(example), "--lang", lang, "--format", fmt, "-o", str(target)],
                     out, f"{stem}.{lang}.{fmt}")  # fmt: skip
            _run(["score", str(example), "--lang", lang, "--format", "terminal"], out,
                 f"{stem}.{lang}.terminal")  # fmt: skip
    # a group answers one questionnaire: the partner's side is compared, not grouped
    group = [str(e) for e in examples if not e.stem.endswith("-partenaire")]
    for fmt in ("terminal", "json", "markdown"):
        _run(["score", *group, "--lang", "en", "--format", fmt], out, f"group.{fmt}")
    pair = [str(EXAMPLES / f"petite-asso-entreprise{end}.yaml") for end in ("", "-partenaire")]
    for lang in ("fr", "en"):
        for fmt, ext in (("markdown", "md"), ("html", "html"), ("json", "json")):
            target = out / f"compare.{lang}.{ext}"
            _run(["compare", *pair, "--lang", lang, "--format", fmt, "-o", str(target)], out,
                 f"compare.{lang}.{fmt}")  # fmt: skip
        _run(["compare", *pair, "--lang", lang], out, f"compare.{lang}.terminal")
    for ref in ("alliance-readiness", "alliance-readiness-partner", "alliance-readiness-quick"):
        _run(["questionnaire", "show", ref, "--lang", "en"], out, f"show-{ref}")
        _run(["questionnaire", "show", ref, "--format", "json"], out, f"show-{ref}.json")


def _exports(out: Path) -> None:
    """Every sample export through batch, with its options, in every report format."""
    for expected in sorted(EXPORTS.glob("*.expected.yaml")):
        stem = expected.name.removesuffix(".expected.yaml")
        export = next(p for p in EXPORTS.glob(f"{stem}.*") if p.suffix not in (".yaml", ".py"))
        options = yaml.safe_load(expected.read_text("utf-8")).get("options", {})
        args = ["batch", str(export), "--output-dir", str(out / f"batch-{stem}"), "--lang", "fr"]
        for key, flag in (("questionnaire", "--questionnaire"), ("mapping", "--mapping")):
            if key in options:
                args += [flag, str(EXPORTS / options[key])]
        if "group_by" in options:
            args += ["--group-by", options["group_by"]]
        # HTML reports come from the template the examples already prove: Markdown and
        # JSON say what each row's report holds, at a fraction of the size
        _run([*args, "--format", "markdown", "--format", "json"], out, f"batch-{stem}")


def _synthetic(out: Path) -> None:
    """A generated export of the full questionnaire: 3,000 rows grouped, 12 with reports."""
    inputs = out / "inputs"
    inputs.mkdir()
    synthetic = inputs / "synthetic.csv"
    _synthetic_export(synthetic, 3000)
    _run(["batch", str(synthetic), "--output-dir", str(out / "batch-synthetic"), "--format",
          "none", "--group-by", "partner_type"], out, "batch-synthetic")  # fmt: skip
    few = inputs / "synthetic-few.csv"
    with synthetic.open(encoding="utf-8") as source:
        few.write_text("".join(line for _, line in zip(range(13), source, strict=False)), "utf-8")
    _run(["batch", str(few), "--output-dir", str(out / "batch-few"), "--lang", "en"], out,
         "batch-few")  # fmt: skip
    shutil.rmtree(inputs)


if __name__ == "__main__":
    produce(Path(sys.argv[1]))
