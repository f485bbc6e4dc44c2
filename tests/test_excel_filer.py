"""Varje genererad arbetsbok (huvudjobbet, mallarna ur bygg-mallar, en uppdaterad bok, utjämningens utdata) är
giltig OOXML (ECMA-376-scheman, lxml), har motorns värde sparat i varje UDF-cell utan omräkning vid öppning, och
bladet Rapport visar motorns tal i LibreOffice (utan xlwings). Arbetsböckerna byggs en gång per testkörning."""
import math
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import xlmodel
from xlmodel.cli import main
from xlmodel.excel.mallar import MALLAR, SOB_PLANAR
from xlmodel.budget import antaganden_ur_data, kommundata
from xlformler import Bok, udf_drivna

XSD = Path(__file__).parent / "fixtures" / "ooxml_xsd"
ANT = {"prognos": "harledd_ur_scb", "planar": SOB_PLANAR}
SOFFICE_INSTALL = "apt-get install -y libreoffice-calc (Debian/Ubuntu), så att soffice finns i PATH"


@pytest.fixture(scope="module")
def bocker(tmp_path_factory):
    """{namn: sökväg} för varje slags genererad arbetsbok."""
    mapp = tmp_path_factory.mktemp("bocker")
    cwd = os.getcwd()
    os.chdir(mapp)
    try:
        assert main(["bygg-mallar", "--mapp", "mallar"]) == 0
        assert main(["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o", "huvudjobb.xlsx"]) == 0
        shutil.copy("huvudjobb.xlsx", "uppdaterad.xlsx")
        data = kommundata("1880")
        data.loc[data["ar"] == 2026, "skatteunderlag"] *= 1.01
        xlmodel.skriv_csv(data, "ny.csv")
        assert main(["uppdatera", "uppdaterad.xlsx", "--data", "ny.csv"]) == 0
        assert main(["utjamning", "--ar", "2026", "-o", "utjamning.xlsx"]) == 0
    finally:
        os.chdir(cwd)
    ut = {n: mapp / "mallar" / n for n in MALLAR}
    ut.update({n: mapp / n for n in ("huvudjobb.xlsx", "uppdaterad.xlsx", "utjamning.xlsx")})
    return ut


# ---------------------------------------------------------------------------------------------- schemavalidering

SCHEMA_FOR = {  # innehållstyp (slutet) → schema
    "sheet.main+xml": "sml.xsd", "worksheet+xml": "sml.xsd", "styles+xml": "sml.xsd", "sharedStrings+xml": "sml.xsd",
    "calcChain+xml": "sml.xsd", "drawingml.chart+xml": "dml-chart.xsd", "drawing+xml": "dml-spreadsheetDrawing.xsd",
    "theme+xml": "dml-main.xsd", "extended-properties+xml": "shared-documentPropertiesExtended.xsd",
}


def _innehallstyper(z: zipfile.ZipFile) -> dict[str, str]:
    text = z.read("[Content_Types].xml").decode()
    typer = {m[0]: m[1] for m in re.findall(r'<Override[^>]*PartName="/([^"]+)"[^>]*ContentType="([^"]+)"', text)}
    typer.update({m[1]: m[0] for m in re.findall(r'<Override[^>]*ContentType="([^"]+)"[^>]*PartName="/([^"]+)"', text)})
    return typer


def test_varje_del_foljer_ecma376_schemana(bocker):
    etree = pytest.importorskip("lxml.etree", reason="lxml saknas (testberoende: pip install -e '.[test]')")
    scheman: dict = {}

    def schema(namn):
        if namn not in scheman:
            scheman[namn] = etree.XMLSchema(etree.parse(str(XSD / namn)))
        return scheman[namn]

    fel, provade = [], 0
    for bok, fil in bocker.items():
        with zipfile.ZipFile(fil) as z:
            typer = _innehallstyper(z)
            for del_ in z.namelist():
                if del_ == "[Content_Types].xml":
                    s = schema("opc-xsd/opc-contentTypes.xsd")
                elif del_.endswith(".rels"):
                    s = schema("opc-xsd/opc-relationships.xsd")
                else:
                    typ = next((v for k, v in SCHEMA_FOR.items() if typer.get(del_, "").endswith(k)), None)
                    if typ is None:
                        continue  # docProps/core.xml (Dublin Core) har inget schema här
                    s = schema(typ)
                doc = etree.fromstring(z.read(del_))
                provade += 1
                if not s.validate(doc):
                    fel.append(f"{bok}:{del_}: {s.error_log.last_error}")
    assert not fel, "\n".join(fel)
    assert provade > 6 * 10


