"""Kommandoraden ``xlmodel``. Hjälptexter på svenska; fel ger en rad på svenska och slutkod ≠ 0."""
from __future__ import annotations

import argparse
import os
import re
import sys
import warnings
from pathlib import Path

from . import __version__
from .fel import Anmarkning, IndataFel, XlmodelFel

# Tunga moduler (pandas, komponenterna) importeras inne i kommandofunktionerna, så att --hjalp och argumentfel
# svarar utan dem (issue 15).


class _Fel(argparse.ArgumentTypeError):
    """Ett typfel från en argumenttyp (texten är redan svensk)."""


def _ar(text: str) -> int:
    """"2026" → 2026 (ett utjämnings- eller budgetår)."""
    t = text.strip()
    if not (t.isdigit() and len(t) == 4):
        raise _Fel(f"ogiltigt år {text!r}: skriv t.ex. 2026")
    return int(t)


def _ar_intervall(text: str) -> list[int]:
    """"2026" → [2026]; "2005-2026" → [2005, ..., 2026]. Ett omvänt intervall (2026-2020) vägras."""
    delar = text.split("-", 1) if "-" in text.strip()[1:] else [text]
    try:
        a, b = _ar(delar[0]), _ar(delar[-1])
    except _Fel:
        raise _Fel(f"ogiltigt år {text!r}: skriv t.ex. 2026 eller 2005-2026") from None
    if b < a:
        raise _Fel(f"omvänt årsintervall {text!r}: skriv det tidigare året först, t.ex. {b}-{a}")
    return list(range(a, b + 1))


def _decimaltal(text: str) -> float:
    """Ett tal med decimalkomma eller -punkt och ev. mellanslag som tusentalsavgränsare: "0,5", "0.5", "-300",
    "25 000 000". Punkt utan komma är alltid decimaltecken ("1.500" = 1,5)."""
    from .kallor.dataimport import _tal

    v, fel = _tal(text, "," if "," in text else ".")
    if fel is not None:
        raise _Fel(f"{text!r} är inget tal (skriv t.ex. -300 eller 0,5)")
    return v


def _framsteg(i: int, n: int, text: str) -> None:
    """Förloppsindikator på stderr för körningar över många år; bara när stderr är en terminal."""
    if n > 1 and sys.stderr.isatty():
        bredd = 30
        fyllt = int(bredd * i / n)
        print(f"\r[{'#' * fyllt}{'.' * (bredd - fyllt)}] {i}/{n} {text}", end="" if i < n else "\n", file=sys.stderr, flush=True)


_TEXTKOLUMNER = {"kommunkod", "lanskod", "kommun", "kommunnamn", "namn", "lan", "region"}
_POSITIVA, _ICKE_NEGATIVA = {"folkmangd"}, {"skatteunderlag"}


def _las_indata(sokvag: str) -> pd.DataFrame:
    """En tabell ur csv eller xlsx (säker läsning, se ``dataimport``); rubrikrad först. Koder behålls som text.

    Varje rad kontrolleras (kommunkod, tal, folkmängd > 0, skatteunderlag ≥ 0) och alla avvisade rader
    rapporteras på en gång i ``IndataFel`` (som ``Importresultat.avvisade``), inte bara den första."""
    import pandas as pd

    from .kallor.dataimport import _kod, _tal, _tom, beskriv_avvisade, las_csv, las_xlsx
    from .kallor.referensdata import kommuner

    p = Path(sokvag)
    if not p.exists():
        raise XlmodelFel(f"Filen {sokvag} finns inte.")
    if p.suffix.lower() == ".csv":
        rader, sep = las_csv(p)
    elif p.suffix.lower() in (".xlsx", ".xlsm"):
        rader, sep = las_xlsx(p), ""
    else:
        raise XlmodelFel(f"Okänt filformat {p.suffix}: använd .csv eller .xlsx.")
    rader = [(nr, r) for nr, r in enumerate(rader, start=1) if any(not _tom(v) for v in r)]
    if len(rader) < 2:
        raise XlmodelFel(f"{p.name}: filen behöver en rubrikrad och minst en datarad.")
    rubrik = [str(h).strip().lower() if h is not None else "" for h in rader[0][1]]
    decimal = "," if sep in (";", "\t") else "."
    kanda = set(kommuner()["kommunkod"])
    # en kolumn utan ett enda tal (t.ex. en kommentar) är text; motorn säger till om den behövde tal
    text = {k for j, k in enumerate(rubrik) if k in _TEXTKOLUMNER or (k not in _POSITIVA | _ICKE_NEGATIVA and all(
        _tom(r[j]) or _tal(r[j], decimal)[1] for _, r in rader[1:] if j < len(r)))}
    data, avvisade = [], []
    for nr, r in rader[1:]:
        r = list(r) + [None] * (len(rubrik) - len(r))
        kod, orsaker, ut = None, [], []
        for k, v in zip(rubrik, r):
            if k == "kommunkod":
                kod, _, fel = _kod(v)
                fel = fel or (f"okänd kommunkod {kod}" if kod not in kanda else None)
                orsaker += [fel] if fel else []
                ut.append(v)  # motorn normaliserar koden (tappad ledande nolla)
            elif k in text or _tom(v):
                ut.append(v if not _tom(v) else None)
            else:
                tal, fel = _tal(v, decimal)
                if fel is None and k in _POSITIVA and tal <= 0:
                    fel = f"måste vara större än noll (är {tal:g})"
                elif fel is None and k in _ICKE_NEGATIVA and tal < 0:
                    fel = f"är negativt ({tal:g})"
                orsaker += [f"{k}: {fel}"] if fel else []
                ut.append(tal)
        if orsaker:
            avvisade.append({"rad": nr, "kod": kod or ("" if _tom(r[0]) else str(r[0])[:40]), "ar": None,
                             "orsak": "; ".join(orsaker)})
        data.append(ut)
    if avvisade:
        raise IndataFel(beskriv_avvisade(pd.DataFrame(avvisade), p.name))
    return pd.DataFrame(data, columns=rubrik, dtype=object)


