"""Kommunalekonomisk utjämning i sin helhet per kommun (lag 2004:773): inkomstutjämningen beräknas,
övriga delar (kostnadsutjämning, strukturbidrag, införandebidrag, regleringspost) tas som givna kr/inv,
t.ex. SCB:s publicerade värden eller resultat från de andra modulerna. Summan motsvarar SCB:s
"Kommunalekonomisk utjämning, utfall" (OE0115); LSS-utjämningen (lag 2008:342) ingår inte där.
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from .inkomstutjamning import inkomstutjamning
from .kallor.referensdata import kommuner
from .parametrar import kontrollera_reformar, reform_antagande
from .validering import kontrollera_tabell

GIVNA_DELAR = ("kostnadsutjamning", "strukturbidrag", "inforandebidrag", "regleringspost")
RUBRIKER = {
    **{f"{d}_{v}": f"{t}, kr/inv ({n})" for d, t in (
        ("inkomstutjamning", "Inkomstutjämning"), ("kostnadsutjamning", "Kostnadsutjämning"), ("strukturbidrag", "Strukturbidrag"),
        ("inforandebidrag", "Införandebidrag"), ("regleringspost", "Regleringspost"), ("summa_kr_per_inv", "Summa"))
       for v, n in (("lag", "lag"), ("reform", "reform"), ("skillnad", "skillnad"))},
    **{f"summa_tkr_{v}": f"Summa, tkr ({n})" for v, n in (("lag", "lag"), ("reform", "reform"), ("skillnad", "skillnad"))},
    "namn": "Kommun",
    "folkmangd": "Folkmängd 1 nov året före",
    "skattekraft": "Skattekraft (uppräknad), kr/inv",
    "skattekraft_andel": "Skattekraft, andel av medel",
    "inkomstutjamning": "Inkomstutjämning, kr/inv",
    "kostnadsutjamning": "Kostnadsutjämning, kr/inv",
    "strukturbidrag": "Strukturbidrag, kr/inv",
    "inforandebidrag": "Införandebidrag, kr/inv",
    "regleringspost": "Regleringsbidrag/-avgift, kr/inv",
    "summa_kr_per_inv": "Summa utjämning, kr/inv",
    "summa_tkr": "Summa utjämning, tkr",
}


def kommunalekonomisk_utjamning(
    underlag: pd.DataFrame, ar: int, riket: Mapping | None = None, reform: str | None = None
) -> pd.DataFrame:
    """Alla delar per kommun i kr/inv, summan i kr/inv och tkr.

    ``underlag``: ``kommunkod``, ``skatteunderlag``, ``folkmangd`` och valfritt någon av kolumnerna i
    ``GIVNA_DELAR`` (kr/inv). En del som saknas i underlaget finns inte med i resultatet eller summan;
    ``resultat.attrs["delar"]`` listar de delar som ingår. Med ``reform`` är ett år före reformens första år med
    värden ett ``ParameterFel`` (``kontrollera_reformar``), inte lagen under reformens namn.
    """
    if reform:
        kontrollera_reformar(reform, ar)
    inkomst = inkomstutjamning(underlag, ar, riket=riket, reform=reform)
    givna = [d for d in GIVNA_DELAR if d in underlag.columns]
    delar = kontrollera_tabell(underlag, givna, kanda_koder=kommuner()["kommunkod"], namn="underlag") if givna else None
    ut = pd.DataFrame(index=inkomst.index)
    ut["namn"] = kommuner().set_index("kommunkod").loc[ut.index, "namn"]
    ut["folkmangd"] = inkomst["folkmangd"]
    ut["skattekraft"] = inkomst["skattekraft"]
    ut["skattekraft_andel"] = inkomst["skattekraft_andel"]
    ut["inkomstutjamning"] = inkomst["kr_per_inv"]
    for d in givna:
        ut[d] = delar.loc[ut.index, d]
    alla = ["inkomstutjamning", *givna]
    ut["summa_kr_per_inv"] = ut[alla].sum(axis=1)
    ut["summa_tkr"] = ut["summa_kr_per_inv"] * ut["folkmangd"] / 1000
    ut.attrs["delar"] = alla
    ut.attrs["riket"] = inkomst.attrs.get("riket")
    return ut


def jamfor_utjamning(underlag: pd.DataFrame, ar: int, reform: str, riket: Mapping | None = None) -> pd.DataFrame:
    """Samma underlag enligt lag och enligt ``reform``, sida vid sida per kommun, med skillnaden (reform − lag).

    Kolumner ``<del>_lag``, ``<del>_reform`` och ``<del>_skillnad`` (kr/inv) för varje del som räknas eller
    ges, samt summan i tkr. Ett år före reformens första år med värden är ett ``ParameterFel`` (ingen tyst kopia
    av lagen). ``attrs["antagande"]``: överläggets namngivna antagande (``om_reformen.antagande``).
    """
    om = kontrollera_reformar(reform, ar)
    lag = kommunalekonomisk_utjamning(underlag, ar, riket=riket)
    ref = kommunalekonomisk_utjamning(underlag, ar, riket=riket, reform=reform)
    ut = lag[["namn", "folkmangd"]].copy()
    for d in [*lag.attrs["delar"], "summa_kr_per_inv", "summa_tkr"]:
        ut[f"{d}_lag"] = lag[d]
        ut[f"{d}_reform"] = ref[d]
        ut[f"{d}_skillnad"] = ref[d] - lag[d]
    ut.attrs.update({"reform": reform, "antagande": reform_antagande(reform), "reform_forsta_ar": om["forsta_ar"]})
    ut.attrs["riket"] = lag.attrs.get("riket")
    return ut
