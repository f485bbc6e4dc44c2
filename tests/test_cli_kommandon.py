"""CLI-kommandona utöver utjamning: huvudjobbet Skatter och bidrag, uppdatera utan att förlora indata,
jamfor, lss-1999 och bygg-mallar (deterministiskt), med felvägar."""
import hashlib
import zipfile

import openpyxl
import pandas as pd
import pytest

import xlmodel
import xlmodel.budget
from xlmodel.cli import main
from xlmodel.excel.mallar import MALLAR, SOB_PLANAR
from xlmodel.kallor.referensdata import riket_folkmangd_1nov, scb_skatteunderlag
from xlmodel.budget import RADER, antaganden_ur_data, kommundata
from xlformler import Bok


def _sob_ar(*a, **kw):
    """Blocket med årtal som kolumner (budgetår + planår), som arbetsbokens matrisformler."""
    kw.setdefault("kolumner", "ar")
    return xlmodel.budget.skatter_och_bidrag(*a, **kw)

ANT = {"prognos": "harledd_ur_scb", "planar": SOB_PLANAR}


@pytest.fixture
def bok(tmp_path):
    ut = tmp_path / "orebro_2026.xlsx"
    assert main(["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o", str(ut)]) == 0
    return ut


def test_huvudjobbet_ger_motorns_tal_i_formler_och_varden(bok):
    motor = _sob_ar("1880", 2026, ANT)
    wb = openpyxl.load_workbook(bok)
    assert {"Indata", "Budget", "Data", "Beräknat", "_xlmodel", "xlwings.conf"} <= set(wb.sheetnames)
    assert wb["Budget"]._charts
    beraknat = {r[0]: r[1:] for r in wb["Beräknat"].iter_rows(min_row=2, values_only=True)}
    levande = Bok(bok)
    for i, post in enumerate(RADER):
        for j, ar in enumerate(motor.columns):
            m = motor.loc[post, ar]
            v = levande.varde("Budget", f"{chr(66 + j)}{4 + i}")
            assert (v is None and m != m) or v == pytest.approx(m), (post, ar)
            assert (beraknat[post][j] is None and m != m) or beraknat[post][j] == pytest.approx(m), (post, ar)
    # oberoende av motorn: SCB OE0115 2026 för Örebro, kr/inv × folkmängd 1 nov 2025 (160 753, implicit ur tkr), mnkr
    rad = {post: 4 + i for i, post in enumerate(RADER)}
    assert levande.varde("Budget", f"B{rad['Regleringsbidrag/-avgift']}") == pytest.approx(2_799 * 160_753 / 1e6, abs=0.05)
    assert levande.varde("Budget", f"B{rad['Kostnadsutjämning']}") == pytest.approx(-2_411 * 160_753 / 1e6, abs=0.05)


def _delar(fil, utan=()):
    """Zip-delarna; XML kanoniserad (C14N), så att jämförelsen inte beror på om openpyxl skrev med lxml."""
    from xml.etree.ElementTree import canonicalize

    with zipfile.ZipFile(fil) as z:
        return {n: canonicalize(z.read(n).decode("utf-8")) if n.endswith((".xml", ".rels")) else z.read(n)
                for n in z.namelist() if n not in utan}


TIDSSTAMPEL = ("docProps/core.xml",)  # openpyxl skriver sparandetiden där


