"""Volymtabellen (befolkning eller annat volymmått) normaliserad och läst per komponent, kommun och år."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..fel import IndataFel
from ..validering import normalisera_kod, tal
from .modell import Komponent, Modell

_NYCKLAR = ("grupp", "aldersgrupp", "alder")


def _volymtabell(befolkning) -> dict:
    """Normalisera volymtabellen till lång form: ``typ`` ('grupp'/'alder') och fälten ``kommunkod``, ``nyckel``,
    ``ar``, ``antal`` (en rad per värde; en bred tabell läses kolumn för kolumn, som ``DataFrame.melt``)."""
    if isinstance(befolkning, Mapping):
        rader = []
        for grupp, serie in befolkning.items():
            if not isinstance(serie, Mapping):
                raise IndataFel(f"befolkning: gruppen {grupp!r} ska ha värden per år ({{ar: antal}}).")
            rader += [(str(grupp), a, v) for a, v in serie.items()]
        df = pd.DataFrame(rader, columns=["grupp", "ar", "antal"])
    elif isinstance(befolkning, pd.DataFrame):
        df = befolkning
    else:
        raise IndataFel(f"befolkning: förväntade en tabell (DataFrame) eller dict, fick {type(befolkning).__name__}.")
    if df.empty:
        raise IndataFel("befolkning: tabellen har inga rader.")
    nyckel = next((k for k in _NYCKLAR if k in df.columns), None)
    if nyckel is None:
        if df.index.name in _NYCKLAR or df.index.name is None:
            nyckel = df.index.name or "grupp"
            df = df.rename_axis(nyckel).reset_index()
        else:
            raise IndataFel("befolkning: kolumnen grupp (eller aldersgrupp/alder) saknas.")
    extra = ["kommunkod"] if "kommunkod" in df.columns else []
    kol = _lang_form(df, extra + [nyckel])
    n = len(kol["ar"])
    ut = {"typ": "alder" if nyckel == "alder" else "grupp", "kommunkod": np.full(n, "", dtype=object)}
    if extra:
        ut["kommunkod"] = _kommunkoder(kol["kommunkod"])
    text = (np.zeros(n, dtype=bool) if kol["antal"].dtype != object else  # SANT är inget antal
            np.fromiter((isinstance(v, (str, bool, np.bool_)) for v in kol["antal"]), bool, n))
    antal = pd.to_numeric(pd.Series(kol["antal"], dtype=kol["antal"].dtype).where(~text), errors="coerce")
    ar = (pd.Series(kol["ar"]) if kol["ar"].dtype.kind in "iu" else  # heltal: samma som via texten
          pd.to_numeric(pd.Series(kol["ar"], dtype=object).astype(str).str.strip(), errors="coerce"))
    fel = ar.isna() | (ar % 1 != 0) | antal.isna() | (antal < 0)
    if fel.any():
        radnr = int(np.flatnonzero(fel.to_numpy())[0])
        rad = df.iloc[radnr] if "ar" in df.columns else {k: v[radnr] for k, v in kol.items()}  # som användaren ser den
        plats = f"befolkning rad {radnr + 1} ({nyckel} {rad[nyckel]}, år {rad['ar']})"
        if pd.isna(ar.iloc[radnr]) or ar.iloc[radnr] % 1 != 0:
            raise IndataFel(f"{plats}: ogiltigt år {rad['ar']!r}.")
        v = tal(rad["antal"], f"{plats}, antal")
        raise IndataFel(f"{plats}: negativt antal {v:g} är inte tillåtet.")
    ut["ar"] = ar.astype(int).to_numpy()
    ut["antal"] = antal.astype(float).to_numpy()
    if nyckel == "alder":
        alder = pd.to_numeric(pd.Series(kol["alder"], dtype=kol["alder"].dtype), errors="coerce")
        if alder.isna().any() or (alder < 0).any() or not (alder % 1 == 0).all():
            raise IndataFel("befolkning: kolumnen alder ska innehålla hela år (0, 1, 2 ...).")
        ut["nyckel"] = alder.astype(int).to_numpy()
    else:
        ut["nyckel"] = pd.Series(kol[nyckel], dtype=object).astype(str).str.strip().to_numpy()
    koder = [pd.factorize(ut[k])[0] for k in ("kommunkod", "nyckel", "ar")]  # NaN lika med NaN, som duplicated()
    _, forsta = np.unique(np.stack(koder, axis=1), axis=0, return_index=True)
    dubbel = np.ones(n, dtype=bool)
    dubbel[forsta] = False
    if dubbel.any():
        r = int(np.flatnonzero(dubbel)[0])
        kod = ut["kommunkod"][r]
        raise IndataFel(f"befolkning: {nyckel} {ut['nyckel'][r]} år {ut['ar'][r]} förekommer två gånger"
                        + (f" för kommun {kod}." if kod else "."))
    return ut


def _kommunkoder(varden: np.ndarray) -> np.ndarray:
    """``normalisera_kod`` för varje värde (första felet i radordning, som förut); heltal och texter en gång per
    olikt värde (då är lika värden samma kod)."""
    if varden.dtype.kind in "iu" or pd.api.types.infer_dtype(varden, skipna=False) == "string":
        rad, olika = pd.factorize(varden)  # olika i den ordning de först förekommer
        return np.array([normalisera_kod(v) for v in olika.tolist()], dtype=object)[rad]
    return np.array([normalisera_kod(v) for v in varden.tolist()], dtype=object)


def _falt(kolumn: pd.Series) -> np.ndarray:
    """En kolumn som fält: numpys tal som tal (heltal, flyttal), allt annat som objekt, som användaren angav det."""
    return kolumn.to_numpy() if isinstance(kolumn.dtype, np.dtype) and kolumn.dtype.kind in "iuf" else \
        kolumn.to_numpy(dtype=object)


def _lang_form(df: pd.DataFrame, id_kolumner: list) -> dict[str, np.ndarray]:
    """Tabellens kolumner ``id_kolumner``, ``ar`` och ``antal`` som fält (``_falt``); en bred tabell (en kolumn per
    år) läses år för år: id-kolumnerna upprepas, ``ar`` är kolumnens rubrik."""
    if {"ar", "antal"} <= set(df.columns):
        return {k: _falt(df[k]) for k in dict.fromkeys([*id_kolumner, "ar", "antal"])}
    arskolumner = [j for j, k in enumerate(df.columns) if k not in id_kolumner and str(k).strip().isdigit()]
    if not arskolumner:
        raise IndataFel("befolkning: ange kolumnerna ar och antal (lång form) eller en kolumn per år (bred form).")
    kol = {k: np.tile(_falt(df[k]), len(arskolumner)) for k in id_kolumner}
    kol["ar"] = np.repeat(np.array([df.columns[j] for j in arskolumner], dtype=object), len(df))
    kol["antal"] = np.concatenate([_falt(df.iloc[:, j]) for j in arskolumner])
    return kol


def _gruppsumma(varden: np.ndarray, grupp: np.ndarray, n: int) -> np.ndarray:
    """Summan av raderna i ``varden`` per grupp 0..n−1 (varje grupp har rader), kolumnvis, exakt som pandas
    ``groupby().sum()`` räknar den för en kolumn i taget (NaN hoppas över): med en rad per grupp är summan
    värdet (NaN → 0, −0 → 0), annars pandas en gång för alla kolumner (samma tal som kolumn för kolumn)."""
    if len(grupp) == n:
        return np.where(np.isnan(varden), 0.0, varden + 0.0)
    return pd.DataFrame(varden).groupby(grupp).sum().to_numpy()


class _Volymer:
    """Volym per komponent, kommun och år ur den långa tabellen, med tydliga fel för saknade grupper/år."""

    def __init__(self, tabell: dict):
        self.typ = tabell["typ"]
        # som en pivottabell: en rad per (kommun, nyckel) i sorterad ordning, en kolumn per år, NaN där värde saknas
        # (en rad utan nyckel, t.ex. en tom gruppcell, räknas inte, som i en pivottabell; kommunen finns ändå)
        kommuner = pd.unique(tabell["kommunkod"])
        kommuner.sort()
        tabell = {k: v[pd.notna(tabell["nyckel"])] for k, v in tabell.items() if k != "typ"}
        kod = np.searchsorted(kommuner, tabell["kommunkod"])
        nyckel, nycklar = pd.factorize(tabell["nyckel"], sort=True)
        ar, kolumn = np.unique(tabell["ar"], return_inverse=True)
        antal_nycklar = max(len(nycklar), 1)
        par, rad = np.unique(kod * antal_nycklar + nyckel, return_inverse=True)
        self.kommuner = list(kommuner)
        self.ar = {int(y): i for i, y in enumerate(ar)}  # år → kolumn i ``_varden``
        self._grupp = par // antal_nycklar  # radens kommun (index i ``kommuner``)
        self._koder = kommuner[self._grupp]
        self._nyckelkod = par % antal_nycklar  # radens nyckel (index i ``nycklar``)
        self._nycklar = nycklar[self._nyckelkod]
        self._kanda = {v: i for i, v in enumerate(nycklar)}  # nyckel → index
        self._varden = np.full((len(par), len(ar)), np.nan)
        self._varden[rad, kolumn] = tabell["antal"] + 0.0  # (−0 → 0, som en summa)
        self._saknas = np.isnan(self._varden)
        self._komponenter: dict = {}  # (grupper, alder) → raderna och summan per kommun och år

    def _rader(self, m: Modell, k: Komponent) -> np.ndarray:
        """Komponentens rader (radnummer, i kommunordning) i tabellen; fel om en grupp, ålder eller kommun saknas."""
        nycklar = self._nycklar
        plats = f"komponenten {k.namn!r} i modellen {m.namn}"
        if self.typ == "grupp" and k.grupper is not None:
            for g in k.grupper:
                if g not in self._kanda:
                    kanda = ", ".join(sorted(map(str, self._kanda)))
                    raise IndataFel(f"befolkning: åldersgruppen/volymmåttet {g!r} ({plats}) saknas. "
                                    f"Grupper i tabellen: {kanda}.")
            rader = np.flatnonzero(np.isin(self._nyckelkod, [self._kanda[g] for g in k.grupper]))
        elif self.typ == "alder" and k.alder is not None:
            lo, hi = k.alder
            rader = np.flatnonzero((nycklar >= lo) & (True if hi is None else nycklar <= hi))
            if not len(rader):
                raise IndataFel(f"befolkning: inga åldrar {lo}–{'' if hi is None else hi} finns ({plats}).")
        else:
            behov = "grupp" if self.typ == "alder" else "alder"
            raise IndataFel(f"befolkning: tabellen är per {'ettårsålder' if self.typ == 'alder' else 'grupp'}, "
                            f"men {plats} saknar {behov}.")
        finns = np.zeros(len(self.kommuner), dtype=bool)
        finns[self._grupp[rader]] = True
        if not finns.all():
            raise IndataFel(f"befolkning: {plats} har inga rader för kommun {self.kommuner[np.flatnonzero(~finns)[0]]}.")
        return rader

    def _per_kommun(self, m: Modell, k: Komponent) -> tuple[np.ndarray, np.ndarray]:
        """Komponentens rader och summan per kommun (i ``kommuner``s ordning) och år: en gång per komponent."""
        nyckel = (None if k.grupper is None else tuple(k.grupper), k.alder)
        if nyckel not in self._komponenter:
            rader = self._rader(m, k)
            self._komponenter[nyckel] = rader, _gruppsumma(self._varden[rader], self._grupp[rader], len(self.kommuner))
        return self._komponenter[nyckel]

    def volym(self, m: Modell, k: Komponent, ar: int) -> np.ndarray:
        """Volymen för budgetår ``ar``: medel av tabellens värden åren ar + volym_ar, per kommun (i ``kommuner``s
        ordning)."""
        rader, summa = self._per_kommun(m, k)
        summor = []
        for o in m.volym_ar:
            y = ar + o
            if y not in self.ar or self._saknas[rader, self.ar[y]].any():
                r = rader[np.flatnonzero(self._saknas[rader, self.ar[y]])[0]] if y in self.ar else rader[0]
                kod, nyckel = self._koder[r], self._nycklar[r]
                raise IndataFel(
                    f"befolkning: år {y} saknas för {'ålder' if self.typ == 'alder' else 'gruppen'} {nyckel}"
                    + (f" i kommun {kod}" if kod else "")
                    + f" (behövs för budgetår {ar} i modellen {m.namn}: volym = medel av åren "
                    f"{', '.join(str(ar + x) for x in m.volym_ar)})."
                )
            summor.append(summa[:, self.ar[y]])
        return sum(summor) / len(summor)
