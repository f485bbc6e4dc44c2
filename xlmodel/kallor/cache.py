"""Cachen för hämtade tabeller: en JSON-fil per tabell i användarens cachemapp, med proveniensen bredvid datat.

Mappen är ``platformdirs.user_cache_dir("xlmodel")/hamtat`` (Linux ``~/.cache/xlmodel/hamtat``, Windows
``%LOCALAPPDATA%\\xlmodel\\Cache\\hamtat``, macOS ``~/Library/Caches/xlmodel/hamtat``); miljövariabeln
``XLMODEL_CACHE`` anger en annan mapp (tester, delad cache).

En tabell är lång: nyckelkolumnerna ``kommunkod`` och ``ar`` plus värdekolumner. Varje hämtning ersätter bara de
rader (kommun, år) den täcker; ``kallor`` i filen listar för varje hämtning källadressen, tiden då den hämtades,
utgivarens "updated"-stämpel och vilka år (och kommuner) den gäller. Filen skrivs atomiskt (temporär fil och
namnbyte): ett avbrott eller ett fel lämnar den gamla filen som den var.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..fel import IndataFel

NYCKLAR = ("kommunkod", "ar")
#: Räknas upp av ``spara``: en hämtning i den här processen syns direkt i ``hamtat.tillstand``.
version = 0


def mapp() -> Path:
    """Cachemappen (skapas inte här)."""
    egen = os.environ.get("XLMODEL_CACHE")
    if egen:
        return Path(egen)
    return _standardmapp()


def tolkat_mapp() -> Path:
    """Mappen för de medföljande filerna tolkade per dator (``kallor.tolkat``): bredvid hämtcachen, inte i den, så
    att en ny tolkning inte ser ut som en ny hämtning (``hamtat.tillstand`` följer hämtcachens mapp). Standard
    ``…/xlmodel/tolkat``; med ``XLMODEL_CACHE`` mappen med samma namn och ``-tolkat`` efter."""
    hamtat = mapp()
    return hamtat.with_name(f"{hamtat.name}-tolkat" if os.environ.get("XLMODEL_CACHE") else "tolkat")


@lru_cache(maxsize=1)
def _standardmapp() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("xlmodel", appauthor=False)) / "hamtat"


@dataclass
class Hamtad:
    """En hämtad tabell med sin proveniens.

    ``kallor``: en post per hämtning som fortfarande bidrar med rader: ``kalla`` (adress), ``hamtad`` (ISO-tid,
    UTC), ``uppdaterad`` (utgivarens stämpel), ``tabell``, ``titel``, ``ar`` (år) och ``kommuner`` (lista eller
    "alla")."""

    namn: str
    data: pd.DataFrame
    kallor: list[dict] = field(default_factory=list)

    def arsvintage(self, ar: int) -> dict | None:
        """Den senaste hämtningen som täcker år ``ar`` (eller None)."""
        for k in reversed(self.kallor):
            if int(ar) in k.get("ar", []):
                return k
        return None

    def beskriv(self, ar: int | None = None) -> str:
        """Svensk text om årgången, t.ex. "SCB TAB3600 (uppdaterad 2025-12-15, hämtad 2026-12-06 02:10 UTC)"."""
        poster = [self.arsvintage(ar)] if ar is not None else self.kallor
        return "; ".join(_text(k) for k in poster if k) or "okänd hämtning"


def _text(k: dict) -> str:
    uppd = (k.get("uppdaterad") or "okänd")[:10]
    hamtad = (k.get("hamtad") or "")[:16].replace("T", " ")
    return f"{k.get('utgivare', '')} {k.get('tabell', '')} (uppdaterad {uppd}, hämtad {hamtad} UTC)".strip()


def _fil(namn: str) -> Path:
    return mapp() / f"{namn}.json"


def las(namn: str) -> Hamtad | None:
    """Tabellen ``namn`` ur cachen, eller None om den inte finns. En oläsbar fil ger ``IndataFel`` med sökvägen.

    Läses en gång per filversion (sökväg, ändringstid, storlek); anroparen ändrar inte ``data``."""
    fil = _fil(namn)
    try:
        st = fil.stat()
    except OSError:
        return None
    return _las(str(fil), namn, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=64)
def _las(sokvag: str, namn: str, _mtime: int, _storlek: int) -> Hamtad:
    fil = Path(sokvag)
    try:
        obj = json.loads(fil.read_text(encoding="utf-8"))
        df = pd.DataFrame(obj["rader"], columns=obj["kolumner"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise IndataFel(f"Cachefilen {fil} går inte att läsa ({type(e).__name__}); ta bort den och hämta igen.") from None
    if "kommunkod" in df.columns:
        df["kommunkod"] = df["kommunkod"].astype(str)
    if "ar" in df.columns:
        df["ar"] = df["ar"].astype(int)
    return Hamtad(namn, df, obj.get("kallor", []))


def spara(namn: str, ny: pd.DataFrame, kalla: dict) -> Hamtad:
    """Lägg in ``ny`` (kolumnerna ``NYCKLAR`` + värden) i cachetabellen ``namn``: rader med samma (kommun, år)
    ersätts, övriga behålls. ``kalla`` är proveniensen (se ``Hamtad``); ``ar`` och ``kommuner`` fylls i här.
    Skrivs atomiskt; vid fel är den gamla filen orörd."""
    from ..excel.arbetsbok import skriv_atomiskt  # en atomisk skrivare för hela paketet

    gammal = las(namn)
    varden = [c for c in ny.columns if c not in NYCKLAR]
    ny = ny.dropna(how="all", subset=varden).copy()
    ny["kommunkod"], ny["ar"] = ny["kommunkod"].astype(str), ny["ar"].astype(int)
    ar = sorted(int(a) for a in ny["ar"].unique())
    koder = sorted(ny["kommunkod"].unique().tolist())
    kalla = {**kalla, "ar": ar, "kommuner": koder if len(koder) <= 20 else f"alla ({len(koder)})"}
    kallor = [kalla]
    if gammal is not None and not gammal.data.empty:
        nycklar = set(zip(ny["kommunkod"], ny["ar"]))
        kvar = gammal.data[[(k, a) not in nycklar for k, a in zip(gammal.data["kommunkod"], gammal.data["ar"])]]
        ny = pd.concat([kvar, ny], ignore_index=True)
        kvar_ar = set(kvar["ar"].astype(int))
        kallor = [{**k, "ar": [a for a in k.get("ar", []) if a in kvar_ar]} for k in gammal.kallor]
        kallor = [k for k in kallor if k["ar"]] + [kalla]
    ny = ny.sort_values(list(NYCKLAR), ignore_index=True)
    rader = [[None if (isinstance(v, float) and v != v) else v for v in r] for r in ny.itertuples(index=False, name=None)]
    obj = {"namn": namn, "kallor": kallor, "kolumner": list(ny.columns), "rader": rader}
    text = json.dumps(obj, ensure_ascii=False, default=_json)

    def skriv(tmp):
        Path(tmp).write_text(text, encoding="utf-8")

    global version
    skriv_atomiskt(_fil(namn), skriv)
    version += 1
    return Hamtad(namn, ny, kallor)


def _json(v):
    if hasattr(v, "item"):  # numpy-tal
        return v.item()
    raise TypeError(type(v).__name__)


def tabell(namn: str) -> pd.DataFrame | None:
    """Gränssnittet mot de medföljande laddarna (``kallor.scb``): den hämtade tabellen ``namn`` (``skattekraft``,
    ``skatteunderlag``, ``folkmangd_1nov``) i laddarens form med ``kalla`` per rad, eller None."""
    from .hamtat import laddartabell

    return laddartabell(namn)


def innehall() -> list[Hamtad]:
    """Alla tabeller i cachen (tom lista om cachen saknas)."""
    m = mapp()
    if not m.is_dir():
        return []
    return [h for h in (las(p.stem) for p in sorted(m.glob("*.json"))) if h is not None]