def _utom_matriser(ws) -> dict:
    """Bladets celler (formeltext eller värde) utom de sparade värdena i matrisformlernas områden."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet.formula import ArrayFormula

    omr = [range_boundaries(c.value.ref) for r in ws.iter_rows() for c in r if isinstance(c.value, ArrayFormula)]
    return {c.coordinate: getattr(c.value, "text", c.value) for r in ws.iter_rows() for c in r
            if isinstance(c.value, ArrayFormula) or not any(k0 <= c.column <= k1 and r0 <= c.row <= r1 for k0, r0, k1, r1 in omr)}


def test_uppdatera_bevarar_anvandarens_celler(bok, tmp_path):
    # användaren skriver in en egen skattesats 2027, en kommentar och ett eget blad
    wb = openpyxl.load_workbook(bok)
    wb["Indata"]["C11"] = 22.0
    wb["Indata"]["C11"].comment = openpyxl.comments.Comment("Beslut i KF", "ekonom")
    wb.create_sheet("Mina anteckningar")["A1"] = "=Budget!B4*2"
    wb.save(bok)
    fore = _delar(bok)
    kopia = tmp_path / "fore_kopia.xlsx"
    kopia.write_bytes(bok.read_bytes())

    data = kommundata("1880")
    data.loc[data["ar"] == 2026, "kostnadsutjamning"] = -2000.0  # nytt SCB-utfall
    data.loc[data["ar"] == 2026, "lss_utjamning"] = -300.0
    nya = tmp_path / "nya.csv"
    xlmodel.skriv_csv(data, nya)
    assert main(["uppdatera", str(bok), "--data", str(nya)]) == 0

    efter = _delar(bok)
    blad = openpyxl.load_workbook(bok)
    namn_till_del = {ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(blad.worksheets, start=1)}
    for titel, del_ in namn_till_del.items():
        if titel not in ("Data", "Beräknat", "Rapport") and "<f" not in fore[del_]:
            assert efter[del_] == fore[del_], titel  # byte för byte: blad utan xlmodels formler
    # bladen med xlmodels formler: samma celler och formler, bara de sparade värdena (och noten i Budget) är nya
    fore_wb = openpyxl.load_workbook(kopia)
    for ws in blad.worksheets:
        if ws.title not in ("Data", "Beräknat", "Rapport"):
            celler, fore_celler = _utom_matriser(ws), _utom_matriser(fore_wb[ws.title])
            if ws.title == "Budget":
                celler.pop("A20", None), fore_celler.pop("A20", None)
            assert {k: v for k, v in celler.items() if v is not None} == {k: v for k, v in fore_celler.items() if v is not None}, ws.title
    assert efter["xl/comments/comment1.xml"] == fore["xl/comments/comment1.xml"]
    assert blad["Indata"]["C11"].value == 22.0
    motor = _sob_ar("1880", 2026, antaganden_ur_data(data, {**ANT, "skattesats": {2027: 22.0}}))
    beraknat = {r[0]: r[1:] for r in blad["Beräknat"].iter_rows(min_row=2, values_only=True)}
    assert beraknat["Kostnadsutjämning"][0] == pytest.approx(motor.loc["Kostnadsutjämning", 2026])
    assert beraknat["Kommunalskatt"][1] == pytest.approx(motor.loc["Kommunalskatt", 2027])
    assert list(tmp_path.glob("orebro_2026_backup_*.xlsx"))


def test_avbruten_uppdatering_lamnar_originalet(bok, tmp_path, monkeypatch):
    import xlmodel.excel.arbetsbok as ab
    hash_fore = hashlib.sha256(bok.read_bytes()).hexdigest()
    nya = tmp_path / "nya.csv"
    xlmodel.skriv_csv(kommundata("1880"), nya)

    def avbryt(*a, **k):
        raise KeyboardInterrupt("avbruten mitt i skrivningen")
    monkeypatch.setattr(ab.os, "replace", avbryt)
    with pytest.raises(KeyboardInterrupt):
        main(["uppdatera", str(bok), "--data", str(nya)])
    assert hashlib.sha256(bok.read_bytes()).hexdigest() == hash_fore
    assert not list(tmp_path.glob(".*tmp*"))


def test_jamfor_och_lss_1999(tmp_path):
    assert main(["jamfor", "--reform", "sou_2024_50", "--ar", "2026", "-o", str(tmp_path / "j.xlsx")]) == 0
    ws = openpyxl.load_workbook(tmp_path / "j.xlsx").worksheets[1]
    rubrik = [c.value for c in ws[1]]
    skillnad = rubrik.index("Inkomstutjämning, kr/inv (skillnad)")
    # garantinivå 116 i stället för 115 % (SOU 2024:50): +0,01 × uppräknad medelskattekraft × 19,00 % (Örebro län,
    # förordning 2004:881 2 §) för varje bidragskommun. För hand (lag 2004:773 3 §): MSK = F × SU_riket / N_riket,
    # F 2026 = 1,08569 (härledd ur SCB-utfall), SU_riket SCB OE0101, N_riket 1 nov 2025 (kalibrerad serie).
    msk = 1.08569 * scb_skatteunderlag().set_index(["kod", "ar"]).loc[("00", 2026), "skatteunderlag"] / riket_folkmangd_1nov(2026)
    assert round(msk) == 293_568
    rader = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rader) == 12  # alla tolv kommuner i Örebro län har skattekraft under 115 % (SCB OE0115: bidrag)
    for rad in rader:
        assert abs(rad[skillnad] - 0.01 * msk * 0.19) <= 1  # kr/inv avrundas före och efter
    assert main(["jamfor", "--reform", "sou_2024_50", "--ar", "2026", "-o", str(tmp_path / "j.csv")]) == 0
    assert main(["lss-1999", "-o", str(tmp_path / "h.csv")]) == 0
    h = pd.read_csv(tmp_path / "h.csv", sep=";", decimal=",")
    assert len(h) == 288 and h.loc[h.kommun == "Botkyrka", "standardkostnad_tabell_h"].iloc[0] == 1602


def test_bygg_mallar_ar_deterministiskt(tmp_path):
    assert main(["bygg-mallar", "--mapp", str(tmp_path / "a")]) == 0
    assert main(["bygg-mallar", "--mapp", str(tmp_path / "b")]) == 0
    for namn in MALLAR:
        a, b = _delar(tmp_path / "a" / namn, TIDSSTAMPEL), _delar(tmp_path / "b" / namn, TIDSSTAMPEL)
        assert a == b, namn  # samma innehåll i varje del utom tidsstämplarna


def test_de_incheckade_mallarna_ar_aktuella(tmp_path):
    from pathlib import Path
    incheckade = Path(__file__).parent.parent / "workbooks"
    assert main(["bygg-mallar", "--mapp", str(tmp_path)]) == 0
    for namn in MALLAR:
        assert _delar(incheckade / namn, TIDSSTAMPEL) == _delar(tmp_path / namn, TIDSSTAMPEL), f"kör 'xlmodel bygg-mallar' ({namn} är inaktuell)"


def test_huvudjobbet_med_lss_och_fastighetsavgift_ger_summor(tmp_path):
    ut = tmp_path / "b.xlsx"
    assert main(["skatter-och-bidrag", "--kommun", "1861", "--ar", "2026", "--lss-utjamning", "-300",
                 "--fastighetsavgift", "25000000", "-o", str(ut)]) == 0
    wb = openpyxl.load_workbook(ut)
    assert wb["Indata"]["B15"].value == -300 and wb["Indata"]["E19"].value == 25_000_000  # gula celler ifyllda
    beraknat = {r[0]: r[1:] for r in wb["Beräknat"].iter_rows(min_row=2, values_only=True)}
    ant = {**ANT, "lss_utjamning": {a: -300 for a in range(2026, 2030)}, "fastighetsavgift": {a: 25e6 for a in range(2026, 2030)}}
    motor = _sob_ar("1861", 2026, ant)
    summa = "Summa skatteintäkter, generella statsbidrag och utjämning"
    assert beraknat[summa][0] == pytest.approx(motor.loc[summa, 2026]) and beraknat[summa][0] is not None
    levande = Bok(ut)
    assert levande.varde("Budget", f"B{4 + RADER.index(summa)}") == pytest.approx(motor.loc[summa, 2026])
    # för hand: LSS −300 kr/inv × Hallsbergs folkmängd 1 nov 2025 (16 071, implicit ur SCB OE0115 tkr) = −4,8 mnkr;
    # fastighetsavgiften är ett belopp, 25 000 000 kr = 25,0 mnkr
    assert levande.varde("Budget", f"B{4 + RADER.index('LSS-utjämning')}") == pytest.approx(-300 * 16_071 / 1e6, abs=0.05)
    assert levande.varde("Budget", f"B{4 + RADER.index('Kommunal fastighetsavgift')}") == pytest.approx(25.0)


@pytest.mark.parametrize("argv,monster", [
    (["skatter-och-bidrag", "--kommun", "9999", "--ar", "2026", "-o", "x.xlsx"], "Okänd kommunkod 9999"),
    (["skatter-och-bidrag", "--kommun", "Atlantis", "--ar", "2026", "-o", "x.xlsx"], "Okänd kommun 'Atlantis'"),
    (["skatter-och-bidrag", "--kommun", "1880", "--ar", "2035", "-o", "x.xlsx"], "År 2035 ligger efter prognosen harledd_ur_scb"),
    (["uppdatera", "finns_inte.xlsx", "--data", "d.csv"], "finns inte"),
    (["jamfor", "--reform", "sou_2024_50", "--ar", "2026", "-o", "x.txt"], "Okänd filändelse"),
])
def test_felvagar(tmp_path, capsys, monkeypatch, argv, monster):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    fel = capsys.readouterr().err.strip().splitlines()
    assert len(fel) == 1 and monster in fel[0]


def test_bokford_slutavrakning_foljer_med_i_boken(tmp_path, capsys):
    """--slutavrakning-foregaende hamnade förut bara i terminalens block: boken (Indata, Budget, Rapport) saknade den.
    Nu står den i den gula raden bokford_slutavrakning under budgetåret (beloppet för inkomståret före), de sparade
    värdena och Rapport har samma "Slutavräkning året innan" som motorn, och en ny skrivning utan flaggan vägrar
    skriva över den."""
    from xlmodel.excel.las_skatter import las_indata

    ut = tmp_path / "s.xlsx"
    assert main(["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "--slutavrakning-foregaende", "5,1 mnkr",
                 "-o", str(ut)]) == 0
    ant = antaganden_ur_data(kommundata("1880"), {**ANT, "bokford_slutavrakning": {2025: 5_100_000}})
    motor = xlmodel.budget.skatter_och_bidrag("1880", 2026, ant, kolumner="ar").loc["Slutavräkning året innan", 2026]
    utan = xlmodel.budget.skatter_och_bidrag("1880", 2026, antaganden_ur_data(kommundata("1880"), ANT), kolumner="ar")
    assert pd.isna(utan.loc["Slutavräkning året innan", 2026]) and not pd.isna(motor)  # utan bokfört: ej angivet
    wb = openpyxl.load_workbook(ut, data_only=True)
    assert wb["Indata"]["A21"].value == "bokford_slutavrakning" and wb["Indata"]["B21"].value == 5_100_000
    assert wb["Budget"][f"B{4 + RADER.index('Slutavräkning året innan')}"].value == pytest.approx(motor)  # mnkr
    mnkr = next(r for r in wb["Rapport"].iter_rows(values_only=True) if r[0] == "Slutavräkning året innan")  # första: mnkr
    assert mnkr[3] == pytest.approx(round(motor, 1))  # Budget 2026
    assert las_indata(ut)["antaganden"]["bokford_slutavrakning"] == {2025: 5_100_000}
    capsys.readouterr()
    assert main(["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o", str(ut)]) == 2
    assert "egna indata som skulle skrivas över (Indata bokford_slutavrakning)" in capsys.readouterr().err
