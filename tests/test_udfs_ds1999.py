"""UDF:erna för Ds 1999:72 (``udfs.ds1999``) med Excel-formade indata, jämförda med motorn och Ds:ens tabeller."""
import pandas as pd
import pytest

import xlmodel
from excelform import omrade
from udfs import ds1999
from udfs._excel import till_excel
from xlmodel import IndataFel
from xlmodel.lss_ds1999 import MATPUNKTER


def test_lss1999_skalara_former():
    g = xlmodel.ds1999_tabell_g().set_index("kommun").loc["Botkyrka"]
    sk = ds1999.XLM_LSS1999_STANDARDKOSTNAD(float(g.invanare), g.pk12_red_per10k, g.boende_per10k, g.daglig_per10k, None)
    assert sk == pytest.approx(1602, abs=20)  # Tabell H: Botkyrka 1 602 kr/inv
    # spärreglerna på Tabell H:s egna tal: Danderyd 1 491 kr/inv kostnad, −312 utan spärr → −258 med (Tabell H)
    assert ds1999.XLM_LSS_SPARREGLER(1491.0, -312.0, None) == pytest.approx(-258, abs=3)
    assert ds1999.XLM_LSS1999_BEHOV(21.0, None) == [[1, pytest.approx(195_000, abs=5_000)]]  # Tabell 4
    assert ds1999.XLM_LSS1999_BEHOV(140.0, None)[0][0] == 6
    assert ds1999.XLM_SODERTORN_NIVA([[8.0] * 10]) == 5


def test_sparregler_utan_kostnad_ar_ett_fel():
    """En ensam cell utan kostnad ska inte ge bidraget tillbaka som om spärreglerna prövats."""
    for tom in (None, "", float("nan")):
        with pytest.raises(IndataFel, match="kostnad: värde saknas"):
            ds1999.XLM_LSS_SPARREGLER(tom, 1.0, None)


def test_lss1999_tabell_och_fel():
    omr = [["kommun", "invanare", "pk12_red_per10k", "boende_per10k", "daglig_per10k", "kostnad"],
           ["A", 10_000.0, 30.0, 15.0, 20.0, 2000.0], ["B", 30_000.0, 20.0, 10.0, 12.0, None]]
    ut = ds1999.XLM_LSS1999_TABELL(omr, None, None, None, None, None, None)
    g = pd.DataFrame(omr[1:], columns=omr[0]).drop(columns="kostnad")
    assert ut == till_excel(xlmodel.lss_ds1999_modell1(g, pd.Series({"A": 2000.0})))
    # för hand (5.1.2–5.1.4): A = (30 × 102 000 + 15 × 500 000 + 20 × 138 000) / 10 000 = 1 332,
    # B = (20 × 102 000 + 10 × 500 000 + 12 × 138 000) / 10 000 = 869,6; riket (invånarvägt)
    # = (10 000 × 1 332 + 30 000 × 869,6) / 40 000 = 985,2; A bidrag 1 332 − 985,2 = 346,8, men spärregel 4
    # (kostnad 2 000 över 1 750: bidrag högst ned till 1 750) ger 250; B utan kostnad: ingen spärr, −115,6.
    k = {n: ut[0].index(n) for n in ut[0]}
    a, b = ut[1], ut[2]
    assert (a[k["standardkostnad"]], b[k["standardkostnad"]]) == (pytest.approx(1332), pytest.approx(869.6))
    assert a[k["standardkostnad_riket"]] == pytest.approx(985.2)
    assert a[k["bidrag_utan_sparr"]] == pytest.approx(346.8) and a[k["bidrag_med_sparr"]] == pytest.approx(250)
    assert b[k["bidrag_med_sparr"]] == pytest.approx(-115.6) and b[k["netto_med_sparr"]] is None
    with pytest.raises(IndataFel):
        ds1999.XLM_LSS1999_STANDARDKOSTNAD(0.0, 30.0, 15.0, "tjugo", None)


PERSONER = [["kommun", "timmar_per_vecka"], ["A", 21.0], ["A", 140.0], ["A", 10.0], ["B", 70.0]]
INVANARE = [["kommun", "invanare"], ["A", 10_000.0], ["B", 30_000.0], ["C", 10_000.0], [None, None]]


def test_modell2_tabell_och_skalar_ar_motorn():
    motor = xlmodel.lss_ds1999_modell2(pd.DataFrame(PERSONER[1:], columns=PERSONER[0]),
                                       pd.Series({"A": 10_000.0, "B": 30_000.0, "C": 10_000.0}))
    ut = ds1999.XLM_LSS1999_MODELL2(PERSONER, INVANARE, None, None)
    assert ut == till_excel(motor)
    # för hand (5.2.2, tabell 4): A = (3 + 20) tim/dag, B = 10 tim/dag, × 365 × 178 kr; nivå 0 räknas inte
    A, B = 23 * 365 * 178, 10 * 365 * 178
    riket = (A + B) / 50_000
    assert ds1999.XLM_LSS1999_MODELL2_KRINV(PERSONER, INVANARE, "A", None, None) == pytest.approx(A / 10_000 - riket)
    assert ds1999.XLM_LSS1999_MODELL2_KRINV(PERSONER, INVANARE, "C", None, None) == pytest.approx(-riket)
    noll = ds1999.XLM_LSS1999_MODELL2(PERSONER, INVANARE, None, 0.0)
    assert noll[1][noll[0].index("behov")] == pytest.approx(A + 1 * 365 * 178)
    kont = xlmodel.lss_ds1999_modell2(pd.DataFrame(PERSONER[1:], columns=PERSONER[0]),
                                      pd.Series({"A": 1e4, "B": 3e4, "C": 1e4}), kontinuerlig=True)
    assert ds1999.XLM_LSS1999_MODELL2_KRINV(PERSONER, INVANARE, "B", 1.0, None) == kont.loc["B", "kr_per_inv"]
    with pytest.raises(IndataFel, match="kommun D finns inte"):
        ds1999.XLM_LSS1999_MODELL2_KRINV(PERSONER, INVANARE, "D", None, None)
    with pytest.raises(IndataFel, match="invanare: kolumnen invanare saknas"):
        ds1999.XLM_LSS1999_MODELL2(PERSONER, [["kommun", "folk"], ["A", 1.0]], None, None)