# ---------------------------------------------------------------------------------------------- sparade värden


def _visat(v, fmt: str):
    """Värdet som cellen visar med talformatet (avrundat till formatets decimaler)."""
    if not isinstance(v, float):
        return v
    m = re.match(r"[#,0]*\.?(0*)", fmt or "")
    dec = len(m.group(1)) if m and fmt not in ("General", None) else 6
    return round(v, dec)


@pytest.mark.parametrize("namn", ["huvudjobb.xlsx", "uppdaterad.xlsx", *MALLAR])
def test_varje_udf_cell_har_motorns_sparade_varde(bocker, namn):
    fil = bocker[namn]
    with zipfile.ZipFile(fil) as z:
        wbxml = z.read("xl/workbook.xml").decode()
    assert "fullCalcOnLoad" not in wbxml and 'calcId="191029"' in wbxml
    _, drivna = udf_drivna(fil)
    assert drivna, "ingen UDF-cell hittades"
    sparat = openpyxl.load_workbook(fil, data_only=True)
    format_ = openpyxl.load_workbook(fil)
    bok = Bok(fil)  # UDF:erna beräknade med formulas-paketet (tests/xlformler.py), oberoende av sparade.py
    fel = []
    for blad, ref in sorted(drivna):
        v, vantat = sparat[blad][ref].value, bok.ra(blad, ref)
        fmt = format_[blad][ref].number_format
        if vantat in (None, ""):
            ok = v in (None, "")
        elif isinstance(vantat, (int, float)) and not isinstance(vantat, bool):
            ok = isinstance(v, (int, float)) and math.isclose(_visat(float(v), fmt), _visat(float(vantat), fmt), abs_tol=1e-9)
        else:
            ok = str(v) == str(vantat)
        if not ok:
            fel.append(f"{blad}!{ref}: sparat {v!r}, motorn {vantat!r}")
    assert not fel, f"{len(fel)} av {len(drivna)}:\n" + "\n".join(fel[:20])


def test_huvudjobbets_budget_ar_motorns_block_utan_xlwings(bocker):
    """Det en läsare utan xlwings ser i Budget (sparade värden) är motorns block, till visad decimal."""
    block = xlmodel.skatter_och_bidrag("1880", 2026, antaganden_ur_data(kommundata("1880"), ANT), kolumner="ar")
    ws = openpyxl.load_workbook(bocker["huvudjobb.xlsx"], data_only=True)["Budget"]
    for i, post in enumerate(block.index, start=4):
        assert ws.cell(row=i, column=1).value == post  # radnamnet är text
        for j, ar in enumerate(block.columns, start=2):
            assert ws.cell(row=3, column=j).value == ar
            v = block.loc[post, ar]
            assert (ws.cell(row=i, column=j).value in (None, "")) if pd.isna(v) else \
                round(ws.cell(row=i, column=j).value, 1) == round(v, 1)


def test_uppdaterad_bok_har_de_nya_talen_sparade(bocker):
    fore = openpyxl.load_workbook(bocker["huvudjobb.xlsx"], data_only=True)
    efter = openpyxl.load_workbook(bocker["uppdaterad.xlsx"], data_only=True)
    # skatteunderlaget 2026 höjt 1 %: kommunalskatten 2026 (Budget!B4) och Rapportens tal följer med
    assert efter["Budget"]["B4"].value == pytest.approx(fore["Budget"]["B4"].value * 1.01, rel=1e-3)
    assert efter["Rapport"]["D4"].value == "Budget 2026"  # Rapport: Bokslut 2024, Budget 2025, Budget 2026, Plan …
    assert efter["Rapport"]["D5"].value == pytest.approx(round(efter["Budget"]["B4"].value, 1))


# ---------------------------------------------------------------------------------------------- LibreOffice


def _soffice():
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(f"soffice saknas i CI: {SOFFICE_INSTALL}")
        pytest.skip(f"LibreOffice saknas: {SOFFICE_INSTALL}")
    return exe


