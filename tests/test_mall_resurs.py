"""Mallen Resursfördelning socialnämnden: beräknas med formulas + UDF:erna och varje cell i Ramar (8 kolumner)
och Detalj (15 kolumner) jämförs med motorn, före och efter en ändrad befolkning. Varje test bygger en ny arbetsbok."""
import pandas as pd
import pytest

import xlmodel
from xlmodel.excel.mallar import RESURS_ALLA_AR, RESURS_AR, RESURS_MAX_AR, RESURS_BEFOLKNING, RESURS_MODELLER, RESURS_PRISER, bygg_resursfordelning
from xlformler import Bok, excelform, jamfor_med_motorn


@pytest.fixture
def mall(tmp_path):
    fil = bygg_resursfordelning(tmp_path / "resurs.xlsx")
    return fil, Bok(fil)


def _motor(befolkning=None, pkv=0.03, ar=RESURS_AR):
    bef = {g: {a: n + d * i for i, a in enumerate(RESURS_ALLA_AR)} for g, (n, d) in RESURS_BEFOLKNING.items()}
    for (g, a), v in (befolkning or {}).items():
        bef[g][a] = v
    priser = pd.DataFrame([[k, RESURS_AR[0], v] for k, v in RESURS_PRISER.items()], columns=["komponent", "ar", "pris"])
    return xlmodel.resursfordelning(RESURS_MODELLER.split(";"), bef, list(ar), priser=priser,
                                    prisupprakning={a: pkv for a in RESURS_ALLA_AR[1:]})


def _med_tomma_rader(tab, rader):
    """Motorns tabell som mallen visar den: tomma rader efter sista året upp till matrisformelns höjd."""
    return tab + [[""] * len(tab[0])] * (rader - len(tab))


def _jamfor(fil, bok, res):
    ramar = xlmodel.resursfordelning_ramar(res)
    n_anm = 1 + len(RESURS_MODELLER.split(";")) * RESURS_MAX_AR  # anmärkningarna: högst en per modell och år
    anm = [["anmärkning"], *([a] for a in res.attrs["anmarkningar"])]
    n = jamfor_med_motorn(bok, fil, {
        ("Ramar", "A3"): _med_tomma_rader(excelform(ramar, index=False), RESURS_MAX_AR + 1),
        ("Ramar", "J3"): _med_tomma_rader(anm, n_anm),
        ("Detalj", "A1"): _med_tomma_rader(excelform(res, index=False), len(RESURS_PRISER) * RESURS_MAX_AR + 1)})
    assert n == (RESURS_MAX_AR + 1) * 8 + n_anm + (len(RESURS_PRISER) * RESURS_MAX_AR + 1) * 15
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


@pytest.mark.parametrize("sista", [RESURS_ALLA_AR[-1], RESURS_AR[0] + 1])
def test_horisonten_langst_och_kort_utan_fel_och_tomt_efter_sista_aret(mall, sista):
    """Inställningar!B3 = mallens sista möjliga år och en kort horisont: inga fel- eller #N/A-celler, tomma rader
    efter sista året, och varje cell som motorns (issue 13 punkt 5)."""
    fil, bok = mall
    bok.berakna({("Inställningar", "B3"): sista})
    ar = list(range(RESURS_AR[0], sista + 1))
    ramar = _jamfor(fil, bok, _motor(ar=ar))
    assert list(ramar.index) == ar
    celler = {(flik, r, k): bok.ra(flik, f"{k}{r}") for flik, rader, kol in (("Ramar", range(3, RESURS_MAX_AR + 4), "ABCDEFGH"),
              ("Detalj", range(1, len(RESURS_PRISER) * RESURS_MAX_AR + 2), "ABCDEFGHIJKLMNO")) for r in rader for k in kol}
    assert not [c for c, v in celler.items() if isinstance(v, str) and v.startswith("#")]
    assert all(celler[("Ramar", r, k)] in (None, "") for r in range(len(ar) + 4, RESURS_MAX_AR + 4) for k in "ABCDEFGH")
    assert (len(ar) < RESURS_MAX_AR) == (celler[("Ramar", RESURS_MAX_AR + 3, "B")] in (None, ""))


def test_sista_budgetar_begransas_med_dataverifiering(mall):
    fil, _ = mall
    import openpyxl
    dv = openpyxl.load_workbook(fil)["Inställningar"].data_validations.dataValidation
    b3 = [v for v in dv if "B3" in str(v.sqref)]
    assert len(b3) == 1 and b3[0].showErrorMessage
    assert (b3[0].formula1, b3[0].formula2) == ("$B$2", f"$B$2+{RESURS_MAX_AR - 1}")
    assert "högst" in b3[0].error and str(RESURS_MAX_AR) in b3[0].error
