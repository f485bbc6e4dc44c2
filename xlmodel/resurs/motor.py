"""Motorn: ramar per komponent och år enligt metoderna niva (Sjöbo) och inkrementell (Vara), och summan per nämnd.
Formlerna och resultatets kolumner beskrivs i ``xlmodel.resurs``."""
from __future__ import annotations

import numbers
from typing import Mapping

import numpy as np
import pandas as pd

from ..fel import IndataFel, ParameterFel
from ..validering import andliga, kontrollera_ar, normalisera_kod, tal
from .modell import PRISENHETER, Modell, _modeller_ur
from .priser import _paslag, _pkv, _pris, _priser_som_dict, _prisserie
from .volymer import _volymtabell, _Volymer

UPPRAKNAD_RAM = "Föregående ram uppräknad"
KOLUMNER = [
    "namnd", "modell", "ar", "komponent", "volym", "pris", "prisenhet", "pris_kr", "paslag", "belopp",
    "belopp_mnkr", "forandring", "volymeffekt", "priseffekt", "paslagseffekt",
]


def _ar_lista(ar) -> list[int]:
    if isinstance(ar, (str, numbers.Real)):
        return [kontrollera_ar(ar)]
    lista = sorted({kontrollera_ar(a) for a in ar})
    if not lista:
        raise IndataFel("Inga budgetår angivna.")
    return lista


def _arsvarden(m: Modell, vol: _Volymer, ar: int, priser, pkv) -> list[dict]:
    """Volym, pris och påslag per komponent för ett budgetår (fel om något saknas)."""
    s = _paslag(m, ar)
    return [
        {"komponent": k.namn, "volym": vol.volym(m, k, ar), "pris": _pris(m, k, ar, priser, pkv), "paslag": s}
        for k in m.komponenter
    ]


def _rad(m: Modell, ar: int, kod: str, komponent: str, **v) -> dict:
    rad = {"kommunkod": kod, "namnd": m.namnd, "modell": m.namn, "ar": ar, "komponent": komponent,
           "prisenhet": m.prisenhet}
    rad.update(v)
    return rad


def _fore(m: Modell, vol: _Volymer, t: int, priser, pkv, anmarkningar: list[str]) -> list[dict] | None:
    """Året före ``t`` för att dela upp förändringen; None (och en anmärkning i ``anmarkningar``) bara när året
    före ligger utanför indata: befolkningen saknar dess år, eller priserna börjar efter det. Andra fel för året
    före (saknad PKV, påslag, negativt pris) går igenom: de blir aldrig tysta NaN."""
    saknas = [t - 1 + o for o in m.volym_ar if t - 1 + o not in vol.pivot.columns]
    serier = {k.namn: _prisserie(m, k, priser) for k in m.komponenter}
    utan_pris = [n for n, p in serier.items() if not isinstance(p, float) and all(a > t - 1 for a in p)]
    if saknas or utan_pris:
        skal = (f"befolkningen saknar år {', '.join(map(str, saknas))}" if saknas
                else f"priserna börjar efter {t - 1} ({', '.join(utan_pris)})")
        anmarkningar.append(f"{m.namn} {t}: förändringen mot {t - 1} delas inte upp i volym-, pris- och "
                            f"påslagseffekt ({skal}).")
        return None
    return _arsvarden(m, vol, t - 1, priser, pkv)


def _niva(m: Modell, vol: _Volymer, ar_lista: list[int], priser, pkv, anmarkningar: list[str]) -> list[dict]:
    enhet = PRISENHETER[m.prisenhet]
    rader = []
    for t in ar_lista:
        nu = _arsvarden(m, vol, t, priser, pkv)
        fore = _fore(m, vol, t, priser, pkv, anmarkningar)
        for i, c in enumerate(nu):
            p, s = c["pris"] * enhet, c["paslag"]
            for kod, v in c["volym"].items():
                belopp = (1 + s) * p * v
                eff = dict(volymeffekt=np.nan, priseffekt=np.nan, paslagseffekt=np.nan)
                if fore is not None:
                    f = fore[i]
                    p0, s0, v0 = f["pris"] * enhet, f["paslag"], f["volym"][kod]
                    eff = dict(volymeffekt=(1 + s0) * p0 * (v - v0), priseffekt=(1 + s0) * (p - p0) * v,
                               paslagseffekt=(s - s0) * p * v)
                rader.append(_rad(m, t, kod, c["komponent"], volym=v, pris=c["pris"], pris_kr=p, paslag=s,
                                  belopp=belopp, **eff))
    return rader


