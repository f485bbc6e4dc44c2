"""Resursfördelningsmodeller: från kommunfullmäktige till nämnderna.

Grundprincipen (seed 001) är "volym multiplicerat med ett ersättningsbelopp per volymenhet". En modell är
data (YAML under ``xlmodel/modeller/`` eller en dict), inte kod. Två metoder:

* ``niva`` (full nivå, Sjöbo, anchors.md §3.1): belopp_i,t = (1 + påslag_t) × pris_i,t × volym_i,t och
  ramen är Σ_i belopp_i,t.
* ``inkrementell`` (Vara, anchors.md §3.2): ram_t = ram_t−1 × (1 + uppräkning_t) + Σ_i pris_i,t ×
  (volym_i,t − volym_i,t−1).

Modellens nycklar::

    namn_pa_modellen:
      beskrivning: ...
      namnd: Socialnämnden
      metod: niva                 # eller inkrementell
      volym_ar: [-1, 0]           # volymen år t = medel av tabellens värden år t−1 och t ("medel_arsskiften");
                                  # [0] = årets värde ("arsvarde")
      prisenhet: tkr              # kr, tkr eller mnkr per volymenhet
      paslag: {2023: {value: 0.05, reference: ...}}          # gäller från sitt år (valfri, bara niva)
      prisupprakning: {2025: {value: 0.03, reference: ...}}  # PKV; räknar upp pris (och ram) år utan pris
      ram_foregaende: {ar: 2022, value: 1.2e8, reference: ...}  # bara inkrementell (eller argument)
      komponenter:
        80-89 år:
          grupp: 80-89            # gruppnamn i volymtabellen (eller en lista som summeras)
          alder: [80, 89]         # används när volymtabellen är per ettårsålder; [90, null] = 90 och äldre
          pris: {2024: {value: 137.3, reference: ...}}   # eller {indata: "beskrivning"}: anges med priser=
          lss_insats: bv          # valfri: insatsen i LSS-utjämningen (för lss_priser)
      kalla: ...                  # valfri källa; beskrivning och namn är också tillåtna

Andra nycklar (t.ex. en felstavning) ger ParameterFel som namnger nyckeln och modellen, och en komponent i
``priser=`` som inte finns i modellerna ger IndataFel. Värden anges som ``{value:, reference:}`` (de
bundlade modellerna har alltid källa); i egna dictar får ett värde vara ett tal. Ett pris gäller sitt år; år utan pris räknas upp från närmast föregående pris med
``prisupprakning`` för varje mellanliggande år. Ett påslag gäller från sitt år tills nästa anges.

**Volymtabellen** (argumentet ``befolkning``) kan vara

* lång: kolumnerna ``grupp`` (eller ``aldersgrupp``, eller ``alder`` för ettårsåldrar), ``ar``, ``antal``;
* bred: en rad per grupp (kolumn ``grupp``/``aldersgrupp``/``alder`` eller index) och en kolumn per år;
* en dict ``{grupp: {ar: antal}}``.

Med en kolumn ``kommunkod`` räknas varje kommun för sig. Värdet för år y är folkmängden 31 december år y
(eller ett annat volymmått: antal LSS-insatser, elever, brukare ...), en befolkningsprognos för kommande år.

Resultatet har en rad per (kommun,) modell, år och komponent: ``volym``, ``pris`` (i prisenheten),
``pris_kr``, ``paslag``, ``belopp`` (kr), ``belopp_mnkr`` (en decimal) och förändringen mot året före
uppdelad i ``volymeffekt``, ``priseffekt`` och ``paslagseffekt`` (kr; summan är ``forandring``). För
niva-modeller är, med s = påslag, p = pris och v = volym:
volymeffekt = (1 + s_t−1) p_t−1 (v_t − v_t−1), priseffekt = (1 + s_t−1)(p_t − p_t−1) v_t och
paslagseffekt = (s_t − s_t−1) p_t v_t. Går året före inte att räkna (pris eller volym saknas) är
förändringskolumnerna tomma (NaN) för det året. ``ramar(resultat)`` summerar per nämnd och år.

Kriterierna för socialnämndens modeller (seed 001), som checklista: ``kriterier()``.

1. Opåverkbarhet: de förklarande variablerna så opåverkbara som möjligt.
2. Låga kostnader: inga ökade verksamhets- eller administrativa kostnader, hanterbar med egen personal.
3. Stabilitet: inga tröskeleffekter där små förändringar ger stora utslag.
4. Tillförlitlig dataförsörjning: offentliga data som finns senast i februari.
"""
from __future__ import annotations

