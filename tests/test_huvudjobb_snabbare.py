"""Huvudjobbets snabbare vägar (issue 15, ≤ 0,4 s) ger samma tabeller och samma arbetsbok byte för byte som de
raka vägarna: SCB-tabellerna bred → lång med numpy (i stället för melt/concat), de breda heltalstabellerna lästa
med csv-modulen, bladens celler skrivna direkt med de sparade värdena (i stället för openpyxl + omskrivning av
bladets XML), Indata läst ur en befintlig bok utan att öppna de andra bladen."""
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.formula import ArrayFormula

import xlmodel
from xlmodel.excel import mall
from xlmodel.excel.mall import FAST_TID, _okomprimerad, _okomprimerad_med_varden, ny_arbetsbok
from xlmodel.excel.sparade import Berakning, med_sparade_varden
from xlmodel.kallor import referensdata, scb, underlag

BREDA = {"utjamning_orebro_lan_2005_2026.csv": {
    "inkomstutjamning": "Inkomstutjämning, kr/invånare", "kostnadsutjamning": "Kostnadsutjämning, kr/invånare",
    "regleringspost": "Regleringsbidrag/avgift, kr/invånare", "summa_tkr": "Kommunalekonomisk utjämning, utfall, tkr"},
    "skatteunderlag_skattekraft_orebro_lan_riket_1995_2026.csv": {"skatteunderlag": "Skatteunderlag, kronor"}}
KOMMUNTABELLER = [("scb_tab3600_skattekraft_kommun_1995_2025.csv", "skattekraft", ""),
                  ("scb_folkmangd_31dec_kommun_2010_2025.csv", "folkmangd", ""),
                  ("derived_skatteunderlag_approx_kommun_2012_2025.csv", "skatteunderlag", "skatteunderlag_approx_")]


def _melt(df, varde, prefix=""):
    """Den raka vägen: pandas melt, dropna och sortering (som ``scb._bred_till_lang`` gjorde)."""
    ar = {c: int(c[len(prefix):]) for c in df.columns if c.startswith(prefix) and c[len(prefix):].isdigit()}
    lang = df.melt(id_vars=["kommunkod"], value_vars=list(ar), var_name="ar", value_name=varde)
    lang["ar"] = lang["ar"].map(ar)
    return lang.dropna(subset=[varde]).sort_values(["kommunkod", "ar"], ignore_index=True)


def _concat(df, monster):
    """Den raka vägen: en serie per mått med MultiIndex, concat och sortering (som ``referensdata._lang`` gjorde)."""
    region = df["region"].str.split(" ", n=1)
    kod, namn = pd.Index(region.str[0], name="kod"), pd.Index(region.str[1], name="namn")
    delar = []
    for kort, rubrik in monster.items():
        kol = {c: int(re.search(r"(\d{4})$", c).group(1)) for c in df.columns if c.startswith(rubrik)}
        rad = np.tile(np.arange(len(df)), len(kol))
        index = pd.MultiIndex.from_arrays([kod.take(rad), namn.take(rad), pd.Index(np.repeat(list(kol.values()), len(df)), name="ar")])
        delar.append(pd.Series(df[list(kol)].to_numpy().ravel(order="F"), index=index, name=kort))
    return pd.concat(delar, axis=1).reset_index().sort_values(["kod", "ar"], ignore_index=True)


@pytest.mark.parametrize("fil,varde,prefix", KOMMUNTABELLER)
def test_bred_till_lang_som_melt(fil, varde, prefix):
    """Varje medföljande kommuntabell blir samma långa tabell (värden, ordning, typer) som med melt; också med
    raderna i annan ordning, en kommun två gånger och en tom cell."""
    df = referensdata._csv(fil, dtype={"kommunkod": str})
    pd.testing.assert_frame_equal(scb._bred_till_lang(df, varde, prefix), _melt(df, varde, prefix), check_exact=True)
    blandad = pd.concat([df.sample(frac=1, random_state=7), df.iloc[[3, 0]]], ignore_index=True)
    blandad.loc[5, blandad.columns[-1]] = np.nan
    pd.testing.assert_frame_equal(scb._bred_till_lang(blandad, varde, prefix), _melt(blandad, varde, prefix),
                                  check_exact=True)


