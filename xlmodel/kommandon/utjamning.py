"""Kommandona ``utjamning``, ``jamfor`` och ``lss-1999``: utjämningen för många kommuner och år, lag mot reform,
Ds 1999:72 Tabell H."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..fel import XlmodelFel
from .argument import framsteg
from .filer import kontrollera_utfil, las_tabell, skriv_tabell

if TYPE_CHECKING:
    import pandas as pd


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
    from ..kallor.scb import regleringspost_kr_per_inv
    from ..kallor.underlag import underlag

    u = underlag(ar)
    noter = u.attrs["approximationer"]
    u = u.drop(columns=["kalla_skatteunderlag", "kalla_folkmangd"])
    u["regleringspost"] = regleringspost_kr_per_inv(ar)
    u.attrs["approximationer"] = noter
    return u


def kor_utjamning(args) -> int:
    from ..kallor.referensdata import orebro_lan_underlag
    from ..kallor.underlag import riket as medfoljande_riket
    from ..utjamning import kommunalekonomisk_utjamning
    from ..excel.utskrift import avrunda, skriv_utjamning

    format_ = kontrollera_utfil(args.o)
    if args.indata and args.alla:
        raise XlmodelFel("Ange antingen --indata eller --alla, inte båda.")
    if args.reform:
        from ..parametrar import kontrollera_reformar, reform_antagande
        for ar in args.ar:  # ett år utan reformvärden vore en tyst kopia av lagen: fel innan något räknas
            kontrollera_reformar(args.reform, ar)
        print(f"Antagande: {reform_antagande(args.reform)}")
    underlag = las_tabell(args.indata) if args.indata else None
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
        framsteg(i, len(args.ar), f"utjämningsår {ar}")
    if format_ == ".csv":
        import pandas as pd

        from ..excel.arbetsbok import skriv_csv
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


def kor_jamfor(args) -> int:
    from ..kallor.referensdata import orebro_lan_underlag
    from ..kallor.underlag import riket as medfoljande_riket
    from ..utjamning import jamfor_utjamning
    from ..excel.utskrift import skriv_jamforelse

    kontrollera_utfil(args.o)
    if args.indata:
        underlag, riket = las_tabell(args.indata), _riket_flaggor(args)
    else:
        underlag, riket = orebro_lan_underlag(args.ar), medfoljande_riket(args.ar)
    tabell = jamfor_utjamning(underlag, args.ar, args.reform, riket=riket)
    kalla = _kalla_text(args.indata or "medföljande SCB-data, Örebro län", tabell.attrs.get("riket"))
    skriv_tabell(tabell, args.o, lambda: skriv_jamforelse(tabell, args.ar, args.o, kalla=kalla))
    print(f"Antagande: {tabell.attrs['antagande']}")
    print(f"Skrev {args.o} ({len(tabell)} kommuner, lag mot {args.reform}).")
    if args.indata and tabell.attrs.get("riket"):
        print(f"Medelskattekraften räknad med rikstotaler: {tabell.attrs['riket']['kalla']}.")
    return 0


def kor_lss_1999(args) -> int:
    from ..lss_ds1999 import ds1999_tabell_g, ds1999_tabell_h, lss_ds1999_modell1
    from ..excel.utskrift import LSS1999_RUBRIKER, skriv_arbetsbok, spara_atomiskt

    kontrollera_utfil(args.o)
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

    skriv_tabell(res, args.o, xlsx)
    avvik = res["standardkostnad_skillnad"].abs()
    print(f"Skrev {args.o}: {len(res)} kommuner; standardkostnad inom ±20 kr/inv mot Tabell H för {int((avvik <= 20).sum())} av {int(avvik.notna().sum())}.")
    return 0
