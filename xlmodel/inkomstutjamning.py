"""Inkomstutjämning: lag (2004:773) 3–7 §§, förordning (2004:881) 2–4 §§.

För utjämningsår t och kommun (eller region) i:

* uppräknat skatteunderlag U_i = skatteunderlag_i × F_t (3 §; F_t = produkten av uppräkningsfaktorerna
  enligt lag 1965:269 4 §, parametern ``upprakningsfaktorer.faktorer``);
* uppräknad medelskattekraft MSK = ΣU / Σinvånare i landet 1 november t−1 (3 §);
* skatteutjämningsunderlag SUU_i = g × MSK × N_i, g = garantinivån (4 §);
* bidrag (SUU_i − U_i) × länsvis bidragssats om SUU_i > U_i (5 §), avgift (U_i − SUU_i) × länsvis
  avgiftssats om SUU_i < U_i (6 §); satserna enligt förordningen 2–3 §§ (7 §);
* 2014–2015: avgiften på skiktet mellan g och 125 procent av MSK tas med en lägre sats (3 a §);
* kr per invånare avrundas till hela kronor (förordningen 4 §); beloppet är kr/inv × N_i.

``skatteunderlag`` är SCB:s skatteunderlag med utjämningsårets etikett (inkomstår t−2, ej uppräknat) och
``folkmangd`` de folkbokförda 1 november t−1.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel, ParameterFel
from .parametrar import parametrar
from .niva import NIVAER, niva_tabell  # noqa: F401  (NIVAER återexporteras)
from .kallor.referensdata import kommunkoder, lan, lanskod_for
from .validering import andliga, avrunda_krontal, kontrollera_ar, kontrollera_tabell, tal


def upprakningsfaktor(ar: int, reform: str | None = None) -> float:
    """Produkten av uppräkningsfaktorerna för utjämningsår ``ar`` (lag 2004:773 3 §, lag 1965:269 4 §)."""
    return float(np.prod(parametrar(reform)["upprakningsfaktorer.faktorer"](kontrollera_ar(ar))))


def medelskattekraft(ar: int, skatteunderlag_riket: float | None = None, folkmangd_riket: float | None = None,
                     reform: str | None = None) -> float:
    """Uppräknad medelskattekraft (kr/inv): rikets uppräknade skatteunderlag / invånare 1 nov t−1 (3 §).

    Utan båda rikstalen: de medföljande (``xlmodel.riket(ar)``)."""
    if skatteunderlag_riket is None and folkmangd_riket is None:
        from .kallor.underlag import riket as medfoljande
        totaler = medfoljande(kontrollera_ar(ar))
        skatteunderlag_riket, folkmangd_riket = totaler["skatteunderlag"], totaler["folkmangd"]
    su, n = _riket({"skatteunderlag": skatteunderlag_riket, "folkmangd": folkmangd_riket}, None)
    return upprakningsfaktor(kontrollera_ar(ar), reform) * su / n


def region_underlag(underlag: pd.DataFrame) -> pd.DataFrame:
    """Summera ett kommununderlag (``kommunkod``, ``skatteunderlag``, ``folkmangd``) till regioner per län.

    Regionens skatteunderlag och folkmängd är summan över länets kommuner; Gotland (09) är sin egen region.
    """
    df = kontrollera_tabell(underlag, ["skatteunderlag", "folkmangd"], kanda_koder=kommunkoder(), namn="underlag")
    df["lanskod"] = lanskod_for(df.index).to_numpy()
    return df.groupby("lanskod")[["skatteunderlag", "folkmangd"]].sum().reset_index()


RADERNA = "raderna"  # riket="raderna": raderna räknas uttryckligen som hela landet


def hela_landet(koder, niva: str = "kommun") -> bool:
    """Sant om koderna är alla 290 kommuner (``niva="kommun"``) eller alla 21 regioner/län (``"region"``)."""
    kanda = kommunkoder() if niva == "kommun" else frozenset(lan()["lanskod"])
    return set(koder) >= set(kanda)


def rikstotaler(riket, df: pd.DataFrame, ar: int, niva: str = "kommun") -> dict:
    """Rikets ``skatteunderlag``, ``folkmangd`` och ``kalla`` för medelskattekraften (lag 3 §).

    ``riket``: givna totaler (dict); ``None``: raderna om de är hela landet, annars de medföljande rikstotalerna
    (``xlmodel.riket(ar)``) om året täcks, annars ``IndataFel`` som säger vad som ska anges;
    ``"raderna"``: raderna räknas som hela landet (t.ex. ett handräknat exempel). En delmängd räknas aldrig
    tyst som hela landet.
    """
    if isinstance(riket, str) and riket == RADERNA or riket is None and hela_landet(df.index, niva):
        vad = "hela landet" if hela_landet(df.index, niva) else "angivna som hela landet (riket='raderna')"
        kalla = f"summan av underlagets {len(df)} rader ({vad})"
        return {"skatteunderlag": float(df["skatteunderlag"].sum()), "folkmangd": float(df["folkmangd"].sum()),
                "kalla": kalla, "kalla_skatteunderlag": kalla, "kalla_folkmangd": kalla}
    if riket is None:
        from .kallor.underlag import riket as medfoljande
        try:
            riket = medfoljande(ar)
        except IndataFel as e:
            enhet = "kommuner" if niva == "kommun" else "regioner"
            raise IndataFel(
                f"Underlaget har {len(df)} av {len(kommunkoder()) if niva == 'kommun' else 21} {enhet}, och "
                f"rikets totaler för utjämningsår {ar} medföljer inte ({e}). Medelskattekraften räknas över hela "
                "landet: ange rikets skatteunderlag och folkmängd 1 nov året före (Python: riket={'skatteunderlag': "
                "..., 'folkmangd': ...}; kommandoraden: --riket-skatteunderlag och --riket-folkmangd; Excel: "
                "cellerna riket_skatteunderlag och riket_folkmangd), eller riket='raderna' om raderna är hela landet."
            ) from None
    su, n = _riket(riket, df)
    kalla = {k: str(riket.get(k, "angivna rikstotaler")) for k in ("kalla", "kalla_skatteunderlag", "kalla_folkmangd")}
    return {"skatteunderlag": su, "folkmangd": n, **kalla}


def _riket(riket, df: pd.DataFrame | None) -> tuple[float, float]:
    """Rikets skatteunderlag och folkmängd: givna i ``riket`` eller summan av raderna i ``df``.

    Ett givet skatteunderlag för riket som är mindre än radernas summa (raderna är en del av landet) ger
    IndataFel.
    """
    if riket is None:
        return float(df["skatteunderlag"].sum()), float(df["folkmangd"].sum())
    if not isinstance(riket, (Mapping, pd.Series)):
        raise IndataFel("riket: ange skatteunderlag och folkmangd för hela landet (t.ex. en dict), eller 'raderna'.")
    try:
        su, n = riket["skatteunderlag"], riket["folkmangd"]
    except KeyError as e:
        raise IndataFel(f"riket: {e.args[0]} saknas.") from None
    su, n = tal(su, "riket, skatteunderlag"), tal(n, "riket, folkmangd")
    if su <= 0 or n <= 0:
        raise IndataFel("riket: skatteunderlag och folkmängd måste vara större än noll.")
    if df is not None:
        rader = float(df["skatteunderlag"].sum())
        if rader > su * (1 + 1e-9):
            kalla = f" ({riket['kalla']})" if isinstance(riket, Mapping) and "kalla" in riket else ""
            raise IndataFel(
                f"riket, skatteunderlag: rikets totala skatteunderlag ({_tal(su)} kr{kalla}) är mindre än summan av "
                f"underlagets {len(df)} rader ({_tal(rader)} kr); ange totalen för hela landet."
            )
        # Folkmängden kontrolleras inte mot raderna: omräkningen för befolkningsökning (kostnadsutjämningens
        # eftersläpning, förordningen 18 och 25 b §§) anropar med hypotetiska folkmängder och rikets faktiska total.
    return su, n


def _tal(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def _satser(tabell: str, lanskoder: np.ndarray, behovs: np.ndarray, ar: int, p, rader: pd.Index) -> np.ndarray:
    """Länsvis skattesats (procent) per rad; saknad sats för en rad som behöver den ger ParameterFel.

    ``rader``: radernas koder (kommunkod eller lanskod), för att felet ska namnge underlagets rad.
    """
    param = p[tabell]
    karta = param(ar)
    ut = np.array([float(karta.get(kod, np.nan)) for kod in lanskoder])
    for i in np.flatnonzero(np.isnan(ut) & behovs):
        kod = lanskoder[i]
        raise ParameterFel(
            f"Länsvis skattesats saknas för län {kod} utjämningsår {ar}: underlag rad {i + 1} "
            f"({rader.name} {rader[i]}) (parameter {tabell}; källa för året: {param.referens(ar)})."
        )
    return ut


def utjamna(U, N, msk, g, s_b, s_a, grans, sankning: float, steg: float):
    """Lagens aritmetik (4–6 §§, 3 a §, förordningen 4 §) på numpy-fält som kan sändas ut (broadcast) över en
    scenarioaxel: ``U`` uppräknat skatteunderlag, ``N`` folkmängd, ``msk``, ``g``, satserna i procent (NaN där
    länet saknar sats). Delas av ``inkomstutjamning`` och ``xlmodel.scenarier``, så att båda ger samma tal.
    Returnerar (skatteutjämningsunderlag, bidragsrader, avgiftsrader, exakt kr/inv, avrundat kr/inv)."""
    suu = g * msk * N
    ar_bidrag, ar_avgift = suu > U, U > suu
    overskott = np.where(ar_avgift, U - suu, 0.0)
    avgift = overskott * np.nan_to_num(s_a) / 100
    if grans is not None:  # 2014–2015: lägre sats på skiktet upp till grans × MSK (3 a §)
        skikt = np.minimum(overskott, np.maximum(grans - g, 0.0) * msk * N)
        avgift = avgift - skikt * sankning / 100
    bidrag = np.where(ar_bidrag, (suu - U) * np.nan_to_num(s_b) / 100, 0.0)
    exakt = (bidrag - avgift) / N
    return suu, ar_bidrag, ar_avgift, exakt, avrunda_krontal(exakt / steg) * steg


def kontrollera_satser(p, niva: str, lanskoder, sb_lan, sa_lan, ar_bidrag, ar_avgift, ar: int, rader: pd.Index) -> None:
    """ParameterFel om en rad som får bidrag (avgift) i något scenario saknar länsvis bidrags- (avgifts)sats."""
    for tabell, satser, behovs in (("bidrag", sb_lan, ar_bidrag), ("avgift", sa_lan, ar_avgift)):
        behovs = np.asarray(behovs).reshape(-1, len(lanskoder)).any(axis=0)
        if np.any(behovs & np.isnan(satser)):
            _satser(f"inkomstutjamning.skattesats.{tabell}.{niva}", lanskoder, behovs, ar, p, rader)


def inkomstutjamning(
    underlag: pd.DataFrame,
    ar: int,
    niva: str = "kommun",
    riket: Mapping | pd.Series | str | None = None,
    reform: str | None = None,
) -> pd.DataFrame:
    """Inkomstutjämningsbidrag/-avgift per kommun (``niva="kommun"``) eller region (``niva="region"``).

    ``underlag``: en rad per kommun med ``kommunkod``, ``skatteunderlag`` (kr, ej uppräknat) och ``folkmangd``
    (1 nov t−1); för regioner ``lanskod`` i stället för ``kommunkod`` (se ``region_underlag``).
    ``riket``: rikets ``skatteunderlag`` och ``folkmangd``. Utan ``riket``: raderna när de är hela landet
    (290 kommuner / 21 regioner), annars de medföljande rikstotalerna ``xlmodel.riket(ar)`` när året täcks,
    annars IndataFel som säger vad som ska anges; ``riket="raderna"`` räknar raderna som hela landet.
    ``attrs["riket"]`` säger vilka totaler som användes och varifrån. Ett rikets skatteunderlag under radernas
    summa ger IndataFel. Saknad länsvis sats för en rad som behöver den ger ParameterFel som namnger län, år och rad.
    Returnerar en rad per kommun/region med bl.a. ``skattekraft`` (uppräknad, kr/inv), ``kr_per_inv``
    (+ bidrag, − avgift, hela kronor) och ``belopp`` (kr).
    """
    df = niva_tabell(underlag, ["skatteunderlag", "folkmangd"], niva, icke_negativa=["skatteunderlag"],
                     positiva=["folkmangd"], namn="underlag")
    ar = kontrollera_ar(ar)
    p = parametrar(reform)
    lanskoder = (lanskod_for(df.index) if niva == "kommun" else df.index).to_numpy()
    F = upprakningsfaktor(ar, reform)
    totaler = rikstotaler(riket, df, ar, niva)
    su_riket, n_riket = totaler["skatteunderlag"], totaler["folkmangd"]

    g = float(p[f"inkomstutjamning.garantiniva.{niva}"](ar))
    msk = medelskattekraft(ar, su_riket, n_riket, reform)
    N = df["folkmangd"].to_numpy()
    U = df["skatteunderlag"].to_numpy() * F
    sb_lan = _satser(f"inkomstutjamning.skattesats.bidrag.{niva}", lanskoder, np.zeros(len(N), bool), ar, p, df.index)
    sa_lan = _satser(f"inkomstutjamning.skattesats.avgift.{niva}", lanskoder, np.zeros(len(N), bool), ar, p, df.index)
    s_b = sb_lan + float(p[f"inkomstutjamning.skattesatsjustering.bidrag.{niva}"](ar))
    s_a = sa_lan + float(p[f"inkomstutjamning.skattesatsjustering.avgift.{niva}"](ar))
    grans = p["inkomstutjamning.avgift_nedre_skikt.grans"](ar)
    sankning = float(p[f"inkomstutjamning.avgift_nedre_skikt.{niva}"](ar)) if grans is not None else 0.0
    steg = float(p["inkomstutjamning.avrundning"](ar))
    suu, ar_bidrag, ar_avgift, exakt, kr_per_inv = utjamna(U, N, msk, g, s_b, s_a, grans, sankning, steg)
    kontrollera_satser(p, niva, lanskoder, sb_lan, sa_lan, ar_bidrag, ar_avgift, ar, df.index)

    kolumner = {"lanskod": lanskoder} if niva == "kommun" else {}
    kolumner.update(
        folkmangd=N,
        skatteunderlag=df["skatteunderlag"].to_numpy(),
        upprakningsfaktor=F,
        uppraknat_skatteunderlag=U,
        skattekraft=U / N,
        medelskattekraft=msk,
        garantiniva=g,
        skattekraft_andel=U / N / msk,
        skatteutjamningsunderlag=suu,
        typ=np.where(ar_bidrag, "bidrag", np.where(ar_avgift, "avgift", "ingen")),
        skattesats=np.where(ar_bidrag, s_b, np.where(ar_avgift, s_a, 0.0)),
        kr_per_inv_exakt=exakt,
        kr_per_inv=kr_per_inv,
        belopp=kr_per_inv * N,
    )
    ut = andliga(pd.DataFrame(kolumner, index=df.index), "inkomstutjämning")
    ut.attrs["riket"] = totaler
    return ut