import copy
import numbers
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd
import yaml

from .fel import IndataFel, ParameterFel
from .lss_utjamning import INSATSER as LSS_INSATSER
from .lss_utjamning import lss_genomsnittskostnader, lss_prislappar
from .kallor.referensdata import kommuner, riket_folkmangd_1nov
from .validering import andliga, kontrollera_ar, kontrollera_tabell, normalisera_kod, rimlig, tal

METODER = ("niva", "inkrementell")
#: Tillåtna nycklar i en modell och i en komponent; allt annat ger ParameterFel (ingen tyst felstavning).
MODELLNYCKLAR = ("namn", "beskrivning", "namnd", "metod", "volym_ar", "prisenhet", "kalla", "paslag",
                 "prisupprakning", "ram_foregaende", "komponenter")
KOMPONENTNYCKLAR = ("grupp", "alder", "pris", "lss_insats", "beskrivning")
PRISENHETER = {"kr": 1.0, "tkr": 1e3, "mnkr": 1e6}
VOLYM_KORTNAMN = {"medel_arsskiften": [-1, 0], "arsvarde": [0]}
UPPRAKNAD_RAM = "Föregående ram uppräknad"
KOLUMNER = [
    "namnd", "modell", "ar", "komponent", "volym", "pris", "prisenhet", "pris_kr", "paslag", "belopp",
    "belopp_mnkr", "forandring", "volymeffekt", "priseffekt", "paslagseffekt",
]


# --------------------------------------------------------------------------------------------- modeller
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
    return Path(str(resources.files("xlmodel").joinpath("modeller")))


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
    """Namnen på de bundlade modellerna (``xlmodel/modeller/*.yaml``)."""
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
        return [_tolka(modell, modellkonfiguration(modell))]
    if isinstance(modell, Mapping):
        if "komponenter" in modell:
            return [_tolka(str(modell.get("namn", "egen modell")), modell)]
        return [_tolka(str(n), k) for n, k in modell.items() if not str(n).startswith("om_")]
    raise ParameterFel(f"Okänd modell {modell!r}: ange ett modellnamn, en YAML-fil eller en dict.")


# -------------------------------------------------------------------------------------------- volymer
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


class _Volymer:
    """Volym per komponent, kommun och år ur den långa tabellen, med tydliga fel för saknade grupper/år."""

    def __init__(self, tabell: pd.DataFrame):
        self.typ = tabell["typ"].iloc[0]
        self.pivot = tabell.pivot_table(index=["kommunkod", "nyckel"], columns="ar", values="antal", aggfunc="sum")
        self.kommuner = sorted(tabell["kommunkod"].unique())

    def _rader(self, m: Modell, k: Komponent) -> pd.DataFrame:
        nycklar = self.pivot.index.get_level_values("nyckel")
        plats = f"komponenten {k.namn!r} i modellen {m.namn}"
        if self.typ == "grupp" and k.grupper is not None:
            for g in k.grupper:
                if g not in set(nycklar):
                    kanda = ", ".join(sorted(map(str, set(nycklar))))
                    raise IndataFel(f"befolkning: åldersgruppen/volymmåttet {g!r} ({plats}) saknas. "
                                    f"Grupper i tabellen: {kanda}.")
            rader = self.pivot[nycklar.isin(k.grupper)]
        elif self.typ == "alder" and k.alder is not None:
            lo, hi = k.alder
            i = (nycklar >= lo) & (True if hi is None else nycklar <= hi)
            rader = self.pivot[np.asarray(i)]
            if rader.empty:
                raise IndataFel(f"befolkning: inga åldrar {lo}–{'' if hi is None else hi} finns ({plats}).")
        else:
            behov = "grupp" if self.typ == "alder" else "alder"
            raise IndataFel(f"befolkning: tabellen är per {'ettårsålder' if self.typ == 'alder' else 'grupp'}, "
                            f"men {plats} saknar {behov}.")
        for kod in self.kommuner:
            if kod not in rader.index.get_level_values("kommunkod"):
                raise IndataFel(f"befolkning: {plats} har inga rader för kommun {kod}.")
        return rader

    def volym(self, m: Modell, k: Komponent, ar: int) -> pd.Series:
        """Volymen för budgetår ``ar``: medel av tabellens värden åren ar + volym_ar, per kommun."""
        rader = self._rader(m, k)
        summor = []
        for o in m.volym_ar:
            y = ar + o
            if y not in rader.columns or rader[y].isna().any():
                saknas = rader.index[rader[y].isna()] if y in rader.columns else rader.index
                kod, nyckel = saknas[0]
                raise IndataFel(
                    f"befolkning: år {y} saknas för {'ålder' if self.typ == 'alder' else 'gruppen'} {nyckel}"
                    + (f" i kommun {kod}" if kod else "")
                    + f" (behövs för budgetår {ar} i modellen {m.namn}: volym = medel av åren "
                    f"{', '.join(str(ar + x) for x in m.volym_ar)})."
                )
            summor.append(rader[y].groupby(level="kommunkod").sum())
        return sum(summor) / len(summor)