UTFORMAT = {".xlsx": "xlsx", ".csv": "csv"}


def _utfil(sokvag: str, tillatna=(".xlsx", ".csv")) -> str:
    """Kontrollera utfilen före beräkningen: känd filändelse och en mapp (inte en fil) att skriva i."""
    p = Path(sokvag)
    if p.suffix.lower() not in tillatna:
        raise XlmodelFel(f"Okänd filändelse för {sokvag}: använd {' eller '.join(tillatna)}.")
    _mapp(p.parent, f"utfilen {sokvag}")
    if p.is_dir():
        raise XlmodelFel(f"Kan inte skriva {sokvag}: det är en mapp.")
    return p.suffix.lower()


def _mapp(mapp: Path, vad: str) -> None:
    for m in (mapp, *mapp.parents):
        if m.exists():
            if not m.is_dir():
                raise XlmodelFel(f"Kan inte skriva {vad}: {m} är en fil, inte en mapp.")
            return


def _riket_flaggor(args) -> dict | None:
    """--riket-skatteunderlag/--riket-folkmangd som dict, eller None (motorn väljer: raderna om de är hela landet,
    annars medföljande rikstotaler, annars ett fel som säger vad som ska anges)."""
    if args.riket_skatteunderlag is None and args.riket_folkmangd is None:
        return None
    return {"skatteunderlag": args.riket_skatteunderlag, "folkmangd": args.riket_folkmangd,
            "kalla": "angivna på kommandoraden (--riket-skatteunderlag, --riket-folkmangd)"}


def _kalla_text(kalla: str, riket: dict | None, noter=()) -> str:
    """Indatakällan, rikstotalernas källa och approximationerna, en per rad (Om-bladet: en rad var)."""
    delar = [kalla] + ([f"Rikstotaler: {riket['kalla']}"] if riket else []) + list(noter)
    return "\n".join(delar)


def _alla_kommuner(ar: int) -> pd.DataFrame:
    """Medföljande underlag för alla 290 kommuner med den nationella regleringsposten (kr/inv)."""
    from .kallor.scb import regleringspost_kr_per_inv
    from .kallor.underlag import underlag

    u = underlag(ar)
    noter = u.attrs["approximationer"]
    u = u.drop(columns=["kalla_skatteunderlag", "kalla_folkmangd"])
    u["regleringspost"] = regleringspost_kr_per_inv(ar)
    u.attrs["approximationer"] = noter
    return u


def kor_utjamning(args) -> int:
    from .kallor.referensdata import orebro_lan_underlag
    from .kallor.underlag import riket as medfoljande_riket
    from .utjamning import kommunalekonomisk_utjamning
    from .excel.utskrift import avrunda, skriv_utjamning

    format_ = _utfil(args.o)
    if args.indata and args.alla:
        raise XlmodelFel("Ange antingen --indata eller --alla, inte båda.")
    if args.reform:
        from .parametrar import kontrollera_reformar, reform_antagande
        for ar in args.ar:  # ett år utan reformvärden vore en tyst kopia av lagen: fel innan något räknas
            kontrollera_reformar(args.reform, ar)
        print(f"Antagande: {reform_antagande(args.reform)}")
    underlag = _las_indata(args.indata) if args.indata else None
    resultat, noter, riket = {}, [], None
    for i, ar in enumerate(args.ar, start=1):
        if args.indata:
            res = kommunalekonomisk_utjamning(underlag, ar, riket=_riket_flaggor(args), reform=args.reform)
        elif args.alla:
            alla = _alla_kommuner(ar)
            noter = alla.attrs["approximationer"]
            res = kommunalekonomisk_utjamning(alla, ar, riket=_riket_flaggor(args), reform=args.reform)
        else:
            scb = orebro_lan_underlag(ar)
            res = kommunalekonomisk_utjamning(scb, ar, riket=medfoljande_riket(ar), reform=args.reform)
            if "summa_tkr" in scb.columns:
                res["scb_summa_tkr"] = scb.set_index("kommunkod").loc[res.index, "summa_tkr"]
                res["scb_inkomstutjamning"] = scb.set_index("kommunkod").loc[res.index, "inkomstutjamning"]
        resultat[ar] = res
        riket = res.attrs.get("riket") or riket
        _framsteg(i, len(args.ar), f"utjämningsår {ar}")
    if format_ == ".csv":
        import pandas as pd

        from .excel.arbetsbok import skriv_csv
        tabell = pd.concat(resultat, names=["ar"]).reset_index()  # en tabell, kolumnen ar först
        skriv_csv(avrunda(tabell), args.o)
    else:
        kalla = args.indata or ("medföljande SCB-data, alla kommuner" if args.alla else "medföljande SCB-data, Örebro län")
        skriv_utjamning(resultat, args.o, reform=args.reform, kalla=_kalla_text(kalla, riket, noter))
    print(f"Skrev {args.o} ({len(resultat)} år, {sum(len(r) for r in resultat.values())} kommunrader).")
    if riket and (args.indata or args.alla):
        print(f"Medelskattekraften räknad med rikstotaler: {riket['kalla']}.")
    for n in noter:
        print(f"Obs: {n}")
    return 0


