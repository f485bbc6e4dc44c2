"""Issue 15, Skatter och bidrag: den snabba vägen för en cell (``budgetrad``, ``XLM_SOB_RAD``) ger samma tal som
hela blocket, summorna räknas som förut (samma räkneordning, 0 kr skillnad), och cellernas minne följer hämtcachen
(en hämtning i samma process ger nya tal, inte de minda)."""
import warnings

import numpy as np
import pandas as pd
import pytest

import xlmodel
from udfs import marginal, skatter
from xlmodel.budget import RADER, budgetrad, skatter_och_bidrag
from xlmodel.budget import block as blockmodul
from xlmodel.fel import IndataFel
from xlmodel.kallor import cache, hamtat

ANT = {"skattesats": {2026: 21.0}, "kostnadsutjamning": 500.0, "fastighetsavgift": 150e6}


@pytest.fixture(autouse=True)
def _tyst():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.mark.parametrize("kod", ["1880", "1814", "0114", "2584"])
@pytest.mark.parametrize("ant", [None, ANT])
def test_budgetrad_ar_blockets_tal(kod, ant):
    """Varje rad och enhet: den snabba vägen = ``skatter_och_bidrag(..., kolumner="ar")`` för budgetåret, exakt."""
    for enhet in ("mnkr", "tkr", "kr", "kr_per_inv", "mnkr_och_kr_per_inv"):
        block = skatter_och_bidrag(kod, 2026, ant, enhet=enhet, kolumner="ar")
        for post in RADER:
            v, ratt = budgetrad(kod, 2026, post, ant, enhet=enhet), block.loc[post].iloc[0]
            assert (np.isnan(v) and np.isnan(ratt)) or v == ratt, (kod, enhet, post)


def test_budgetrad_och_cellen_okand_rad_och_fel():
    with pytest.raises(IndataFel, match="Okänd rad 'Finns inte'. Rader: Kommunalskatt"):
        budgetrad("1880", 2026, "Finns inte")
    with pytest.raises(IndataFel, match="Okänd kommunkod 9999"):
        budgetrad("9999", 2026, "Inkomstutjämning")
    with pytest.raises(IndataFel, match="Okänd enhet"):
        budgetrad("1880", 2026, "Inkomstutjämning", enhet="mkr")
    assert skatter.XLM_SOB_RAD(1880.0, 2026.0, "LSS-utjämning") is None  # ej angivet: tom cell, aldrig tyst 0
    assert skatter.XLM_SOB_RAD(1880.0, 2026.0, "Inkomstutjämning", "kr_per_inv") == budgetrad(
        "1880", 2026, "Inkomstutjämning", {"planar": 0, "prognos": None}, enhet="kr_per_inv")


def test_summorna_raknas_som_pandas_sum_min_count():
    """``summera`` räknar summaraderna i numpy i pandas ordning: samma flyttal som ``DataFrame.sum(min_count=1)``
    (räkneordningen avgör sista biten) även med tomma delar; en summa utan någon angiven del är tom."""
    rng = np.random.default_rng(15)
    detalj = blockmodul.DETALJ
    for _ in range(300):
        n = int(rng.integers(1, 10))
        x = rng.normal(0, 1, (len(detalj), n)) * 10.0 ** rng.integers(0, 10, (len(detalj), 1))
        x[rng.random(x.shape) < 0.25] = np.nan
        rader = pd.DataFrame(x, index=detalj, columns=range(2026, 2026 + n))
        ut = blockmodul.summera(rader)
        for summa, delar in ((xlmodel.budget.SUMMA_SKATT, xlmodel.budget.SKATTERADER),
                             (xlmodel.budget.SUMMA_BIDRAG, xlmodel.budget.BIDRAGSRADER),
                             (xlmodel.budget.SCB_SUMMA, xlmodel.budget.SCB_RADER)):
            pd.testing.assert_series_equal(ut.loc[summa], rader.loc[delar].sum(min_count=1), check_names=False,
                                           check_exact=True)
        pd.testing.assert_series_equal(ut.loc[xlmodel.budget.SUMMA], ut.loc[[xlmodel.budget.SUMMA_SKATT,
                                       xlmodel.budget.SUMMA_BIDRAG]].sum(min_count=1), check_names=False, check_exact=True)


