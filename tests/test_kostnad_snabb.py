"""Issue 15: kostnadsutjämningens snabba väg för en kommun (en rad och rikets storheter ur ``attrs["riket"]``)
räknar med samma formelkod som tabellen och ger samma tal, 0 kr skillnad, för varje kommun och region; Excel-
funktionerna med en rad, med hela tabellen och med samma område igen ger motorns tal."""
import numpy as np
import pandas as pd
import pytest

import xlmodel
from excelform import nyckelomrade, omrade
from udfs import kostnad
from xlmodel.kostnadsutjamning import kostnadsutjamning, kostnadsutjamning_resultat


@pytest.fixture(scope="module", params=[(2021, "kommun"), (2024, "kommun"), (2024, "region"), (2024, "kommun", "orundade")],
                ids=str)
def hela(request):
    ar, niva = request.param[:2]
    ind = xlmodel.exempeldata.kostnadsutjamning(ar)  # SYNTETISK exempeldata, alla 290 kommuner och 21 regioner
    if len(request.param) > 2:  # andelar och index utan exempeldatans avrundning: en rad räknas med numpy-skalärer,
        rng = np.random.default_rng(15)  # tabellen med fält; alla bitar ska bli desamma
        tab = ind[niva] = ind[niva].copy()
        for c in tab.select_dtypes("float").columns:
            if not (tab[c] == np.floor(tab[c])).all():
                tab[c] = tab[c] * (1 - rng.uniform(0, 1e-6, len(tab)))
    full = kostnadsutjamning(ind, ar, niva=niva, detaljer=True)
    return ar, niva, ind, full, {**ind["riket"], **full.attrs["riket"]}


def test_en_rad_som_tabellen_for_varje_kommun(hela):
    """Varje kommun (region) för sig med rikets storheter: alla kolumner, också delarna, exakt som i tabellen."""
    ar, niva, ind, full, riket = hela
    nyckel = full.index.name
    tal = full.select_dtypes("number")
    for i, rad in enumerate(ind[niva].to_dict("records")):
        en = kostnadsutjamning({niva: {k: [v] for k, v in rad.items()}, "lan": ind["lan"], "riket": riket}, ar,
                               niva=niva, detaljer=True)
        kod = en.index[0]
        assert kod == full.index[i] and en.index.name == nyckel
        assert list(en.columns) == list(full.columns)
        skillnad = np.abs(en.select_dtypes("number").to_numpy() - tal.loc[[kod]].to_numpy())
        assert np.nanmax(skillnad) == 0, kod  # bit för bit samma tal (NaN bara där tabellen har NaN)
        assert en["typ"].iloc[0] == full.loc[kod, "typ"]


def test_resultat_utan_tabell_ar_tabellen(hela):
    ar, niva, ind, full, _ = hela
    res = kostnadsutjamning_resultat(ind, ar, niva=niva, detaljer=True)
    pd.testing.assert_frame_equal(res.tabell(), full)
    kod = full.index[5]
    assert res.varde(kod, "kr_per_inv") == full.loc[kod, "kr_per_inv"]
    assert res.rad(kod)["belopp"] == full.loc[kod, "belopp"]
    with pytest.raises(xlmodel.IndataFel, match="finns inte bland indatas rader"):
        res.varde("9999", "kr_per_inv")


def test_excel_en_rad_hela_tabellen_och_samma_omrade_igen():
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    full = kostnadsutjamning(ind, 2024)
    lan, riket_in = omrade(ind["lan"]), nyckelomrade(ind["riket"])
    tab = omrade(ind["kommun"])
    riket = kostnad.XLM_KOSTNAD_RIKET(tab, 2024.0, lan, riket_in, None, None)
    kostnad._kor.cache.cache_clear()
    for kod in ("0114", "1880", "1980", "0428", "2523"):
        rad = [tab[0], next(r for r in tab[1:] if r[0] == kod)]
        assert kostnad.XLM_KOSTNAD_KRINV(rad, 2024.0, kod, lan, riket, None, None) == full.loc[kod, "kr_per_inv"]
        assert kostnad.XLM_KOSTNAD_KRINV(tab, 2024.0, float(kod), lan, riket_in, None, None) == full.loc[kod, "kr_per_inv"]
    assert len(kostnad._kor.cache.poster) == 6  # fem rader och hela tabellen en gång (samma område: ingen ny beräkning)
    igen = kostnad.XLM_KOSTNAD_KRINV([list(r) for r in tab], 2024.0, "1880", [list(r) for r in lan], riket_in, None, None)
    assert igen == full.loc["1880", "kr_per_inv"] and len(kostnad._kor.cache.poster) == 6
    andrad = [list(r) for r in tab]
    kol = tab[0].index("ohalsotal")
    rad_1880 = next(r for r in andrad[1:] if r[0] == "1880")
    rad_1880[kol] = rad_1880[kol] + 5.0
    assert kostnad.XLM_KOSTNAD_KRINV(andrad, 2024.0, "1880", lan, riket_in, None, None) != igen  # ändrat: ny beräkning
    sant = [list(r) for r in tab]
    sant[1][kol] = True  # ett sanningsvärde är inget tal, fast True == 1.0 i Python: inte samma område
    sant_1 = [list(r) for r in tab]
    sant_1[1][kol] = 1.0
    kostnad.XLM_KOSTNAD_KRINV(sant_1, 2024.0, "1880", lan, riket_in, None, None)
    with pytest.raises(xlmodel.IndataFel, match="sanningsvärdet True är inget tal"):
        kostnad.XLM_KOSTNAD_KRINV(sant, 2024.0, "1880", lan, riket_in, None, None)