def _skriv_tabell(df: pd.DataFrame, sokvag: str, skriv_xlsx) -> None:
    """CSV (med skydd mot formelinjektion, tal avrundade, se ``utskrift.avrunda``) eller xlsx efter filändelsen."""
    if _utfil(sokvag) == ".csv":
        from .excel.arbetsbok import skriv_csv
        from .excel.utskrift import avrunda
        skriv_csv(avrunda(df.reset_index()), sokvag)
    else:
        skriv_xlsx()


def kor_skatter_och_bidrag(args) -> int:
    from .excel.mallar import SOB_ANTAGANDEN, bygg_skatter_och_bidrag
    from .budget import kommundata, skatter_och_bidrag
    from .budget.data import kontrollera_kod
    from .budget.huvudjobb import BELOPP_FLAGGOR, KR_PER_INV_FLAGGOR, belopp, egna_antaganden, skriv_regionbok, som_text

    _utfil(args.o, (".xlsx",))
    niva = "region" if args.region is not None else "kommun"
    kod = kontrollera_kod(args.region if niva == "region" else args.kommun, niva)
    egna = egna_antaganden(
        args.ar, args.planar, skattesats=args.skattesats, skatteunderlag=args.skatteunderlag,
        kr_per_inv={k: getattr(args, k) for k in KR_PER_INV_FLAGGOR},
        belopp_kr={namn: belopp(getattr(args, f), "--" + f.replace("_", "-")) for f, namn in BELOPP_FLAGGOR.items()
                   if getattr(args, f) is not None},
        slutavrakning_foregaende=None if args.slutavrakning_foregaende is None else belopp(
            args.slutavrakning_foregaende, "--slutavrakning-foregaende"))
    data = kommundata(kod, niva)  # blocket läser samma medföljande data själv (med källnoter); data går till bladet Data
    if niva == "kommun":
        data = _hamtat_ovanpa(data)
    ant = {"prognos": args.prognos, "planar": args.planar, **egna}
    jmf = _reform_sida_vid_sida(args, kod, niva, ant)  # fel före allt annat
    block = skatter_och_bidrag(kod, args.ar, ant, niva=niva, nollrader="visa" if args.visa_nollrader else "dolj")
    if niva == "region":
        skriv_regionbok(block, args.o, f"Skatter och bidrag, region {kod}, budgetår {args.ar}")
    else:
        mall = {k: v for k, v in egna.items() if k in SOB_ANTAGANDEN}
        if Path(args.o).exists():  # en befintlig bok: användarens indata skrivs aldrig över tyst
            from .excel.mall_skatter import egen_indata
            if args.uppdatera:
                return _uppdatera(args.o, data)
            forlorat = egen_indata(args.o, kod, args.ar, args.prognos, mall)
            if forlorat:
                raise XlmodelFel(f"{args.o} finns och har egna indata som skulle skrivas över ({'; '.join(forlorat[:3])}). "
                                 "Använd --uppdatera (nya data, indata kvar) eller ange en ny fil.")
        if "skatteunderlag" in egna:  # kommunens eget skatteunderlag går till bladet Data
            data.loc[data["ar"] == args.ar, "skatteunderlag"] = args.skatteunderlag
        bygg_skatter_och_bidrag(args.o, kod, args.ar, args.prognos, data=data, egna=mall, reform=args.reform,
                                datum=__import__("datetime").date.today().isoformat())
    print(som_text(block))
    if jmf is not None:
        print(f"\nLag mot reform {args.reform} (mnkr; bladet Reform):\n{jmf.to_string(na_rep='–')}\nAntagande: {jmf.attrs['antagande']}")
    print(f"Skrev {args.o}.")
    return 0