def _csv_per_blad(exe, fil: Path, ut: Path) -> dict[str, pd.DataFrame]:
    ut.mkdir(parents=True, exist_ok=True)
    filter_ = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{ut}/profil",
                    "--convert-to", filter_, "--outdir", str(ut), str(fil)],
                   check=True, capture_output=True, timeout=180)
    return {p.stem[len(fil.stem) + 1:]: pd.read_csv(p, header=None, dtype=str, keep_default_na=False)
            for p in ut.glob(f"{fil.stem}-*.csv")}


def test_rapport_i_libreoffice_ar_motorns_tal(bocker, tmp_path):
    exe = _soffice()
    ant = {"huvudjobb.xlsx": antaganden_ur_data(kommundata("1880"), ANT), "skatter_och_bidrag.xlsx": ANT,
           "uppdaterad.xlsx": None}
    for namn, a in ant.items():
        blad = _csv_per_blad(exe, bocker[namn], tmp_path / namn)
        assert "Rapport" in blad, f"{namn}: {sorted(blad)}"
        r = blad["Rapport"]
        text = "\n".join(",".join(rad) for rad in r.to_numpy().tolist())
        for felvarde in ("#NAME?", "#VALUE!", "#N/A", "Err:"):
            assert felvarde not in text, f"{namn}: {felvarde} i Rapport"
        assert "Örebro (1880)" in r.iloc[0, 0] and "2026" in r.iloc[0, 0]
        if a is None:
            continue  # andra data; talen prövas i test_uppdaterad_bok_har_de_nya_talen_sparade
        for enhet, rubrik, dec in (("mnkr", "Miljoner kronor (mnkr)", 1), ("kr_per_inv", "Kronor per invånare (kr/inv)", 0)):
            tabell = xlmodel.skatter_och_bidrag("1880", 2026, a, enhet=enhet)  # kolumnerna som i budgetarna
            start = r.index[r[0] == rubrik][0]
            assert list(r.iloc[start, 1:1 + len(tabell.columns)]) == list(tabell.columns)
            assert list(tabell.columns[:3]) == ["Bokslut 2024", "Budget 2025", "Budget 2026"]
            for i, post in enumerate(tabell.index, start=start + 1):
                assert r.iloc[i, 0] == post
                for j, ar in enumerate(tabell.columns, start=1):
                    v, cell = tabell.loc[post, ar], r.iloc[i, j]
                    if pd.isna(v):
                        assert cell == "", f"{namn} {post} {ar}: {cell!r} (tom väntad)"
                    else:
                        assert float(cell) == round(v, dec), f"{namn} {post} {ar}: {cell} mot {v}"


def test_alla_arbetsbocker_oppnas_i_libreoffice(bocker, tmp_path):
    exe = _soffice()
    for namn, fil in bocker.items():
        blad = _csv_per_blad(exe, fil, tmp_path / namn)
        assert len(blad) == len(openpyxl.load_workbook(fil, read_only=True).sheetnames), namn


# ---------------------------------------------------------------------------------------------- fel i cellerna


def test_udf_fel_visas_som_svensk_text_i_skalar_och_matrisformel(tmp_path):
    """Som klassiska xlwings: felets text i cellen (skalär) och i varje cell av matrisområdet; samma text sparas
    som värde i boken."""
    import io

    from openpyxl.worksheet.formula import ArrayFormula

    from xlmodel.excel.sparade import med_sparade_varden

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Blad"
    ws["A1"] = "9999"
    ws["B1"] = '=XLM_SOB_RAD(A1,2026,"Inkomstutjämning")'
    ws["D1"] = ArrayFormula("D1:F3", "=XLM_SOB_BLOCK(A1,2026)")
    fil = tmp_path / "fel.xlsx"
    rå = io.BytesIO()
    wb.save(rå)
    fil.write_bytes(med_sparade_varden(rå.getvalue()))
    meddelande = "Okänd kommunkod 9999."
    bok = Bok(fil)
    assert bok.ra("Blad", "B1") == meddelande
    assert [bok.ra("Blad", f"{k}{r}") for k in "DEF" for r in (1, 2, 3)] == [meddelande] * 9
    sparat = openpyxl.load_workbook(fil, data_only=True)["Blad"]
    assert sparat["B1"].value == meddelande and sparat["F3"].value == meddelande