@pytest.mark.parametrize("cell, fel", [(True, "sanningsvärdet True är inget tal"), (False, "sanningsvärdet False"),
                                       ("1,5", "texten '1,5' är inget tal"), ("12", "texten '12' är inget tal"),
                                       (None, "värde saknas"), (__import__("decimal").Decimal("2.5"), "är inget tal")])
def test_omrade_med_annat_an_tal_ger_felet_som_forut(cell, fel):
    """Hela området på en gång (sum i C, sedan 0/1-cellernas typer) släpper inte igenom text, tomt, Decimal eller
    sanningsvärden; felet namnger rad och kolumn som i den kolumnvisa kontrollen."""
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    tab = omrade(ind["kommun"])
    kol = tab[0].index("ohalsotal")
    tab[3][kol] = cell
    with pytest.raises(xlmodel.IndataFel, match=f"kommun rad 3 .*kolumn ohalsotal: .*{fel}"):
        kostnad.XLM_KOSTNAD_TABELL(tab, 2024.0, omrade(ind["lan"]), nyckelomrade(ind["riket"]))


def test_omrade_med_andra_taltyper_ger_samma_tal():
    """Tal av andra typer (numpy, Fraction) i ett område ger samma tal som flyttalen."""
    from fractions import Fraction
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    lan, riket = omrade(ind["lan"]), nyckelomrade(ind["riket"])
    tab = omrade(ind["kommun"])
    facit = kostnad.XLM_KOSTNAD_TABELL(tab, 2024.0, lan, riket)
    kol = tab[0].index("ohalsotal")
    andrad = [list(r) for r in tab]
    andrad[3][kol], andrad[4][kol] = np.float32(tab[3][kol]), Fraction(tab[4][kol])
    andrad[5][kol], andrad[6][kol] = Fraction(1), np.float64(0.0) + tab[6][kol]
    facit_1 = [list(r) for r in tab]
    facit_1[3][kol], facit_1[5][kol] = float(np.float32(tab[3][kol])), 1.0
    assert kostnad.XLM_KOSTNAD_TABELL(andrad, 2024.0, lan, riket) == kostnad.XLM_KOSTNAD_TABELL(facit_1, 2024.0, lan, riket)
    assert facit != kostnad.XLM_KOSTNAD_TABELL(facit_1, 2024.0, lan, riket)


def test_inkomstutjamning_pa_falt_som_tabellen():
    """Eftersläpningens omräkning (18 §) på fält ger tabellens kr/inv bit för bit, för alla rader och för en; en
    delmängd med för litet rikets skatteunderlag ger samma fel som tabellen."""
    from xlmodel.inkomstutjamning import inkomstutjamning, inkomstutjamning_falt
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)["kommun"]
    koder, su, n = ind["kommunkod"].tolist(), ind["skatteunderlag_fg"].to_numpy(), ind["folkmangd_1nov_t2"].to_numpy()
    riket = {"skatteunderlag": float(su.sum()) * 1.01, "folkmangd": float(n.sum())}
    tabell = inkomstutjamning({"kommunkod": koder, "skatteunderlag": su, "folkmangd": n}, 2023, riket=riket)
    assert np.array_equal(inkomstutjamning_falt(koder, su, n, 2023, riket), tabell["kr_per_inv"].to_numpy())
    assert inkomstutjamning_falt(koder[7:8], su[7:8], n[7:8], 2023, riket)[0] == tabell["kr_per_inv"].iloc[7]
    litet = {"skatteunderlag": float(su[:3].sum()) / 2, "folkmangd": float(n.sum())}
    with pytest.raises(xlmodel.IndataFel, match="mindre än summan av underlagets 3 rader"):
        inkomstutjamning_falt(koder[:3], su[:3], n[:3], 2023, litet)
    with pytest.raises(xlmodel.IndataFel, match="folkmangd"):  # under 1 invånare: den vanliga vägen förklarar
        inkomstutjamning_falt(koder[:1], su[:1], np.array([0.5]), 2023, riket)