# ---------------------------------------------------------------------------------------------- priser
def _priser_som_dict(priser) -> Mapping | None:
    """``priser`` som dict; en tabell med kolumnerna ``komponent``, ``ar``, ``pris`` blir {komponent: {ar: pris}}."""
    if priser is None or isinstance(priser, Mapping):
        return priser
    if isinstance(priser, pd.DataFrame):
        saknas = {"komponent", "ar", "pris"} - set(priser.columns)
        if saknas:
            raise IndataFel(f"priser: kolumn saknas: {', '.join(sorted(saknas))}.")
        ut: dict = {}
        for radnr, (k, a, p) in enumerate(zip(priser["komponent"], priser["ar"], priser["pris"]), start=1):
            ut.setdefault(str(k), {})[kontrollera_ar(a)] = tal(p, f"priser rad {radnr} ({k}, år {a})")
        return ut
    raise IndataFel(f"priser: förväntade en dict eller tabell, fick {type(priser).__name__}.")


def _serie_for(arg, namn: str, var: str) -> dict[int, float] | float | None:
    """Ett värde ur ett överstyrningsargument: tal (alla år) eller {ar: tal}."""
    if arg is None or namn not in arg:
        return None
    v = arg[namn]
    if isinstance(v, Mapping):
        return {kontrollera_ar(a): tal(x, f"{var} år {a}") for a, x in v.items()}
    return tal(v, var)


def _prisserie(m: Modell, k: Komponent, priser) -> dict | float:
    """{år: pris} för komponenten, eller ett pris för alla år: användarens priser före modellens."""
    namn = f"{m.namn}.{k.namn}" if priser is not None and f"{m.namn}.{k.namn}" in priser else k.namn
    over = _serie_for(priser, namn, f"priser[{namn!r}]")
    if isinstance(over, float):
        if over < 0:
            raise IndataFel(f"Modellen {m.namn}, komponent {k.namn!r}: negativt pris {over:g} är inte tillåtet.")
        return over
    elif over is not None:
        serie = over
    elif k.pris_indata is not None:
        raise IndataFel(f"Modellen {m.namn}: pris för komponenten {k.namn!r} ska anges med "
                        f"priser={{{k.namn!r}: ...}} ({k.pris_indata}).")
    else:
        serie = k.priser
    for a, v in serie.items():
        if v < 0:
            raise IndataFel(f"Modellen {m.namn}, komponent {k.namn!r}: negativt pris {v:g} år {a} är inte tillåtet.")
    return serie


