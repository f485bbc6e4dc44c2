"""Mallen LSS-utjämning enligt Ds 1999:72: byggs, beräknas med formulas + UDF:erna och jämförs med motorn."""
import numpy as np
import pytest

import xlmodel
from xlmodel.mallar import bygg_lss_ds1999
from xlformler import Bok


@pytest.fixture(scope="module")
def bok(tmp_path_factory):
    return Bok(bygg_lss_ds1999(tmp_path_factory.mktemp("mall") / "lss.xlsx"))


def _motor(schabloner=None, sparregler=True):
    g = xlmodel.ds1999_tabell_g().dropna(subset=["invanare", "pk12_red_per10k", "boende_per10k", "daglig_per10k"])
    h = xlmodel.ds1999_tabell_h().set_index("kommun")["kostnad_rs98"]
    return xlmodel.lss_ds1999_modell1(g, h.reindex(g["kommun"]).dropna(), schabloner=schabloner, sparregler=sparregler)


def _tabell_h(bok, n):
    rader = bok.omrade("Tabell H", f"A1:K{n + 1}")
    rubrik = rader[0]
    return rubrik, {r[0]: dict(zip(rubrik, r)) for r in rader[1:]}


def test_mallen_ger_motorns_tabell_h(bok):
    motor = _motor()
    rubrik, rader = _tabell_h(bok, len(motor))
    assert rubrik[:4] == ["kommun", "kommunkod", "invanare", "standardkostnad"]
    for kommun, m in motor.iterrows():
        for k in ("standardkostnad", "bidrag_utan_sparr", "bidrag_med_sparr"):
            assert rader[kommun][k] == pytest.approx(m[k]), (kommun, k)
    # Tabell H:s publicerade standardkostnad för Botkyrka är 1 602 kr/inv
    assert rader["Botkyrka"]["standardkostnad"] == pytest.approx(1602, abs=20)


def test_andrad_schablon_slar_igenom_som_i_motorn(bok):
    motor = _motor(schabloner={"andel_boende": 0.9}, sparregler=False)
    bok.berakna({("Schabloner", "B6"): 0.9, ("Schabloner", "B7"): 0})
    _, rader = _tabell_h(bok, len(motor))
    for kommun in ("Botkyrka", "Kiruna", "Malmö"):
        assert rader[kommun]["standardkostnad"] == pytest.approx(motor.loc[kommun, "standardkostnad"])
        assert rader[kommun]["bidrag_med_sparr"] == pytest.approx(motor.loc[kommun, "bidrag_utan_sparr"])
    assert not np.isclose(rader["Botkyrka"]["standardkostnad"], _motor().loc["Botkyrka", "standardkostnad"])


def test_konf_och_om_flikar(tmp_path):
    import openpyxl
    wb = openpyxl.load_workbook(bygg_lss_ds1999(tmp_path / "l.xlsx"))
    assert wb.sheetnames[0] == "Om" and "xlwings.conf" in wb.sheetnames
    assert wb["xlwings.conf"]["A1"].value == "UDF Modules" and "udfs.lss" in wb["xlwings.conf"]["B1"].value
    assert wb["Schabloner"]["B3"].fill.fgColor.rgb.endswith("FFFF99")