def _ramar_fore(m: Modell, vol: _Volymer, forsta: int, ram_foregaende) -> tuple[int, dict[str, float]]:
    """Startår och föregående års ram per kommun för en inkrementell modell."""
    if ram_foregaende is None:
        if m.ram_foregaende is None:
            raise IndataFel(f"Modellen {m.namn} är inkrementell: ange ram_foregaende (föregående års beslutade ram, kr).")
        bas, ram = m.ram_foregaende
        if len(vol.kommuner) > 1:
            raise IndataFel(f"Modellen {m.namn}: ange ram_foregaende per kommunkod när tabellen har flera kommuner.")
        ramar = {vol.kommuner[0]: ram}
    else:
        bas = forsta - 1
        if isinstance(ram_foregaende, Mapping):
            ramar = {}
            for kod in vol.kommuner:
                nyckel = next((n for n in ram_foregaende if str(n) == kod or (kod and normalisera_kod(n) == kod)), None)
                if nyckel is None:
                    raise IndataFel(f"ram_foregaende saknas för kommun {kod}.")
                ramar[kod] = tal(ram_foregaende[nyckel], f"ram_foregaende för kommun {kod}")
        else:
            if len(vol.kommuner) > 1:
                raise IndataFel(f"Modellen {m.namn}: ange ram_foregaende per kommunkod när tabellen har flera kommuner.")
            ramar = {vol.kommuner[0]: tal(ram_foregaende, "ram_foregaende")}
    if bas >= forsta:
        raise IndataFel(f"Modellen {m.namn}: föregående ram avser år {bas}; budgetår {forsta} måste vara senare.")
    return bas, ramar


def _inkrementell(m: Modell, vol: _Volymer, ar_lista: list[int], priser, pkv, ram_foregaende) -> list[dict]:
    enhet = PRISENHETER[m.prisenhet]
    bas, ram = _ramar_fore(m, vol, ar_lista[0], ram_foregaende)
    rader = []
    for t in range(bas + 1, ar_lista[-1] + 1):
        if t not in pkv:
            raise ParameterFel(f"Modellen {m.namn}: uppräkning (prisupprakning/inflationsfaktor) saknas för år {t}.")
        u = pkv[t]
        nu = _arsvarden(m, vol, t, priser, pkv)
        try:
            fore = [vol.volym(m, k, t - 1) for k in m.komponenter]
        except IndataFel as e:
            raise IndataFel(
                f"Modellen {m.namn} är inkrementell: budgetår {t} kräver föregående års volym (år {t - 1}) för "
                f"förändringen volym {t} − volym {t - 1}. {e}"
            ) from None
        ny_ram = {}
        for kod, r0 in ram.items():
            arsrader = [_rad(m, t, kod, UPPRAKNAD_RAM, volym=np.nan, pris=np.nan, pris_kr=np.nan, paslag=0.0,
                             belopp=r0 * (1 + u), volymeffekt=0.0, priseffekt=r0 * u, paslagseffekt=0.0)]
            for c, f in zip(nu, fore):
                p, v, v0 = c["pris"] * enhet, c["volym"][kod], f[kod]
                arsrader.append(_rad(m, t, kod, c["komponent"], volym=v, pris=c["pris"], pris_kr=p, paslag=0.0,
                                     belopp=p * (v - v0), volymeffekt=p * (v - v0), priseffekt=0.0,
                                     paslagseffekt=0.0))
            ny_ram[kod] = sum(r["belopp"] for r in arsrader)
            if t in ar_lista:
                rader += arsrader
        ram = ny_ram
    return rader


def _mnkr(x):
    """Belopp i mnkr med en decimal, halva bort från noll."""
    x = np.asarray(x, dtype=float) / 1e5
    return np.sign(x) * np.floor(np.abs(x) + 0.5) / 10


