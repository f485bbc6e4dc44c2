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
from .priser import _paslag, _pkv, _pris, _priser_som_dict, _prisserier
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


def _arsvarden(m: Modell, vol: _Volymer, ar: int, serie, pkv) -> list[dict]:
    """Volym (per kommun, i ``vol.kommuner``s ordning), pris och påslag per komponent för ett budgetår (fel om
    något saknas). ``serie``: komponent → prisserie (``_prisserier``)."""
    s = _paslag(m, ar)
    return [
        {"komponent": k.namn, "volym": vol.volym(m, k, ar), "pris": _pris(m, k, ar, serie(k), pkv), "paslag": s}
        for k in m.komponenter
    ]


def _block(m: Modell, ar: int, koder: np.ndarray, komponenter, **v) -> dict:
    """Resultatets rader för ett år: ``koder`` per rad, övriga kolumner ett värde per rad (fält) eller ett för alla."""
    return {"kommunkod": koder, "namnd": m.namnd, "modell": m.namn, "ar": ar, "komponent": komponenter,
            "prisenhet": m.prisenhet, **v}


def _kolumner(block: list[dict], namn: list[str]) -> dict[str, np.ndarray]:
    """Kolumnerna ``namn`` ur blocken (``_block``) lagda under varandra."""
    langd = [len(b["kommunkod"]) for b in block]
    kolumner = {}
    for k in namn:
        varden = [b[k] for b in block]
        if not any(isinstance(v, np.ndarray) for v in varden):
            kolumner[k] = np.repeat(np.array(varden, dtype=object if isinstance(varden[0], str) else None), langd)
        else:
            kolumner[k] = np.concatenate([np.ravel(v) if isinstance(v, np.ndarray) else np.full(n, v)
                                          for v, n in zip(varden, langd)])
    return kolumner


def _fore(m: Modell, vol: _Volymer, t: int, serie, anmarkningar: list[str], arsvarden) -> list[dict] | None:
    """Året före ``t`` för att dela upp förändringen; None (och en anmärkning i ``anmarkningar``) bara när året
    före ligger utanför indata: befolkningen saknar dess år, eller priserna börjar efter det. Andra fel för året
    före (saknad PKV, påslag, negativt pris) går igenom: de blir aldrig tysta NaN."""
    saknas = [t - 1 + o for o in m.volym_ar if t - 1 + o not in vol.ar]
    serier = {k.namn: serie(k) for k in m.komponenter}
    utan_pris = [n for n, p in serier.items() if not isinstance(p, float) and all(a > t - 1 for a in p)]
    if saknas or utan_pris:
        skal = (f"befolkningen saknar år {', '.join(map(str, saknas))}" if saknas
                else f"priserna börjar efter {t - 1} ({', '.join(utan_pris)})")
        anmarkningar.append(f"{m.namn} {t}: förändringen mot {t - 1} delas inte upp i volym-, pris- och "
                            f"påslagseffekt ({skal}).")
        return None
    return arsvarden(t - 1)


def _niva(m: Modell, vol: _Volymer, ar_lista: list[int], priser, pkv, anmarkningar: list[str]) -> list[dict]:
    """belopp = (1 + påslag) × pris × volym per komponent; förändringen mot året före i volym-, pris- och
    påslagseffekt. Vektoriserat över kommunerna; varje år räknas en gång (också som året före)."""
    enhet = PRISENHETER[m.prisenhet]
    koder = np.array(vol.kommuner, dtype=object)
    minne: dict[int, list[dict]] = {}
    serie = _prisserier(m, priser)

    def arsvarden(ar: int) -> list[dict]:
        if ar not in minne:
            minne[ar] = _arsvarden(m, vol, ar, serie, pkv)
        return minne[ar]

    block = []
    for t in ar_lista:
        nu = arsvarden(t)
        fore = _fore(m, vol, t, serie, anmarkningar, arsvarden)
        for i, c in enumerate(nu):
            p, s, v = c["pris"] * enhet, c["paslag"], c["volym"]
            eff = dict(volymeffekt=np.nan, priseffekt=np.nan, paslagseffekt=np.nan)
            if fore is not None:
                f = fore[i]
                p0, s0, v0 = f["pris"] * enhet, f["paslag"], f["volym"]
                eff = dict(volymeffekt=(1 + s0) * p0 * (v - v0), priseffekt=(1 + s0) * (p - p0) * v,
                           paslagseffekt=(s - s0) * p * v)
            block.append(_block(m, t, koder, c["komponent"], volym=v,
                                pris=c["pris"], pris_kr=p, paslag=s, belopp=(1 + s) * p * v, **eff))
    return block


def _ramar_fore(m: Modell, vol: _Volymer, forsta: int, ram_foregaende) -> tuple[int, np.ndarray]:
    """Startår och föregående års ram per kommun (i ``vol.kommuner``s ordning) för en inkrementell modell."""
    if ram_foregaende is None:
        if m.ram_foregaende is None:
            raise IndataFel(f"Modellen {m.namn} är inkrementell: ange ram_foregaende (föregående års beslutade ram, kr).")
        bas, ram = m.ram_foregaende
        if len(vol.kommuner) > 1:
            raise IndataFel(f"Modellen {m.namn}: ange ram_foregaende per kommunkod när tabellen har flera kommuner.")
        ramar = [ram]
    else:
        bas = forsta - 1
        if isinstance(ram_foregaende, Mapping):
            ramar = []
            for kod in vol.kommuner:
                nyckel = next((n for n in ram_foregaende if str(n) == kod or (kod and normalisera_kod(n) == kod)), None)
                if nyckel is None:
                    raise IndataFel(f"ram_foregaende saknas för kommun {kod}.")
                ramar.append(tal(ram_foregaende[nyckel], f"ram_foregaende för kommun {kod}"))
        else:
            if len(vol.kommuner) > 1:
                raise IndataFel(f"Modellen {m.namn}: ange ram_foregaende per kommunkod när tabellen har flera kommuner.")
            ramar = [tal(ram_foregaende, "ram_foregaende")]
    if bas >= forsta:
        raise IndataFel(f"Modellen {m.namn}: föregående ram avser år {bas}; budgetår {forsta} måste vara senare.")
    return bas, np.array(ramar, dtype=float)


