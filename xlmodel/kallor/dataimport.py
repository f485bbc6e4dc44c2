"""Import av SCB- och Kolada-exporter (CSV, xlsx) till motorns indatatabeller.

* ``importera(fil, matt, ...)``: en SCB- eller Kolada-export (bred: en kolumn per mått och ev. år i rubriken,
  som SCB:s "Skatteunderlag, kronor 2026"; eller lång: kolumner för mått/KPI, år, kön och värde, som Kolada)
  till en tabell med en rad per kommun och år. Kommunkoden hålls som 4 tecken med ledande nolla även om filen
  lagrat den som tal (180 → "0180"); "1880 Örebro" delas i kod och namn. Enheter i rubriken (tkr, mnkr) räknas
  om till kronor; kr per invånare där ett belopp väntas är ett fel.
* ``importera_inkomstunderlag(fil, ar)``: ``kommunkod, skatteunderlag (kr), folkmangd`` för
  ``xlmodel.inkomstutjamning`` (folkmängden ska vara den 1 november året före utjämningsåret).

Alla importer ger ett ``Importresultat``: ``.tabell`` (godkända rader) och ``.avvisade`` (varje avvisad rad med
radnummer i filen, kod, år och orsak på svenska); ``.kontrollera()`` ger tabellen eller ``IndataFel`` om någon rad
avvisats. Filerna läses säkert (storlek, zip-bomb, XML-entiteter, skadade filer) i ``kallor.filer``; PC-Axis i
``kallor.px``. Namnen där (``las_px``, ``las_xlsx``, ``Importresultat`` ...) kan också importeras härifrån.
"""
from __future__ import annotations

import math
import numbers
import re
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import pandas as pd

from ..fel import IndataFel
from .filer import (  # noqa: F401  (återexporteras: gamla importvägar)
    AVVISADE_KOLUMNER, MAX_FILSTORLEK, MAX_PACKNINGSGRAD, MAX_UPPACKAT, SAKNAS, Importresultat, beskriv_avvisade,
    kontrollera_xlsx, las_csv, las_xlsx,
)
from .px import PxFil, las_px, las_skattesatser_px  # noqa: F401  (återexporteras)
from .referensdata import kommuner



_KODNAMN = ["kommunkod", "kommun-id", "kommunid", "municipality_id", "municipality", "regionkod", "region", "kod",
            "kommun", "id"]
_NAMNNAMN = ["kommunnamn", "kommun", "namn", "municipality_name", "region"]
_ARNAMN = ["år", "ar", "year", "period", "tid", "utjämningsår", "utjamningsar"]
_MATTNAMN = ["kpi", "tabellinnehåll", "contentscode", "mått", "matt", "variabel"]
_VARDENAMN = ["värde", "varde", "value"]
_KONNAMN = ["kön", "kon", "gender"]
_TOTALT = {"t", "totalt", "total", "män och kvinnor", "båda könen"}

_ENHETER = [  # (mönster i rubrik/enhet, faktor till kr eller antal, namn); första träff gäller
    (r"kr\s*/\s*inv|kronor per inv|kr per inv|per invånare|/inv\b", None, "kr per invånare"),
    (r"\bmdkr\b|miljarder kronor|mdr kr", 1e9, "miljarder kronor"),
    (r"\bmnkr\b|\bmkr\b|miljoner kronor|milj\.? kr", 1e6, "miljoner kronor"),
    (r"\btkr\b|tusental kronor|tusen kronor|1000-tal kronor|1 000-tal kronor|tusentals kronor", 1e3, "tusental kronor"),
    (r"\bkronor\b|\bkr\b", 1.0, "kronor"),
    (r"\bantal\b|\bpersoner\b|\bst\b|\bprocent\b|%", 1.0, None),
]
_ENHETSFAKTOR = {"kr": 1.0, "kronor": 1.0, "tkr": 1e3, "mnkr": 1e6, "mkr": 1e6, "mdkr": 1e9, "antal": 1.0,
                 "st": 1.0, "procent": 1.0}


def _enhet(text: str) -> tuple[float | None, str | None] | None:
    for monster, faktor, namn in _ENHETER:
        if re.search(monster, text, re.I):
            return faktor, namn
    return None


def _norm(text) -> str:
    return re.sub(r"\s+", " ", str(text if text is not None else "")).strip().lower()