def test_udf_fel_blir_com_undantag_med_svensk_beskrivning(monkeypatch):
    """Under pywin32 höjs felet som COMException(description=…): VBA-omslaget visar Err.Description i cellen."""
    import sys
    import types

    class COMException(Exception):
        def __init__(self, description=None, scode=None):
            super().__init__(description)
            self.description, self.scode = description, scode

    modul = types.ModuleType("win32com.server.exception")
    modul.COMException = COMException
    for namn, m in (("win32com", types.ModuleType("win32com")), ("win32com.server", types.ModuleType("win32com.server")),
                    ("win32com.server.exception", modul)):
        monkeypatch.setitem(sys.modules, namn, m)
    from udfs.skatter import XLM_SOB_RAD
    with pytest.raises(COMException) as fel:
        XLM_SOB_RAD("9999", 2026.0, "Inkomstutjämning")
    assert fel.value.description == "Okänd kommunkod 9999." and fel.value.scode == -2147352567


# ---------------------------------------------------------------------------------------------- skriva över


def test_skatter_och_bidrag_skriver_inte_over_egna_indata(tmp_path, capsys):
    bok = tmp_path / "b.xlsx"
    args = ["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o", str(bok)]
    assert main(args) == 0
    assert main(args) == 0  # samma körning igen: inget eget att förlora
    wb = openpyxl.load_workbook(bok)
    wb["Indata"]["C11"] = 22.0  # en egen skattesats 2027
    wb.save(bok)
    fore = bok.read_bytes()
    capsys.readouterr()
    assert main(args) == 2
    assert "har egna indata som skulle skrivas över (Indata skattesats)" in capsys.readouterr().err
    assert bok.read_bytes() == fore
    assert main([*args, "--uppdatera"]) == 0  # som uppdatera: nya data, den egna skattesatsen kvar
    assert openpyxl.load_workbook(bok)["Indata"]["C11"].value == 22.0
    assert "fullCalcOnLoad" not in zipfile.ZipFile(bok).read("xl/workbook.xml").decode()


def test_uppdatera_vagrar_annan_kommun_skrivskydd_och_stadar_tmp(tmp_path, capsys):
    bok = tmp_path / "b.xlsx"
    assert main(["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o", str(bok)]) == 0
    annan = kommundata("1814")  # Lekeberg i en Örebro-bok
    xlmodel.skriv_csv(annan, tmp_path / "annan.csv")
    fore = bok.read_bytes()
    capsys.readouterr()
    assert main(["uppdatera", str(bok), "--data", str(tmp_path / "annan.csv")]) == 2
    assert "annan kommun" in capsys.readouterr().err and bok.read_bytes() == fore
    med_kod = kommundata("1814").assign(kommunkod="1814")
    xlmodel.skriv_csv(med_kod, tmp_path / "kod.csv")
    assert main(["uppdatera", str(bok), "--data", str(tmp_path / "kod.csv")]) == 2
    assert "gäller kommun 1814" in capsys.readouterr().err
    # R3: en kvarlämnad temporär fil från en hårt dödad körning städas bort av nästa
    gammal = tmp_path / ".b-abcd1234.xlmodel.tmp"
    gammal.write_bytes(b"halv")
    xlmodel.skriv_csv(kommundata("1880"), tmp_path / "ny.csv")
    assert main(["uppdatera", str(bok), "--data", str(tmp_path / "ny.csv")]) == 0
    assert not gammal.exists() and not list(tmp_path.glob(".*.xlmodel.tmp"))
    # R2: skrivskyddad bok ersätts inte
    bok.chmod(0o444)
    fore = bok.read_bytes()
    capsys.readouterr()
    assert main(["uppdatera", str(bok), "--data", str(tmp_path / "ny.csv")]) == 2
    assert "skrivskyddad" in capsys.readouterr().err and bok.read_bytes() == fore
    bok.chmod(0o644)
    # Excel har boken öppen (~$-filen)
    (tmp_path / "~$b.xlsx").write_bytes(b"")
    assert main(["uppdatera", str(bok), "--data", str(tmp_path / "ny.csv")]) == 2
    assert "öppen i Excel" in capsys.readouterr().err