def kor_prognos_ny(args) -> int:
    from .budget.prognos import MALL
    from .excel.arbetsbok import skriv_atomiskt

    if not args.fran_cirkular:
        raise XlmodelFel("ange --fran-cirkular (en tom, kommenterad mall att fylla i med talen ur ett SKR-cirkulär).")
    if Path(args.o).exists():
        raise XlmodelFel(f"{args.o} finns redan; välj ett annat namn (filen skrivs inte över).")
    skriv_atomiskt(args.o, lambda tmp: Path(tmp).write_text(MALL, encoding="utf-8"))
    print(f"Skrev {args.o}: fyll i cirkulärets nummer, datum och tal; använd den med --prognos {args.o}.")
    return 0


def _hamtat_ovanpa(data):
    """Kommunens datatabell med hämtade tabeller (``xlmodel hamta``) ovanpå för de år de täcker; skriver årgången."""
    from .kallor.hamtat import datablad

    ny, kallor = datablad(data.attrs["kommunkod"], data)
    ny.attrs.update(data.attrs)
    for kol, per_ar in kallor.items():
        print(f"Hämtat: {kol} {_spann(list(per_ar))} ur {'; '.join(dict.fromkeys(per_ar.values()))}.")
    return ny


def _reform_sida_vid_sida(args, kod, niva, ant):
    """``--reform``: blocket enligt lag och reform med skillnaden (``jamfor_reform``), eller None."""
    if not args.reform:
        return None
    from .budget import jamfor_reform
    return jamfor_reform(kod, args.ar, args.reform, ant, niva=niva)


def kor_uppdatera(args) -> int:
    from .excel.arbetsbok import datablad
    from .excel.mallar import las_indata
    from .kallor.filer import xlsx_fel

    if args.data and args.hamta:
        raise XlmodelFel("--hamta gäller bara utan --data (med --data kommer datat från filen).")
    if Path(args.arbetsbok).suffix.lower() not in (".xlsx", ".xlsm"):
        raise XlmodelFel(f"{args.arbetsbok}: ange en arbetsbok (.xlsx) som skapats av xlmodel skatter-och-bidrag.")
    with xlsx_fel(Path(args.arbetsbok)):  # en skadad bok: "filen är skadad", inte "oväntat fel"
        datablad(args.arbetsbok)  # vägrar en bok utan _xlmodel (inte en xlmodel-arbetsbok) innan något läses
        indata = las_indata(args.arbetsbok)
    data = _las_indata(args.data) if args.data else _nyaste_data(args, indata["kommunkod"])
    return _uppdatera(args.arbetsbok, data)


def _uppdatera(arbetsbok, data: pd.DataFrame) -> int:
    """``uppdatera``: nya data i bladet Data, motorns värden sparade i formlerna, Rapport och noten omskrivna."""
    from .excel.arbetsbok import uppdatera_arbetsbok
    from .excel.mall_skatter import rapport_och_not, samma_kommun
    from .excel.mallar import las_indata
    from .budget import antaganden_ur_data, skatter_och_bidrag
    from .excel.utskrift import avrunda

    indata = las_indata(arbetsbok)
    data = samma_kommun(arbetsbok, indata["kommunkod"], data)
    ant = antaganden_ur_data(data, indata["antaganden"])
    block = skatter_och_bidrag(indata["kommunkod"], indata["ar"], ant, reform=indata["reform"], kolumner="ar")
    block_kr = skatter_och_bidrag(indata["kommunkod"], indata["ar"], ant, reform=indata["reform"], enhet="kr_per_inv",
                                  kolumner="ar")
    rapport = [skatter_och_bidrag(indata["kommunkod"], indata["ar"], ant, reform=indata["reform"], enhet=e)
               for e in ("mnkr", "kr_per_inv")]  # Rapport: kolumnerna Bokslut, Budget, Plan
    backup = uppdatera_arbetsbok(arbetsbok, {"Data": data, "Beräknat": avrunda(block.reset_index())}, sparade_varden=True,
                                 statiska=rapport_och_not(block, *rapport, indata, data))
    print(f"Uppdaterade {arbetsbok} (indata orörda); säkerhetskopia: {backup}.")
    return 0