def _tom(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def _kod(v) -> tuple[str | None, str | None, str | None]:
    """(kommunkod, namn, fel). Tal och text; "1880 Örebro" delas; 3 siffror = tappad ledande nolla."""
    if isinstance(v, bool) or _tom(v):
        return None, None, "kommunkod saknas"
    if isinstance(v, numbers.Real):
        if not float(v).is_integer():
            return None, None, f"ogiltig kommunkod {v!r}"
        siffror, namn = str(int(v)), None
    else:
        m = re.fullmatch(r"\s*(\d+)(?:\.0)?(?:\s+(.*?))?\s*", str(v), re.S)
        if not m:
            return None, None, f"ingen kommunkod i {str(v)[:40]!r}"
        siffror, namn = m.group(1), m.group(2) or None
    if len(siffror) <= 2:
        return None, namn, f"koden {siffror} har {len(siffror)} siffror: län eller riket, ingen kommunkod"
    if len(siffror) > 4:
        return None, namn, f"ogiltig kommunkod {siffror} (mer än 4 siffror)"
    return siffror.zfill(4), namn, None


def _ar(v) -> tuple[int | None, str | None]:
    if isinstance(v, numbers.Real) and not isinstance(v, bool) and float(v).is_integer():
        v = str(int(v))
    t = str(v).strip() if not _tom(v) else ""
    if re.fullmatch(r"\d{4}", t) and 1990 <= int(t) <= 2100:
        return int(t), None
    return None, f"ogiltigt år {v!r}" if t else "år saknas"


def _tal(v, decimal: str) -> tuple[float | None, str | None]:
    if isinstance(v, bool):
        return None, f"{v!r} är inget tal"
    if isinstance(v, numbers.Real):
        f = float(v)
        return (None, "värde saknas") if math.isnan(f) else ((None, "oändligt värde") if math.isinf(f) else (f, None))
    if _tom(v):
        return None, "värde saknas (tom cell)"
    t = str(v).strip().strip('"')
    if t in SAKNAS:
        return None, f"värde saknas ({t!r})"
    t = re.sub(r"[\s\u00a0\u202f]", "", t).replace("\u2212", "-")
    if decimal == ",":
        t = t.replace(".", "") if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", t) else t
        t = t.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", t):
        return None, f"{str(v)[:40]!r} är inget tal"
    return float(t), None


def _rubrikrad(rader: list[list]) -> int:
    """Första raden med minst två ifyllda celler (SCB-exporter kan ha titelrader före rubrikerna)."""
    for i, rad in enumerate(rader):
        if sum(not _tom(c) for c in rad) >= 2:
            return i
    raise IndataFel("Filen har ingen rubrikrad (ingen rad med minst två ifyllda celler).")


def _las(kalla, blad: str | None) -> tuple[list[str], list[tuple[int, list]], str, str]:
    """(rubriker, [(radnummer i filen, celler)], decimaltecken, namn)."""
    if isinstance(kalla, pd.DataFrame):
        df = kalla.reset_index() if kalla.index.name else kalla
        return ([str(c) for c in df.columns], [(i + 2, list(r)) for i, r in enumerate(df.itertuples(index=False))],
                ".", "tabell")
    fil = Path(kalla)
    andelse = fil.suffix.lower()
    if andelse in (".xlsx", ".xlsm"):
        rader, decimal = las_xlsx(fil, blad), "."
    elif andelse in (".csv", ".txt", ".tsv"):
        rader, sep = las_csv(fil)
        decimal = "," if sep in (";", "\t") else "."
    elif andelse == ".px":
        raise IndataFel(f"{fil.name}: använd las_px för PC-Axis-filer.")
    else:
        raise IndataFel(f"{fil.name}: okänd filtyp {andelse!r} (läser .csv och .xlsx; .xls: spara om som .xlsx).")
    h = _rubrikrad(rader)
    rubriker = ["" if c is None else str(c) for c in rader[h]]
    data = [(h + 2 + i, list(r) + [None] * (len(rubriker) - len(r))) for i, r in enumerate(rader[h + 1:])]
    return rubriker, [(nr, r) for nr, r in data if not all(_tom(c) for c in r)], decimal, fil.name


def _hitta(rubriker: list[str], namn: Sequence[str], utom: Iterable[int] = ()) -> int | None:
    norm = [_norm(r) for r in rubriker]
    for n in namn:
        for i, r in enumerate(norm):
            if r == n and i not in utom:
                return i
    return None


def _kodkolumn(rubriker: list[str], rader: list[tuple[int, list]]) -> int:
    def kodlik(i):
        celler = [r[i] for _, r in rader[:200] if not _tom(r[i])]
        return celler and sum(_kod(c)[2] is None or "siffror" in (_kod(c)[2] or "") for c in celler) >= len(celler) / 2

    for n in _KODNAMN:
        i = _hitta(rubriker, [n])
        if i is not None and kodlik(i):
            return i
    for i in range(len(rubriker)):
        if kodlik(i) and _ar(rubriker[i])[0] is None:
            return i
    raise IndataFel("Hittar ingen kolumn med kommunkoder (t.ex. 'region' med '1880 Örebro' eller 'kommunkod').")


def importera(
    kalla,
    matt: Mapping[str, str | Sequence[str]],
    *,
    ar: int | None = None,
    enhet: Mapping[str, str] | None = None,
    heltal: Iterable[str] = (),
    icke_negativa: Iterable[str] = (),
    positiva: Iterable[str] = (),
    kanda_koder: Iterable[str] | None = None,
    blad: str | None = None,
) -> Importresultat:
    """Importera en SCB/Kolada-export (CSV, xlsx eller DataFrame) till en rad per kommun och år.

    ``matt``: utkolumn → sökord (ett eller flera, skiftlägesokänsliga) som identifierar källkolumnen i en bred fil
    (delsträng av rubriken, t.ex. ``"skatteunderlag"`` för "Skatteunderlag, kronor 2026") eller måttets värde i en
    lång fil (exakt KPI-id eller delsträng, t.ex. ``"N01951"``). ``ar``: behåll bara detta år (och ange det när
    filen saknar år). ``enhet``: källans enhet per utkolumn när rubriken inte säger den ("kr", "tkr", "mnkr",
    "antal"). Belopp räknas om till kronor. Avvisade rader rapporteras med radnummer och orsak.
    """
    rubriker, rader, decimal, namn = _las(kalla, blad)
    heltal, icke_negativa, positiva = set(heltal), set(icke_negativa), set(positiva)
    kanda = set(kanda_koder) if kanda_koder is not None else set(kommuner()["kommunkod"])
    enhet = dict(enhet or {})
    for mal, e in enhet.items():
        if e.lower() not in _ENHETSFAKTOR:
            raise IndataFel(f"Okänd enhet {e!r} för {mal} (känd: {', '.join(_ENHETSFAKTOR)}).")
    sokord = {mal: [s.lower() for s in ([m] if isinstance(m, str) else list(m))] for mal, m in matt.items()}
    anteckningar: list[str] = []

    kodkol = _kodkolumn(rubriker, rader)
    namnkol = _hitta(rubriker, _NAMNNAMN, utom=[kodkol])
    arkol = _hitta(rubriker, _ARNAMN, utom=[kodkol])
    mattkol = _hitta(rubriker, _MATTNAMN, utom=[kodkol])
    vardekol = _hitta(rubriker, _VARDENAMN, utom=[kodkol])
    konkol = _hitta(rubriker, _KONNAMN, utom=[kodkol])
    enhetkol = _hitta(rubriker, ["enhet", "unit"], utom=[kodkol])

    def faktor(mal: str, text: str, var: str) -> float:
        hittad = _enhet(text)
        if mal in enhet:
            if hittad and hittad[1] and hittad[0] != _ENHETSFAKTOR[enhet[mal].lower()]:
                anteckningar.append(f"{mal}: {var} säger {hittad[1]}, men enhet={enhet[mal]!r} angavs och används.")
            return _ENHETSFAKTOR[enhet[mal].lower()]
        if hittad is None:
            return 1.0
        f, beskr = hittad
        if f is None and "per_inv" not in mal:
            raise IndataFel(f"{namn}: {var} är i {beskr}, men {mal} ska vara ett belopp. Välj rätt kolumn eller mått.")
        if f not in (None, 1.0):
            anteckningar.append(f"{mal}: {var} är i {beskr}; omräknat till kronor (× {f:g}).")
        return 1.0 if f is None else f

    # Källor: (utkolumn, kolumnindex, år ur rubriken, faktor; None = per rad i en lång fil)
    kallor: list[tuple[str, int, int | None, float | None]] = []
    lang = mattkol is not None and vardekol is not None
    if lang:
        kallor = [(mal, vardekol, None, None) for mal in sokord]
    else:
        for mal, ord_ in sokord.items():
            hittade = [i for i, r in enumerate(rubriker) if i != kodkol and any(o in _norm(r) for o in ord_)]
            if not hittade:
                raise IndataFel(f"{namn}: ingen kolumn för {mal} (sökte {', '.join(map(repr, ord_))} i rubrikerna).")
            arsrubrik = {i: re.search(r"(?:^|\D)((?:19|20)\d\d)\s*$", rubriker[i]) for i in hittade}
            utan_ar = [i for i in hittade if not arsrubrik[i]]
            if len(utan_ar) > 1 or (utan_ar and len(hittade) > 1):
                raise IndataFel(f"{namn}: flera kolumner passar {mal}: "
                                f"{', '.join(repr(rubriker[i]) for i in hittade)}. Ange ett mer precist sökord.")
            for i in hittade:
                a = int(arsrubrik[i].group(1)) if arsrubrik[i] else None
                if ar is not None and a is not None and a != ar:
                    continue
                kallor.append((mal, i, a, faktor(mal, rubriker[i], f"kolumnen {rubriker[i]!r}")))
            if not any(k[0] == mal for k in kallor):
                raise IndataFel(f"{namn}: {mal} finns inte för år {ar}.")
        arslosa = [k for k in kallor if k[2] is None]
        rubrikar = sorted({k[2] for k in kallor if k[2] is not None})
        if arslosa and rubrikar and ar is None and arkol is None:  # blandad rubrik: "Skatteunderlag 2026", "Folkmängd"
            utan = ", ".join(repr(rubriker[k[1]]) for k in arslosa)
            if len(rubrikar) > 1:
                raise IndataFel(f"{namn}: kolumnen {utan} saknar år i rubriken men filen har flera år "
                                f"({', '.join(map(str, rubrikar))}); ange ar eller skriv året i rubriken.")
            kallor = [(m, i, rubrikar[0] if a is None else a, f) for m, i, a, f in kallor]
            anteckningar.append(f"{namn}: {utan} saknar år i rubriken; filens enda år {rubrikar[0]} används.")

    poster: dict[tuple[str, int | None], dict] = {}  # (kod, år) → {mal: (värde, rad)}
    namn_for: dict[str, str] = {}
    avvisade: list[dict] = []
    avvisade_nycklar: set = set()

    def avvisa(rad, kod, a, orsak):
        avvisade.append({"rad": rad, "kod": kod, "ar": a, "orsak": orsak})
        if kod is not None:
            avvisade_nycklar.add((kod, a))

    for radnr, rad in rader:
        kod, kodnamn, fel = _kod(rad[kodkol])
        radnamn = kodnamn or (str(rad[namnkol]).strip() if namnkol is not None and not _tom(rad[namnkol]) else None)
        radtext = str(rad[kodkol]).strip() if not _tom(rad[kodkol]) else ""
        if fel is None and kod not in kanda:
            fel = f"okänd kommunkod {kod}"
        if konkol is not None and _norm(rad[konkol]) not in _TOTALT:
            continue  # Kolada: bara totalt för båda könen
        mal_for_rad = list(sokord)
        if lang:
            matttext = _norm(rad[mattkol])
            mal_for_rad = [m for m, o in sokord.items() if any(x == matttext or x in matttext for x in o)]
            if not mal_for_rad:
                continue  # ett mått som inte efterfrågas
        a_rad, arfel = (None, None)
        if arkol is not None:
            a_rad, arfel = _ar(rad[arkol])
            if a_rad is not None and ar is not None and a_rad != ar:
                continue
        for mal, i, a_rubrik, f in kallor:
            if mal not in mal_for_rad:
                continue
            a = a_rad if arkol is not None else (a_rubrik if a_rubrik is not None else ar)
            if fel is not None:
                avvisa(radnr, kod or radtext[:40], a, fel)
                continue
            if arfel is not None:
                avvisa(radnr, kod, None, arfel)
                continue
            if f is None:  # lång fil: enheten per rad ur enhetskolumnen eller måttet
                text = str(rad[enhetkol]) if enhetkol is not None and not _tom(rad[enhetkol]) else str(rad[mattkol])
                f = faktor(mal, text, f"måttet {rad[mattkol]!r}")
            v, vfel = _tal(rad[i], decimal)
            if vfel is None:
                v = round(v * f, 6)  # tkr med decimaler → hela kronor utan flyttalsbrus
                if mal in heltal and abs(v - round(v)) > 1e-9:
                    vfel = f"{mal} {v:g} är inget heltal"
                elif (mal in icke_negativa or mal in positiva) and v < 0:
                    vfel = f"{mal} är negativt ({v:g})"
                elif mal in positiva and v == 0:
                    vfel = f"{mal} måste vara större än noll"
            else:
                vfel = f"{mal}: {vfel}"
            post = poster.setdefault((kod, a), {})
            if mal in post:  # två värden för samma kommun och år: inget av dem används
                forsta = post[mal][1]
                avvisa(radnr, kod, a, f"dubblett: {kod} år {a} finns redan på rad {forsta}")
                avvisa(forsta, kod, a, f"dubblett: {kod} år {a} förekommer igen på rad {radnr}; ingen av raderna används")
                continue
            post[mal] = (v, radnr)
            if vfel is not None:
                avvisa(radnr, kod, a, vfel)
        if kod is not None and radnamn and kod not in namn_for:
            namn_for[kod] = radnamn

    ut = []
    for (kod, a), post in poster.items():
        if (kod, a) in avvisade_nycklar:
            continue
        saknas = [m for m in sokord if m not in post]
        if saknas:
            rad = min(r for _, r in post.values())
            avvisa(rad, kod, a, f"{', '.join(saknas)} saknas för {kod} år {a}")
            continue
        ut.append({"kommunkod": kod, "kommun": namn_for.get(kod), "ar": a, **{m: post[m][0] for m in sokord}})
    tabell = pd.DataFrame(ut, columns=["kommunkod", "kommun", "ar", *sokord])
    if tabell["ar"].isna().all():
        tabell = tabell.drop(columns="ar")
    else:
        tabell["ar"] = tabell["ar"].astype("Int64")
    if tabell["kommun"].isna().all():
        tabell = tabell.drop(columns="kommun")
    for m in heltal:
        tabell[m] = tabell[m].astype("int64")
    sortering = [k for k in ("kommunkod", "ar") if k in tabell]
    avv = pd.DataFrame(avvisade, columns=AVVISADE_KOLUMNER)
    if len(avv):  # en rad per (rad, kod, år) med alla orsaker
        avv = (avv.groupby(["rad", "kod", "ar"], dropna=False, sort=False)["orsak"]
               .agg(lambda o: "; ".join(dict.fromkeys(o))).reset_index())
    avv = avv.sort_values("rad", kind="stable", ignore_index=True).astype({"ar": "Int64"})
    return Importresultat(tabell.sort_values(sortering, ignore_index=True), avv, anteckningar)


def importera_inkomstunderlag(kalla, ar: int | None = None, **kw) -> Importresultat:
    """Indata till ``xlmodel.inkomstutjamning``: ``kommunkod``, ``skatteunderlag`` (kr), ``folkmangd``.

    Söker kolumnerna "skatteunderlag" och "folkmängd"/"antal invånare" (ändra med ``matt=``). Skatteunderlaget ska ha
    utjämningsårets etikett (inkomstår ``ar`` − 2, ej uppräknat) och folkmängden vara den 1 november året före.
    En fil med flera år kräver ``ar``.
    """
    matt = kw.pop("matt", {"skatteunderlag": ["skatteunderlag"], "folkmangd": ["folkmängd", "folkmangd", "antal invånare", "invånare totalt"]})
    res = importera(kalla, matt, ar=ar, heltal=["folkmangd"], icke_negativa=["skatteunderlag"],
                    positiva=["folkmangd"], **kw)
    if "ar" in res.tabell and res.tabell["ar"].nunique() > 1:
        raise IndataFel(f"Filen har flera år ({', '.join(map(str, sorted(res.tabell['ar'].unique())))}): ange ar.")
    return res
