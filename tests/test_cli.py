"""Kommandoraden: huvudjobbet på medföljande data, felvägar med svensk enradsfel och slutkod ≠ 0."""
import openpyxl
import pytest

from xlmodel.cli import main
from xlmodel.referensdata import orebro_lan_underlag


def test_utjamning_medfoljande_data(tmp_path, capsys):
    ut = tmp_path / "orebro.xlsx"
    assert main(["utjamning", "--ar", "2025-2026", "-o", str(ut)]) == 0
    wb = openpyxl.load_workbook(ut)
    assert wb.sheetnames == ["Om", "Utjämning 2025", "Utjämning 2026"]
    ws = wb["Utjämning 2026"]
    rubrik = [c.value for c in ws[1]]
    rader = {r[0]: dict(zip(rubrik, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rader) == 12 and "1880" in rader
    scb = orebro_lan_underlag(2026).set_index("kommunkod")
    for kod, rad in rader.items():
        # inkomstutjämningen beräknad, övriga delar SCB:s: totalen inom 0,1 % av SCB:s tkr
        assert abs(rad["Summa utjämning, tkr"] - scb.loc[kod, "summa_tkr"]) <= 0.001 * abs(scb.loc[kod, "summa_tkr"])
    assert ws._charts, "diagram saknas"
    assert "Skrev" in capsys.readouterr().out


def test_utjamning_egen_indata_csv(tmp_path):
    d = orebro_lan_underlag(2024)[["kommunkod", "skatteunderlag", "folkmangd"]]
    d["kommunkod"] = d["kommunkod"].astype(int)  # ledande nolla borttappad i en csv: ska fungera ändå
    f = tmp_path / "in.csv"
    d.to_csv(f, index=False)
    assert main(["utjamning", "--ar", "2024", "--indata", str(f), "-o", str(tmp_path / "ut.xlsx")]) == 0


@pytest.mark.parametrize("argv,monster", [
    (["utjamning", "--ar", "2030", "-o", "x.xlsx"], "inte 2030"),
    (["utjamning", "--ar", "2026", "--indata", "finns_inte.csv", "-o", "x.xlsx"], "finns inte"),
    (["utjamning", "--ar", "2026", "--reform", "okand", "-o", "x.xlsx"], "Okänd reform"),
])
def test_felvagar(tmp_path, capsys, monkeypatch, argv, monster):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    fel = capsys.readouterr().err.strip().splitlines()
    assert len(fel) == 1 and fel[0].startswith("xlmodel: ") and monster in fel[0]
    assert not (tmp_path / "x.xlsx").exists()


def test_ogiltigt_ar_ger_argparse_fel(capsys):
    assert main(["utjamning", "--ar", "tjugo", "-o", "x.xlsx"]) == 2
    fel = capsys.readouterr().err.strip().splitlines()
    assert len(fel) == 1 and fel[0].startswith("xlmodel: ") and "ogiltigt år" in fel[0]
