"""Report names are valid on Windows too, judged by the standard library's Windows rules."""

from __future__ import annotations

import ntpath
import os
from pathlib import Path, PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from alliance_diag.cli.app import app
from alliance_diag.io.safe_names import UniqueNames, safe_stem

MINI = Path(__file__).parent / "data" / "questionnaires" / "mini.yaml"
DEVICES = [
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
]
FORBIDDEN = set('<>:"/\\|?*') | {chr(code) for code in range(32)}


def windows_refuses(name: str) -> bool:
    """Whether Windows refuses ``name`` as a file name in a folder.

    Python 3.13 has the whole rule in ``ntpath.isreserved``; before it,
    ``PureWindowsPath.is_reserved`` knows the devices (``NUL .txt`` and ``AUX.tar.gz`` too)
    and the rest is spelt out here.
    """
    if PureWindowsPath(name).name != name:
        return True
    if hasattr(ntpath, "isreserved"):
        return bool(ntpath.isreserved(name))
    return (
        PureWindowsPath(name).is_reserved()
        or name.endswith((".", " "))
        or not FORBIDDEN.isdisjoint(name)
    )


def spellings(device: str) -> list[str]:
    """A device name as an organisation might be typed in a survey."""
    return [
        device,
        device.lower(),
        device.capitalize(),
        f"{device.lower()}.txt",
        f"{device}.tar.gz",
        f"{device}.",
        f"{device}...",
        f"{device} ",
        f"{device}. . ",
        f"{device} .txt",
        f"{device}:",
        f"{device}:stream.txt",
    ]


HOSTILE = [spelling for device in DEVICES for spelling in spellings(device)]


@pytest.mark.parametrize("device", DEVICES)
def test_no_device_name_survives_whatever_its_case_extension_or_trailing_dots(
    device: str,
) -> None:
    for name in spellings(device):
        # as typed, each would be refused by Windows, or open the device instead of a file
        assert windows_refuses(f"{name}.html"), name
        stem = safe_stem(name, "row-2")
        assert not windows_refuses(f"{stem}.html"), (name, stem)
        assert not windows_refuses(f"{stem}-2.html"), (name, stem)


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("CON", "CON_"),
        ("aux.txt", "aux_.txt"),
        ("con.tar.gz", "con_.tar.gz"),
        ("NUL. . ", "NUL_"),
        ("lpt1 .txt", "lpt1-.txt"),
        ("COM¹", "COM1_"),
        ("LPT³.csv", "LPT3_.csv"),
        ("Prn:", "Prn_"),
        ('Asso "Les <Amis>" | Paris?*', "Asso-Les-Amis-Paris"),
        ("Tulle. ", "Tulle"),
        ("Console", "Console"),
        ("auxiliaires.txt", "auxiliaires.txt"),
    ],
)
def test_device_names_get_an_underscore_before_their_first_dot(name: str, stem: str) -> None:
    assert safe_stem(name, "x") == stem


@given(
    st.one_of(
        st.text(),
        st.text(alphabet=st.sampled_from([*'CONAUXPRLTM1239¹²³.: -_<>|?*"/\\\x00\x1f', "é"])),
        st.sampled_from(HOSTILE),
    )
)
def test_any_organisation_name_gives_a_report_name_windows_accepts(name: str) -> None:
    names = UniqueNames({"summary"})
    first = names.take(name, "row-2")
    second = names.take(name, "row-2")
    for stem in (first, second):
        assert not windows_refuses(f"{stem}.html"), (name, stem)
    # Windows sees AUX_ and aux_ as one file: the second gets -2
    assert first.lower() != second.lower()


def test_a_batch_as_on_windows_writes_reports_for_members_named_like_devices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Windows has no os.sync, which the batch calls once its reports are written
    monkeypatch.delattr(os, "sync")
    organisations = ["CON", "aux.txt", "con.tar.gz", "Nul. ", "lpt1:", "COM9.csv", "Prn"]
    export = tmp_path / "export.csv"
    lines = [f"{name};private;4;agree;yes;3;5;agree\n" for name in organisations]
    header = "organisation;partner_type;trust_a;trust_b;trust_c;demand_a;demand_b;demand_private\n"
    export.write_text(header + "".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    argv = ["batch", str(export), "-q", str(MINI), "-f", "json", "-o", str(out), "--lang", "en"]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (out / "reports").iterdir())
    assert names == [
        "COM9_.csv.json",
        "CON_.json",
        "Nul_.json",
        "Prn_.json",
        "aux_.txt.json",
        "con_.tar.gz.json",
        "lpt1_.json",
    ]
    assert not any(windows_refuses(name) for name in names)
