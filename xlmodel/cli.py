"""Kommandoraden ``xlmodel``. Hjälptexter på svenska; fel ger en rad på svenska och slutkod ≠ 0."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from . import __version__
from .fel import XlmodelFel


def _ar_intervall(text: str) -> list[int]:
    """"2026" → [2026]; "2005-2026" → [2005, ..., 2026]."""
    try:
        if "-" in text:
            a, b = (int(x) for x in text.split("-", 1))
            return list(range(a, b + 1))
        return [int(text)]
    except ValueError:
        raise argparse.ArgumentTypeError(f"ogiltigt år {text!r}: skriv t.ex. 2026 eller 2005-2026") from None


def _framsteg(i: int, n: int, text: str) -> None:
    """Enkel förloppsindikator på stderr för körningar över många år eller kommuner."""
    if n > 1:
        bredd = 30
        fyllt = int(bredd * i / n)
        print(f"\r[{'#' * fyllt}{'.' * (bredd - fyllt)}] {i}/{n} {text}", end="" if i < n else "\n", file=sys.stderr, flush=True)


def _tal_eller_text(v, sep: str):
    if not isinstance(v, str):
        return v
    t = v.strip().replace("\u00a0", "").replace(" ", "")
    if sep == ";":
        t = t.replace(",", ".")  # svensk CSV: decimalkomma
    try:
        return float(t) if t else None
    except ValueError:
        return v


def _las_indata(sokvag: str) -> pd.DataFrame:
    """En tabell ur csv eller xlsx (säker läsning, se ``dataimport``); rubrikrad först. Koder behålls som text."""
    from .dataimport import las_csv, las_xlsx

    p = Path(sokvag)
    if not p.exists():
        raise XlmodelFel(f"Filen {sokvag} finns inte.")
    if p.suffix.lower() == ".csv":
        rader, sep = las_csv(p)
    elif p.suffix.lower() in (".xlsx", ".xlsm"):
        rader, sep = las_xlsx(p), ""
    else:
        raise XlmodelFel(f"Okänt filformat {p.suffix}: använd .csv eller .xlsx.")
    rader = [r for r in rader if any(v not in (None, "") for v in r)]
    if len(rader) < 2:
        raise XlmodelFel(f"{p.name}: filen behöver en rubrikrad och minst en datarad.")
    rubrik = [str(h).strip().lower() for h in rader[0]]
    df = pd.DataFrame([[v if rubrik[j] in ("kommunkod", "lanskod") else _tal_eller_text(v, sep) for j, v in enumerate(r)]
                       for r in rader[1:]], columns=rubrik, dtype=object)
    return df


def kor_utjamning(args) -> int:
    from .referensdata import orebro_lan_riket, orebro_lan_underlag
    from .utjamning import kommunalekonomisk_utjamning
    from .utskrift import skriv_utjamning

    resultat = {}
    for i, ar in enumerate(args.ar, start=1):
        if args.indata:
            underlag = _las_indata(args.indata)
            riket = None
            if args.riket_skatteunderlag is not None or args.riket_folkmangd is not None:
                riket = {"skatteunderlag": args.riket_skatteunderlag, "folkmangd": args.riket_folkmangd}
        else:
            underlag, riket = orebro_lan_underlag(ar), orebro_lan_riket(ar)
        res = kommunalekonomisk_utjamning(underlag, ar, riket=riket, reform=args.reform)
        if "summa_tkr" in underlag.columns and not args.indata:
            res["scb_summa_tkr"] = underlag.set_index("kommunkod").loc[res.index, "summa_tkr"]
            res["scb_inkomstutjamning"] = underlag.set_index("kommunkod").loc[res.index, "inkomstutjamning"]
        resultat[ar] = res
        _framsteg(i, len(args.ar), f"utjämningsår {ar}")
    skriv_utjamning(resultat, args.o, reform=args.reform, kalla=args.indata or "medföljande SCB-data, Örebro län")
    print(f"Skrev {args.o} ({len(resultat)} år, {sum(len(r) for r in resultat.values())} kommunrader).")
    return 0


def _skriv_tabell(df: pd.DataFrame, sokvag: str, skriv_xlsx) -> None:
    """CSV (med skydd mot formelinjektion) eller xlsx efter filändelsen."""
    if sokvag.lower().endswith(".csv"):
        from .arbetsbok import skriv_csv
        skriv_csv(df.reset_index(), sokvag)
    elif sokvag.lower().endswith(".xlsx"):
        skriv_xlsx()
    else:
        raise XlmodelFel(f"Okänd filändelse för {sokvag}: använd .xlsx eller .csv.")


def kor_skatter_och_bidrag(args) -> int:
    from .mallar import SOB_PLANAR, bygg_skatter_och_bidrag
    from .skatter_och_bidrag import antaganden_ur_data, kommundata, skatter_och_bidrag

    data = kommundata(args.kommun)
    egna = {k: {args.ar + j: v for j in range(SOB_PLANAR + 1)} for k, v in
            (("lss_utjamning", args.lss_utjamning), ("fastighetsavgift", args.fastighetsavgift)) if v is not None}
    bygg_skatter_och_bidrag(args.o, data.attrs["kommunkod"], args.ar, args.prognos, data=data, egna=egna)
    block = skatter_och_bidrag(args.kommun, args.ar, antaganden_ur_data(data, {"prognos": args.prognos, "planar": SOB_PLANAR, **egna}))
    print(block.to_string(na_rep="–"))
    print(f"Skrev {args.o}.")
    return 0


def kor_uppdatera(args) -> int:
    from .arbetsbok import uppdatera_arbetsbok
    from .mallar import las_indata
    from .skatter_och_bidrag import antaganden_ur_data, skatter_och_bidrag

    indata = las_indata(args.arbetsbok)
    data = _las_indata(args.data)
    block = skatter_och_bidrag(indata["kommunkod"], indata["ar"], antaganden_ur_data(data, indata["antaganden"]), reform=indata["reform"])
    backup = uppdatera_arbetsbok(args.arbetsbok, {"Data": data, "Beräknat": block.reset_index()})
    print(f"Uppdaterade {args.arbetsbok} (indata orörda); säkerhetskopia: {backup}.")
    return 0


def kor_jamfor(args) -> int:
    from .referensdata import orebro_lan_riket, orebro_lan_underlag
    from .utjamning import jamfor_utjamning
    from .utskrift import skriv_jamforelse

    if args.indata:
        underlag, riket = _las_indata(args.indata), None
    else:
        underlag, riket = orebro_lan_underlag(args.ar), orebro_lan_riket(args.ar)
    tabell = jamfor_utjamning(underlag, args.ar, args.reform, riket=riket)
    _skriv_tabell(tabell, args.o, lambda: skriv_jamforelse(tabell, args.ar, args.o, kalla=args.indata or "medföljande SCB-data, Örebro län"))
    print(f"Skrev {args.o} ({len(tabell)} kommuner, lag mot {args.reform}).")
    return 0


def kor_lss_1999(args) -> int:
    from .lss_ds1999 import ds1999_tabell_g, ds1999_tabell_h, lss_ds1999_modell1
    from .utskrift import skriv_arbetsbok, spara_atomiskt

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
        spara_atomiskt(skriv_arbetsbok({"Tabell H": res}, args.o, {}, om), args.o)

    _skriv_tabell(res, args.o, xlsx)
    avvik = res["standardkostnad_skillnad"].abs()
    print(f"Skrev {args.o}: {len(res)} kommuner; standardkostnad inom ±20 kr/inv mot Tabell H för {int((avvik <= 20).sum())} av {int(avvik.notna().sum())}.")
    return 0


def kor_bygg_mallar(args) -> int:
    from .mallar import bygg_alla

    for i, p in enumerate(bygg_alla(args.mapp), start=1):
        print(f"[{i}] {p}")
    return 0


def bygg_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="xlmodel", description="Kommunalekonomisk utjämning och resursfördelning (xlmodel).")
    p.add_argument("--version", action="version", version=f"xlmodel {__version__}")
    sub = p.add_subparsers(dest="kommando", required=True, metavar="KOMMANDO")

    u = sub.add_parser("utjamning", aliases=["equalisation"], help="utjämning för alla kommuner i indata, till xlsx")
    u.add_argument("--ar", "--year", type=_ar_intervall, required=True, help="utjämningsår, t.ex. 2026 eller 2005-2026")
    u.add_argument("--indata", "--input", help="csv/xlsx med kommunkod, skatteunderlag, folkmangd (+ ev. givna delar i kr/inv); utan: medföljande Örebro län")
    u.add_argument("--riket-skatteunderlag", type=float, help="rikets skatteunderlag (kr) om indata inte täcker hela landet")
    u.add_argument("--riket-folkmangd", type=float, help="rikets folkmängd 1 nov året före")
    u.add_argument("--reform", help="reformöverlägg, t.ex. sou_2024_50")
    u.add_argument("-o", required=True, help="utfil (.xlsx)")
    u.set_defaults(kor=kor_utjamning)

    s = sub.add_parser("skatter-och-bidrag", aliases=["taxes-and-grants"], help="arbetsbok Skatter och bidrag för en kommun (medföljande data)")
    s.add_argument("--kommun", "--municipality", required=True, help="kommunkod, t.ex. 1880 (Örebro läns kommuner medföljer)")
    s.add_argument("--ar", "--year", type=int, required=True, help="budgetår (utjämningsår)")
    s.add_argument("--prognos", default="exempel_prognos_a", help="prognosfil för planåren (standard: exempel_prognos_a, påhittade tal)")
    s.add_argument("--lss-utjamning", type=float, help="LSS-utjämning i kr/inv (ingår inte i medföljande data); skrivs i Indata för alla år")
    s.add_argument("--fastighetsavgift", type=float, help="kommunal fastighetsavgift i kr (ingår inte i medföljande data); skrivs i Indata för alla år")
    s.add_argument("-o", required=True, help="utfil (.xlsx)")
    s.set_defaults(kor=kor_skatter_och_bidrag)

    j = sub.add_parser("jamfor", aliases=["compare"], help="lag mot reform per kommun, med skillnader")
    j.add_argument("--reform", required=True, help="reformöverlägg, t.ex. sou_2024_50")
    j.add_argument("--ar", "--year", type=int, required=True, help="utjämningsår")
    j.add_argument("--indata", "--input", help="csv/xlsx med kommunkod, skatteunderlag, folkmangd (utan: Örebro län)")
    j.add_argument("-o", required=True, help="utfil (.xlsx eller .csv)")
    j.set_defaults(kor=kor_jamfor)

    ls = sub.add_parser("lss-1999", help="återskapa Ds 1999:72 Tabell H ur Tabell G")
    ls.add_argument("-o", required=True, help="utfil (.xlsx eller .csv)")
    ls.set_defaults(kor=kor_lss_1999)

    b = sub.add_parser("bygg-mallar", aliases=["build-templates"], help="bygg mallarbetsböckerna")
    b.add_argument("--mapp", default="workbooks", help="mapp att skriva till (standard: workbooks)")
    b.set_defaults(kor=kor_bygg_mallar)

    up = sub.add_parser("uppdatera", aliases=["refresh"], help="byt data i en arbetsbok utan att röra användarens indata")
    up.add_argument("arbetsbok", help="arbetsboken (.xlsx) som skapats av xlmodel skatter-och-bidrag")
    up.add_argument("--data", required=True, help="nya data (csv/xlsx) i bladet Datas form: ar och kolumner per utjämningsår")
    up.set_defaults(kor=kor_uppdatera)
    return p


def main(argv: list[str] | None = None) -> int:
    args = bygg_parser().parse_args(argv)
    try:
        return args.kor(args)
    except XlmodelFel as e:
        print(f"xlmodel: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
