"""SYNTETISKA exempeldata. Inga verkliga utfall: bara för att visa och testa modellerna.

``kostnadsutjamning(ar)`` ger indata till ``xlmodel.kostnadsutjamning`` för alla 290 kommuner, 21 län och
regioner. Den enda verkliga uppgiften är folkmängden 31 december 2009–2019 (SCB, ``data/folkmangd_kommun_
2009_2019.csv``): 2019 används som "31 december t−2" oavsett utjämningsår, 2014 som t−7, 2009 som t−12,
2018 som t−3. Allt annat (åldersgrupper, andelar, index, Fasta index, skatteunderlag, utjämning året före,
kollektivtrafikvariabler, vårdgrupper) dras slumpmässigt med ett fast frö, kring rimliga nivåer. Resultat
beräknade ur dessa data är SYNTETISKA och får aldrig presenteras som verkliga standardkostnader eller bidrag.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .fel import ParameterFel
from .inkomstutjamning import inkomstutjamning
from .kostnad.halso_och_sjukvard import GRUPPER as HOS_GRUPPER
from .parametrar import parametrar
from .kallor.referensdata import lanskod_for
from .validering import kontrollera_ar

KALLA = ("SYNTETISK exempeldata (xlmodel.exempeldata): genererad med fast frö ur verklig folkmängd 2009–2019; "
         "inga verkliga utfall")
FRO = 881


@lru_cache(maxsize=None)
def _folkmangd() -> pd.DataFrame:
    with (resources.files(__package__) / "data" / "folkmangd_kommun_2009_2019.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype={"kommunkod": str}).set_index("kommunkod")


def _nov(fore: pd.Series, efter: pd.Series) -> pd.Series:
    """Folkmängd 1 november år y ≈ 31 dec y−1 + 10/12 av ökningen under y (syntetisk interpolation)."""
    return (fore + (efter - fore) * 10 / 12).round()


def _kommuner(rng: np.random.Generator) -> pd.DataFrame:
    f = _folkmangd()
    N = f["folkmangd_2019"].astype(float)
    n = len(N)
    lanskod = lanskod_for(N.index).to_numpy()
    u = lambda a, b: rng.uniform(a, b, n)  # noqa: E731
    gles = np.clip((5.0 - np.log10(N.to_numpy())) / 1.5, 0, 1)  # 1 = liten och gles, 0 = stor
    norr = np.clip((lanskod.astype(int) - 13) / 12, 0, 1)
    d = pd.DataFrame(index=N.index)
    d["folkmangd"] = N
    d["folkmangd_1nov"] = _nov(N, N + (N - f["folkmangd_2018"]))
    d["barn_1_5"] = (N * u(0.048, 0.066)).round()
    d["barn_6_12"] = (N * u(0.075, 0.095)).round()
    d["barn_1_5_t7"] = (d["barn_1_5"] * f["folkmangd_2014"] / N * u(0.9, 1.1)).round()
    d["index_behov_forskola"] = u(0.9, 1.1)
    d["index_behov_fritidshem"] = u(0.85, 1.15)
    d["glesbygdsindex_forskola"] = 1 + 0.25 * gles * u(0.5, 1.5)
    lon = 98 + 4 * (1 - gles) + rng.normal(0, 1.5, n)
    for verksamhet in ("forskola", "grundskola", "gymnasieskola", "ifo", "aldreomsorg"):
        d[f"loneindex_{verksamhet}"] = lon + rng.normal(0, 0.5, n)
    d["andel_1_5_foraldrar_ej_eftergymnasial"] = u(0.2, 0.45)
    d["andel_1_5_lag_disponibel_inkomst"] = u(0.05, 0.25)
    d["andel_1_5_foralder_kort_uppehallstillstand"] = u(0.01, 0.12)
    d["barn_6"] = (N * u(0.011, 0.013)).round()
    d["barn_7_15"] = (N * u(0.095, 0.115)).round()
    d["barn_6_15_t7"] = ((d["barn_6"] + d["barn_7_15"]) * f["folkmangd_2014"] / N * u(0.9, 1.1)).round()
    d["barn_7_15_utlandsk_bakgrund"] = (d["barn_7_15"] * u(0.05, 0.35)).round()
    d["glesbygdsindex_grundskola"] = 1 + 0.3 * gles * u(0.5, 1.5)
    d["ungdomar_16_18"] = (N * u(0.030, 0.038)).round()
    d["ungdomar_16_18_t3"] = (d["ungdomar_16_18"] * u(0.95, 1.05)).round()
    d["ungdomar_16_18_t7"] = (d["ungdomar_16_18"] * f["folkmangd_2014"] / N * u(0.9, 1.1)).round()
    d["glesbygdsindex_gymnasieskola"] = 1 + 0.2 * gles * u(0.5, 1.5)
    for j, ungdomar in (("t2", d["ungdomar_16_18"]), ("t3", d["ungdomar_16_18_t3"])):
        d[f"gy_elever_{j}"] = (ungdomar * u(0.85, 0.95)).round()
        d[f"gy_programkostnad_{j}"] = (d[f"gy_elever_{j}"] * u(100_000, 135_000)).round()
        d[f"gy_ej_inskrivna_{j}"] = ungdomar - d[f"gy_elever_{j}"]
    d["ifo_lag_inkomststandard_0_19"] = u(0.05, 0.2)
    d["ifo_lagutbildade_20_40"] = u(0.04, 0.12)
    d["tatortsbefolkning"] = (N * u(0.6, 0.95) * (1 - 0.4 * gles)).round()
    d["ifo_flerfamiljshus_1965_1975"] = u(0.03, 0.2)
    d["ohalsotal"] = u(18, 40)
    grans = np.isin(lanskod, ["12", "14", "17", "20", "23", "25"])
    d["ifo_granspendling"] = np.where(grans, u(0, 0.004), 0.0)
    d["vux_utan_grundlaggande_20_56"] = (N * u(0.005, 0.02)).round()
    d["vux_utan_gymnasial_20_56"] = (N * u(0.03, 0.07)).round()
    d["sfi_malgrupp_20_64"] = (N * u(0.003, 0.02)).round()
    d["befolkning_20_64"] = (N * u(0.52, 0.60)).round()
    d["andel_sysselsatta_20_64"] = u(0.72, 0.86)
    n65 = N * u(0.17, 0.28) * (1 + 0.2 * gles)
    for alder, andel, sammanboende in (("65_79", 0.72, 0.65), ("80_89", 0.22, 0.40), ("90_w", 0.06, 0.15)):
        grupp = n65 * andel * u(0.9, 1.1)
        s = np.clip(sammanboende + rng.normal(0, 0.05, n), 0.05, 0.95)
        d[f"sammanboende_{alder}"] = (grupp * s).round()
        d[f"ensamboende_{alder}"] = (grupp * (1 - s)).round()
    d["avlidna_forvantade"] = (n65 * 0.2 * u(0.95, 1.05)).round()
    d["avlidna_faktiska"] = (d["avlidna_forvantade"] * u(0.9, 1.1)).round()
    d["fodda_utanfor_norden_65_w"] = (n65 * u(0.01, 0.12)).round()
    d["tatortsgrad"] = np.clip(u(0.55, 0.99) * (1 - 0.35 * gles), 0.2, 0.99)
    d["invanare_per_km2"] = 10 ** (2.8 - 2.6 * gles + rng.normal(0, 0.3, n))
    d["glesbygdsindex_aldreomsorg"] = 1 + 0.2 * gles * u(0.5, 1.5)
    d["folkmangd_t12"] = f["folkmangd_2009"].astype(float)
    d["uppvarmningsindex"] = 1 + 0.15 * norr - 0.05 + rng.normal(0, 0.02, n)
    d["folkmangd_1nov_t6"] = _nov(f["folkmangd_2014"], f["folkmangd_2015"])
    d["folkmangd_1nov_t2"] = _nov(f["folkmangd_2018"], N)
    skattekraft = u(170_000, 260_000)
    d["skatteunderlag_fg"] = (d["folkmangd_1nov_t2"] * skattekraft).round()
    d["ovrig_utjamning_fg"] = np.round(rng.normal(0, 1500, n))
    d["boende_tatort_over_11000"] = np.where(N > 25_000, d["tatortsbefolkning"] * u(0.5, 0.9), 0.0).round()
    d["avstand_mellan_invanare"] = 10 ** (2.7 + 1.0 * gles + rng.normal(0, 0.1, n))
    d["pendlingsavstand"] = u(5_000, 40_000)
    sorm = lanskod == "04"
    vikt = np.where(sorm, N * u(0.9, 1.1), 0.0)
    d["kollektivtrafik_andel"] = np.where(sorm, vikt / vikt.sum(), 0.0)
    d["_lanskod"] = lanskod
    d["_norr"] = norr
    return d


def _lan(d: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    g = d.groupby("_lanskod")
    ut = pd.DataFrame({"boende_tatort_over_11000": g["boende_tatort_over_11000"].sum()})
    norr = g["_norr"].mean()
    ut["andel_pendlare_over_kommungrans"] = rng.uniform(0.2, 0.45, len(ut))
    ut["avstand_mellan_invanare"] = 10 ** (3.0 + 0.8 * norr + rng.normal(0, 0.1, len(ut)))
    ut.index.name = "lanskod"
    return ut.reset_index()


def _regioner(d: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    summor = ["folkmangd", "folkmangd_1nov", "folkmangd_t12", "folkmangd_1nov_t6", "folkmangd_1nov_t2",
              "skatteunderlag_fg"]
    g = d.groupby("_lanskod")
    r = g[summor].sum()
    f = _folkmangd()
    r["folkmangd_t3"] = f["folkmangd_2018"].groupby(d["_lanskod"]).sum()
    m = len(r)
    andelar = rng.dirichlet(np.full(len(HOS_GRUPPER), 20.0), m)
    for i, grupp in enumerate(HOS_GRUPPER):
        r[f"hos_{grupp}"] = (r["folkmangd_t3"] * andelar[:, i]).round()
    norr = g["_norr"].mean()
    r["index_vard_glesbygd"] = 1 + 0.04 * norr + rng.normal(0, 0.005, m)
    r["index_bemanning_glesbygd"] = 1 + 0.03 * norr + rng.normal(0, 0.005, m)
    r["loneindex_hos"] = 100 + rng.normal(0, 1.5, m)
    r["ovrig_utjamning_fg"] = np.round(rng.normal(0, 300, m))
    r.index.name = "lanskod"
    return r.reset_index()


def _inkomstutjamning_fg(tabell: pd.DataFrame, ar: int, niva: str) -> np.ndarray:
    """Inkomstutjämningen år t−1 (kr/inv) ur de syntetiska skatteunderlagen, med lagens regler för t−1.

    Saknas länsvisa skattesatser för t−1 (utjämningsår 2020: tabellerna 2017–2019 är ofullständiga): en
    förenklad approximation (SYNTETISK) med t−1 års garantinivå och utjämningsårets länsvisa bidragssats
    på hela avståndet, även för avgiftsskyldiga (parametrar ``inkomstutjamning.garantiniva`` och
    ``inkomstutjamning.skattesats.bidrag``).
    """
    nyckel = "kommunkod" if niva == "kommun" else "lanskod"
    underlag = pd.DataFrame({nyckel: tabell[nyckel], "skatteunderlag": tabell["skatteunderlag_fg"],
                             "folkmangd": tabell["folkmangd_1nov_t2"]})
    try:
        return inkomstutjamning(underlag, ar - 1, niva=niva, riket="raderna")["kr_per_inv"].to_numpy()
    except ParameterFel:
        p = parametrar()
        g = float(p[f"inkomstutjamning.garantiniva.{niva}"](ar - 1))
        satser = p[f"inkomstutjamning.skattesats.bidrag.{niva}"](ar)
        lan = lanskod_for(underlag[nyckel]) if niva == "kommun" else underlag[nyckel]
        sats = np.array([satser[k] for k in lan]) / 100
        sk = (underlag["skatteunderlag"] / underlag["folkmangd"]).to_numpy()
        msk = underlag["skatteunderlag"].sum() / underlag["folkmangd"].sum()
        return np.round(sats * (g * msk - sk))


def kostnadsutjamning(ar: int, fro: int = FRO, kommunkoder=None) -> dict:
    """SYNTETISKA indata till ``xlmodel.kostnadsutjamning(indata, ar)`` (båda nivåerna), reproducerbara.

    Returnerar ``{"kalla": ..., "kommun": DataFrame (290 rader), "region": DataFrame (21 rader),
    "lan": DataFrame (21 rader), "riket": dict}``. Varje tabell har ``attrs["kalla"]`` som börjar med
    "SYNTETISK". ``fro``: slumpfrö (samma frö och år ger samma data). ``kommunkoder``: bara dessa kommuner
    (länets och rikets uppgifter summeras då ur dem). Siffrorna är påhittade: presentera aldrig resultaten
    som verkliga.
    """
    ar = kontrollera_ar(ar)
    rng = np.random.default_rng([int(fro), ar])
    d = _kommuner(rng)
    rng_lan = np.random.default_rng([int(fro), ar, 1])
    if kommunkoder is not None:
        koder = [str(k).zfill(4) for k in kommunkoder]
        d = d.loc[koder]
    lan_tabell = _lan(d, rng_lan)
    region = _regioner(d, rng_lan)
    riket = {
        "lararlon_manad": 36_000.0, "modersmal_sva_larare": 7_000.0, "modersmal_sva_elever": 300_000.0,
        "skatteunderlag_fg": float(d["skatteunderlag_fg"].sum()), "folkmangd_1nov_fg": float(d["folkmangd_1nov_t2"].sum()),
        "kalla": KALLA,
    }
    kommun = d.drop(columns=["_lanskod", "_norr"]).reset_index()
    kommun["inkomstutjamning_fg"] = _inkomstutjamning_fg(kommun, ar, "kommun")
    region["inkomstutjamning_fg"] = _inkomstutjamning_fg(region, ar, "region")
    for tabell in (kommun, region, lan_tabell):
        tabell.attrs["kalla"] = KALLA
        tabell.attrs["syntetisk"] = True
    return {"kalla": KALLA, "kommun": kommun, "region": region, "lan": lan_tabell, "riket": riket}


__all__ = ["kostnadsutjamning", "KALLA"]
