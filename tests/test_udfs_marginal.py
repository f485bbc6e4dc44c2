"""UDF:erna för marginalintäkt (``udfs.marginal``) med Excel-formade indata, mot handräkning och motorn.

Handräkningen (samma som i ``xlmodel.marginalintakt``:s docstring): Lekeberg (1814) 2026, bidragskommun i Örebro
län med bidragssats 19,00 % (förordning 2004:881 2 §), skattesats 21,43 % (SCB), medelskattekraft
1,08569 × rikets skatteunderlag / rikets folkmängd ≈ 293 568 kr, regleringsbidrag 2 799 kr/inv (SCB 2026),
strukturbidrag 0.
"""
import pandas as pd
import pytest

import xlmodel
from udfs import marginal
from xlmodel.fel import IndataFel, XlmodelFel

RUBRIK = ["Typperson", "inkomst", "aldersgrupp", "ar_sedan_inflytt", "standardkostnad", "medelstandardkostnad"]


def test_en_typperson_mot_handrakning_lekeberg_2026():
    # 300 000 kr: skatt 0,2143 × 300 000 = 64 290; inkomstutjämning ≈ 0,19 × (1,15 × 293 568 − 300 000) ≈ 7 145;
    # + regleringsbidrag 2 799 ≈ 74 234 kr.
    assert marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 300_000.0, None, None, None, None, "skatt") == 64_290
    assert abs(marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 300_000.0, None, None, None, None, "Inkomstutjamning ")
               - 7_145) < 5
    assert marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 300_000.0, post="regleringspost") == 2_799
    summa = marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 300_000.0)
    assert abs(summa - (64_290 + 7_145 + 2_799)) < 5
    # En nyfödd (inkomst 0): inkomstutjämning ≈ 0,19 × 1,15 × 293 568 ≈ 64 145 kr, ≈ 52 kr mindre i modellen
    # (personen sänker själv medelskattekraften), och ingen skatt.
    noll = marginal.XLM_MARGINALINTAKT("1814", 2026, 0.0, "0 år", None, None, None, "inkomstutjamning")
    assert 0 < 64_145 - noll < 100
    # Egen standardkostnad: kostnadsutjämningen = 250 000 − 60 000 kr (lag 2004:773 9–10 §§) läggs till summan.
    med_kostnad = marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 300_000.0, "90– år, ensamboende", None, 250_000.0, 60_000.0)
    assert med_kostnad - summa == pytest.approx(190_000)
    # Inflyttad i år (0 år sedan): skatten kommer först efter två år (skatteunderlaget är inkomstår t−2).
    assert marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 300_000.0, None, 0.0, None, None, "skatt") == 0


def test_tabellformen_ar_motorn_och_skalara_formen():
    omr = [RUBRIK,
           ["Nyfödd", 0.0, "0 år", None, None, None],
           ["7-åring", 0.0, "7–12 år", None, None, None],
           ["20-åring i arbete", 300_000.0, "20–64 år", None, None, None],
           [None, None, None, None, None, None]]  # för stort markerat område
    ut = marginal.XLM_MARGINALINTAKT_TABELL(1814.0, 2026.0, omr)
    assert ut[0] == ["typperson", "aldersgrupp", "inkomst", "skatt", "inkomstutjamning", "regleringspost",
                     "strukturbidrag", "kostnadsutjamning", "summa"]
    assert [r[0] for r in ut[1:]] == ["Nyfödd", "7-åring", "20-åring i arbete"]
    motor = xlmodel.marginalintakt("1814", 2026, pd.DataFrame({"aldersgrupp": ["0 år", "7–12 år", "20–64 år"],
                                                               "inkomst": [0.0, 0.0, 300_000.0]}))
    for rad, (_, m) in zip(ut[1:], motor.iterrows()):
        assert rad[3:] == [m[k] for k in ut[0][3:]]
    # samma tal som den skalära formen, rad för rad
    for rad in ut[1:]:
        assert rad[-1] == marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, rad[2], rad[1])
    # utan typperson-kolumn numreras raderna 1, 2, ...
    utan = marginal.XLM_MARGINALINTAKT_TABELL(1814.0, 2026.0, [["inkomst"], [0.0], [300_000.0]])
    assert [r[0] for r in utan] == ["rad", 1, 2] and utan[2][-1] == ut[3][-1]


def test_tabellformen_med_egen_kostnad_och_fel():
    omr = [RUBRIK, ["85-åring", 0.0, "80–89 år, ensamboende", None, 250_000.0, 60_000.0],
           ["Nyfödd", 0.0, "0 år", None, 120_000.0, 60_000.0]]
    ut = marginal.XLM_MARGINALINTAKT_TABELL(1814.0, 2026.0, omr)
    kol = ut[0].index("kostnadsutjamning")
    assert [r[kol] for r in ut[1:]] == [190_000, 60_000]
    # en ifylld kolumn med en tom cell: motorns fel namnger raden
    with pytest.raises(IndataFel, match="rad 2, standardkostnad"):
        marginal.XLM_MARGINALINTAKT_TABELL(1814.0, 2026.0, [RUBRIK, ["a", 0.0, "0 år", None, 1.0, 1.0],
                                                            ["b", 0.0, "0 år", None, None, 1.0]])
    with pytest.raises(IndataFel, match="Okänd post 'skat'"):
        marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 0.0, post="skat")
    with pytest.raises(IndataFel, match="medelstandardkostnad"):
        marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, 0.0, None, None, 100_000.0)
    with pytest.raises(IndataFel, match="inkomst"):
        marginal.XLM_MARGINALINTAKT_TABELL(1814.0, 2026.0, [["typperson", "aldersgrupp"], ["a", "0 år"]])
    with pytest.raises(XlmodelFel):
        marginal.XLM_MARGINALINTAKT(1814.0, 2026.0, -1.0)  # negativ inkomst