def resursfordelning(
    modell,
    befolkning,
    ar,
    *,
    priser: Mapping | None = None,
    prisupprakning: Mapping | None = None,
    ram_foregaende=None,
) -> pd.DataFrame:
    """Ramar enligt en eller flera resursfördelningsmodeller för budgetår ``ar`` (ett år eller en lista).

    ``modell``: namnet på en bundlad modell (``modeller()``), en YAML-fil, en dict eller en lista av dessa.
    ``befolkning``: volymtabellen (se modulens beskrivning). ``priser``: ``{komponent: pris}`` (alla år),
    ``{komponent: {ar: pris}}`` eller en tabell ``komponent``, ``ar``, ``pris``, i modellens prisenhet; ersätter
    modellens priser (krävs för komponenter med ``pris: {indata: ...}``). Nyckeln ``"modell.komponent"``
    gäller bara den modellen och går före ``"komponent"``. ``prisupprakning``: ``{ar: andel}`` (PKV), läggs över modellens.
    ``ram_foregaende``: föregående års ram i kr för inkrementella modeller (tal, eller ``{kommunkod: tal}``).
    Returnerar en rad per (kommun,) modell, år och komponent; se ``ramar`` för summan per nämnd.
    """
    ar_lista = _ar_lista(ar)
    priser = _priser_som_dict(priser)
    tabell = _volymtabell(befolkning)
    vol = _Volymer(tabell)
    valda = _modeller_ur(modell)
    if priser:
        kanda = [n for m in valda for k in m.komponenter for n in (k.namn, f"{m.namn}.{k.namn}")]
        okanda = [str(n) for n in priser if n not in kanda]
        if okanda:
            raise IndataFel(f"priser: komponenten {okanda[0]!r} finns inte i modellerna "
                            f"{', '.join(m.namn for m in valda)}; kända komponenter: "
                            f"{', '.join(dict.fromkeys(k.namn for m in valda for k in m.komponenter))} "
                            "(eller 'modell.komponent').")
    rader, anmarkningar = [], []
    for m in valda:
        pkv = _pkv(m, prisupprakning)
        if m.metod == "niva":
            rader += _niva(m, vol, ar_lista, priser, pkv, anmarkningar)
        else:
            rader += _inkrementell(m, vol, ar_lista, priser, pkv, ram_foregaende)
    ut = pd.DataFrame(rader)
    ut["belopp_mnkr"] = _mnkr(ut["belopp"])
    ut["forandring"] = ut["volymeffekt"] + ut["priseffekt"] + ut["paslagseffekt"]
    kolumner = (["kommunkod"] if vol.kommuner != [""] else []) + KOLUMNER
    ut = ut[kolumner].reset_index(drop=True)
    ut.attrs["anmarkningar"] = anmarkningar  # varför en förändring saknas (NaN)
    return andliga(ut, "resursfördelning")


def ramar(resultat: pd.DataFrame) -> pd.DataFrame:
    """Summera ett resultat från ``resursfordelning`` per (kommun,) nämnd och år: ``ram`` (kr), ``ram_mnkr``
    och förändringen mot året före uppdelad i volym-, pris- och påslagseffekt (kr)."""
    nyckel = (["kommunkod"] if "kommunkod" in resultat.columns else []) + ["namnd", "ar"]
    belopp = ["belopp", "forandring", "volymeffekt", "priseffekt", "paslagseffekt"]
    ut = resultat.groupby(nyckel, sort=True)[belopp].sum(min_count=1)
    # en okänd förändring i någon komponent gör nämndens förändring okänd
    okand = resultat.groupby(nyckel)["forandring"].apply(lambda s: s.isna().any())
    ut.loc[okand, belopp[1:]] = np.nan
    ut = ut.rename(columns={"belopp": "ram"})
    ut.insert(1, "ram_mnkr", _mnkr(ut["ram"]))
    return ut.reset_index()


def ram_per_ar(ramar_tabell: pd.DataFrame) -> pd.Series:
    """Kommunens totala ram (kr) per år: summan av ``ram`` över nämnderna i en tabell från ``ramar``."""
    if not isinstance(ramar_tabell, pd.DataFrame) or not {"ar", "ram"} <= set(ramar_tabell.columns):
        raise IndataFel("ramar_tabell: ange en tabell från ramar() med kolumnerna ar och ram.")
    return ramar_tabell.groupby("ar")["ram"].sum(min_count=1).rename("ram")