@pytest.mark.parametrize("kolumn, cell, fel", [
    ("ohalsotal", True, "sanningsvärdet True är inget tal"), ("ohalsotal", "1,5", "texten '1,5' är inget tal"),
    ("ohalsotal", None, "värde saknas"), ("ohalsotal", float("nan"), "värde saknas \\(NaN\\)"),
    ("ohalsotal", float("inf"), "oändligt värde"), ("ohalsotal", -1.0, "negativt värde -1"),
    ("folkmangd_t12", 0.0, "värdet måste vara större än noll"), ("tatortsgrad", 1.5, "1,5|1.5"),
    ("inkomstutjamning_fg", -5000.0, None)])
def test_en_rad_ger_samma_fel_som_tabellen(kolumn, cell, fel):
    """En kommuns rad (kontrollen av en rad på en gång) och hela tabellen ger samma svenska fel för samma cell,
    och ett tillåtet negativt värde (inkomstutjämningen år t−1) ger inget fel på någon av vägarna."""
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    full = kostnadsutjamning(ind, 2024)
    tab, lan = omrade(ind["kommun"]), omrade(ind["lan"])
    riket = kostnad.XLM_KOSTNAD_RIKET(tab, 2024.0, lan, nyckelomrade(ind["riket"]), None, None)
    tab[1][tab[0].index(kolumn)] = cell
    kod = tab[1][0]
    if fel is None:
        assert isinstance(kostnad.XLM_KOSTNAD_KRINV([tab[0], tab[1]], 2024.0, kod, lan, riket), float)
        return
    fel_tabell = fel_rad = None
    try:
        kostnad.XLM_KOSTNAD_TABELL(tab, 2024.0, lan, nyckelomrade(ind["riket"]))
    except xlmodel.IndataFel as e:
        fel_tabell = str(e)
    try:
        kostnad.XLM_KOSTNAD_KRINV([tab[0], tab[1]], 2024.0, kod, lan, riket)
    except xlmodel.IndataFel as e:
        fel_rad = str(e)
    assert fel_tabell is not None and fel_rad == fel_tabell, (fel_tabell, fel_rad)
    assert __import__("re").search(fel, fel_rad) and f"kolumn {kolumn}" in fel_rad and "rad 1" in fel_rad
    assert full.loc[kod, "kr_per_inv"] == kostnad.XLM_KOSTNAD_KRINV([tab[0], omrade(ind["kommun"])[1]], 2024.0, kod, lan, riket)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # väntat: 0/0 på fälten
def test_division_med_noll_pa_en_rad_som_pa_falt():
    """En rad räknas på tal (Python-tal ger ZeroDivisionError där fälten ger NaN/oändligt): en division med noll
    räknas om på fält och ger samma utfall som samma rad i en tabell med två rader och rikets storheter. En
    delmodell som inte går att räkna (0/0) är ett fel som namnger delmodell och rad, inte 0 i strukturkostnaden."""
    from xlmodel.kostnad.aldreomsorg import GRUPPER
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    full = kostnadsutjamning(ind, 2024)
    riket = {**ind["riket"], **full.attrs["riket"]}
    rader = ind["kommun"].iloc[[0, 1]].copy()
    rader.loc[rader.index[0], list(GRUPPER)] = 0.0  # inga 65 år eller äldre: dödligheten delar med noll (14 a §)
    utfall = []
    for tabell in (rader.iloc[[0]], rader):
        try:
            utfall.append(kostnadsutjamning({"kommun": tabell, "lan": ind["lan"], "riket": riket}, 2024).iloc[0].tolist())
        except xlmodel.IndataFel as e:
            utfall.append(str(e))
    assert utfall[0] == utfall[1]
    assert "delmodellen aldreomsorg (rad 1, 0114) går inte att räkna" in utfall[0]  # förut tyst 0 i strukturkostnaden


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # väntat: 1e308 × invånare
def test_oandligt_resultat_pa_en_rad_som_pa_falt():
    """Ett resultat som inte är ändligt (beloppet = kr/inv × invånare > 1e308) är samma fel för en rad räknad som
    tal som för samma rad i en tabell på fält."""
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    full = kostnadsutjamning(ind, 2024)
    riket = {**ind["riket"], **full.attrs["riket"], "strukturkostnad_medel": -1e308}
    fel = []
    for tabell in (ind["kommun"].iloc[[0]], ind["kommun"].iloc[[0, 1]]):
        with pytest.raises(xlmodel.IndataFel, match="kolumnen belopp \\(rad 1, 0114\\) är inte ändligt") as e:
            kostnadsutjamning({"kommun": tabell, "lan": ind["lan"], "riket": riket}, 2024)
        fel.append(str(e.value))
    assert fel[0] == fel[1]


