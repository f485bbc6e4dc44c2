"""Mallen Resursfördelning socialnämnden: beräknas med formulas + UDF:erna och jämförs med motorn."""
import pandas as pd
import pytest

import xlmodel
from xlmodel.mallar import RESURS_AR, RESURS_BEFOLKNING, RESURS_MODELLER, RESURS_PRISER, bygg_resursfordelning
from xlformler import Bok


@pytest.fixture(scope="module")
def bok(tmp_path_factory):
    return Bok(bygg_resursfordelning(tmp_path_factory.mktemp("mall") / "resurs.xlsx"))


def _motor(befolkning=None, pkv=0.03):
    bef = {g: {a: n + d * i for i, a in enumerate(RESURS_AR)} for g, (n, d) in RESURS_BEFOLKNING.items()}
    if befolkning:
        for (g, a), v in befolkning.items():
            bef[g][a] = v
    priser = pd.DataFrame([[k, RESURS_AR[0], v] for k, v in RESURS_PRISER.items()], columns=["komponent", "ar", "pris"])
    res = xlmodel.resursfordelning(RESURS_MODELLER.split(";"), bef, RESURS_AR, priser=priser,
                                   prisupprakning={a: pkv for a in RESURS_AR[1:]})
    return xlmodel.resursfordelning_ramar(res).set_index("ar")


def _ramar(bok):
    rader = bok.omrade("Ramar", f"A3:H{len(RESURS_AR) + 3}")
    return {int(r[1]): dict(zip(rader[0], r)) for r in rader[1:]}


def test_ramarna_ar_motorns(bok):
    motor = _motor()
    ramar = _ramar(bok)
    assert set(ramar) == set(RESURS_AR)
    for ar in RESURS_AR:
        assert ramar[ar]["ram"] == pytest.approx(motor.loc[ar, "ram"])
        assert ramar[ar]["ram_mnkr"] == motor.loc[ar, "ram_mnkr"]
    # summan av volym-, pris- och påslagseffekt är förändringen
    r = ramar[RESURS_AR[-1]]
    assert r["volymeffekt"] + r["priseffekt"] + r["paslagseffekt"] == pytest.approx(r["forandring"])
    assert bok.varde("Detalj", "A1") == "namnd"


def test_andrad_befolkning_flyttar_ramen_som_motorn(bok):
    # fler 80–89-åringar år 2027 (kolumn D i Befolkning, rad 4)
    bok.berakna({("Befolkning", "D4"): 1_200})
    motor = _motor(befolkning={("80-89", 2027): 1_200})
    ramar = _ramar(bok)
    assert ramar[2027]["ram"] == pytest.approx(motor.loc[2027, "ram"])
    assert ramar[2027]["ram"] > _motor().loc[2027, "ram"]