def _nyaste_data(args, kommunkod: str) -> pd.DataFrame:
    """``uppdatera`` utan ``--data``: bladet Data ur de nyaste hämtade eller medföljande data (``--hamta``: hämta
    först); skriver vilken årgång som ersatte vilken."""
    import pandas as pd

    from .budget.data import kommundata
    from .kallor.hamtat import andringar, datablad

    if args.hamta:
        _kor_hamtning([], kommunkod, args.tidsgrans)
    gammal = pd.read_excel(args.arbetsbok, sheet_name="Data")
    try:  # medföljande värden före arbetsbokens; arbetsbokens år och värden som inte medföljer behålls
        medf = kommundata(kommunkod).set_index("ar")
        bas = medf.combine_first(gammal.set_index("ar"))[list(gammal.columns.drop("ar"))].reset_index()
        bas_text = "medföljande data (arbetsbokens där inget medföljer)"
    except XlmodelFel:  # kommunen har inga medföljande data: arbetsbokens egna är basen
        bas, bas_text = gammal, "arbetsbokens tidigare data"
    ny, kallor = datablad(kommunkod, bas)
    rader = andringar(gammal, ny, kallor)
    print(f"Data för kommun {kommunkod}: {bas_text}" + (f", med hämtade tabeller ovanpå ({len(kallor)} kolumner)." if kallor else
          "; inga hämtade tabeller i cachen (kör xlmodel hamta)."))
    print("\n".join(f"  {r}" for r in rader) if rader else "  Inga värden ändrades.")
    return ny[[c for c in ny.columns if c in gammal.columns or c == "ar"]]


def _kor_hamtning(ar: list[int], kommun: str | None, tidsgrans: float) -> int:
    """Kör hämtningen och skriv utfallet per tabell; 0 om inget serverfel (offline är inget fel), annars 2."""
    from .kallor import cache
    from .kallor.hamta import Klient, hamta

    klient = Klient(tidsgrans=tidsgrans)
    print(f"Hämtar från SCB ({klient.scb_url}) och Kolada ({klient.kolada_url}) till {cache.mapp()}.")
    res = hamta(ar or None, kommun, klient)
    for namn, text in res.sparade.items():
        print(f"  sparad   {namn}: {text}")
    for text in res.oatkomliga.values():
        print(f"Offline: {text}")
    for namn, text in res.cachen.items():
        print(f"  offline  {namn}: {text}")
    for namn, text in res.fel.items():
        print(f"xlmodel: {namn}: {text} Cachen för {namn} är orörd.", file=sys.stderr)
    for text in res.anmarkningar:
        print(f"Anmärkning: {text}.")
    if res.cachen and not res.sparade and not res.fel:
        print("Ingen kontakt med SCB/Kolada: beräkningarna använder cachen och därefter medföljande data.")
    return 2 if res.fel else 0


def kor_hamta(args) -> int:
    from .kallor import cache

    if args.visa:
        tabeller = cache.innehall()
        print(f"Cachen {cache.mapp()}: " + ("tom (inget hämtat; medföljande data används)." if not tabeller else f"{len(tabeller)} tabeller."))
        for h in tabeller:
            print(f"  {h.namn}: {len(h.data)} rader; " + "; ".join(f"år {_spann(k['ar'])} från {k.get('kalla')} "
                  f"(uppdaterad {str(k.get('uppdaterad') or 'okänd')[:10]}, hämtad {k.get('hamtad')})" for k in h.kallor))
        return 0
    return _kor_hamtning(args.ar or [], _kommunkod(args.kommun) if args.kommun else None, args.tidsgrans)


def _spann(ar: list[int]) -> str:
    return f"{min(ar)}–{max(ar)}" if len(ar) > 1 else str(ar[0])


def _kommunkod(text: str) -> str:
    """Kommunkod eller kommunnamn (skiftlägesokänsligt) → kod med fyra tecken."""
    from .kallor.referensdata import kommuner

    k = kommuner()
    t = text.strip()
    if t.isdigit() and t.zfill(4) in set(k["kommunkod"]):
        return t.zfill(4)
    traff = k[k["namn"].str.lower() == t.lower()]
    if traff.empty:
        raise XlmodelFel(f"Okänd kommun {text!r}: ange kommunkod (t.ex. 2281) eller namn (t.ex. Sundsvall).")
    return str(traff["kommunkod"].iloc[0])


def kor_jamfor(args) -> int:
    from .kallor.referensdata import orebro_lan_underlag
    from .kallor.underlag import riket as medfoljande_riket
    from .utjamning import jamfor_utjamning
    from .excel.utskrift import skriv_jamforelse

    _utfil(args.o)
    if args.indata:
        underlag, riket = _las_indata(args.indata), _riket_flaggor(args)
    else:
        underlag, riket = orebro_lan_underlag(args.ar), medfoljande_riket(args.ar)
    tabell = jamfor_utjamning(underlag, args.ar, args.reform, riket=riket)
    kalla = _kalla_text(args.indata or "medföljande SCB-data, Örebro län", tabell.attrs.get("riket"))
    _skriv_tabell(tabell, args.o, lambda: skriv_jamforelse(tabell, args.ar, args.o, kalla=kalla))
    print(f"Antagande: {tabell.attrs['antagande']}")
    print(f"Skrev {args.o} ({len(tabell)} kommuner, lag mot {args.reform}).")
    if args.indata and tabell.attrs.get("riket"):
        print(f"Medelskattekraften räknad med rikstotaler: {tabell.attrs['riket']['kalla']}.")
    return 0


