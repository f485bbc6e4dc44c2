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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple, Sequence

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


class _Kolumner(NamedTuple):
    """Kolumnindex i källan: kommunkod och (None om de saknas) namn, år, mått, värde, kön och enhet."""

    kod: int
    namn: int | None
    ar: int | None
    matt: int | None
    varde: int | None
    kon: int | None
    enhet: int | None

    @property
    def lang(self) -> bool:
        """Lång fil (Kolada): en rad per mått med kolumner för mått och värde."""
        return self.matt is not None and self.varde is not None


def _kolumner(rubriker: list[str], rader: list[tuple[int, list]]) -> _Kolumner:
    kodkol = _kodkolumn(rubriker, rader)
    return _Kolumner(kodkol, *(_hitta(rubriker, namn, utom=[kodkol])
                               for namn in (_NAMNNAMN, _ARNAMN, _MATTNAMN, _VARDENAMN, _KONNAMN, ["enhet", "unit"])))


def _kontrollera_enhet(enhet: Mapping[str, str] | None) -> dict[str, str]:
    enhet = dict(enhet or {})
    for mal, e in enhet.items():
        if e.lower() not in _ENHETSFAKTOR:
            raise IndataFel(f"Okänd enhet {e!r} för {mal} (känd: {', '.join(_ENHETSFAKTOR)}).")
    return enhet


class _Avvisade:
    """Avvisade rader (rad, kod, år, orsak) och de (kod, år) som därmed inte används."""

    def __init__(self) -> None:
        self.rader: list[dict] = []
        self.nycklar: set = set()

    def __call__(self, rad, kod, a, orsak) -> None:
        self.rader.append({"rad": rad, "kod": kod, "ar": a, "orsak": orsak})
        if kod is not None:
            self.nycklar.add((kod, a))

    def tabell(self) -> pd.DataFrame:
        """En rad per (rad, kod, år) med alla orsaker, i filens radordning."""
        avv = pd.DataFrame(self.rader, columns=AVVISADE_KOLUMNER)
        if len(avv):
            avv = (avv.groupby(["rad", "kod", "ar"], dropna=False, sort=False)["orsak"]
                   .agg(lambda o: "; ".join(dict.fromkeys(o))).reset_index())
        return avv.sort_values("rad", kind="stable", ignore_index=True).astype({"ar": "Int64"})


