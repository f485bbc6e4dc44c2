"""Lagens nollsummor under varje namngiven läsning (hypothesis).

* Kostnadsutjämning (lag 2004:773 9–10 §§): bidragen och avgifterna tar ut varandra. Under läsningen
  ``strukturkostnad_vikt="1nov"`` (standard) gäller det beloppen: Σ belopp = 0 före avrundning och högst ½ kr per
  kommun efter. Under ``"31dec"`` vägs medelvärdet med folkmängden 31 dec t−2 medan beloppen räknas på 1 nov t−1
  (17 §), så Σ belopp är inte 0 (README: läsningarna); nollsumman gäller då i vägningens folkmängd.
  Alla kombinationer av läsningarna i ``LASNINGAR_VAL`` prövas, på störda exempeldata (290 kommuner).
* LSS-utjämning (förordning 2008:776 1 §): Σ bidrag = Σ avgift och belopp = kr/inv × invånare, med rikets
  standardkostnad beräknad ur raderna eller given.

Antalet exempel styrs av profilen (tests/conftest.py): "ci" i vanliga körningar, ``--hypothesis-profile=lang``
(10 000 exempel per test) för den långa körningen.
"""
from itertools import product

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

import xlmodel.exempeldata as exempeldata
from xlmodel.fel import IndataFel
from xlmodel.kostnad.gemensamma import LASNINGAR_VAL
from xlmodel.kostnadsutjamning import kostnadsutjamning
from xlmodel.lss_utjamning import ANTAL, KOSTNADER, PKIX, lss_utjamning

LASNINGAR = [dict(zip(LASNINGAR_VAL, val)) for val in product(*(sorted(v) for v in LASNINGAR_VAL.values()))]


@given(fro=st.integers(0, 10**6), lasning=st.sampled_from(LASNINGAR), rad=st.integers(0, 289),
       faktor=st.sampled_from([0.0, 0.001, 0.5, 2.0, 10.0]), kolumn=st.integers(0, 200), ar=st.sampled_from([2021, 2024]))
def test_kostnadsutjamningens_nollsumma_under_varje_lasning(fro, lasning, rad, faktor, kolumn, ar):
    ind = exempeldata.kostnadsutjamning(ar, fro=fro)
    k = ind["kommun"].copy()
    talkolumner = [c for c in k.columns if c not in ("kommunkod", "folkmangd", "folkmangd_1nov")
                   and pd.api.types.is_numeric_dtype(k[c])]
    c = talkolumner[kolumn % len(talkolumner)]
    k.loc[k.index[rad], c] = k.loc[k.index[rad], c] * faktor  # en cell störd
    try:
        ut = kostnadsutjamning({**ind, "kommun": k}, ar, lasningar=lasning)
    except IndataFel:
        event("ogiltig indata (fel, inget tal)")
        return  # störningen gjorde indata ogiltiga (t.ex. en kohort 0): ett fel, inget tal
    brutto = float(ut["belopp"].abs().sum())
    if lasning["strukturkostnad_vikt"] == "1nov":
        assert abs((ut["kr_per_inv_exakt"] * ut["folkmangd_1nov"]).sum()) <= 1e-9 * brutto + 1e-6
        assert abs(ut["belopp"].sum()) <= 0.5 * len(ut)
    else:
        assert abs((ut["kr_per_inv_exakt"] * ut["folkmangd"]).sum()) <= 1e-9 * brutto + 1e-6
    assert np.all(np.isfinite(ut["kr_per_inv"]))




@st.composite
def lss_kommuner(draw):
    from xlmodel.kallor.referensdata import kommuner
    n = draw(st.integers(2, 40))
    koder = draw(st.lists(st.sampled_from(sorted(kommuner()["kommunkod"])), min_size=n, max_size=n, unique=True))
    df = pd.DataFrame({"kommunkod": koder})
    df["folkmangd_1nov"] = draw(st.lists(st.integers(1_000, 1_000_000), min_size=n, max_size=n))
    for a in ANTAL:
        df[a] = draw(st.lists(st.integers(0, 2_000), min_size=n, max_size=n))
    df["pak"] = np.minimum(df["pak"], df["pa_lss"])
    for k in (*KOSTNADER, *PKIX):
        df[k] = draw(st.lists(st.floats(0, 3e9), min_size=n, max_size=n))
    return df


@given(df=lss_kommuner(), skillnad=st.one_of(st.none(), st.floats(-500, 500)), pak=st.sampled_from(["pa_lss", "pak"]))
def test_lss_utjamningens_nollsumma(df, skillnad, pak):
    las = {"pak_namnare": pak}  # båda läsningarna av pak-nämnaren (law_lss.md U3)
    try:
        fri = lss_utjamning(df, 2026, riket="raderna", lasningar=las)
        riket = None if skillnad is None else {"standardkostnad_riket": max(fri["standardkostnad_riket"].iloc[0] + skillnad, 1.0)}
        ut = fri if riket is None else lss_utjamning(df, 2026, riket=riket, lasningar=las)
    except IndataFel:
        event("ogiltig indata (fel, inget tal)")
        return  # t.ex. Σ S·PK-IX ≤ 0 eller en nämnare 0: ett fel, inget tal
    skala = float(ut["belopp"].abs().sum()) + 1.0
    assert abs(ut["belopp"].sum()) <= 1e-9 * skala
    assert ut["belopp"].to_numpy() == pytest.approx((ut["kr_per_inv"] * ut["folkmangd"]).to_numpy(), rel=1e-9, abs=1e-6)


def test_profilen_lang_har_minst_10000_exempel_och_star_i_readme():
    from pathlib import Path

    from hypothesis import settings
    assert settings.get_profile("lang").max_examples >= 10_000
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "python -m pytest tests/test_nollsummor.py --hypothesis-profile=lang" in readme
