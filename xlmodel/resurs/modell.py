"""Resursfördelningsmodellernas definitioner: YAML eller dict tolkad till ``Modell`` med komponenter, de bundlade
modellerna (``modeller/*.yaml``) och seed 001:s kriterier. Nycklarna beskrivs i ``xlmodel.resurs``."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping

import pandas as pd
import yaml

from ..fel import IndataFel, ParameterFel
from ..lss_utjamning import INSATSER as LSS_INSATSER
from ..validering import kontrollera_ar, tal

METODER = ("niva", "inkrementell")
#: Tillåtna nycklar i en modell och i en komponent; allt annat ger ParameterFel (ingen tyst felstavning).
MODELLNYCKLAR = ("namn", "beskrivning", "namnd", "metod", "volym_ar", "prisenhet", "kalla", "paslag",
                 "prisupprakning", "ram_foregaende", "komponenter")
KOMPONENTNYCKLAR = ("grupp", "alder", "pris", "lss_insats", "beskrivning")
PRISENHETER = {"kr": 1.0, "tkr": 1e3, "mnkr": 1e6}
VOLYM_KORTNAMN = {"medel_arsskiften": [-1, 0], "arsvarde": [0]}


@dataclass
class Komponent:
    namn: str
    grupper: list[str] | None
    alder: tuple[int, int | None] | None
    priser: dict[int, float]
    pris_indata: str | None = None
    lss_insats: str | None = None


@dataclass
class Modell:
    namn: str
    namnd: str
    metod: str
    volym_ar: list[int]
    prisenhet: str
    komponenter: list[Komponent]
    paslag: dict[int, float] = field(default_factory=dict)
    prisupprakning: dict[int, float] = field(default_factory=dict)
    ram_foregaende: tuple[int, float] | None = None
    beskrivning: str = ""


def _modellkatalog() -> Path:
    return Path(str(resources.files("xlmodel.resurs").joinpath("modeller")))


@lru_cache(maxsize=None)
def _bundlade() -> dict[str, dict]:
    ut: dict[str, dict] = {}
    for fil in sorted(_modellkatalog().glob("*.yaml")):
        for namn, konf in _las_fil(fil).items():
            if namn in ut:
                raise ParameterFel(f"Modellen {namn} definieras i flera filer (senast {fil.name}).")
            ut[namn] = konf
    return ut


def _las_fil(fil: Path) -> dict[str, dict]:
    with open(fil, encoding="utf-8") as f:
        innehall = yaml.safe_load(f) or {}
    if not isinstance(innehall, dict):
        raise ParameterFel(f"{fil.name}: förväntade modeller som nycklar på översta nivån.")
    return {k: v for k, v in innehall.items() if not str(k).startswith("om_")}


def modeller() -> list[str]:
    """Namnen på de bundlade modellerna (``xlmodel/resurs/modeller/*.yaml``)."""
    return sorted(_bundlade())


def modellkonfiguration(namn: str) -> dict:
    """En bundlad modells konfiguration som dict (en kopia att ändra i och skicka till ``resursfordelning``)."""
    if namn not in _bundlade():
        raise ParameterFel(f"Okänd modell {namn!r}. Bundlade modeller: {', '.join(modeller())}.")
    return {"namn": namn, **copy.deepcopy(_bundlade()[namn])}


def kriterier() -> pd.DataFrame:
    """Seed 001:s kriterier för resursfördelningsmodeller som checklista (``nr``, ``kriterium``, ``text``)."""
    with open(_modellkatalog() / "socialnamnden.yaml", encoding="utf-8") as f:
        lista = yaml.safe_load(f)["om_modellerna"]["kriterier"]
    return pd.DataFrame(
        {"nr": range(1, len(lista) + 1), "kriterium": [k["namn"] for k in lista], "text": [k["text"] for k in lista]}
    )


def _okanda_nycklar(konf: Mapping, tillatna: Iterable[str], var: str) -> None:
    okanda = [str(k) for k in konf if k not in tillatna]
    if okanda:
        raise ParameterFel(f"{var}: okänd nyckel {okanda[0]!r}; tillåtna är {', '.join(tillatna)}.")


def _varde(post, var: str) -> float:
    if isinstance(post, Mapping):
        if "value" not in post:
            raise ParameterFel(f"{var}: ange värdet som {{value: ..., reference: ...}}.")
        _okanda_nycklar(post, ("value", "reference", "ar"), var)
        post = post["value"]
    try:
        return tal(post, var)
    except IndataFel as e:
        raise ParameterFel(str(e)) from None


def _arsserie(serie, var: str, *, undre: float | None = None) -> dict[int, float]:
    if serie is None:
        return {}
    if not isinstance(serie, Mapping):
        raise ParameterFel(f"{var}: ange värden per år, t.ex. {{2024: {{value: 0.05, reference: ...}}}}.")
    ut = {}
    for ar, post in serie.items():
        try:
            a = kontrollera_ar(ar)
        except IndataFel:
            raise ParameterFel(f"{var}: ogiltigt år {ar!r}.") from None
        v = _varde(post, f"{var} år {a}")
        if undre is not None and v <= undre:
            raise ParameterFel(f"{var} år {a}: värdet {v:g} är inte tillåtet (måste vara större än {undre:g}).")
        ut[a] = v
    return ut


def _komponent(namn: str, konf, var: str) -> Komponent:
    var = f"{var}, komponent {namn!r}"
    if not isinstance(konf, Mapping):
        raise ParameterFel(f"{var}: förväntade en tabell med grupp/alder och pris.")
    _okanda_nycklar(konf, KOMPONENTNYCKLAR, var)
    grupper = konf.get("grupp")
    if grupper is not None:
        grupper = [str(g) for g in (grupper if isinstance(grupper, (list, tuple)) else [grupper])]
        if not grupper:
            raise ParameterFel(f"{var}: grupp är tom.")
    alder = konf.get("alder")
    if alder is not None:
        if not isinstance(alder, (list, tuple)) or len(alder) != 2:
            raise ParameterFel(f"{var}: alder ska vara [från, till], t.ex. [80, 89] eller [90, null].")
        lo, hi = alder
        ok = isinstance(lo, int) and lo >= 0 and (hi is None or (isinstance(hi, int) and hi >= lo))
        if not ok:
            raise ParameterFel(f"{var}: ogiltigt åldersintervall {list(alder)} (heltal, från ≤ till, från ≥ 0).")
        alder = (lo, hi)
    if grupper is None and alder is None:
        raise ParameterFel(f"{var}: ange grupp (namn i volymtabellen) eller alder ([från, till]).")
    insats = konf.get("lss_insats")
    if insats is not None and insats not in LSS_INSATSER:
        raise ParameterFel(f"{var}: okänd lss_insats {insats!r}; ange en av {', '.join(LSS_INSATSER)}.")
    pris = konf.get("pris")
    if isinstance(pris, Mapping) and "indata" in pris:
        _okanda_nycklar(pris, ("indata",), f"{var}, pris")
        return Komponent(namn, grupper, alder, {}, str(pris["indata"]), insats)
    if pris is None:
        raise ParameterFel(f"{var}: pris saknas (ange värden per år eller {{indata: beskrivning}}).")
    priser = _arsserie(pris, f"{var}, pris")
    for a, v in priser.items():
        if v < 0:
            raise ParameterFel(f"{var}: negativt pris {v:g} år {a} är inte tillåtet.")
    return Komponent(namn, grupper, alder, priser, lss_insats=insats)


def _tolka(namn: str, konf) -> Modell:
    var = f"Modellen {namn}"
    if not isinstance(konf, Mapping):
        raise ParameterFel(f"{var}: förväntade en tabell (dict).")
    _okanda_nycklar(konf, MODELLNYCKLAR, var)
    metod = konf.get("metod", "niva")
    if metod not in METODER:
        raise ParameterFel(f"{var}: okänd metod {metod!r}; ange 'niva' eller 'inkrementell'.")
    volym_ar = konf.get("volym_ar", [0])
    volym_ar = VOLYM_KORTNAMN.get(volym_ar, volym_ar) if isinstance(volym_ar, str) else volym_ar
    if not isinstance(volym_ar, (list, tuple)) or not volym_ar or not all(isinstance(o, int) for o in volym_ar):
        raise ParameterFel(f"{var}: volym_ar ska vara en lista av heltal (t.ex. [-1, 0]) eller "
                           f"{' / '.join(VOLYM_KORTNAMN)}.")
    prisenhet = konf.get("prisenhet", "kr")
    if prisenhet not in PRISENHETER:
        raise ParameterFel(f"{var}: okänd prisenhet {prisenhet!r}; ange {', '.join(PRISENHETER)}.")
    komp = konf.get("komponenter")
    if not isinstance(komp, Mapping) or not komp:
        raise ParameterFel(f"{var}: komponenter saknas.")
    paslag = _arsserie(konf.get("paslag"), f"{var}, paslag", undre=-1)
    if paslag and metod == "inkrementell":
        raise ParameterFel(f"{var}: påslag är bara definierat för metoden niva.")
    ram = konf.get("ram_foregaende")
    if ram is not None:
        if metod != "inkrementell" or not isinstance(ram, Mapping) or "ar" not in ram:
            raise ParameterFel(f"{var}: ram_foregaende ska vara {{ar:, value:, reference:}} (bara inkrementell).")
        ram = (kontrollera_ar(ram["ar"]), _varde(ram, f"{var}, ram_foregaende"))
    return Modell(
        namn=namn,
        namnd=str(konf.get("namnd", namn)),
        metod=metod,
        volym_ar=list(volym_ar),
        prisenhet=prisenhet,
        komponenter=[_komponent(str(k), v, var) for k, v in komp.items()],
        paslag=paslag,
        prisupprakning=_arsserie(konf.get("prisupprakning"), f"{var}, prisupprakning", undre=-1),
        ram_foregaende=ram,
        beskrivning=str(konf.get("beskrivning", "")),
    )


@lru_cache(maxsize=None)
def _bundlad(namn: str) -> Modell:
    """En bundlad modell, tolkad en gång per process (delas mellan anropen: ändra den inte)."""
    return _tolka(namn, modellkonfiguration(namn))


def modellfiler(modell) -> tuple:
    """(sökväg, storlek, ändringstid) för varje YAML-fil bland ``modell`` (namn, sökväg eller lista av dem): en
    ändrad fil ger en ny nyckel för den som minns resultat (Excel-funktionernas cache)."""
    ut = []
    for x in modell if isinstance(modell, (list, tuple)) else [modell]:
        if isinstance(x, (str, Path)) and str(x).endswith((".yaml", ".yml")) and Path(x).is_file():
            st = Path(x).stat()
            ut.append((str(x), st.st_size, st.st_mtime_ns))
    return tuple(ut)


def _modeller_ur(modell) -> list[Modell]:
    """Ett modellnamn, en YAML-fil (alla modeller i den), en modell-dict, en dict namn → modell, eller en lista."""
    if isinstance(modell, (list, tuple)):
        return [m for x in modell for m in _modeller_ur(x)]
    if isinstance(modell, Path) or (isinstance(modell, str) and modell.endswith((".yaml", ".yml"))):
        fil = Path(modell)
        if not fil.is_file():
            raise ParameterFel(f"Modellfilen {fil} finns inte.")
        return [_tolka(n, k) for n, k in _las_fil(fil).items()]
    if isinstance(modell, str):
        return [_bundlad(modell)]
    if isinstance(modell, Mapping):
        if "komponenter" in modell:
            return [_tolka(str(modell.get("namn", "egen modell")), modell)]
        return [_tolka(str(n), k) for n, k in modell.items() if not str(n).startswith("om_")]
    raise ParameterFel(f"Okänd modell {modell!r}: ange ett modellnamn, en YAML-fil eller en dict.")