@pytest.mark.parametrize("fil", BREDA)
def test_lang_som_concat_och_heltal_som_read_csv(fil):
    """De breda SCB-tabellerna: csv-modulens heltalsmatris är pandas read_csv, och bred → lång ger samma tabell
    som concat av en serie per mått (också när ett mått saknar ett år och raderna kommer i annan ordning)."""
    df = referensdata._csv(fil, dtype={"region": str})
    pd.testing.assert_frame_equal(referensdata._csv_heltal(fil, "region"), df, check_exact=True)
    monster = BREDA[fil]
    pd.testing.assert_frame_equal(referensdata._lang(df, monster), _concat(df, monster), check_exact=True)
    sista = [c for c in df.columns if c.startswith(next(iter(monster.values())))][-1]
    andrad = df.drop(columns=[sista]).sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(referensdata._lang(andrad, monster), _concat(andrad, monster), check_exact=True)


@pytest.mark.parametrize("cell", ["", "1.5", "1_000", " 7", "99999999999999999999"])
def test_heltal_annars_read_csv(tmp_path, monkeypatch, cell):
    """En cell som inte är ett heltal som pandas läser det (tom, decimal, understreck, mellanslag, för stort)
    läses av pandas som förut."""
    (tmp_path / "bred.csv").write_text(f'"region","A 2020","A 2021"\n"00 Riket",1,{cell}\n"18 Örebro",3,4\n',
                                       encoding="utf-8")
    monkeypatch.setattr(referensdata, "_DATA", tmp_path)
    pd.testing.assert_frame_equal(referensdata._csv_heltal("bred.csv", "region"),
                                  referensdata._csv("bred.csv", dtype={"region": str}), check_exact=True)


def test_rikets_folkmangd_per_ar_som_tabellen():
    """Rikets kalibrerade folkmängd 1 november per år är tabellens rad; ett år som saknas är ett fel."""
    df = referensdata._csv("riket_folkmangd_1nov_kalibrerad.csv")
    for ar, n in zip(df["utjamningsar"], df["folkmangd_riket_1nov_foregaende_ar"]):
        assert referensdata.riket_folkmangd_1nov(int(ar)) == int(n)
    with pytest.raises(xlmodel.IndataFel, match="saknas för utjämningsår 2004"):
        referensdata.riket_folkmangd_1nov(2004)


def test_tackta_ar_och_approximationen_samma_regel():
    """Ett år täcks när skatteunderlaget finns för alla kommuner och folkmängd 31 december åren t−2 och t−1: samma
    regel som approximationen av 1 november (som finns precis de åren och då inte saknar någon kommun)."""
    dec = underlag._dec_bred()
    for ar in range(2008, 2029):
        finns = ar - 2 in dec.columns and ar - 1 in dec.columns and dec[[ar - 2, ar - 1]].notna().all().all()
        approx = underlag._approx_1nov(ar)
        assert (approx is not None) == finns, ar
        if finns:
            assert approx.notna().all() and len(approx) == 290
    su = scb._skatteunderlag()
    hela_su = [a for a, n in su.groupby("ar")["kommunkod"].nunique().items() if n == 290]
    assert underlag.tackta_ar() == [a for a in hela_su if underlag._approx_1nov(a) is not None] == list(range(2012, 2026))


def _gamla_vagen(monkeypatch):
    """Bladen skrivs av openpyxl och värdena sätts efteråt i bladens XML (``skriv_i_blad``), som förut."""
    utan_varden = mall._okomprimerad_med_varden
    monkeypatch.setattr(mall, "_okomprimerad_med_varden", lambda wb, varden: (utan_varden(wb, {})[0], varden))


@pytest.mark.parametrize("bok", ["kommunens", "mallen", "lss", "resurs"])
def test_arbetsbocker_byte_for_byte_som_gamla_vagen(tmp_path, monkeypatch, bok):
    """Huvudjobbets bok (med bladet Data och egna antaganden), mallen och de andra mallarna blir byte för byte
    samma fil när bladen skrivs med värdena direkt som när openpyxl skriver dem och värdena sätts efteråt."""
    from xlmodel.budget import kommundata
    from xlmodel.excel.mallar import bygg_lss_ds1999, bygg_resursfordelning, bygg_skatter_och_bidrag

    bygg = {"kommunens": lambda f: bygg_skatter_och_bidrag(f, "1880", 2026, data=kommundata("1880"),
                                                             egna={"lss_utjamning": {2026: -250.0}}, datum="2026-12-06"),
            "mallen": lambda f: bygg_skatter_och_bidrag(f, "2281", 2026, reform="sou_2024_50", datum="2026-12-06"),
            "lss": bygg_lss_ds1999, "resurs": bygg_resursfordelning}[bok]
    bygg(tmp_path / "ny.xlsx")
    _gamla_vagen(monkeypatch)
    bygg(tmp_path / "gammal.xlsx")
    assert (tmp_path / "ny.xlsx").read_bytes() == (tmp_path / "gammal.xlsx").read_bytes()