def test_rapportens_kalltexter_far_plats_i_sin_rad(bocker):
    """Källkolumnen radbryts med 8 punkter i bredd 60: varje rad är hög nog för sin text (inga överlappande rader
    i utskriften, som LibreOffice visade när höjden var standard)."""
    ws = openpyxl.load_workbook(bocker["huvudjobb.xlsx"])["Rapport"]
    kallkol = next(c.column for c in ws[4] if c.value == "Källa")
    langa = 0
    for r in range(5, ws.max_row + 1):
        text = ws.cell(row=r, column=kallkol).value
        if isinstance(text, str) and len(text) > 72:
            langa += 1
            rader = math.ceil(len(text) / 72)
            assert (ws.row_dimensions[r].height or 15) >= 10.5 * rader, f"rad {r}: {len(text)} tecken"
    assert langa >= 3  # huvudjobbets källtexter är långa (beräkningssätt per kolumn)


def test_resursmallens_rapport_i_libreoffice_ar_motorns_tal(tmp_path):
    """Resursfördelningsmallen läses utan xlwings: bladet Rapport har ramarna och anmärkningarna som värden
    (inga #NAME?), samma tal som motorn med mallens exempelvärden."""
    from xlmodel.excel.mall_resurs import (RESURS_ALLA_AR, RESURS_AR, RESURS_BEFOLKNING, RESURS_MAX_AR, RESURS_MODELLER,
                                           RESURS_PRISER, bygg_resursfordelning)

    exe = _soffice()
    fil = bygg_resursfordelning(tmp_path / "resurs.xlsx")
    r = _csv_per_blad(exe, fil, tmp_path / "csv")["Rapport"]
    text = "\n".join(",".join(rad) for rad in r.to_numpy().tolist())
    assert not any(f in text for f in ("#NAME?", "#VALUE!", "#N/A", "Err:")), text[:500]
    bef = pd.DataFrame([[g, *[n + d * i for i in range(RESURS_MAX_AR)]] for g, (n, d) in RESURS_BEFOLKNING.items()],
                       columns=["grupp", *RESURS_ALLA_AR])
    pr = pd.DataFrame([[k, RESURS_AR[0], v] for k, v in RESURS_PRISER.items()], columns=["komponent", "ar", "pris"])
    res = xlmodel.resursfordelning(RESURS_MODELLER.split(";"), bef, RESURS_AR, priser=pr,
                                   prisupprakning={a: 0.03 for a in RESURS_ALLA_AR[1:]})
    ramar = xlmodel.resursfordelning_ramar(res)
    start = r.index[r[0] == "Nämnd"][0]
    for i, (_, rad) in enumerate(ramar.iterrows(), start=start + 1):
        assert r.iloc[i, 1] == str(rad["ar"]) and float(r.iloc[i, 2]) == round(rad["ram_mnkr"], 1)
    assert "befolkningen saknar år" in text and len(res.attrs["anmarkningar"]) == len(RESURS_MODELLER.split(";"))


def test_lss_mallens_rapport_i_libreoffice_ar_tabell_h(tmp_path):
    """LSS-mallen (Ds 1999:72) läses utan xlwings: bladet Rapport har Tabell H som värden (inga #NAME?), samma tal som
    de sparade värdena i den levande Tabell H (räknade genom XLM_LSS1999_TABELL)."""
    from xlmodel.excel.mall_lss import bygg_lss_ds1999

    exe = _soffice()
    fil = bygg_lss_ds1999(tmp_path / "lss.xlsx")
    r = _csv_per_blad(exe, fil, tmp_path / "csv")["Rapport"]
    text = "\n".join(",".join(rad) for rad in r.to_numpy().tolist())
    assert not any(f in text for f in ("#NAME?", "#VALUE!", "#N/A", "Err:")), text[:500]
    h = openpyxl.load_workbook(fil, data_only=True)["Tabell H"]
    rubriker = [c.value for c in h[1]]
    sparade = {rad[0]: rad for rad in h.iter_rows(min_row=2, values_only=True) if rad[0]}
    start = r.index[r[0] == "Kommun"][0]
    kommuner = r.iloc[start + 1:, 0][lambda s: s != ""]
    assert len(kommuner) == len(sparade) > 250
    for i in kommuner.index:
        rad = sparade[r.iloc[i, 0]]
        assert float(r.iloc[i, 5]) == pytest.approx(rad[rubriker.index("bidrag_med_sparr")], abs=1e-6), r.iloc[i, 0]