def test_tabellens_celler_byggs_en_gang_for_samma_omrade():
    """XLM_KOSTNAD_TABELL över samma område igen (omräkning utan ändring, nya listor med samma innehåll) ger
    samma celler ur minnet; en ändrad cell ger en ny beräkning."""
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    lan, riket = omrade(ind["lan"]), nyckelomrade(ind["riket"])
    tab = omrade(ind["kommun"])
    kostnad._tabellceller.cache.cache_clear()
    forsta = kostnad.XLM_KOSTNAD_TABELL(tab, 2024.0, lan, riket)
    igen = kostnad.XLM_KOSTNAD_TABELL([list(r) for r in tab], 2024.0, [list(r) for r in lan], riket)
    assert igen == forsta and len(kostnad._tabellceller.cache.poster) == 1
    andrad = [list(r) for r in tab]
    andrad[1][tab[0].index("ohalsotal")] += 5.0
    assert kostnad.XLM_KOSTNAD_TABELL(andrad, 2024.0, lan, riket) != forsta
    assert len(kostnad._tabellceller.cache.poster) == 2
    rubriker = forsta[0]
    assert rubriker[:2] == ["kommunkod", "namn"] and len(forsta) == 291


@pytest.mark.parametrize("form", ["vanlig", "tomma_kolumner", "langre_rad", "kortare_rad", "tom_forsta_cell",
                                  "samma_rubrik", "text_i_cell", "rubrik_som_ar"])
def test_en_rad_direkt_ur_raden_som_kolumnerna(form):
    """En kommuns rad (rubrikrad + en datarad) läses direkt ur raden (``Radkolumner``) när den har den vanliga
    formen; varje annan form går kolumnernas väg. Båda ger samma svar, eller samma svenska fel."""
    from udfs import _excel
    from xlmodel.minne import Cellomrade
    from xlmodel.validering import Radkolumner
    ind = xlmodel.exempeldata.kostnadsutjamning(2024)
    full = kostnadsutjamning(ind, 2024)
    lan, riket = omrade(ind["lan"]), nyckelomrade({**ind["riket"], **full.attrs["riket"]})
    tab = omrade(ind["kommun"])
    rubrik, rad = list(tab[0]), list(tab[7])
    if form == "tomma_kolumner":  # för stort markerat: tomma kolumner mitt i och sist
        rubrik, rad = rubrik[:3] + [None] + rubrik[3:] + [None], rad[:3] + [None] + rad[3:] + [None]
    elif form == "langre_rad":
        rad = rad + [1.0, "x"]
    elif form == "kortare_rad":
        rad = rad[:-1]
    elif form == "tom_forsta_cell":
        rad[0] = None
    elif form == "samma_rubrik":
        rubrik[5] = rubrik[6]
    elif form == "text_i_cell":
        rad[tab[0].index("ohalsotal")] = "25,5"
    elif form == "rubrik_som_ar":
        rubrik, rad = rubrik + [2025.0], rad + [3.0]
    omr = [rubrik, rad]
    direkt = form in ("vanlig", "tomma_kolumner", "langre_rad", "text_i_cell", "rubrik_som_ar")
    try:
        assert isinstance(_excel.talkolumner(Cellomrade(omr), "kommun"), Radkolumner) == direkt
    except xlmodel.IndataFel:  # (samma rubrik två gånger: kolumnernas väg ger felet)
        assert not direkt
    utfall = []
    for las in (lambda: _excel.talkolumner(Cellomrade(omr), "kommun"), lambda: _excel.kolumner(omr, "kommun")):
        try:
            utfall.append(kostnadsutjamning_resultat({"kommun": las(), "lan": ind["lan"], "riket": dict(riket[1:])},
                                                     2024).rad(tab[7][0]))
        except xlmodel.IndataFel as e:
            utfall.append(str(e))
    assert utfall[0] == utfall[1]
    if form in ("vanlig", "tomma_kolumner", "langre_rad", "rubrik_som_ar"):
        assert utfall[0]["kr_per_inv"] == full.loc[tab[7][0], "kr_per_inv"]
    kostnad._kor.cache.cache_clear()
    try:
        svar = kostnad.XLM_KOSTNAD_KRINV(omr, 2024.0, tab[7][0], lan, riket)
    except xlmodel.IndataFel as e:
        svar = str(e)
    assert (svar == utfall[0]["kr_per_inv"]) if isinstance(utfall[0], dict) else (utfall[0] in svar)