def _svar_bok(ovanligt: str | None = None):
    """En bok med celler av alla slag som mallarna skriver, och (``ovanligt``) en cell som openpyxl får skriva."""
    wb = ny_arbetsbok()
    ws = wb.create_sheet("Blad")
    ws["A1"], ws["B1"], ws["C1"] = " inledande & <mellanrum> ", "åäö – €\r\n\t😀", ""
    ws["D1"], ws["E1"], ws["F1"], ws["G1"] = True, "#N/A", float("nan"), 123456789012345678
    ws["H1"], ws["I1"] = 1e-7, np.float64(2.5)
    ws["A2"], ws["B2"], ws["C2"] = "=A9", "=H1*2", '="a""b"&"c"'
    ws["A3"] = ArrayFormula("A3:C5", "=XLM_FINNS_INTE()")
    ws["D3"] = "=D1"
    ws["B4"].font = Font(bold=True)  # en tom cell med stil i matrisformelns område
    ws.row_dimensions[7].height = 30  # en rad med bara radformat
    ws["A8"].font = Font(italic=True)
    ws["B8"] = "=A8+1"
    ws["A9"] = "=Blad!E1"
    if ovanligt == "kommentar":
        ws["C8"].comment = Comment("Kommentar", "xlmodel")
    elif ovanligt == "lank":
        ws["C8"].hyperlink = "https://www.scb.se"
    elif ovanligt == "datum":
        ws["C8"] = FAST_TID
    return wb


@pytest.mark.parametrize("ovanligt", [None, "kommentar", "lank", "datum"])
def test_bladdata_som_openpyxl_och_skriv_i_blad(ovanligt):
    """Celler av alla slag (text med mellanrum, &, <, icke-ASCII och CR, sanningsvärden, fel, NaN, stora tal,
    formler, matrisformler, tomma celler med stil, rader med bara radformat) blir samma bytes som openpyxl +
    ``skriv_i_blad``; ett blad med kommentar, länk eller datum skrivs av openpyxl och får värdena efteråt."""
    varden = Berakning(_svar_bok(ovanligt)).alla()
    assert varden[("Blad", "A2")] == "#N/A" and varden[("Blad", "D3")] is True and varden[("Blad", "B8")] == 1
    gammal = med_sparade_varden(_okomprimerad(_svar_bok(ovanligt)), varden=varden, tid=FAST_TID)
    paket, kvar = _okomprimerad_med_varden(_svar_bok(ovanligt), varden)
    assert (kvar == varden) == (ovanligt is not None)
    assert med_sparade_varden(paket, varden=kvar, tid=FAST_TID) == gammal


def test_en_ensam_referens_som_uttrycket():
    """``=Blad!E1`` räknas utan uttrycksparsern: tom cell 0, text och fel som de är (som ``_Uttryck``)."""
    from xlmodel.excel.sparade import _Uttryck

    wb = _svar_bok()
    b = Berakning(wb)
    for formel, ref in (("=A9", "A2"), ("=Blad!E1", "A9"), ("=D1", "D3"), ("=Blad!Z99", None), ("=A1", None)):
        vantat = _Uttryck(Berakning(wb), "Blad", formel[1:]).varde()
        if ref is not None:
            assert b.varde("Blad", ref) == vantat
        else:
            b._rakna("Blad", "Z1", formel, None)
            assert b.varden[("Blad", "Z1")] == vantat


def test_indata_ur_ett_blad_som_hela_boken(tmp_path):
    """Indata läses med openpyxl:s läsare för ett enda blad: samma celler (formler och sparade värden) som när hela
    boken öppnas; en bok utan Indata är ett fel."""
    from xlmodel.excel.las_skatter import _indatablock
    from xlmodel.excel.mallar import bygg_skatter_och_bidrag

    def jamforbar(rader):  # en matrisformel som (text, område)
        return [[(v.text, v.ref) if isinstance(v, ArrayFormula) else v for v in r] for r in rader]

    fil = tmp_path / "sob.xlsx"
    bygg_skatter_och_bidrag(fil, "1880", 2026, egna={"lss_utjamning": {2026: -250.0}})
    for sparade in (False, True):
        wb = openpyxl.load_workbook(fil, read_only=True, data_only=sparade)
        hela = [list(r) for r in wb["Indata"].iter_rows(min_row=1, max_row=25, max_col=10, values_only=True)]
        wb.close()
        assert jamforbar(_indatablock(fil, sparade, 25, 10)) == jamforbar(hela)
    wb = openpyxl.Workbook()
    wb.active.title = "Annat"
    wb.save(tmp_path / "annan.xlsx")
    with pytest.raises(xlmodel.IndataFel, match="saknar bladet Indata"):
        _indatablock(tmp_path / "annan.xlsx", False, 25, 10)