def _pris(m: Modell, k: Komponent, ar: int, priser, pkv: dict[int, float]) -> float:
    """Priset (i modellens prisenhet) för ``ar``; år utan pris räknas upp med prisuppräkningen (PKV)."""
    serie = _prisserie(m, k, priser)
    if isinstance(serie, float):
        return serie
    if ar in serie:
        return serie[ar]
    tidigare = [a for a in serie if a < ar]
    if not tidigare:
        raise ParameterFel(f"Modellen {m.namn}, komponent {k.namn!r}: pris saknas för år {ar} "
                           f"(pris finns för {', '.join(map(str, sorted(serie))) or 'inga år'}).")
    bas = max(tidigare)
    p = serie[bas]
    for y in range(bas + 1, ar + 1):
        if y not in pkv:
            raise ParameterFel(f"Modellen {m.namn}, komponent {k.namn!r}: pris saknas för år {ar} och "
                               f"prisuppräkning (PKV) saknas för år {y} (senaste pris år {bas}).")
        p *= 1 + pkv[y]
    return p


def _paslag(m: Modell, ar: int) -> float:
    if not m.paslag:
        return 0.0
    tidigare = [a for a in m.paslag if a <= ar]
    if not tidigare:
        raise ParameterFel(f"Modellen {m.namn}: påslag saknas för år {ar} (anges från {min(m.paslag)}).")
    return m.paslag[max(tidigare)]


def _pkv(m: Modell, prisupprakning) -> dict[int, float]:
    ut = dict(m.prisupprakning)
    if prisupprakning is not None:
        if not isinstance(prisupprakning, Mapping):
            raise IndataFel("prisupprakning: ange {ar: andel}, t.ex. {2025: 0.031}.")
        for a, v in prisupprakning.items():
            v = rimlig(tal(v, f"prisupprakning år {a}"), "pkv", f"prisupprakning år {a}")
            ut[kontrollera_ar(a)] = v
    return ut


# ----------------------------------------------------------------------------------------------- motor
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


# ------------------------------------------------------------------------------------- namngivna modeller
def sjobo_aldreomsorg(befolkning, ar, **kw) -> pd.DataFrame:
    """Sjöbos äldreomsorgsmodell (full nivå, anchors.md §3.1): tkr per invånare × befolkning per åldersklass."""
    return resursfordelning("sjobo_aldreomsorg", befolkning, ar, **kw)


def vara(befolkning, ar, *, namnd: str = "socialnamnden", priser, prisupprakning, ram_foregaende) -> pd.DataFrame:
    """Varas inkrementella modell (anchors.md §3.2) för ``namnd`` 'socialnamnden' eller 'bildningsnamnden'."""
    namn = f"vara_{namnd}"
    if namn not in _bundlade():
        raise IndataFel(f"Okänd nämnd {namnd!r} för Vara: ange 'socialnamnden' eller 'bildningsnamnden'.")
    return resursfordelning(namn, befolkning, ar, priser=priser, prisupprakning=prisupprakning,
                            ram_foregaende=ram_foregaende)


SOCIALNAMNDEN = ("socialnamnden_ifo", "socialnamnden_aldreomsorg", "socialnamnden_aldreomsorg_standardkostnad",
                 "socialnamnden_lss", "socialnamnden_hsl")


def socialnamnden(befolkning, ar, *, priser, delmodeller: Iterable[str] = SOCIALNAMNDEN, **kw) -> pd.DataFrame:
    """Socialnämndens modeller från seed 001 (IFO, två äldreomsorgsmodeller, LSS, hälso- och sjukvård) i en tabell.

    IFO = kommunens standardkostnad för IFO (kr/inv, SCB) × (1 + påslag: 10 % före 2023, 5 % från 2023) ×
    befolkning; äldreomsorg = kostnad per person × befolkning per åldersgrupp, och kommunens standardkostnad
    för äldreomsorg × befolkning; LSS = Σ insatser × genomsnittskostnad per insats (LSS-utjämningen, se
    ``lss_priser``). ``priser`` ger ersättningsbeloppen per komponent (t.ex. ``{"ifo": 4_700,
    "daglig_verksamhet": 280_000, ...}``).
    """
    return resursfordelning(list(delmodeller), befolkning, ar, priser=priser, **kw)


