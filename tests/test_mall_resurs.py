"""Mallen Resursfördelning socialnämnden: beräknas med formulas + UDF:erna och varje cell i Ramar (8 kolumner)
och Detalj (15 kolumner) jämförs med motorn, före och efter en ändrad befolkning. Varje test bygger en ny arbetsbok."""
import pandas as pd
import pytest

import xlmodel
from xlmodel.excel.mallar import RESURS_AR, RESURS_BEFOLKNING, RESURS_MODELLER, RESURS_PRISER, bygg_resursfordelning
from xlformler import Bok, excelform, jamfor_med_motorn


@pytest.fixture
def mall(tmp_path):
    fil = bygg_resursfordelning(tmp_path / "resurs.xlsx")
    return fil, Bok(fil)


def _motor(befolkning=None, pkv=0.03):
    bef = {g: {a: n + d * i for i, a in enumerate(RESURS_AR)} for g, (n, d) in RESURS_BEFOLKNING.items()}
    for (g, a), v in (befolkning or {}).items():
        bef[g][a] = v
    priser = pd.DataFrame([[k, RESURS_AR[0], v] for k, v in RESURS_PRISER.items()], columns=["komponent", "ar", "pris"])
    return xlmodel.resursfordelning(RESURS_MODELLER.split(";"), bef, RESURS_AR, priser=priser,
                                    prisupprakning={a: pkv for a in RESURS_AR[1:]})


def _jamfor(fil, bok, res):
    ramar = xlmodel.resursfordelning_ramar(res)
    n = jamfor_med_motorn(bok, fil, {("Ramar", "A3"): excelform(ramar, index=False),
                                     ("Detalj", "A1"): excelform(res, index=False)})
    assert n == (len(ramar) + 1) * 8 + (len(RESURS_PRISER) * len(RESURS_AR) + 1) * 15
    return ramar.set_index("ar")


def test_ramarna_och_detaljen_ar_motorns(mall):
    fil, bok = mall
    ramar = _jamfor(fil, bok, _motor())
    assert set(ramar.index) == set(RESURS_AR)
    # summan av volym-, pris- och påslagseffekt är förändringen
    r = ramar.loc[RESURS_AR[-1]]
    assert r["volymeffekt"] + r["priseffekt"] + r["paslagseffekt"] == pytest.approx(r["forandring"])


def test_andrad_befolkning_flyttar_varje_cell_som_motorn(mall):
    fil, bok = mall
    # fler 80–89-åringar år 2027 (kolumn D i Befolkning, rad 4)
    bok.berakna({("Befolkning", "D4"): 1_200})
    ramar = _jamfor(fil, bok, _motor(befolkning={("80-89", 2027): 1_200}))
    assert ramar.loc[2027, "ram"] > xlmodel.resursfordelning_ramar(_motor()).set_index("ar").loc[2027, "ram"]