def test_cellerna_foljer_hamtcachen(tmp_path, monkeypatch):
    """En hämtning (``cache.spara``) i samma process: cellen räknas om med det hämtade värdet (tidigare minde
    UDF-lagret blocket efter bara argumenten och gav det gamla talet)."""
    monkeypatch.setenv("XLMODEL_CACHE", str(tmp_path / "cache"))
    fore = skatter.XLM_SOB_RAD(1814.0, 2026.0, "Inkomstutjämning", "kr_per_inv")
    nyckel = hamtat.tillstand()
    assert hamtat.tillstand() == nyckel  # billig och stabil utan ändring
    cache.spara("scb_utjamning", pd.DataFrame({"kommunkod": ["1814"], "ar": [2026], "inkomstutjamning": [fore + 1000.0]}),
                {"utgivare": "SCB", "tabell": "TAB9902", "uppdaterad": "2026-01-20", "hamtad": "2026-12-06T02:00:00+00:00"})
    assert hamtat.tillstand() != nyckel
    assert hamtat.datavarde("1814", "inkomstutjamning", 2026)[0] == fore + 1000.0
    assert skatter.XLM_SOB_RAD(1814.0, 2026.0, "Inkomstutjämning", "kr_per_inv") == fore + 1000.0
    monkeypatch.setenv("XLMODEL_CACHE", str(tmp_path / "tom"))  # en annan cachemapp syns direkt
    assert skatter.XLM_SOB_RAD(1814.0, 2026.0, "Inkomstutjämning", "kr_per_inv") == fore


def test_marginalcellerna_minns(monkeypatch):
    """Samma celler igen (omräkning utan ändring) räknas inte om; ändrad inkomst ger en ny beräkning."""
    anrop = []
    original = xlmodel.marginalintakt
    monkeypatch.setattr(xlmodel, "marginalintakt", lambda *a, **k: anrop.append(1) or original(*a, **k))
    for f in (marginal._en, marginal._tabell_celler):
        f.cache.cache_clear()
    omr = [["typperson", "inkomst"], ["a", 0.0], ["b", 300_000.0]]
    tab = marginal.XLM_MARGINALINTAKT_TABELL(1814.0, 2026.0, omr)
    assert marginal.XLM_MARGINALINTAKT_TABELL(1814.0, 2026.0, [list(r) for r in omr]) == tab and len(anrop) == 1
    en = marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 300_000.0)
    assert marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 300_000.0) == en == tab[2][-1] and len(anrop) == 2
    assert marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 310_000.0) != en and len(anrop) == 3


def test_annan_process_hamtning_syns_efter_kontrolltiden(tmp_path, monkeypatch):
    """En hämtning i en annan process (filen skrivs utan ``cache.spara`` i den här processen) syns när mappen
    kontrolleras igen: högst ``KONTROLL_S`` sekunder senare (här 0, så direkt)."""
    import json

    mapp = tmp_path / "cache"
    mapp.mkdir()
    monkeypatch.setenv("XLMODEL_CACHE", str(mapp))
    monkeypatch.setattr(hamtat, "KONTROLL_S", 0.0)
    assert hamtat.datavarde("1814", "inkomstutjamning", 2026) is None
    obj = {"namn": "scb_utjamning", "kallor": [{"utgivare": "SCB", "tabell": "TAB9902", "ar": [2026], "kommuner": ["1814"]}],
           "kolumner": ["kommunkod", "ar", "inkomstutjamning"], "rader": [["1814", 2026, 12345.0]]}
    (mapp / "scb_utjamning.json").write_text(json.dumps(obj), encoding="utf-8")
    v, kalla = hamtat.datavarde("1814", "inkomstutjamning", 2026)
    assert v == 12345.0 and kalla.startswith("SCB TAB9902")


def test_summera_behaller_blockets_attrs_och_indexnamn():
    rader = pd.DataFrame(1.0, index=pd.Index(blockmodul.DETALJ, name="post"), columns=[2026])
    rader.attrs = {"kallor": {"Kommunalskatt": "egen"}}
    ut = blockmodul.summera(rader)
    assert ut.attrs == {"kallor": {"Kommunalskatt": "egen"}, "ej_angivna": [], "summa_not": ""}
    assert ut.index.name == "post" and ut.loc[xlmodel.budget.SUMMA, 2026] == len(blockmodul.DETALJ)