def test_tolkade_tabeller_som_csv_filerna(tmp_path, monkeypatch):
    """De medföljande tabellerna som sparas tolkade (``kallor.tolkat``) är samma tabeller som när CSV-filerna
    tolkas, både när de skrivs och när de läses igen; ett år som inte medföljer är fortfarande ett fel."""
    from xlmodel.kallor import tolkat

    monkeypatch.setenv("XLMODEL_CACHE", str(tmp_path))
    laddare = [(referensdata._kommuner, ()), (referensdata._scb_utjamning, ()), (referensdata._scb_skatteunderlag, ()),
               (referensdata._skattesatser, (2025,)), (referensdata._skattesatser, (2026,)),
               *[(scb._kommuntabell, (f, v, p)) for f, v, p in KOMMUNTABELLER]]
    for f, args in laddare:
        tolka = f.__wrapped__ if hasattr(f, "cache_info") else f  # utan lru_cache
        direkt = tolka.__wrapped__(*args)  # utan tolkat: CSV-filen
        pd.testing.assert_frame_equal(tolka(*args), direkt, check_exact=True)  # skriven
        pd.testing.assert_frame_equal(tolka(*args), direkt, check_exact=True)  # läst
    assert len(list(tmp_path.with_name(tmp_path.name + "-tolkat").glob("*.pickle"))) == len(laddare)
    with pytest.raises(xlmodel.IndataFel, match="2024"):
        referensdata._skattesatser.__wrapped__(2024)
    assert len(list(tmp_path.with_name(tmp_path.name + "-tolkat").glob("*.pickle"))) == len(laddare)


def test_tolkat_ny_fil_trasig_cache_och_skrivskydd(tmp_path, monkeypatch):
    """En ändrad fil eller ändrad kod tolkas igen (nyckeln är storlek och ändringstid) och den gamla tolkningen tas
    bort; en trasig cachefil och en cache som inte går att skriva ger filens tabell ändå."""
    import os

    from xlmodel.kallor import tolkat

    paket, mapp = tmp_path / "paket", tmp_path / "cache"
    data = paket / "data"
    data.mkdir(parents=True)
    for kod in ("kallor/tolkat.py", *tolkat.TABELLKOD):
        (paket / kod).parent.mkdir(exist_ok=True)
        (paket / kod).write_text("# kod\n", encoding="utf-8")
    monkeypatch.setattr(tolkat, "_PAKET", paket)
    monkeypatch.setenv("XLMODEL_CACHE", str(mapp))
    (data / "t.csv").write_text("a\n1\n", encoding="utf-8")
    anrop = []

    @tolkat.tolkad("data/t.csv")
    def las():
        anrop.append(1)
        return pd.read_csv(data / "t.csv")

    assert las()["a"].tolist() == [1] and las()["a"].tolist() == [1] and len(anrop) == 1
    (data / "t.csv").write_text("a\n22\n", encoding="utf-8")
    os.utime(data / "t.csv", ns=(1, 1))
    tolkat._fil.cache_clear()
    assert las()["a"].tolist() == [22] and len(anrop) == 2
    (paket / "kallor" / "scb.py").write_text("# ändrad kod\n", encoding="utf-8")  # ändrad tolkning: tolkas igen
    tolkat._fil.cache_clear()
    assert las()["a"].tolist() == [22] and len(anrop) == 3
    [fil] = mapp.with_name("cache-tolkat").glob("*.pickle")
    fil.write_bytes(b"inte en pickle")
    assert las()["a"].tolist() == [22] and len(anrop) == 4
    tolkat._fil.cache_clear()
    monkeypatch.setenv("XLMODEL_CACHE", str(data / "t.csv" / "cache"))  # under en fil: går inte att skriva
    assert las()["a"].tolist() == [22] and len(anrop) == 5


