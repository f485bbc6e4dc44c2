"""Volymtabellen (befolkning eller annat volymmått) normaliserad och läst per komponent, kommun och år."""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from ..fel import IndataFel
from ..validering import normalisera_kod, tal
from .modell import Komponent, Modell

_NYCKLAR = ("grupp", "aldersgrupp", "alder")


def _volymtabell(befolkning) -> pd.DataFrame:
    """Normalisera volymtabellen till lång form: kommunkod, nyckeltyp ('grupp'/'alder'), nyckel, ar, antal."""
    if isinstance(befolkning, Mapping):
        rader = []
        for grupp, serie in befolkning.items():
            if not isinstance(serie, Mapping):
                raise IndataFel(f"befolkning: gruppen {grupp!r} ska ha värden per år ({{ar: antal}}).")
            rader += [(str(grupp), a, v) for a, v in serie.items()]
        df = pd.DataFrame(rader, columns=["grupp", "ar", "antal"])
    elif isinstance(befolkning, pd.DataFrame):
        df = befolkning.copy()
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
    if not {"ar", "antal"} <= set(df.columns):  # bred tabell: en kolumn per år
        arskolumner = [k for k in df.columns if k not in extra + [nyckel] and str(k).strip().isdigit()]
        if not arskolumner:
            raise IndataFel("befolkning: ange kolumnerna ar och antal (lång form) eller en kolumn per år (bred form).")
        df = df.melt(id_vars=extra + [nyckel], value_vars=arskolumner, var_name="ar", value_name="antal")
    ut = pd.DataFrame({"kommunkod": "", "typ": "alder" if nyckel == "alder" else "grupp"}, index=df.index)
    if extra:
        ut["kommunkod"] = [normalisera_kod(k) for k in df["kommunkod"]]
    text = df["antal"].map(lambda v: isinstance(v, (str, bool, np.bool_))).to_numpy()  # SANT är inget antal
    antal = pd.to_numeric(df["antal"].where(~text), errors="coerce")
    ar = pd.to_numeric(df["ar"].astype(str).str.strip(), errors="coerce")
    fel = ar.isna() | (ar % 1 != 0) | antal.isna() | (antal < 0)
    if fel.any():
        radnr = int(np.flatnonzero(fel.to_numpy())[0])
        rad = df.iloc[radnr]
        plats = f"befolkning rad {radnr + 1} ({nyckel} {rad[nyckel]}, år {rad['ar']})"
        if pd.isna(ar.iloc[radnr]) or ar.iloc[radnr] % 1 != 0:
            raise IndataFel(f"{plats}: ogiltigt år {rad['ar']!r}.")
        v = tal(rad["antal"], f"{plats}, antal")
        raise IndataFel(f"{plats}: negativt antal {v:g} är inte tillåtet.")
    ut["ar"] = ar.astype(int).to_numpy()
    ut["antal"] = antal.astype(float).to_numpy()
    if nyckel == "alder":
        alder = pd.to_numeric(df["alder"], errors="coerce")
        if alder.isna().any() or (alder < 0).any() or not (alder % 1 == 0).all():
            raise IndataFel("befolkning: kolumnen alder ska innehålla hela år (0, 1, 2 ...).")
        ut["nyckel"] = alder.astype(int).to_numpy()
    else:
        ut["nyckel"] = df[nyckel].astype(str).str.strip().to_numpy()
    dubbel = ut.duplicated(["kommunkod", "nyckel", "ar"])
    if dubbel.any():
        r = ut[dubbel].iloc[0]
        raise IndataFel(f"befolkning: {nyckel} {r['nyckel']} år {r['ar']} förekommer två gånger"
                        + (f" för kommun {r['kommunkod']}." if r["kommunkod"] else "."))
    return ut


def _gruppsumma(varden: np.ndarray, grupp: np.ndarray, n: int) -> np.ndarray:
    """Summan av raderna i ``varden`` per grupp 0..n−1 (varje grupp har rader), kolumnvis, exakt som pandas
    ``groupby().sum()`` räknar den för en kolumn i taget (NaN hoppas över): med en rad per grupp är summan
    värdet (NaN → 0, −0 → 0), annars pandas en gång för alla kolumner (samma tal som kolumn för kolumn)."""
    if len(grupp) == n:
        return np.where(np.isnan(varden), 0.0, varden + 0.0)
    return pd.DataFrame(varden).groupby(grupp).sum().to_numpy()


class _Volymer:
    """Volym per komponent, kommun och år ur den långa tabellen, med tydliga fel för saknade grupper/år."""

    def __init__(self, tabell: pd.DataFrame):
        self.typ = tabell["typ"].iloc[0]
        # som en pivottabell: en rad per (kommun, nyckel) i sorterad ordning, en kolumn per år, NaN där värde saknas
        # (en rad utan nyckel, t.ex. en tom gruppcell, räknas inte, som i en pivottabell; kommunen finns ändå)
        kommuner = np.unique(tabell["kommunkod"].to_numpy(dtype=object))
        tabell = tabell[tabell["nyckel"].notna().to_numpy()]
        kod = np.searchsorted(kommuner, tabell["kommunkod"].to_numpy(dtype=object))
        nycklar, nyckel = np.unique(tabell["nyckel"].to_numpy(), return_inverse=True)
        ar, kolumn = np.unique(tabell["ar"].to_numpy(), return_inverse=True)
        par, rad = np.unique(kod * len(nycklar) + nyckel, return_inverse=True)
        self.kommuner = list(kommuner)
        self.ar = {int(y): i for i, y in enumerate(ar)}  # år → kolumn i ``_varden``
        self._grupp = par // len(nycklar)  # radens kommun (index i ``kommuner``)
        self._koder = kommuner[self._grupp]
        self._nycklar = pd.Index(nycklar[par % len(nycklar)])
        self._kanda = set(self._nycklar)
        self._varden = np.full((len(par), len(ar)), np.nan)
        self._varden[rad, kolumn] = tabell["antal"].to_numpy(dtype=float) + 0.0  # (−0 → 0, som en summa)
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
            rader = np.flatnonzero(nycklar.isin(k.grupper))
        elif self.typ == "alder" and k.alder is not None:
            lo, hi = k.alder
            rader = np.flatnonzero(np.asarray((nycklar >= lo) & (True if hi is None else nycklar <= hi)))
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
