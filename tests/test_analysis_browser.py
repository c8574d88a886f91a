"""The item analysis page in a real browser, at desktop and at phone width.

Skipped when Chromium is absent, as the report's browser tests are. Headless Chromium
keeps a window at least 500 pixels wide, so the page is laid out in a frame of the width
under test, and reports what it measured to the page around it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import test_report_browser as browser
from analysis_exports import write_export

from alliance_diag.analysis.compute import analyze
from alliance_diag.analysis.read import read_export
from alliance_diag.batch.read import ExportOptions
from alliance_diag.io.questionnaire_files import load_questionnaire
from alliance_diag.report import AnalysisFormat
from alliance_diag.report.analysis_render import render

pytestmark = browser.pytestmark
PROBE = """<script>
const charts = [...document.querySelectorAll(".analysis-chart svg")].map((svg) => {
  const box = svg.getBoundingClientRect();
  return {width: box.width, height: box.height, bars: svg.querySelectorAll("rect").length};
});
parent.document.documentElement.dataset.probe = JSON.stringify({
  width: window.innerWidth,
  charts: charts,
  overflow: document.documentElement.scrollWidth > window.innerWidth,
});
</script>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("analysis-browser")
    questionnaire = load_questionnaire()
    export = write_export(folder / "export.csv", questionnaire, 120, miskeyed="trust_intentions")
    read = read_export(ExportOptions(export))
    analysis = analyze(read.questionnaire, read.rows, read.facts, read.lang)
    path = folder / "analyse.html"
    html = render(analysis, AnalysisFormat.html)
    path.write_text(html.replace("</body>", PROBE + "</body>"), "utf-8")
    return path


@pytest.mark.parametrize(("width", "narrowest"), [(1280, 380), (390, 300)])
def test_charts_fit_the_window(page: Path, tmp_path: Path, width: int, narrowest: int) -> None:
    frame = tmp_path / "frame.html"
    frame.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe src="{page.as_uri()}" '
        f'style="width:{width}px;height:2400px;border:0"></iframe></body></html>',
        "utf-8",
    )
    # the frame reads its parent: both are files, which Chromium keeps apart by default
    run = browser.chromium(tmp_path, "--allow-file-access-from-files", "--dump-dom", frame.as_uri())
    assert run.returncode == 0, run.stderr
    found = re.search(r'data-probe="([^"]+)"', run.stdout)
    assert found, "the probe did not run"
    probe = json.loads(found[1].replace("&quot;", '"'))
    assert probe["width"] == width
    # one chart per dimension, each readable: wide enough, one track and one bar per item
    assert len(probe["charts"]) == 7
    for chart in probe["charts"]:
        assert narrowest <= chart["width"] <= width, chart
        assert chart["bars"] >= 12, chart
    assert not probe["overflow"], "the page is wider than the window"
