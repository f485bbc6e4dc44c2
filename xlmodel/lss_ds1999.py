"""Ds 1999:72 "Utjämning av LSS-kostnader mellan kommuner": förslagets modeller (ej lag).

* Modell 1 (avsnitt 5.1.2–5.1.4): standardkostnad per invånare =
  (personer i personkrets 1–2 med vissa undantag × A + personer i särskilt boende × B × andel
  + personer i daglig verksamhet × C) / invånare, A = 102, B = 500, C = 138 tkr (1998);
  bidrag (+) / avgift (−) = standardkostnad − rikets standardkostnad; därefter spärreglerna (5.1.4).
* Modell 2 (5.2.2, tabell 4): behovsnivå 0–6 ur personalbehov i timmar per vecka, årskostnad =
  timmar per dag × 365 × 178 kr (eller kontinuerligt: timmar per vecka / 7 × 365 × 178 kr); kommunens
  behov summeras och jämförs med riksgenomsnittet per invånare, som i modell 1.
* Södertörnsmodellen (bilaga 4): tio mätpunkter à 0–8 poäng, medelpoäng, nivå 1–5, och fördelning
  till enheter som Σ personer per nivå × nivåkostnad.

Nyckeln i Ds-tabellerna (tabell G och H) är kommunens namn år 1999, inte kommunkod; funktionerna här
använder namnet som nyckel. ``kommunkod`` läggs till där en nuvarande kommun har samma namn (Malung
heter nu Malung-Sälen, Upplands-Väsby Upplands Väsby); gränserna kan skilja (Uppsala 1999 omfattade
Knivsta). Schablonerna är förslagets "parametrar" i ``parametrar/lag/lss_ds1999.yaml``.
"""
from __future__ import annotations

from importlib import resources
from typing import Mapping

import numpy as np
import pandas as pd

from .fel import IndataFel
from .parametrar import parametrar
from .kallor.referensdata import kommuner
from .validering import andliga, rimlig, tal

_AR = 1999  # parametrarna är nycklade på Ds:ens år
_NAMNBYTEN = {"Malung": "Malung-Sälen", "Upplands-Väsby": "Upplands Väsby"}
#: Tabell G:s kolumner per 10 000 invånare som modell 1 använder.
TABELL_G_KOLUMNER = ("invanare", "pk12_red_per10k", "boende_per10k", "daglig_per10k")
SCHABLONER = ("schablon_personkrets", "schablon_boende", "schablon_daglig_verksamhet", "andel_boende")
#: Södertörnsmodellens mätpunkter för särskilt boende (bilaga 4, s. 116).
MATPUNKTER = (
    "forflyttning", "hygien_medicin", "klader", "maltider", "hjalp_i_hemmet", "planering_inkop",
    "hjalp_utanfor_hemmet", "tillsyn_dag", "tillsyn_natt", "beteenden",
)


def _p(namn: str):
    return parametrar()[f"lss_ds1999.{namn}"](_AR)


def _tabell(namn: str) -> pd.DataFrame:
    with (resources.files(__package__) / "data" / namn).open(encoding="utf-8") as f:
        return pd.read_csv(f)


def ds1999_tabell_g() -> pd.DataFrame:
    """Ds 1999:72 bilaga 2, tabell G (Socialstyrelsen 1999), en rad per kommun; tomt = i.u."""
    return _tabell("ds1999_72_tabell_g.csv")


def ds1999_tabell_h() -> pd.DataFrame:
    """Ds 1999:72 bilaga 3, tabell H (kr/inv), en rad per kommun och Riket; tomt = i.u."""
    return _tabell("ds1999_72_tabell_h.csv")


def kommunkod_for_namn(namn) -> pd.Series:
    """Nuvarande kommunkod för kommunnamn från 1999 (samma namn eller känt namnbyte), annars saknas."""
    karta = kommuner().set_index("namn")["kommunkod"]
    namn = pd.Index(namn)
    return pd.Series([karta.get(_NAMNBYTEN.get(n, n)) for n in namn], index=namn, name="kommunkod", dtype=object)


def _namnindex(index, var: str) -> pd.Index:
    for radnr, n in enumerate(index, start=1):
        if not isinstance(n, str) or not n.strip():
            raise IndataFel(f"{var} rad {radnr}: kommunnamn saknas eller är inte text ({n!r}).")
    index = pd.Index([n.strip() for n in index], name="kommun")
    dubbel = index[index.duplicated()]
    if len(dubbel):
        raise IndataFel(f"{var}: kommunen {dubbel[0]} förekommer två gånger.")
    return index


