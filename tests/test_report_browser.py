"""The HTML report in a real browser: Debian's headless Chromium loads it, then prints it.

Skipped when Chromium is absent; CI installs it (apt-get install chromium poppler-utils).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import EXAMPLES, REPORT_DATE, SMALL_ASSOCIATION, scored

from alliance_diag.engine.aggregate import aggregate
from alliance_diag.report import group_html, html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install chromium poppler-utils)",
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1280,2400",
]
# Measured in the page once it has loaded, then read back from the dumped DOM; the
# console message proves that console output is captured, so "no other message" means
# no error at all.
PROBE = """<script>
console.log("alliance-diag-probe");
const seen = (selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return {width: box.width, height: box.height, display: style.display,
          visibility: style.visibility, opacity: style.opacity};
};
document.documentElement.dataset.probe = JSON.stringify({
  radar: seen('[id$="radar-chart"]'),
  bars: seen('[id$="bars-chart"]'),
  dots: document.querySelectorAll('[id$="radar-chart"] circle').length,
  overflow: document.documentElement.scrollWidth > window.innerWidth,
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
});
</script>"""

MIN_WINDOW = 500
PHONE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="phone" src="{page}" style="width:{width}px;height:2400px;border:0"></iframe>
<script>
const phone = document.getElementById("phone");
phone.onload = () => {{
  document.documentElement.dataset.probe = phone.contentDocument.documentElement.dataset.probe;
}};
</script></body></html>"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result, questionnaire = scored(SMALL_ASSOCIATION)
    path = tmp_path_factory.mktemp("browser") / "rapport.html"
    path.write_text(html.render(result, questionnaire, generated_on=REPORT_DATE), "utf-8")
    return path


def probe(page: Path, tmp_path: Path, width: int) -> dict[str, Any]:
    """Load the page at ``width`` pixels, measure it, and check the console stayed quiet."""
    probed = tmp_path / "probed.html"
    probed.write_text(page.read_text("utf-8").replace("</body>", PROBE + "</body>"), "utf-8")
    # headless Chromium's window is never narrower than 500 px: a phone is an iframe
    host = tmp_path / "phone.html"
    host.write_text(PHONE.format(width=width, page=probed.as_uri()), "utf-8")
    run = chromium(
        tmp_path,
        "--enable-logging=stderr",
        "--v=0",
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--dump-dom",
        (probed if width >= MIN_WINDOW else host).as_uri(),
    )
    assert run.returncode == 0, run.stderr
    console = re.findall(r":CONSOLE[^\]]*\] (.*)", run.stderr)
    assert [line for line in console if "alliance-diag-probe" not in line] == []
    assert any("alliance-diag-probe" in line for line in console), run.stderr
    found = re.search(r'data-probe="([^"]+)"', run.stdout)
    assert found, "the probe did not run"
    measured: dict[str, Any] = json.loads(found[1].replace("&quot;", '"'))
    return measured


@pytest.fixture(scope="module")
def group_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scored_files = [scored(path) for path in sorted((EXAMPLES / "group").glob("*.yaml"))]
    group = aggregate([result for result, _q in scored_files], scored_files[0][1])
    path = tmp_path_factory.mktemp("browser") / "groupe.html"
    path.write_text(group_html.render(scored_files, group, generated_on=REPORT_DATE), "utf-8")
    return path


@pytest.mark.parametrize("which", ["report", "group_page"])
def test_a_phone_gets_full_width_charts_and_no_horizontal_scroll(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    page: Path = request.getfixturevalue(which)
    measured = probe(page, tmp_path, width=390)
    assert measured["scrollWidth"] == measured["innerWidth"] == 390
    for chart in ("radar", "bars"):
        # the page is 390 wide with 14 px margins: each chart takes the whole width
        assert measured[chart]["width"] >= 390 - 2 * 16, (chart, measured[chart])


def test_loads_without_console_errors_and_shows_the_charts(report: Path, tmp_path: Path) -> None:
    probe_ = probe(report, tmp_path, width=1280)
    for chart in ("radar", "bars"):
        box = probe_[chart]
        assert box is not None, chart
        assert box["width"] > 300 and box["height"] > 150, (chart, box)
        assert box["display"] != "none" and box["visibility"] == "visible", (chart, box)
        assert box["opacity"] == "1", (chart, box)
    assert probe_["dots"] == 7
    assert not probe_["overflow"], "the page is wider than the window"


def test_prints_to_clean_a4_pages(report: Path, tmp_path: Path) -> None:
    if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    target = tmp_path / "rapport.pdf"
    run = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={target}", report.as_uri())
    assert run.returncode == 0 and target.is_file(), run.stderr
    info = subprocess.run(
        ["pdfinfo", str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert "(A4)" in info
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
    assert 4 <= pages <= 12

    def page_text(number: int) -> str:
        return subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(target), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    first = page_text(1)
    # the first page says what to do: who, level, why, and the first three steps
    assert "La Roue Libre" in first and "En émergence" in first
    assert "Pourquoi ce niveau" in first and "Vos trois premières étapes" in first
    assert "Conditions d'une alliance" not in first
    # then the charts, and the dimensions on a page of their own
    assert "Profil des dimensions" in page_text(2)
    assert page_text(3).lstrip().startswith("Dimensions")
    assert re.search(rf"\b1 ?/ ?{pages}\s*$", first)  # the print stylesheet's page numbers
    last = page_text(pages)
    assert "Rapport généré le 26 novembre 2026" in last
    # the footer never sits alone on the last page: the end of the method comes with it
    lines = [line for line in last.splitlines() if line.strip()]
    assert len(lines) > 3, last


COMPARE_PROBE = """<script>
const box = document.querySelector("#compare-radar").getBoundingClientRect();
document.documentElement.dataset.probe = JSON.stringify({
  radar: [box.width, box.height],
  outlines: document.querySelectorAll("#compare-radar polygon.shape").length,
  overflow: document.documentElement.scrollWidth > window.innerWidth,
  width: window.innerWidth,
});
</script>"""


# a headless Chromium window is at least 500 px wide: the narrowest a test can load
@pytest.mark.parametrize("width", [1280, 500])
def test_comparison_fits_the_window_and_shows_both_outlines(tmp_path: Path, width: int) -> None:
    from alliance_diag.compare_files import compare_files
    from alliance_diag.report.comparison import CompareFormat, render_comparison

    # the example pair as a user compares it (the partner side exists only in 1.1)
    ours = EXAMPLES / "petite-asso-entreprise.yaml"
    partner = EXAMPLES / "petite-asso-entreprise-partenaire.yaml"
    comparison = compare_files([ours, partner], [], [], lang=None, label_a=None, label_b=None)
    page = render_comparison(comparison, CompareFormat.html, generated_on=REPORT_DATE)
    probed = tmp_path / "comparaison.html"
    probed.write_text(page.replace("</body>", COMPARE_PROBE + "</body>"), "utf-8")
    run = chromium(tmp_path, f"--window-size={width},2400", "--dump-dom", probed.as_uri())
    assert run.returncode == 0, run.stderr
    found = re.search(r'data-probe="([^"]+)"', run.stdout)
    assert found, "the probe did not run"
    probe = json.loads(found[1].replace("&quot;", '"'))
    assert probe["width"] == width
    assert probe["outlines"] == 2
    assert probe["radar"][0] > 300 and probe["radar"][1] > 200, probe
    assert not probe["overflow"], "the page is wider than the window"