def test_lagens_parameterfiler_tolkade_som_yaml(tmp_path, monkeypatch):
    """Lagens och reformernas YAML-filer sparas tolkade: samma träd som PyYAML ger, både när de skrivs och läses."""
    import importlib

    import yaml

    parametrar = importlib.import_module("xlmodel.parametrar")  # modulen (xlmodel.parametrar är också funktionen)
    monkeypatch.setenv("XLMODEL_CACHE", str(tmp_path))
    filer = [("lag", f) for f in parametrar._lagfiler()] + [("reformer", "sou_2024_50.yaml")]
    for mapp, namn in filer:
        text = (parametrar._mapp(mapp) / namn).read_text(encoding="utf-8")
        direkt = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        assert parametrar._las_tolkad(mapp, namn) == direkt  # skriven
        assert parametrar._las_tolkad(mapp, namn) == direkt  # läst
    assert len(list(tmp_path.with_name(tmp_path.name + "-tolkat").glob("xlmodel.parametrar.*.pickle"))) == len(filer)


def test_programmet_laser_inte_in_yaml(tmp_path):
    """Huvudjobbet som program (``python -m xlmodel``) läser inte in PyYAML (lagens filer är tolkade sedan förra
    körningen), och boken är densamma som från ``main`` i testets process."""
    import os
    import subprocess
    import sys

    from xlmodel.cli import main

    kod = "\n".join([  # cli.program med os._exit som först skriver vilka moduler som lästs in
        "import os, sys",
        "import xlmodel.cli as c",
        "sys.argv = ['xlmodel', 'skatter-och-bidrag', '--kommun', '1880', '--ar', '2026', '-o', sys.argv[1]]",
        "slut = os._exit",
        "os._exit = lambda k: (print('MODULER', 'yaml' in sys.modules, flush=True), slut(k))",
        "c.program()"])
    miljo = {**os.environ, "XLMODEL_CACHE": str(tmp_path / "cache")}
    for i in range(2):  # första gången tolkas lagens filer (och sparas), andra gången läses de tolkade
        ut = subprocess.run([sys.executable, "-c", kod, str(tmp_path / f"p{i}.xlsx")], capture_output=True, text=True, env=miljo)
        assert ut.returncode == 0, ut.stderr
    assert "MODULER False" in ut.stdout
    assert main(["skatter-och-bidrag", "--kommun", "1880", "--ar", "2026", "-o", str(tmp_path / "main.xlsx")]) == 0
    assert (tmp_path / "p1.xlsx").read_bytes() == (tmp_path / "main.xlsx").read_bytes()


def test_tolkningar_andrar_inte_hamtcachens_tillstand(tmp_path, monkeypatch):
    """De tolkade filerna ligger bredvid hämtcachen, inte i den: att tolka (första körningen på en dator) ändrar
    inte hämtcachens tillstånd, så budgetblockets minne gäller fortfarande (en ny hämtning ändrar det)."""
    from xlmodel.kallor import cache, hamtat, tolkat

    monkeypatch.setenv("XLMODEL_CACHE", str(tmp_path / "hamtat"))
    (tmp_path / "hamtat").mkdir()
    monkeypatch.setattr(hamtat, "KONTROLL_S", 0.0)
    monkeypatch.setattr(hamtat, "NYSS_S", 0.0)
    fore = hamtat.tillstand()
    tolkat._fil.cache_clear()
    assert cache.tolkat_mapp() == tmp_path / "hamtat-tolkat"
    @tolkat.tolkad("data/municipality_county.csv")
    def kommuner():
        return {"x": 1}
    assert kommuner() == {"x": 1}
    assert list((tmp_path / "hamtat-tolkat").glob("*.pickle")) and not list((tmp_path / "hamtat").iterdir())
    assert hamtat.tillstand() == fore


def test_tolkningar_lases_inte_ur_en_mapp_som_andra_kan_skriva_i(tmp_path, monkeypatch):
    """En sparad tolkning är en pickle: den läses bara ur användarens egen mapp som ingen annan kan skriva i. Ur en
    gruppskrivbar mapp tolkas filen igen (samma tabell), och mappen skapas utan skrivrätt för andra."""
    import os

    from xlmodel.kallor import cache, tolkat

    if os.name != "posix":
        pytest.skip("rättigheterna prövas på POSIX")
    monkeypatch.setenv("XLMODEL_CACHE", str(tmp_path / "hamtat"))
    tolkat._fil.cache_clear()
    anrop = []

    @tolkat.tolkad("data/municipality_county.csv")
    def las():
        anrop.append(1)
        return {"x": 1}
    assert las() == las() == {"x": 1} and len(anrop) == 1  # sparad och läst
    mapp = cache.tolkat_mapp()
    assert not mapp.stat().st_mode & 0o077
    mapp.chmod(0o775)  # gruppskrivbar: läses inte
    assert las() == {"x": 1} and len(anrop) == 2