def kor_lss_1999(args) -> int:
    from .lss_ds1999 import ds1999_tabell_g, ds1999_tabell_h, lss_ds1999_modell1
    from .excel.utskrift import LSS1999_RUBRIKER, skriv_arbetsbok, spara_atomiskt

    _utfil(args.o)
    g = ds1999_tabell_g().dropna(subset=["invanare", "pk12_red_per10k", "boende_per10k", "daglig_per10k"])
    h = ds1999_tabell_h().set_index("kommun")
    res = lss_ds1999_modell1(g, h["kostnad_rs98"].reindex(g["kommun"]).dropna(), sparregler=True)
    for k in ("standardkostnad", "bidrag_utan_sparr", "bidrag_med_sparr"):
        res[f"{k}_tabell_h"] = h[k].reindex(res.index)
        res[f"{k}_skillnad"] = res[k] - res[f"{k}_tabell_h"]
    res.index.name = "kommun"

    def xlsx():
        om = [["Ds 1999:72 modell 1: Tabell H återskapad ur Tabell G"], ["Källa", "Ds 1999:72 bilaga 2 (tabell G) och 3 (tabell H)"],
              ["Schabloner", "102 000 / 500 000 / 138 000 kr per person; spärregler mot riksgenomsnittet 1 750 kr/inv"]]
        spara_atomiskt(skriv_arbetsbok({"Tabell H": res}, args.o, LSS1999_RUBRIKER, om), args.o)

    _skriv_tabell(res, args.o, xlsx)
    avvik = res["standardkostnad_skillnad"].abs()
    print(f"Skrev {args.o}: {len(res)} kommuner; standardkostnad inom ±20 kr/inv mot Tabell H för {int((avvik <= 20).sum())} av {int(avvik.notna().sum())}.")
    return 0


def kor_bygg_mallar(args) -> int:
    from .excel.mallar import bygg_alla

    mapp = Path(args.mapp)
    if mapp.exists() and not mapp.is_dir():
        raise XlmodelFel(f"--mapp {args.mapp} är en fil, inte en mapp.")
    _mapp(mapp, f"mappen {args.mapp}")
    for i, p in enumerate(bygg_alla(mapp), start=1):
        print(f"[{i}] {p}")
    return 0


# ---------------------------------------------------------------------------------------------- argparse på svenska

