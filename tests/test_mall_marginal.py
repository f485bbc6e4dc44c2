"""Bladet Marginalintäkt i Skatter och bidrag (``xlmodel.excel.mall_marginal``): typpersonerna beräknade av
``XLM_MARGINALINTAKT_TABELL`` mot handräkning och motorn. ``marginal_forvantat`` ger också de förväntade cellerna
till ``test_mall_skatter_och_bidrag`` (som jämför varje UDF-driven cell i arbetsboken)."""
import math

import pandas as pd
import pytest

import xlmodel
from xlformler import Bok, excelform
from xlmodel.excel.mall_marginal import RAD_RESULTAT, RAD_RUBRIK, RADER, TYPPERSONER
from xlmodel.excel.mallar import bygg_skatter_och_bidrag
from xlmodel.kallor.referensdata import riket_folkmangd_1nov

BLAD = "Marginalintäkt"


def _personer(kod, ant) -> pd.DataFrame:
    msk = xlmodel.skatter_och_bidrag(kod, 2026, ant, enhet="kr", kolumner="ar").attrs["medelskattekraft"][2026]
    return pd.DataFrame({"inkomst": [msk if i == "MSK" else float(i) for _, i, _ in TYPPERSONER],
                         "aldersgrupp": [g for _, _, g in TYPPERSONER]},
                        index=pd.Index([n for n, _, _ in TYPPERSONER], name="typperson"))


def marginal_forvantat(kod, ant) -> tuple[dict, dict]:
    """({(blad, översta cell): motorns tabell}, {(blad, cell): värde}) för bladet Marginalintäkt."""
    ut = xlmodel.marginalintakt(kod, 2026, _personer(kod, ant), ant)
    return ({(BLAD, f"A{RAD_RESULTAT}"): excelform(ut)},
            {(BLAD, f"B{RAD_RESULTAT + RADER + 2}"): float(ut["summa"].iloc[0])})


def test_typpersonerna_mot_handrakning_orebro_2026(tmp_path):
    """Örebro (1880) 2026, bidragskommun i Örebro län, bidragssats 19,00 % (förordning 2004:881 2 §), skattesats
    21,35 % (Skatteverket), regleringsbidrag 2 799 kr/inv (SCB). En invånare till utan inkomst ökar kommunens och
    rikets folkmängd med ett: bidraget 0,19 × (1,15 × F·SU_r/N_r × N_k − F·SU_k) ändras med
    0,19 × 1,15 × MSK × (N_r − N_k)/(N_r + 1), MSK = F·SU_r/N_r (medelskattekraften, lag 2004:773 4–5 §§)."""
    fil = bygg_skatter_och_bidrag(tmp_path / "sob.xlsx")
    bok = Bok(fil)
    tab = bok.omrade(BLAD, f"A{RAD_RESULTAT}:I{RAD_RESULTAT + len(TYPPERSONER)}")
    rubrik, rader = tab[0], {r[0]: dict(zip(tab[0], r)) for r in tab[1:]}
    assert rubrik[-1] == "summa" and list(rader) == [n for n, _, _ in TYPPERSONER]
    kr = xlmodel.skatter_och_bidrag("1880", 2026, enhet="kr", kolumner="ar")
    msk, n_k, n_r = kr.attrs["medelskattekraft"][2026], kr.attrs["folkmangd"][2026], riket_folkmangd_1nov(2026)
    assert round(msk) == 293_568  # som i marginalintakt:s docstring
    nyfodd = rader["Nyfödd"]
    assert nyfodd["skatt"] == 0 and nyfodd["regleringspost"] == 2_799 and nyfodd["kostnadsutjamning"] == 0
    assert math.isclose(nyfodd["inkomstutjamning"], 0.19 * 1.15 * msk * (n_r - n_k) / (n_r + 1), abs_tol=0.01)
    assert 63_000 < nyfodd["summa"] < 64_145 + 2_799  # ≈ 63 173 + 2 799
    # utan egen kostnadsutjämning är 7- och 85-åringen lika den nyfödda (samma inkomst 0)
    assert rader["7-åring"]["summa"] == rader["85-åring"]["summa"] == nyfodd["summa"]
    arbete = rader["20-åring i arbete"]
    assert arbete["inkomst"] == pytest.approx(msk) and arbete["skatt"] == pytest.approx(msk * 0.2135)
    # personen med medelskattekraftens inkomst: bidraget ≈ 0,19 × (1,15 − 1) × MSK (egen effekt < 2 %)
    assert arbete["inkomstutjamning"] == pytest.approx(0.19 * 0.15 * msk, rel=0.02)
    # den skalära formen under tabellen: första typpersonens summa
    assert bok.ra(BLAD, f"B{RAD_RESULTAT + RADER + 2}") == nyfodd["summa"]
    assert bok.ra(BLAD, f"A{RAD_RESULTAT + len(TYPPERSONER) + 1}") == "#N/A"  # tomma rader: dolda #N/A


def test_egen_typperson_och_kostnad_i_gula_celler(tmp_path):
    fil = bygg_skatter_och_bidrag(tmp_path / "sob.xlsx")
    bok = Bok(fil)
    r = RAD_RUBRIK + 1 + len(TYPPERSONER)
    bok.berakna({(BLAD, f"A{r}"): "90-åring", (BLAD, f"B{r}"): 120_000.0, (BLAD, f"C{r}"): "90– år, ensamboende",
                 (BLAD, f"E{r}"): 400_000.0, (BLAD, f"F{r}"): 60_000.0,
                 (BLAD, f"E{r - 1}"): 300_000.0, (BLAD, f"F{r - 1}"): 60_000.0})
    # med en ifylld kostnadskolumn måste varje rad ha värden: de övriga raderna ger motorns fel (texten i cellen)
    assert bok.ra(BLAD, f"A{RAD_RESULTAT}") == "personer rad 1, standardkostnad: värde saknas (tom cell)."  # felets text, som i Excel
    bok.berakna({(BLAD, f"{k}{RAD_RUBRIK + 1 + i}"): 60_000.0 for i in range(len(TYPPERSONER) - 1) for k in "EF"}
                | {(BLAD, f"A{r}"): "90-åring", (BLAD, f"B{r}"): 120_000.0, (BLAD, f"C{r}"): "90– år, ensamboende",
                   (BLAD, f"E{r}"): 400_000.0, (BLAD, f"F{r}"): 60_000.0,
                   (BLAD, f"E{r - 1}"): 300_000.0, (BLAD, f"F{r - 1}"): 60_000.0})
    rad = {v[0]: v for v in bok.omrade(BLAD, f"A{RAD_RESULTAT + 1}:I{RAD_RESULTAT + 5}")}
    assert rad["90-åring"][7] == 340_000 and rad["85-åring"][7] == 240_000 and rad["Nyfödd"][7] == 0
    assert rad["90-åring"][3] == pytest.approx(120_000 * 0.2135)