def _serie(varden, var: str, tillat_saknade: bool) -> pd.Series:
    """En Series med kommunnamn som index och icke-negativa tal (kr/inv); saknade värden blir NaN om tillåtet."""
    if isinstance(varden, Mapping) and not isinstance(varden, pd.Series):
        varden = pd.Series(varden, dtype=object)
    if not isinstance(varden, pd.Series):
        raise IndataFel(f"{var}: förväntade en pandas Series med kommunnamn som index, fick {type(varden).__name__}.")
    index = _namnindex(varden.index, var)
    ut = []
    for n, v in zip(index, varden.to_numpy()):
        if tillat_saknade and (v is None or (isinstance(v, float) and np.isnan(v))):
            ut.append(np.nan)
            continue
        x = tal(v, f"{var}, kommun {n}")
        if x < 0:
            raise IndataFel(f"{var}, kommun {n}: negativt värde {x:g} är inte tillåtet.")
        ut.append(x)
    return pd.Series(ut, index=index, dtype=float, name=varden.name)


def lss_sparregler(kostnad: pd.Series, bidrag: pd.Series, riksgenomsnitt: float | None = None) -> pd.Series:
    """Spärreglerna i Ds 1999:72 avsnitt 5.1.4 på bidrag (+) / avgift (−) i kr/inv, kommunnamn som index.

    Med faktisk kostnad c och riksgenomsnitt R (``riksgenomsnitt``; utan värde parametern
    ``lss_ds1999.modell1.riksgenomsnittlig_kostnad`` = 1 750 kr/inv enligt Ds, alltså som
    ``lss_sparregler(kostnad, bidrag, riksgenomsnitt=1750)``; måste vara större än noll):

    1. c < R: avgiften får inte göra kostnaden efter utjämning högre än R (avgift högst R − c);
    2. c < R: inget bidrag (kostnaden ska inte bli ännu lägre);
    3. c > R: ingen avgift (kostnaden ska inte öka);
    4. c > R: bidraget får inte göra kostnaden efter utjämning lägre än R (bidrag högst c − R).

    Alltså bidrag begränsat till intervallet [min(0, c − R), max(0, c − R)]. En kommun utan kostnad (NaN)
    får sitt bidrag/avgift oförändrat: spärreglerna kan inte tillämpas där.
    """
    c = _serie(kostnad, "kostnad", tillat_saknade=True)
    b = _serie_med_tecken(bidrag, "bidrag")
    if not c.index.equals(b.index):
        saknas = b.index.difference(c.index).union(c.index.difference(b.index))
        raise IndataFel(f"kostnad och bidrag har inte samma kommuner (t.ex. {saknas[0]}).")
    R = float(_p("modell1.riksgenomsnittlig_kostnad")) if riksgenomsnitt is None else tal(riksgenomsnitt, "riksgenomsnitt")
    if R <= 0:
        raise IndataFel(f"riksgenomsnitt: den riksgenomsnittliga kostnaden måste vara större än noll (är {R:g} kr/inv).")
    marginal = c - R
    begransat = b.clip(lower=np.minimum(marginal, 0.0), upper=np.maximum(marginal, 0.0))
    return begransat.where(c.notna(), b).rename("bidrag_med_sparr")


def _serie_med_tecken(varden, var: str) -> pd.Series:
    if not isinstance(varden, pd.Series):
        raise IndataFel(f"{var}: förväntade en pandas Series med kommunnamn som index, fick {type(varden).__name__}.")
    index = _namnindex(varden.index, var)
    return pd.Series([tal(v, f"{var}, kommun {n}") for n, v in zip(index, varden.to_numpy())], index=index, dtype=float)


def _schabloner(schabloner: Mapping | None) -> dict[str, float]:
    s = {k: float(_p(f"modell1.{k}")) for k in SCHABLONER}
    for k, v in (schabloner or {}).items():
        if k not in s:
            raise IndataFel(f"schabloner: okänd nyckel {k!r}; tillåtna är {', '.join(SCHABLONER)}.")
        s[k] = tal(v, f"schabloner, {k}")
        if s[k] < 0:
            raise IndataFel(f"schabloner, {k}: negativt värde {s[k]:g} är inte tillåtet.")
    if s["andel_boende"] > 1:
        raise IndataFel(f"schabloner, andel_boende: {s['andel_boende']:g} ska vara en andel mellan 0 och 1 (90 procent = 0.9).")
    return s


