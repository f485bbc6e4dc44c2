"""Medföljande referensdata (källor i ``xlmodel/data/KALLOR.md``). Alla koder är strängar med ledande nolla."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from ..fel import IndataFel
from .tolkat import tolkad

_DATA = resources.files("xlmodel") / "data"
_HELTAL = re.compile(r"-?\d+(?:,-?\d+)*")


def _csv(namn: str, **kw) -> pd.DataFrame:
    with (_DATA / namn).open(encoding="utf-8") as f:
        return pd.read_csv(f, **kw)


def _csv_heltal(namn: str, textkolumn: str) -> pd.DataFrame:
    """Som ``_csv(namn, dtype={textkolumn: str})`` för en bred SCB-tabell där varje annan cell är ett heltal, men
    läst med csv-modulen till en heltalsmatris: pandas tolkar annars kolumn för kolumn (tabellerna har 100–155
    kolumner). Något annat än heltal (en tom cell, ett decimaltal) läses av pandas som förut."""
    with (_DATA / namn).open(encoding="utf-8", newline="") as f:
        huvud, *kropp = [r for r in csv.reader(f) if r]
    i = huvud.index(textkolumn)
    celler = [r[:i] + r[i + 1:] for r in kropp]
    if (any(len(r) != len(huvud) - 1 for r in celler)
            or not _HELTAL.fullmatch(",".join(v for r in celler for v in r))):  # som pandas heltal, t.ex. inte "1_000"
        return _csv(namn, dtype={textkolumn: str})
    try:
        tal = np.array([[int(v) for v in r] for r in celler], dtype=np.int64).reshape(len(celler), len(huvud) - 1)
    except OverflowError:
        return _csv(namn, dtype={textkolumn: str})
    df = pd.DataFrame(tal, columns=huvud[:i] + huvud[i + 1:])
    df.insert(i, textkolumn, [r[i] for r in kropp])
    return df


@lru_cache(maxsize=None)
@tolkad("data/municipality_county.csv")
def _kommuner() -> pd.DataFrame:
    df = _csv("municipality_county.csv", dtype=str)
    return pd.DataFrame(
        {
            "kommunkod": df["municipality_code"].str.zfill(4),
            "namn": df["municipality_name_short"],
            "lanskod": df["county_code"].str.zfill(2),
            "lan": df["county_name"],
        }
    ).sort_values("kommunkod", ignore_index=True)


def kommuner() -> pd.DataFrame:
    """De 290 kommunerna: ``kommunkod``, ``namn``, ``lanskod``, ``lan`` (indelning 2026)."""
    return _kommuner().copy()


def lan() -> pd.DataFrame:
    """De 21 länen/regionerna: ``lanskod``, ``namn`` ("Örebro län"), ``kortnamn``, ``antal_kommuner``.

    Gotland (09) är en kommun som inte ingår i en region (lag 2004:773 2 §).
    """
    return _lan().copy()


@lru_cache(maxsize=None)
def lanskoder() -> frozenset[str]:
    """Mängden giltiga länskoder (för validering)."""
    return frozenset(_lan()["lanskod"])


@lru_cache(maxsize=None)
def _lan() -> pd.DataFrame:  # läses en gång per process
    df = _csv("counties.csv", dtype=str)
    antal = _kommuner().groupby("lanskod").size()
    ut = pd.DataFrame({"lanskod": df["county_code"].str.zfill(2), "namn": df["county_name"], "kortnamn": df["county_name_short"]})
    ut["antal_kommuner"] = ut["lanskod"].map(antal).astype(int)
    return ut.sort_values("lanskod", ignore_index=True)


@lru_cache(maxsize=None)
def kommunkoder() -> frozenset[str]:
    """Mängden giltiga kommunkoder (för validering)."""
    return frozenset(_kommuner()["kommunkod"])


@lru_cache(maxsize=None)
def _lanskarta() -> pd.Series:
    return _kommuner().set_index("kommunkod")["lanskod"]


@lru_cache(maxsize=None)
def _lanskarta_dict() -> dict[str, str]:
    return dict(_lanskarta())


def lanskod_for(kommunkoder) -> pd.Series:
    """Länskoden för varje kommunkod; okänd kod ger ``IndataFel``."""
    karta = _lanskarta()
    koder = pd.Index(kommunkoder)
    okanda = [k for k in koder if k not in karta.index]
    if okanda:
        raise IndataFel(f"Okänd kommunkod {okanda[0]}.")
    return pd.Series(karta.loc[koder].to_numpy(), index=koder, name="lanskod")


#: Åren som ``skattesatser`` har (kommunens och regionens skattesats per kommun).
SKATTESATSAR = (2025, 2026)


def skattesatser(ar: int) -> pd.DataFrame:
    """Kommunal skattesats per kommun år 2025 eller 2026: ``kommunkod``, ``namn``, ``kommun``, ``region``, ``total`` (procent)."""
    if int(ar) not in SKATTESATSAR:
        raise IndataFel(f"Skattesatser för år {ar} medföljer inte (finns för 2025 och 2026).")
    return _skattesatser(int(ar)).copy()


@lru_cache(maxsize=None)
@tolkad("data/kommunalskatter_2026.csv", "data/skattesatser_kommun_2025.csv")
def _skattesatser(ar: int) -> pd.DataFrame:  # läses en gång per process och år
    if int(ar) == 2026:
        df = _csv("kommunalskatter_2026.csv", dtype={"kommunkod": str})
        ut = df.rename(columns={"kommun": "namn", "skattesats_kommun": "kommun", "skattesats_region": "region", "skattesats_total": "total"})
    elif int(ar) == 2025:
        df = _csv("skattesatser_kommun_2025.csv", dtype={"kommunkod": str})
        ut = df.rename(columns={"kommun": "namn", "kommunalskatt": "kommun", "landstingsskatt": "region"})
        ut["total"] = (ut["kommun"] + ut["region"]).round(2)
    else:
        raise IndataFel(f"Skattesatser för år {ar} medföljer inte (finns för 2025 och 2026).")
    ut["kommunkod"] = ut["kommunkod"].str.zfill(4)
    return ut[["kommunkod", "namn", "kommun", "region", "total"]].sort_values("kommunkod", ignore_index=True)


def _lang(df: pd.DataFrame, monster: dict[str, str]) -> pd.DataFrame:
    """Bred SCB-tabell (en kolumn per mått och år) till lång: en rad per region och år."""
    region = df["region"].str.split(" ", n=1)
    kod, namn = region.str[0], region.str[1]
    namn_kol = list(df.columns)  # en lista: att gå igenom ett Index med textkolumner är långsamt
    kolumner = {kort: {int(re.search(r"(\d{4})$", c).group(1)): c for c in namn_kol if c.startswith(rubrik)}
                for kort, rubrik in monster.items()}
    alla_ar = sorted({a for kol in kolumner.values() for a in kol})  # som concat: varje år något mått har
    ar, rang = np.array(alla_ar, dtype=np.int64), np.unique(kod.to_numpy(), return_inverse=True)[1]
    plats = np.lexsort((np.repeat(ar, len(df)), np.tile(rang, len(ar))))  # kolumnvis (år, rad) ordnat efter kod, år
    i_ar, rad = np.divmod(plats, len(df))  # som sort_values(["kod", "ar"]) (stabilt)
    ut = {"kod": kod.array.take(rad), "namn": namn.array.take(rad), "ar": ar[i_ar]}
    for kort, kol in kolumner.items():  # ett år som måttet saknar blir NaN (som concat:s yttre förening)
        varden = df[[kol[a] for a in alla_ar if a in kol]].to_numpy()
        if len(kol) < len(alla_ar):
            fylld = np.full((len(df), len(alla_ar)), np.nan)
            fylld[:, [j for j, a in enumerate(alla_ar) if a in kol]] = varden
            varden = fylld
        ut[kort] = varden[rad, i_ar]
    return pd.DataFrame(ut)


@lru_cache(maxsize=None)
@tolkad("data/utjamning_orebro_lan_2005_2026.csv")
def _scb_utjamning() -> pd.DataFrame:
    df = _lang(
        _csv_heltal("utjamning_orebro_lan_2005_2026.csv", "region"),
        {
            "inkomstutjamning": "Inkomstutjämning, kr/invånare",
            "kostnadsutjamning": "Kostnadsutjämning, kr/invånare",
            "strukturbidrag": "Strukturbidrag, kr/invånare",
            "inforandebidrag": "Införandebidrag, kr/invånare",
            "regleringspost": "Regleringsbidrag/avgift, kr/invånare",
            "summa_kr_per_inv": "Kommunalekonomisk utjämning, utfall kr/invånare",
            "summa_tkr": "Kommunalekonomisk utjämning, utfall, tkr",
        },
    )
    return df.rename(columns={"kod": "kommunkod"})


def scb_utjamning_orebro_lan() -> pd.DataFrame:
    """SCB OE0115, Örebro läns 12 kommuner 2005–2026, en rad per kommun och utjämningsår.

    Kolumner: ``kommunkod``, ``namn``, ``ar``, de fem delarna och summan i kr/inv, ``summa_tkr``.
    """
    return _scb_utjamning().copy()


@lru_cache(maxsize=None)
@tolkad("data/skatteunderlag_skattekraft_orebro_lan_riket_1995_2026.csv")
def _scb_skatteunderlag() -> pd.DataFrame:
    df = _lang(
        _csv_heltal("skatteunderlag_skattekraft_orebro_lan_riket_1995_2026.csv", "region"),
        {"skatteunderlag": "Skatteunderlag, kronor"},
    )
    return df


def scb_skatteunderlag() -> pd.DataFrame:
    """SCB OE0101 skatteunderlag (kr) för Riket (kod ``00``), Örebro län (``18``) och dess kommuner, 1995–2026.

    ``ar`` är utjämningsåret underlaget används (inkomstår ``ar`` − 2), inte uppräknat.
    """
    return _scb_skatteunderlag().copy()


@lru_cache(maxsize=None)
def _riket_1nov() -> pd.DataFrame:  # läses en gång per process
    return _csv("riket_folkmangd_1nov_kalibrerad.csv")


@lru_cache(maxsize=None)
def _riket_1nov_per_ar() -> dict[int, int]:  # år → folkmängd; första raden för ett år gäller (som förut)
    df = _riket_1nov()
    ut: dict[int, int] = {}
    for a, n in zip(df["utjamningsar"].tolist(), df["folkmangd_riket_1nov_foregaende_ar"].tolist()):
        ut.setdefault(int(a), int(n))
    return ut


def riket_folkmangd_1nov(ar: int) -> int:
    """Rikets folkmängd 1 november året före utjämningsåret ``ar``. KALIBRERAD ur SCB-utfall, inte officiell."""
    n = _riket_1nov_per_ar().get(int(ar))
    if n is None:
        raise IndataFel(f"Rikets folkmängd 1 november saknas för utjämningsår {ar} (finns 2005–2026).")
    return n


def orebro_lan_underlag(ar: int) -> pd.DataFrame:
    """Medföljande standarddata för ett utjämningsår: Örebro läns 12 kommuner ur SCB OE0115/OE0101.

    Kolumner: ``kommunkod``, ``namn``, ``skatteunderlag`` (kr, ej uppräknat), ``folkmangd`` (1 nov t−1,
    implicit ur SCB:s tkr-total: tkr·1000 / kr per inv, avrundat; känd bara inom ett intervall) och SCB:s
    publicerade delar i kr/inv: ``inkomstutjamning``, ``kostnadsutjamning``, ``strukturbidrag``,
    ``inforandebidrag``, ``regleringspost``, ``summa_kr_per_inv``, ``summa_tkr``.
    """
    u = _scb_utjamning()
    d = u[u["ar"] == int(ar)].drop(columns="ar").copy()
    if d.empty:
        raise IndataFel(f"SCB:s utfall för Örebro län finns för utjämningsår 2005–2026, inte {ar}.")
    d["folkmangd"] = (d["summa_tkr"] * 1000 / d["summa_kr_per_inv"]).round()
    su = _scb_skatteunderlag()
    d["skatteunderlag"] = d["kommunkod"].map(su[su["ar"] == int(ar)].set_index("kod")["skatteunderlag"])
    forst = ["kommunkod", "namn", "skatteunderlag", "folkmangd"]
    return d[forst + [c for c in d.columns if c not in forst]].reset_index(drop=True)


def orebro_lan_riket(ar: int) -> dict:
    """Rikets ``skatteunderlag`` (SCB OE0101) och ``folkmangd`` 1 nov t−1 (KALIBRERAD, se ``riket_folkmangd_1nov``)."""
    su = _scb_skatteunderlag()
    rad = su[(su["ar"] == int(ar)) & (su["kod"] == "00")]
    if rad.empty:
        raise IndataFel(f"Rikets skatteunderlag saknas för utjämningsår {ar}.")
    return {"skatteunderlag": float(rad["skatteunderlag"].iloc[0]), "folkmangd": riket_folkmangd_1nov(ar)}