@dataclass
class _Import:
    """En pågående ``importera``: källans rader och kolumner, sökorden och kontrollerna."""

    rubriker: list[str]
    rader: list[tuple[int, list]]
    decimal: str
    namn: str
    kol: _Kolumner
    sokord: dict[str, list[str]]
    ar: int | None
    enhet: dict[str, str]
    heltal: set[str]
    icke_negativa: set[str]
    positiva: set[str]
    kanda: set[str]
    anteckningar: list[str] = field(default_factory=list)
    avvisa: _Avvisade = field(default_factory=_Avvisade)

    def faktor(self, mal: str, text: str, var: str) -> float:
        """Faktor till kronor (eller antal) för ``mal`` ur rubrik/enhet ``text`` eller den angivna ``enhet``."""
        hittad = _enhet(text)
        if mal in self.enhet:
            if hittad and hittad[1] and hittad[0] != _ENHETSFAKTOR[self.enhet[mal].lower()]:
                self.anteckningar.append(f"{mal}: {var} säger {hittad[1]}, "
                                         f"men enhet={self.enhet[mal]!r} angavs och används.")
            return _ENHETSFAKTOR[self.enhet[mal].lower()]
        if hittad is None:
            return 1.0
        f, beskr = hittad
        if f is None and "per_inv" not in mal:
            raise IndataFel(f"{self.namn}: {var} är i {beskr}, men {mal} ska vara ett belopp. "
                            "Välj rätt kolumn eller mått.")
        if f not in (None, 1.0):
            self.anteckningar.append(f"{mal}: {var} är i {beskr}; omräknat till kronor (× {f:g}).")
        return 1.0 if f is None else f

    def kallor(self) -> list[tuple[str, int, int | None, float | None]]:
        """Källor: (utkolumn, kolumnindex, år ur rubriken, faktor; None = per rad i en lång fil)."""
        if self.kol.lang:
            return [(mal, self.kol.varde, None, None) for mal in self.sokord]
        kallor = [k for mal, ord_ in self.sokord.items() for k in self._bred_kallor(mal, ord_)]
        return self._ar_for_kolumner_utan_ar(kallor)

    def _bred_kallor(self, mal: str, ord_: list[str]) -> list[tuple[str, int, int | None, float]]:
        """Bred fil: kolumnerna vars rubrik innehåller ett sökord, en per år i rubriken (bara ``ar`` om angivet)."""
        rubriker = self.rubriker
        hittade = [i for i, r in enumerate(rubriker) if i != self.kol.kod and any(o in _norm(r) for o in ord_)]
        if not hittade:
            raise IndataFel(f"{self.namn}: ingen kolumn för {mal} (sökte {', '.join(map(repr, ord_))} i rubrikerna).")
        arsrubrik = {i: re.search(r"(?:^|\D)((?:19|20)\d\d)\s*$", rubriker[i]) for i in hittade}
        utan_ar = [i for i in hittade if not arsrubrik[i]]
        if len(utan_ar) > 1 or (utan_ar and len(hittade) > 1):
            raise IndataFel(f"{self.namn}: flera kolumner passar {mal}: "
                            f"{', '.join(repr(rubriker[i]) for i in hittade)}. Ange ett mer precist sökord.")
        kallor = []
        for i in hittade:
            a = int(arsrubrik[i].group(1)) if arsrubrik[i] else None
            if self.ar is not None and a is not None and a != self.ar:
                continue
            kallor.append((mal, i, a, self.faktor(mal, rubriker[i], f"kolumnen {rubriker[i]!r}")))
        if not kallor:
            raise IndataFel(f"{self.namn}: {mal} finns inte för år {self.ar}.")
        return kallor

    def _ar_for_kolumner_utan_ar(self, kallor: list) -> list:
        """Blandad rubrik ("Skatteunderlag 2026", "Folkmängd"): kolumnen utan år får filens enda år."""
        arslosa = [k for k in kallor if k[2] is None]
        rubrikar = sorted({k[2] for k in kallor if k[2] is not None})
        if not (arslosa and rubrikar and self.ar is None and self.kol.ar is None):
            return kallor
        utan = ", ".join(repr(self.rubriker[k[1]]) for k in arslosa)
        if len(rubrikar) > 1:
            raise IndataFel(f"{self.namn}: kolumnen {utan} saknar år i rubriken men filen har flera år "
                            f"({', '.join(map(str, rubrikar))}); ange ar eller skriv året i rubriken.")
        self.anteckningar.append(f"{self.namn}: {utan} saknar år i rubriken; filens enda år {rubrikar[0]} används.")
        return [(m, i, rubrikar[0] if a is None else a, f) for m, i, a, f in kallor]

    def _radens_mal(self, rad: list) -> list[str] | None:
        """Utkolumnerna raden kan ge; None = hoppa över raden (Kolada: bara totalt för båda könen; annat mått)."""
        if self.kol.kon is not None and _norm(rad[self.kol.kon]) not in _TOTALT:
            return None
        if not self.kol.lang:
            return list(self.sokord)
        matttext = _norm(rad[self.kol.matt])
        mal_for_rad = [m for m, o in self.sokord.items() if any(x == matttext or x in matttext for x in o)]
        return mal_for_rad or None

    def poster(self, kallor: list) -> tuple[dict[tuple[str, int | None], dict], dict[str, str]]:
        """Läs raderna: ((kod, år) → {utkolumn: (värde, rad)}, kod → kommunnamn); fel går till ``avvisa``."""
        kol, poster, namn_for = self.kol, {}, {}
        for radnr, rad in self.rader:
            kod, kodnamn, fel = _kod(rad[kol.kod])
            radnamn = kodnamn or (str(rad[kol.namn]).strip()
                                  if kol.namn is not None and not _tom(rad[kol.namn]) else None)
            radtext = str(rad[kol.kod]).strip() if not _tom(rad[kol.kod]) else ""
            if fel is None and kod not in self.kanda:
                fel = f"okänd kommunkod {kod}"
            mal_for_rad = self._radens_mal(rad)
            if mal_for_rad is None:
                continue
            a_rad, arfel = (None, None)
            if kol.ar is not None:
                a_rad, arfel = _ar(rad[kol.ar])
                if a_rad is not None and self.ar is not None and a_rad != self.ar:
                    continue
            for mal, i, a_rubrik, f in kallor:
                if mal not in mal_for_rad:
                    continue
                a = a_rad if kol.ar is not None else (a_rubrik if a_rubrik is not None else self.ar)
                if fel is not None:
                    self.avvisa(radnr, kod or radtext[:40], a, fel)
                elif arfel is not None:
                    self.avvisa(radnr, kod, None, arfel)
                else:
                    self._lagg_till(poster.setdefault((kod, a), {}), radnr, rad, kod, a, mal, rad[i], f)
            if kod is not None and radnamn and kod not in namn_for:
                namn_for[kod] = radnamn
        return poster, namn_for

    def _lagg_till(self, post: dict, radnr: int, rad: list, kod: str, a, mal: str, cell, f: float | None) -> None:
        """Lägg cellens värde för ``mal`` i kommunens post; två värden för samma (kod, år): inget används."""
        if f is None:  # lång fil: enheten per rad ur enhetskolumnen eller måttet
            kol = self.kol
            text = str(rad[kol.enhet]) if kol.enhet is not None and not _tom(rad[kol.enhet]) else str(rad[kol.matt])
            f = self.faktor(mal, text, f"måttet {rad[kol.matt]!r}")
        v, vfel = self._varde(mal, cell, f)
        if mal in post:
            forsta = post[mal][1]
            self.avvisa(radnr, kod, a, f"dubblett: {kod} år {a} finns redan på rad {forsta}")
            self.avvisa(forsta, kod, a,
                        f"dubblett: {kod} år {a} förekommer igen på rad {radnr}; ingen av raderna används")
            return
        post[mal] = (v, radnr)
        if vfel is not None:
            self.avvisa(radnr, kod, a, vfel)

    def _varde(self, mal: str, cell, f: float) -> tuple[float | None, str | None]:
        """(värde i kronor eller antal, fel): talet × faktorn, kontrollerat mot heltal/icke-negativ/positiv."""
        v, vfel = _tal(cell, self.decimal)
        if vfel is not None:
            return v, f"{mal}: {vfel}"
        v = round(v * f, 6)  # tkr med decimaler → hela kronor utan flyttalsbrus
        if mal in self.heltal and abs(v - round(v)) > 1e-9:
            vfel = f"{mal} {v:g} är inget heltal"
        elif (mal in self.icke_negativa or mal in self.positiva) and v < 0:
            vfel = f"{mal} är negativt ({v:g})"
        elif mal in self.positiva and v == 0:
            vfel = f"{mal} måste vara större än noll"
        return v, vfel

    def tabell(self, poster: dict, namn_for: dict[str, str]) -> pd.DataFrame:
        """En rad per godkänd (kod, år) med alla utkolumner; ofullständiga poster avvisas."""
        ut = []
        for (kod, a), post in poster.items():
            if (kod, a) in self.avvisa.nycklar:
                continue
            saknas = [m for m in self.sokord if m not in post]
            if saknas:
                rad = min(r for _, r in post.values())
                self.avvisa(rad, kod, a, f"{', '.join(saknas)} saknas för {kod} år {a}")
                continue
            ut.append({"kommunkod": kod, "kommun": namn_for.get(kod), "ar": a, **{m: post[m][0] for m in self.sokord}})
        tabell = pd.DataFrame(ut, columns=["kommunkod", "kommun", "ar", *self.sokord])
        if tabell["ar"].isna().all():
            tabell = tabell.drop(columns="ar")
        else:
            tabell["ar"] = tabell["ar"].astype("Int64")
        if tabell["kommun"].isna().all():
            tabell = tabell.drop(columns="kommun")
        for m in self.heltal:
            tabell[m] = tabell[m].astype("int64")
        return tabell.sort_values([k for k in ("kommunkod", "ar") if k in tabell], ignore_index=True)


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
    regler = set(heltal), set(icke_negativa), set(positiva)
    kanda = set(kanda_koder) if kanda_koder is not None else set(kommuner()["kommunkod"])
    enhet = _kontrollera_enhet(enhet)
    sokord = {mal: [s.lower() for s in ([m] if isinstance(m, str) else list(m))] for mal, m in matt.items()}
    imp = _Import(rubriker, rader, decimal, namn, _kolumner(rubriker, rader), sokord, ar, enhet, *regler, kanda)
    poster, namn_for = imp.poster(imp.kallor())
    tabell = imp.tabell(poster, namn_for)
    return Importresultat(tabell, imp.avvisa.tabell(), imp.anteckningar)


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
