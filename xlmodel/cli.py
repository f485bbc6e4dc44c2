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


def _las_indata(sokvag: str) -> pd.DataFrame:
    p = Path(sokvag)
    if not p.exists():
        raise XlmodelFel(f"Filen {sokvag} finns inte.")
    if p.suffix.lower() == ".csv":
        return pd.read_csv(p, dtype={"kommunkod": str}, sep=None, engine="python")
    if p.suffix.lower() in (".xlsx", ".xlsm"):
        return pd.read_excel(p, dtype={"kommunkod": str})
    raise XlmodelFel(f"Okänt filformat {p.suffix}: använd .csv eller .xlsx.")


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
