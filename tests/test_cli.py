"""Kommandoraden: huvudjobbet på medföljande data, felvägar med svensk enradsfel och slutkod ≠ 0."""
import openpyxl
import pytest

from xlmodel.cli import main
from xlmodel.kallor.referensdata import orebro_lan_underlag


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


def test_utjamning_egen_indata_csv_hand_0180_och_1880_2024(tmp_path):
    """Egen indata med rikstotalerna angivna som filens summor (de två kommunerna räknas som hela landet). Stockholm skrivet 180 (ledande nolla
    tappad i csv) ska bli 0180. För hand, lag 2004:773 3–4 §§ och förordning 2004:881 2–3 §§ (SFS 2023:683),
    F 2024 = 1,08046 (härledd ur SCB-utfall, parametrar/lag/upprakningsfaktorer.yaml):
      skattekraft 0180 = 2 000 000 000 / 10 000 = 200 000, 1880 = 100 000 kr/inv; medel 150 000 kr/inv
      garantinivå 115 %: 172 500; uppräknat × F
      1880 (bidrag, Örebro län 19,00 %): 0,19 × 1,08046 × (172 500 − 100 000) = 14 883,3 → 14 883 kr/inv
      0180 (avgift, Stockholms län 16,98 %): −0,1698 × 1,08046 × (200 000 − 172 500) = −5 045,2 → −5 045 kr/inv"""
    f = tmp_path / "in.csv"
    f.write_text("kommunkod,skatteunderlag,folkmangd\n180,2000000000,10000\n1880,1000000000,10000\n", encoding="utf-8")
    ut = tmp_path / "ut.xlsx"
    assert main(["utjamning", "--ar", "2024", "--indata", str(f), "--riket-skatteunderlag", "3 000 000 000",
                 "--riket-folkmangd", "20000", "-o", str(ut)]) == 0
    ws = openpyxl.load_workbook(ut)["Utjämning 2024"]
    rubrik = [c.value for c in ws[1]]
    rader = {r[0]: dict(zip(rubrik, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(rader) == {"0180", "1880"}
    assert rader["1880"]["Inkomstutjämning, kr/inv"] == 14_883
    assert rader["0180"]["Inkomstutjämning, kr/inv"] == -5_045
    assert rader["1880"]["Summa utjämning, tkr"] == 14_883 * 10_000 / 1000  # kr/inv × invånare, i tkr


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