def _las_tabell_g(tabell_g: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(tabell_g, pd.DataFrame):
        raise IndataFel(f"tabell_g: förväntade en tabell (pandas DataFrame), fick {type(tabell_g).__name__}.")
    df = tabell_g.reset_index() if "kommun" not in tabell_g.columns and tabell_g.index.name == "kommun" else tabell_g
    saknas = [k for k in ("kommun", *TABELL_G_KOLUMNER) if k not in df.columns]
    if saknas:
        raise IndataFel(f"tabell_g: kolumn saknas: {', '.join(saknas)}.")
    if df.empty:
        raise IndataFel("tabell_g: tabellen har inga rader.")
    index = _namnindex(df["kommun"], "tabell_g")
    ut = {}
    for k in TABELL_G_KOLUMNER:
        varden = []
        for n, v in zip(index, df[k].to_numpy()):
            x = tal(v, f"tabell_g, kommun {n}, kolumn {k}")
            if x < 0 or (k == "invanare" and x == 0):
                krav = "större än noll" if k == "invanare" else "icke-negativt"
                raise IndataFel(f"tabell_g, kommun {n}, kolumn {k}: värdet måste vara {krav} (är {x:g}).")
            varden.append(x)
        ut[k] = varden
    return pd.DataFrame(ut, index=index)


def lss_ds1999_modell1(
    tabell_g: pd.DataFrame,
    kostnad: pd.Series | None,
    schabloner: Mapping | None = None,
    sparregler: bool = True,
    *,
    standardkostnad_riket: float | None = None,
    riksgenomsnitt: float | None = None,
) -> pd.DataFrame:
    """Modell 1 i Ds 1999:72 (avsnitt 5.1.2–5.1.4), en rad per kommun (index: kommunnamn 1999).

    ``tabell_g``: kolumnerna ``kommun``, ``invanare``, ``pk12_red_per10k``, ``boende_per10k`` och
    ``daglig_per10k`` som i Ds bilaga 2 tabell G (personer per 10 000 invånare). Rader med i.u. ska tas bort
    av anroparen (saknat värde ger fel). ``kostnad``: faktisk LSS-kostnad i kr/inv per kommun (Series med
    kommunnamn som index; saknad kommun eller NaN = spärreglerna tillämpas inte för den raden).
    ``schabloner``: ersätter ``schablon_personkrets``, ``schablon_boende``, ``schablon_daglig_verksamhet``
    (kr per person) eller ``andel_boende`` (t.ex. 0,9). ``sparregler=False``: kolumnerna med spärregler blir
    lika med dem utan. ``standardkostnad_riket``: rikets standardkostnad (kr/inv) när raderna inte är hela
    riket; annars invånarvägt medel av raderna. ``riksgenomsnitt``: kostnaden spärreglerna jämför med.

    Returnerar ``kommunkod`` (nuvarande, där namnet finns), ``invanare``, ``standardkostnad``,
    ``standardkostnad_riket``, ``kostnad``, ``bidrag_utan_sparr``, ``bidrag_med_sparr``,
    ``netto_utan_sparr``, ``netto_med_sparr`` (kostnad − bidrag) och ``sparregler_tillampade``; kr/inv.
    """
    g = _las_tabell_g(tabell_g)
    s = _schabloner(schabloner)
    per_person = (
        g["pk12_red_per10k"] * s["schablon_personkrets"]
        + g["boende_per10k"] * s["schablon_boende"] * s["andel_boende"]
        + g["daglig_per10k"] * s["schablon_daglig_verksamhet"]
    ) / 10_000
    if standardkostnad_riket is None:
        sk_riket = float((per_person * g["invanare"]).sum() / g["invanare"].sum())
    else:
        sk_riket = rimlig(tal(standardkostnad_riket, "standardkostnad_riket"), "standardkostnad_riket",
                          "standardkostnad_riket")
    bidrag = per_person - sk_riket

    c = pd.Series(np.nan, index=g.index)
    if kostnad is not None:
        k = _serie(kostnad, "kostnad", tillat_saknade=True)
        okanda = k.index.difference(g.index)
        if len(okanda):
            raise IndataFel(f"kostnad: kommunen {okanda[0]} finns inte i tabell_g.")
        c.loc[k.index] = k.to_numpy()
    med = lss_sparregler(c, bidrag, riksgenomsnitt) if sparregler else bidrag

    ut = pd.DataFrame(index=g.index)
    ut["kommunkod"] = kommunkod_for_namn(g.index).to_numpy()
    ut["invanare"] = g["invanare"]
    ut["standardkostnad"] = per_person
    ut["standardkostnad_riket"] = sk_riket
    ut["kostnad"] = c
    ut["bidrag_utan_sparr"] = bidrag
    ut["bidrag_med_sparr"] = med.to_numpy()
    ut["netto_utan_sparr"] = c - bidrag
    ut["netto_med_sparr"] = c - ut["bidrag_med_sparr"]
    ut["sparregler_tillampade"] = bool(sparregler) & c.notna()
    return andliga(ut, "Ds 1999:72 modell 1")


def lss_ds1999_behovsniva(timmar_per_vecka, kontinuerlig: bool = False) -> pd.DataFrame:
    """Behovsnivå 0–6 och årskostnad (kr) per person, Ds 1999:72 avsnitt 5.2.2 tabell 4.

    Nivån är den högsta vars nedre gräns (20, 25, 35, 55, 90, 140 timmar per vecka) personalbehovet når.
    Årskostnaden är nivåns timmar per dag × 365 × 178 kr; med ``kontinuerlig=True`` (den kontinuerliga
    skalan i 5.2.2) i stället personens egna timmar per vecka / 7 × 365 × 178 kr.
    """
    t = timmar_per_vecka if isinstance(timmar_per_vecka, pd.Series) else pd.Series(np.atleast_1d(timmar_per_vecka))
    varden = []
    for i, v in zip(t.index, t.to_numpy()):
        x = tal(v, f"timmar_per_vecka, rad {i}")
        if x < 0:
            raise IndataFel(f"timmar_per_vecka, rad {i}: negativt personalbehov {x:g}.")
        varden.append(x)
    timmar = np.asarray(varden, dtype=float)
    niva = np.searchsorted(np.asarray(_p("modell2.nedre_granser"), dtype=float), timmar, side="right")
    timpris, dagar = float(_p("modell2.timpris")), float(_p("modell2.dagar_per_ar"))
    per_dag = np.asarray(_p("modell2.timmar_per_dag"), dtype=float)[niva]
    kostnad = (timmar / 7 if kontinuerlig else per_dag) * dagar * timpris
    return pd.DataFrame({"timmar_per_vecka": timmar, "niva": niva, "arskostnad": kostnad}, index=t.index)


def lss_ds1999_modell2(
    personer: pd.DataFrame,
    invanare,
    kontinuerlig: bool = False,
    lagsta_niva: int | None = None,
) -> pd.DataFrame:
    """Modell 2 i Ds 1999:72 (avsnitt 5.2.2): behovsbaserad utjämning, en rad per kommun.

    ``personer``: en rad per bedömd person med ``kommun`` och ``timmar_per_vecka`` (personalbehov).
    ``invanare``: invånare per kommun (Series med kommunnamn som index); alla kommuner i utjämningen.
    Personer under ``lagsta_niva`` (enligt Ds minst nivå 1) räknas inte. Kommunens behov är summan av
    årskostnaderna; bidrag (+) / avgift (−) = behov per invånare − rikets behov per invånare.
    """
    inv = _serie(invanare, "invanare", tillat_saknade=False)
    if (inv <= 0).any():
        raise IndataFel(f"invanare, kommun {inv.index[(inv <= 0).to_numpy()][0]}: invånarantalet måste vara större än noll.")
    if not isinstance(personer, pd.DataFrame) or not {"kommun", "timmar_per_vecka"} <= set(personer.columns):
        raise IndataFel("personer: ange en tabell med kolumnerna kommun och timmar_per_vecka.")
    okanda = pd.Index(personer["kommun"]).difference(inv.index)
    if len(okanda):
        raise IndataFel(f"personer: kommunen {okanda[0]!r} saknas i invanare.")
    niva = lss_ds1999_behovsniva(personer["timmar_per_vecka"].reset_index(drop=True), kontinuerlig)
    lagsta = int(_p("modell2.lagsta_niva") if lagsta_niva is None else lagsta_niva)
    med = (niva["niva"] >= lagsta).to_numpy()
    kommun = personer["kommun"].to_numpy()[med]
    behov = pd.Series(niva["arskostnad"].to_numpy()[med]).groupby(kommun).sum().reindex(inv.index, fill_value=0.0)
    antal = pd.Series(1, index=kommun).groupby(level=0).sum().reindex(inv.index, fill_value=0)

    ut = pd.DataFrame(index=inv.index)
    ut["kommunkod"] = kommunkod_for_namn(inv.index).to_numpy()
    ut["invanare"] = inv
    ut["antal_personer"] = antal.astype(int)
    ut["behov"] = behov
    ut["behov_per_inv"] = behov / inv
    ut["behov_per_inv_riket"] = behov.sum() / inv.sum()
    ut["kr_per_inv"] = ut["behov_per_inv"] - ut["behov_per_inv_riket"]
    ut["belopp"] = ut["kr_per_inv"] * inv
    return andliga(ut, "Ds 1999:72 modell 2")


def sodertorn_niva(poang: pd.DataFrame) -> pd.DataFrame:
    """Södertörnsmodellen (Ds 1999:72 bilaga 4): medelpoäng och nivå 1–5 per person.

    ``poang``: en rad per person och en kolumn per mätpunkt (tio i boendeinstrumentet, se ``MATPUNKTER``),
    0–8 poäng. Medelpoängen = summan / antalet mätpunkter; nivån är den högsta vars nedre gräns (0,1; 1,8;
    3,6; 5,4; 7,0) medelpoängen når, och 0 (ingen personalinsats) under 0,1.
    """
    n, hogst = int(_p("sodertorn.antal_matpunkter")), float(_p("sodertorn.max_poang"))
    if not isinstance(poang, pd.DataFrame) or poang.shape[1] != n:
        raise IndataFel(f"poang: ange en tabell med en kolumn per mätpunkt ({n} st: {', '.join(MATPUNKTER)}).")
    varden = np.empty(poang.shape)
    for i, (idx, rad) in enumerate(poang.iterrows()):
        for j, (kol, v) in enumerate(rad.items()):
            x = tal(v, f"poang, rad {idx}, mätpunkt {kol}")
            if not 0 <= x <= hogst:
                raise IndataFel(f"poang, rad {idx}, mätpunkt {kol}: {x:g} ligger utanför 0–{hogst:g}.")
            varden[i, j] = x
    medel = np.round(varden.sum(axis=1) / n, 10)
    niva = np.searchsorted(np.asarray(_p("sodertorn.nedre_granser"), dtype=float), medel, side="right")
    return pd.DataFrame({"medelpoang": medel, "niva": niva}, index=poang.index)


def sodertorn_fordelning(personer: pd.DataFrame, nivakostnad: Mapping) -> pd.DataFrame:
    """Fördelning till enheter enligt Södertörnsmodellen: Σ personer per nivå × nivåkostnad (bilaga 4, Nyckeltal).

    ``personer``: kolumnerna ``enhet`` och ``niva`` (1–5, t.ex. från ``sodertorn_niva``; 0 = ingen insats,
    kostnad 0 om inte ``nivakostnad`` anger annat). ``nivakostnad``: kr per person och år för varje nivå
    (kommunens egna nyckeltal; Ds anger inga belopp). Nivåer utanför 0–5 (bilagans nivåer, parametern
    ``lss_ds1999.sodertorn.nedre_granser``) ger fel. Returnerar antal per nivå och ``belopp`` per enhet.
    """
    if not isinstance(personer, pd.DataFrame) or not {"enhet", "niva"} <= set(personer.columns):
        raise IndataFel("personer: ange en tabell med kolumnerna enhet och niva.")
    if not isinstance(nivakostnad, Mapping):
        raise IndataFel("nivakostnad: ange kr per person för varje nivå, t.ex. {1: 100000, 2: 200000}.")
    hogsta = len(_p("sodertorn.nedre_granser"))

    def _niva(v, var: str) -> int:
        x = tal(v, var) if not isinstance(v, str) or not v.strip().isdigit() else float(v)
        if not x.is_integer() or not 0 <= x <= hogsta:
            raise IndataFel(f"{var}: {x:g} är ingen nivå i Södertörnsmodellen (heltal 0–{hogsta}).")
        return int(x)

    kostnad = {_niva(k, f"nivakostnad, nivå {k!r}"): tal(v, f"nivakostnad, nivå {k}") for k, v in nivakostnad.items()}
    if any(v < 0 for v in kostnad.values()):
        raise IndataFel("nivakostnad: negativ nivåkostnad är inte tillåten.")
    kostnad.setdefault(0, 0.0)
    nivaer = []
    for idx, v in personer["niva"].items():
        x = _niva(v, f"personer, rad {idx}, niva")
        if x not in kostnad:
            raise IndataFel(f"personer, rad {idx}: nivåkostnad saknas för nivå {x}.")
        nivaer.append(x)
    tabell = pd.crosstab(personer["enhet"].to_numpy(), np.asarray(nivaer))
    tabell = tabell.reindex(columns=sorted(kostnad), fill_value=0)
    ut = tabell.rename(columns=lambda n: f"antal_niva{n}")
    ut.index.name = "enhet"
    ut["belopp"] = tabell.to_numpy() @ np.asarray([kostnad[n] for n in tabell.columns], dtype=float)
    return andliga(ut, "Södertörnsmodellen")