_ARGPARSE_FEL = [  # (mönster i argparse:s engelska felmeddelande, svensk text)
    (r"the following arguments are required: (.*)", r"dessa argument krävs: \1"),
    (r"one of the arguments (.*) is required", r"ett av dessa argument krävs: \1"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)", r"ogiltigt val \2 för \1 (välj bland \3)"),
    (r"invalid choice: (\S+) \(choose from (.*)\)", r"ogiltigt val \1 (välj bland \2)"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"ogiltigt värde \3 för \1 (väntade ett tal)"),
    (r"argument (\S+): expected one argument", r"\1 behöver ett värde"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
    (r"ambiguous option: (\S+) could match (.*)", r"tvetydig flagga \1: kan vara \2"),
    (r"argument (\S+): not allowed with argument (.*)", r"\1 kan inte användas tillsammans med \2"),
    (r"argument (\S+): ignored explicit argument (.*)", r"\1 tar inget värde (fick \2)"),
    (r"argument (\S+): (.*)", r"\1: \2"),
]


class _Hjalpformat(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "användning: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """ArgumentParser med svensk hjälp (-h/--hjalp/--help) och fel på en svensk rad (``xlmodel: ...``, slutkod 2)."""

    def __init__(self, *a, **k):
        super().__init__(*a, add_help=False, formatter_class=_Hjalpformat, **k)
        self._positionals.title, self._optionals.title = "argument", "flaggor"
        self.add_argument("-h", "--hjalp", "--help", action="help", default=argparse.SUPPRESS, help="visa den här hjälpen och avsluta")
        # negativa tal med decimalkomma (-0,5) är värden, inga flaggor
        self._negative_number_matcher = re.compile(r"^-\d+([.,]\d+)?$|^-[.,]\d+$")

    def error(self, message):
        text = message.replace("\n", " ")
        for monster, svenska in _ARGPARSE_FEL:
            if re.fullmatch(monster, text):
                text = re.sub(monster, svenska, text)
                break
        kommando = self.prog.split(" ", 1)[1] if " " in self.prog else ""
        tips = f" (se xlmodel {kommando} --hjalp)" if kommando else " (se xlmodel --hjalp)"
        self.exit(2, f"xlmodel: {text}{tips}\n")


def _riket_argument(k) -> None:
    k.add_argument("--riket-skatteunderlag", type=_decimaltal, metavar="KR",
                   help="rikets skatteunderlag (kr); utan: raderna om de är hela landet, annars medföljande SCB-rikstal")
    k.add_argument("--riket-folkmangd", type=_decimaltal, metavar="ANTAL", help="rikets folkmängd 1 nov året före")


def bygg_parser() -> argparse.ArgumentParser:
    p = Parser(prog="xlmodel", description="Kommunalekonomisk utjämning och resursfördelning (xlmodel). "
               "Fel ger en rad på svenska och slutkod 2.")
    p.add_argument("--version", action="version", version=f"xlmodel {__version__}", help="visa versionen och avsluta")
    sub = p.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO", title="kommandon",
                           description="skriv xlmodel KOMMANDO --hjalp för kommandots flaggor")

    def kommando(namn, alias, hjalp, kor):
        k = sub.add_parser(namn, aliases=alias, help=hjalp, description=hjalp[0].upper() + hjalp[1:] + ".")
        k.set_defaults(kor=kor)
        return k

    def utfil(k, format_):
        k.add_argument("-o", "--ut", "--output", dest="o", metavar="UTFIL", required=True, help=f"utfil ({format_})")

    u = kommando("utjamning", ["equalisation"], "utjämning för alla kommuner i indata, till xlsx eller csv", kor_utjamning)
    u.add_argument("--ar", "--year", type=_ar_intervall, required=True, help="utjämningsår, t.ex. 2026 eller 2005-2026")
    u.add_argument("--indata", "--input", metavar="FIL", help="csv/xlsx med kommunkod, skatteunderlag, folkmangd (+ ev. givna delar i kr/inv); utan: medföljande Örebro län")
    u.add_argument("--alla", "--all", action="store_true", help="alla 290 kommuner ur medföljande data (2012–2025; skatteunderlag och 1 nov-folkmängd approximerade)")
    _riket_argument(u)
    u.add_argument("--reform", help="reformöverlägg, t.ex. sou_2024_50")
    utfil(u, ".xlsx: en flik per år och diagram; .csv: en tabell med kolumnen ar")

    s = kommando("skatter-och-bidrag", ["taxes-and-grants"], "budgetblocket Skatter och bidrag för en kommun eller region (medföljande data)", kor_skatter_och_bidrag)
    vem = s.add_mutually_exclusive_group(required=True)
    vem.add_argument("--kommun", "--municipality", help="kommunkod eller namn, t.ex. 2281 eller Sundsvall (alla 290)")
    vem.add_argument("--region", help="länskod eller namn för en region, t.ex. 18 (blocket summerat per län, regionens satser)")
    s.add_argument("--ar", "--year", type=_ar, required=True, help="budgetår (utjämningsår)")
    s.add_argument("--planar", type=int, choices=range(0, 9), default=3, metavar="0-8", help="antal planår efter budgetåret (standard 3, högst 8)")
    s.add_argument("--prognos", "--forecast", default="harledd_ur_scb", help="prognos för planåren: harledd_ur_scb (standard, härledd ur SCB-utfall), en medföljande årgång eller en .yaml-fil (xlmodel prognos ny --fran-cirkular)")
    s.add_argument("--skattesats", type=_decimaltal, metavar="PROCENT", help="skattesats för budgetåret i procent, t.ex. 21,35 (ärvs av planåren)")
    s.add_argument("--skatteunderlag", type=_decimaltal, metavar="KR", help="kommunens eget skatteunderlag för budgetåret (kr, SCB:s etikett)")
    for f, text in (("kostnadsutjamning", "kostnadsutjämning"), ("strukturbidrag", "strukturbidrag"), ("inforandebidrag", "införandebidrag"),
                    ("lss-utjamning", "LSS-utjämning"), ("regleringspost", "regleringsbidrag (+)/-avgift (−)")):
        s.add_argument(f"--{f}", type=_decimaltal, metavar="KR_PER_INV", help=f"{text} i kr/inv för budgetåret och planåren, t.ex. -300 eller 12,5")
    s.add_argument("--fastighetsavgift", metavar="BELOPP", help="kommunal fastighetsavgift med enhet, t.ex. '150 mnkr' eller '150000000 kr'")
    s.add_argument("--ovriga-statsbidrag", metavar="BELOPP", help="övriga generella statsbidrag med enhet, t.ex. '8,1 mnkr' (utan: ej angivet)")
    s.add_argument("--slutavrakning-foregaende", metavar="BELOPP", help="bokförd slutavräkning för inkomståret före budgetåret (förra bokslutet), med enhet")
    s.add_argument("--reform", help="reformöverlägg, t.ex. sou_2024_50: bladet Reform med blocket enligt lag och reform och skillnaden")
    s.add_argument("--visa-nollrader", action="store_true", help="visa också rader som är 0 i alla kolumner (t.ex. strukturbidrag)")
    s.add_argument("--uppdatera", "--update", action="store_true", help="finns -o redan: byt bara data som 'xlmodel uppdatera' (indata kvar)")
    utfil(s, ".xlsx")

    pr = kommando("prognos", ["forecast"], "prognosårgångar: 'prognos ny --fran-cirkular -o FIL' skriver en tom mall", kor_prognos_ny)
    pr.add_argument("atgard", choices=["ny"], help="ny: skriv en tom, kommenterad prognosfil")
    pr.add_argument("--fran-cirkular", action="store_true", help="mall för talen ur ett SKR-cirkulär (nummer, datum, tal)")
    pr.add_argument("-o", "--ut", "--output", dest="o", metavar="UTFIL", default="skr_cirkular.yaml", help="fil att skriva (standard: skr_cirkular.yaml)")

    j = kommando("jamfor", ["compare"], "lag mot reform per kommun, med skillnader", kor_jamfor)
    j.add_argument("--reform", required=True, help="reformöverlägg: sou_2024_50 (regionernas satser 95 %% av 2003), "
                   "sou_2024_50_bas2022 (satserna på 2022 års nivå) eller en egen .yaml; antagandet skrivs ut")
    j.add_argument("--ar", "--year", type=_ar, required=True, help="utjämningsår")
    j.add_argument("--indata", "--input", metavar="FIL", help="csv/xlsx med kommunkod, skatteunderlag, folkmangd (utan: Örebro län)")
    _riket_argument(j)
    utfil(j, ".xlsx eller .csv")

    ls = kommando("lss-1999", ["ds1999"], "återskapa Ds 1999:72 Tabell H ur Tabell G", kor_lss_1999)
    utfil(ls, ".xlsx eller .csv; kr/inv med en decimal")

    b = kommando("bygg-mallar", ["build-templates"], "bygg mallarbetsböckerna", kor_bygg_mallar)
    b.add_argument("--mapp", "--folder", default="workbooks", help="mapp att skriva till (standard: workbooks)")

    up = kommando("uppdatera", ["refresh"], "byt data i en arbetsbok utan att röra användarens indata", kor_uppdatera)
    up.add_argument("arbetsbok", help="arbetsboken (.xlsx) som skapats av xlmodel skatter-och-bidrag")
    up.add_argument("--data", metavar="FIL", help="nya data (csv/xlsx) i bladet Datas form: ar och kolumner per utjämningsår; "
                    "utan: de nyaste hämtade (xlmodel hamta) eller medföljande data för arbetsbokens kommun")
    up.add_argument("--hamta", "--fetch", action="store_true", help="hämta från SCB och Kolada först (utan --data)")
    up.add_argument("--tidsgrans", type=_decimaltal, default=30.0, metavar="S", help=argparse.SUPPRESS)

    h = kommando("hamta", ["fetch"], "hämta färska data från SCB och Kolada till cachen (offline gäller cachen, sedan medföljande data)", kor_hamta)
    h.add_argument("--ar", "--year", type=_ar_intervall, help="utjämningsår, t.ex. 2026 eller 2020-2026 (standard: alla som finns)")
    h.add_argument("--kommun", "--municipality", help="bara en kommun (kod eller namn); skatteunderlag och folkmängd hämtas ändå för riket")
    h.add_argument("--tidsgrans", "--timeout", type=_decimaltal, default=30.0, metavar="S", help="tidsgräns per anrop i sekunder (standard 30)")
    h.add_argument("--visa", "--show", action="store_true", help="visa vad cachen innehåller och varifrån, utan att hämta")
    return p


def _oserror_text(e: OSError) -> str:
    fil = e.filename or ""
    orsak = {FileExistsError: "en fil står i vägen (en mapp i sökvägen är en fil)", NotADirectoryError: "en del av sökvägen är en fil, inte en mapp",
             IsADirectoryError: "det är en mapp", PermissionError: "saknar behörighet (skrivskyddad eller öppen i ett annat program)",
             FileNotFoundError: "filen eller mappen finns inte"}.get(type(e), e.strerror or str(e))
    return f"kan inte läsa eller skriva {fil}: {orsak}." if fil else f"fel i filsystemet: {orsak}."


def main(argv: list[str] | None = None) -> int:
    """Kör kommandoraden. Slutkod 0 vid framgång, 2 vid fel (en rad på svenska på stderr, ingen traceback;
    med miljövariabeln ``XLMODEL_DEBUG=1`` visas hela tracebacken för oväntade fel)."""
    try:
        args = bygg_parser().parse_args(argv)
    except SystemExit as e:  # --hjalp, --version (0) och argumentfel (2, redan utskrivet)
        return e.code if isinstance(e.code, int) else 2
    try:
        with warnings.catch_warnings():  # kommandona skriver anmärkningarna själva (och i arbetsboken)
            warnings.simplefilter("ignore", Anmarkning)
            return args.kor(args)
    except XlmodelFel as e:
        print(f"xlmodel: {e}", file=sys.stderr)
    except OSError as e:
        if os.environ.get("XLMODEL_DEBUG"):
            raise
        print(f"xlmodel: {_oserror_text(e)}", file=sys.stderr)
    except Exception as e:  # sista utvägen: en rad, inte en traceback
        if os.environ.get("XLMODEL_DEBUG"):
            raise
        print(f"xlmodel: oväntat fel ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else '-'}); "
              "kör med XLMODEL_DEBUG=1 för detaljer och rapportera felet.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
