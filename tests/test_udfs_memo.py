"""Issue 15 punkt 4: en beräkning per omräkning. Mallens XLM_SOB_*-celler med samma indata delar en
blockberäkning (memoiserad efter indatas värden, begränsad), och samma områden igen räknas inte om; ändrade
indata ger nya tal. Resultaten är desamma som utan cache."""
import warnings

import pytest

import xlmodel
from udfs import lss, skatter
from xlmodel.budget import block as blockmodul
from xlmodel.minne import Lru, fryst, memo

ANT = [["variabel", 2026.0, 2027.0], ["skattesats", 21.0, None]]


@pytest.fixture
def rakna(rakna_anrop):
    antal, _ = rakna_anrop(blockmodul, "_Kalkyl")
    for f in (skatter._block, skatter._block_celler, skatter._varden_celler, blockmodul._block_kr):
        f.cache.cache_clear()
    return antal


def test_mallens_fem_celler_en_blockberakning(rakna):
    warnings.simplefilter("ignore")
    args = ("1880", 2026.0, 3.0, "pahittad_exempel_a", ANT, None)
    mnkr = skatter.XLM_SOB_BLOCK(*args, "mnkr")
    krinv = skatter.XLM_SOB_BLOCK(*args, "kr_per_inv")
    varden = skatter.XLM_SOB_VARDEN(*args)
    assert rakna["n"] == 1  # tre celler (två enheter och värdena) → en beräkning
    assert skatter.XLM_SOB_BLOCK(*[list(a) if isinstance(a, list) else a for a in args], "mnkr") == mnkr  # ny lista, samma innehåll
    assert rakna["n"] == 1
    direkt = xlmodel.skatter_och_bidrag("1880", 2026, {"prognos": "pahittad_exempel_a", "planar": 3, "skattesats": {2026: 21.0}},
                                        enhet="kr_per_inv", kolumner="ar")  # årtal som kolumner, som mallen
    assert krinv[1][1:] == [float(x) for x in direkt.iloc[0].tolist()]  # samma tal som motorn utan cache
    andrad = skatter.XLM_SOB_BLOCK("1880", 2026.0, 3.0, "pahittad_exempel_a", [["variabel", 2026.0], ["skattesats", 22.0]], None, "mnkr")
    assert rakna["n"] == 2 and andrad != mnkr  # ändrad skattesats: ny beräkning, nya tal
    assert varden[0][0] == "variabel"


def test_samma_lss_omrade_raknas_en_gang(monkeypatch):
    from test_lss_utjamning import tre_kommuner

    d = tre_kommuner()
    omr = [list(d.columns), *d.values.tolist()]
    lss._lss.cache.cache_clear()
    anrop = []
    original = xlmodel.lss_utjamning
    monkeypatch.setattr(xlmodel, "lss_utjamning", lambda *a, **k: anrop.append(1) or original(*a, **k))
    forsta = lss.XLM_LSS_TABELL(omr, 2026.0, None, "raderna")
    assert lss.XLM_LSS_TABELL([list(r) for r in omr], 2026.0, None, "raderna") == forsta
    assert len(anrop) == 1


def test_cachen_ar_begransad_och_fryser_innehall():
    raknat = []

    @memo(3)
    def f(x):
        raknat.append(x)
        return len(raknat)
    for i in range(10):
        f([[float(i)]])
    assert len(f.cache.poster) == 3 and len(raknat) == 10
    assert f([[9.0]]) == 10 and len(raknat) == 10  # senaste finns kvar
    assert fryst({"a": 1}) != fryst({"a": 1.0}) and fryst([[1.0, "x", None]]) == fryst([[1.0, "x", None]])
    lru = Lru(1)
    assert lru.hamta("a", lambda: 1) == 1 and lru.hamta("b", lambda: 2) == 2 and lru.hamta("a", lambda: 3) == 3


def test_samma_omrade_ger_samma_nyckelobjekt_och_minnet_ar_begransat():
    """Ett område med samma innehåll i nya listor blir samma nyckelobjekt (cachens uppslag jämför då inte alla byte
    igen); olika innehåll ger olika nycklar, och de sparade nyckelobjekten är högst 64."""
    from xlmodel import minne

    forsta = fryst([[1.0, "a"], [2.0, None]])
    assert fryst([[1.0, "a"], [2.0, None]]) is forsta and fryst([[1.0, "a"], [2.5, None]]) is not forsta
    for i in range(200):
        fryst([[float(i), "x"]])
    assert len(minne._KANON) <= 64
    assert fryst([[1.0, "a"], [2.0, None]]) == forsta  # utträngt: ett nytt objekt, samma nyckel


def test_nyckelord_och_positionsargument_blandas_inte_ihop():
    """f(1, x=2) och f((1,), {"x": 2}) är olika anrop och får olika svar ur cachen."""
    @memo(8)
    def f(*args, **kwargs):
        return (args, kwargs)
    assert f(1, x=2) == ((1,), {"x": 2})
    assert f((1,), {"x": 2}) == (((1,), {"x": 2}), {})


def test_nyckelobjekt_kanns_igen_pa_identiteten():
    from xlmodel.minne import Nyckelobjekt

    class K(Nyckelobjekt):
        __slots__ = ("v",)

        def __init__(self, v):
            self.v = v
    a, b = K([1]), K([1])
    assert fryst((a, 1.0)) == fryst((a, 1.0)) and fryst((a, 1.0)) != fryst((b, 1.0))