def lss_priser(ar: int, *, riktvarden: Mapping | None = None, indata: pd.DataFrame | None = None,
               riket: Mapping | None = None, reform: str | None = None,
               modell="socialnamnden_lss") -> dict[str, float]:
    """LSS-modellens elva ersättningsbelopp (kr per person) ur LSS-utjämningens regler, som ``priser=``.

    Antingen ur riktvärdena ``{"bv":, "pak":, "dv":, "kv":}`` (kr, t.ex. SKR:s cirkulär, Tabell 5) med
    förordningens (2008:776) 5 § vikter (``lss_utjamning.lss_prislappar``), eller ur ett helt
    LSS-utjämningsunderlag ``indata`` (och ``riket``) som ``lss_utjamning.lss_genomsnittskostnader``.
    Komponenterna knyts till insatserna med nyckeln ``lss_insats`` i modellen. Returnerar {komponent: pris}.
    """
    if (riktvarden is None) == (indata is None):
        raise IndataFel("lss_priser: ange antingen riktvarden (bv, pak, dv, kv) eller indata (LSS-utjämningens tabell).")
    if riktvarden is not None:
        pris = lss_prislappar(riktvarden, ar, reform)
    else:
        pris = lss_genomsnittskostnader(indata, ar, reform=reform, riket=riket)
    ut = {}
    for m in _modeller_ur(modell):
        for k in m.komponenter:
            if k.lss_insats is None:
                raise ParameterFel(f"Modellen {m.namn}, komponent {k.namn!r}: lss_insats saknas (t.ex. bv).")
            ut[k.namn] = float(pris[k.lss_insats])
    return ut


