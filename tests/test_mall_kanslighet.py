"""Bladet Känslighet i Skatter och bidrag (issue 15): garantinivå 110–120 % mot kommunens inkomstutjämning med
=XLM_SCENARIER. Varje cell jämförs med motorn (``xlmodel.scenarier`` på kommunens värden ur blocket) i
test_mall_skatter_och_bidrag.py; här lagens egenskaper och en ändrad garantinivå."""
import pandas as pd
import pytest

import xlmodel
from xlmodel.excel.mall_kanslighet import GARANTINIVAER, RAD_RESULTAT, RAD_VARDEN, RIKET_SKALA
from xlmodel.excel.mallar import bygg_skatter_och_bidrag
from xlformler import Bok, excelform

BLAD = "Känslighet"
G = "inkomstutjamning.garantiniva.kommun"


def kanslighet_forvantat(kod, ant, garantinivaer=GARANTINIVAER) -> tuple[dict, dict]:
    """({(blad, översta cell): motorns tabell}, {(blad, cell): värde}) för bladet Känslighet: samma härledning
    som bladet (skatteunderlag = skattekraft × folkmängd / F; riket i skala), räknad av motorn."""
    kr = xlmodel.skatter_och_bidrag(kod, 2026, ant, enhet="kr", kolumner="ar").attrs
    n, F, sk, msk = (kr[v][2026] for v in ("folkmangd", "upprakningsfaktor", "skattekraft", "medelskattekraft"))
    underlag = pd.DataFrame({"kommunkod": [kod], "skatteunderlag": [sk * n / F], "folkmangd": [n]})
    res = xlmodel.scenarier(underlag, 2026, {G: garantinivaer}, riket={"skatteunderlag": msk / F * RIKET_SKALA, "folkmangd": RIKET_SKALA})
    celler = {(BLAD, "B4"): sk * n / F, (BLAD, "B6"): msk / F * RIKET_SKALA}
    for j, g in enumerate(garantinivaer):
        kol = chr(ord("B") + j)
        celler[(BLAD, f"{kol}{RAD_RESULTAT + 2}")] = res[g].iloc[0] * n / 1e6
        celler[(BLAD, f"{kol}{RAD_RESULTAT + 3}")] = res[g].iloc[0] - kr["inkomstutjamning_kr_per_inv"][2026]
    return {(BLAD, f"A{RAD_RESULTAT}"): excelform(res)}, celler


def test_garantinivan_mot_bidraget_orebro(tmp_path):
    """Örebro (1880) 2026 är bidragskommun (sats 19,00 %, förordning 2004:881 2 §): bidraget växer med
    garantinivån med 0,19 × MSK per procentenhet × 100 (5 §), och vid 115 % (gällande lag) är det blockets."""
    fil = bygg_skatter_och_bidrag(tmp_path / "sob.xlsx")
    bok = Bok(fil)
    rad = [bok.ra(BLAD, f"{chr(ord('B') + j)}{RAD_RESULTAT + 1}") for j in range(len(GARANTINIVAER))]
    kr = xlmodel.skatter_och_bidrag("1880", 2026, enhet="kr", kolumner="ar").attrs
    msk = kr["medelskattekraft"][2026]
    assert rad[5] == kr["inkomstutjamning_kr_per_inv"][2026]  # 115 %
    for a, b in zip(rad, rad[1:]):
        assert b - a == pytest.approx(0.19 * msk * 0.01, abs=1.0)  # hela kronor per steg
    bok.berakna({(BLAD, f"B{RAD_VARDEN}"): 1.16})  # SOU 2024:50:s 116 %
    assert bok.ra(BLAD, f"B{RAD_RESULTAT + 1}") == rad[6]
