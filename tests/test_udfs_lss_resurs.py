"""UDF:erna för LSS och resursfördelning med Excel-formade indata, jämförda med motorn och publicerade tal."""
import pandas as pd
import pytest

import xlmodel
from udfs import lss, resurs
from xlmodel import IndataFel


def test_lss1999_skalara_former():
    g = xlmodel.ds1999_tabell_g().set_index("kommun").loc["Botkyrka"]
    sk = lss.XLM_LSS1999_STANDARDKOSTNAD(float(g.invanare), g.pk12_red_per10k, g.boende_per10k, g.daglig_per10k, None)
    assert sk == pytest.approx(1602, abs=20)  # Tabell H: Botkyrka 1 602 kr/inv
    # spärreglerna på Tabell H:s egna tal: Danderyd 1 491 kr/inv kostnad, −312 utan spärr → −258 med (Tabell H)
    assert lss.XLM_LSS_SPARREGLER(1491.0, -312.0, None) == pytest.approx(-258, abs=3)
    assert lss.XLM_LSS1999_BEHOV(21.0, None) == [[1, pytest.approx(195_000, abs=5_000)]]  # Tabell 4
    assert lss.XLM_LSS1999_BEHOV(140.0, None)[0][0] == 6
    assert lss.XLM_SODERTORN_NIVA([[8.0] * 10]) == 5


def test_lss1999_tabell_och_fel():
    omr = [["kommun", "invanare", "pk12_red_per10k", "boende_per10k", "daglig_per10k", "kostnad"],
           ["A", 10_000.0, 30.0, 15.0, 20.0, 2000.0], ["B", 30_000.0, 20.0, 10.0, 12.0, None]]
    ut = lss.XLM_LSS1999_TABELL(omr, None, None, None, None, None, None)
    g = pd.DataFrame(omr[1:], columns=omr[0]).drop(columns="kostnad")
    motor = xlmodel.lss_ds1999_modell1(g, pd.Series({"A": 2000.0}))
    assert [r[ut[0].index("bidrag_med_sparr")] for r in ut[1:]] == pytest.approx(motor["bidrag_med_sparr"].fillna(-1e9).tolist())
    with pytest.raises(IndataFel):
        lss.XLM_LSS1999_STANDARDKOSTNAD(0.0, 30.0, 15.0, "tjugo", None)


def test_resurs_udfer_mot_motorn_och_seed_000():
    assert resurs.XLM_SPARBETING(1_419.4e6, 0.025) == pytest.approx(35.485e6)  # seed 000: 2,5 % av 1 419,4 mnkr
    assert resurs.XLM_STATSBIDRAG_PER_INV(2e9, 10_378_449.0) == pytest.approx(192.7, abs=0.05)  # seed 003: ≈ 193
    bef = [["grupp", 2024.0, 2025.0], ["invanare", 19_000.0, 19_200.0]]
    pr = [["komponent", "pris"], ["ifo", 4_500.0]]
    ram = resurs.XLM_RESURS_RAM("socialnamnden_ifo", bef, 2024.0, pr, None)
    assert ram == pytest.approx(4_500 * 1.05 * 19_000)  # seed 001: påslag 5 % från 2023
    with pytest.raises(IndataFel):
        resurs.XLM_RESURS_RAM("socialnamnden_ifo", bef, 2026.0, pr, None)


def test_lss_utjamning_udfer_mot_motorn():
    """XLM_LSS_TABELL och XLM_LSS_KRINV (förordning 2008:776) med Excel-formade områden, mot motorn."""
    from test_lss_utjamning import tre_kommuner
    from xlmodel.lss_utjamning import ANTAL, RS_RADER

    df = tre_kommuner()
    omr = [list(df.columns)] + [[float(v) if not isinstance(v, str) else v for v in r] for r in df.itertuples(index=False)]
    ut = lss.XLM_LSS_TABELL(omr, 2026.0, None)
    motor = xlmodel.lss_utjamning(df, 2026)
    kol = ut[0].index("kr_per_inv")
    assert [r[kol] for r in ut[1:]] == pytest.approx(motor["kr_per_inv"].tolist())
    # en kommun med rikets värden givna (korrigeringsfaktor och riksgenomsnitt från hela beräkningen)
    riket = {k: float(df[k].sum()) for k in (*ANTAL, *RS_RADER)}
    for k in ("korrigeringsfaktor", "standardkostnad_riket", "nivajustering"):
        riket[k] = float(motor[k].iloc[0])
    riket_omr = [list(riket), list(riket.values())]
    v = lss.XLM_LSS_KRINV([omr[0], omr[2]], 2026.0, riket_omr, None)
    assert v == pytest.approx(motor.loc[motor.index[1], "kr_per_inv"])