# ------------------------------------------------------------------------------------------- sparbeting
def sparbeting(nettobudget: float, andel: float, atgarder: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Ett generellt sparbeting: ``andel`` av nämndens nettobudget (kr), och valda åtgärder mot det.

    Seed 000: 2,5 procent av socialnämndens nettobudget 2024, 1 419,4 mnkr. Returnerar rader ``post``
    med ``belopp`` (kr) och ``belopp_mnkr``: nettobudget, sparbeting, varje åtgärd, summa åtgärder och
    kvar att åtgärda (sparbeting − summa åtgärder; negativt = åtgärderna räcker med marginal).
    """
    nb = tal(nettobudget, "nettobudget")
    a = tal(andel, "andel")
    if nb < 0:
        raise IndataFel(f"nettobudget: negativt belopp {nb:g} är inte tillåtet.")
    if not 0 <= a <= 1:
        raise IndataFel(f"andel: {a:g} ska vara en andel mellan 0 och 1 (2,5 procent = 0.025).")
    krav = nb * a
    poster = [("Nettobudget", nb), (f"Sparbeting ({a * 100:.4g} %)".replace(".", ","), krav)]
    summa = 0.0
    for namn, belopp in (atgarder or {}).items():
        b = tal(belopp, f"åtgärden {namn!r}")
        if b < 0:
            raise IndataFel(f"åtgärden {namn!r}: negativt belopp {b:g}; ange besparingen som ett positivt belopp.")
        poster.append((str(namn), b))
        summa += b
    poster += [("Summa åtgärder", summa), ("Kvar att åtgärda", krav - summa)]
    ut = pd.DataFrame(poster, columns=["post", "belopp"])
    ut["belopp_mnkr"] = _mnkr(ut["belopp"])
    return andliga(ut, "sparbeting")


# --------------------------------------------------------------------- generellt bidrag och kostnadsutjämning
def statsbidrag_per_invanare(belopp: float, *, folkmangd: float | None = None, ar: int | None = None) -> float:
    """Ett generellt statsbidrag fördelat lika per invånare: ``belopp`` / folkmängd (kr/inv, oavrundat).

    Utan ``folkmangd`` används rikets folkmängd 1 november året före utjämningsåret ``ar`` (så fördelas
    det generella bidraget i utjämningssystemet). Seed 003: 2 mdkr → 193 kr per invånare.
    """
    b = tal(belopp, "belopp")
    if folkmangd is None:
        if ar is None:
            raise IndataFel("Ange folkmangd eller utjämningsår (ar) för rikets folkmängd.")
        folkmangd = riket_folkmangd_1nov(kontrollera_ar(ar))
    n = tal(folkmangd, "folkmangd")
    if n <= 0:
        raise IndataFel(f"folkmangd: måste vara större än noll (är {n:g}).")
    return b / n


def ifo_kostnadsokning(
    tillagg_avdrag,
    kostnadsokning: float,
    standardkostnad_riket: float,
    *,
    statsbidrag: float | None = None,
    folkmangd: float | None = None,
    ar: int | None = None,
) -> pd.DataFrame:
    """Ett generellt statsbidrag lika per invånare och dess motsvarande kostnadsökning i IFO-modellen (seed 003, Tabell 1).

    En kommuns standardkostnad för IFO är ett modellberäknat värde × en korrigeringsfaktor som gör det
    befolkningsvägda medelvärdet lika med den genomsnittliga standardkostnaden (förordning 2004:881 9 §);
    lönetillägget (9 a §) är proportionellt mot samma produkt. Ökar rikets kostnad med d kr/inv skalas därför
    varje kommuns standardkostnad, och dess tillägg/avdrag (standardkostnad − rikets genomsnitt), med
    (S + d)/S där S = ``standardkostnad_riket`` (kr/inv, t.ex. 4 361 år 2018 enligt seed 002).

    ``tillagg_avdrag``: kommunernas tillägg (+) eller avdrag (−) i IFO-modellen, kr/inv: en tabell med
    ``kommunkod`` och ``tillagg_avdrag``, eller en Series/dict med valfria etiketter ("Kommun A"). ``kostnadsokning``: rikets kostnadsökning i kr; ``statsbidrag`` (standard = samma
    belopp) fördelas lika per invånare. Kolumner: A ``tillskott``, B ``tillagg_avdrag``, C ``okat_tillagg_avdrag``
    och D ``totalt`` = A + C (kr/inv, oavrundade).
    """
    if isinstance(tillagg_avdrag, pd.DataFrame):  # en rad per kommun: kommunkod, tillagg_avdrag
        serie = kontrollera_tabell(tillagg_avdrag, ["tillagg_avdrag"], kanda_koder=kommuner()["kommunkod"],
                                   namn="tillagg_avdrag")["tillagg_avdrag"]
    elif isinstance(tillagg_avdrag, pd.Series):
        serie = tillagg_avdrag
    else:
        serie = pd.Series(tillagg_avdrag, dtype=object)
    if serie.empty:
        raise IndataFel("tillagg_avdrag: inga kommuner angivna.")
    b = np.array([tal(v, f"tillagg_avdrag för {k}") for k, v in serie.items()])
    s = tal(standardkostnad_riket, "standardkostnad_riket")
    if s <= 0:
        raise IndataFel(f"standardkostnad_riket: måste vara större än noll (är {s:g}).")
    okning = tal(kostnadsokning, "kostnadsokning")
    d = statsbidrag_per_invanare(okning, folkmangd=folkmangd, ar=ar)
    tillskott = statsbidrag_per_invanare(okning if statsbidrag is None else statsbidrag, folkmangd=folkmangd, ar=ar)
    c = b * d / s
    return pd.DataFrame(
        {"tillskott": tillskott, "tillagg_avdrag": b, "okat_tillagg_avdrag": c, "totalt": tillskott + c},
        index=pd.Index(serie.index, name=serie.index.name or "kommun"),
    )


# ------------------------------------------------------------------------------- självfinansieringsgrad
def sjalvfinansieringsgrad(avskrivningar, resultat, investeringar):
    """Självfinansieringsgrad = (avskrivningar + resultat) / investeringar (seed 003, fotnot 34)."""
    inv = np.asarray(investeringar, dtype=float)
    if np.any(inv <= 0):
        raise IndataFel("investeringar: måste vara större än noll för att självfinansieringsgraden ska vara definierad.")
    return (np.asarray(avskrivningar, dtype=float) + np.asarray(resultat, dtype=float)) / inv


def sjalvfinansiering_simulering(
    *,
    skatter_och_bidrag: float,
    avskrivningar: float,
    investeringar: float,
    sjalvfinansieringsgrad: float,
    resultatandel,
    skatteunderlagstillvaxt: Mapping[int, float],
    avskrivningstid: float = 33,
    avskrivning_fran: str = "foljande_ar",
) -> pd.DataFrame:
    """Investeringar som följer av resultatnivån vid fast självfinansieringsgrad (seed 003, fotnot 34, figur 3).

    Basårets nivåer (kr) ges av ``skatter_och_bidrag``, ``avskrivningar`` och ``investeringar``. För varje år t
    i ``skatteunderlagstillvaxt`` ({ar: andel}): skatter och bidrag_t = föregående × (1 + tillväxt_t);
    resultat_t = resultatandel_t × skatter och bidrag_t (``resultatandel`` tal eller {ar: andel});
    avskrivningarna ökar med 1/``avskrivningstid`` av nyinvesteringarna; investeringar_t =
    (avskrivningar_t + resultat_t) / självfinansieringsgrad. ``avskrivning_fran``: "foljande_ar" (en
    investering skrivs av från året efter, standard) eller "samma_ar" (från investeringsåret; då löses
    I = (A_t−1 + R)/(g − 1/n)). Fotnoten säger inte vilket; båda är namngivna tolkningar.
    """
    if avskrivning_fran not in ("foljande_ar", "samma_ar"):
        raise IndataFel("avskrivning_fran: ange 'foljande_ar' eller 'samma_ar'.")
    sob, avskr, inv = (tal(skatter_och_bidrag, "skatter_och_bidrag"), tal(avskrivningar, "avskrivningar"),
                       tal(investeringar, "investeringar"))
    for namn, v in (("skatter_och_bidrag", sob), ("avskrivningar", avskr), ("investeringar", inv)):
        if v < 0:
            raise IndataFel(f"{namn}: negativt belopp {v:g} är inte tillåtet.")
    g = tal(sjalvfinansieringsgrad, "sjalvfinansieringsgrad")
    n = tal(avskrivningstid, "avskrivningstid")
    if g <= 0 or n <= 0 or (avskrivning_fran == "samma_ar" and g <= 1 / n):
        raise IndataFel("sjalvfinansieringsgrad och avskrivningstid måste vara större än noll "
                        "(och graden större än 1/avskrivningstid när avskrivning sker samma år).")
    if not isinstance(skatteunderlagstillvaxt, Mapping) or not skatteunderlagstillvaxt:
        raise IndataFel("skatteunderlagstillvaxt: ange {ar: andel}, t.ex. {2021: 0.013, 2022: 0.04}.")
    ar_lista = sorted(kontrollera_ar(a) for a in skatteunderlagstillvaxt)
    if ar_lista != list(range(ar_lista[0], ar_lista[-1] + 1)):
        raise IndataFel(f"skatteunderlagstillvaxt: åren ska följa på varandra (fick {ar_lista}).")
    rader = []
    for t in ar_lista:
        tillvaxt = tal(skatteunderlagstillvaxt.get(t, skatteunderlagstillvaxt.get(str(t))), f"skatteunderlagstillväxt år {t}")
        if tillvaxt <= -1:
            raise IndataFel(f"skatteunderlagstillväxt år {t}: {tillvaxt:g} är inte tillåtet (måste vara större än −1).")
        sob *= 1 + tillvaxt
        andel = resultatandel.get(t) if isinstance(resultatandel, Mapping) else resultatandel
        if andel is None:
            raise IndataFel(f"resultatandel saknas för år {t}.")
        res = tal(andel, f"resultatandel år {t}") * sob
        if avskrivning_fran == "foljande_ar":
            avskr += inv / n
            inv = (avskr + res) / g
        else:
            inv = (avskr + res) / (g - 1 / n)
            avskr += inv / n
        rader.append({"ar": t, "skatter_och_bidrag": sob, "resultat": res, "avskrivningar": avskr,
                      "investeringar": inv, "investeringar_andel": inv / sob,
                      "sjalvfinansieringsgrad": (avskr + res) / inv})
    return pd.DataFrame(rader).set_index("ar")


# ------------------------------------------------------------------------------------- total ram per år
def ram_per_ar(ramar_tabell: pd.DataFrame) -> pd.Series:
    """Kommunens totala ram (kr) per år: summan av ``ram`` över nämnderna i en tabell från ``ramar``."""
    if not isinstance(ramar_tabell, pd.DataFrame) or not {"ar", "ram"} <= set(ramar_tabell.columns):
        raise IndataFel("ramar_tabell: ange en tabell från ramar() med kolumnerna ar och ram.")
    return ramar_tabell.groupby("ar")["ram"].sum(min_count=1).rename("ram")