def _inkrementell(m: Modell, vol: _Volymer, ar_lista: list[int], priser, pkv, ram_foregaende) -> list[dict]:
    """ram_t = ram_t−1 × (1 + uppräkning_t) + Σ pris × (volym_t − volym_t−1), per kommun (vektoriserat); raderna
    per kommun: den uppräknade ramen och sedan komponenterna."""
    enhet = PRISENHETER[m.prisenhet]
    bas, ram = _ramar_fore(m, vol, ar_lista[0], ram_foregaende)
    koder = np.repeat(np.array(vol.kommuner, dtype=object), len(m.komponenter) + 1)
    namn = np.tile(np.array([UPPRAKNAD_RAM, *(k.namn for k in m.komponenter)], dtype=object), len(vol.kommuner))
    serie = _prisserier(m, priser)
    block = []
    for t in range(bas + 1, ar_lista[-1] + 1):
        if t not in pkv:
            raise ParameterFel(f"Modellen {m.namn}: uppräkning (prisupprakning/inflationsfaktor) saknas för år {t}.")
        u = pkv[t]
        nu = _arsvarden(m, vol, t, serie, pkv)
        try:
            fore = [vol.volym(m, k, t - 1) for k in m.komponenter]
        except IndataFel as e:
            raise IndataFel(
                f"Modellen {m.namn} är inkrementell: budgetår {t} kräver föregående års volym (år {t - 1}) för "
                f"förändringen volym {t} − volym {t - 1}. {e}"
            ) from None
        # kolumner: den uppräknade ramen, sedan en per komponent; rader: kommunerna
        belopp = [ram * (1 + u)] + [c["pris"] * enhet * (c["volym"] - f) for c, f in zip(nu, fore)]
        ny_ram = sum(belopp)
        if t in ar_lista:
            nan = np.full_like(ram, np.nan)
            noll = np.zeros_like(ram)
            kol = lambda forst, per_komp: np.column_stack([forst, *per_komp])  # noqa: E731
            block.append(_block(
                m, t, koder, namn,
                volym=kol(nan, [c["volym"] for c in nu]),
                pris=kol(nan, [np.full_like(ram, c["pris"]) for c in nu]),
                pris_kr=kol(nan, [np.full_like(ram, c["pris"] * enhet) for c in nu]),
                paslag=0.0, belopp=np.column_stack(belopp), volymeffekt=kol(noll, belopp[1:]),
                priseffekt=kol(ram * u, [noll for _ in nu]), paslagseffekt=0.0))
        ram = ny_ram
    return block


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
    block, anmarkningar = [], []
    for m in valda:
        pkv = _pkv(m, prisupprakning)
        if m.metod == "niva":
            block += _niva(m, vol, ar_lista, priser, pkv, anmarkningar)
        else:
            block += _inkrementell(m, vol, ar_lista, priser, pkv, ram_foregaende)
    kolumner = (["kommunkod"] if vol.kommuner != [""] else []) + KOLUMNER
    ut = _kolumner(block, [k for k in kolumner if k not in ("belopp_mnkr", "forandring")])
    ut["belopp_mnkr"] = _mnkr(ut["belopp"])
    ut["forandring"] = ut["volymeffekt"] + ut["priseffekt"] + ut["paslagseffekt"]
    ut = pd.DataFrame({k: ut[k] for k in kolumner})
    ut.attrs["anmarkningar"] = anmarkningar  # varför en förändring saknas (NaN)
    return andliga(ut, "resursfördelning")


def ramar(resultat: pd.DataFrame) -> pd.DataFrame:
    """Summera ett resultat från ``resursfordelning`` per (kommun,) nämnd och år: ``ram`` (kr), ``ram_mnkr``
    och förändringen mot året före uppdelad i volym-, pris- och påslagseffekt (kr)."""
    nyckel = (["kommunkod"] if "kommunkod" in resultat.columns else []) + ["namnd", "ar"]
    belopp = ["belopp", "forandring", "volymeffekt", "priseffekt", "paslagseffekt"]
    ut = resultat.groupby(nyckel, sort=True)[belopp].sum(min_count=1)
    # en okänd förändring i någon komponent gör nämndens förändring okänd
    okand = resultat["forandring"].isna().groupby([resultat[k] for k in nyckel]).any()
    ut.loc[okand, belopp[1:]] = np.nan
    ut = ut.rename(columns={"belopp": "ram"})
    ut.insert(1, "ram_mnkr", _mnkr(ut["ram"]))
    return ut.reset_index()


def ram_per_ar(ramar_tabell: pd.DataFrame) -> pd.Series:
    """Kommunens totala ram (kr) per år: summan av ``ram`` över nämnderna i en tabell från ``ramar``."""
    if not isinstance(ramar_tabell, pd.DataFrame) or not {"ar", "ram"} <= set(ramar_tabell.columns):
        raise IndataFel("ramar_tabell: ange en tabell från ramar() med kolumnerna ar och ram.")
    return ramar_tabell.groupby("ar")["ram"].sum(min_count=1).rename("ram")