def test_behov_och_sodertorn_tabeller_ar_motorn():
    omr = [["person", "timmar_per_vecka"], ["p1", 21.0], ["p2", 140.0], ["p3", 50.0]]
    ut = ds1999.XLM_LSS1999_BEHOV_TABELL(omr, None)
    motor = xlmodel.lss_ds1999_behovsniva(pd.Series([21.0, 140.0, 50.0]))
    assert ut == till_excel(pd.concat([pd.DataFrame({"person": ["p1", "p2", "p3"]}), motor], axis=1), index=False)
    assert [r[ut[0].index("niva")] for r in ut[1:]] == [1, 6, 3]  # Tabell 4: 20–24, ≥140, 35–54 timmar
    assert ut[1:] == [[p, t, *ds1999.XLM_LSS1999_BEHOV(t, None)[0]] for p, t in omr[1:]]  # = skalärformen rad för rad
    summor = [0, 17, 18, 54, 80]
    rader = [[float(min(8, max(0, s - 8 * j))) for j in range(10)] for s in summor]
    poang = pd.DataFrame(rader, columns=MATPUNKTER)
    ut = ds1999.XLM_SODERTORN_NIVA_TABELL(omrade(poang.assign(namn=list("abcde"))[["namn", *MATPUNKTER]]))
    assert ut == till_excel(pd.concat([pd.DataFrame({"namn": list("abcde")}), xlmodel.sodertorn_niva(poang)], axis=1), index=False)
    assert [r[-1] for r in ut[1:]] == [0, 1, 2, 4, 5]  # bilaga 4: 0,0 | 1,7 | 1,8 | 5,4 | 8,0
    assert [r[-1] for r in ut[1:]] == [ds1999.XLM_SODERTORN_NIVA([r]) for r in rader]
    # tio kolumner med egna rubriker går också
    egna = [[f"m{i}" for i in range(10)], *rader]
    assert [r[-1] for r in ds1999.XLM_SODERTORN_NIVA_TABELL(egna)[1:]] == [0, 1, 2, 4, 5]
    with pytest.raises(IndataFel, match="tio mätpunkterna"):
        ds1999.XLM_SODERTORN_NIVA_TABELL([r[:9] for r in egna])
    with pytest.raises(IndataFel, match="timmar_per_vecka saknas"):
        ds1999.XLM_LSS1999_BEHOV_TABELL([["timmar"], [3.0]], None)


def test_modell1_skalar_bidrag_ar_tabellens_rad():
    """XLM_LSS1999_KRINV med rikets standardkostnad ur tabellen ger samma bidrag som tabellformen (5.1.2–5.1.4)."""
    omr = [["kommun", "invanare", "pk12_red_per10k", "boende_per10k", "daglig_per10k", "kostnad"],
           ["A", 10_000.0, 30.0, 15.0, 20.0, 2000.0], ["B", 30_000.0, 20.0, 10.0, 12.0, 1000.0]]
    ut = ds1999.XLM_LSS1999_TABELL(omr, None, None, None, None, None, None)
    k = {n: ut[0].index(n) for n in ut[0]}
    riket = ut[1][k["standardkostnad_riket"]]
    for r, rad in zip(omr[1:], ut[1:]):
        assert ds1999.XLM_LSS1999_KRINV(*r[1:5], riket, r[5], None, None, None) == pytest.approx(rad[k["bidrag_med_sparr"]])
        assert ds1999.XLM_LSS1999_KRINV(*r[1:5], riket, None, None, 0.0, None) == pytest.approx(rad[k["bidrag_utan_sparr"]])
    # för hand (5.1.2): A = (30 × 102 000 + 15 × 500 000 + 20 × 138 000) / 10 000 = 1 332 kr/inv
    assert ut[1][k["standardkostnad"]] == pytest.approx(1332)
    with pytest.raises(IndataFel, match="kostnad: värde saknas"):
        ds1999.XLM_LSS1999_KRINV(*omr[1][1:5], riket, None, None, None, None)


def test_sodertorn_fordelning_ar_motorn():
    personer = [["enhet", "niva"], ["A", 1.0], ["A", 1.0], ["A", 3.0], ["B", 5.0]]
    kostnad = [["niva", "kr"], [1.0, 100_000.0], [2.0, 200_000.0], [3.0, 300_000.0], [4.0, 400_000.0], [5.0, 500_000.0]]
    ut = ds1999.XLM_SODERTORN_FORDELNING(personer, kostnad)
    motor = xlmodel.sodertorn_fordelning(pd.DataFrame(personer[1:], columns=personer[0]), {n: 100_000.0 * n for n in range(1, 6)})
    assert ut == till_excel(motor)
    assert ds1999.XLM_SODERTORN_BELOPP(personer, kostnad, "A") == 2 * 100_000 + 300_000  # bilaga 4: Σ personer × nivåkostnad
    with pytest.raises(IndataFel, match="enhet C finns inte"):
        ds1999.XLM_SODERTORN_BELOPP(personer, kostnad, "C")
